/* sysscan.c: system-call sites in x86-64 ELF relocatable objects and the numbers they can use.
 *
 * Method. Each executable section is decoded linearly from its start and from every symbol
 * in it (x86dec.c); every relocation must land on a displacement or immediate, which checks
 * the decoding. A site is a `syscall` (number in rax), an `int $0x80`, or a call or tail jump
 * whose rel32 (or GOTPCREL slot) is relocated against a "taker" such as __syscall_cp (number
 * in an argument register). From a site we walk the control-flow graph backwards, tracking
 * the register that holds the number: `mov $imm` (B8+r, C7 /0), `xor r,r`, `sub r,r` and
 * `xor r,r; mov $imm8,r8` end a path with a constant, as does a `test r,r`/`cmp $imm,r`
 * before the je/jne edge we came along; a register move follows its source, a cmov both;
 * any other write (a call clobbers the caller-saved registers, by the SysV ABI) makes the
 * site dynamic. Predecessors are the fall-through (not after calls to abort, exit, ...) and
 * every direct jump; jump-table targets (PC-relative or absolute tables that only their own
 * code section refers to) are also reached by that section's indirect jumps. Where values
 * arrive from outside, the number is dynamic: symbols (function entries), call targets, and
 * any other code address a relocation or an unrelocated RIP-relative operand makes known.
 * Undecodable bytes, a jump into the middle of an instruction (except one that only skips
 * prefixes, as glibc's `je 1f; lock; 1:` does) or a relocation that does not fit the decoding
 * make every site in the section dynamic and add an "undecodable" site. A site that can see
 * several constants is reported once per constant.
 */
#include "sysscan.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "x86dec.h"

const struct uk_syscall_taker uk_musl_takers[] = {
	{"syscall", 0},
	{"__syscall_cp", 0},
	{"__syscall_cp_c", 0},
	{"__syscall_cp_asm", 1},
	{"__setxid", 0},
	{NULL, 0},
};

#define PUSH(v, n, cap, ...) \
	do { \
		if ((n) == (cap)) { \
			(cap) = (cap) ? 2 * (cap) : 16; \
			(v) = uk_xrealloc((v), (cap) * sizeof *(v)); \
		} \
		(v)[(n)++] = (__VA_ARGS__); \
	} while (0)

struct sym {
	const char *name;
	uint64_t value, size;
	size_t shndx; /* 0 unless defined in a real section */
	unsigned char type, bind;
	int taker;    /* index into takers, or -1 */
};

struct rel {
	uint64_t off;
	int64_t addend;
	uint32_t type;
	uint32_t sym;
};

struct ins {
	struct x86_insn x;
	uint64_t off;
	int32_t target;     /* in-section jump target (instruction index), or -1 */
	int32_t taker;      /* a call/jump to this taker (index), or -1 */
	const char *callee; /* its symbol name */
	bool entry;         /* values may arrive here from outside the analysed code */
	bool noreturn;      /* a call to a function that does not return */
};

struct range {
	uint64_t lo, hi;
	bool indirect; /* a jump-table target: reached by the section's own indirect jumps */
};

struct sec {
	GElf_Shdr sh;
	const char *name;
	bool exec;
	const uint8_t *data;
	size_t size;
	uint32_t *syms; /* the symbols defined here (not section/file symbols), by value */
	size_t nsyms;
	struct rel *rels; /* relocations applying to this section, by offset */
	size_t nrels;
	/* executable sections */
	struct ins *ins;
	size_t nins, cins;
	struct range *taken; /* address-taken offsets (ranges where inexact) */
	size_t ntaken, ctaken;
	bool suspect;
	/* data sections: offsets that code refers to PC-relatively (jump-table bases) */
	uint64_t *bases;
	size_t nbases, cbases;
	/* data sections: the one code section referring to it, or -1 if data or several code
	 * sections refer to it, or it has a global symbol (then its code pointers may be used
	 * anywhere); 0 if nothing does */
	long owner;
};

struct scan {
	Elf *e;
	const char *name;
	const struct uk_syscall_taker *takers;
	struct sec *secs;
	size_t nsecs;
	struct sym *syms;
	size_t nsyms;
	struct uk_syscall_site *out;
	size_t nout, cout;
	/* the backward walk */
	uint32_t *stamp, *seen; /* per instruction: generation, (register, truncated) pairs seen */
	size_t cstamp;
	uint32_t gen;
};

static int bad(struct scan *s, const char *what)
{
	uk_error("%s: %s", s->name, what);
	return -1;
}

static int elf_bad(struct scan *s)
{
	return bad(s, elf_errmsg(-1));
}

/* ---- reading the object ---- */

static int load_sections(struct scan *s)
{
	GElf_Ehdr eh;
	size_t shstr;
	if (!gelf_getehdr(s->e, &eh) || elf_getshdrnum(s->e, &s->nsecs) || elf_getshdrstrndx(s->e, &shstr))
		return elf_bad(s);
	if (gelf_getclass(s->e) != ELFCLASS64 || eh.e_machine != EM_X86_64)
		return bad(s, "not an x86-64 ELF64 object");
	if (eh.e_type != ET_REL)
		return bad(s, "not a relocatable object");
	s->secs = uk_xcalloc(s->nsecs ? s->nsecs : 1, sizeof *s->secs);
	for (size_t i = 1; i < s->nsecs; i++) {
		struct sec *c = &s->secs[i];
		Elf_Scn *scn = elf_getscn(s->e, i);
		if (!scn || !gelf_getshdr(scn, &c->sh))
			return elf_bad(s);
		c->name = elf_strptr(s->e, shstr, c->sh.sh_name);
		if (!c->name)
			c->name = "";
		c->exec = c->sh.sh_type == SHT_PROGBITS && (c->sh.sh_flags & SHF_EXECINSTR);
		if (c->exec && c->sh.sh_size) {
			Elf_Data *d = elf_getdata(scn, NULL);
			if (!d || d->d_size != c->sh.sh_size)
				return bad(s, "unreadable code section");
			c->data = d->d_buf;
			c->size = d->d_size;
		}
	}
	return 0;
}

static int load_symbols(struct scan *s)
{
	Elf_Scn *scn = NULL, *symscn = NULL, *xscn = NULL;
	GElf_Shdr sh, symsh = {0};
	while ((scn = elf_nextscn(s->e, scn))) {
		if (!gelf_getshdr(scn, &sh))
			return elf_bad(s);
		if (sh.sh_type == SHT_SYMTAB) {
			symscn = scn;
			symsh = sh;
		} else if (sh.sh_type == SHT_SYMTAB_SHNDX) {
			xscn = scn;
		}
	}
	if (!symscn)
		return 0; /* no symbols: no relocations either */
	Elf_Data *d = elf_getdata(symscn, NULL), *xd = xscn ? elf_getdata(xscn, NULL) : NULL;
	if (!d || !symsh.sh_entsize)
		return elf_bad(s);
	s->nsyms = d->d_size / symsh.sh_entsize;
	s->syms = uk_xcalloc(s->nsyms ? s->nsyms : 1, sizeof *s->syms);
	for (size_t i = 0; i < s->nsyms; i++) {
		GElf_Sym st;
		Elf32_Word xndx = 0;
		struct sym *y = &s->syms[i];
		if (!gelf_getsymshndx(d, xd, (int)i, &st, &xndx))
			return elf_bad(s);
		y->name = elf_strptr(s->e, symsh.sh_link, st.st_name);
		if (!y->name)
			y->name = "";
		y->value = st.st_value;
		y->size = st.st_size;
		y->type = GELF_ST_TYPE(st.st_info);
		y->bind = GELF_ST_BIND(st.st_info);
		size_t ndx = st.st_shndx == SHN_XINDEX ? xndx : st.st_shndx;
		if (st.st_shndx != SHN_UNDEF && (st.st_shndx < SHN_LORESERVE || st.st_shndx == SHN_XINDEX)) {
			if (ndx >= s->nsecs)
				return bad(s, "symbol in a section that does not exist");
			y->shndx = ndx;
		}
		if (y->shndx && y->bind != STB_LOCAL && !s->secs[y->shndx].exec)
			s->secs[y->shndx].owner = -1;
		y->taker = -1;
		if (*y->name && y->type != STT_SECTION && y->type != STT_FILE)
			for (int t = 0; s->takers[t].name; t++)
				if (!strcmp(s->takers[t].name, y->name))
					y->taker = t;
	}
	return 0;
}

struct symkey {
	uint64_t value;
	uint32_t index;
};

static int cmp_symkey(const void *a, const void *b)
{
	const struct symkey *x = a, *y = b;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Each section's symbols by value (decoding starts, entries, function names). */
static void index_symbols(struct scan *s)
{
	struct symkey *keys = uk_xmalloc((s->nsyms ? s->nsyms : 1) * sizeof *keys);
	size_t n = 0;
	for (size_t i = 1; i < s->nsyms; i++) {
		const struct sym *y = &s->syms[i];
		if (y->shndx && y->type != STT_SECTION && y->type != STT_FILE) {
			keys[n++] = (struct symkey){y->value, (uint32_t)i};
			s->secs[y->shndx].nsyms++;
		}
	}
	if (n)
		qsort(keys, n, sizeof *keys, cmp_symkey);
	for (size_t i = 1; i < s->nsecs; i++) {
		s->secs[i].syms = uk_xmalloc((s->secs[i].nsyms ? s->secs[i].nsyms : 1) * sizeof(uint32_t));
		s->secs[i].nsyms = 0;
	}
	for (size_t k = 0; k < n; k++) {
		struct sec *c = &s->secs[s->syms[keys[k].index].shndx];
		c->syms[c->nsyms++] = keys[k].index;
	}
	free(keys);
}

static int cmp_rel(const void *a, const void *b)
{
	const struct rel *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Relocations of allocated sections, except .eh_frame (whose references to code are
 * function starts, and whose PC-relative entries would look like jump tables). */
static int load_relocations(struct scan *s)
{
	for (size_t i = 1; i < s->nsecs; i++) {
		GElf_Shdr *rh = &s->secs[i].sh;
		if (rh->sh_type != SHT_RELA && rh->sh_type != SHT_REL)
			continue;
		if (rh->sh_info == 0 || rh->sh_info >= s->nsecs)
			return bad(s, "relocations for a section that does not exist");
		struct sec *c = &s->secs[rh->sh_info];
		if (!(c->sh.sh_flags & SHF_ALLOC) || c->sh.sh_type == SHT_X86_64_UNWIND ||
		    !strcmp(c->name, ".eh_frame"))
			continue;
		if (rh->sh_type == SHT_REL)
			return bad(s, "REL relocations (x86-64 uses RELA)");
		Elf_Data *d = elf_getdata(elf_getscn(s->e, i), NULL);
		if (!d || !rh->sh_entsize)
			return elf_bad(s);
		size_t n = d->d_size / rh->sh_entsize;
		c->rels = uk_xrealloc(c->rels, (c->nrels + n) * sizeof *c->rels);
		for (size_t k = 0; k < n; k++) {
			struct rel *r = &c->rels[c->nrels++];
			GElf_Rela ra;
			if (!gelf_getrela(d, (int)k, &ra))
				return elf_bad(s);
			r->off = ra.r_offset;
			r->addend = ra.r_addend;
			r->type = (uint32_t)GELF_R_TYPE(ra.r_info);
			r->sym = (uint32_t)GELF_R_SYM(ra.r_info);
			if (r->sym >= s->nsyms || (c->sh.sh_type != SHT_NOBITS && r->off >= c->sh.sh_size))
				return bad(s, "relocation out of range");
			size_t d = s->syms[r->sym].shndx;
			if (d && !s->secs[d].exec) {
				long from = c->exec ? (long)rh->sh_info : -1;
				struct sec *ds = &s->secs[d];
				ds->owner = !ds->owner || ds->owner == from ? from : -1;
			}
		}
		qsort(c->rels, c->nrels, sizeof *c->rels, cmp_rel);
	}
	return 0;
}

/* ---- sites ---- */

static void add_site(struct scan *s, size_t sec, uint64_t off, long nr, int via, const char *callee,
		     const char *function)
{
	PUSH(s->out, s->nout, s->cout,
	     (struct uk_syscall_site){.section = sec, .offset = off, .nr = nr, .via = via,
				      .callee = callee, .function = function});
}

/* The STT_FUNC symbol containing off (GLOBAL over WEAK over LOCAL); a size-0 symbol (from
 * assembly without .size) extends to the next function symbol. */
static const char *function_at(const struct scan *s, size_t sec, uint64_t off)
{
	static const int rank[] = {[STB_LOCAL] = 1, [STB_GLOBAL] = 3, [STB_WEAK] = 2};
	const struct sec *c = &s->secs[sec];
	const struct sym *best = NULL;
	for (size_t i = 0; i < c->nsyms && s->syms[c->syms[i]].value <= off; i++) {
		const struct sym *y = &s->syms[c->syms[i]];
		if (y->type != STT_FUNC)
			continue;
		uint64_t end = y->value + y->size;
		if (!y->size) {
			end = c->size;
			for (size_t k = i + 1; k < c->nsyms; k++) {
				const struct sym *z = &s->syms[c->syms[k]];
				if (z->type == STT_FUNC && z->value > y->value) {
					end = z->value;
					break;
				}
			}
		}
		if (off >= end)
			continue;
		int r = y->bind <= STB_WEAK ? rank[y->bind] : 0;
		int br = best && best->bind <= STB_WEAK ? rank[best->bind] : 0;
		if (!best || best->value < y->value || (best->value == y->value && r > br))
			best = y;
	}
	return best ? best->name : NULL;
}

static void suspect(struct scan *s, size_t sec, uint64_t off)
{
	struct sec *c = &s->secs[sec];
	c->suspect = true;
	add_site(s, sec, off, -1, UK_SITE_UNDECODABLE, NULL, function_at(s, sec, off));
}

/* ---- decoding ---- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Bytes that only fill space before a symbol: zeros, nop and int3. */
static bool is_padding(const uint8_t *p, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		if (p[i] != 0 && p[i] != 0x90 && p[i] != 0xcc)
			return false;
	return true;
}

/* Decodes linearly from offset 0 and from every symbol, each run up to the next start;
 * a run starting at an object symbol (and no other) is data. */
static void decode_section(struct scan *s, size_t sec)
{
	struct sec *c = &s->secs[sec];
	size_t k = 0; /* c->syms[k..] start at or after off */
	uint64_t off = 0;
	while (off < c->size) {
		bool object = false, other = off == 0 && (!c->nsyms || s->syms[c->syms[0]].value);
		for (; k < c->nsyms && s->syms[c->syms[k]].value == off; k++) {
			object |= s->syms[c->syms[k]].type == STT_OBJECT;
			other |= s->syms[c->syms[k]].type != STT_OBJECT;
		}
		uint64_t end = k < c->nsyms && s->syms[c->syms[k]].value < c->size
				       ? s->syms[c->syms[k]].value : c->size;
		while (!(object && !other) && off < end) {
			struct ins in = {.off = off, .target = -1, .taker = -1};
			int len = x86_decode(c->data + off, c->size - off, &in.x);
			if (!len || off + (uint64_t)len > end) {
				if (!is_padding(c->data + off, end - off))
					suspect(s, sec, off);
				break;
			}
			PUSH(c->ins, c->nins, c->cins, in);
			off += (uint64_t)len;
		}
		off = end;
	}
}

/* The first instruction at or after off (nins if none). */
static size_t ins_from(const struct sec *c, uint64_t off)
{
	size_t lo = 0, hi = c->nins;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->ins[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The instruction starting at off, or -1. */
static long ins_at(const struct sec *c, uint64_t off)
{
	size_t i = ins_from(c, off);
	return i < c->nins && c->ins[i].off == off ? (long)i : -1;
}

/* The instruction containing off, or -1. */
static long ins_containing(const struct sec *c, uint64_t off)
{
	size_t lo = 0, hi = c->nins;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->ins[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return -1;
	const struct ins *in = &c->ins[lo - 1];
	return off < in->off + in->x.len ? (long)(lo - 1) : -1;
}

/* ---- relocations: calls to takers, jump edges, address-taken code ---- */

/* What a relocation makes of its symbol: an address (ABS), an address relative to the place
 * (PCREL), the address of a GOT slot holding the symbol's address (GOT), no address (NONE:
 * sizes, TLS offsets), or something we do not know (OTHER). */
enum { R_ABS, R_PCREL, R_GOT, R_NONE, R_OTHER };

static int rel_kind(uint32_t type)
{
	switch (type) {
	case R_X86_64_64: case R_X86_64_32: case R_X86_64_32S: case R_X86_64_16: case R_X86_64_8:
	case R_X86_64_GOTOFF64: case R_X86_64_PLTOFF64:
		return R_ABS;
	case R_X86_64_PC32: case R_X86_64_PLT32: case R_X86_64_PC64: case R_X86_64_PC16:
	case R_X86_64_PC8:
		return R_PCREL;
	case R_X86_64_GOTPCREL: case R_X86_64_GOTPCRELX: case R_X86_64_REX_GOTPCRELX:
	case R_X86_64_GOTPCREL64: case R_X86_64_GOT32: case R_X86_64_GOT64: case R_X86_64_GOTPLT64:
		return R_GOT;
	case R_X86_64_NONE: case R_X86_64_SIZE32: case R_X86_64_SIZE64: case R_X86_64_DTPMOD64:
	case R_X86_64_DTPOFF64: case R_X86_64_TPOFF64: case R_X86_64_TLSGD: case R_X86_64_TLSLD:
	case R_X86_64_DTPOFF32: case R_X86_64_GOTTPOFF: case R_X86_64_TPOFF32:
	case R_X86_64_GOTPC32: case R_X86_64_GOTPC64: case R_X86_64_GOTPC32_TLSDESC:
	case R_X86_64_TLSDESC_CALL: case R_X86_64_TLSDESC:
		return R_NONE;
	}
	return R_OTHER;
}

static void add_taken(struct scan *s, size_t sec, uint64_t lo, uint64_t hi, bool indirect)
{
	struct sec *c = &s->secs[sec];
	PUSH(c->taken, c->ntaken, c->ctaken, (struct range){lo, hi, indirect});
}

/* A reference into executable section t at offset tgt (from a relocation or a RIP-relative
 * operand): an entry for the analysis. A reference into the middle of an instruction could
 * start a different instruction stream, which the analysis cannot see. */
static void take(struct scan *s, size_t t, int64_t tgt, bool indirect)
{
	struct sec *c = &s->secs[t];
	if (tgt < 0 || (uint64_t)tgt >= c->size)
		return; /* not code of this section (e.g. an end marker) */
	if (ins_at(c, (uint64_t)tgt) >= 0)
		add_taken(s, t, (uint64_t)tgt, (uint64_t)tgt, indirect);
	else if (ins_containing(c, (uint64_t)tgt) >= 0)
		suspect(s, t, (uint64_t)tgt);
}

/* Functions that never return, by the C and POSIX standards (and the stack protector ABI):
 * code after a call to them is reached only by jumps, typically a jump-table target. */
static bool is_noreturn(const char *name)
{
	static const char *const names[] = {
		"abort", "exit", "_exit", "_Exit", "quick_exit", "longjmp", "_longjmp", "siglongjmp",
		"pthread_exit", "__stack_chk_fail", "__assert_fail",
	};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcmp(name, names[i]))
			return true;
	return false;
}

static bool is_got_branch(const struct ins *in, const struct rel *r)
{
	const struct x86_insn *x = &in->x;
	unsigned reg = (x->modrm >> 3) & 7u;
	return x->map == X86_MAP_1B && x->op == 0xff && (reg == 2 || reg == 4) && x->rip_rel &&
	       r->off == in->off + x->disp_off && rel_kind(r->type) == R_GOT;
}

static void data_reloc(struct scan *s, size_t sec, const struct rel *r);

static void code_relocations(struct scan *s, size_t sec)
{
	struct sec *c = &s->secs[sec];
	for (size_t k = 0; k < c->nrels; k++) {
		const struct rel *r = &c->rels[k];
		const struct sym *y = &s->syms[r->sym];
		long j = ins_containing(c, r->off);
		if (j < 0) { /* in data (an object symbol) or in code we could not decode */
			data_reloc(s, sec, r);
			continue;
		}
		struct ins *in = &c->ins[j];
		bool at_imm = in->x.imm_size && r->off == in->off + in->x.imm_off;
		bool at_disp = in->x.disp_size && r->off == in->off + in->x.disp_off;
		if (!at_imm && !at_disp) {
			suspect(s, sec, r->off); /* the decoding disagrees with the assembler */
			continue;
		}
		bool branch = at_imm && in->x.rel;
		if ((branch && in->x.flow == X86_FLOW_CALL) || (is_got_branch(in, r) && in->x.flow == X86_FLOW_CALL_IND))
			in->noreturn = is_noreturn(y->name);
		if (y->taker >= 0) {
			if (branch || is_got_branch(in, r)) {
				in->taker = y->taker;
				in->callee = y->name;
			} else {
				add_site(s, sec, r->off, -1, UK_SITE_REF, y->name, function_at(s, sec, r->off));
			}
		}
		if (!y->shndx)
			continue;
		struct sec *t = &s->secs[y->shndx];
		int kind = rel_kind(r->type);
		int64_t tgt = (int64_t)y->value + r->addend;
		if (kind == R_PCREL)
			tgt += (int64_t)(in->off + in->x.len - r->off); /* relative to the next insn */
		else if (kind == R_GOT)
			tgt = (int64_t)y->value;
		if (t->exec && kind != R_NONE) {
			if (kind == R_OTHER) {
				suspect(s, y->shndx, y->value);
			} else if (branch && y->shndx == sec &&
				   (in->x.flow == X86_FLOW_JCC || in->x.flow == X86_FLOW_JMP)) {
				long ti = ins_at(c, (uint64_t)tgt);
				if (tgt < 0 || ti < 0)
					suspect(s, sec, in->off);
				else
					in->target = (int32_t)ti;
			} else {
				take(s, y->shndx, tgt, false);
			}
		} else if (kind == R_PCREL && tgt >= 0) {
			PUSH(t->bases, t->nbases, t->cbases, (uint64_t)tgt);
		}
	}
}

/* A relocation in data against code: a function pointer, or a jump-table entry. A
 * PC-relative entry (`.long .Lcase - .Ltable`) stores S + A - P; the dispatch code adds the
 * table's address, which the code refers to (a "base"), so the target is S + A - (P - base).
 * When no base is known the target is somewhere in [S + A - P, S + A]. Code addresses in
 * data that only the target's own section refers to (a jump table, or the labels of a
 * computed goto) are reached through that section's indirect jumps; others are entries. */
static void data_reloc(struct scan *s, size_t sec, const struct rel *r)
{
	struct sec *c = &s->secs[sec];
	const struct sym *y = &s->syms[r->sym];
	if (y->taker >= 0)
		add_site(s, sec, r->off, -1, UK_SITE_REF, y->name,
			 c->exec ? function_at(s, sec, r->off) : NULL);
	if (!y->shndx || !s->secs[y->shndx].exec)
		return;
	struct sec *t = &s->secs[y->shndx];
	int64_t v = (int64_t)y->value + r->addend;
	bool ind = !c->exec && c->owner == (long)y->shndx;
	switch (rel_kind(r->type)) {
	case R_ABS:
		take(s, y->shndx, v, ind);
		break;
	case R_GOT:
		take(s, y->shndx, (int64_t)y->value, false);
		break;
	case R_PCREL: {
		size_t lo = 0, hi = c->nbases;
		while (lo < hi) { /* the last base <= P */
			size_t mid = lo + (hi - lo) / 2;
			if (c->bases[mid] <= r->off)
				lo = mid + 1;
			else
				hi = mid;
		}
		int64_t tgt = lo ? v - (int64_t)(r->off - c->bases[lo - 1]) : -1;
		if (tgt >= 0 && (uint64_t)tgt < t->size && ins_at(t, (uint64_t)tgt) >= 0) {
			add_taken(s, y->shndx, (uint64_t)tgt, (uint64_t)tgt, ind);
		} else if (v >= 0) {
			int64_t from = v - (int64_t)r->off;
			add_taken(s, y->shndx, from < 0 ? 0 : (uint64_t)from, (uint64_t)v, false);
		}
		break;
	}
	case R_NONE:
		break;
	default:
		suspect(s, y->shndx, y->value);
	}
}

static void data_relocations(struct scan *s, size_t sec)
{
	struct sec *c = &s->secs[sec];
	if (c->nbases)
		qsort(c->bases, c->nbases, sizeof *c->bases, cmp_u64);
	for (size_t k = 0; k < c->nrels; k++)
		data_reloc(s, sec, &c->rels[k]);
}

/* ---- the backward walk ---- */

enum { V_PASS, V_CONST, V_MOVE, V_CHOICE, V_CLOBBER };

static bool is_zeroing(const struct x86_insn *x, unsigned r)
{
	return x->map == X86_MAP_1B && !x->vex && (x->op == 0x31 || x->op == 0x33 || x->op == 0x29 ||
	       x->op == 0x2b) && x->has_modrm && x86_mod(x) == 3 && x86_reg(x) == r &&
	       x86_rm(x) == r && (x->opsize == 4 || x->opsize == 8);
}

/* What instruction x does to register r: leaves it (PASS), sets it to *val (CONST), copies
 * register *src into it (MOVE; *trunc if 32-bit), copies *src or keeps r (CHOICE: cmov;
 * *trunc if 32-bit), or anything else (CLOBBER). */
static int effect(const struct x86_insn *x, unsigned r, uint64_t *val, unsigned *src, bool *trunc)
{
	uint16_t w = x->writes;
	if (x->flow == X86_FLOW_CALL || x->flow == X86_FLOW_CALL_IND)
		w |= X86_GPR(X86_RAX) | X86_GPR(X86_RCX) | X86_GPR(X86_RDX) | X86_GPR(X86_RSI) |
		     X86_GPR(X86_RDI) | X86_GPR(X86_R8) | X86_GPR(X86_R9) | X86_GPR(X86_R10) |
		     X86_GPR(X86_R11);
	if (!(w & X86_GPR(r)))
		return V_PASS;
	if (x->vex || x->writes != X86_GPR(r) || (x->opsize != 4 && x->opsize != 8))
		return V_CLOBBER;
	bool mod3 = x->has_modrm && x86_mod(x) == 3;
	if (x->map == X86_MAP_0F && x->op >= 0x40 && x->op <= 0x4f && mod3) { /* cmovcc */
		*src = x86_rm(x);
		*trunc = x->opsize == 4; /* a 32-bit cmov zero-extends even when it does not move */
		return V_CHOICE;
	}
	if (x->map != X86_MAP_1B)
		return V_CLOBBER;
	switch (x->op) {
	case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf:
		/* mov $imm32, r32 zero-extends; with REX.W the immediate is 64 bits */
		*val = x->opsize == 4 ? (uint32_t)x->imm : (uint64_t)x->imm;
		return V_CONST;
	case 0xc7: /* mov $imm32, r/m: sign-extended with REX.W */
		if (!mod3)
			return V_CLOBBER;
		*val = x->opsize == 4 ? (uint32_t)x->imm : (uint64_t)x->imm;
		return V_CONST;
	case 0x31: case 0x33: case 0x29: case 0x2b: /* xor r,r; sub r,r */
		if (!is_zeroing(x, r))
			return V_CLOBBER;
		*val = 0;
		return V_CONST;
	case 0x89: case 0x8b:
		if (!mod3)
			return V_CLOBBER;
		*src = x->op == 0x89 ? x86_reg(x) : x86_rm(x);
		*trunc = x->opsize == 4;
		return V_MOVE;
	}
	return V_CLOBBER;
}

struct item {
	uint32_t i;
	uint8_t reg;
	bool trunc;
};

struct walk {
	struct item *stack;
	size_t n, cap;
	uint64_t *vals;
	size_t nvals, cvals;
	bool dynamic;
	/* predecessors by jump (direct, and indirect into jump-table targets): CSR arrays */
	uint32_t *pfirst, *plist;
};

static bool mark(struct scan *s, uint32_t i, unsigned reg, bool trunc)
{
	uint32_t bit = 1u << (reg * 2 + trunc);
	if (s->stamp[i] != s->gen) {
		s->stamp[i] = s->gen;
		s->seen[i] = 0;
	}
	if (s->seen[i] & bit)
		return false;
	s->seen[i] |= bit;
	return true;
}

static bool falls_through(const struct ins *in)
{
	uint8_t f = in->x.flow;
	return f == X86_FLOW_NEXT || f == X86_FLOW_JCC ||
	       ((f == X86_FLOW_CALL || f == X86_FLOW_CALL_IND) && !in->noreturn);
}

static bool falls_into(const struct sec *c, uint32_t i)
{
	return i > 0 && c->ins[i - 1].off + c->ins[i - 1].x.len == c->ins[i].off &&
	       falls_through(&c->ins[i - 1]);
}

/* Instruction p-1 runs just before p on every path: p is reached only by falling through. */
static const struct x86_insn *only_before(const struct sec *c, const struct walk *w, uint32_t p)
{
	if (c->ins[p].entry || w->pfirst[p + 1] != w->pfirst[p] || !falls_into(c, p))
		return NULL;
	return &c->ins[p - 1].x;
}

/* Along the edge from conditional jump p (taken or not), does a `test r,r` or `cmp $imm,r`
 * just before it prove the value of r? (gcc relies on it: `test %rax,%rax; je L` and L
 * passes rax, known to be 0, on to a syscall.) A 32-bit comparison proves only the low half,
 * enough when the path truncates to 32 bits anyway. */
static bool guard(const struct sec *c, const struct walk *w, uint32_t p, bool taken, unsigned r,
		  bool trunc, uint64_t *val)
{
	const struct x86_insn *j = &c->ins[p].x, *x;
	unsigned cc;
	if (j->map == X86_MAP_1B && j->op >= 0x70 && j->op <= 0x7f)
		cc = j->op - 0x70u;
	else if (j->map == X86_MAP_0F && j->op >= 0x80 && j->op <= 0x8f)
		cc = j->op - 0x80u;
	else
		return false;
	if (!((cc == 4 && taken) || (cc == 5 && !taken)) || !(x = only_before(c, w, p)))
		return false; /* not "equal", or the flags may come from elsewhere */
	if (x->map != X86_MAP_1B || x->vex || !(x->opsize == 8 || (x->opsize == 4 && trunc)))
		return false;
	bool mod3 = x->has_modrm && x86_mod(x) == 3;
	uint64_t imm = x->opsize == 4 ? (uint32_t)x->imm : (uint64_t)x->imm;
	if (x->op == 0x85 && mod3 && x86_reg(x) == r && x86_rm(x) == r) {
		*val = 0;
		return true;
	}
	if ((((x->op == 0x81 || x->op == 0x83) && mod3 && ((x->modrm >> 3) & 7u) == 7 && x86_rm(x) == r) ||
	     (x->op == 0x3d && r == X86_RAX))) {
		*val = imm;
		return true;
	}
	return false;
}

/* One predecessor p of the state (reg, trunc): follow it or finish the path. jcc_edge: p is
 * a conditional jump, taken (1) or not (2) on the way here. */
static void step(struct scan *s, struct walk *w, const struct sec *c, uint32_t p, unsigned reg,
		 bool trunc, int jcc_edge)
{
	uint64_t val = 0;
	unsigned src = 0;
	bool t32 = false;
	int ef = effect(&c->ins[p].x, reg, &val, &src, &t32);
	if (jcc_edge && ef == V_PASS && guard(c, w, p, jcc_edge == 1, reg, trunc, &val))
		ef = V_CONST;
	if (ef == V_CLOBBER) {
		/* `xor %eax,%eax; mov $imm8,%al`, as in hand-written assembly */
		const struct x86_insn *x = &c->ins[p].x, *before;
		if (x->map == X86_MAP_1B && x->op >= 0xb0 && x->op <= 0xb7 && x->writes == X86_GPR(reg) &&
		    (x->has_rex || reg < 4) && (before = only_before(c, w, p)) && is_zeroing(before, reg)) {
			val = (uint8_t)x->imm;
			ef = V_CONST;
		}
	}
	switch (ef) {
	case V_PASS:
		if (mark(s, p, reg, trunc))
			PUSH(w->stack, w->n, w->cap, (struct item){p, (uint8_t)reg, trunc});
		break;
	case V_CHOICE:
		if (mark(s, p, reg, trunc || t32))
			PUSH(w->stack, w->n, w->cap, (struct item){p, (uint8_t)reg, trunc || t32});
		/* fall through */
	case V_MOVE:
		if (mark(s, p, src, trunc || t32))
			PUSH(w->stack, w->n, w->cap, (struct item){p, (uint8_t)src, trunc || t32});
		break;
	case V_CONST:
		PUSH(w->vals, w->nvals, w->cvals, trunc ? (uint32_t)val : val);
		break;
	default:
		w->dynamic = true;
	}
}

/* The values register reg can hold just before instruction i. */
static void walk_back(struct scan *s, struct walk *w, const struct sec *c, uint32_t i, unsigned reg)
{
	w->n = w->nvals = 0;
	w->dynamic = false;
	s->gen++;
	mark(s, i, reg, false);
	PUSH(w->stack, w->n, w->cap, (struct item){i, (uint8_t)reg, false});
	while (w->n && !w->dynamic) {
		struct item it = w->stack[--w->n];
		const struct ins *in = &c->ins[it.i];
		if (in->entry) {
			w->dynamic = true; /* from outside */
			break;
		}
		/* No predecessor and no entry: unreachable (alignment padding after a jump), as
		 * every way into code is a fall-through, a jump, a symbol or a known address. */
		if (falls_into(c, it.i))
			step(s, w, c, it.i - 1, it.reg, it.trunc,
			     c->ins[it.i - 1].x.flow == X86_FLOW_JCC ? 2 : 0);
		for (uint32_t k = w->pfirst[it.i]; k < w->pfirst[it.i + 1]; k++) {
			uint32_t p = w->plist[k];
			step(s, w, c, p, it.reg, it.trunc, c->ins[p].x.flow == X86_FLOW_JCC ? 1 : 0);
		}
	}
}

static int cmp_val(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void report(struct scan *s, struct walk *w, size_t sec, const struct ins *in, int via,
		   const char *callee, bool dynamic)
{
	const char *fn = function_at(s, sec, in->off);
	if (!dynamic && !w->dynamic && w->nvals) {
		qsort(w->vals, w->nvals, sizeof *w->vals, cmp_val);
		if (w->vals[w->nvals - 1] <= (uint64_t)LONG_MAX) {
			for (size_t k = 0; k < w->nvals; k++)
				if (!k || w->vals[k] != w->vals[k - 1])
					add_site(s, sec, in->off, (long)w->vals[k], via, callee, fn);
			return;
		}
	}
	add_site(s, sec, in->off, -1, via, callee, fn);
}

/* A jump into instruction i that skips only prefixes (glibc's `je 1f; lock; 1: cmpxchg`)
 * runs i without them: the same opcode, writes and flow, ending where i ends. Returns i, or
 * -1 for any other jump into the middle of an instruction. */
static long past_prefixes(const struct sec *c, uint64_t tgt)
{
	long i = ins_containing(c, tgt);
	if (i < 0)
		return -1;
	const struct x86_insn *x = &c->ins[i].x;
	uint64_t end = c->ins[i].off + x->len;
	struct x86_insn alt;
	if (x86_decode(c->data + tgt, end - tgt, &alt) != (int)(end - tgt) || alt.map != x->map ||
	    alt.op != x->op || alt.vex || x->vex || alt.writes != x->writes || alt.flow != x->flow)
		return -1;
	return i;
}

/* Marks entries, resolves direct jumps within the section, finds calls to takers defined
 * here, and builds the predecessor lists. */
static void build_cfg(struct scan *s, size_t sec, struct walk *w)
{
	struct sec *c = &s->secs[sec];
	for (size_t i = 0; i < c->nsyms; i++) {
		long j = ins_at(c, s->syms[c->syms[i]].value);
		if (j >= 0)
			c->ins[j].entry = true;
	}
	c->ins[0].entry = true;
	for (size_t i = 1; i < c->nins; i++) /* a run after a gap */
		if (c->ins[i - 1].off + c->ins[i - 1].x.len != c->ins[i].off)
			c->ins[i].entry = true;

	/* Direct jumps that no relocation resolves, and addresses in the section that a lea
	 * computes without a relocation (of a local label: a computed goto or a handler). */
	size_t r = 0;
	for (size_t j = 0; j < c->nins; j++) {
		struct ins *in = &c->ins[j];
		uint64_t next = in->off + in->x.len;
		bool reloc_imm = false, reloc_disp = false;
		while (r < c->nrels && c->rels[r].off < in->off)
			r++;
		for (size_t k = r; k < c->nrels && c->rels[k].off < next; k++) {
			reloc_imm |= in->x.imm_size && c->rels[k].off == in->off + in->x.imm_off;
			reloc_disp |= in->x.disp_size && c->rels[k].off == in->off + in->x.disp_off;
		}
		/* Only lea makes an address; other RIP-relative operands access data there. */
		if (in->x.rip_rel && !reloc_disp && in->x.map == X86_MAP_1B && in->x.op == 0x8d)
			take(s, sec, (int64_t)(next + (uint64_t)in->x.disp), false);
		if (!in->x.rel || reloc_imm)
			continue;
		int64_t tgt = (int64_t)next + in->x.imm;
		long ti = tgt >= 0 ? ins_at(c, (uint64_t)tgt) : -1;
		if (ti < 0 && tgt >= 0)
			ti = past_prefixes(c, (uint64_t)tgt);
		if (ti < 0) {
			suspect(s, sec, in->off); /* into an instruction, or out of the section */
			continue;
		}
		if (in->x.flow != X86_FLOW_CALL) {
			in->target = (int32_t)ti;
			continue;
		}
		c->ins[ti].entry = true;
		size_t lo = 0, hi = c->nsyms; /* a taker defined in this section */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (s->syms[c->syms[mid]].value < (uint64_t)tgt)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < c->nsyms && s->syms[c->syms[lo]].value == (uint64_t)tgt; lo++)
			if (s->syms[c->syms[lo]].taker >= 0) {
				in->taker = s->syms[c->syms[lo]].taker;
				in->callee = s->syms[c->syms[lo]].name;
			}
	}

	/* Address-taken code: entries, except jump-table targets. */
	bool *ind = uk_xcalloc(c->nins, sizeof *ind);
	uint32_t *targets = uk_xmalloc(c->nins * sizeof *targets);
	size_t nind = 0, nindj = 0;
	for (size_t k = 0; k < c->ntaken; k++) {
		const struct range *t = &c->taken[k];
		size_t i = ins_from(c, t->lo);
		if (t->lo == t->hi && t->indirect && i < c->nins && c->ins[i].off == t->lo) {
			if (!ind[i])
				targets[nind++] = (uint32_t)i;
			ind[i] = true;
			continue;
		}
		for (; i < c->nins && c->ins[i].off <= t->hi; i++)
			c->ins[i].entry = true;
	}
	/* A table's targets are reached by the section's indirect jumps (a switch dispatch, or
	 * `goto *p`); never by an indirect call, which C cannot make to a label. */
	for (size_t j = 0; j < c->nins; j++)
		nindj += c->ins[j].x.flow == X86_FLOW_JMP_IND;

	w->pfirst = uk_xcalloc(c->nins + 1, sizeof *w->pfirst);
	for (size_t j = 0; j < c->nins; j++) {
		if (c->ins[j].target >= 0)
			w->pfirst[c->ins[j].target + 1]++;
		if (ind[j])
			w->pfirst[j + 1] += (uint32_t)nindj;
	}
	for (size_t j = 0; j < c->nins; j++)
		w->pfirst[j + 1] += w->pfirst[j];
	w->plist = uk_xmalloc((w->pfirst[c->nins] + 1) * sizeof *w->plist);
	uint32_t *fill = uk_xcalloc(c->nins, sizeof *fill);
	for (size_t j = 0; j < c->nins; j++) {
		int32_t t = c->ins[j].target;
		if (t >= 0)
			w->plist[w->pfirst[t] + fill[t]++] = (uint32_t)j;
		if (c->ins[j].x.flow == X86_FLOW_JMP_IND)
			for (size_t k = 0; k < nind; k++)
				w->plist[w->pfirst[targets[k]] + fill[targets[k]]++] = (uint32_t)j;
	}
	free(fill);
	free(ind);
	free(targets);
}

static void analyse_section(struct scan *s, size_t sec)
{
	struct sec *c = &s->secs[sec];
	if (!c->nins)
		return;
	struct walk w = {0};
	build_cfg(s, sec, &w);
	if (s->cstamp < c->nins) {
		s->cstamp = c->nins;
		s->stamp = uk_xrealloc(s->stamp, c->nins * sizeof *s->stamp);
		s->seen = uk_xrealloc(s->seen, c->nins * sizeof *s->seen);
	}
	memset(s->stamp, 0, c->nins * sizeof *s->stamp);
	s->gen = 0;

	for (size_t j = 0; j < c->nins; j++) {
		const struct ins *in = &c->ins[j];
		const struct x86_insn *x = &in->x;
		int via = -1;
		unsigned reg = X86_RAX;
		if (x->map == X86_MAP_0F && !x->vex && x->op == 0x05) {
			via = UK_SITE_SYSCALL;
		} else if (x->map == X86_MAP_1B && x->op == 0xcd && (uint8_t)x->imm == 0x80) {
			via = UK_SITE_INT80;
		} else if (in->taker >= 0) {
			static const unsigned argreg[] = {X86_RDI, X86_RSI, X86_RDX, X86_RCX, X86_R8, X86_R9};
			int a = s->takers[in->taker].arg;
			via = UK_SITE_CALL;
			if (a < 0 || a > 5) {
				report(s, &w, sec, in, via, in->callee, true);
				continue;
			}
			reg = argreg[a];
		}
		if (via < 0)
			continue;
		if (!c->suspect)
			walk_back(s, &w, c, (uint32_t)j, reg);
		report(s, &w, sec, in, via, via == UK_SITE_CALL ? in->callee : NULL, c->suspect);
	}
	free(w.stack);
	free(w.vals);
	free(w.pfirst);
	free(w.plist);
}

static int cmp_site(const void *a, const void *b)
{
	const struct uk_syscall_site *x = a, *y = b;
	if (x->section != y->section)
		return x->section < y->section ? -1 : 1;
	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	if (x->via != y->via)
		return x->via < y->via ? -1 : 1;
	return x->nr < y->nr ? -1 : x->nr > y->nr;
}

int uk_scan_syscall_sites(Elf *e, const char *name, const struct uk_syscall_taker *takers,
			  struct uk_syscall_site **sites, size_t *n)
{
	static const struct uk_syscall_taker none[] = {{NULL, 0}};
	struct scan s = {.e = e, .name = name, .takers = takers ? takers : none};
	int rc = -1;
	*sites = NULL;
	*n = 0;
	if (load_sections(&s) < 0 || load_symbols(&s) < 0 || load_relocations(&s) < 0)
		goto out;
	index_symbols(&s);
	for (size_t i = 1; i < s.nsecs; i++)
		if (s.secs[i].exec && s.secs[i].size)
			decode_section(&s, i);
	for (size_t i = 1; i < s.nsecs; i++)
		if (s.secs[i].exec)
			code_relocations(&s, i);
	for (size_t i = 1; i < s.nsecs; i++)
		if (!s.secs[i].exec)
			data_relocations(&s, i);
	for (size_t i = 1; i < s.nsecs; i++)
		if (s.secs[i].exec)
			analyse_section(&s, i);
	/* A section found suspect late (by a reference from another section) reported its
	 * sites with constants: make them dynamic. */
	for (size_t k = 0; k < s.nout; k++)
		if (s.secs[s.out[k].section].suspect && s.secs[s.out[k].section].exec)
			s.out[k].nr = -1;
	if (s.nout)
		qsort(s.out, s.nout, sizeof *s.out, cmp_site);
	size_t m = 0; /* drop the duplicates that made dynamic */
	for (size_t k = 0; k < s.nout; k++)
		if (!m || cmp_site(&s.out[m - 1], &s.out[k]))
			s.out[m++] = s.out[k];
	*sites = s.out;
	*n = m;
	s.out = NULL;
	rc = 0;
out:
	for (size_t i = 0; s.secs && i < s.nsecs; i++) {
		free(s.secs[i].rels);
		free(s.secs[i].ins);
		free(s.secs[i].taken);
		free(s.secs[i].bases);
		free(s.secs[i].syms);
	}
	free(s.secs);
	free(s.syms);
	free(s.stamp);
	free(s.seen);
	free(s.out);
	return rc;
}

void uk_sites_free(struct uk_syscall_site *sites)
{
	free(sites);
}

const char *uk_site_via_name(int via)
{
	static const char *const names[] = {"syscall", "call", "int80", "ref", "undecodable"};
	return via >= 0 && via < (int)(sizeof names / sizeof *names) ? names[via] : "?";
}
