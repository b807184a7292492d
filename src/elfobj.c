/* elfobj.c: a minimal ELF64 relocatable object writer on libelf. */
#include "elfobj.h"

#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

struct section {
	char *name;
	uint32_t type;
	uint64_t flags, align;
	void *data;
	size_t size;
};

struct symbol {
	char *name;
	unsigned sec;
	uint64_t value, size;
};

struct uk_elfobj {
	struct section *secs; /* index i is ELF section i + 1 */
	size_t nsecs;
	struct symbol *syms;
	size_t nsyms;
};

struct uk_elfobj *uk_elfobj_new(void)
{
	return uk_xcalloc(1, sizeof(struct uk_elfobj));
}

unsigned uk_elfobj_section(struct uk_elfobj *o, const char *name, uint32_t type, uint64_t flags,
			   uint64_t align, const void *data, size_t size)
{
	o->secs = uk_xrealloc(o->secs, (o->nsecs + 1) * sizeof *o->secs);
	void *copy = uk_xmalloc(size);
	if (size)
		memcpy(copy, data, size);
	o->secs[o->nsecs] = (struct section){uk_xstrdup(name), type, flags, align, copy, size};
	return (unsigned)++o->nsecs;
}

void uk_elfobj_symbol(struct uk_elfobj *o, const char *name, unsigned sec, uint64_t value, uint64_t size)
{
	o->syms = uk_xrealloc(o->syms, (o->nsyms + 1) * sizeof *o->syms);
	o->syms[o->nsyms++] = (struct symbol){uk_xstrdup(name), sec, value, size};
}

static void free_obj(struct uk_elfobj *o)
{
	for (size_t i = 0; i < o->nsecs; i++) {
		free(o->secs[i].name);
		free(o->secs[i].data);
	}
	for (size_t i = 0; i < o->nsyms; i++)
		free(o->syms[i].name);
	free(o->secs);
	free(o->syms);
	free(o);
}

static Elf_Scn *add_scn(Elf *e, size_t name, uint32_t type, uint64_t flags, uint64_t align,
			void *data, size_t size, size_t entsize)
{
	Elf_Scn *s = elf_newscn(e);
	Elf_Data *d = elf_newdata(s);
	d->d_buf = data;
	d->d_size = size;
	d->d_align = align ? align : 1;
	d->d_type = ELF_T_BYTE;
	GElf_Shdr sh;
	gelf_getshdr(s, &sh);
	sh.sh_name = name;
	sh.sh_type = type;
	sh.sh_flags = flags;
	sh.sh_addralign = align ? align : 1;
	sh.sh_entsize = entsize;
	gelf_update_shdr(s, &sh);
	return s;
}

static int write_elf(struct uk_elfobj *o, int fd)
{
	Elf *e = elf_begin(fd, ELF_C_WRITE, NULL);
	if (!e)
		return -1;
	GElf_Ehdr eh;
	gelf_newehdr(e, ELFCLASS64);
	gelf_getehdr(e, &eh);
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_type = ET_REL;
	eh.e_machine = EM_X86_64;
	eh.e_version = EV_CURRENT;

	struct uk_buf shstr = {0}, str = {0};
	uk_buf_add(&shstr, "", 1);
	uk_buf_add(&str, "", 1);
	size_t *names = uk_xcalloc(o->nsecs, sizeof *names);
	for (size_t i = 0; i < o->nsecs; i++) {
		names[i] = shstr.len;
		uk_buf_add(&shstr, o->secs[i].name, strlen(o->secs[i].name) + 1);
	}
	size_t symtab_name = shstr.len;
	uk_buf_add(&shstr, ".symtab", 8);
	size_t strtab_name = shstr.len;
	uk_buf_add(&shstr, ".strtab", 8);
	size_t shstrtab_name = shstr.len;
	uk_buf_add(&shstr, ".shstrtab", 10);

	Elf64_Sym *syms = uk_xcalloc(o->nsyms + 1, sizeof *syms);
	for (size_t i = 0; i < o->nsyms; i++) {
		syms[i + 1].st_name = (Elf64_Word)str.len;
		uk_buf_add(&str, o->syms[i].name, strlen(o->syms[i].name) + 1);
		syms[i + 1].st_info = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT);
		syms[i + 1].st_shndx = (Elf64_Half)o->syms[i].sec;
		syms[i + 1].st_value = o->syms[i].value;
		syms[i + 1].st_size = o->syms[i].size;
	}

	for (size_t i = 0; i < o->nsecs; i++)
		add_scn(e, names[i], o->secs[i].type, o->secs[i].flags, o->secs[i].align,
			o->secs[i].data, o->secs[i].size, 0);
	Elf_Scn *symtab = add_scn(e, symtab_name, SHT_SYMTAB, 0, 8, syms,
				  (o->nsyms + 1) * sizeof *syms, sizeof *syms);
	Elf_Scn *strtab = add_scn(e, strtab_name, SHT_STRTAB, 0, 1, str.p, str.len, 0);
	Elf_Scn *shstrtab = add_scn(e, shstrtab_name, SHT_STRTAB, 0, 1, shstr.p, shstr.len, 0);
	elf_getdata(symtab, NULL)->d_type = ELF_T_SYM;
	GElf_Shdr sh;
	gelf_getshdr(symtab, &sh);
	sh.sh_link = (Elf64_Word)elf_ndxscn(strtab);
	sh.sh_info = 1; /* first global symbol */
	gelf_update_shdr(symtab, &sh);
	eh.e_shstrndx = (Elf64_Half)elf_ndxscn(shstrtab);
	gelf_update_ehdr(e, &eh);

	int r = elf_update(e, ELF_C_WRITE) < 0 ? -1 : 0;
	elf_end(e);
	free(names);
	free(syms);
	uk_buf_free(&shstr);
	uk_buf_free(&str);
	return r;
}

int uk_elfobj_write(struct uk_elfobj *o, const char *path)
{
	elf_version(EV_CURRENT);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int r = -1;
	if (fd < 0)
		uk_error("cannot create %s:", path);
	else if ((r = write_elf(o, fd)) < 0)
		uk_error("cannot write %s: %s", path, elf_errmsg(-1));
	if (fd >= 0)
		close(fd);
	free_obj(o);
	return r;
}

void uk_elf_note(struct uk_buf *buf, const char *owner, uint32_t type, const void *desc, size_t n)
{
	static const char zeros[8];
	uint32_t hdr[3] = {(uint32_t)strlen(owner) + 1, (uint32_t)n, type};
	uk_buf_add(buf, hdr, sizeof hdr);
	uk_buf_add(buf, owner, hdr[0]);
	uk_buf_add(buf, zeros, (4 - hdr[0] % 4) % 4);
	uk_buf_add(buf, desc, n);
	uk_buf_add(buf, zeros, (4 - n % 4) % 4);
}
