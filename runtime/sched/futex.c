/* futex.c: futex(2), on which musl builds every pthread primitive. Waiters live on the
 * waiting thread's stack in one list (a program has few threads; a hash comes when it
 * matters). A single CPU with interrupts off in the runtime makes compare-and-block atomic. */
#include <errno.h>
#include <stdbool.h>
#include <time.h>
#include <uk/syscall.h>
#include <uk/time.h>

#include "sched.h"

/* The Linux futex ABI (musl's headers do not carry it). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128 /* one process: private and shared are the same */
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

struct waiter {
	uint64_t addr;
	uint32_t bitset;
	bool woken;
	struct uk_thread *t;
	struct waiter *next;
};

static struct waiter *waiters;

static void unlink_waiter(struct waiter *w)
{
	for (struct waiter **p = &waiters; *p; p = &(*p)->next)
		if (*p == w) {
			*p = w->next;
			return;
		}
}

static int wake(uint64_t addr, int n, uint32_t bitset)
{
	int woken = 0;
	for (struct waiter **p = &waiters; *p && woken < n;) {
		struct waiter *w = *p;
		if (w->addr == addr && (w->bitset & bitset)) {
			*p = w->next;
			w->woken = true;
			uk_thread_wake(w->t, 0);
			woken++;
		} else {
			p = &w->next;
		}
	}
	return woken;
}

void uk_futex_wake_addr(uint64_t addr, int n)
{
	wake(addr, n, FUTEX_BITSET_MATCH_ANY);
}

static int requeue(uint64_t addr, int nwake, int nmove, uint64_t to)
{
	int done = wake(addr, nwake, FUTEX_BITSET_MATCH_ANY), moved = 0;
	for (struct waiter *w = waiters; w && moved < nmove; w = w->next)
		if (w->addr == addr) {
			w->addr = to;
			moved++;
		}
	return done + moved;
}

static long wait_on(uint64_t addr, uint32_t val, uint64_t deadline, uint32_t bitset)
{
	if (*(volatile uint32_t *)addr != val)
		return -EAGAIN;
	struct waiter w = {addr, bitset, false, uk_cur, waiters};
	waiters = &w;
	int r;
	do
		r = uk_block(deadline);
	while (!w.woken && r == 0);
	if (!w.woken)
		unlink_waiter(&w);
	return w.woken ? 0 : r;
}

static bool bad_timespec(const struct timespec *ts)
{
	return ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000;
}

static uint64_t ns_of(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ULL + (uint64_t)ts->tv_nsec;
}

static long sys_futex(long uaddr, long op, long val, long timeout, long uaddr2, long val3)
{
	uint64_t addr = (uint64_t)uaddr;
	if (addr & 3)
		return -EINVAL;
	int cmd = (int)op & FUTEX_CMD_MASK;
	const struct timespec *ts = (const struct timespec *)timeout;
	uint64_t deadline = 0;
	switch (cmd) {
	case FUTEX_WAIT:
		if (ts) {
			if (bad_timespec(ts))
				return -EINVAL;
			deadline = uk_monotonic_ns() + ns_of(ts) + 1; /* never 0: "no limit" */
		}
		return wait_on(addr, (uint32_t)val, deadline, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAIT_BITSET:
		if (!(uint32_t)val3)
			return -EINVAL;
		if (ts) { /* absolute, on CLOCK_MONOTONIC unless FUTEX_CLOCK_REALTIME */
			if (bad_timespec(ts))
				return -EINVAL;
			uint64_t at = ns_of(ts);
			if (op & FUTEX_CLOCK_REALTIME) {
				uint64_t now = uk_realtime_ns();
				at = uk_monotonic_ns() + (at > now ? at - now : 0);
			}
			deadline = at ? at : 1;
		}
		return wait_on(addr, (uint32_t)val, deadline, (uint32_t)val3);
	case FUTEX_WAKE:
		return wake(addr, (int)val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return (uint32_t)val3 ? wake(addr, (int)val, (uint32_t)val3) : -EINVAL;
	case FUTEX_CMP_REQUEUE:
		if (*(volatile uint32_t *)addr != (uint32_t)val3)
			return -EAGAIN;
		/* fall through */
	case FUTEX_REQUEUE:
		return requeue(addr, (int)val, (int)timeout /* val2 */, (uint64_t)uaddr2);
	}
	return -ENOSYS;
}
UK_SYSCALL(futex, sys_futex);
