/* irq.c: device interrupts: vectors 32..47 and the LAPIC's spurious vector, on their own IST
 * stack, handed to the handlers components register (the scheduler's timer, devices). A
 * component of its own so that programs that never take an interrupt carry none of it. */
#include <uk/cpu.h>
#include <uk/init.h>
#include <uk/io.h>

#define IST_IRQ 3

static uk_irq_handler handlers[16];
/* IST3: entry.S finds the frame an interrupt left here at its top. */
uint8_t uk_ist_irq[4096] __attribute__((aligned(16)));
extern const uint64_t uk_irq_stubs[16], uk_irq_spurious_stub;
volatile uint8_t uk_in_idle;
volatile uint32_t *uk_lapic;
void (*uk_irq_exit_hook)(struct uk_frame *f);
void (*uk_irq_return_hook)(struct uk_frame *f);

#define LAPIC_EOI (0xb0 / 4)

void uk_irq_register(unsigned vector, uk_irq_handler handler)
{
	if (vector >= 32 && vector < 48)
		handlers[vector - 32] = handler;
}

void uk_irq(struct uk_frame *f)
{
	unsigned v = (unsigned)f->vector;
	if (v >= 32 && v < 48 && handlers[v - 32])
		handlers[v - 32](v);
	if (uk_lapic)
		uk_lapic[LAPIC_EOI] = 0;
	/* Only a frame on the thread's own stack (the program was interrupted) may be
	 * switched away from; in the idle loop the scheduler is already deciding. */
	if (uk_in_idle)
		return;
	if (uk_irq_exit_hook)
		uk_irq_exit_hook(f);
	if (uk_irq_return_hook)
		uk_irq_return_hook(f);
}

static void irq_init(void)
{
	uk_tss_set_ist(IST_IRQ, (uint64_t)uk_ist_irq + sizeof uk_ist_irq);
	for (unsigned v = 0; v < 16; v++)
		uk_idt_set_gate(32 + v, uk_irq_stubs[v], IST_IRQ);
	uk_idt_set_gate(255, uk_irq_spurious_stub, IST_IRQ);
}
UK_INITCALL(1, 3, irq_init);
