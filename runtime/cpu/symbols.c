/* symbols.c: function names for crash reports, from the table ukcc appends to the image in
 * section .uk_symtab after linking (format: uk/abi.h; src/symtab.c writes it). Linked alone,
 * the section holds the empty table below. */
#include <stdint.h>
#include <uk/abi.h>
#include <uk/cpu.h>

struct symtab_header {
	uint32_t magic, count, bytes;
};

extern const char __uk_symtab_start[], __text_end[];

__attribute__((used, section(".uk_symtab"))) static const struct symtab_header empty = {
	UK_SYMTAB_MAGIC, 0, sizeof(struct symtab_header)};

const void *uk_symtab_end(void)
{
	const struct symtab_header *h = (const void *)__uk_symtab_start;
	return __uk_symtab_start + h->bytes;
}

const char *uk_symbolize(uint64_t addr, uint64_t *offset)
{
	const struct symtab_header *h = (const void *)__uk_symtab_start;
	if (h->magic != UK_SYMTAB_MAGIC)
		return 0;
	const uint32_t *a = (const void *)(h + 1);
	uint32_t lo = 0, hi = h->count; /* find the last address <= target */
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (a[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return 0;
	/* A function ends where the next begins (sizes are not stored: it keeps the table small);
	 * the last one ends with the text. */
	uint64_t end = lo < h->count ? a[lo] : (uint64_t)__text_end;
	if (addr >= end)
		return 0;
	*offset = addr - a[lo - 1];
	const char *name = (const char *)(a + h->count);
	for (uint32_t i = 0; i < lo - 1; i++)
		while (*name++)
			;
	return name;
}
