/* epoll.c: epoll_create, epoll_create1, epoll_ctl, epoll_wait and epoll_pwait. An epoll
 * set is a file holding its interest list; waiting re-checks readiness of every entry, as
 * poll does (sets are small in the programs a unikernel runs). Level-triggered by default;
 * EPOLLET reports an entry only when its readiness gains a bit since the last report, and
 * EPOLLONESHOT disables it after one. An entry goes away when its file is released, as on
 * Linux (closing one of several descriptors of a file keeps it). Files that cannot be
 * polled (regular files, directories) are refused with EPERM, as Linux does. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <uk/fd.h>
#include <uk/kmem.h>
#include <uk/syscall.h>
#include <uk/time.h>
#include <uk/util.h>
#include <uk/wait.h>

#define SLICE_NS 10000000ULL
struct item {
	struct item *next;
	struct uk_file *file; /* not referenced: forgotten when the file is released */
	int fd;
	uint32_t events;
	uint64_t data;
	unsigned last; /* readiness at the last report (EPOLLET) */
	bool disabled; /* EPOLLONESHOT after its report */
};

struct epoll {
	struct uk_file f;
	struct item *items;
	struct epoll *next_set; /* every set, to forget released files */
};

static struct epoll *sets;

static long ep_stat(struct uk_file *f, struct stat *st)
{
	(void)f;
	uk_memset(st, 0, sizeof *st);
	st->st_mode = 0600; /* an anonymous inode, as Linux shows it */
	st->st_nlink = 1;
	st->st_blksize = 4096;
	return 0;
}

static unsigned item_ready(struct item *it)
{
	unsigned m = it->file->ops->poll(it->file);
	return m & (it->events | EPOLLERR | EPOLLHUP);
}

static unsigned ep_poll(struct uk_file *f)
{
	for (struct item *it = ((struct epoll *)f)->items; it; it = it->next)
		if (!it->disabled && item_ready(it))
			return EPOLLIN | EPOLLRDNORM;
	return 0;
}

static void ep_release(struct uk_file *f)
{
	struct epoll *ep = (struct epoll *)f;
	for (struct epoll **p = &sets; *p; p = &(*p)->next_set)
		if (*p == ep) {
			*p = ep->next_set;
			break;
		}
	while (ep->items) {
		struct item *it = ep->items;
		ep->items = it->next;
		uk_kfree(it, sizeof *it);
	}
	uk_kfree(ep, sizeof *ep);
}

static const struct uk_file_ops epoll_ops = {
	.stat = ep_stat,
	.poll = ep_poll,
	.release = ep_release,
};

/* Called by the fd layer when a file's last reference goes (a weak hook there). */
void uk_epoll_forget(struct uk_file *f)
{
	for (struct epoll *ep = sets; ep; ep = ep->next_set)
		for (struct item **p = &ep->items; *p;) {
			if ((*p)->file == f) {
				struct item *it = *p;
				*p = it->next;
				uk_kfree(it, sizeof *it);
			} else {
				p = &(*p)->next;
			}
		}
}

static long sys_epoll_create1(long flags)
{
	flags = (int)flags;
	if (flags & ~(long)EPOLL_CLOEXEC)
		return -EINVAL;
	struct epoll *ep = uk_kzalloc(sizeof *ep);
	if (!ep)
		return -ENOMEM;
	ep->f = (struct uk_file){&epoll_ops, 1, O_RDWR, 0};
	ep->next_set = sets;
	sets = ep;
	return uk_fd_install(&ep->f, 0, flags & EPOLL_CLOEXEC);
}
UK_SYSCALL(epoll_create1, sys_epoll_create1);

static long sys_epoll_create(long size)
{
	return (int)size <= 0 ? -EINVAL : sys_epoll_create1(0);
}
UK_SYSCALL(epoll_create, sys_epoll_create);

static struct item **find(struct epoll *ep, struct uk_file *f, int fd)
{
	struct item **p = &ep->items;
	while (*p && ((*p)->file != f || (*p)->fd != fd))
		p = &(*p)->next;
	return p;
}

static long ctl(struct epoll *ep, int op, int fd, struct uk_file *f, const struct epoll_event *ev)
{
	struct item **p = find(ep, f, fd), *it = *p;
	switch (op) {
	case EPOLL_CTL_ADD:
		if (it)
			return -EEXIST;
		if (!(it = uk_kzalloc(sizeof *it)))
			return -ENOMEM;
		it->file = f;
		it->fd = fd;
		it->next = ep->items;
		ep->items = it;
		break;
	case EPOLL_CTL_MOD:
		if (!it)
			return -ENOENT;
		break;
	case EPOLL_CTL_DEL:
		if (!it)
			return -ENOENT;
		*p = it->next;
		uk_kfree(it, sizeof *it);
		return 0;
	default:
		return -EINVAL;
	}
	it->events = ev->events;
	it->data = ev->data.u64;
	it->last = 0;
	it->disabled = false;
	uk_fd_notify();
	return 0;
}

static long sys_epoll_ctl(long epfd, long op, long fd, long event)
{
	const struct epoll_event *ev = (const struct epoll_event *)event;
	struct uk_file *e = uk_fd_get(epfd), *f = uk_fd_get(fd);
	long r;
	if (!e || !f)
		r = -EBADF;
	else if (!f->ops->poll)
		r = -EPERM; /* a regular file or a directory */
	else if (e->ops != &epoll_ops || e == f)
		r = -EINVAL;
	else
		r = ctl((struct epoll *)e, (int)op, (int)fd, f, ev);
	if (e)
		uk_file_put(e);
	if (f)
		uk_file_put(f);
	return r;
}
UK_SYSCALL(epoll_ctl, sys_epoll_ctl);

static long collect(struct epoll *ep, struct epoll_event *out, int max)
{
	int n = 0;
	for (struct item *it = ep->items; it && n < max; it = it->next) {
		if (it->disabled)
			continue;
		unsigned m = item_ready(it);
		unsigned fresh = (it->events & EPOLLET) ? m & ~it->last : m;
		it->last = m;
		if (!fresh)
			continue;
		out[n].events = m;
		out[n].data.u64 = it->data;
		n++;
		if (it->events & EPOLLONESHOT)
			it->disabled = true;
	}
	return n;
}

static long sys_epoll_pwait(long epfd, long events, long max, long ms, long sigmask, long size)
{
	(void)sigmask, (void)size;
	max = (int)max;
	ms = (int)ms;
	if (max <= 0 || max > INT32_MAX / (long)sizeof(struct epoll_event))
		return -EINVAL;
	struct uk_file *e = uk_fd_get(epfd);
	if (!e)
		return -EBADF;
	long r;
	if (e->ops != &epoll_ops) {
		r = -EINVAL;
		goto out;
	}
	uint64_t deadline = ms < 0 ? 0 : uk_monotonic_ns() + (uint64_t)ms * 1000000 + 1;
	for (;;) {
		r = collect((struct epoll *)e, (struct epoll_event *)events, (int)max);
		if (r || (deadline && uk_monotonic_ns() >= deadline))
			break;
		uint64_t until = uk_monotonic_ns() + SLICE_NS; /* the console is polled, see poll.c */
		if (deadline && deadline < until)
			until = deadline;
		if (uk_wait(&uk_fd_pollq, until) == -EINTR) {
			r = -EINTR;
			break;
		}
	}
out:
	uk_file_put(e);
	return r;
}
UK_SYSCALL(epoll_pwait, sys_epoll_pwait);

static long sys_epoll_wait(long epfd, long events, long max, long ms)
{
	return sys_epoll_pwait(epfd, events, max, ms, 0, 0);
}
UK_SYSCALL(epoll_wait, sys_epoll_wait);
