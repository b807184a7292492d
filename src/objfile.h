/* objfile.h: what the analysis needs from a relocatable object: the symbols it defines, the
 * symbols it references (and from which function), its system-call sites. Archives are read
 * through their symbol index, member by member, as a linker extracts them. */
#ifndef UKCC_OBJFILE_H
#define UKCC_OBJFILE_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>

#include "strmap.h"
#include "sysscan.h"
#include "util.h"

struct uk_ref {
	const char *sym;
	const char *from; /* the function (or data object) holding the reference, or NULL */
	bool weak;        /* weak references do not pull archive members */
};

struct uk_site {
	long nr;          /* the system call, or -1 if its number is not known at build time */
	int via;          /* enum uk_site_via */
	const char *from; /* the function making it */
};

struct uk_object {
	char *display;            /* as reports name it: "main.c" or "libc: printf.lo" */
	char *member;             /* archive member name, or NULL */
	struct uk_strv defs;      /* global and weak definitions */
	struct uk_ref *refs;
	size_t nrefs;
	struct uk_strv names;     /* owns the strings refs point to */
	struct uk_site *sites;
	size_t nsites;
	bool runtime;             /* a runtime component's object */
	/* Filled in by the analysis: which reference linked this object. */
	long why;                 /* index of the referencing object; -1: given on the command line */
	const char *why_sym, *why_from;
};

struct uk_archive {
	char *path;
	int fd;
	Elf *elf;
	struct uk_strmap index;   /* symbol -> member offset + 1 */
};

/* Reads an ELF relocatable object's symbols and references. Checks that it is an x86-64
 * ELF64 relocatable; otherwise reports "FILE: why" and returns -1. */
int uk_object_read(Elf *e, const char *file, struct uk_object *o);
void uk_object_free(struct uk_object *o);
/* Scans the object's machine code for system-call sites (see sysscan.h) into o->sites. */
int uk_object_scan(Elf *e, const char *file, struct uk_object *o);

int uk_archive_open(const char *path, struct uk_archive *a);
/* The member holding the definition of sym, opened; NULL if the index has none. The caller
 * elf_end()s it. name receives the member's name, off its header's offset in the archive
 * (names need not be unique: musl's libc.a has two free.lo). */
Elf *uk_archive_fetch(struct uk_archive *a, const char *sym, const char **name, size_t *off);
void uk_archive_close(struct uk_archive *a);

/* Opens a file that may be an object or an archive: kind is ELF_K_ELF or ELF_K_AR. */
Elf *uk_elf_open(const char *path, int *fd);

#endif
