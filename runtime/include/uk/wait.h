/* uk/wait.h: blocking until something happens: the one primitive every component that can
 * block (pipes, consoles, devices, futexes, sleeps) waits with. */
#ifndef UK_WAIT_H
#define UK_WAIT_H

#include <stdint.h>

struct uk_waiter;

struct uk_waitq {
	struct uk_waiter *head;
};

/* Blocks the calling thread until uk_wake(q), the deadline (CLOCK_MONOTONIC nanoseconds
 * since boot; 0 for none) or a signal for the thread. Returns 0, -ETIMEDOUT or -EINTR.
 * Wake-ups may be spurious: callers re-check their condition in a loop. */
int uk_wait(struct uk_waitq *q, uint64_t deadline_ns);
/* Makes every thread waiting on q runnable. Safe from interrupt handlers. */
void uk_wake(struct uk_waitq *q);

/* A callback at a deadline (CLOCK_MONOTONIC ns), run by the scheduler with interrupts off:
 * it may wake threads or send signals, nothing that blocks. */
struct uk_timer {
	uint64_t deadline;
	void (*fn)(struct uk_timer *t);
	struct uk_timer *next;
	int armed;
};
void uk_timer_arm(struct uk_timer *t, uint64_t deadline_ns);
void uk_timer_disarm(struct uk_timer *t);

#endif
