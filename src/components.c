/* components.c: loads and checks runtime component declarations (cJSON). */
#include "components.h"

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <gelf.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "syscalls.h"

static const char *const classes[] = {"early", "platform", "device", "fs", "net", "late"};

int uk_init_class_number(const char *klass)
{
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
		if (!strcmp(classes[i], klass))
			return (int)i + 1;
	return -1;
}

static int strings(const char *file, cJSON *root, const char *key, struct uk_strv *out)
{
	cJSON *a = cJSON_GetObjectItemCaseSensitive(root, key), *it;
	if (!a)
		return 0;
	if (!cJSON_IsArray(a)) {
		uk_error("%s: \"%s\" must be an array of strings", file, key);
		return -1;
	}
	cJSON_ArrayForEach(it, a)
	{
		if (!cJSON_IsString(it)) {
			uk_error("%s: \"%s\" must be an array of strings", file, key);
			return -1;
		}
		uk_strv_push(out, it->valuestring);
	}
	return 0;
}

static char *string(const char *file, cJSON *root, const char *key, bool required, int *bad)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
	if (cJSON_IsString(v))
		return uk_xstrdup(v->valuestring);
	if (v ? !cJSON_IsNull(v) : required) {
		uk_error("%s: \"%s\" must be a string", file, key);
		*bad = 1;
	}
	return NULL;
}

static int load_one(const char *file, struct uk_component *c)
{
	char *text = uk_read_file(file, NULL);
	if (!text) {
		uk_error("cannot read %s:", file);
		return -1;
	}
	cJSON *root = cJSON_Parse(text);
	free(text);
	if (!cJSON_IsObject(root)) {
		uk_error("%s: not a JSON object", file);
		cJSON_Delete(root);
		return -1;
	}
	int bad = 0;
	c->name = string(file, root, "name", true, &bad);
	c->summary = string(file, root, "summary", false, &bad);
	c->klass = string(file, root, "class", true, &bad);
	c->init = string(file, root, "init", false, &bad);
	if (strings(file, root, "requires", &c->requires) || strings(file, root, "syscalls", &c->syscalls) ||
	    strings(file, root, "symbols", &c->symbols) || strings(file, root, "wraps", &c->wraps) ||
	    strings(file, root, "serves", &c->serves) || strings(file, root, "replaceable", &c->replaceable))
		bad = 1;
	if (c->klass && uk_init_class_number(c->klass) < 0) {
		uk_error("%s: unknown init class \"%s\"", file, c->klass);
		bad = 1;
	}
	const struct uk_strv *calls[] = {&c->syscalls, &c->serves};
	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < calls[k]->n; i++)
			if (uk_syscall_number(calls[k]->v[i]) < 0) {
				uk_error("%s: \"%s\" is not a Linux x86-64 system call", file, calls[k]->v[i]);
				bad = 1;
			}
	cJSON_Delete(root);
	return bad ? -1 : 0;
}

int uk_components_load(const char *dir, struct uk_components *out)
{
	char *pattern = uk_xasprintf("%s/*.json", dir);
	glob_t g;
	int r = glob(pattern, 0, NULL, &g);
	free(pattern);
	if (r) {
		uk_error("no runtime components in %s", dir);
		return -1;
	}
	out->v = uk_xcalloc(g.gl_pathc, sizeof *out->v);
	out->n = g.gl_pathc;
	int bad = 0;
	for (size_t i = 0; i < g.gl_pathc; i++)
		if (load_one(g.gl_pathv[i], &out->v[i]) < 0)
			bad = 1;
	globfree(&g);
	return bad ? -1 : 0;
}

void uk_components_free(struct uk_components *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		struct uk_component *c = &cs->v[i];
		free(c->name);
		free(c->summary);
		free(c->klass);
		free(c->init);
		uk_strv_free(&c->requires);
		uk_strv_free(&c->syscalls);
		uk_strv_free(&c->symbols);
		uk_strv_free(&c->wraps);
		uk_strv_free(&c->serves);
		uk_strv_free(&c->replaceable);
	}
	free(cs->v);
	*cs = (struct uk_components){0};
}

struct uk_component *uk_component_find(const struct uk_components *cs, const char *name)
{
	for (size_t i = 0; i < cs->n; i++)
		if (cs->v[i].name && !strcmp(cs->v[i].name, name))
			return &cs->v[i];
	return NULL;
}


struct uk_component *uk_component_for_syscall(const struct uk_components *cs, long nr)
{
	const char *name = uk_syscall_name(nr);
	for (size_t i = 0; name && i < cs->n; i++)
		if (uk_strv_has(&cs->v[i].syscalls, name))
			return &cs->v[i];
	return NULL;
}

struct uk_component *uk_component_for_symbol(const struct uk_components *cs, const char *sym)
{
	for (size_t i = 0; i < cs->n; i++)
		if (uk_strv_has(&cs->v[i].symbols, sym) || uk_strv_has(&cs->v[i].wraps, sym))
			return &cs->v[i];
	return NULL;
}

/* ---- the build-time check of declarations against objects ---- */

struct facts {
	struct uk_strv defined;  /* global symbols */
	long *syscalls;          /* numbers in its .uk_syscalls entries */
	size_t nsyscalls;
	struct uk_strv inits;    /* .uk_init.<class>.<prio> section names */
};

static int read_facts(const char *path, struct facts *f)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	size_t shstrndx;
	if (!e || elf_kind(e) != ELF_K_ELF || elf_getshdrstrndx(e, &shstrndx)) {
		if (e)
			elf_end(e);
		close(fd);
		return -1;
	}
	Elf_Scn *s = NULL;
	while ((s = elf_nextscn(e, s))) {
		GElf_Shdr sh;
		gelf_getshdr(s, &sh);
		const char *name = elf_strptr(e, shstrndx, sh.sh_name);
		Elf_Data *d = elf_getdata(s, NULL);
		if (name && !strcmp(name, ".uk_syscalls") && d) {
			/* struct uk_syscall {long nr; fn; name}: the number is plain data. */
			size_t n = d->d_size / 24;
			f->syscalls = uk_xcalloc(n, sizeof *f->syscalls);
			for (size_t i = 0; i < n; i++)
				memcpy(&f->syscalls[f->nsyscalls++], (char *)d->d_buf + i * 24, 8);
		} else if (name && !strncmp(name, ".uk_init.", 9)) {
			uk_strv_push(&f->inits, name);
		} else if (sh.sh_type == SHT_SYMTAB && d) {
			for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
				GElf_Sym sym;
				gelf_getsym(d, (int)i, &sym);
				if (sym.st_shndx != SHN_UNDEF && GELF_ST_BIND(sym.st_info) != STB_LOCAL)
					uk_strv_push(&f->defined, elf_strptr(e, sh.sh_link, sym.st_name));
			}
		}
	}
	elf_end(e);
	close(fd);
	return 0;
}

#define PROBLEM(...) (uk_error(__VA_ARGS__), problems++)

static int check_one(const char *dir, const struct uk_components *cs, const struct uk_component *c)
{
	int problems = 0;
	char *obj = uk_xasprintf("%s/%s.o", dir, c->name);
	struct facts f = {0};
	if (read_facts(obj, &f) < 0) {
		PROBLEM("component %s: cannot read its object %s", c->name, obj);
		free(obj);
		return problems;
	}
	for (size_t i = 0; i < c->symbols.n; i++)
		if (!uk_strv_has(&f.defined, c->symbols.v[i]))
			PROBLEM("component %s: declares symbol %s, which its object does not define", c->name, c->symbols.v[i]);
	for (size_t i = 0; i < c->wraps.n; i++) {
		char *w = uk_xasprintf("__wrap_%s", c->wraps.v[i]);
		if (!uk_strv_has(&f.defined, w))
			PROBLEM("component %s: wraps %s but does not define %s", c->name, c->wraps.v[i], w);
		free(w);
	}
	for (size_t i = 0; i < c->syscalls.n; i++) {
		long nr = uk_syscall_number(c->syscalls.v[i]);
		bool found = false;
		for (size_t j = 0; j < f.nsyscalls; j++)
			found |= f.syscalls[j] == nr;
		if (!found)
			PROBLEM("component %s: declares system call %s, which it does not implement (no UK_SYSCALL)", c->name, c->syscalls.v[i]);
	}
	for (size_t j = 0; j < f.nsyscalls; j++) {
		const char *name = uk_syscall_name(f.syscalls[j]);
		if (!name || !uk_strv_has(&c->syscalls, name))
			PROBLEM("component %s: implements system call %s (%ld) without declaring it", c->name, name ? name : "?", f.syscalls[j]);
	}
	for (size_t i = 0; i < c->replaceable.n; i++)
		if (!uk_strv_has(&c->symbols, c->replaceable.v[i]))
			PROBLEM("component %s: replaceable symbol %s is not one of its symbols", c->name, c->replaceable.v[i]);
	for (size_t i = 0; i < c->serves.n; i++)
		if (!uk_component_for_syscall(cs, uk_syscall_number(c->serves.v[i])))
			PROBLEM("component %s: serves system call %s, which no component implements", c->name, c->serves.v[i]);
	for (size_t i = 0; i < c->requires.n; i++)
		if (!uk_component_find(cs, c->requires.v[i]))
			PROBLEM("component %s: requires unknown component %s", c->name, c->requires.v[i]);
	if (c->init && !f.inits.n)
		PROBLEM("component %s: declares initialiser %s but registers none (UK_INITCALL)", c->name, c->init);
	if (!c->init && f.inits.n)
		PROBLEM("component %s: registers an initialiser (%s) but declares none", c->name, f.inits.v[0]);
	for (size_t i = 0; i < f.inits.n; i++) {
		int cls = atoi(f.inits.v[i] + 9);
		if (cls != uk_init_class_number(c->klass))
			PROBLEM("component %s: declares class %s but registers its initialiser in class %d", c->name, c->klass, cls);
	}
	uk_strv_free(&f.defined);
	uk_strv_free(&f.inits);
	free(f.syscalls);
	free(obj);
	return problems;
}

int uk_components_check(const char *dir)
{
	elf_version(EV_CURRENT);
	struct uk_components cs = {0};
	if (uk_components_load(dir, &cs) < 0) {
		uk_components_free(&cs);
		return 1;
	}
	int problems = 0;
	for (size_t i = 0; i < cs.n; i++)
		problems += check_one(dir, &cs, &cs.v[i]);
	/* A system call has one implementation in an image: two claims cannot both be linked. */
	for (size_t i = 0; i < cs.n; i++)
		for (size_t j = i + 1; j < cs.n; j++)
			for (size_t k = 0; k < cs.v[i].syscalls.n; k++)
				if (uk_strv_has(&cs.v[j].syscalls, cs.v[i].syscalls.v[k]))
					PROBLEM("component %s: system call %s is also claimed by component %s",
						cs.v[j].name, cs.v[i].syscalls.v[k], cs.v[i].name);
	uk_components_free(&cs);
	return problems;
}
