/* manifest.h: unikernel.json, schema v1, loaded and validated. Paths are resolved against the
 * manifest's directory; globs in "sources" are expanded (sorted, so builds are deterministic). */
#ifndef UKCC_MANIFEST_H
#define UKCC_MANIFEST_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

struct uk_manifest {
	char *path;                /* the manifest file as given */
	char *dir;                 /* its directory */
	char *name;                /* "name": image name, also argv[0] */
	struct uk_strv sources;    /* "sources": resolved paths, globs expanded */
	struct uk_strv include_dirs; /* "include_dirs": resolved paths */
	struct uk_strv defines;    /* "defines": "NAME" or "NAME=VALUE" */
	struct uk_strv cflags;     /* "cflags" */
	struct uk_strv ldflags;    /* "ldflags" */
	struct uk_strv libs;       /* "libs": "m" for -lm */
	struct uk_strv args;       /* "args": argv[1..] */
	struct uk_strv env;        /* "env": object, stored as "KEY=VALUE" in key order */
	uint64_t memory;           /* "memory": bytes ("64M"); 0 when absent */
	char *output;              /* "output": resolved; default "<dir>/<name>.img" */
	struct uk_strv rt_include; /* "runtime": {"include": [...]} */
	struct uk_strv rt_exclude; /* "runtime": {"exclude": [...]} */
	bool strict;               /* "runtime": {"strict": true} */
	struct uk_strv files_host; /* "files": [{"host", "guest"}], host resolved, in order */
	struct uk_strv files_guest;
	char *ramfs_size;          /* "ramfs_size": "N%" or a byte count; NULL when absent */
};

/* Loads and validates. On any problem prints every error found as
 * "file:line:col: .json.path: message" and returns UK_EXIT_USAGE; 0 on success. */
int uk_manifest_load(const char *path, struct uk_manifest *m);
/* The same for link-time settings only (cc mode): "name" and "sources" may be absent. */
int uk_manifest_load_settings(const char *path, struct uk_manifest *m);
void uk_manifest_free(struct uk_manifest *m);

/* "512K", "64M", "1G", "65536" (bytes; K/M/G/T, optional "iB"/"B" suffix, binary units).
 * Returns 0 and stores bytes, or -1 if malformed or overflowing. */
int uk_parse_size(const char *s, uint64_t *out);

#endif
