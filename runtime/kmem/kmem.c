/* kmem.c: power-of-two size classes from 16 bytes to a page. A class's free objects form a
 * list threaded through them; an empty class takes a fresh page and splits it. Pages stay
 * with their class once split: runtime objects come and go in similar sizes, and giving
 * pages back would need per-page counts for little gain. A whole page comes straight from
 * the page allocator and returns to it. */
#include <stdint.h>
#include <uk/kmem.h>
#include <uk/mem.h>
#include <uk/util.h>

#define MIN_SHIFT 4 /* 16 bytes */
#define NCLASSES 8  /* 16 .. 2048 */

static void *free_list[NCLASSES];

static unsigned class_of(size_t n)
{
	unsigned c = 0;
	while (((size_t)1 << (c + MIN_SHIFT)) < n)
		c++;
	return c;
}

void *uk_kmalloc(size_t n)
{
	if (n > UK_KMEM_MAX)
		return 0;
	unsigned c = class_of(n ? n : 1);
	if (c >= NCLASSES)
		return (void *)uk_page_alloc();
	if (!free_list[c]) {
		char *page = (char *)uk_page_alloc();
		if (!page)
			return 0;
		size_t size = (size_t)1 << (c + MIN_SHIFT);
		for (size_t off = 0; off < UK_PAGE_SIZE; off += size)
			uk_kfree(page + off, size);
	}
	void *p = free_list[c];
	free_list[c] = *(void **)p;
	return p;
}

void *uk_kzalloc(size_t n)
{
	void *p = uk_kmalloc(n);
	if (p)
		uk_memset(p, 0, n);
	return p;
}

void uk_kfree(void *p, size_t n)
{
	if (!p)
		return;
	unsigned c = class_of(n ? n : 1);
	if (c >= NCLASSES) {
		uk_page_free((uint64_t)p);
		return;
	}
	*(void **)p = free_list[c];
	free_list[c] = p;
}
