/* sched.h: threads, private to the sched component. */
#ifndef SCHED_SCHED_H
#define SCHED_SCHED_H

#include <stdbool.h>
#include <stdint.h>
#include <uk/frame.h>
#include <uk/signal.h>

enum { T_RUNNABLE, T_BLOCKED, T_DEAD };

struct uk_thread {
	uint64_t ksp;          /* saved stack pointer while switched out */
	uint64_t kstack_top;   /* its runtime stack, for system calls and interrupts */
	uint64_t map_base;     /* the mapping holding stack and this struct (0: the boot thread) */
	struct uk_thread *next; /* every live thread, in creation order */
	int tid;
	int state;
	int wake_reason;       /* what uk_block returns: 0, -ETIMEDOUT or -EINTR */
	uint64_t deadline;     /* blocked until (monotonic ns; 0: no limit) */
	uint64_t fs_base;
	uint64_t clear_tid;    /* CLONE_CHILD_CLEARTID / set_tid_address */
	uint64_t cpu_ns, ran_since;
	struct uk_sigstate sig; /* for the signal component */
	char name[16];
	uint8_t fpu[512] __attribute__((aligned(16)));
};

extern struct uk_thread *uk_cur;

/* Blocks the running thread until uk_thread_wake or the deadline. */
int uk_block(uint64_t deadline_ns);
void uk_thread_wake(struct uk_thread *t, int reason);
/* Picks the next thread to run (maybe the same) and switches to it. */
void uk_schedule(void);
struct uk_thread *uk_thread_new(void);
void uk_thread_start(struct uk_thread *t, const struct uk_frame *f);
int uk_thread_count(void);

void uk_lapic_init(void);
/* Fires the timer interrupt after ns nanoseconds (0: never). */
void uk_lapic_arm(uint64_t ns);

void uk_context_switch(uint64_t *save_sp, uint64_t new_sp);
extern char uk_thread_entry[];

void uk_futex_wake_addr(uint64_t addr, int n);

#endif
