/* filemap.c: shared mappings of a file system's own pages (MAP_SHARED of a ramfs file):
 * the mapping's entries point at the file's pages, marked PTE_FILE so that munmap, madvise
 * and exit leave them to the file. Pages the file lacks (past its end) stay anonymous. */
#include <sys/mman.h>
#include <uk/mem.h>
#include <uk/util.h>

#include "mem.h"

long uk_mmap_shared(uint64_t addr, size_t len, int prot, int flags,
		    long (*page)(void *ctx, uint64_t idx, uint64_t *pa), void *ctx)
{
	long va = uk_mmap_anon(addr, len, prot, (flags & ~MAP_SHARED) | MAP_PRIVATE | MAP_NORESERVE);
	if (va < 0)
		return va;
	uint64_t n = UK_ALIGN_UP(len, UK_PAGE_SIZE) / UK_PAGE_SIZE, flags_of = uk_prot_flags(prot);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t pa = 0, v = (uint64_t)va + i * UK_PAGE_SIZE;
		long r = page(ctx, i, &pa);
		if (r < 0) {
			uk_munmap((uint64_t)va, len);
			return r;
		}
		if (!pa)
			continue;
		uint64_t *pte = uk_pte(v, true);
		*pte = pa | flags_of | PTE_FILE | (prot != PROT_NONE ? PTE_P : 0);
		uk_invlpg(v);
	}
	return va;
}
