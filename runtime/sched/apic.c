/* apic.c: the local APIC timer, one-shot, as the scheduler's only clock interrupt. TCG
 * offers neither x2APIC nor TSC-deadline mode, so this is the xAPIC at its MMIO base with
 * the count calibrated against the TSC (1 ms, once, when the first thread-aware program
 * boots). It is armed only for a deadline or a time slice: an idle guest gets no ticks. */
#include <uk/boot.h>
#include <uk/cpu.h>
#include <uk/io.h>
#include <uk/mem.h>
#include <uk/time.h>

#include "sched.h"

#define REG(off) (uk_lapic[(off) / 4])
#define LVT_TIMER 0x320
#define INITIAL 0x380
#define CURRENT 0x390
#define DIVIDE 0x3e0
#define TIMER_VECTOR 32

static uint64_t ticks_per_ms;

static void timer_irq(unsigned v)
{
	(void)v; /* the scheduler's irq-exit hook does the work */
}

void uk_lapic_init(void)
{
	uk_lapic_enable();
	REG(DIVIDE) = 0xb;       /* divide by 1 */
	REG(LVT_TIMER) = TIMER_VECTOR; /* one-shot, unmasked */
	uk_irq_register(TIMER_VECTOR, timer_irq);

	/* Count down from the top for 1 ms of TSC time. */
	REG(LVT_TIMER) = TIMER_VECTOR | (1 << 16); /* masked while calibrating */
	REG(INITIAL) = 0xffffffff;
	uint64_t t0 = uk_monotonic_ns();
	while (uk_monotonic_ns() - t0 < 1000000)
		__asm__ volatile("pause");
	ticks_per_ms = 0xffffffffULL - REG(CURRENT);
	REG(INITIAL) = 0;
	REG(LVT_TIMER) = TIMER_VECTOR;
	if (!ticks_per_ms)
		uk_panic("sched: the local APIC timer does not count");
}

void uk_lapic_arm(uint64_t ns)
{
	if (!uk_lapic)
		return;
	if (!ns) {
		REG(INITIAL) = 0; /* stopped */
		return;
	}
	uint64_t ticks = ns / 1000 * ticks_per_ms / 1000;
	if (ns < 1000000 && ticks == 0)
		ticks = ns * ticks_per_ms / 1000000;
	if (!ticks)
		ticks = 1;
	if (ticks > 0xffffffffULL)
		ticks = 0xffffffffULL; /* fires early; the scheduler re-arms */
	REG(INITIAL) = (uint32_t)ticks;
}
