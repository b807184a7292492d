/* eventfd.c: eventfd and eventfd2: a 64-bit counter as a file. read takes the count (or 1
 * with EFD_SEMAPHORE) and blocks at zero; write adds and blocks when the sum would pass
 * 0xfffffffffffffffe. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <uk/fd.h>
#include <uk/kmem.h>
#include <uk/syscall.h>
#include <uk/util.h>
#include <uk/wait.h>

#define MAX_COUNT 0xfffffffffffffffeULL

struct efd {
	struct uk_file f;
	uint64_t count;
	bool semaphore;
	struct uk_waitq q;
};

static long efd_read(struct uk_file *f, void *buf, size_t n, int64_t *off)
{
	(void)off;
	struct efd *e = (struct efd *)f;
	if (n < 8)
		return -EINVAL;
	while (!e->count) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (uk_wait(&e->q, 0) == -EINTR)
			return -EINTR;
	}
	uint64_t v = e->semaphore ? 1 : e->count;
	e->count -= v;
	uk_memcpy(buf, &v, 8);
	uk_wake(&e->q);
	uk_fd_notify();
	return 8;
}

static long efd_write(struct uk_file *f, const void *buf, size_t n, int64_t *off)
{
	(void)off;
	struct efd *e = (struct efd *)f;
	uint64_t v;
	if (n < 8)
		return -EINVAL;
	uk_memcpy(&v, buf, 8);
	if (v == ~0ULL)
		return -EINVAL;
	while (MAX_COUNT - e->count < v) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (uk_wait(&e->q, 0) == -EINTR)
			return -EINTR;
	}
	e->count += v;
	uk_wake(&e->q);
	uk_fd_notify();
	return 8;
}

static unsigned efd_poll(struct uk_file *f)
{
	struct efd *e = (struct efd *)f;
	return (e->count ? POLLIN | POLLRDNORM : 0) | (e->count < MAX_COUNT ? POLLOUT | POLLWRNORM : 0);
}

static long efd_stat(struct uk_file *f, struct stat *st)
{
	(void)f;
	uk_memset(st, 0, sizeof *st);
	st->st_mode = 0600; /* an anonymous inode */
	st->st_nlink = 1;
	st->st_blksize = 4096;
	return 0;
}

static void efd_release(struct uk_file *f)
{
	uk_kfree(f, sizeof(struct efd));
}

static const struct uk_file_ops efd_ops = {
	.read = efd_read,
	.write = efd_write,
	.stat = efd_stat,
	.poll = efd_poll,
	.release = efd_release,
};

static long sys_eventfd2(long count, long flags)
{
	flags = (int)flags;
	if (flags & ~(long)(EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE))
		return -EINVAL;
	struct efd *e = uk_kzalloc(sizeof *e);
	if (!e)
		return -ENOMEM;
	e->f = (struct uk_file){&efd_ops, 1, O_RDWR | (int)(flags & EFD_NONBLOCK), 0};
	e->count = (unsigned)count;
	e->semaphore = flags & EFD_SEMAPHORE;
	return uk_fd_install(&e->f, 0, flags & EFD_CLOEXEC);
}
UK_SYSCALL(eventfd2, sys_eventfd2);

static long sys_eventfd(long count)
{
	return sys_eventfd2(count, 0);
}
UK_SYSCALL(eventfd, sys_eventfd);
