/* objfile.c: reads objects and archives with libelf for the dependency analysis. */
#include "objfile.h"

#include <ar.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

Elf *uk_elf_open(const char *path, int *fd)
{
	elf_version(EV_CURRENT);
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		uk_error("cannot open %s:", path);
		return NULL;
	}
	Elf *e = elf_begin(*fd, ELF_C_READ, NULL);
	if (!e || (elf_kind(e) != ELF_K_ELF && elf_kind(e) != ELF_K_AR)) {
		uk_error("%s: not an ELF object or archive", path);
		if (e)
			elf_end(e);
		close(*fd);
		*fd = -1;
		return NULL;
	}
	return e;
}

static const char *machine_name(int m)
{
	switch (m) {
	case EM_386: return "i386";
	case EM_AARCH64: return "aarch64";
	case EM_ARM: return "arm";
	case EM_RISCV: return "riscv";
	case EM_PPC64: return "ppc64";
	case EM_S390: return "s390";
	default: return NULL;
	}
}

static int check_header(Elf *e, const char *file)
{
	GElf_Ehdr eh;
	if (!gelf_getehdr(e, &eh)) {
		uk_error("%s: corrupt ELF header: %s", file, elf_errmsg(-1));
		return -1;
	}
	if (eh.e_machine != EM_X86_64 || gelf_getclass(e) != ELFCLASS64) {
		const char *m = machine_name(eh.e_machine);
		if (m)
			uk_error("%s: object for %s, not x86-64: rebuild it for x86_64", file, m);
		else
			uk_error("%s: object for ELF machine %d (%d-bit), not x86-64", file, eh.e_machine,
				 gelf_getclass(e) == ELFCLASS64 ? 64 : 32);
		return -1;
	}
	if (eh.e_type != ET_REL) {
		uk_error("%s: not a relocatable object (ELF type %d): link objects (.o) or archives (.a)", file, eh.e_type);
		return -1;
	}
	return 0;
}

struct owner {
	uint64_t start, end;
	const char *name;
};

static int by_start(const void *a, const void *b)
{
	const struct owner *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The named symbols of each section, sorted, to say which function holds a reference. */
struct owners {
	struct owner *v;
	size_t n;
};

static const char *owner_at(const struct owners *o, uint64_t off)
{
	const char *best = NULL;
	for (size_t lo = 0, hi = o->n; lo < hi;) {
		size_t mid = (lo + hi) / 2;
		if (o->v[mid].start <= off) {
			if (off < o->v[mid].end || o->v[mid].end == o->v[mid].start)
				best = o->v[mid].name;
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return best;
}

static int read_symbols(Elf *e, const char *file, Elf_Scn *symscn, struct uk_object *o,
			struct owners *owners, size_t nsecs)
{
	GElf_Shdr sh;
	gelf_getshdr(symscn, &sh);
	Elf_Data *d = elf_getdata(symscn, NULL);
	if (!d || !sh.sh_entsize) {
		uk_error("%s: corrupt symbol table", file);
		return -1;
	}
	size_t n = sh.sh_size / sh.sh_entsize;
	for (size_t i = 1; i < n; i++) {
		GElf_Sym s;
		if (!gelf_getsym(d, (int)i, &s))
			break;
		const char *name = elf_strptr(e, sh.sh_link, s.st_name);
		int type = GELF_ST_TYPE(s.st_info), bind = GELF_ST_BIND(s.st_info);
		if (!name || !*name || type == STT_SECTION || type == STT_FILE)
			continue;
		if (s.st_shndx != SHN_UNDEF && s.st_shndx < nsecs && (type == STT_FUNC || type == STT_OBJECT)) {
			struct owners *ow = &owners[s.st_shndx];
			ow->v = uk_xrealloc(ow->v, (ow->n + 1) * sizeof *ow->v);
			ow->v[ow->n++] = (struct owner){s.st_value, s.st_value + s.st_size, name};
		}
		if (s.st_shndx != SHN_UNDEF && bind != STB_LOCAL)
			uk_strv_push(&o->defs, name);
	}
	for (size_t i = 0; i < nsecs; i++)
		if (owners[i].n)
			qsort(owners[i].v, owners[i].n, sizeof *owners[i].v, by_start);
	return 0;
}

static void add_ref(struct uk_object *o, const char *sym, const char *from, bool weak)
{
	for (size_t i = 0; i < o->nrefs; i++) /* one reference per symbol is enough */
		if (!strcmp(o->refs[i].sym, sym))
			return;
	uk_strv_push(&o->names, sym);
	const char *s = o->names.v[o->names.n - 1];
	const char *f = NULL;
	if (from) {
		uk_strv_push(&o->names, from);
		f = o->names.v[o->names.n - 1];
	}
	o->refs = uk_xrealloc(o->refs, (o->nrefs + 1) * sizeof *o->refs);
	o->refs[o->nrefs++] = (struct uk_ref){s, f, weak};
}

static void read_relocs(Elf *e, Elf_Scn *rs, struct uk_object *o, const struct owners *owners, size_t nsecs)
{
	GElf_Shdr sh, symsh;
	gelf_getshdr(rs, &sh);
	Elf_Scn *symscn = elf_getscn(e, sh.sh_link);
	Elf_Data *rd = elf_getdata(rs, NULL), *sd = symscn ? elf_getdata(symscn, NULL) : NULL;
	if (!rd || !sd || !gelf_getshdr(symscn, &symsh) || !sh.sh_entsize)
		return;
	size_t n = sh.sh_size / sh.sh_entsize;
	for (size_t i = 0; i < n; i++) {
		GElf_Rela r;
		GElf_Rel rel;
		uint64_t off, info;
		if (sh.sh_type == SHT_RELA) {
			if (!gelf_getrela(rd, (int)i, &r))
				break;
			off = r.r_offset, info = r.r_info;
		} else {
			if (!gelf_getrel(rd, (int)i, &rel))
				break;
			off = rel.r_offset, info = rel.r_info;
		}
		GElf_Sym s;
		if (!gelf_getsym(sd, (int)GELF_R_SYM(info), &s) || s.st_shndx != SHN_UNDEF ||
		    GELF_ST_BIND(s.st_info) == STB_LOCAL)
			continue;
		const char *name = elf_strptr(e, symsh.sh_link, s.st_name);
		if (name && *name)
			add_ref(o, name, sh.sh_info < nsecs ? owner_at(&owners[sh.sh_info], off) : NULL,
				GELF_ST_BIND(s.st_info) == STB_WEAK);
	}
}

/* Undefined symbols that no relocation uses still make a linker fetch members. */
static void unreferenced_undefs(Elf *e, Elf_Scn *symscn, struct uk_object *o)
{
	GElf_Shdr sh;
	gelf_getshdr(symscn, &sh);
	Elf_Data *d = elf_getdata(symscn, NULL);
	for (size_t i = 1; d && i < sh.sh_size / sh.sh_entsize; i++) {
		GElf_Sym s;
		if (!gelf_getsym(d, (int)i, &s) || s.st_shndx != SHN_UNDEF || GELF_ST_BIND(s.st_info) == STB_LOCAL)
			continue;
		const char *name = elf_strptr(e, sh.sh_link, s.st_name);
		if (name && *name)
			add_ref(o, name, NULL, GELF_ST_BIND(s.st_info) == STB_WEAK);
	}
}

int uk_object_read(Elf *e, const char *file, struct uk_object *o)
{
	if (check_header(e, file) < 0)
		return -1;
	size_t nsecs;
	if (elf_getshdrnum(e, &nsecs)) {
		uk_error("%s: corrupt section headers: %s", file, elf_errmsg(-1));
		return -1;
	}
	struct owners *owners = uk_xcalloc(nsecs, sizeof *owners);
	Elf_Scn *s = NULL, *symscn = NULL;
	int r = 0;
	while ((s = elf_nextscn(e, s))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(s, &sh)) {
			uk_error("%s: corrupt section header: %s", file, elf_errmsg(-1));
			r = -1;
			break;
		}
		if (sh.sh_type == SHT_SYMTAB)
			symscn = s;
	}
	if (!r && symscn)
		r = read_symbols(e, file, symscn, o, owners, nsecs);
	for (s = NULL; !r && (s = elf_nextscn(e, s));) {
		GElf_Shdr sh;
		gelf_getshdr(s, &sh);
		if (sh.sh_type == SHT_RELA || sh.sh_type == SHT_REL)
			read_relocs(e, s, o, owners, nsecs);
	}
	if (!r && symscn)
		unreferenced_undefs(e, symscn, o);
	for (size_t i = 0; i < nsecs; i++)
		free(owners[i].v);
	free(owners);
	return r;
}

void uk_object_free(struct uk_object *o)
{
	free(o->display);
	free(o->member);
	uk_strv_free(&o->defs);
	uk_strv_free(&o->names);
	free(o->refs);
	free(o->sites);
	*o = (struct uk_object){0};
}

int uk_object_scan(Elf *e, const char *file, struct uk_object *o)
{
	struct uk_syscall_site *sites;
	size_t n;
	if (uk_scan_syscall_sites(e, file, uk_musl_takers, &sites, &n) < 0)
		return -1;
	o->sites = uk_xrealloc(o->sites, (o->nsites + n) * sizeof *o->sites);
	for (size_t i = 0; i < n; i++) {
		const char *fn = NULL;
		if (sites[i].function) {
			uk_strv_push(&o->names, sites[i].function);
			fn = o->names.v[o->names.n - 1];
		}
		o->sites[o->nsites++] = (struct uk_site){sites[i].nr, sites[i].via, fn};
	}
	uk_sites_free(sites);
	return 0;
}

int uk_archive_open(const char *path, struct uk_archive *a)
{
	*a = (struct uk_archive){.path = uk_xstrdup(path), .fd = -1};
	a->elf = uk_elf_open(path, &a->fd);
	if (!a->elf)
		return -1;
	if (elf_kind(a->elf) != ELF_K_AR) {
		uk_error("%s: not an archive", path);
		return -1;
	}
	size_t n;
	Elf_Arsym *syms = elf_getarsym(a->elf, &n);
	if (!syms) {
		size_t size = 0;
		elf_rawfile(a->elf, &size);
		if (size == SARMAG)
			return 0; /* an empty archive, like musl's libm.a: nothing to extract */
		uk_error("%s: corrupt archive, or one without a symbol index (run ranlib on it)", path);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (syms[i].as_name) /* the first definition wins, as in the linker */
			uk_strmap_put(&a->index, syms[i].as_name, (void *)(uintptr_t)(syms[i].as_off + 1));
	return 0;
}

Elf *uk_archive_fetch(struct uk_archive *a, const char *sym, const char **name, size_t *offp)
{
	uintptr_t off = (uintptr_t)uk_strmap_get(&a->index, sym);
	if (!off)
		return NULL;
	if (elf_rand(a->elf, off - 1) != off - 1) {
		uk_error("%s: corrupt archive (member for %s at offset %zu)", a->path, sym, (size_t)(off - 1));
		return NULL;
	}
	Elf *m = elf_begin(a->fd, ELF_C_READ, a->elf);
	Elf_Arhdr *h = m ? elf_getarhdr(m) : NULL;
	if (!h) {
		uk_error("%s: corrupt archive member for %s", a->path, sym);
		if (m)
			elf_end(m);
		return NULL;
	}
	*name = h->ar_name;
	*offp = (size_t)(off - 1);
	return m;
}

void uk_archive_close(struct uk_archive *a)
{
	uk_strmap_free(&a->index);
	if (a->elf)
		elf_end(a->elf);
	if (a->fd >= 0)
		close(a->fd);
	free(a->path);
	*a = (struct uk_archive){.fd = -1};
}
