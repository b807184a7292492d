/* signals: handlers run with the right siginfo and mask, blocked signals wait, SIG_IGN
 * discards, SA_RESETHAND and SA_NODEFER, an alternate stack, a SIGSEGV handler that
 * siglongjmps out, SIGFPE from a division by zero, alarm and setitimer delivering SIGALRM,
 * a POSIX timer, sigsuspend, sigwaitinfo, and pause interrupted with EINTR. Every line is
 * the same natively (musl-gcc -static) and in the unikernel (tests/posix/run compares). */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t hits, last_sig, last_code, nested;
static volatile int blocked_inside;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	sigset_t now;
	sigprocmask(SIG_BLOCK, 0, &now);
	blocked_inside = sigismember(&now, sig);
	last_sig = sig;
	last_code = si->si_code;
	hits++;
}

static char *altstack;
static volatile int on_alt;

static void alt_handler(int sig)
{
	char here;
	(void)sig;
	on_alt = &here >= altstack && &here < altstack + SIGSTKSZ;
}

static sigjmp_buf jb;

static void segv(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	last_sig = sig;
	last_code = si->si_code;
	siglongjmp(jb, si->si_addr == (void *)16 ? 1 : 2);
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa = {0};
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, 0);
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

int main(void)
{
	install(SIGUSR1, handler, 0);
	raise(SIGUSR1);
	printf("raise: hits=%d sig=%d code=%d (SI_TKILL=%d) blocked inside=%d\n", hits, last_sig,
	       last_code, SI_TKILL, blocked_inside);

	kill(getpid(), SIGUSR1);
	printf("kill: hits=%d code=%d (SI_USER=%d)\n", hits, last_code, SI_USER);

	sigset_t set, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, 0);
	raise(SIGUSR1);
	sigpending(&pend);
	printf("blocked: hits=%d pending=%d\n", hits, sigismember(&pend, SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &set, 0);
	printf("unblocked: hits=%d\n", hits);

	signal(SIGUSR2, SIG_IGN);
	raise(SIGUSR2);
	printf("ignored: still here\n");

	install(SIGUSR2, handler, SA_RESETHAND | SA_NODEFER);
	raise(SIGUSR2);
	struct sigaction now;
	sigaction(SIGUSR2, 0, &now);
	printf("resethand: hits=%d nodefer blocked inside=%d reset to default=%d\n", hits,
	       blocked_inside, now.sa_handler == SIG_DFL);

	altstack = malloc(SIGSTKSZ);
	stack_t ss = {.ss_sp = altstack, .ss_size = SIGSTKSZ};
	sigaltstack(&ss, 0);
	struct sigaction sa = {0};
	sa.sa_handler = alt_handler;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGUSR1, &sa, 0);
	raise(SIGUSR1);
	printf("sigaltstack: handler on the alternate stack=%d\n", on_alt);

	install(SIGSEGV, segv, 0);
	int r = sigsetjmp(jb, 1);
	if (!r)
		*(volatile int *)(uintptr_t)16 = 1;
	printf("SIGSEGV: recovered=%d sig=%d code=%d (SEGV_MAPERR=%d)\n", r, last_sig, last_code, SEGV_MAPERR);

	install(SIGFPE, segv, 0);
	volatile int zero = 0;
	r = sigsetjmp(jb, 1);
	if (!r)
		r = 10 / zero;
	printf("SIGFPE: recovered=%d sig=%d code=%d (FPE_INTDIV=%d)\n", r, last_sig, last_code, FPE_INTDIV);

	signal(SIGALRM, on_alarm);
	alarm(1);
	r = pause();
	printf("alarm+pause: returned %d errno=%s alarms=%d\n", r, strerror(errno), alarms);

	struct itimerval it = {{0, 20000}, {0, 20000}};
	setitimer(ITIMER_REAL, &it, 0);
	while (alarms < 4)
		pause();
	it = (struct itimerval){0};
	setitimer(ITIMER_REAL, &it, 0);
	printf("setitimer: alarms=%d\n", alarms);

	timer_t t;
	struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1};
	ev.sigev_value.sival_int = 77;
	sigprocmask(SIG_BLOCK, &set, 0);
	timer_create(CLOCK_MONOTONIC, &ev, &t);
	struct itimerspec its = {{0, 0}, {0, 30000000}};
	timer_settime(t, 0, &its, 0);
	siginfo_t si;
	r = sigwaitinfo(&set, &si);
	printf("timer_create+sigwaitinfo: sig=%d code=%d (SI_TIMER=%d) value=%d\n", r, si.si_code,
	       SI_TIMER, si.si_value.sival_int);
	timer_delete(t);

	install(SIGUSR1, handler, 0);
	timer_create(CLOCK_MONOTONIC, &ev, &t);
	timer_settime(t, 0, &its, 0);
	sigset_t none;
	sigemptyset(&none);
	int before = hits;
	r = sigsuspend(&none);
	sigprocmask(SIG_BLOCK, 0, &pend);
	printf("sigsuspend: returned %d errno=%s handled=%d mask restored=%d\n", r, strerror(errno),
	       hits - before, sigismember(&pend, SIGUSR1));
	return 0;
}
