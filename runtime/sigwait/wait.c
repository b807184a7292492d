/* wait.c: waiting for signals: pause, rt_sigsuspend, rt_sigtimedwait. Apart from the signal
 * component because waiting needs the scheduler, and abort() alone should not bring it. */
#include <errno.h>
#include <signal.h>
#include <time.h>
#include <ucontext.h>
#include <uk/frame.h>
#include <uk/init.h>
#include <uk/signal.h>
#include <uk/syscall.h>
#include <uk/time.h>
#include <uk/wait.h>

#define UNBLOCKABLE ((1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1)))

/* Woken whenever a signal becomes pending: a blocked one interrupts nothing, yet
 * sigwaitinfo must see it. */
static struct uk_waitq sigq;

static void sent(void)
{
	uk_wake(&sigq);
}

static void sigwait_init(void)
{
	uk_signal_sent_hook = sent;
}
UK_INITCALL(6, 1, sigwait_init);

static long wait_for_signal(uint64_t deadline)
{
	for (;;) {
		if (uk_signal_ready(~uk_sigstate()->blocked))
			return -EINTR;
		if (uk_wait(&sigq, deadline) == -ETIMEDOUT)
			return -ETIMEDOUT;
	}
}

static long sys_pause(void)
{
	return wait_for_signal(0);
}
UK_SYSCALL(pause, sys_pause);

static long sys_rt_sigsuspend(long set, long size)
{
	if (size != 8)
		return -EINVAL;
	struct uk_sigstate *s = uk_sigstate();
	uint64_t old = s->blocked;
	s->blocked = *(const uint64_t *)set & ~UNBLOCKABLE;
	long r = wait_for_signal(0);
	/* The handler runs with the suspend mask in force, but its frame must hold the mask from
	 * before the call, for rt_sigreturn to put back. */
	struct uk_frame *f = uk_syscall_current;
	uint64_t rip = f->rip;
	f->rax = (uint64_t)r;
	uk_signal_deliver(f);
	if (f->rip != rip) {
		ucontext_t *uc = (ucontext_t *)(f->rsp + 8); /* above the return address */
		__builtin_memcpy(&uc->uc_sigmask, &old, 8);
	} else {
		s->blocked = old;
	}
	return r;
}
UK_SYSCALL(rt_sigsuspend, sys_rt_sigsuspend);

/* Takes a signal of the set without running its handler (sigwaitinfo, sigtimedwait). */
static long sys_rt_sigtimedwait(long set, long info, long timeout, long size)
{
	if (size != 8)
		return -EINVAL;
	uint64_t want = *(const uint64_t *)set & ~UNBLOCKABLE, deadline = 0;
	const struct timespec *ts = (const struct timespec *)timeout;
	if (ts) {
		if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
			return -EINVAL;
		deadline = uk_monotonic_ns() + (uint64_t)ts->tv_sec * 1000000000ULL + (uint64_t)ts->tv_nsec + 1;
	}
	for (;;) {
		int sig = uk_signal_take(want, (void *)info);
		if (sig)
			return sig;
		/* Another signal, deliverable and not in the set, interrupts the wait. */
		if (uk_signal_ready(~uk_sigstate()->blocked & ~want))
			return -EINTR;
		if (ts && !ts->tv_sec && !ts->tv_nsec)
			return -EAGAIN;
		if (uk_wait(&sigq, deadline) == -ETIMEDOUT)
			return -EAGAIN;
	}
}
UK_SYSCALL(rt_sigtimedwait, sys_rt_sigtimedwait);
