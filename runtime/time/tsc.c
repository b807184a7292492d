/* tsc.c: the TSC as the monotonic clock. Its frequency comes from CPUID where the CPU or the
 * hypervisor reports it, else from a 1 ms measurement against the PIT, done at the first
 * clock read rather than at boot, so programs that never read the time never pay for it.
 * (Waiting ~100 ms on the PIT is what makes other unikernels boot slowly under TCG.) */
#include <stdbool.h>
#include <uk/boot.h>
#include <uk/io.h>

#include "tsc.h"

static uint64_t mult; /* ns = (ticks * mult) >> 32 */

static uint64_t cpuid_hz(void)
{
	uint32_t r[4];
	uk_cpuid(0, 0, r);
	uint32_t max = r[0];
	if (max >= 0x15) {
		uk_cpuid(0x15, 0, r); /* TSC/crystal ratio ebx/eax, crystal Hz in ecx */
		if (r[0] && r[1] && r[2])
			return (uint64_t)r[2] * r[1] / r[0];
	}
	uk_cpuid(1, 0, r);
	if (r[2] & (1u << 31)) { /* running under a hypervisor */
		uk_cpuid(0x40000000, 0, r);
		if (r[0] >= 0x40000010) {
			uk_cpuid(0x40000010, 0, r); /* TSC kHz (VMware/KVM convention) */
			if (r[0])
				return (uint64_t)r[0] * 1000;
		}
	}
	return 0;
}

/* PIT channel 2 counts 1193 ticks of 1.193182 MHz (1 ms) with its gate on and the speaker
 * off; OUT2 (port 0x61 bit 5) rises when the count reaches zero. */
static uint64_t pit_hz(void)
{
	const uint32_t count = 1193;
	uint8_t p61 = uk_inb(0x61);
	uk_outb(0x61, (uint8_t)((p61 & ~0x02) | 0x01));
	uk_outb(0x43, 0xb0); /* channel 2, lobyte/hibyte, mode 0 */
	uk_outb(0x42, count & 0xff);
	uk_outb(0x42, count >> 8);
	uint64_t t0 = uk_rdtsc(), t1 = t0;
	for (uint32_t spins = 0; !(uk_inb(0x61) & 0x20); spins++) {
		t1 = uk_rdtsc();
		if (spins > 10000000) /* no PIT: fall back to a nominal 1 GHz rather than hang */
			return 1000000000;
	}
	uk_outb(0x61, p61);
	return (t1 - t0) * 1193182 / count;
}

uint64_t uk_tsc_hz(void)
{
	static uint64_t hz;
	if (!hz) {
		hz = cpuid_hz();
		if (!hz)
			hz = pit_hz();
		mult = (1000000000ULL << 32) / hz; /* fits: 1e9 * 2^32 < 2^64 */
	}
	return hz;
}

uint64_t uk_monotonic_ns(void)
{
	if (!mult)
		uk_tsc_hz();
	uint64_t ticks = uk_rdtsc() - uk_boot.tsc_at_entry;
	return (uint64_t)(((unsigned __int128)ticks * mult) >> 32);
}
