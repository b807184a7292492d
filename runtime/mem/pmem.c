/* pmem.c: the physical page allocator. Freed pages form a list threaded through the pages
 * themselves; pages never handed out are taken from the RAM ranges in address order. Boot
 * therefore touches no memory it does not use: no bitmap to clear, no list to build. */
#include <uk/boot.h>
#include <uk/cpu.h>
#include <uk/mem.h>
#include <uk/util.h>

#include "mem.h"

struct frontier {
	uint64_t next, end;
};

static struct frontier ranges[UK_MAX_MEMRANGES];
static unsigned nranges, cur;
static uint64_t free_list;
static size_t nfree, ntotal;

static void add_range(uint64_t start, uint64_t end)
{
	start = UK_ALIGN_UP(start, UK_PAGE_SIZE);
	end = UK_ALIGN_DOWN(end, UK_PAGE_SIZE);
	if (start >= end || nranges == UK_MAX_MEMRANGES)
		return;
	ranges[nranges++] = (struct frontier){start, end};
	nfree += (end - start) / UK_PAGE_SIZE;
}

/* [s, e) less the command line's module (uk/boot.h), if there is one. */
static void add_piece(uint64_t s, uint64_t e)
{
	uint64_t ms = UK_ALIGN_DOWN(uk_boot.module.start, UK_PAGE_SIZE);
	uint64_t me = UK_ALIGN_UP(uk_boot.module.end, UK_PAGE_SIZE);
	if (me) {
		add_range(s, e < ms ? e : ms);
		s = s > me ? s : me;
	}
	add_range(s, e);
}

void uk_pmem_init(void)
{
	uint64_t img_start = UK_ALIGN_DOWN((uint64_t)__image_start, UK_PAGE_SIZE);
	uint64_t img_end = UK_ALIGN_UP((uint64_t)uk_symtab_end(), UK_PAGE_SIZE);
	/* Each RAM range minus the image: the part below it and the part above it, either of
	 * which may be empty. Page 0 stays unmapped to catch NULL. */
	for (unsigned i = 0; i < uk_boot.nram; i++) {
		uint64_t s = uk_boot.ram[i].start, e = uk_boot.ram[i].end;
		s = s < UK_PAGE_SIZE ? UK_PAGE_SIZE : s;
		add_piece(s, e < img_start ? e : img_start);
		add_piece(s > img_end ? s : img_end, e);
	}
	if (!nfree)
		uk_panic("mem: no usable RAM in the memory map");
	ntotal = nfree;
}

uint64_t uk_page_alloc_raw(void)
{
	uint64_t pa = 0;
	if (free_list) {
		pa = free_list;
		free_list = *(uint64_t *)pa;
	} else {
		while (cur < nranges && ranges[cur].next >= ranges[cur].end)
			cur++;
		if (cur == nranges)
			return 0;
		pa = ranges[cur].next;
		ranges[cur].next += UK_PAGE_SIZE;
	}
	nfree--;
	return pa;
}

uint64_t uk_page_alloc(void)
{
	uint64_t pa = uk_page_alloc_raw();
	if (pa)
		uk_memset((void *)pa, 0, UK_PAGE_SIZE);
	return pa;
}

void uk_page_free(uint64_t pa)
{
	*(uint64_t *)pa = free_list;
	free_list = pa;
	nfree++;
}

size_t uk_pages_free(void)
{
	return nfree;
}

size_t uk_pages_total(void)
{
	return ntotal;
}
