/* getrandom.c: getrandom(2) from the CPU's generator (uk_random_fill: RDRAND, or a
 * jitter-seeded generator). It never blocks, so GRND_NONBLOCK changes nothing. */
#include <errno.h>
#include <sys/random.h>
#include <uk/cpu.h>
#include <uk/syscall.h>

static long sys_getrandom(long buf, long len, long flags)
{
	if (flags & ~(long)(GRND_NONBLOCK | GRND_RANDOM | 0x4 /* GRND_INSECURE */))
		return -EINVAL;
	if (len < 0)
		return -EINVAL;
	if (len > 33554431)
		len = 33554431; /* Linux returns at most this much per call */
	uk_random_fill((void *)buf, (size_t)len);
	return len;
}
UK_SYSCALL(getrandom, sys_getrandom);
