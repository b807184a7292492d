/* irq.c: device interrupts. The legacy PICs are masked (firmware leaves the PIT's IRQ 0
 * unmasked at vector 8, where it would look like a double fault); interrupts come through
 * the LAPIC, whose owner registers handlers here. */
#include <uk/cpu.h>
#include <uk/io.h>

#include "cpu.h"

static uk_irq_handler handlers[16];
volatile uint8_t uk_in_idle;
volatile uint32_t *uk_lapic;
void (*uk_irq_exit_hook)(struct uk_frame *f);
void (*uk_irq_return_hook)(struct uk_frame *f);

#define LAPIC_EOI (0xb0 / 4)

void uk_pic_mask(void)
{
	uk_outb(0x21, 0xff);
	uk_outb(0xa1, 0xff);
}

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
