/* sleep.c: nanosleep and clock_nanosleep: the thread blocks until its deadline and the CPU
 * halts if nothing else can run. */
#include <errno.h>
#include <time.h>
#include <uk/syscall.h>
#include <uk/time.h>

#include "sched.h"

static long sleep_until(uint64_t deadline, struct timespec *rem)
{
	for (;;) {
		int r = uk_block(deadline);
		uint64_t now = uk_monotonic_ns();
		if (now >= deadline || r == -ETIMEDOUT)
			return 0;
		if (r == -EINTR) {
			if (rem) {
				uint64_t left = deadline - now;
				*rem = (struct timespec){(time_t)(left / 1000000000), (long)(left % 1000000000)};
			}
			return -EINTR;
		}
	}
}

static long do_sleep(long clk, long flags, const struct timespec *req, struct timespec *rem)
{
	if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000)
		return -EINVAL;
	uint64_t ns = (uint64_t)req->tv_sec * 1000000000ULL + (uint64_t)req->tv_nsec;
	uint64_t now = uk_monotonic_ns(), deadline;
	if (flags & TIMER_ABSTIME) {
		uint64_t clock_now = clk == CLOCK_REALTIME ? uk_realtime_ns() : now;
		deadline = now + (ns > clock_now ? ns - clock_now : 0);
		rem = 0; /* absolute sleeps do not report what is left */
	} else {
		deadline = now + ns;
	}
	if (deadline <= now)
		return 0;
	return sleep_until(deadline, rem);
}

static long sys_nanosleep(long req, long rem)
{
	return do_sleep(CLOCK_MONOTONIC, 0, (const struct timespec *)req, (struct timespec *)rem);
}
UK_SYSCALL(nanosleep, sys_nanosleep);

static long sys_clock_nanosleep(long clk, long flags, long req, long rem)
{
	if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC && clk != CLOCK_BOOTTIME)
		return clk == CLOCK_THREAD_CPUTIME_ID ? -EINVAL : -ENOTSUP;
	long r = do_sleep(clk, flags, (const struct timespec *)req, (struct timespec *)rem);
	return r; /* clock_nanosleep returns the error number; musl negates it back */
}
UK_SYSCALL(clock_nanosleep, sys_clock_nanosleep);
