/* build.c: a manifest becomes an image: load and validate, compile, analyse, link. */
#include "build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "compile.h"
#include "embed.h"
#include "link.h"
#include "manifest.h"
#include "prestart.h"
#include "toolchain.h"
#include "util.h"

const char *uk_build_output_override;
bool uk_build_strict;

static int fill_link(const struct uk_manifest *m, struct uk_link *l)
{
	uk_strv_push(&l->argv, m->name);
	for (size_t i = 0; i < m->args.n; i++)
		uk_strv_push(&l->argv, m->args.v[i]);
	for (size_t i = 0; i < m->env.n; i++)
		uk_strv_push(&l->env, m->env.v[i]);
	for (size_t i = 0; i < m->libs.n; i++)
		uk_strv_push(&l->libs, m->libs.v[i]);
	for (size_t i = 0; i < m->ldflags.n; i++)
		uk_strv_push(&l->ldflags, m->ldflags.v[i]);
	l->memory = m->memory;
	if (m->ramfs_size)
		l->ramfs_size = uk_xstrdup(m->ramfs_size);
	return uk_embed_pack(&m->files_host, &m->files_guest, &l->files);
}

int uk_analysis_input_for(const struct uk_toolchain *tc, const struct uk_link *l,
			  const struct uk_strv *displays, struct uk_analysis_input *in)
{
	static const char *const crt_head[] = {"crt1.o", "crti.o"};
	*in = (struct uk_analysis_input){0};
	for (size_t i = 0; i < 2; i++) {
		uk_strv_pushf(&in->objects, "%s/%s", tc->musl_lib, crt_head[i]);
		uk_strv_push(&in->displays, crt_head[i]);
	}
	for (size_t i = 0; i < l->objects.n; i++) {
		uk_strv_push(&in->objects, l->objects.v[i]);
		uk_strv_push(&in->displays, displays && i < displays->n ? displays->v[i] : "");
	}
	for (size_t i = 0; i < l->libs.n; i++) {
		bool object;
		char *lib = uk_link_find_library(tc, l, l->libs.v[i], &object);
		if (!lib) {
			uk_error("library -l%s not found (looked for lib%s.a in the -L directories and %s, "
				 "and for a lib%s.so written by ukcc -shared)",
				 l->libs.v[i], l->libs.v[i], tc->musl_lib, l->libs.v[i]);
			return -1;
		}
		if (object) {
			uk_strv_push(&in->objects, lib);
			uk_strv_pushf(&in->displays, "-l%s", l->libs.v[i]);
		} else {
			uk_strv_push(&in->libraries, lib);
		}
		free(lib);
	}
	uk_strv_pushf(&in->objects, "%s/crtn.o", tc->musl_lib);
	uk_strv_push(&in->displays, "crtn.o");
	char *libc = uk_xasprintf("%s/libc.a", tc->musl_lib);
	uk_strv_push(&in->libraries, libc);
	in->libc = in->libraries.v[in->libraries.n - 1];
	free(libc);
	in->runtime_dir = uk_xasprintf("%s/runtime", tc->libdir);
	return 0;
}

void uk_analysis_input_free(struct uk_analysis_input *in)
{
	uk_strv_free(&in->objects);
	uk_strv_free(&in->displays);
	uk_strv_free(&in->libraries);
	free((char *)in->runtime_dir);
}

/* Writes the report next to the image, atomically. */
static int write_report(const struct uk_analysis *a, const char *image)
{
	char *path = uk_xasprintf("%s.deps.json", image), *tmp = uk_tmp_sibling(path);
	int r = -1;
	char *json = uk_analysis_json(a);
	FILE *f = tmp ? fopen(tmp, "w") : NULL;
	if (f) {
		fprintf(f, "%s\n", json);
		if (fclose(f) == 0)
			r = uk_publish(tmp, path);
		else
			uk_error("cannot write %s:", path);
	} else if (tmp) {
		uk_error("cannot write %s:", path);
	}
	if (r < 0 && tmp)
		unlink(tmp);
	free(json);
	free(tmp);
	free(path);
	return r;
}

int uk_build_analyse(const struct uk_toolchain *tc, struct uk_link *l, const struct uk_strv *displays,
		     const struct uk_strv *include, const struct uk_strv *exclude, struct uk_analysis *a)
{
	struct uk_analysis_input in;
	int r = UK_EXIT_FAIL;
	if (uk_analysis_input_for(tc, l, displays, &in) == 0) {
		in.whole = &l->whole;
		in.include = include;
		in.exclude = exclude;
		in.files = l->files.len > 0;
		in.host_stdio = l->interp != NULL; /* run by the launcher, on the host's files */
		in.bulk_console = l->interp != NULL;
		if (uk_analyse(&in, a) == 0) {
			uk_analysis_selected(a, &l->components);
			uk_analysis_wraps(a, &l->wraps);
			r = 0;
		}
	}
	uk_analysis_input_free(&in);
	return r;
}

int uk_build_link(const struct uk_toolchain *tc, const struct uk_link *l, const struct uk_analysis *a,
		  bool strict, bool report)
{
	if (uk_analysis_warn(a, strict) && strict) {
		uk_error("unsupported system calls (strict mode): no image written");
		return UK_EXIT_FAIL;
	}
	if (uk_link_image(tc, l) || (report && write_report(a, l->output) < 0))
		return UK_EXIT_FAIL;
	return 0;
}

/* Sources -> objects -> analysis. On success the link has its components and wraps. */
int uk_build_prepare(const struct uk_manifest *m, const struct uk_toolchain *tc, struct uk_link *l,
		     struct uk_analysis *a)
{
	struct uk_strv displays = {0};
	int r = uk_compile_manifest(tc, m, &l->objects, &displays);
	if (r)
		return r;
	r = fill_link(m, l) ? UK_EXIT_FAIL
			     : uk_build_analyse(tc, l, &displays, &m->rt_include, &m->rt_exclude, a);
	uk_strv_free(&displays);
	return r;
}

int uk_build(const char *manifest_path, char **image_out, uint64_t *memory_out)
{
	struct uk_manifest m = {0};
	int r = uk_manifest_load(manifest_path, &m);
	if (r)
		return r;
	struct uk_toolchain tc;
	struct uk_link l = {0};
	struct uk_analysis a = {0};
	if (uk_toolchain_find(&tc) < 0) {
		r = UK_EXIT_FAIL;
		goto out;
	}
	l.output = uk_build_output_override ? uk_build_output_override : m.output;
	uk_prestart(tc.lld); /* loads while clang compiles */
	if ((r = uk_build_prepare(&m, &tc, &l, &a)))
		goto out;
	if ((r = uk_build_link(&tc, &l, &a, uk_build_strict || m.strict, true)))
		goto out;
	if (image_out)
		*image_out = uk_xstrdup(l.output);
	if (memory_out)
		*memory_out = m.memory;
out:
	uk_analysis_free(&a);
	uk_link_free(&l);
	uk_manifest_free(&m);
	return r;
}
