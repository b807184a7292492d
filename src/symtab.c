/* symtab.c: builds the guest's symbol table from the first link's ELF symbols. */
#include "symtab.h"

#include <fcntl.h>
#include <gelf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SYMTAB_MAGIC 0x79736b75u

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

int uk_symtab_build(const char *image, struct uk_buf *out)
{
	elf_version(EV_CURRENT);
	int fd = open(image, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		uk_error("cannot open %s:", image);
		return -1;
	}
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	struct fn *fns = NULL;
	size_t n = 0;
	if (!e || collect(e, &fns, &n) < 0) {
		uk_error("%s: no symbol table", image);
		if (e)
			elf_end(e);
		close(fd);
		return -1;
	}
	qsort(fns, n, sizeof *fns, by_addr);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) /* one name per address */
		if (!kept || fns[kept - 1].addr != fns[i].addr)
			fns[kept++] = fns[i];

	uint32_t hdr[2] = {SYMTAB_MAGIC, (uint32_t)kept};
	uk_buf_add(out, hdr, sizeof hdr);
	uint32_t name_off = 0;
	for (size_t i = 0; i < kept; i++) {
		uint32_t ent[2] = {fns[i].addr, name_off};
		uk_buf_add(out, ent, sizeof ent);
		name_off += (uint32_t)strlen(fns[i].name) + 1;
	}
	for (size_t i = 0; i < kept; i++)
		uk_buf_add(out, fns[i].name, strlen(fns[i].name) + 1);
	free(fns);
	elf_end(e);
	close(fd);
	return 0;
}
