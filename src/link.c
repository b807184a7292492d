/* link.c: drives ld.lld with ukcc's linker script. */
#include "link.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elfobj.h"
#include "symtab.h"
#include "version.h"
#include "uk/abi.h"

void uk_link_free(struct uk_link *l)
{
	uk_strv_free(&l->objects);
	uk_strv_free(&l->libs);
	uk_strv_free(&l->libdirs);
	uk_strv_free(&l->ldflags);
	uk_strv_free(&l->components);
	uk_strv_free(&l->wraps);
	uk_strv_free(&l->argv);
	uk_strv_free(&l->env);
}

/* The image's own data: its default argv and environment (read by runtime/boot/stack.c)
 * and the notes ukcc and `ukcc run` read back. */
static int write_image_data(const struct uk_link *l, const char *path)
{
	struct uk_buf args = {0}, notes = {0};
	for (size_t i = 0; i < l->argv.n; i++)
		uk_buf_add(&args, l->argv.v[i], strlen(l->argv.v[i]) + 1);
	uk_buf_add(&args, "", 1);
	for (size_t i = 0; i < l->env.n; i++)
		uk_buf_add(&args, l->env.v[i], strlen(l->env.v[i]) + 1);
	uk_buf_add(&args, "", 1);

	uk_elf_note(&notes, UK_NOTE_NAME, UK_NOTE_VERSION, UKCC_VERSION, sizeof UKCC_VERSION);
	if (l->memory)
		uk_elf_note(&notes, UK_NOTE_NAME, UK_NOTE_MEMORY, &l->memory, sizeof l->memory);
	struct uk_buf comps = {0};
	for (size_t i = 0; i < l->components.n; i++)
		uk_buf_add(&comps, l->components.v[i], strlen(l->components.v[i]) + 1);
	if (comps.len)
		uk_elf_note(&notes, UK_NOTE_NAME, UK_NOTE_COMPONENTS, comps.p, comps.len);

	struct uk_elfobj *o = uk_elfobj_new();
	unsigned s = uk_elfobj_section(o, ".rodata.uk_args", SHT_PROGBITS, SHF_ALLOC, 1, args.p, args.len);
	uk_elfobj_symbol(o, "__uk_args", s, 0, args.len);
	uk_elfobj_section(o, ".note.ukcc", SHT_NOTE, 0, 4, notes.p, notes.len);
	uk_buf_free(&args);
	uk_buf_free(&notes);
	uk_buf_free(&comps);
	return uk_elfobj_write(o, path);
}

static int run_lld(const struct uk_toolchain *tc, const struct uk_link *l, const char *data_obj,
		   const char *out)
{
	struct uk_strv a = {0};
	uk_strv_push(&a, tc->lld);
	uk_strv_push(&a, "-nostdlib");
	uk_strv_push(&a, "-static");
	uk_strv_pushf(&a, "-T%s/unikernel.ld", tc->libdir);
	uk_strv_push(&a, "-zmax-page-size=4096");
	uk_strv_push(&a, "--gc-sections");
	uk_strv_push(&a, "--build-id=none");
	uk_strv_push(&a, "--strip-debug");
	for (size_t i = 0; i < l->wraps.n; i++)
		uk_strv_pushf(&a, "--wrap=%s", l->wraps.v[i]);
	for (size_t i = 0; i < l->ldflags.n; i++)
		uk_strv_push(&a, l->ldflags.v[i]);
	uk_strv_push(&a, "-o");
	uk_strv_push(&a, out);
	uk_strv_pushf(&a, "%s/crt1.o", tc->musl_lib);
	uk_strv_pushf(&a, "%s/crti.o", tc->musl_lib);
	for (size_t i = 0; i < l->objects.n; i++)
		uk_strv_push(&a, l->objects.v[i]);
	uk_strv_push(&a, data_obj);
	for (size_t i = 0; i < l->components.n; i++)
		uk_strv_pushf(&a, "%s/runtime/%s.o", tc->libdir, l->components.v[i]);
	for (size_t i = 0; i < l->libdirs.n; i++)
		uk_strv_pushf(&a, "-L%s", l->libdirs.v[i]);
	uk_strv_pushf(&a, "-L%s", tc->musl_lib);
	for (size_t i = 0; i < l->libs.n; i++)
		uk_strv_pushf(&a, "-l%s", l->libs.v[i]);
	uk_strv_push(&a, "-lc");
	uk_strv_pushf(&a, "%s/crtn.o", tc->musl_lib);
	int r = uk_run(a.v);
	uk_strv_free(&a);
	return r;
}

int uk_link_image(const struct uk_toolchain *tc, const struct uk_link *l)
{
	char *data_obj = uk_tmp_path("image-data.o"), *tmp = NULL;
	int r = UK_EXIT_FAIL;
	if (write_image_data(l, data_obj) < 0 || !(tmp = uk_tmp_sibling(l->output)))
		goto out;
	if (run_lld(tc, l, data_obj, tmp)) {
		uk_error("link failed; no image written");
		unlink(tmp);
		goto out;
	}
	if (uk_symtab_append(tmp) < 0) {
		unlink(tmp);
		goto out;
	}
	if (uk_publish(tmp, l->output) == 0)
		r = 0;
out:
	free(data_obj);
	free(tmp);
	return r;
}
