/* toolchain.h: the external tools and files ukcc drives, found once per run. A missing one
 * is reported with the Debian package that provides it. */
#ifndef UKCC_TOOLCHAIN_H
#define UKCC_TOOLCHAIN_H

struct uk_toolchain {
	const char *clang;     /* $UKCC_CLANG or clang on PATH */
	const char *lld;       /* $UKCC_LLD or ld.lld on PATH */
	const char *musl_inc;  /* musl's headers */
	const char *musl_lib;  /* crt1.o, crti.o, crtn.o, libc.a */
	const char *libdir;    /* ukcc's runtime objects and linker script */
};

/* Fills tc; on a missing tool prints "ukcc: TOOL not found: install the Debian package PKG"
 * and returns -1. */
int uk_toolchain_find(struct uk_toolchain *tc);

/* Searches PATH for an executable; returns a malloc'd path or NULL. */
char *uk_find_in_path(const char *name);

#endif
