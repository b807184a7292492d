/* dup.c: dup, dup2 and dup3: more descriptors for one open file description. */
#include <fcntl.h>
#include <uk/fd.h>
#include <uk/syscall.h>

static long sys_dup(long fd)
{
	struct uk_file *f = uk_fd_get(fd);
	return f ? uk_fd_install(f, 0, 0) : -EBADF;
}
UK_SYSCALL(dup, sys_dup);

static long sys_dup3(long old, long new, long flags)
{
	old = (unsigned)old; /* descriptors are unsigned ints */
	new = (unsigned)new;
	flags = (int)flags;
	if (old == new || (flags & ~O_CLOEXEC))
		return -EINVAL;
	struct uk_file *f = uk_fd_get(old);
	if (!f)
		return -EBADF;
	if ((unsigned long)new >= (unsigned long)uk_fd_limit()) {
		uk_file_put(f);
		return -EBADF;
	}
	uk_fd_replace(new, f, flags & O_CLOEXEC);
	return new;
}
UK_SYSCALL(dup3, sys_dup3);

/* dup2 with equal descriptors only checks that old is open. */
static long sys_dup2(long old, long new)
{
	old = (unsigned)old;
	new = (unsigned)new;
	if (old != new)
		return sys_dup3(old, new, 0);
	struct uk_file *f = uk_fd_get(old);
	if (!f)
		return -EBADF;
	uk_file_put(f);
	return new;
}
UK_SYSCALL(dup2, sys_dup2);
