/* large.c: blocks above the largest class, each a mapping of its own (uk_mmap_anon), so
 * freeing one gives its memory back at once and a fresh one reads as zeros. A 16-byte
 * header just below the block records the mapping's length; the mapping starts at the page
 * holding the header. Growing moves page-table entries (uk_mremap), never the data. */
#include <sys/mman.h>
#include <uk/mem.h>
#include <uk/util.h>

#include "malloc.h"

struct large {
	uint64_t len;   /* of the mapping */
	uint64_t check; /* uk_malloc_secret ^ block ^ len */
};

static uint64_t base_of(uint64_t p)
{
	return UK_ALIGN_DOWN(p - sizeof(struct large), UK_PAGE_SIZE);
}

static void *finish(uint64_t p, uint64_t len)
{
	struct large *h = (struct large *)p - 1;
	h->len = len;
	h->check = uk_malloc_secret ^ p ^ len;
	return (void *)p;
}

static struct large *header(const void *p)
{
	struct large *h = (struct large *)p - 1;
	if (((uint64_t)p & 15) || h->check != (uk_malloc_secret ^ (uint64_t)p ^ h->len))
		uk_malloc_fault("invalid pointer", p);
	return h;
}

void *uk_large_alloc(size_t n, size_t align)
{
	if (align < 16)
		align = 16;
	uint64_t want = UK_ALIGN_UP(n + sizeof(struct large) + (align > 16 ? align : 0), UK_PAGE_SIZE);
	if (want < n)
		return 0;
	uint64_t f = irq_off();
	long base = uk_mmap_anon(0, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
	uint64_t p = UK_ALIGN_UP((uint64_t)base + sizeof(struct large), align);
	uint64_t start = base_of(p), end = UK_ALIGN_UP(p + n, UK_PAGE_SIZE);
	/* Give back what the alignment did not need, at both ends. */
	if (base >= 0 && start > (uint64_t)base)
		uk_munmap((uint64_t)base, start - (uint64_t)base);
	if (base >= 0 && end < (uint64_t)base + want)
		uk_munmap(end, (uint64_t)base + want - end);
	irq_restore(f);
	return base < 0 ? 0 : finish(p, end - start);
}

void uk_large_free(void *p)
{
	struct large *h = header(p);
	uint64_t f = irq_off();
	uk_munmap(base_of((uint64_t)p), h->len);
	irq_restore(f);
}

size_t uk_large_usable(const void *p)
{
	struct large *h = header(p);
	return base_of((uint64_t)p) + h->len - (uint64_t)p;
}

/* Resizes in place or by moving the pages; NULL (p untouched) when memory is short. */
void *uk_large_realloc(void *p, size_t n)
{
	struct large *h = header(p);
	uint64_t base = base_of((uint64_t)p), off = (uint64_t)p - base;
	uint64_t len = UK_ALIGN_UP(off + n, UK_PAGE_SIZE);
	if (len < n)
		return 0;
	uint64_t f = irq_off();
	long moved = uk_mremap((long)base, (long)h->len, (long)len, MREMAP_MAYMOVE, 0);
	irq_restore(f);
	if (moved < 0)
		return 0;
	return finish((uint64_t)moved + off, len);
}
