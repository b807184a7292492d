/* random.c: entropy for AT_RANDOM (musl's stack canary and pointer guard), getrandom and
 * /dev/urandom: RDRAND where the CPU has it (TCG does), else a generator seeded from TSC
 * jitter, because boot must never fail for want of entropy. RDRAND is a DRBG reseeded by the
 * CPU's entropy source; RDSEED would add nothing a program can tell and another boot path. */
#include <stdbool.h>
#include <uk/cpu.h>
#include <uk/io.h>
#include <uk/util.h>

static int have_rdrand = -1;
static uint64_t jitter_state;

static bool hw_random(uint64_t *v)
{
	if (have_rdrand < 0) {
		uint32_t r[4];
		uk_cpuid(1, 0, r);
		have_rdrand = (r[2] >> 30) & 1;
	}
	/* RDRAND can fail transiently when drained; Intel suggests 10 retries. */
	for (int tries = 0; have_rdrand && tries < 10; tries++) {
		unsigned char ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
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
	for (unsigned char *p = buf; n;) {
		uint64_t v;
		if (!hw_random(&v))
			v = jitter_random();
		size_t k = n < sizeof v ? n : sizeof v;
		uk_memcpy(p, &v, k);
		p += k, n -= k;
	}
}
