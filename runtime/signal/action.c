/* action.c: dispositions, masks, alternate stacks and sending: rt_sigaction,
 * rt_sigprocmask, sigaltstack, rt_sigpending, kill, tkill, tgkill. One process, pid 1. */
#include <errno.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/syscall.h>
#include <uk/util.h>

#include "signal.h"

struct k_sigaction uk_sigactions[NSIG_LINUX + 1];
uint64_t uk_sig_process_pending;
struct pending_info uk_sig_info[NSIG_LINUX + 1];
void (*uk_signal_sent_hook)(void);

bool uk_signal_ignored(int sig)
{
	void (*h)(int) = uk_sigactions[sig].handler;
	if (h == SIG_IGN)
		return true;
	return h == SIG_DFL && (sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH ||
				sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU);
}

static const char *const names[] = {
	[SIGHUP] = "SIGHUP",   [SIGINT] = "SIGINT",   [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
	[SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS",   [SIGFPE] = "SIGFPE",
	[SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM", [SIGXCPU] = "SIGXCPU",
	[SIGXFSZ] = "SIGXFSZ", [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF", [SIGSYS] = "SIGSYS",
};

void uk_signal_terminate(int sig)
{
	char reason[64];
	if (sig == SIGABRT)
		uk_snprintf(reason, sizeof reason, "aborted (SIGABRT)");
	else if (sig < (int)UK_ARRAY_SIZE(names) && names[sig])
		uk_snprintf(reason, sizeof reason, "killed by %s", names[sig]);
	else
		uk_snprintf(reason, sizeof reason, "killed by signal %d", sig);
	uk_shutdown_signal(sig, reason);
}

long uk_signal_send(int tid, int sig, int code, uint64_t value)
{
	if (sig == 0)
		return 0;
	if (sig < 0 || sig > NSIG_LINUX)
		return -EINVAL;
	if (uk_signal_ignored(sig) && sig != SIGKILL)
		return 0; /* discarded at once, as Linux does */
	if (sig == SIGKILL || sig == SIGSTOP) /* cannot be caught, blocked or ignored */
		uk_signal_terminate(SIGKILL);
	uk_sig_info[sig] = (struct pending_info){code, 1, value};
	if (!tid) {
		int t = uk_signal_target(BIT(sig));
		if (t < 0) { /* every thread blocks it: pending on the process */
			uk_sig_process_pending |= BIT(sig);
			if (uk_signal_sent_hook)
				uk_signal_sent_hook();
			return 0;
		}
		tid = t;
	}
	struct uk_sigstate *s = uk_sigstate_of(tid);
	if (!s)
		return -ESRCH;
	s->pending |= BIT(sig);
	if (!(s->blocked & BIT(sig)))
		uk_thread_interrupt(tid);
	if (uk_signal_sent_hook)
		uk_signal_sent_hook();
	return 0;
}

uint64_t uk_signal_ready(uint64_t mask)
{
	return (uk_sigstate()->pending | uk_sig_process_pending) & mask;
}

int uk_signal_take(uint64_t mask, void *info)
{
	struct uk_sigstate *s = uk_sigstate();
	uint64_t ready = (s->pending | uk_sig_process_pending) & mask;
	if (!ready)
		return 0;
	int sig = __builtin_ctzll(ready) + 1;
	if (s->pending & BIT(sig))
		s->pending &= ~BIT(sig);
	else
		uk_sig_process_pending &= ~BIT(sig);
	if (info) {
		siginfo_t *si = info;
		uk_memset(si, 0, sizeof *si);
		si->si_signo = sig;
		si->si_code = uk_sig_info[sig].code;
		si->si_pid = uk_sig_info[sig].pid;
		si->si_value.sival_ptr = (void *)uk_sig_info[sig].value;
	}
	return sig;
}

static long sys_kill(long pid, long sig)
{
	if (pid != 1 && pid != 0 && pid != -1)
		return -ESRCH; /* the only process is pid 1 */
	return uk_signal_send(0, (int)sig, SI_USER, 0);
}
UK_SYSCALL(kill, sys_kill);

static long sys_tkill(long tid, long sig)
{
	if (tid <= 0)
		return -EINVAL;
	if (!uk_sigstate_of((int)tid))
		return -ESRCH;
	return uk_signal_send((int)tid, (int)sig, SI_TKILL, 0);
}
UK_SYSCALL(tkill, sys_tkill);

static long sys_tgkill(long tgid, long tid, long sig)
{
	return tgid == 1 ? sys_tkill(tid, sig) : tgid <= 0 ? -EINVAL : -ESRCH;
}
UK_SYSCALL(tgkill, sys_tgkill);

static long sys_rt_sigaction(long sig, long act, long old, long size)
{
	if (size != 8 || sig < 1 || sig > NSIG_LINUX || ((sig == SIGKILL || sig == SIGSTOP) && act))
		return -EINVAL;
	if (old)
		*(struct k_sigaction *)old = uk_sigactions[sig];
	if (act) {
		uk_sigactions[sig] = *(const struct k_sigaction *)act;
		uk_sigactions[sig].mask &= ~UNBLOCKABLE;
		if (uk_signal_ignored(sig)) { /* now ignored: what is pending goes */
			uk_sig_process_pending &= ~BIT(sig);
			uk_sigstate()->pending &= ~BIT(sig);
		}
	}
	return 0;
}
UK_SYSCALL(rt_sigaction, sys_rt_sigaction);

static long sys_rt_sigprocmask(long how, long set, long old, long size)
{
	if (size != 8)
		return -EINVAL;
	struct uk_sigstate *s = uk_sigstate();
	uint64_t prev = s->blocked;
	if (set) {
		uint64_t v = *(const uint64_t *)set;
		if (how == SIG_BLOCK)
			s->blocked |= v;
		else if (how == SIG_UNBLOCK)
			s->blocked &= ~v;
		else if (how == SIG_SETMASK)
			s->blocked = v;
		else
			return -EINVAL;
		s->blocked &= ~UNBLOCKABLE;
	}
	if (old)
		*(uint64_t *)old = prev;
	return 0; /* newly unblocked pending signals are delivered on the way out */
}
UK_SYSCALL(rt_sigprocmask, sys_rt_sigprocmask);

static long sys_rt_sigpending(long set, long size)
{
	if (size != 8)
		return -EINVAL;
	struct uk_sigstate *s = uk_sigstate();
	*(uint64_t *)set = (s->pending | uk_sig_process_pending) & s->blocked;
	return 0;
}
UK_SYSCALL(rt_sigpending, sys_rt_sigpending);

static long sys_sigaltstack(long ss, long old)
{
	struct uk_sigstate *s = uk_sigstate();
	if (old)
		*(stack_t *)old = (stack_t){(void *)s->ss_sp, s->ss_flags, (size_t)s->ss_size};
	if (ss) {
		const stack_t *n = (const stack_t *)ss;
		uint64_t sp = uk_syscall_current ? uk_syscall_current->rsp : 0;
		if (!(s->ss_flags & SS_DISABLE) && sp - s->ss_sp <= s->ss_size)
			return -EPERM; /* running on it */
		if (n->ss_flags & ~SS_DISABLE)
			return -EINVAL;
		if (n->ss_flags & SS_DISABLE) {
			s->ss_flags = SS_DISABLE;
			s->ss_sp = s->ss_size = 0;
		} else {
			if (n->ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			s->ss_sp = (uint64_t)n->ss_sp;
			s->ss_size = n->ss_size;
			s->ss_flags = 0;
		}
	}
	return 0;
}
UK_SYSCALL(sigaltstack, sys_sigaltstack);
