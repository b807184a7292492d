/* paging.c: the page tables the image runs on, built in C after the 32-bit boot code's
 * temporary 1 GiB map. RAM is identity-mapped with 2 MiB pages, except from 0 to the end of
 * the image, mapped with 4 KiB pages so that page 0 is absent (NULL faults) and the image is
 * W^X: text read-only and executable, everything else not executable. */
#include <sys/mman.h>
#include <uk/boot.h>
#include <uk/cpu.h>
#include <uk/init.h>
#include <uk/mem.h>
#include <uk/util.h>

#include "mem.h"

#define TWO_MIB (2ULL << 20)
#define ONE_GIB (1ULL << 30)

extern uint64_t boot_pml4[], boot_pd[];
static uint64_t *pml4;

static uint64_t *table_alloc(void)
{
	uint64_t pa = uk_page_alloc();
	if (!pa)
		uk_panic("mem: out of memory for page tables");
	return (uint64_t *)pa;
}

/* A PD entry can stand for 512 reserved anonymous pages at once: not present, with the
 * flags every page would get (uk_reserve_chunk). Reserving an 8 MiB stack then writes 4
 * entries, not 2048; a chunk becomes a page table when something looks inside it. */
static bool chunk_marker(uint64_t e)
{
	return !(e & PTE_P) && (e & PTE_ANON);
}

static void expand_chunk(uint64_t *e)
{
	uint64_t flags = *e, *pt = (uint64_t *)uk_page_alloc_raw();
	if (!pt)
		uk_panic("mem: out of memory for page tables");
	for (int i = 0; i < 512; i++)
		pt[i] = flags;
	*e = (uint64_t)pt | PTE_P | PTE_W;
}

/* The next-level table of entry e, created if absent and alloc. */
static uint64_t *next(uint64_t *e, bool alloc)
{
	if (chunk_marker(*e))
		expand_chunk(e);
	if (!(*e & PTE_P)) {
		if (!alloc)
			return 0;
		*e = (uint64_t)table_alloc() | PTE_P | PTE_W;
	}
	if (*e & PTE_PS)
		return 0;
	return (uint64_t *)(*e & PTE_ADDR);
}

/* The entry for va in the table at level stop (12: a page table, 21: a page directory),
 * creating the tables above it if alloc; NULL if absent or inside a large page. */
static uint64_t *walk(uint64_t va, int stop, bool alloc)
{
	uint64_t *t = pml4;
	for (int shift = 39; shift > stop; shift -= 9) {
		t = next(&t[(va >> shift) & 511], alloc);
		if (!t)
			return 0;
	}
	return &t[(va >> stop) & 511];
}

uint64_t *uk_pte(uint64_t va, bool alloc)
{
	return walk(va, 12, alloc);
}

bool uk_reserve_chunk(uint64_t va, uint64_t flags)
{
	uint64_t *e = walk(va, 21, true);
	if (!e || (*e & PTE_P)) /* a table already: the caller goes page by page */
		return false;
	*e = flags | PTE_ANON;
	return true;
}

bool uk_clear_chunk(uint64_t va)
{
	uint64_t *e = walk(va, 21, true);
	if (!e || !chunk_marker(*e))
		return false;
	*e = 0;
	return true;
}

void uk_invlpg(uint64_t va)
{
	__asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
}

uint64_t uk_prot_flags(int prot)
{
	uint64_t f = PTE_ANON;
	if (prot == PROT_NONE)
		return f | PTE_NOACCESS;
	if (prot & PROT_WRITE)
		f |= PTE_W;
	if (!(prot & PROT_EXEC))
		f |= PTE_NX;
	return f;
}

/* 4 KiB pages from 0 to the end of the image (rounded to 2 MiB), so that page 0 can be absent
 * and the image's text read-only. The image lies in the first GiB (it is loaded at 1 MiB),
 * so these tables go straight into the boot page directory. */
static uint64_t map_low(void)
{
	uint64_t text_end = UK_ALIGN_UP((uint64_t)__text_end, UK_PAGE_SIZE);
	uint64_t top = UK_ALIGN_UP((uint64_t)uk_symtab_end(), TWO_MIB);
	for (uint64_t chunk = 0; chunk < top; chunk += TWO_MIB) {
		uint64_t *pt = (uint64_t *)uk_page_alloc_raw();
		if (!pt)
			uk_panic("mem: out of memory for page tables");
		for (unsigned i = 0; i < 512; i++) {
			uint64_t pa = chunk + i * UK_PAGE_SIZE;
			bool text = pa >= (uint64_t)__image_start && pa < text_end;
			pt[i] = pa ? pa | PTE_P | (text ? 0 : PTE_W | PTE_NX) : 0;
		}
		boot_pd[chunk >> 21] = (uint64_t)pt | PTE_P | PTE_W;
	}
	return top;
}

/* The boot code's tables (pvh.S) become the real ones: they already map the first GiB with
 * 2 MiB pages, which boot far faster under TCG than building fresh tables. What changes: the
 * image's chunks get 4 KiB pages, the rest of that GiB keeps only RAM (each partial 2 MiB page
 * at a range's edge maps a little non-RAM, which nothing uses; holes between ranges stay
 * unmapped for device registers) and is no longer executable, and RAM above it is added. */
void uk_paging_init(void)
{
	pml4 = boot_pml4;
	uint64_t top = map_low();
	uk_memset(&boot_pd[top >> 21], 0, (512 - (top >> 21)) * sizeof *boot_pd);
	for (unsigned i = 0; i < uk_boot.nram; i++) {
		uint64_t pa = UK_ALIGN_DOWN(uk_boot.ram[i].start, TWO_MIB);
		for (pa = pa < top ? top : pa; pa < uk_boot.ram[i].end; pa += TWO_MIB)
			*(pa < ONE_GIB ? &boot_pd[pa >> 21] : walk(pa, 21, true)) = pa | PTE_P | PTE_W | PTE_PS | PTE_NX;
	}
	__asm__ volatile("mov %0, %%cr3" ::"r"(pml4) : "memory");
}

bool uk_mem_readable(uint64_t va, size_t len)
{
	uint64_t end = va + len;
	if (end < va)
		return false;
	for (uint64_t p = UK_ALIGN_DOWN(va, UK_PAGE_SIZE); p < end; p += UK_PAGE_SIZE) {
		uint64_t *t = pml4;
		for (int shift = 39;; shift -= 9) {
			uint64_t e = t[(p >> shift) & 511];
			if (!(e & PTE_P))
				return false;
			if (shift == 12 || (e & PTE_PS))
				break;
			t = (uint64_t *)(e & PTE_ADDR);
		}
	}
	return true;
}

static void mem_init(void)
{
	uk_pmem_init();
	uk_paging_init();
	uk_va_init();
	uk_cmdline_module();
}
UK_INITCALL(2, 0, mem_init);
