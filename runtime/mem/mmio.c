/* mmio.c: device registers. They live outside RAM (LAPIC at 0xfee00000, virtio-mmio, PCI
 * BARs), so the identity map does not cover them; map them uncached, 4 KiB at a time. */
#include <uk/boot.h>
#include <uk/mem.h>
#include <uk/util.h>

#include "mem.h"

#define PTE_PWT (1ULL << 3)
#define PTE_PCD (1ULL << 4)

void *uk_map_mmio(uint64_t phys, size_t len)
{
	uint64_t start = UK_ALIGN_DOWN(phys, UK_PAGE_SIZE), end = UK_ALIGN_UP(phys + len, UK_PAGE_SIZE);
	for (uint64_t pa = start; pa < end; pa += UK_PAGE_SIZE) {
		uint64_t *pte = uk_pte(pa, true);
		if (!pte) /* inside a 2 MiB RAM mapping: RAM is not a device */
			uk_panic("mem: cannot map device memory at 0x%lx", pa);
		*pte = pa | PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_NX;
		uk_invlpg(pa);
	}
	return (void *)phys; /* identity: device addresses are used as they are */
}
