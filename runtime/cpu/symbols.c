/* symbols.c: function names for crash reports, from the table ukcc appends to the image in
 * section .uk_symtab after linking (src/symtab.c writes it). Linked alone, the section holds
 * the empty table below. */
#include <stdint.h>
#include <uk/cpu.h>

struct symtab_header {
	uint32_t magic, count, bytes; /* "uksy", entries, size of the whole table */
};
struct symtab_entry {
	uint32_t addr, name; /* image addresses fit 32 bits; name: offset into the strings */
};

#define SYMTAB_MAGIC 0x79736b75

extern const char __uk_symtab_start[], __text_end[];

__attribute__((used, section(".uk_symtab"))) static const struct symtab_header empty = {
	SYMTAB_MAGIC, 0, sizeof(struct symtab_header)};

const void *uk_symtab_end(void)
{
	const struct symtab_header *h = (const void *)__uk_symtab_start;
	return __uk_symtab_start + h->bytes;
}

const char *uk_symbolize(uint64_t addr, uint64_t *offset)
{
	const struct symtab_header *h = (const void *)__uk_symtab_start;
	if (h->magic != SYMTAB_MAGIC)
		return 0;
	const struct symtab_entry *e = (const void *)(h + 1);
	const char *strings = (const char *)(e + h->count);
	uint32_t lo = 0, hi = h->count; /* find the last entry with addr <= target */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (e[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return 0;
	/* A function ends where the next begins (sizes are not stored: it keeps the table small);
	 * the last one ends with the text. */
	const struct symtab_entry *s = &e[lo - 1];
	uint64_t end = lo < h->count ? e[lo].addr : (uint64_t)__text_end;
	if (addr >= end)
		return 0;
	*offset = addr - s->addr;
	return strings + s->name;
}
