/* signal.c: signals sent by the process to itself (raise, abort) take their default action:
 * most end the run with 128+sig, as a shell reports it; a few are ignored by default.
 * Dispositions and the mask are recorded with Linux's validation, but handlers are not yet
 * invoked: a signal with a handler installed also takes its default action. */
#include <signal.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/syscall.h>
#include <uk/util.h>

#define NSIG_LINUX 64

struct k_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

static struct k_sigaction actions[NSIG_LINUX + 1];
static uint64_t blocked;

static const char *const names[] = {
	[SIGHUP] = "SIGHUP",   [SIGINT] = "SIGINT",   [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
	[SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS",   [SIGFPE] = "SIGFPE",
	[SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
};

static bool ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH ||
	       sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static long deliver(int sig)
{
	if (sig == 0)
		return 0; /* existence check */
	if (sig < 0 || sig > NSIG_LINUX)
		return -EINVAL;
	if (actions[sig].handler == SIG_IGN && sig != SIGKILL)
		return 0;
	if (actions[sig].handler == SIG_DFL && ignored_by_default(sig))
		return 0;
	char reason[64];
	if (sig == SIGABRT)
		uk_snprintf(reason, sizeof reason, "aborted (SIGABRT)");
	else if (sig < (int)UK_ARRAY_SIZE(names) && names[sig])
		uk_snprintf(reason, sizeof reason, "killed by %s", names[sig]);
	else
		uk_snprintf(reason, sizeof reason, "killed by signal %d", sig);
	uk_shutdown_signal(sig, reason);
}

static long sys_kill(long pid, long sig)
{
	if (pid != 1 && pid != 0 && pid != -1)
		return -ESRCH; /* the only process is pid 1 */
	return deliver((int)sig);
}
UK_SYSCALL(kill, sys_kill);

static long sys_tkill(long tid, long sig)
{
	return tid == 1 ? deliver((int)sig) : tid <= 0 ? -EINVAL : -ESRCH;
}
UK_SYSCALL(tkill, sys_tkill);

static long sys_tgkill(long tgid, long tid, long sig)
{
	return tgid == 1 ? sys_tkill(tid, sig) : tgid <= 0 ? -EINVAL : -ESRCH;
}
UK_SYSCALL(tgkill, sys_tgkill);

static long sys_rt_sigaction(long sig, long act, long old, long size)
{
	if (size != 8)
		return -EINVAL;
	if (sig < 1 || sig > NSIG_LINUX || ((sig == SIGKILL || sig == SIGSTOP) && act))
		return -EINVAL;
	if (old)
		*(struct k_sigaction *)old = actions[sig];
	if (act)
		actions[sig] = *(const struct k_sigaction *)act;
	return 0;
}
UK_SYSCALL(rt_sigaction, sys_rt_sigaction);

static long sys_rt_sigprocmask(long how, long set, long old, long size)
{
	if (size != 8)
		return -EINVAL;
	uint64_t prev = blocked;
	if (set) {
		uint64_t s = *(const uint64_t *)set;
		if (how == SIG_BLOCK)
			blocked |= s;
		else if (how == SIG_UNBLOCK)
			blocked &= ~s;
		else if (how == SIG_SETMASK)
			blocked = s;
		else
			return -EINVAL;
		blocked &= ~((1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1)));
	}
	if (old)
		*(uint64_t *)old = prev;
	return 0;
}
UK_SYSCALL(rt_sigprocmask, sys_rt_sigprocmask);
