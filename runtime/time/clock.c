/* clock.c: clock_gettime, clock_getres, gettimeofday and time. The wall clock is the RTC at
 * the first call plus the monotonic clock since. */
#include <sys/time.h>
#include <time.h>
#include <uk/syscall.h>
#include <uk/time.h>

#include "tsc.h"

uint64_t uk_realtime_ns(void)
{
	static uint64_t base; /* wall-clock ns at monotonic 0 */
	static int have_base;
	if (!have_base) {
		uint64_t now = uk_monotonic_ns();
		base = uk_rtc_epoch_seconds() * 1000000000ULL - now;
		have_base = 1;
	}
	return base + uk_monotonic_ns();
}

/* Without the scheduler nothing ever waits, so the one thread has run since boot; the sched
 * component, which sees threads sleep, replaces this. */
__attribute__((weak)) uint64_t uk_cpu_ns(int thread)
{
	(void)thread;
	return uk_monotonic_ns();
}

static long sys_clock_gettime(long clk, long ts)
{
	uint64_t ns;
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		ns = uk_realtime_ns();
		break;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		ns = uk_monotonic_ns();
		break;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		ns = uk_cpu_ns(clk == CLOCK_THREAD_CPUTIME_ID);
		break;
	default:
		return -EINVAL;
	}
	struct timespec *t = (struct timespec *)ts;
	t->tv_sec = (time_t)(ns / 1000000000);
	t->tv_nsec = (long)(ns % 1000000000);
	return 0;
}
UK_SYSCALL(clock_gettime, sys_clock_gettime);

static long sys_clock_getres(long clk, long ts)
{
	if (clk < 0 || clk > CLOCK_BOOTTIME)
		return -EINVAL;
	if (ts)
		*(struct timespec *)ts = (struct timespec){0, 1};
	return 0;
}
UK_SYSCALL(clock_getres, sys_clock_getres);

static long sys_gettimeofday(long tv, long tz)
{
	(void)tz;
	if (tv) {
		uint64_t ns = uk_realtime_ns();
		*(struct timeval *)tv = (struct timeval){(time_t)(ns / 1000000000), (suseconds_t)(ns % 1000000000 / 1000)};
	}
	return 0;
}
UK_SYSCALL(gettimeofday, sys_gettimeofday);

static long sys_time(long t)
{
	long s = (long)(uk_realtime_ns() / 1000000000);
	if (t)
		*(long *)t = s;
	return s;
}
UK_SYSCALL(time, sys_time);
