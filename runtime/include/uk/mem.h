/* uk/mem.h: physical pages and anonymous virtual memory. */
#ifndef UK_MEM_H
#define UK_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UK_PAGE_SIZE 4096UL

/* A zeroed physical page (identity-mapped, so its address is usable), or 0 if none is left. */
uint64_t uk_page_alloc(void);
void uk_page_free(uint64_t pa);
size_t uk_pages_free(void);
size_t uk_pages_total(void); /* usable RAM at boot, in pages */

/* Anonymous mappings as mmap(2) makes them: returns the address or -errno. */
long uk_mmap_anon(uint64_t addr, size_t len, int prot, int flags);
long uk_mprotect(uint64_t addr, size_t len, int prot);
long uk_munmap(uint64_t addr, size_t len);
/* Unmaps [addr, addr+len) of a mapping but keeps the addresses taken: a guard gap. */
void uk_mem_guard(uint64_t addr, size_t len);
long uk_mremap(long old_addr, long old_len, long new_len, long flags, long new_addr);
/* A MAP_SHARED mapping of a file's pages: page(ctx, i, &pa) gives the physical page for the
 * mapping's i-th page (pa = 0: none, the page stays anonymous) or -errno. The pages remain
 * the file's: unmapping never frees them. Returns the address or -errno. */
long uk_mmap_shared(uint64_t addr, size_t len, int prot, int flags,
		    long (*page)(void *ctx, uint64_t idx, uint64_t *pa), void *ctx);

/* Two areas of their own, outside the anonymous area, so that their addresses are fixed:
 * - the malloc heap (runtime/malloc), where an allocator finds a block's span by aligning
 *   its address down; uk_heap_reserve grows it in place from UK_HEAP_BASE (va is where it
 *   ends so far) with demand-zero read-write pages, as brk does, and fails when memory
 *   cannot back them or RLIMIT_AS forbids;
 * - the initial stack, ending at UK_STACK_TOP: nothing is ever mapped below it, which is
 *   its guard gap. uk_mem_stack reserves it and returns its top. */
#define UK_HEAP_BASE 0x0000009000000000ULL /* 576 GiB */
#define UK_HEAP_END 0x000000a000000000ULL  /* 640 GiB */
#define UK_STACK_TOP 0x000000b000000000ULL /* 704 GiB */
bool uk_heap_reserve(uint64_t va, size_t len);
uint64_t uk_mem_stack(size_t len);
/* Gives the reserved pages of [va, va+len) their memory now, as MAP_POPULATE does: for
 * memory about to be written, this is cheaper than taking a page fault per page. */
void uk_mem_populate(uint64_t va, size_t len);
/* Drops the pages behind [va, va+len) (MADV_DONTNEED): the memory goes back to the page
 * allocator and the range reads as zeros again. */
void uk_mem_discard(uint64_t va, size_t len);

/* Maps device registers at physical address phys uncached, at the same virtual address,
 * and returns that address. */
void *uk_map_mmio(uint64_t phys, size_t len);

/* True if [addr, addr+len) is mapped and readable now (used by the crash report). */
bool uk_mem_readable(uint64_t addr, size_t len);

/* Called by the page-fault handler: returns true if the fault was a first touch of an
 * anonymous page and has been resolved. */
bool uk_mem_fault(uint64_t addr, uint64_t error);

#endif
