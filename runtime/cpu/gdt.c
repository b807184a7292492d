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

static struct tss tss;
static uint64_t gdt[5];
static uint8_t ist_trap[16384] __attribute__((aligned(16)));  /* IST1: faults, #PF */
static uint8_t ist_fatal[8192] __attribute__((aligned(16)));  /* IST2: #DF, NMI, #MC */


static void load_gdt(void)
{
	uint64_t base = (uint64_t)&tss, limit = sizeof tss - 1;
	gdt[0] = 0;
	gdt[1] = 0x00af9a000000ffff; /* UK_SEL_CODE: 64-bit code */
	gdt[2] = 0x00cf92000000ffff; /* UK_SEL_DATA */
	gdt[3] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ULL << 40 |
		 ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56; /* available 64-bit TSS */
	gdt[4] = base >> 32;
	tss.ist[UK_IST_TRAP - 1] = (uint64_t)ist_trap + sizeof ist_trap;
	tss.ist[UK_IST_FATAL - 1] = (uint64_t)ist_fatal + sizeof ist_fatal;
	tss.iomap_base = sizeof tss;

	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = {sizeof gdt - 1, (uint64_t)gdt};
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov %2, %%ds\n\t"
			 "mov %2, %%es\n\t"
			 "mov %2, %%ss\n\t"
			 "ltr %w3" ::"m"(ptr),
			 "i"(UK_SEL_CODE), "r"(UK_SEL_DATA), "r"(UK_SEL_TSS)
			 : "rax", "memory");
}

void uk_tss_set_ist(unsigned n, uint64_t top)
{
	tss.ist[n - 1] = top;
}

static void cpu_init(void)
{
	load_gdt();
	uk_idt_init();
	uk_pic_mask();
}
UK_INITCALL(1, 1, cpu_init);
