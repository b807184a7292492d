/* idt.c: the interrupt descriptor table; every exception vector runs on an IST stack. */
#include <stdbool.h>
#include <stdint.h>

#include <uk/io.h>

#include "cpu.h"

struct gate {
	uint16_t off0, sel;
	uint8_t ist, type;
	uint16_t off1;
	uint32_t off2, reserved;
};

static struct gate idt[256];
extern const uint64_t uk_trap_stubs[32];

void uk_idt_set_gate(unsigned v, uint64_t a, uint8_t ist)
{
	idt[v] = (struct gate){
		.off0 = (uint16_t)a, .sel = UK_SEL_CODE, .ist = ist,
		.type = 0x8e, /* present, ring 0, 64-bit interrupt gate: interrupts off inside */
		.off1 = (uint16_t)(a >> 16), .off2 = (uint32_t)(a >> 32),
	};
}

void uk_idt_init(void)
{
	for (unsigned v = 0; v < 32; v++) {
		bool fatal = v == 2 || v == 8 || v == 18; /* NMI, #DF, #MC: their own stack */
		uk_idt_set_gate(v, uk_trap_stubs[v], fatal ? UK_IST_FATAL : UK_IST_TRAP);
	}
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = {sizeof idt - 1, (uint64_t)idt};
	__asm__ volatile("lidt %0" ::"m"(ptr));
}

/* The legacy PICs stay masked: firmware leaves the PIT's IRQ 0 unmasked at vector 8, where it
 * would look like a double fault once the program runs with interrupts on. */
void uk_pic_mask(void)
{
	uk_outb(0x21, 0xff);
	uk_outb(0xa1, 0xff);
}
