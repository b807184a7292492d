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

/* The PIT's channel 0 counts down at 1.193182 MHz. Read back through the latch command, it
 * needs neither port 0x61 (absent on microvm) nor interrupts. Count 1193 ticks: 1 ms. */
static uint16_t pit_read(void)
{
	uk_outb(0x43, 0x00); /* latch channel 0 */
	uint8_t lo = uk_inb(0x40);
	return (uint16_t)(lo | uk_inb(0x40) << 8);
}

static uint64_t pit_hz(void)
{
	const uint16_t want = 1193;
	uk_outb(0x43, 0x34); /* channel 0, lobyte/hibyte, mode 2 (rate generator) */
	uk_outb(0x40, 0xff);
	uk_outb(0x40, 0xff);
	uint16_t start = pit_read(), now;
	uint64_t t0 = uk_rdtsc(), t1;
	uint32_t spins = 0;
	do {
		now = pit_read();
		t1 = uk_rdtsc();
		if (++spins > 1000000 || (spins > 1000 && now == start))
			return 0; /* no PIT answers */
	} while ((uint16_t)(start - now) < want);
	return (t1 - t0) * 1193182 / (uint16_t)(start - now);
}

uint64_t uk_tsc_hz(void)
{
	static uint64_t hz;
	if (!hz) {
		hz = cpuid_hz();
		if (!hz)
			hz = pit_hz();
		if (!hz) /* nothing to measure against: assume 1 GHz rather than fail */
			hz = 1000000000;
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
