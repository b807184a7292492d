/* cc_deps.c: dependency output (-M, -MM, -MD, -MMD, -MF, -MT, -MQ, -MP) as gcc writes it.
 * clang finds the headers; its file is read back and written the way gcc's libcpp writes
 * one (mkdeps.cc: lines wrapped at column 72, continuation lines indented by one space,
 * -MP targets with no blank lines), so Makefiles and tools that read those files see what
 * they would see from gcc, byte for byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cc.h"

#define COLMAX 72

/* libcpp's munge(): $ doubled; # and whitespace escaped with a backslash, and backslashes
 * before whitespace doubled (GNU make's rules for both). */
void uk_cc_make_quote(struct uk_buf *b, const char *s)
{
	uk_buf_add(b, "", 0);
	size_t slashes = 0;
	for (; *s; s++) {
		switch (*s) {
		case '\\':
			slashes++;
			uk_buf_add(b, s, 1);
			continue;
		case '$':
			uk_buf_add(b, "$", 1);
			break;
		case ' ':
		case '\t':
			for (; slashes; slashes--)
				uk_buf_add(b, "\\", 1);
			uk_buf_add(b, "\\", 1);
			break;
		case '#':
			uk_buf_add(b, "\\", 1);
			break;
		}
		slashes = 0;
		uk_buf_add(b, s, 1);
	}
}

static char *strip_ext(const char *path)
{
	const char *base = uk_basename(path), *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - path) : strlen(path);
	return strndup(path, n);
}

static char *stem(const char *src)
{
	return strip_ext(uk_basename(src));
}

/* Where gcc puts a -MD/-MMD file without -MF: beside the -o output with .d for its suffix;
 * without -o, STEM.d when compiling and a-STEM.d when linking (gcc 11's dump names). */
char *uk_cc_depfile_name(const struct uk_cc *cc, const struct uk_cc_input *in, const char *out)
{
	if (cc->deps.file)
		return uk_xstrdup(cc->deps.file);
	const char *o = cc->mode == UK_CC_LINK ? cc->output : out;
	if (o) {
		char *s = strip_ext(o), *r = uk_xasprintf("%s.d", s);
		free(s);
		return r;
	}
	char *s = stem(in->path), *r = uk_xasprintf("%s%s.d", cc->mode == UK_CC_LINK ? "a-" : "", s);
	free(s);
	return r;
}

/* The default target: the object being made, quoted; STEM.o for -M, -Wp,-MD and when
 * linking without -o. */
static void default_target(const struct uk_cc *cc, const struct uk_cc_input *in, const char *out,
			   struct uk_buf *b)
{
	const char *o = cc->deps.cpp_only ? NULL : cc->mode == UK_CC_LINK ? cc->output
					   : cc->mode == UK_CC_PREPROCESS ? NULL : out;
	if (o) {
		uk_cc_make_quote(b, o);
		return;
	}
	char *s = stem(in->path), *t = uk_xasprintf("%s.o", s);
	uk_cc_make_quote(b, t);
	free(s);
	free(t);
}

/* Reads the prerequisites of clang's make rule, undoing its quoting ("\ ", "\#", "$$"). */
static void parse_clang(const char *text, struct uk_strv *deps)
{
	const char *p = strstr(text, ":");
	if (!p)
		return;
	p++;
	struct uk_buf name = {0};
	for (;;) {
		while (*p == ' ' || *p == '\t' || (*p == '\\' && p[1] == '\n') || *p == '\n') {
			if (*p == '\n') { /* end of the rule: what follows would be clang's -MP lines */
				uk_buf_free(&name);
				return;
			}
			p += *p == '\\' ? 2 : 1;
		}
		if (!*p)
			break;
		name.len = 0;
		uk_buf_add(&name, "", 0);
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && !(*p == '\\' && p[1] == '\n')) {
			if (*p == '\\') {
				size_t k = 0;
				while (p[k] == '\\')
					k++;
				if (p[k] == ' ' || p[k] == '#') { /* 2N+1 backslashes: N, then the character */
					for (size_t i = 0; i < k / 2; i++)
						uk_buf_add(&name, "\\", 1);
					uk_buf_add(&name, p + k, 1);
					p += k + 1;
					continue;
				}
				uk_buf_add(&name, p, k);
				p += k;
				continue;
			}
			if (*p == '$' && p[1] == '$')
				p++;
			uk_buf_add(&name, p++, 1);
		}
		uk_strv_push(deps, name.p);
	}
	uk_buf_free(&name);
}

static unsigned put_name(FILE *f, const char *name, unsigned col)
{
	size_t size = strlen(name);
	if (col) {
		if (col + size > COLMAX) {
			fputs(" \\\n", f);
			col = 0;
		}
		col++;
		fputc(' ', f);
	}
	fputs(name, f);
	return col + (unsigned)size;
}

static void render(FILE *f, const struct uk_strv *targets, const struct uk_strv *deps, bool phony)
{
	unsigned col = 0;
	for (size_t i = 0; i < targets->n; i++)
		col = put_name(f, targets->v[i], col);
	fputc(':', f);
	col++;
	struct uk_buf q = {0};
	for (size_t i = 0; i < deps->n; i++) {
		q.len = 0;
		uk_cc_make_quote(&q, deps->v[i]);
		col = put_name(f, q.p, col);
	}
	fputc('\n', f);
	for (size_t i = 1; phony && i < deps->n; i++) {
		q.len = 0;
		uk_cc_make_quote(&q, deps->v[i]);
		fprintf(f, "%s:\n", q.p);
	}
	uk_buf_free(&q);
}

int uk_cc_deps_rewrite(const struct uk_cc *cc, const struct uk_cc_input *in, const char *out,
		       const char *clang_deps, const char *dest)
{
	char *text = uk_read_file(clang_deps, NULL);
	if (!text) {
		uk_error("cannot read clang's dependency output %s:", clang_deps);
		return UK_EXIT_FAIL;
	}
	struct uk_strv targets = {0}, deps = {0};
	for (size_t i = 0; i < cc->deps.targets.n; i++)
		uk_strv_push(&targets, cc->deps.targets.v[i]);
	if (!targets.n) {
		struct uk_buf b = {0};
		default_target(cc, in, out, &b);
		uk_strv_push(&targets, b.p);
		uk_buf_free(&b);
	}
	parse_clang(text, &deps);
	free(text);
	FILE *f = dest ? fopen(dest, "w") : stdout;
	int r = 0;
	if (!f) {
		uk_error("cannot write %s:", dest);
		r = UK_EXIT_FAIL;
	} else {
		render(f, &targets, &deps, cc->deps.phony);
		if (dest ? fclose(f) != 0 : fflush(f) != 0) {
			uk_error("cannot write %s:", dest ? dest : "the standard output");
			r = UK_EXIT_FAIL;
		}
	}
	uk_strv_free(&targets);
	uk_strv_free(&deps);
	return r;
}
