/* vmem.c: which parts of the anonymous area are free, as a sorted array of disjoint,
 * coalesced ranges. First fit from the bottom keeps mappings close together, which keeps
 * page tables few. */
#include <uk/boot.h>
#include <uk/mem.h>
#include <uk/util.h>

#include "mem.h"

#define MAX_RANGES 512

struct range {
	uint64_t start, end;
};

static struct range free_ranges[MAX_RANGES];
static unsigned n;

void uk_va_init(void)
{
	free_ranges[0] = (struct range){UK_ANON_BASE, UK_ANON_END};
	n = 1;
}

static void remove_at(unsigned i)
{
	for (; i + 1 < n; i++)
		free_ranges[i] = free_ranges[i + 1];
	n--;
}

static bool insert_at(unsigned i, struct range r)
{
	if (n == MAX_RANGES)
		return false;
	for (unsigned j = n; j > i; j--)
		free_ranges[j] = free_ranges[j - 1];
	free_ranges[i] = r;
	n++;
	return true;
}

/* Mappings of 2 MiB or more start on a 2 MiB boundary, so that whole chunks of them can be
 * reserved with one page-directory entry (see paging.c). */
uint64_t uk_va_alloc(size_t len)
{
	uint64_t align = len >= (2ULL << 20) ? 2ULL << 20 : UK_PAGE_SIZE;
	for (unsigned i = 0; i < n; i++) {
		uint64_t va = UK_ALIGN_UP(free_ranges[i].start, align);
		if (va < free_ranges[i].end && free_ranges[i].end - va >= len) {
			uk_va_take(va, len);
			return va;
		}
	}
	return 0;
}

bool uk_va_is_free(uint64_t va, size_t len)
{
	for (unsigned i = 0; i < n; i++)
		if (va >= free_ranges[i].start && va + len <= free_ranges[i].end)
			return true;
	return false;
}

void uk_va_take(uint64_t va, size_t len)
{
	uint64_t end = va + len;
	for (unsigned i = 0; i < n; i++) {
		struct range *r = &free_ranges[i];
		if (r->end <= va || r->start >= end)
			continue;
		if (r->start >= va && r->end <= end) { /* wholly taken */
			remove_at(i--);
		} else if (r->start < va && r->end > end) { /* split in two */
			struct range hi = {end, r->end};
			r->end = va;
			if (!insert_at(i + 1, hi))
				uk_panic("mem: too many free address ranges");
			return;
		} else if (r->start < va) {
			r->end = va;
		} else {
			r->start = end;
		}
	}
}

void uk_va_release(uint64_t va, size_t len)
{
	uint64_t end = va + len;
	if (va < UK_ANON_BASE)
		va = UK_ANON_BASE;
	if (end > UK_ANON_END)
		end = UK_ANON_END;
	if (va >= end)
		return;
	unsigned i = 0;
	while (i < n && free_ranges[i].start < va)
		i++;
	bool join_prev = i > 0 && free_ranges[i - 1].end == va;
	bool join_next = i < n && free_ranges[i].start == end;
	if (join_prev && join_next) {
		free_ranges[i - 1].end = free_ranges[i].end;
		remove_at(i);
	} else if (join_prev) {
		free_ranges[i - 1].end = end;
	} else if (join_next) {
		free_ranges[i].start = va;
	} else if (!insert_at(i, (struct range){va, end})) {
		/* Out of slots: leak the range rather than corrupt the list. Addresses are
		 * plentiful (126 TiB); memory is not, and its pages were already freed. */
	}
}

/* Bytes of the anonymous area in use (mapped or reserved), for RLIMIT_AS. */
uint64_t uk_va_used(void)
{
	uint64_t free = 0;
	for (unsigned i = 0; i < n; i++)
		free += free_ranges[i].end - free_ranges[i].start;
	return UK_ANON_END - UK_ANON_BASE - free;
}
