/* symtab.c: builds the guest's symbol table from the first link's ELF symbols. */
#include "symtab.h"

#include <fcntl.h>
#include <gelf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uk/abi.h>

struct fn {
	uint32_t addr;
	const char *name;
	int global;
};

static int by_addr(const void *a, const void *b)
{
	const struct fn *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->global != y->global) /* globals first, so they win over local aliases */
		return y->global - x->global;
	return strcmp(x->name, y->name); /* deterministic */
}

static int collect(Elf *e, struct fn **out, size_t *n)
{
	Elf_Scn *s = NULL;
	while ((s = elf_nextscn(e, s))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(s, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		Elf_Data *d = elf_getdata(s, NULL);
		size_t count = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
		*out = uk_xcalloc(count, sizeof **out);
		for (size_t i = 0; i < count; i++) {
			GElf_Sym sym;
			if (!gelf_getsym(d, (int)i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
			    !sym.st_value || sym.st_value > UINT32_MAX)
				continue;
			const char *name = elf_strptr(e, sh.sh_link, sym.st_name);
			if (!name || !*name)
				continue;
			(*out)[(*n)++] = (struct fn){(uint32_t)sym.st_value, name,
						     GELF_ST_BIND(sym.st_info) != STB_LOCAL};
		}
		return 0;
	}
	return -1;
}

static void build_table(struct fn *fns, size_t n, struct uk_buf *out)
{
	qsort(fns, n, sizeof *fns, by_addr);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) /* one name per address */
		if (!kept || fns[kept - 1].addr != fns[i].addr)
			fns[kept++] = fns[i];
	size_t names = 0;
	for (size_t i = 0; i < kept; i++)
		names += strlen(fns[i].name) + 1;
	uint32_t hdr[3] = {UK_SYMTAB_MAGIC, (uint32_t)kept, (uint32_t)(sizeof hdr + kept * 4 + names)};
	uk_buf_add(out, hdr, sizeof hdr);
	for (size_t i = 0; i < kept; i++)
		uk_buf_add(out, &fns[i].addr, sizeof fns[i].addr);
	for (size_t i = 0; i < kept; i++)
		uk_buf_add(out, fns[i].name, strlen(fns[i].name) + 1);
}

/* Where the placeholder table sits: its section index and its segment's index. */
struct place {
	size_t shndx, phndx;
	GElf_Ehdr eh;
};

static int find_place(Elf *e, struct place *p)
{
	size_t shstrndx;
	if (!gelf_getehdr(e, &p->eh) || elf_getshdrstrndx(e, &shstrndx))
		return -1;
	Elf_Scn *s = NULL;
	GElf_Shdr sh;
	while ((s = elf_nextscn(e, s))) {
		const char *name;
		if (gelf_getshdr(s, &sh) && (name = elf_strptr(e, shstrndx, sh.sh_name)) &&
		    !strcmp(name, ".uk_symtab"))
			break;
	}
	if (!s)
		return -1;
	p->shndx = elf_ndxscn(s);
	for (size_t i = 0; i < p->eh.e_phnum; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_LOAD && ph.p_vaddr == sh.sh_addr) {
			p->phndx = i;
			return 0;
		}
	}
	return -1;
}

static int patch(int fd, const struct place *p, const struct uk_buf *table)
{
	off_t end = lseek(fd, 0, SEEK_END);
	if (end < 0)
		return -1;
	uint64_t off = ((uint64_t)end + 7) & ~7ULL;
	Elf64_Phdr ph;
	Elf64_Shdr sh;
	off_t pho = (off_t)(p->eh.e_phoff + p->phndx * p->eh.e_phentsize);
	off_t sho = (off_t)(p->eh.e_shoff + p->shndx * p->eh.e_shentsize);
	if (pread(fd, &ph, sizeof ph, pho) != sizeof ph || pread(fd, &sh, sizeof sh, sho) != sizeof sh)
		return -1;
	/* The segment's address is 8-aligned and so is the new offset: p_align 8 keeps
	 * p_offset = p_vaddr (mod p_align) without padding the file to a page. */
	ph.p_offset = sh.sh_offset = off;
	ph.p_filesz = ph.p_memsz = sh.sh_size = table->len;
	ph.p_align = 8;
	if (pwrite(fd, table->p, table->len, (off_t)off) != (ssize_t)table->len ||
	    pwrite(fd, &ph, sizeof ph, pho) != sizeof ph || pwrite(fd, &sh, sizeof sh, sho) != sizeof sh)
		return -1;
	return 0;
}

int uk_symtab_append(const char *image)
{
	elf_version(EV_CURRENT);
	int fd = open(image, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		uk_error("cannot open %s:", image);
		return -1;
	}
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	struct fn *fns = NULL;
	size_t n = 0;
	struct place place;
	int r = -1;
	if (!e || collect(e, &fns, &n) < 0) {
		uk_error("%s: no symbol table", image);
	} else if (find_place(e, &place) < 0) {
		uk_error("%s: no .uk_symtab segment (is the runtime older than this ukcc?)", image);
	} else {
		struct uk_buf table = {0};
		build_table(fns, n, &table);
		elf_end(e);
		e = NULL;
		if ((r = patch(fd, &place, &table)) < 0)
			uk_error("cannot write the symbol table into %s:", image);
		uk_buf_free(&table);
	}
	free(fns);
	if (e)
		elf_end(e);
	close(fd);
	return r;
}
