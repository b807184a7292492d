/* cc_link.c: cc mode's link: sources compiled in parallel into temporary objects, then the
 * same analysis and link as `ukcc build`, into an executable image whose PT_INTERP names
 * ukcc's launcher, so that `./prog` runs it under QEMU on the build machine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "build.h"
#include "cc.h"
#include "prestart.h"
#include "link.h"
#include "manifest.h"

#define LAUNCHER "ukcc-launch"

/* Compiles every source into a temporary object (in->object); dependency files as gcc. */
static int compile_sources(const struct uk_toolchain *tc, struct uk_cc *cc)
{
	size_t n = 0;
	struct uk_strv *cmds = uk_xcalloc(cc->nsources, sizeof *cmds);
	char ***argvs = uk_xcalloc(cc->nsources, sizeof *argvs);
	char **deps = uk_xcalloc(cc->nsources, sizeof *deps);
	struct uk_cc_input **srcs = uk_xcalloc(cc->nsources, sizeof *srcs);
	for (size_t i = 0; i < cc->ninputs; i++) {
		struct uk_cc_input *in = &cc->inputs[i];
		if (in->kind != UK_CC_SOURCE)
			continue;
		char *name = uk_xasprintf("%zu-%s.o", i, uk_basename(in->path));
		in->object = uk_tmp_path(name);
		free(name);
		if (cc->deps.side) {
			name = uk_xasprintf("%zu.d", i);
			deps[n] = uk_tmp_path(name);
			free(name);
		}
		uk_cc_compile_argv(tc, cc, in, UK_CC_COMPILE, in->object, deps[n], &cmds[n]);
		srcs[n] = in;
		argvs[n] = cmds[n].v;
		n++;
	}
	int r = 0;
	if (cc->dry_run) {
		for (size_t i = 0; i < n; i++)
			uk_print_cmd(stderr, argvs[i]);
	} else {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		r = uk_run_parallel(argvs, n, NULL, cpus > 0 ? (unsigned)cpus : 1) ? UK_EXIT_FAIL : 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (!r && deps[i] && !cc->dry_run) {
			char *dest = uk_cc_depfile_name(cc, srcs[i], NULL);
			r = uk_cc_deps_rewrite(cc, srcs[i], NULL, deps[i], dest);
			free(dest);
		}
		if (deps[i])
			unlink(deps[i]);
		free(deps[i]);
		uk_strv_free(&cmds[i]);
	}
	free(cmds);
	free(argvs);
	free(deps);
	free(srcs);
	return r;
}

/* -r: objects combined by ld.lld -r; no analysis, nothing of the runtime. */
static int relocatable(const struct uk_toolchain *tc, const struct uk_cc *cc, const char *out)
{
	struct uk_strv a = {0};
	uk_strv_push(&a, tc->lld);
	uk_strv_push(&a, "-r");
	for (size_t i = 0; i < cc->ldflags.n; i++)
		uk_strv_push(&a, cc->ldflags.v[i]);
	uk_strv_push(&a, "-o");
	uk_strv_push(&a, out);
	for (size_t i = 0; i < cc->ninputs; i++) {
		const struct uk_cc_input *in = &cc->inputs[i];
		if (in->kind == UK_CC_LIBRARY)
			continue;
		if (in->whole)
			uk_strv_push(&a, "--whole-archive");
		uk_strv_push(&a, in->object ? in->object : in->path);
		if (in->whole)
			uk_strv_push(&a, "--no-whole-archive");
	}
	int r = 0;
	if (cc->dry_run)
		uk_print_cmd(stderr, a.v);
	else if (uk_run(a.v))
		r = UK_EXIT_FAIL;
	uk_strv_free(&a);
	return r;
}

/* Link-time settings from a manifest, for what a C compiler has no flag for: argv[0] is the
 * manifest's "name", else the output's file name; then its "args". */
static int apply_manifest(const struct uk_cc *cc, const char *out, struct uk_link *l, struct uk_manifest *m,
			  bool *strict)
{
	int r = cc->manifest ? uk_manifest_load_settings(cc->manifest, m) : 0;
	if (r)
		return r;
	uk_strv_push(&l->argv, m->name ? m->name : uk_basename(out));
	for (size_t i = 0; i < m->args.n; i++)
		uk_strv_push(&l->argv, m->args.v[i]);
	for (size_t i = 0; i < m->env.n; i++)
		uk_strv_push(&l->env, m->env.v[i]);
	for (size_t i = 0; i < m->libs.n; i++)
		if (!uk_cc_musl_lib(m->libs.v[i]))
			uk_strv_push(&l->libs, m->libs.v[i]);
	for (size_t i = 0; i < m->ldflags.n; i++)
		uk_strv_push(&l->ldflags, m->ldflags.v[i]);
	l->memory = m->memory;
	*strict = *strict || m->strict;
	return 0;
}

int uk_cc_link(const struct uk_toolchain *tc, struct uk_cc *cc)
{
	const char *out = cc->output ? cc->output : "a.out";
	if (cc->mode != UK_CC_RELOCATABLE && !cc->dry_run)
		uk_prestart(tc->lld); /* loads while clang compiles */
	int r = compile_sources(tc, cc);
	if (r)
		return r;
	if (cc->mode == UK_CC_RELOCATABLE)
		return relocatable(tc, cc, out);

	struct uk_link l = {.output = out, .executable = true};
	struct uk_strv displays = {0};
	struct uk_manifest m = {0};
	struct uk_analysis a = {0};
	bool strict = cc->strict;
	if ((r = apply_manifest(cc, out, &l, &m, &strict)))
		goto out;
	for (size_t i = 0; i < cc->libdirs.n; i++)
		uk_strv_push(&l.libdirs, cc->libdirs.v[i]);
	for (size_t i = 0; i < cc->ninputs && !r; i++) {
		const struct uk_cc_input *in = &cc->inputs[i];
		if (in->kind == UK_CC_LIBRARY && in->whole && !uk_cc_musl_lib(in->path)) {
			/* -lNAME linked whole: the archive itself joins the program's inputs */
			bool object;
			char *lib = uk_link_find_library(tc, &l, in->path, &object);
			if (!lib) {
				uk_error("library -l%s not found", in->path);
				r = UK_EXIT_FAIL;
				break;
			}
			uk_strv_push(&l.objects, lib);
			uk_strv_pushf(&displays, "-l%s", in->path);
			if (!object)
				uk_strv_push(&l.whole, lib);
			free(lib);
			continue;
		}
		if (in->kind == UK_CC_LIBRARY) {
			if (!uk_cc_musl_lib(in->path))
				uk_strv_push(&l.libs, in->path);
			continue;
		}
		uk_strv_push(&l.objects, in->object ? in->object : in->path);
		uk_strv_push(&displays, in->path);
		if (in->whole)
			uk_strv_push(&l.whole, in->object ? in->object : in->path);
	}
	if (r)
		goto out;
	/* clang's compiler-rt builtins (128-bit division, overflow checks...): clang would link
	 * them for the same code. */
	char *builtins = uk_cc_builtins();
	if (builtins) {
		uk_strv_push(&l.objects, builtins);
		uk_strv_push(&displays, uk_basename(builtins));
		free(builtins);
	}
	for (size_t i = 0; i < cc->ldflags.n; i++)
		uk_strv_push(&l.ldflags, cc->ldflags.v[i]);
	char *launcher = uk_xasprintf("%s/" LAUNCHER, tc->libdir);
	if (uk_file_exists(launcher))
		l.interp = launcher;
	else
		uk_warn("%s is missing (run make in the ukcc tree): %s will not run as a program", launcher, out);
	if (cc->dry_run) {
		fprintf(stderr, "# then the dependency analysis chooses the runtime components and ld.lld links "
			"%s (-v shows that command)\n", out);
	} else if (!(r = uk_build_analyse(tc, &l, &displays, &m.rt_include, &m.rt_exclude, &a))) {
		r = uk_build_link(tc, &l, &a, strict, false);
	}
	free(launcher);
out:
	uk_analysis_free(&a);
	uk_manifest_free(&m);
	uk_strv_free(&displays);
	l.interp = NULL;
	uk_link_free(&l);
	return r;
}
