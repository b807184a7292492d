/* mem.h: private to the mem component. */
#ifndef MEM_MEM_H
#define MEM_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Virtual layout: RAM is identity-mapped in the first 512 GiB; anonymous memory (mmap, the
 * initial stack) and the brk heap live above it, so their pages need not be contiguous. */
#define UK_BRK_BASE 0x0000008000000000ULL  /* 512 GiB */
#define UK_BRK_MAX (64ULL << 30)
/* The malloc heap (uk/mem.h) lies between the two, at UK_HEAP_BASE. */
#define UK_ANON_BASE 0x0000010000000000ULL /* 1 TiB */
#define UK_ANON_END 0x00007f0000000000ULL

#define PTE_P (1ULL << 0)
#define PTE_W (1ULL << 1)
#define PTE_PS (1ULL << 7)
#define PTE_ANON (1ULL << 9)      /* software: anonymous memory, zero-filled on first touch */
#define PTE_NOACCESS (1ULL << 10) /* software: PROT_NONE; keeps its page, if any, while absent */
#define PTE_FILE (1ULL << 11)     /* software: a file's page (MAP_SHARED): never freed here */
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL

void uk_pmem_init(void);
void uk_paging_init(void);

/* The 4 KiB leaf entry for va, creating intermediate tables if alloc; NULL if absent (or if
 * va lies in a large page). */
uint64_t *uk_pte(uint64_t va, bool alloc);
void uk_invlpg(uint64_t va);
/* A whole 2 MiB-aligned chunk of reserved anonymous pages in one entry; false if the chunk
 * already has a page table. uk_clear_chunk undoes it (false if it is not such a chunk). */
bool uk_reserve_chunk(uint64_t va, uint64_t flags);
bool uk_clear_chunk(uint64_t va);
/* A page for a page table that the caller fills entirely (not zeroed). */
uint64_t uk_page_alloc_raw(void);
/* Turns PROT_* bits into the flags of an anonymous entry (present or not). */
uint64_t uk_prot_flags(int prot);

/* Free ranges of the anonymous area [UK_ANON_BASE, UK_ANON_END). */
void uk_va_init(void);
uint64_t uk_va_alloc(size_t len);          /* 0 if no range is large enough */
bool uk_va_is_free(uint64_t va, size_t len);
void uk_va_take(uint64_t va, size_t len);  /* mark used, whatever part was free */
void uk_va_release(uint64_t va, size_t len);
uint64_t uk_va_used(void);

#endif
