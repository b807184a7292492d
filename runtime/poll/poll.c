/* poll.c: poll, ppoll, select and pselect6 over any files. Waiting is on the one queue
 * every file notifies (uk_fd_pollq), re-checking readiness after each wake-up; waits are
 * cut into slices of at most 10 ms because the console's input raises no interrupt and
 * must be looked at again. Signal masks of ppoll/pselect6 are not applied. */
#include <errno.h>
#include <stdbool.h>
#include <poll.h>
#include <sys/select.h>
#include <time.h>
#include <uk/fd.h>
#include <uk/syscall.h>
#include <uk/time.h>
#include <uk/wait.h>

#define SLICE_NS 10000000ULL

/* Readiness of one descriptor: POLLNVAL if it is not open. */
static unsigned ready(long fd)
{
	struct uk_file *f = uk_fd_get(fd);
	if (!f)
		return POLLNVAL;
	unsigned r = f->ops->poll ? f->ops->poll(f) : POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
	uk_file_put(f);
	return r;
}

/* Waits until the deadline (0: forever) or a wake-up; -EINTR for a signal. */
static long pause_until(uint64_t deadline)
{
	uint64_t now = uk_monotonic_ns(), until = now + SLICE_NS;
	if (deadline && deadline < until)
		until = deadline;
	int r = uk_wait(&uk_fd_pollq, until);
	return r == -EINTR ? -EINTR : 0;
}

static uint64_t deadline_of(const struct timespec *t)
{
	if (!t)
		return 0;
	uint64_t ns = (uint64_t)t->tv_sec * 1000000000 + (uint64_t)t->tv_nsec;
	return uk_monotonic_ns() + ns + 1; /* never 0, which would mean "no deadline" */
}

static long do_poll(struct pollfd *fds, unsigned long n, const struct timespec *t)
{
	if (n > (unsigned long)uk_fd_limit())
		return -EINVAL;
	uint64_t deadline = deadline_of(t);
	for (;;) {
		long count = 0;
		for (unsigned long i = 0; i < n; i++) {
			fds[i].revents = 0;
			if (fds[i].fd < 0)
				continue;
			unsigned r = ready(fds[i].fd);
			r &= (unsigned)fds[i].events | POLLERR | POLLHUP | POLLNVAL;
			fds[i].revents = (short)r;
			count += r != 0;
		}
		if (count || (deadline && uk_monotonic_ns() >= deadline))
			return count;
		if (pause_until(deadline))
			return -EINTR;
	}
}

static long sys_poll(long fds, long n, long ms)
{
	ms = (int)ms;
	struct timespec t = {ms / 1000, ms % 1000 * 1000000};
	return do_poll((struct pollfd *)fds, (unsigned long)(unsigned)n, ms < 0 ? 0 : &t);
}
UK_SYSCALL(poll, sys_poll);

static bool bad_timespec(const struct timespec *t)
{
	return t && (t->tv_sec < 0 || t->tv_nsec < 0 || t->tv_nsec >= 1000000000);
}

static long sys_ppoll(long fds, long n, long ts, long sigmask, long size)
{
	(void)sigmask, (void)size;
	const struct timespec *t = (const struct timespec *)ts;
	if (bad_timespec(t))
		return -EINVAL;
	return do_poll((struct pollfd *)fds, (unsigned long)(unsigned)n, t);
}
UK_SYSCALL(ppoll, sys_ppoll);

#define IN_SET (POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR)
#define OUT_SET (POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR)
#define EX_SET POLLPRI

static bool isset(const unsigned long *set, long fd)
{
	return set && (set[fd / (8 * sizeof *set)] >> (fd % (8 * sizeof *set)) & 1);
}

static long do_select(long n, unsigned long *r, unsigned long *w, unsigned long *e, const struct timespec *t)
{
	if (n < 0)
		return -EINVAL;
	if (n > UK_FD_MAX)
		n = UK_FD_MAX;
	const size_t words = (size_t)(n + 63) / 64;
	uint64_t deadline = deadline_of(t);
	for (long fd = 0; fd < n; fd++) /* a descriptor in a set must be open */
		if ((isset(r, fd) || isset(w, fd) || isset(e, fd)) && ready(fd) == POLLNVAL)
			return -EBADF;
	for (;;) {
		unsigned long ro[UK_FD_MAX / 64] = {0}, wo[UK_FD_MAX / 64] = {0}, eo[UK_FD_MAX / 64] = {0};
		long count = 0;
		for (long fd = 0; fd < n; fd++) {
			bool in = isset(r, fd), out = isset(w, fd), ex = isset(e, fd);
			if (!in && !out && !ex)
				continue;
			unsigned m = ready(fd);
			unsigned long bit = 1UL << (fd % 64);
			if (in && (m & IN_SET))
				ro[fd / 64] |= bit, count++;
			if (out && (m & OUT_SET))
				wo[fd / 64] |= bit, count++;
			if (ex && (m & EX_SET))
				eo[fd / 64] |= bit, count++;
		}
		if (count || (deadline && uk_monotonic_ns() >= deadline)) {
			for (size_t i = 0; i < words; i++) {
				if (r)
					r[i] = ro[i];
				if (w)
					w[i] = wo[i];
				if (e)
					e[i] = eo[i];
			}
			return count;
		}
		if (pause_until(deadline))
			return -EINTR;
	}
}

static long sys_select(long n, long r, long w, long e, long tv)
{
	const struct timeval *v = (const struct timeval *)tv;
	if (v && (v->tv_sec < 0 || v->tv_usec < 0))
		return -EINVAL;
	struct timespec t;
	if (v)
		t = (struct timespec){v->tv_sec + v->tv_usec / 1000000, v->tv_usec % 1000000 * 1000};
	return do_select((int)n, (unsigned long *)r, (unsigned long *)w, (unsigned long *)e, v ? &t : 0);
}
UK_SYSCALL(select, sys_select);

static long sys_pselect6(long n, long r, long w, long e, long ts, long sig)
{
	(void)sig;
	const struct timespec *t = (const struct timespec *)ts;
	if (bad_timespec(t))
		return -EINVAL;
	return do_select((int)n, (unsigned long *)r, (unsigned long *)w, (unsigned long *)e, t);
}
UK_SYSCALL(pselect6, sys_pselect6);
