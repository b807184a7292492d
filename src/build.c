/* build.c: a manifest becomes an image: load and validate, compile, link. */
#include "build.h"

#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "link.h"
#include "manifest.h"
#include "toolchain.h"
#include "util.h"

const char *uk_build_output_override;

static void fill_link(const struct uk_manifest *m, struct uk_link *l)
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
}

int uk_build(const char *manifest_path, char **image_out, uint64_t *memory_out)
{
	struct uk_manifest m = {0};
	int r = uk_manifest_load(manifest_path, &m);
	if (r)
		return r;
	struct uk_toolchain tc;
	struct uk_link l = {0};
	if (uk_toolchain_find(&tc) < 0) {
		r = UK_EXIT_FAIL;
		goto out;
	}
	l.output = uk_build_output_override ? uk_build_output_override : m.output;
	if ((r = uk_compile_manifest(&tc, &m, &l.objects)))
		goto out;
	fill_link(&m, &l);
	if ((r = uk_link_image(&tc, &l)))
		goto out;
	if (image_out)
		*image_out = uk_xstrdup(l.output);
	if (memory_out)
		*memory_out = m.memory;
out:
	uk_link_free(&l);
	uk_manifest_free(&m);
	return r;
}
