/* stat.c: fstat on any open file. */
#include <uk/fd.h>
#include <uk/syscall.h>

static long sys_fstat(long fd, long st)
{
	struct uk_file *f = uk_fd_get(fd);
	if (!f)
		return -EBADF;
	long r = f->ops->stat(f, (struct stat *)st);
	uk_file_put(f);
	return r;
}
UK_SYSCALL(fstat, sys_fstat);
