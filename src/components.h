/* components.h: the runtime components' declarations (runtime/<name>/component.json,
 * installed as <libdir>/runtime/<name>.json): what each provides and requires. */
#ifndef UKCC_COMPONENTS_H
#define UKCC_COMPONENTS_H

#include <stdbool.h>

#include "util.h"

struct uk_component {
	char *name;
	char *summary;
	char *klass;            /* init class: early, platform, device, fs, net, late */
	char *init;             /* its initialiser, or NULL if it has none */
	struct uk_strv requires; /* other components it cannot work without */
	struct uk_strv syscalls; /* Linux system calls it implements, by name */
	struct uk_strv symbols;  /* symbols it defines for the program or for the link */
	struct uk_strv wraps;    /* symbols whose references it takes over (ld --wrap) */
	struct uk_strv replaceable; /* its symbols a program may define itself, as it may a
				       libc's (malloc): the program's definition wins */
	struct uk_strv serves;   /* other components' system calls it makes better: it is linked
				    whenever one of them is (ttyin: read waits for console input
				    by interrupt) */
};

struct uk_components {
	struct uk_component *v;
	size_t n;
};

/* Loads every <dir>/NAME.json, sorted by name. Returns 0, or -1 with errors printed. */
int uk_components_load(const char *dir, struct uk_components *out);
void uk_components_free(struct uk_components *c);
struct uk_component *uk_component_find(const struct uk_components *c, const char *name);
/* The component implementing a system call (by number) or defining/wrapping a symbol. */
struct uk_component *uk_component_for_syscall(const struct uk_components *c, long nr);
struct uk_component *uk_component_for_symbol(const struct uk_components *c, const char *sym);

/* `make` runs this: each declaration against its compiled object <dir>/<name>.o. Reports
 * every mismatch naming the component; returns the number of problems. */
int uk_components_check(const char *dir);

/* Init classes in boot order, as numbered in runtime/include/uk/init.h. */
int uk_init_class_number(const char *klass);

#endif
