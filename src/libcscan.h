/* libcscan.h: the system-call sites of every member of musl's libc.a, scanned once per
 * archive content and cached, so warm builds never decode libc again. */
#ifndef UKCC_LIBCSCAN_H
#define UKCC_LIBCSCAN_H

#include "objfile.h"

struct uk_libc_scan;

/* Loads the cache for this archive's content, or scans the archive and writes the cache
 * ($UKCC_CACHE_DIR, else $XDG_CACHE_HOME/ukcc, else ~/.cache/ukcc). Concurrent ukcc
 * processes are safe: each writes a private file and renames it into place. NULL on error. */
struct uk_libc_scan *uk_libc_scan_open(const char *libc);
/* Adds the sites of the member whose header is at offset off to o (its names own the
 * strings). */
void uk_libc_scan_sites(struct uk_libc_scan *s, size_t off, struct uk_object *o);
void uk_libc_scan_close(struct uk_libc_scan *s);

/* The cache file used for an archive (for tests and `ukcc -v`). */
char *uk_libc_scan_cache_path(const char *libc);

#endif
