/* random.c: entropy for AT_RANDOM (musl's stack canary and pointer guard) and later
 * /dev/urandom. RDSEED, then RDRAND, then a generator seeded from TSC jitter: TCG lacks
 * RDSEED and some CPUs lack both, and boot must never fail for it. */
#include <stdbool.h>
#include <uk/cpu.h>
#include <uk/io.h>

static int have_rdseed = -1, have_rdrand;
static uint64_t jitter_state;

static void detect(void)
{
	uint32_t r[4];
	uk_cpuid(0, 0, r);
	uint32_t max = r[0];
	uk_cpuid(1, 0, r);
	have_rdrand = (r[2] >> 30) & 1;
	have_rdseed = 0;
	if (max >= 7) {
		uk_cpuid(7, 0, r);
		have_rdseed = (r[1] >> 18) & 1;
	}
}

static bool hw_random(uint64_t *v)
{
	for (int tries = 0; tries < 16; tries++) {
		unsigned char ok = 0;
		if (have_rdseed)
			__asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (!ok && have_rdrand)
			__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
		if (!have_rdseed && !have_rdrand)
			return false;
	}
	return false;
}

/* splitmix64 over a state stirred with the low bits of TSC deltas. */
static uint64_t jitter_random(void)
{
	for (int i = 0; i < 8; i++) {
		uint64_t a = uk_rdtsc();
		__asm__ volatile("pause");
		jitter_state = (jitter_state << 5 | jitter_state >> 59) ^ (uk_rdtsc() - a) ^ a;
	}
	uint64_t z = (jitter_state += 0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
	return z ^ (z >> 31);
}

void uk_random_fill(void *buf, size_t n)
{
	if (have_rdseed < 0)
		detect();
	unsigned char *p = buf;
	while (n) {
		uint64_t v;
		if (!hw_random(&v))
			v = jitter_random();
		for (int i = 0; i < 8 && n; i++, n--, v >>= 8)
			*p++ = (unsigned char)v;
	}
}
