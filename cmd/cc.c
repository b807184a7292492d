/* cc.c: cc mode, `ukcc [GCC/Clang OPTIONS] FILES`: ukcc as CC in Makefiles and configure
 * scripts (src/cc.h describes the parts; docs/cc.md every option). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/cc.h"
#include "../src/toolchain.h"
#include "../src/util.h"
#include "cmds.h"

/* `-Wl,--version` alone is how build systems (meson, libtool) identify the linker. */
static int lld_version(void)
{
	const char *over = getenv("UKCC_LLD");
	char *argv[] = {(char *)(over && *over ? over : "ld.lld"), "--version", NULL};
	int r = uk_run(argv);
	return r < 0 ? UK_EXIT_FAIL : r;
}

static int compile_each(const struct uk_toolchain *tc, const struct uk_cc *cc)
{
	size_t linker_inputs = 0;
	for (size_t i = 0; i < cc->ninputs; i++) {
		const struct uk_cc_input *in = &cc->inputs[i];
		if (in->kind != UK_CC_SOURCE) {
			linker_inputs++;
			continue;
		}
		char *out = NULL;
		if (cc->output)
			out = uk_xstrdup(cc->output);
		else if (cc->mode == UK_CC_COMPILE || cc->mode == UK_CC_ASSEMBLY) {
			/* gcc's default: the source's file name, in the current directory, suffix replaced */
			const char *base = uk_basename(in->path), *dot = strrchr(base, '.');
			int n = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
			out = uk_xasprintf("%.*s.%s", n, base, cc->mode == UK_CC_COMPILE ? "o" : "s");
		}
		int r = uk_cc_compile(tc, cc, in, cc->mode, out);
		free(out);
		if (r)
			return r;
	}
	if (linker_inputs && cc->verbose)
		uk_warn("linker input unused because linking not done");
	return 0;
}

int cmd_cc(int argc, char **argv)
{
	struct uk_strv args = {0};
	uk_strv_push(&args, argv[0]);
	uk_cc_expand_rsp(argc - 1, argv + 1, &args);
	struct uk_cc cc = {0};
	int r = uk_cc_parse((int)args.n, args.v, &cc);
	if (r)
		goto out;
	if (cc.probe) {
		r = uk_cc_probe(&cc);
		goto out;
	}
	if (cc.verbose || (cc.dry_run && !cc.ninputs))
		uk_cc_banner(stderr);
	for (size_t i = 0; cc.verbose && i < cc.notes.n; i++)
		fprintf(stderr, "ukcc: %s\n", cc.notes.v[i]);
	if (cc.lld_version && !cc.ninputs) {
		r = lld_version();
		goto out;
	}
	if (!cc.ninputs) {
		if (!cc.verbose && !cc.dry_run) {
			uk_error("no input files (cc mode; `ukcc help` lists ukcc's own commands)");
			r = UK_EXIT_USAGE;
		}
		goto out;
	}
	for (size_t i = 0; i < cc.ninputs; i++) {
		const struct uk_cc_input *in = &cc.inputs[i];
		if (in->kind == UK_CC_LIBRARY || !strcmp(in->path, "-") || uk_file_exists(in->path))
			continue;
		/* `ukcc buidl` is more likely a mistyped command than a missing object file. */
		if (i == 0 && !strcmp(args.v[1], in->path) && !strchr(in->path, '.') && !strchr(in->path, '/'))
			uk_error("%s: no such file, nor a ukcc command (see ukcc --help)", in->path);
		else
			uk_error("%s: no such file", in->path);
		r = UK_EXIT_USAGE;
	}
	if (r)
		goto out;
	struct uk_toolchain tc;
	if (uk_toolchain_find(&tc) < 0) {
		r = UK_EXIT_FAIL;
		goto out;
	}
	if (cc.lld_version)
		lld_version();
	if (cc.mode == UK_CC_LINK || cc.mode == UK_CC_RELOCATABLE)
		r = uk_cc_link(&tc, &cc);
	else
		r = compile_each(&tc, &cc);
out:
	uk_cc_free(&cc);
	uk_strv_free(&args);
	return r;
}
