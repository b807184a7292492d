/* analysis.h: which runtime components a program needs, decided from its machine code.
 *
 * The program's objects are resolved against its libraries and musl's libc.a as lld would
 * (an undefined, non-weak reference extracts the archive member that defines it); then the
 * system-call sites in every object that will be linked select the components implementing
 * those calls, and symbol references select the components defining those symbols. Each
 * choice keeps the reference that caused it, so it can be explained as a chain back to the
 * program's own code. */
#ifndef UKCC_ANALYSIS_H
#define UKCC_ANALYSIS_H

#include <stdbool.h>
#include <stdio.h>

#include "components.h"
#include "objfile.h"

enum uk_why_kind {
	UK_WHY_ROOT,     /* defines the image's entry point */
	UK_WHY_SYSCALL,  /* implements a system call the program can make */
	UK_WHY_SYMBOL,   /* defines (or wraps) a symbol the program references */
	UK_WHY_REQUIRED, /* another selected component requires it */
	UK_WHY_INCLUDED, /* the manifest's runtime.include */
	UK_WHY_FILES,    /* the manifest embeds files: the component unpacking them */
	UK_WHY_HOSTFD,   /* cc mode: the program seeks or stats descriptors, which may be host files */
	UK_WHY_CCMODE,   /* cc mode: programs run under ukcc run, whose console takes bulk output */
};

struct uk_why {
	enum uk_why_kind kind;
	const char *what; /* system call, symbol, or requiring component */
	long obj;         /* the object making the call or reference, or -1 */
	const char *from; /* the function in it */
};

struct uk_finding { /* a system call nothing implements, or a site with an unknown number */
	long nr;
	long obj;
	const char *from;
};

struct uk_analysis_input {
	struct uk_strv objects;   /* program objects and archives, in link order */
	const struct uk_strv *whole; /* those archives whose every member is a program object */
	struct uk_strv displays;  /* how reports name each of them ("" : its path) */
	struct uk_strv libraries; /* archives searched after them: -l libraries, then libc.a */
	const char *libc;         /* musl's libc.a (its system-call scan is cached) */
	const char *runtime_dir;  /* <libdir>/runtime: NAME.json and NAME.o */
	const struct uk_strv *include, *exclude;
	bool files;               /* the image embeds files: select the component unpacking them */
	bool host_stdio;          /* cc mode: fds 0-2 may be the host's files (ukcc.fd=), which the
				     file system serves: a program that seeks or stats gets it */
	bool bulk_console;        /* cc mode: link vconsole, so output leaves at virtio speed */
};

struct uk_analysis {
	struct uk_components comps;
	bool *selected;             /* per component */
	struct uk_why *why;         /* per component */
	struct uk_object *objs;     /* everything the link will contain, program objects first */
	size_t nobjs, nprogram;
	struct uk_finding *unsupported, *dynamic;
	size_t nunsupported, ndynamic;
	struct uk_strv undefined;   /* "SYMBOL\tOBJECT-INDEX\tFROM": nothing defines them */
};

/* Returns 0, or UK_EXIT_FAIL with errors printed (unreadable or foreign objects, duplicate
 * definitions of runtime symbols, a needed component excluded). */
int uk_analyse(const struct uk_analysis_input *in, struct uk_analysis *a);
void uk_analysis_free(struct uk_analysis *a);

/* "name <- from (object) <- caller (object) ... <- main (main.c)". */
void uk_analysis_chain(const struct uk_analysis *a, const char *head, long obj, const char *from,
		       struct uk_buf *out);
/* The selected component names, in name order, for the link and the image note. */
void uk_analysis_selected(const struct uk_analysis *a, struct uk_strv *names);
/* The symbols to pass to ld.lld --wrap (declared by selected components). */
void uk_analysis_wraps(const struct uk_analysis *a, struct uk_strv *syms);

/* The report `ukcc deps` prints, and its JSON form (written next to every image). */
void uk_analysis_print(const struct uk_analysis *a, FILE *f);
char *uk_analysis_json(const struct uk_analysis *a);
/* Warnings (or errors when strict) for unsupported system calls. Returns their number. */
size_t uk_analysis_warn(const struct uk_analysis *a, bool strict);

#endif
