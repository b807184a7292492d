/* compile.c: runs clang for each source of a manifest. */
#include "compile.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

void uk_cc_base_args(const struct uk_toolchain *tc, struct uk_strv *argv)
{
	uk_strv_push(argv, tc->clang);
	uk_strv_push(argv, "--target=x86_64-linux-musl");
	uk_strv_push(argv, "-nostdlibinc"); /* keep clang's own headers, drop the host's libc */
	uk_strv_push(argv, "-isystem");
	uk_strv_push(argv, tc->musl_inc);
	uk_strv_push(argv, "-fno-pie");
	uk_strv_push(argv, "-fno-omit-frame-pointer");
	uk_strv_push(argv, "-ffunction-sections");
	uk_strv_push(argv, "-fdata-sections");
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

/* Paths under the manifest's directory are passed relative to it (clang runs there), so the
 * image records no absolute path and is the same wherever the project is checked out. */
static const char *rel(const struct uk_manifest *m, const char *path)
{
	size_t n = strlen(m->dir);
	if (!strncmp(path, m->dir, n) && path[n] == '/')
		return path + n + 1;
	return path;
}

int uk_compile_manifest(const struct uk_toolchain *tc, const struct uk_manifest *m, struct uk_strv *objs,
			struct uk_strv *displays)
{
	struct uk_strv *cmds = uk_xcalloc(m->sources.n, sizeof *cmds);
	char ***argvs = uk_xcalloc(m->sources.n, sizeof *argvs);
	size_t ncmds = 0;
	for (size_t i = 0; i < m->sources.n; i++) {
		const char *src = m->sources.v[i];
		uk_strv_push(displays, rel(m, src));
		if (has_suffix(src, ".o") || has_suffix(src, ".a")) {
			uk_strv_push(objs, src);
			continue;
		}
		struct uk_strv *c = &cmds[ncmds];
		uk_cc_base_args(tc, c);
		uk_strv_push(c, "-O2");
		for (size_t j = 0; j < m->include_dirs.n; j++)
			uk_strv_pushf(c, "-I%s", rel(m, m->include_dirs.v[j]));
		for (size_t j = 0; j < m->defines.n; j++)
			uk_strv_pushf(c, "-D%s", m->defines.v[j]);
		for (size_t j = 0; j < m->cflags.n; j++)
			uk_strv_push(c, m->cflags.v[j]);
		uk_strv_push(c, "-c");
		uk_strv_push(c, rel(m, src));
		uk_strv_push(c, "-o");
		char *name = uk_xasprintf("%zu-%s.o", i, uk_basename(src));
		char *obj = uk_tmp_path(name);
		uk_strv_push(c, obj);
		uk_strv_push(objs, obj);
		free(name);
		free(obj);
		argvs[ncmds++] = c->v;
	}
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int failed = uk_run_parallel(argvs, ncmds, m->dir, cpus > 0 ? (unsigned)cpus : 1);
	for (size_t i = 0; i < ncmds; i++)
		uk_strv_free(&cmds[i]);
	free(cmds);
	free(argvs);
	if (failed)
		uk_error("compilation failed; no image written");
	return failed ? UK_EXIT_FAIL : 0;
}
