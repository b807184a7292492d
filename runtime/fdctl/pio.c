/* pio.c: pread64 and pwrite64: transfers at an offset that leave the file position alone. */
#include <uk/fd.h>
#include <uk/syscall.h>

static long positioned(long fd, void *buf, size_t n, long off, int write)
{
	struct uk_file *f = uk_fd_get(fd);
	if (!f)
		return -EBADF;
	long r = !f->ops->seek ? -ESPIPE : off < 0 ? -EINVAL : 0;
	uk_file_put(f);
	if (r)
		return r;
	int64_t pos = off;
	return uk_fd_rw(fd, buf, n, &pos, write);
}

static long sys_pread64(long fd, long buf, long n, long off)
{
	return positioned(fd, (void *)buf, (size_t)n, off, 0);
}
UK_SYSCALL(pread64, sys_pread64);

static long sys_pwrite64(long fd, long buf, long n, long off)
{
	return positioned(fd, (void *)buf, (size_t)n, off, 1);
}
UK_SYSCALL(pwrite64, sys_pwrite64);
