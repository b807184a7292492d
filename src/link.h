/* link.h: objects + musl + runtime components -> one PVH-bootable ELF64 image. */
#ifndef UKCC_LINK_H
#define UKCC_LINK_H

#include <stdbool.h>
#include <stdint.h>

#include "toolchain.h"
#include "util.h"

struct uk_link {
	struct uk_strv objects;    /* program objects and archives, in command-line order */
	struct uk_strv whole;      /* those archives linked whole (--whole-archive): every member */
	struct uk_strv libs;       /* "m" links -lm */
	struct uk_strv libdirs;    /* extra -L directories */
	struct uk_strv ldflags;    /* passed to ld.lld as they are */
	struct uk_strv components; /* runtime components to link (the analysis chooses them) */
	struct uk_strv wraps;      /* symbols the components take over: ld.lld --wrap=SYM */
	struct uk_strv argv;       /* the image's default argv, argv[0] included */
	struct uk_strv env;        /* its default environment, "KEY=VALUE" */
	uint64_t memory;           /* default guest memory recorded in the image; 0: none */
	struct uk_buf files;       /* the embedded-files blob (uk/abi.h); empty: none */
	char *ramfs_size;          /* the root file system's default limit ("50%", bytes); NULL */
	const char *interp;        /* PT_INTERP: the launcher Linux runs for `./image`; NULL: none */
	bool executable;           /* mode 0777 & ~umask, as a C compiler's output */
	const char *output;
};

/* Links, appends the function-name table for crash reports, and publishes the image
 * atomically (an output that is not a regular file, such as /dev/null, is written into, not
 * replaced). Returns 0 or UK_EXIT_FAIL; nothing is left on failure. */
int uk_link_image(const struct uk_toolchain *tc, const struct uk_link *l);
/* -lNAME: lib<NAME>.a in each -L directory, then musl's; else a lib<NAME>.so that ukcc -shared
 * wrote (a relocatable object, linked whole), which *object says. NULL if neither. */
char *uk_link_find_library(const struct uk_toolchain *tc, const struct uk_link *l, const char *name,
			   bool *object);
void uk_link_free(struct uk_link *l);

#endif
