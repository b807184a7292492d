/* gdt.c: the runtime's GDT and TSS. Everything runs in ring 0, so the TSS exists only for its
 * interrupt stack table: every exception switches to a runtime stack, because the app and
 * musl use the red zone below their stack pointer and must never be pushed onto. */
#include <stdint.h>
#include <uk/init.h>
#include <uk/util.h>

#include "cpu.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3, iomap_base;
} __attribute__((packed));

static uint8_t ist_trap[16384] __attribute__((aligned(16)));  /* IST1: faults, #PF */
static uint8_t ist_fatal[8192] __attribute__((aligned(16)));  /* IST2: #DF, NMI, #MC */

static struct tss tss = {
	.ist = {[UK_IST_TRAP - 1] = (uint64_t)ist_trap + sizeof ist_trap,
		[UK_IST_FATAL - 1] = (uint64_t)ist_fatal + sizeof ist_fatal},
	.iomap_base = sizeof(struct tss),
};

/* The one GDT: boot/pvh.S loads it on the way to long mode, so the code and data
 * descriptors are there from the start and only the TSS descriptor is added here. */
uint64_t uk_gdt[5] = {
	0,
	0x00af9a000000ffff, /* UK_SEL_CODE: 64-bit code */
	0x00cf92000000ffff, /* UK_SEL_DATA */
};
const struct {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed)) uk_gdt_ptr = {sizeof uk_gdt - 1, (uint64_t)uk_gdt};

/* The segment registers keep the selectors pvh.S loaded: the descriptors they name are
 * unchanged, so there is nothing to reload, only the task register to set. */
static void load_tss(void)
{
	uint64_t base = (uint64_t)&tss, limit = sizeof tss - 1;
	uk_gdt[3] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ULL << 40 |
		    ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56; /* available 64-bit TSS */
	uk_gdt[4] = base >> 32;
	__asm__ volatile("ltr %w0" ::"r"(UK_SEL_TSS) : "memory");
}

void uk_tss_set_ist(unsigned n, uint64_t top)
{
	tss.ist[n - 1] = top;
}

static void cpu_init(void)
{
	load_tss();
	uk_idt_init();
	uk_pic_mask();
}
UK_INITCALL(1, 1, cpu_init);
