/* table.c: the process's descriptor table. A slot holds the open file's address with
 * FD_CLOEXEC in its low bit (files are 8-byte aligned), so the whole table is one array.
 * Descriptors 0, 1 and 2 start on the console. */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <uk/fd.h>
#include <uk/init.h>
#include <uk/syscall.h>

static uintptr_t slots[UK_FD_MAX];
struct uk_waitq uk_fd_pollq;

/* The rlimit component's table when it is linked (a weak reference does not pull it in). */
extern struct rlimit uk_rlimits[] __attribute__((weak));

long uk_fd_limit(void)
{
	return uk_rlimits ? (long)uk_rlimits[RLIMIT_NOFILE].rlim_cur : UK_FD_DEFAULT_LIMIT;
}

/* Linux's descriptors are unsigned ints: the upper half of the register is ignored. */
static struct uk_file *at(long fd)
{
	return (unsigned)fd < UK_FD_MAX ? (struct uk_file *)(slots[(unsigned)fd] & ~(uintptr_t)1) : 0;
}

struct uk_file *uk_fd_get(long fd)
{
	struct uk_file *f = at(fd);
	if (f)
		f->refs++;
	return f;
}

/* The epoll component forgets released files, if it is linked. */
extern void uk_epoll_forget(struct uk_file *f) __attribute__((weak));

void uk_file_put(struct uk_file *f)
{
	if (--f->refs)
		return;
	if (uk_epoll_forget)
		uk_epoll_forget(f);
	if (f->ops->release)
		f->ops->release(f);
}

long uk_fd_install(struct uk_file *f, long min, int cloexec)
{
	long limit = uk_fd_limit();
	long r = min >= limit ? -EINVAL : -EMFILE;
	for (long fd = min; fd < limit; fd++)
		if (!slots[fd]) {
			slots[fd] = (uintptr_t)f | (cloexec ? 1 : 0);
			return fd;
		}
	uk_file_put(f);
	return r;
}

void uk_fd_replace(long fd, struct uk_file *f, int cloexec)
{
	struct uk_file *old = at(fd);
	slots[(unsigned)fd] = (uintptr_t)f | (cloexec ? 1 : 0);
	if (old)
		uk_file_put(old);
}

/* close(2): the descriptor goes at once; the file when its last reference does. */
static long sys_close(long fd)
{
	struct uk_file *f = at(fd);
	if (!f)
		return -EBADF;
	slots[(unsigned)fd] = 0;
	uk_file_put(f);
	return 0;
}
UK_SYSCALL(close, sys_close);

/* FIONBIO, FIOCLEX and FIONCLEX mean the same for every file; the rest is the file's. */
static long sys_ioctl(long fd, long req, long arg)
{
	struct uk_file *f = uk_fd_get(fd);
	if (!f)
		return -EBADF;
	long r = 0;
	if (req == FIONBIO)
		f->flags = *(int *)arg ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
	else if (req == FIOCLEX || req == FIONCLEX)
		slots[(unsigned)fd] = (slots[(unsigned)fd] & ~(uintptr_t)1) | (req == FIOCLEX);
	else
		r = f->ops->ioctl ? f->ops->ioctl(f, (unsigned long)req, (void *)arg) : -ENOTTY;
	uk_file_put(f);
	return r;
}
UK_SYSCALL(ioctl, sys_ioctl);

int uk_fd_cloexec(long fd)
{
	return (int)(slots[(unsigned)fd] & 1);
}

void uk_fd_set_cloexec(long fd, int on)
{
	slots[(unsigned)fd] = (slots[(unsigned)fd] & ~(uintptr_t)1) | (on ? 1 : 0);
}

static void fd_init(void)
{
	for (int i = 0; i < 3; i++)
		slots[i] = (uintptr_t)&uk_console_files[i];
}
UK_INITCALL(1, 1, fd_init);
