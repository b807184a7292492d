/* large.c: blocks above the largest class, each a mapping of its own (uk_mmap_anon), so
 * that a fresh one reads as zeros and a freed one's memory goes back. A 16-byte header just
 * below the block records the mapping's length; the mapping starts at the page holding the
 * header. Growing moves page-table entries (uk_mremap), never the data.
 *
 * Programs churn through buffers of tens of kilobytes (a read buffer per file, a string
 * being built), and a mapping costs page faults and zeroing every time: the last few freed
 * mappings of up to CACHE_BLOCK_MAX are kept, within a budget, for the next allocations
 * they fit. */
#include <string.h>
#include <sys/mman.h>
#include <uk/mem.h>
#include <uk/util.h>

#include "malloc.h"

struct large {
	uint64_t len;   /* of the mapping */
	uint64_t check; /* uk_malloc_secret ^ block ^ len; ^ FREED once freed into the cache */
};

#define FREED 0x46524545444c5247ULL
#define CACHE_SLOTS 8
#define CACHE_BLOCK_MAX (256u << 10)
#define CACHE_BUDGET_MAX (2u << 20) /* and at most a sixteenth of memory */

/* Freed mappings, oldest first: base and length. */
static struct {
	uint64_t base, len;
} cache[CACHE_SLOTS];
static unsigned ncached;
static uint64_t cached_bytes;

static void cache_drop(unsigned i)
{
	cached_bytes -= cache[i].len;
	for (ncached--; i < ncached; i++)
		cache[i] = cache[i + 1];
}

/* A cached mapping of at least len bytes and not much more, taken out of the cache; 0 if
 * none fits. */
static uint64_t cache_take(uint64_t len)
{
	unsigned best = ncached;
	for (unsigned i = 0; i < ncached; i++)
		if (cache[i].len >= len && cache[i].len <= len + len / 2 &&
		    (best == ncached || cache[i].len < cache[best].len))
			best = i;
	if (best == ncached)
		return 0;
	uint64_t base = cache[best].base;
	cache_drop(best);
	return base;
}

/* Keeps a freed mapping, making room by unmapping the oldest; false if it is not worth it. */
static bool cache_put(uint64_t base, uint64_t len)
{
	uint64_t budget = uk_pages_total() * UK_PAGE_SIZE / 16;
	if (budget > CACHE_BUDGET_MAX)
		budget = CACHE_BUDGET_MAX;
	if (len > CACHE_BLOCK_MAX || len > budget)
		return false;
	while (ncached == CACHE_SLOTS || cached_bytes + len > budget) {
		uk_munmap(cache[0].base, cache[0].len);
		cache_drop(0);
	}
	cache[ncached].base = base;
	cache[ncached++].len = len;
	cached_bytes += len;
	return true;
}

void uk_large_flush(void)
{
	uint64_t f = irq_off();
	while (ncached) {
		uk_munmap(cache[0].base, cache[0].len);
		cache_drop(0);
	}
	irq_restore(f);
}

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
	if ((uint64_t)p & 15)
		uk_malloc_fault("invalid pointer", p);
	if (h->check == (uk_malloc_secret ^ (uint64_t)p ^ h->len ^ FREED))
		uk_malloc_fault("double free", p);
	if (h->check != (uk_malloc_secret ^ (uint64_t)p ^ h->len))
		uk_malloc_fault("invalid pointer", p);
	return h;
}

static long map(uint64_t len)
{
	long base = uk_mmap_anon(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
	if (base < 0 && ncached) { /* the cache's memory is better spent here */
		uk_large_flush();
		base = uk_mmap_anon(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
	}
	return base;
}

void *uk_large_alloc(size_t n, size_t align, bool zero)
{
	if (align < 16)
		align = 16;
	uint64_t want = UK_ALIGN_UP(n + sizeof(struct large) + (align > 16 ? align : 0), UK_PAGE_SIZE);
	if (want < n)
		return 0;
	uint64_t f = irq_off();
	uint64_t cached = align == 16 ? cache_take(want) : 0;
	if (cached) { /* a whole cached mapping: its length is the header's */
		irq_restore(f);
		void *p = finish(cached + sizeof(struct large), ((struct large *)cached)->len);
		return zero ? memset(p, 0, n) : p;
	}
	long base = map(want);
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
	uint64_t base = base_of((uint64_t)p), f = irq_off();
	/* Only blocks at the start of their mapping are cached: the next one goes there too. */
	if ((uint64_t)p == base + sizeof *h && cache_put(base, h->len))
		h->check ^= FREED;
	else
		uk_munmap(base, h->len);
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
