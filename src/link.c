/* link.c: drives ld.lld with ukcc's linker script. */
#include "link.h"

#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elfobj.h"
#include "prestart.h"
#include "symtab.h"
#include "version.h"
#include "uk/abi.h"

void uk_link_free(struct uk_link *l)
{
	uk_strv_free(&l->objects);
	uk_strv_free(&l->whole);
	uk_strv_free(&l->libs);
	uk_strv_free(&l->libdirs);
	uk_strv_free(&l->ldflags);
	uk_strv_free(&l->components);
	uk_strv_free(&l->wraps);
	uk_strv_free(&l->argv);
	uk_strv_free(&l->env);
	uk_buf_free(&l->files);
	free(l->ramfs_size);
}

/* The image's own data: its default argv and environment (read by runtime/boot/stack.c)
 * and the notes ukcc and `ukcc run` read back. */
static int write_image_data(const struct uk_link *l, const char *path)
{
	struct uk_buf args = {0}, notes = {0};
	struct uk_args_block head = {(uint32_t)l->argv.n, (uint32_t)l->env.n, 0};
	uk_buf_add(&args, &head, sizeof head);
	for (size_t i = 0; i < l->argv.n; i++)
		uk_buf_add(&args, l->argv.v[i], strlen(l->argv.v[i]) + 1);
	for (size_t i = 0; i < l->env.n; i++)
		uk_buf_add(&args, l->env.v[i], strlen(l->env.v[i]) + 1);
	head.size = (uint32_t)(args.len - sizeof head);
	memcpy(args.p, &head, sizeof head);

	uk_elf_note(&notes, UK_NOTE_NAME, UK_NOTE_VERSION, UKCC_VERSION, sizeof UKCC_VERSION);
	if (l->memory)
		uk_elf_note(&notes, UK_NOTE_NAME, UK_NOTE_MEMORY, &l->memory, sizeof l->memory);
	struct uk_buf comps = {0};
	for (size_t i = 0; i < l->components.n; i++)
		uk_buf_add(&comps, l->components.v[i], strlen(l->components.v[i]) + 1);
	if (comps.len)
		uk_elf_note(&notes, UK_NOTE_NAME, UK_NOTE_COMPONENTS, comps.p, comps.len);

	struct uk_elfobj *o = uk_elfobj_new();
	unsigned s = uk_elfobj_section(o, ".rodata.uk_args", SHT_PROGBITS, SHF_ALLOC, 4, args.p, args.len);
	uk_elfobj_symbol(o, "__uk_args", s, 0, args.len);
	uk_elfobj_section(o, ".note.ukcc", SHT_NOTE, 0, 4, notes.p, notes.len);
	if (l->files.len) { /* read by runtime/embed at boot */
		s = uk_elfobj_section(o, ".rodata.uk_files", SHT_PROGBITS, SHF_ALLOC, 8, l->files.p, l->files.len);
		uk_elfobj_symbol(o, "__uk_files", s, 0, l->files.len);
		uk_elfobj_symbol(o, "__uk_files_end", s, l->files.len, 0);
	}
	if (l->ramfs_size) { /* read by runtime/ramfs */
		size_t n = strlen(l->ramfs_size) + 1;
		s = uk_elfobj_section(o, ".rodata.uk_ramfs_size", SHT_PROGBITS, SHF_ALLOC, 1, l->ramfs_size, n);
		uk_elfobj_symbol(o, "__uk_ramfs_size", s, 0, n);
	}
	if (l->interp) /* the linker script puts it first, in a PT_NULL segment (see set_interp) */
		uk_elfobj_section(o, ".interp", SHT_PROGBITS, SHF_ALLOC, 1, l->interp, strlen(l->interp) + 1);
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
	for (size_t i = 0; i < l->objects.n; i++) {
		bool whole = uk_strv_has(&l->whole, l->objects.v[i]);
		if (whole)
			uk_strv_push(&a, "--whole-archive");
		uk_strv_push(&a, l->objects.v[i]);
		if (whole)
			uk_strv_push(&a, "--no-whole-archive");
	}
	uk_strv_push(&a, data_obj);
	for (size_t i = 0; i < l->components.n; i++)
		uk_strv_pushf(&a, "%s/runtime/%s.o", tc->libdir, l->components.v[i]);
	for (size_t i = 0; i < l->libdirs.n; i++)
		uk_strv_pushf(&a, "-L%s", l->libdirs.v[i]);
	uk_strv_pushf(&a, "-L%s", tc->musl_lib);
	for (size_t i = 0; i < l->libs.n; i++) { /* as the analysis found them */
		bool object;
		char *lib = uk_link_find_library(tc, l, l->libs.v[i], &object);
		if (lib)
			uk_strv_push(&a, lib);
		else
			uk_strv_pushf(&a, "-l%s", l->libs.v[i]);
		free(lib);
	}
	uk_strv_push(&a, "-lc");
	uk_strv_pushf(&a, "%s/crtn.o", tc->musl_lib);
	int r;
	if (!uk_prestart_run(a.v, &r))
		r = uk_run(a.v);
	uk_strv_free(&a);
	return r;
}

/* Linux maps every PT_LOAD with mmap, so its file offset must equal its address modulo the
 * page size. The crash-report table is appended 8-aligned (src/symtab.c), which QEMU does not
 * mind; an image Linux runs gets it moved to a congruent offset (at most a page of padding). */
static int page_congruent(int fd)
{
	Elf64_Ehdr eh;
	if (pread(fd, &eh, sizeof eh, 0) != sizeof eh || eh.e_phentsize != sizeof(Elf64_Phdr) ||
	    eh.e_shentsize != sizeof(Elf64_Shdr))
		return -1;
	for (size_t i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		off_t pho = (off_t)(eh.e_phoff + i * sizeof ph);
		if (pread(fd, &ph, sizeof ph, pho) != sizeof ph)
			return -1;
		if (ph.p_type != PT_LOAD || (ph.p_vaddr - ph.p_offset) % 4096 == 0)
			continue;
		uint64_t to = ph.p_offset + ((ph.p_vaddr - ph.p_offset) & 4095);
		char *data = uk_xmalloc(ph.p_filesz);
		bool ok = pread(fd, data, ph.p_filesz, (off_t)ph.p_offset) == (ssize_t)ph.p_filesz &&
			  pwrite(fd, data, ph.p_filesz, (off_t)to) == (ssize_t)ph.p_filesz;
		free(data);
		for (size_t k = 0; ok && k < eh.e_shnum; k++) { /* the section it holds moves with it */
			Elf64_Shdr sh;
			off_t sho = (off_t)(eh.e_shoff + k * sizeof sh);
			ok = pread(fd, &sh, sizeof sh, sho) == sizeof sh;
			if (ok && sh.sh_type != SHT_NOBITS && sh.sh_size && sh.sh_offset == ph.p_offset) {
				sh.sh_offset = to;
				ok = pwrite(fd, &sh, sizeof sh, sho) == sizeof sh;
			}
		}
		ph.p_offset = to;
		ph.p_align = 4096;
		if (!ok || pwrite(fd, &ph, sizeof ph, pho) != sizeof ph)
			return -1;
	}
	return 0;
}

/* The linker script reserves a PT_NULL program header for .interp, so images that have none
 * carry no empty PT_INTERP (Linux would refuse to exec them, readelf complains). With an
 * interpreter, that header becomes PT_INTERP: Linux then runs the launcher for `./image`,
 * while PVH loaders, which read only PT_LOAD and PT_NOTE, boot the image as before. */
static int set_interp(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	Elf64_Ehdr eh;
	int r = -1;
	if (fd >= 0 && pread(fd, &eh, sizeof eh, 0) == sizeof eh && eh.e_phentsize == sizeof(Elf64_Phdr))
		for (size_t i = 0; i < eh.e_phnum; i++) {
			Elf64_Phdr ph;
			off_t at = (off_t)(eh.e_phoff + i * sizeof ph);
			if (pread(fd, &ph, sizeof ph, at) != sizeof ph)
				break;
			if (ph.p_type != PT_NULL || !ph.p_filesz)
				continue;
			ph.p_type = PT_INTERP;
			r = pwrite(fd, &ph, sizeof ph, at) == sizeof ph ? 0 : -1;
			break;
		}
	if (r == 0)
		r = page_congruent(fd);
	if (fd >= 0)
		close(fd);
	if (r < 0)
		uk_error("%s: cannot give it an interpreter (is unikernel.ld older than ukcc?)", path);
	return r;
}

/* -lNAME: lib<NAME>.a in each -L directory, then musl's; else a lib<NAME>.so that ukcc -shared
 * wrote (a relocatable object, linked whole), which *object says. */
char *uk_link_find_library(const struct uk_toolchain *tc, const struct uk_link *l, const char *name,
			  bool *object)
{
	*object = false;
	for (size_t i = 0; i <= l->libdirs.n; i++) {
		char *p = uk_xasprintf("%s/lib%s.a", i < l->libdirs.n ? l->libdirs.v[i] : tc->musl_lib, name);
		if (uk_file_exists(p))
			return p;
		free(p);
	}
	for (size_t i = 0; i < l->libdirs.n; i++) {
		char *p = uk_xasprintf("%s/lib%s.so", l->libdirs.v[i], name);
		if (uk_is_elf_rel(p))
			return *object = true, p;
		free(p);
	}
	return NULL;
}

/* Copies a finished image into an output that must not be replaced (a device, a FIFO). */
static int copy_into(const char *from, const char *to)
{
	size_t n;
	char *data = uk_read_file(from, &n);
	int fd = data ? open(to, O_WRONLY | O_TRUNC | O_CLOEXEC) : -1;
	int r = fd >= 0 && write(fd, data, n) == (ssize_t)n ? 0 : -1;
	if (r < 0)
		uk_error("cannot write %s:", to);
	if (fd >= 0 && close(fd) < 0 && !r)
		r = -1;
	free(data);
	return r;
}

int uk_link_image(const struct uk_toolchain *tc, const struct uk_link *l)
{
	char *data_obj = uk_tmp_path("image-data.o"), *tmp = NULL;
	int r = UK_EXIT_FAIL;
	struct stat st;
	bool special = stat(l->output, &st) == 0 && !S_ISREG(st.st_mode);
	if (write_image_data(l, data_obj) < 0)
		goto out;
	tmp = special ? uk_tmp_path("image") : uk_tmp_sibling(l->output);
	if (!tmp)
		goto out;
	if (run_lld(tc, l, data_obj, tmp)) {
		uk_error("link failed; no image written");
		unlink(tmp);
		goto out;
	}
	if (uk_symtab_append(tmp) < 0 || (l->interp && set_interp(tmp) < 0)) {
		unlink(tmp);
		goto out;
	}
	if (l->executable) {
		mode_t mask = umask(0);
		umask(mask);
		chmod(tmp, 0777 & ~mask);
	}
	if (special ? copy_into(tmp, l->output) == 0 : uk_publish(tmp, l->output) == 0)
		r = 0;
out:
	free(data_obj);
	free(tmp);
	return r;
}
