/* uk/signal.h: per-thread signal state, shared by the signal component (which owns the
 * semantics) and the scheduler (which owns the threads). Without the scheduler there is one
 * thread and the signal component keeps its state itself. */
#ifndef UK_SIGNAL_H
#define UK_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

struct uk_frame;

struct uk_sigstate {
	uint64_t blocked; /* bit sig-1 */
	uint64_t pending; /* sent to this thread */
	uint64_t ss_sp, ss_size;
	int ss_flags;     /* SS_DISABLE or 0 */
};

/* The calling thread's state; the thread tid's (NULL if there is none). */
struct uk_sigstate *uk_sigstate(void);
struct uk_sigstate *uk_sigstate_of(int tid);
/* A thread that does not block the signal bit, preferring the caller; -1 if all block it. */
int uk_signal_target(uint64_t bit);
/* A thread blocked in the runtime returns -EINTR from its wait. */
void uk_thread_interrupt(int tid);

/* From the signal component: */
/* The pending signals of the calling thread (its own and the process's) within mask. */
uint64_t uk_signal_ready(uint64_t mask);
/* Takes the lowest pending signal of mask off the pending sets, filling info if not NULL
 * (a siginfo_t); returns it, or 0. */
int uk_signal_take(uint64_t mask, void *info);
/* Sends sig to thread tid, or to the process when tid is 0 (code and value become
 * si_code and si_value). */
long uk_signal_send(int tid, int sig, int code, uint64_t value);
/* Called whenever a signal becomes pending, blocked or not (sigwaitinfo waits for those). */
extern void (*uk_signal_sent_hook)(void);
/* Delivers one pending unblocked signal on the way back to the program. */
void uk_signal_deliver(struct uk_frame *f);

/* Set by the signal component: a CPU fault in the program becomes a signal if a handler
 * takes it; returns false to fall back to the crash report. */
extern bool (*uk_fault_hook)(struct uk_frame *f, int sig, int code, uint64_t addr);

#endif
