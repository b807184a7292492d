/* manifest.c: loads unikernel.json (schema v1), checks every field and reports every problem. */
#include "manifest.h"

#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json.h"

#define SCHEMA_VERSION 1
#define MIN_MEMORY (1ull << 20)

/* One finished message. They are sorted by position before printing, so the report reads
 * top to bottom however the checks happen to be ordered. */
struct diag {
	struct uk_json_pos pos;
	size_t seq;
	char *text;
};

struct loader {
	const char *file;
	struct uk_manifest *m;
	struct diag *diags;
	size_t ndiags;
	bool settings; /* cc mode: no required keys */
};

static void report(struct loader *ld, struct uk_json_pos pos, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void report(struct loader *ld, struct uk_json_pos pos, const char *path, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		uk_fatal(UK_EXIT_FAIL, "out of memory");
	va_end(ap);
	ld->diags = uk_xrealloc(ld->diags, (ld->ndiags + 1) * sizeof *ld->diags);
	ld->diags[ld->ndiags] = (struct diag){pos, ld->ndiags,
		uk_xasprintf("%s:%d:%d: %s: %s", ld->file, pos.line, pos.col, uk_json_path_show(path), msg)};
	ld->ndiags++;
	free(msg);
}

static int diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	if (x->pos.line != y->pos.line)
		return x->pos.line < y->pos.line ? -1 : 1;
	if (x->pos.col != y->pos.col)
		return x->pos.col < y->pos.col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void flush_diags(struct loader *ld)
{
	if (ld->ndiags)
		qsort(ld->diags, ld->ndiags, sizeof *ld->diags, diag_cmp);
	for (size_t i = 0; i < ld->ndiags; i++) {
		fprintf(stderr, "%s\n", ld->diags[i].text);
		free(ld->diags[i].text);
	}
	free(ld->diags);
	ld->diags = NULL;
}

static bool expect_type(struct loader *ld, const struct uk_json *v, const char *path,
                        enum uk_json_type t, const char *what)
{
	if (v->type == t)
		return true;
	report(ld, v->pos, path, "expected %s, found %s", what, uk_json_type_name(v->type));
	return false;
}

/* ---- paths on disk ---- */

/* Relative paths are relative to the manifest's directory; "." adds nothing, so a manifest
 * in the current directory yields the paths exactly as written. */
static char *resolve(const struct loader *ld, const char *p)
{
	if (p[0] == '/' || !strcmp(ld->m->dir, "."))
		return uk_xstrdup(p);
	return uk_xasprintf("%s%s%s", ld->m->dir, strcmp(ld->m->dir, "/") ? "/" : "", p);
}

/* The manifest's directory as a glob prefix: its own metacharacters must match literally. */
static char *glob_pattern(const struct loader *ld, const char *p)
{
	if (p[0] == '/' || !strcmp(ld->m->dir, "."))
		return uk_xstrdup(p);
	struct uk_buf b = {0};
	for (const char *d = ld->m->dir; *d; d++) {
		if (strchr("*?[]\\", *d))
			uk_buf_add(&b, "\\", 1);
		uk_buf_add(&b, d, 1);
	}
	uk_buf_addf(&b, "%s%s", strcmp(ld->m->dir, "/") ? "/" : "", p);
	return b.p;
}

/* A note for messages about a relative path when it does not mean what it says from here. */
static char *where(const char *written, const char *resolved)
{
	if (!strcmp(written, resolved))
		return uk_xstrdup("");
	return uk_xasprintf(" (looked for %s)", resolved);
}

static void push_unique(struct uk_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return; /* "main.c" next to "*.c" must not compile main.c twice */
	uk_strv_push(sv, s);
}

/* ---- array-of-strings fields ---- */

/* Checks one non-empty string element and stores what it stands for. */
typedef void add_fn(struct loader *ld, const struct uk_json *v, const char *path, struct uk_strv *out);

static void add_plain(struct loader *ld, const struct uk_json *v, const char *path, struct uk_strv *out)
{
	(void)ld, (void)path;
	uk_strv_push(out, v->s);
}

static void add_glob(struct loader *ld, const struct uk_json *v, const char *path, struct uk_strv *out)
{
	char *pat = glob_pattern(ld, v->s);
	glob_t g;
	size_t before = out->n;
	/* GLOB_MARK flags directories with a trailing '/' so they can be skipped. */
	int rc = glob(pat, GLOB_MARK, NULL, &g);
	if (rc == GLOB_NOSPACE)
		uk_fatal(UK_EXIT_FAIL, "out of memory");
	if (rc == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++) {
			size_t n = strlen(g.gl_pathv[i]);
			if (n && g.gl_pathv[i][n - 1] != '/')
				push_unique(out, g.gl_pathv[i]);
		}
		globfree(&g);
	}
	if (rc == GLOB_ABORTED)
		report(ld, v->pos, path, "cannot read a directory while matching \"%s\"", v->s);
	else if (rc != 0 || out->n == before)
		report(ld, v->pos, path, "no file matches \"%s\"", v->s);
	free(pat);
}

/* Resolves a path value against the manifest and stats it. Returns the resolved path (the
 * caller frees it), or NULL after reporting why it cannot be had; kind prefixes the
 * "does not exist" message ("directory " for include_dirs). */
static char *stat_value(struct loader *ld, const struct uk_json *v, const char *path, const char *kind,
			struct stat *st)
{
	char *p = resolve(ld, v->s), *note = where(v->s, p);
	if (stat(p, st) != 0) {
		if (errno == ENOENT)
			report(ld, v->pos, path, "%s\"%s\" does not exist%s", kind, v->s, note);
		else
			report(ld, v->pos, path, "cannot access \"%s\"%s: %s", v->s, note, strerror(errno));
		free(p);
		p = NULL;
	}
	free(note);
	return p;
}

static void add_source(struct loader *ld, const struct uk_json *v, const char *path, struct uk_strv *out)
{
	if (strpbrk(v->s, "*?[")) {
		add_glob(ld, v, path, out);
		return;
	}
	struct stat st;
	char *p = stat_value(ld, v, path, "", &st);
	if (p && S_ISDIR(st.st_mode))
		report(ld, v->pos, path, "\"%s\" is a directory, not a source file", v->s);
	else if (p)
		push_unique(out, p);
	free(p);
}

static void add_dir(struct loader *ld, const struct uk_json *v, const char *path, struct uk_strv *out)
{
	struct stat st;
	char *p = stat_value(ld, v, path, "directory ", &st);
	if (p && !S_ISDIR(st.st_mode))
		report(ld, v->pos, path, "\"%s\" is not a directory", v->s);
	else if (p)
		uk_strv_push(out, p);
	free(p);
}

static bool is_c_ident(const char *s, size_t n)
{
	if (n == 0 || isdigit((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

static void add_define(struct loader *ld, const struct uk_json *v, const char *path, struct uk_strv *out)
{
	if (!is_c_ident(v->s, strcspn(v->s, "=")))
		report(ld, v->pos, path, "invalid define \"%s\": expected \"NAME\" or \"NAME=VALUE\" "
		       "with NAME a C identifier", v->s);
	else
		uk_strv_push(out, v->s);
}

static void add_lib(struct loader *ld, const struct uk_json *v, const char *path, struct uk_strv *out)
{
	if (!strncmp(v->s, "-l", 2))
		report(ld, v->pos, path, "write \"%s\", not \"%s\": ukcc adds the -l", v->s + 2, v->s);
	else if (v->s[0] == '-')
		report(ld, v->pos, path, "\"%s\" is not a library name; put linker options in \"ldflags\"",
		       v->s);
	else
		uk_strv_push(out, v->s);
}

/* ---- the schema ---- */

struct field;
typedef void load_fn(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f);

struct field {
	const char *key;
	load_fn *load;
	size_t list;        /* array fields: offsetof the uk_strv in struct uk_manifest */
	add_fn *add;        /* array fields: how each element is checked and stored */
	bool allow_empty;   /* array fields: "" is a valid element (argv may hold one) */
	bool required;      /* must be present and, for arrays, non-empty */
};

static void load_list(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f)
{
	if (!expect_type(ld, v, path, UK_JSON_ARRAY, "an array of strings"))
		return;
	if (f->required && v->nkids == 0)
		report(ld, v->pos, path, "must not be empty");
	struct uk_strv *out = (struct uk_strv *)((char *)ld->m + f->list);
	for (size_t i = 0; i < v->nkids; i++) {
		const struct uk_json *e = &v->kids[i];
		char *epath = uk_json_path_index(path, i);
		if (expect_type(ld, e, epath, UK_JSON_STRING, "a string")) {
			if (!*e->s && !f->allow_empty)
				report(ld, e->pos, epath, "must not be an empty string");
			else
				f->add(ld, e, epath, out);
		}
		free(epath);
	}
}

static void load_version(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f)
{
	(void)f;
	if (v->type != UK_JSON_NUMBER)
		report(ld, v->pos, path, "expected the schema version as an integer, found %s; supported: %d",
		       uk_json_type_name(v->type), SCHEMA_VERSION);
	else if (strcmp(v->s, "1"))
		report(ld, v->pos, path, "unsupported schema version %s; supported: %d", v->s,
		       SCHEMA_VERSION);
}

static void load_name(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f)
{
	(void)f;
	if (!expect_type(ld, v, path, UK_JSON_STRING, "a string"))
		return;
	size_t n = strspn(v->s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");
	if (!*v->s)
		report(ld, v->pos, path, "must not be empty");
	else if (v->s[n])
		report(ld, v->pos, path, "invalid name \"%s\": use only letters, digits, '.', '_' and '-'",
		       v->s);
	else
		ld->m->name = uk_xstrdup(v->s);
}

static void load_env(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f);
static void load_memory(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f);
static void load_output(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f);
static void load_runtime(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f);
static void load_strict(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f);
static void load_files(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f);
static void load_ramfs_size(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f);

#define LIST(k, member, fn) {k, load_list, offsetof(struct uk_manifest, member), fn, false, false}

static const struct field top_fields[] = {
	{"ukcc", load_version, 0, NULL, false, false},
	{"name", load_name, 0, NULL, false, true},
	{"sources", load_list, offsetof(struct uk_manifest, sources), add_source, false, true},
	LIST("include_dirs", include_dirs, add_dir),
	LIST("defines", defines, add_define),
	LIST("cflags", cflags, add_plain),
	LIST("ldflags", ldflags, add_plain),
	LIST("libs", libs, add_lib),
	{"args", load_list, offsetof(struct uk_manifest, args), add_plain, true, false},
	{"env", load_env, 0, NULL, false, false},
	{"memory", load_memory, 0, NULL, false, false},
	{"output", load_output, 0, NULL, false, false},
	{"runtime", load_runtime, 0, NULL, false, false},
	{"files", load_files, 0, NULL, false, false},
	{"ramfs_size", load_ramfs_size, 0, NULL, false, false},
	{NULL, NULL, 0, NULL, false, false},
};

static const struct field runtime_fields[] = {
	LIST("include", rt_include, add_plain),
	LIST("exclude", rt_exclude, add_plain),
	{"strict", load_strict, 0, NULL, false, false},
	{NULL, NULL, 0, NULL, false, false},
};

/* ---- objects ---- */

/* Optimal string alignment distance (Levenshtein plus adjacent swaps), for "did you mean". */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *d = uk_xcalloc((la + 1) * (lb + 1), sizeof *d);
#define D(i, j) d[(i) * (lb + 1) + (j)]
	for (size_t i = 0; i <= la; i++)
		D(i, 0) = i;
	for (size_t j = 0; j <= lb; j++)
		D(0, j) = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t best = D(i - 1, j - 1) + (a[i - 1] != b[j - 1]);
			if (D(i - 1, j) + 1 < best)
				best = D(i - 1, j) + 1;
			if (D(i, j - 1) + 1 < best)
				best = D(i, j - 1) + 1;
			bool swap = i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1];
			if (swap && D(i - 2, j - 2) + 1 < best)
				best = D(i - 2, j - 2) + 1;
			D(i, j) = best;
		}
	}
	size_t r = D(la, lb);
#undef D
	free(d);
	return r;
}

static void unknown_key(struct loader *ld, const struct uk_json *k, const char *path,
                        const struct field *fields)
{
	const char *best = NULL;
	size_t best_d = 3;
	for (const struct field *f = fields; f->key; f++) {
		size_t d = edit_distance(k->key, f->key);
		if (d < best_d)
			best = f->key, best_d = d;
	}
	if (best)
		report(ld, k->key_pos, path, "unknown key \"%s\" (did you mean \"%s\"?)", k->key, best);
	else
		report(ld, k->key_pos, path, "unknown key \"%s\"", k->key);
}

/* Reports the i-th member of obj if an earlier member has its key; the first one counts. */
static bool duplicate(struct loader *ld, const struct uk_json *obj, size_t i, const char *path)
{
	const struct uk_json *k = &obj->kids[i];
	for (size_t j = 0; j < i; j++) {
		if (!strcmp(obj->kids[j].key, k->key)) {
			struct uk_json_pos first = obj->kids[j].key_pos;
			report(ld, k->key_pos, path, "duplicate key \"%s\" (first at line %d, column %d)",
			       k->key, first.line, first.col);
			return true;
		}
	}
	return false;
}

static void load_object(struct loader *ld, const struct uk_json *obj, const char *path,
                        const struct field *fields)
{
	for (size_t i = 0; i < obj->nkids; i++) {
		const struct uk_json *k = &obj->kids[i];
		char *kpath = uk_json_path_key(path, k->key);
		const struct field *f = fields;
		while (f->key && strcmp(f->key, k->key))
			f++;
		if (!f->key)
			unknown_key(ld, k, kpath, fields);
		else if (!duplicate(ld, obj, i, kpath))
			f->load(ld, k, kpath, f);
		free(kpath);
	}
	for (const struct field *f = fields; f->key; f++) {
		size_t i = 0;
		if (ld->settings)
			break;
		while (f->required && i < obj->nkids && strcmp(obj->kids[i].key, f->key))
			i++;
		if (f->required && i == obj->nkids)
			report(ld, obj->pos, path, "missing required key \"%s\"", f->key);
	}
}

static void load_env(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f)
{
	(void)f;
	if (!expect_type(ld, v, path, UK_JSON_OBJECT, "an object of strings"))
		return;
	for (size_t i = 0; i < v->nkids; i++) {
		const struct uk_json *k = &v->kids[i];
		char *kpath = uk_json_path_key(path, k->key);
		if (!*k->key)
			report(ld, k->key_pos, kpath, "variable name must not be empty");
		else if (strchr(k->key, '='))
			report(ld, k->key_pos, kpath, "variable name must not contain '='");
		else if (!duplicate(ld, v, i, kpath) && expect_type(ld, k, kpath, UK_JSON_STRING, "a string"))
			uk_strv_pushf(&ld->m->env, "%s=%s", k->key, k->s);
		free(kpath);
	}
}

static void load_strict(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f)
{
	(void)f;
	if (expect_type(ld, v, path, UK_JSON_BOOL, "a boolean"))
		ld->m->strict = v->b;
}

/* A component named in both lists is a contradiction, not a precedence question. */
static void check_overlap(struct loader *ld, const struct uk_json *rt, const char *path)
{
	const struct uk_json *inc = NULL, *exc = NULL;
	for (size_t i = 0; i < rt->nkids; i++) {
		const struct uk_json *k = &rt->kids[i];
		if (k->type == UK_JSON_ARRAY && !strcmp(k->key, "include") && !inc)
			inc = k;
		if (k->type == UK_JSON_ARRAY && !strcmp(k->key, "exclude") && !exc)
			exc = k;
	}
	for (size_t i = 0; inc && exc && i < exc->nkids; i++) {
		const struct uk_json *e = &exc->kids[i];
		for (size_t j = 0; e->type == UK_JSON_STRING && j < inc->nkids; j++) {
			if (inc->kids[j].type != UK_JSON_STRING || strcmp(inc->kids[j].s, e->s))
				continue;
			char *kpath = uk_json_path_key(path, "exclude");
			char *epath = uk_json_path_index(kpath, i);
			report(ld, e->pos, epath, "\"%s\" is also in \"include\"", e->s);
			free(kpath);
			free(epath);
			break;
		}
	}
}

static void load_runtime(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f)
{
	(void)f;
	if (!expect_type(ld, v, path, UK_JSON_OBJECT, "an object"))
		return;
	load_object(ld, v, path, runtime_fields);
	check_overlap(ld, v, path);
}

/* ---- embedded files ---- */

static void check_host(struct loader *ld, const struct uk_json *v, const char *path, char **out)
{
	if (!expect_type(ld, v, path, UK_JSON_STRING, "a string"))
		return;
	if (!*v->s) {
		report(ld, v->pos, path, "must not be an empty string");
		return;
	}
	struct stat st;
	char *p = stat_value(ld, v, path, "", &st);
	if (p && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
		report(ld, v->pos, path, "\"%s\" is not a regular file or a directory", v->s);
	else if (p)
		*out = uk_xstrdup(p);
	free(p);
}

/* A guest path: absolute, without "." or ".." components (it names one place). */
static void check_guest(struct loader *ld, const struct uk_json *v, const char *path, char **out)
{
	if (!expect_type(ld, v, path, UK_JSON_STRING, "a string"))
		return;
	if (v->s[0] != '/') {
		report(ld, v->pos, path, "\"%s\" is not an absolute path: guest paths start with '/'", v->s);
		return;
	}
	for (const char *c = v->s; *c;) {
		while (*c == '/')
			c++;
		size_t n = strcspn(c, "/");
		if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.')) {
			report(ld, v->pos, path, "\"%s\" has a \"%.*s\" component: name the directory itself",
			       v->s, (int)n, c);
			return;
		}
		if (n > 255) {
			report(ld, v->pos, path, "\"%s\" has a component longer than 255 bytes", v->s);
			return;
		}
		c += n;
	}
	if (strlen(v->s) >= 4096)
		report(ld, v->pos, path, "longer than 4095 bytes");
	else
		*out = uk_xstrdup(v->s);
}

static void load_one_file(struct loader *ld, const struct uk_json *e, const char *path)
{
	if (!expect_type(ld, e, path, UK_JSON_OBJECT, "an object like {\"host\": \"www\", \"guest\": \"/www\"}"))
		return;
	static const struct field keys[] = {
		{"host", NULL, 0, NULL, false, true},
		{"guest", NULL, 0, NULL, false, true},
		{NULL, NULL, 0, NULL, false, false},
	};
	char *host = NULL, *guest = NULL;
	bool seen_host = false, seen_guest = false;
	for (size_t i = 0; i < e->nkids; i++) {
		const struct uk_json *k = &e->kids[i];
		char *kpath = uk_json_path_key(path, k->key);
		if (strcmp(k->key, "host") && strcmp(k->key, "guest"))
			unknown_key(ld, k, kpath, keys);
		else if (!duplicate(ld, e, i, kpath) && !strcmp(k->key, "host"))
			seen_host = true, check_host(ld, k, kpath, &host);
		else if (!duplicate(ld, e, i, kpath))
			seen_guest = true, check_guest(ld, k, kpath, &guest);
		free(kpath);
	}
	if (!seen_host)
		report(ld, e->pos, path, "missing required key \"host\"");
	if (!seen_guest)
		report(ld, e->pos, path, "missing required key \"guest\"");
	if (host && guest) {
		uk_strv_push(&ld->m->files_host, host);
		uk_strv_push(&ld->m->files_guest, guest);
	}
	free(host);
	free(guest);
}

static void load_files(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f)
{
	(void)f;
	if (!expect_type(ld, v, path, UK_JSON_ARRAY, "an array of {\"host\": ..., \"guest\": ...} objects"))
		return;
	for (size_t i = 0; i < v->nkids; i++) {
		char *epath = uk_json_path_index(path, i);
		load_one_file(ld, &v->kids[i], epath);
		free(epath);
	}
}

/* "50%" (a share of guest memory, 1 to 100) or a size as for "memory". */
static void load_ramfs_size(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f)
{
	(void)f;
	if (!expect_type(ld, v, path, UK_JSON_STRING, "a string like \"50%\" or \"64M\""))
		return;
	size_t n = strspn(v->s, "0123456789");
	uint64_t bytes;
	if (n && n <= 3 && v->s[n] == '%' && !v->s[n + 1]) {
		int pct = atoi(v->s);
		if (pct < 1 || pct > 100)
			report(ld, v->pos, path, "%d%% is not a share of memory: use 1%% to 100%%", pct);
		else
			ld->m->ramfs_size = uk_xasprintf("%d%%", pct);
	} else if (uk_parse_size(v->s, &bytes) == 0 && bytes) {
		ld->m->ramfs_size = uk_xasprintf("%llu", (unsigned long long)bytes);
	} else {
		report(ld, v->pos, path, "invalid size \"%s\": expected a share of guest memory like "
		       "\"50%%\" or a size like \"64M\"", v->s);
	}
}

/* ---- memory and output ---- */

int uk_parse_size(const char *s, uint64_t *out)
{
	static const char units[] = "KMGT";
	char *end;
	if (!isdigit((unsigned char)*s))
		return -1; /* strtoull would accept " 1", "+1" and "-1" */
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return -1;
	const char *u = *end ? strchr(units, toupper((unsigned char)*end)) : NULL;
	int shift = u ? 10 * (int)(u - units + 1) : 0;
	end += u != NULL;
	/* After a unit "B" or "iB" (both binary: memory is never sold in powers of ten);
	 * after bare digits only "B". */
	if ((end[0] == 'B' || end[0] == 'b') && !end[1])
		end++;
	else if (u && (end[0] == 'i' || end[0] == 'I') && (end[1] == 'B' || end[1] == 'b') && !end[2])
		end += 2;
	if (*end || (shift && v > (UINT64_MAX >> shift)))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

/* Stores the size in *bytes and how it was written in *shown (for messages), or reports. */
static bool memory_value(struct loader *ld, const struct uk_json *v, const char *path, uint64_t *bytes,
                         char **shown)
{
	if (v->type == UK_JSON_STRING) {
		if (uk_parse_size(v->s, bytes) == 0) {
			*shown = uk_xasprintf("\"%s\"", v->s);
			return true;
		}
		report(ld, v->pos, path, "invalid size \"%s\": expected a number of bytes, optionally "
		       "with K, M, G or T (like \"64M\")", v->s);
	} else if (v->type == UK_JSON_NUMBER) {
		/* Digits only: no sign, fraction or exponent, and exact beyond 2^53. */
		if (strspn(v->s, "0123456789") == strlen(v->s) && uk_parse_size(v->s, bytes) == 0) {
			*shown = uk_xstrdup(v->s);
			return true;
		}
		report(ld, v->pos, path, "expected a whole number of bytes, found %s", v->s);
	} else {
		report(ld, v->pos, path, "expected a size like \"64M\" or a number of bytes, found %s",
		       uk_json_type_name(v->type));
	}
	return false;
}

static void load_memory(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f)
{
	(void)f;
	uint64_t bytes;
	char *shown;
	if (!memory_value(ld, v, path, &bytes, &shown))
		return;
	if (bytes == 0)
		report(ld, v->pos, path, "must not be zero");
	else if (bytes < MIN_MEMORY)
		report(ld, v->pos, path, "must be at least 1M (%llu bytes), found %s", MIN_MEMORY, shown);
	else
		ld->m->memory = bytes;
	free(shown);
}

static void load_output(struct loader *ld, const struct uk_json *v, const char *path, const struct field *f)
{
	(void)f;
	if (!expect_type(ld, v, path, UK_JSON_STRING, "a string"))
		return;
	if (!*v->s) {
		report(ld, v->pos, path, "must not be an empty string");
		return;
	}
	char *p = resolve(ld, v->s), *dir = uk_dirname(p), *written = uk_dirname(v->s);
	char *note = where(written, dir);
	struct stat st;
	if (p[strlen(p) - 1] == '/' || (stat(p, &st) == 0 && S_ISDIR(st.st_mode)))
		report(ld, v->pos, path, "\"%s\" is a directory; name the image file", v->s);
	else if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		report(ld, v->pos, path, "directory \"%s\" does not exist%s", written, note);
	else
		ld->m->output = uk_xstrdup(p);
	free(p);
	free(dir);
	free(written);
	free(note);
}

/* ---- loading ---- */

static void load_root(struct loader *ld, const char *text, size_t len)
{
	if (strspn(text, " \t\r\n") == len) {
		report(ld, (struct uk_json_pos){1, 1}, "", "empty file; expected a JSON object");
		return;
	}
	struct uk_json_error err;
	struct uk_json *root = uk_json_parse(text, len, &err);
	if (!root) {
		report(ld, err.pos, err.path, "%s", err.msg);
		uk_json_error_free(&err);
		return;
	}
	if (expect_type(ld, root, "", UK_JSON_OBJECT, "an object"))
		load_object(ld, root, "", top_fields);
	if (!ld->ndiags && !ld->m->output && ld->m->name) {
		char *img = uk_xasprintf("%s.img", ld->m->name);
		ld->m->output = resolve(ld, img);
		free(img);
	}
	uk_json_free(root);
}

static int load(const char *path, struct uk_manifest *m, bool settings)
{
	*m = (struct uk_manifest){0};
	size_t len;
	char *text = uk_read_file(path, &len);
	if (!text) {
		uk_error("cannot read %s:", path);
		return UK_EXIT_USAGE;
	}
	m->path = uk_xstrdup(path);
	m->dir = uk_dirname(path);
	struct loader ld = {.file = path, .m = m, .settings = settings};
	load_root(&ld, text, len);
	free(text);
	bool failed = ld.ndiags > 0;
	flush_diags(&ld);
	if (failed) {
		uk_manifest_free(m);
		return UK_EXIT_USAGE;
	}
	return 0;
}

int uk_manifest_load(const char *path, struct uk_manifest *m)
{
	return load(path, m, false);
}

int uk_manifest_load_settings(const char *path, struct uk_manifest *m)
{
	return load(path, m, true);
}

void uk_manifest_free(struct uk_manifest *m)
{
	free(m->path);
	free(m->dir);
	free(m->name);
	free(m->output);
	free(m->ramfs_size);
	struct uk_strv *lists[] = {&m->sources, &m->include_dirs, &m->defines, &m->cflags, &m->ldflags,
	                           &m->libs, &m->args, &m->env, &m->rt_include, &m->rt_exclude,
	                           &m->files_host, &m->files_guest};
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
		uk_strv_free(lists[i]);
	*m = (struct uk_manifest){0};
}
