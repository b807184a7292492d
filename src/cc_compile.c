/* cc_compile.c: one clang invocation per source, with the image's target and musl's headers
 * (the same base flags as `ukcc build`), then the user's flags in their order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cc.h"
#include "compile.h"

/* clang writes its dependency rule for this target; cc_deps.c puts gcc's targets back. */
#define DEPS_TARGET "ukcc-deps-target"

static const char *mode_flag(enum uk_cc_mode mode)
{
	switch (mode) {
	case UK_CC_ASSEMBLY:
		return "-S";
	case UK_CC_PREPROCESS:
		return "-E";
	case UK_CC_SYNTAX:
		return "-fsyntax-only";
	default:
		return "-c";
	}
}

void uk_cc_compile_argv(const struct uk_toolchain *tc, const struct uk_cc *cc, const struct uk_cc_input *in,
			enum uk_cc_mode mode, const char *out, const char *depfile, struct uk_strv *argv)
{
	uk_cc_base_args(tc, argv);
	/* gcc is silent about flags a stage does not use (-L when compiling, -I for .s). */
	uk_strv_push(argv, "-Qunused-arguments");
	/* musl's math.h macros (isnan, signbit...) expand to long long constants; gcc forgives
	 * that in system-header macros under -std=c89 -pedantic, clang does not. The user's own
	 * -Wlong-long, coming later, still turns it on. */
	uk_strv_push(argv, "-Wno-long-long");
	for (size_t i = 0; i < cc->cflags.n; i++)
		uk_strv_push(argv, cc->cflags.v[i]);
	const struct uk_cc_deps *d = &cc->deps;
	if (d->any && depfile) {
		if (d->preprocess)
			uk_strv_push(argv, d->system ? "-M" : "-MM");
		else
			uk_strv_push(argv, d->system ? "-MD" : "-MMD");
		uk_strv_push(argv, "-MF");
		uk_strv_push(argv, depfile);
		uk_strv_push(argv, "-MT");
		uk_strv_push(argv, DEPS_TARGET);
		if (d->missing_ok)
			uk_strv_push(argv, "-MG");
	}
	if (!(d->preprocess && mode == UK_CC_PREPROCESS))
		uk_strv_push(argv, mode_flag(mode));
	if (in->lang) {
		uk_strv_push(argv, "-x");
		uk_strv_push(argv, in->lang);
	}
	uk_strv_push(argv, in->path);
	if (out) {
		uk_strv_push(argv, "-o");
		uk_strv_push(argv, out);
	}
}

int uk_cc_compile(const struct uk_toolchain *tc, const struct uk_cc *cc, const struct uk_cc_input *in,
		  enum uk_cc_mode mode, const char *out)
{
	const struct uk_cc_deps *d = &cc->deps;
	char *clang_deps = d->any ? uk_tmp_path("deps.d") : NULL;
	struct uk_strv argv = {0};
	/* -M/-MM write the rule where -E would write its text: -MF, else -o, else stdout. */
	bool rule_only = d->preprocess && mode == UK_CC_PREPROCESS;
	uk_cc_compile_argv(tc, cc, in, mode, rule_only ? NULL : out, clang_deps, &argv);
	if (cc->dry_run) {
		uk_print_cmd(stderr, argv.v);
		uk_strv_free(&argv);
		free(clang_deps);
		return 0;
	}
	int r = uk_run(argv.v);
	if (r < 0)
		r = UK_EXIT_FAIL;
	if (!r && d->any) {
		char *dest = rule_only ? (d->file ? uk_xstrdup(d->file) : out ? uk_xstrdup(out) : NULL)
				       : uk_cc_depfile_name(cc, in, out);
		r = uk_cc_deps_rewrite(cc, in, out, clang_deps, dest);
		free(dest);
	}
	if (clang_deps)
		unlink(clang_deps);
	free(clang_deps);
	uk_strv_free(&argv);
	return r;
}
