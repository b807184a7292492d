/* itimer.c: timers that signal: alarm, setitimer/getitimer (ITIMER_REAL: SIGALRM) and the
 * POSIX timers (timer_create with SIGEV_SIGNAL, SIGEV_THREAD_ID — musl's SIGEV_THREAD —
 * and SIGEV_NONE). They run on the scheduler's deadline callbacks. */
#include <errno.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include <uk/signal.h>
#include <uk/syscall.h>
#include <uk/time.h>
#include <uk/wait.h>

#define MAX_TIMERS 32
#define NS 1000000000ULL

struct ktimer {
	struct uk_timer t; /* first: the callback gets this pointer */
	bool used;
	int notify, signo, tid;
	uint64_t value;    /* sigev_value */
	uint64_t interval; /* ns; 0: one-shot */
	int overrun;
};

static struct ktimer timers[MAX_TIMERS + 1]; /* [0]: ITIMER_REAL */

static void fire(struct uk_timer *ut)
{
	struct ktimer *k = (struct ktimer *)ut;
	if (k->interval)
		uk_timer_arm(&k->t, k->t.deadline + k->interval);
	if (k->notify == SIGEV_NONE)
		return;
	if (k == &timers[0])
		uk_signal_send(0, SIGALRM, SI_KERNEL, 0);
	else
		uk_signal_send(k->notify == SIGEV_THREAD_ID ? k->tid : 0, k->signo, SI_TIMER, k->value);
}

static uint64_t remaining(const struct ktimer *k)
{
	uint64_t now = uk_monotonic_ns();
	return k->t.armed && k->t.deadline > now ? k->t.deadline - now : 0;
}

static void set(struct ktimer *k, uint64_t first, uint64_t interval)
{
	k->t.fn = fire;
	k->interval = interval;
	if (first)
		uk_timer_arm(&k->t, uk_monotonic_ns() + first);
	else if (k->t.armed)
		uk_timer_disarm(&k->t);
}

static uint64_t tv_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * NS + (uint64_t)tv->tv_usec * 1000;
}

static struct timeval ns_tv(uint64_t ns)
{
	return (struct timeval){(time_t)(ns / NS), (suseconds_t)(ns % NS / 1000)};
}

static long sys_setitimer(long which, long val, long old)
{
	if (which != ITIMER_REAL)
		return which == ITIMER_VIRTUAL || which == ITIMER_PROF ? -ENOSYS : -EINVAL;
	struct ktimer *k = &timers[0];
	k->notify = SIGEV_SIGNAL;
	if (old)
		*(struct itimerval *)old = (struct itimerval){ns_tv(k->interval), ns_tv(remaining(k))};
	if (val) {
		const struct itimerval *v = (const struct itimerval *)val;
		if (v->it_value.tv_usec < 0 || v->it_value.tv_usec >= 1000000 || v->it_interval.tv_usec < 0 ||
		    v->it_interval.tv_usec >= 1000000)
			return -EINVAL;
		set(k, tv_ns(&v->it_value), tv_ns(&v->it_interval));
	}
	return 0;
}
UK_SYSCALL(setitimer, sys_setitimer);

static long sys_getitimer(long which, long val)
{
	return sys_setitimer(which, 0, val);
}
UK_SYSCALL(getitimer, sys_getitimer);

static long sys_alarm(long seconds)
{
	struct ktimer *k = &timers[0];
	uint64_t left = remaining(k);
	k->notify = SIGEV_SIGNAL;
	set(k, (uint64_t)(unsigned)seconds * NS, 0);
	return (long)((left + NS / 2) / NS) + (left && left < NS / 2); /* rounded, never 0 if armed */
}
UK_SYSCALL(alarm, sys_alarm);

static long sys_timer_create(long clk, long sevp, long idp)
{
	if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC && clk != CLOCK_BOOTTIME)
		return -EINVAL;
	int id = 1;
	while (id <= MAX_TIMERS && timers[id].used)
		id++;
	if (id > MAX_TIMERS)
		return -EAGAIN;
	struct ktimer *k = &timers[id];
	*k = (struct ktimer){.used = true, .notify = SIGEV_SIGNAL, .signo = SIGALRM, .value = (uint64_t)id};
	if (sevp) {
		const struct sigevent *e = (const struct sigevent *)sevp;
		k->notify = e->sigev_notify;
		k->signo = e->sigev_signo;
		k->value = (uint64_t)e->sigev_value.sival_ptr;
		k->tid = e->sigev_notify_thread_id;
		if ((k->notify != SIGEV_NONE && (k->signo < 1 || k->signo > 64)) ||
		    (k->notify != SIGEV_SIGNAL && k->notify != SIGEV_NONE && k->notify != SIGEV_THREAD_ID)) {
			k->used = false;
			return -EINVAL;
		}
	}
	*(int *)idp = id - 1; /* timer ids count from 0, as on Linux */
	return 0;
}
UK_SYSCALL(timer_create, sys_timer_create);

static struct ktimer *lookup(long id)
{
	return id >= 0 && id < MAX_TIMERS && timers[id + 1].used ? &timers[id + 1] : 0;
}

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * NS + (uint64_t)ts->tv_nsec;
}

static struct timespec ns_ts(uint64_t ns)
{
	return (struct timespec){(time_t)(ns / NS), (long)(ns % NS)};
}

static long sys_timer_settime(long id, long flags, long val, long old)
{
	struct ktimer *k = lookup(id);
	if (!k)
		return -EINVAL;
	const struct itimerspec *v = (const struct itimerspec *)val;
	if (v->it_value.tv_nsec < 0 || v->it_value.tv_nsec >= (long)NS || v->it_interval.tv_nsec < 0 ||
	    v->it_interval.tv_nsec >= (long)NS)
		return -EINVAL;
	if (old)
		*(struct itimerspec *)old = (struct itimerspec){ns_ts(k->interval), ns_ts(remaining(k))};
	uint64_t first = ts_ns(&v->it_value);
	if (first && (flags & TIMER_ABSTIME)) { /* absolute on the timer's clock: monotonic here */
		uint64_t now = uk_monotonic_ns();
		first = first > now ? first - now : 1;
	}
	set(k, first, ts_ns(&v->it_interval));
	return 0;
}
UK_SYSCALL(timer_settime, sys_timer_settime);

static long sys_timer_gettime(long id, long val)
{
	struct ktimer *k = lookup(id);
	if (!k)
		return -EINVAL;
	*(struct itimerspec *)val = (struct itimerspec){ns_ts(k->interval), ns_ts(remaining(k))};
	return 0;
}
UK_SYSCALL(timer_gettime, sys_timer_gettime);

static long sys_timer_getoverrun(long id)
{
	struct ktimer *k = lookup(id);
	return k ? k->overrun : -EINVAL;
}
UK_SYSCALL(timer_getoverrun, sys_timer_getoverrun);

static long sys_timer_delete(long id)
{
	struct ktimer *k = lookup(id);
	if (!k)
		return -EINVAL;
	if (k->t.armed)
		uk_timer_disarm(&k->t);
	k->used = false;
	return 0;
}
UK_SYSCALL(timer_delete, sys_timer_delete);
