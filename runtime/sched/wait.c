/* wait.c: uk_wait/uk_wake (uk/wait.h) for components that block: a waiter on the blocked
 * thread's stack, linked into the queue. */
#include <errno.h>
#include <stdbool.h>
#include <uk/wait.h>

#include "sched.h"

struct uk_waiter {
	struct uk_thread *t;
	struct uk_waiter *next;
};

int uk_wait(struct uk_waitq *q, uint64_t deadline_ns)
{
	struct uk_waiter w = {uk_cur, q->head};
	q->head = &w;
	int r = uk_block(deadline_ns);
	for (struct uk_waiter **p = &q->head; *p; p = &(*p)->next)
		if (*p == &w) {
			*p = w.next;
			break;
		}
	return r;
}

void uk_wake(struct uk_waitq *q)
{
	for (struct uk_waiter *w = q->head; w; w = w->next)
		uk_thread_wake(w->t, 0);
}
