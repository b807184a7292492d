/* thread.c: threads on one CPU and the scheduler. Each thread has its own runtime stack;
 * a switch happens inside the runtime (a system call that blocks, or the timer interrupt
 * preempting the program), saving the FPU/SSE state and the TLS pointer with it. Threads run
 * round-robin with 10 ms slices; when none can run, the CPU halts until the next deadline or
 * interrupt: sleeping costs the host nothing. The timer is armed only when needed. */
#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/cpu.h>
#include <uk/init.h>
#include <uk/io.h>
#include <uk/mem.h>
#include <uk/time.h>
#include <uk/util.h>
#include <uk/signal.h>
#include <uk/wait.h>

#include "sched.h"

#define SLICE_NS 10000000ULL
#define KSTACK_SIZE (16 * 1024)
#define MAP_SIZE (KSTACK_SIZE + UK_PAGE_SIZE) /* a guard page below the stack */

static struct uk_thread boot_thread;
struct uk_thread *uk_cur;
static struct uk_thread *all;
static int next_tid = 2;
static uint64_t slice_end;

int uk_thread_count(void)
{
	int n = 0;
	for (struct uk_thread *t = all; t; t = t->next)
		n += t->state != T_DEAD;
	return n;
}

/* The thread after `from` in the list that can run, wrapping around; `from` itself last. */
static struct uk_thread *pick(struct uk_thread *from)
{
	for (struct uk_thread *t = from->next ? from->next : all;; t = t->next ? t->next : all) {
		if (t->state == T_RUNNABLE)
			return t;
		if (t == from)
			return 0;
	}
}

static struct uk_timer *timers;

void uk_timer_disarm(struct uk_timer *t)
{
	for (struct uk_timer **p = &timers; *p; p = &(*p)->next)
		if (*p == t) {
			*p = t->next;
			break;
		}
	t->armed = 0;
}

void uk_timer_arm(struct uk_timer *t, uint64_t deadline)
{
	if (t->armed)
		uk_timer_disarm(t);
	t->deadline = deadline ? deadline : 1;
	t->next = timers;
	timers = t;
	t->armed = 1;
}

static void wake_expired(uint64_t now)
{
	for (struct uk_timer **p = &timers; *p;) {
		struct uk_timer *t = *p;
		if (t->deadline > now) {
			p = &t->next;
			continue;
		}
		*p = t->next; /* unlinked before it runs: it may re-arm itself */
		t->armed = 0;
		t->fn(t);
		p = &timers; /* the list may have changed */
	}
	for (struct uk_thread *t = all; t; t = t->next)
		if (t->state == T_BLOCKED && t->deadline && t->deadline <= now)
			uk_thread_wake(t, -ETIMEDOUT);
}

static uint64_t earliest_deadline(void)
{
	uint64_t d = 0;
	for (struct uk_thread *t = all; t; t = t->next)
		if (t->state == T_BLOCKED && t->deadline && (!d || t->deadline < d))
			d = t->deadline;
	for (struct uk_timer *t = timers; t; t = t->next)
		if (!d || t->deadline < d)
			d = t->deadline;
	return d;
}

static int runnable_count(void)
{
	int n = 0;
	for (struct uk_thread *t = all; t; t = t->next)
		n += t->state == T_RUNNABLE;
	return n;
}

/* Nothing can run: halt until an interrupt (the timer, at the earliest deadline). `sti; hlt`
 * cannot lose a wake-up: the interrupt shadow of sti covers hlt. */
static void idle(uint64_t now)
{
	/* With no deadline, only a device interrupt can end this (input, or nothing: a
	 * deadlock, which hangs as on Linux, with the CPU halted; `ukcc run --timeout` ends it). */
	uint64_t d = earliest_deadline();
	uk_lapic_arm(d ? (d > now ? d - now : 1) : 0);
	uk_in_idle = 1;
	__asm__ volatile("sti; hlt; cli" ::: "memory");
	uk_in_idle = 0;
}

static void arm_for(uint64_t now)
{
	uint64_t d = earliest_deadline(), next = d;
	if (runnable_count() > 1 && (!next || slice_end < next))
		next = slice_end;
	uk_lapic_arm(next ? (next > now ? next - now : 1) : 0);
}

static void reap(void)
{
	for (struct uk_thread **p = &all; *p;) {
		struct uk_thread *t = *p;
		if (t->state == T_DEAD && t != uk_cur && t->map_base) {
			*p = t->next;
			uk_munmap(t->map_base, MAP_SIZE);
			continue;
		}
		p = &t->next;
	}
}

static void switch_to(struct uk_thread *prev, struct uk_thread *next)
{
	prev->fs_base = uk_rdmsr(MSR_FS_BASE);
	__asm__ volatile("fxsave64 %0" : "=m"(prev->fpu));
	__asm__ volatile("fxrstor64 %0" ::"m"(next->fpu));
	uk_wrmsr(MSR_FS_BASE, next->fs_base);
	uk_kstack_top = next->kstack_top;
	uk_cur = next;
	uk_context_switch(&prev->ksp, next->ksp);
}

void uk_schedule(void)
{
	struct uk_thread *prev = uk_cur, *next;
	uint64_t now = uk_monotonic_ns();
	prev->cpu_ns += now - prev->ran_since; /* idle time is nobody's */
	for (;;) {
		now = uk_monotonic_ns();
		wake_expired(now);
		if ((next = pick(prev)))
			break;
		idle(now);
	}
	if (next != prev || now >= slice_end)
		slice_end = now + SLICE_NS;
	arm_for(now);
	next->ran_since = now;
	if (next != prev)
		switch_to(prev, next);
	reap();
}

int uk_block(uint64_t deadline)
{
	uk_cur->state = T_BLOCKED;
	uk_cur->deadline = deadline;
	uk_cur->wake_reason = 0;
	uk_schedule();
	return uk_cur->wake_reason;
}

void uk_thread_wake(struct uk_thread *t, int reason)
{
	if (t->state != T_BLOCKED)
		return;
	t->state = T_RUNNABLE;
	t->wake_reason = reason;
}

/* The timer interrupted the program: wake sleepers, and let another thread run if this
 * one's slice is over. */
static void irq_exit(struct uk_frame *f)
{
	(void)f;
	uint64_t now = uk_monotonic_ns();
	wake_expired(now);
	if (now >= slice_end && runnable_count() > 1)
		uk_schedule();
	else
		arm_for(now);
}

/* A new thread's first steps (its stack and TLS pages, touched at once) need memory too: with
 * less left than this after its runtime stack, creating it fails with EAGAIN rather than
 * leaving the program to be killed for memory a moment later. */
#define HEADROOM_PAGES 16

struct uk_thread *uk_thread_new(void)
{
	if (uk_pages_free() < MAP_SIZE / UK_PAGE_SIZE + HEADROOM_PAGES)
		return 0;
	long base = uk_mmap_anon(0, MAP_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE);
	if (base < 0)
		return 0;
	uk_mprotect((uint64_t)base, UK_PAGE_SIZE, PROT_NONE);
	uint64_t top = (uint64_t)base + MAP_SIZE;
	struct uk_thread *t = (struct uk_thread *)UK_ALIGN_DOWN(top - sizeof *t, 64);
	uk_memset(t, 0, sizeof *t);
	t->map_base = (uint64_t)base;
	t->kstack_top = UK_ALIGN_DOWN((uint64_t)t, 16);
	t->tid = next_tid++;
	t->state = T_DEAD; /* not runnable until started */
	t->next = 0;
	struct uk_thread **p = &all;
	while (*p)
		p = &(*p)->next;
	*p = t;
	return t;
}

/* Lays out the new thread's stack so that its first switch "returns" into the frame f. */
void uk_thread_start(struct uk_thread *t, const struct uk_frame *f)
{
	struct uk_frame *frame = (struct uk_frame *)(t->kstack_top - sizeof *frame);
	*frame = *f;
	uint64_t *sp = (uint64_t *)frame;
	*--sp = (uint64_t)uk_thread_entry;
	for (int i = 0; i < 6; i++) /* rbp, rbx, r12-r15 for uk_context_switch to pop */
		*--sp = 0;
	t->ksp = (uint64_t)sp;
	__asm__ volatile("fxsave64 %0" : "=m"(t->fpu)); /* inherits the parent's FPU state */
	t->state = T_RUNNABLE;
}

struct uk_sigstate *uk_sigstate(void)
{
	return &uk_cur->sig;
}

static struct uk_thread *find(int tid)
{
	for (struct uk_thread *t = all; t; t = t->next)
		if (t->tid == tid && t->state != T_DEAD)
			return t;
	return 0;
}

struct uk_sigstate *uk_sigstate_of(int tid)
{
	struct uk_thread *t = find(tid);
	return t ? &t->sig : 0;
}

int uk_signal_target(uint64_t bit)
{
	if (!(uk_cur->sig.blocked & bit))
		return uk_cur->tid;
	for (struct uk_thread *t = all; t; t = t->next)
		if (t->state != T_DEAD && !(t->sig.blocked & bit))
			return t->tid;
	return -1;
}

void uk_thread_interrupt(int tid)
{
	struct uk_thread *t = find(tid);
	if (t)
		uk_thread_wake(t, -EINTR);
}

/* CPU time: of the calling thread (thread != 0), or of the whole process. */
uint64_t uk_cpu_ns(int thread)
{
	uint64_t now = uk_monotonic_ns(), ns = uk_cur->cpu_ns + (now - uk_cur->ran_since);
	if (!thread)
		for (struct uk_thread *t = all; t; t = t->next)
			if (t != uk_cur)
				ns += t->cpu_ns;
	return ns;
}

int uk_current_tid(void)
{
	return uk_cur ? uk_cur->tid : 1;
}

/* SYS_exit: the thread ends; the process ends with the last one. */
void uk_thread_exit(int status)
{
	if (uk_thread_count() <= 1)
		uk_shutdown(status);
	if (uk_cur->clear_tid) {
		*(volatile int *)uk_cur->clear_tid = 0;
		uk_futex_wake_addr(uk_cur->clear_tid, 1);
	}
	uk_cur->state = T_DEAD;
	uk_schedule(); /* never comes back: the stack is freed by the next reap */
	uk_panic("sched: a dead thread was scheduled");
}

void uk_set_clear_tid(uint64_t p)
{
	if (uk_cur)
		uk_cur->clear_tid = p;
}

static void sched_init(void)
{
	boot_thread.tid = 1;
	boot_thread.sig.ss_flags = SS_DISABLE;
	boot_thread.state = T_RUNNABLE;
	boot_thread.kstack_top = uk_kstack_top;
	boot_thread.ran_since = uk_monotonic_ns();
	uk_cur = all = &boot_thread;
	uk_lapic_init();
	uk_irq_exit_hook = irq_exit;
}
UK_INITCALL(2, 5, sched_init);
