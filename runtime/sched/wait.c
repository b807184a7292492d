/* wait.c: waiting. With one thread and no device interrupts yet, waiting is polling: uk_wait
 * returns at once (a spurious wake-up, which callers must tolerate) after a pause, and the
 * caller's loop re-checks its condition. The scheduler replaces this with sleeping threads
 * and a halted CPU. */
#include <errno.h>
#include <uk/time.h>
#include <uk/wait.h>

int uk_wait(struct uk_waitq *q, uint64_t deadline_ns)
{
	(void)q;
	if (deadline_ns && uk_monotonic_ns() >= deadline_ns)
		return -ETIMEDOUT;
	__asm__ volatile("pause");
	return 0;
}

void uk_wake(struct uk_waitq *q)
{
	(void)q;
}
