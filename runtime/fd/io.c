/* io.c: read, write, readv, writev and lseek on any open file, through its ops. */
#include <fcntl.h>
#include <limits.h>
#include <sys/uio.h>
#include <uk/fd.h>
#include <uk/syscall.h>

#define MAX_RW 0x7ffff000L /* Linux moves at most this much in one call */

/* One transfer at *off (NULL: the file position). */
long uk_fd_rw(long fd, void *buf, size_t n, int64_t *off, int write)
{
	struct uk_file *f = uk_fd_get(fd);
	if (!f)
		return -EBADF;
	long r = -EBADF;
	if (write ? uk_file_writable(f) : uk_file_readable(f)) {
		long (*op)(struct uk_file *, void *, size_t, int64_t *) =
			write ? (long (*)(struct uk_file *, void *, size_t, int64_t *))f->ops->write
			      : f->ops->read;
		r = op ? op(f, buf, n > (size_t)MAX_RW ? (size_t)MAX_RW : n, off ? off : &f->pos) : -EINVAL;
	}
	uk_file_put(f);
	return r;
}

static long sys_read(long fd, long buf, long n)
{
	return uk_fd_rw(fd, (void *)buf, (size_t)n, 0, 0);
}
UK_SYSCALL(read, sys_read);

static long sys_write(long fd, long buf, long n)
{
	return uk_fd_rw(fd, (void *)buf, (size_t)n, 0, 1);
}
UK_SYSCALL(write, sys_write);

/* A short transfer ends the vector, as on Linux; an error after some data returns the data. */
static long vec(long fd, const struct iovec *v, long cnt, int write)
{
	if ((unsigned long)cnt > IOV_MAX)
		return -EINVAL;
	long total = 0;
	for (long i = 0; i < cnt; i++) {
		long r = uk_fd_rw(fd, v[i].iov_base, v[i].iov_len, 0, write);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((size_t)r < v[i].iov_len)
			break;
	}
	return total;
}

static long sys_readv(long fd, long iov, long cnt)
{
	return vec(fd, (const struct iovec *)iov, cnt, 0);
}
UK_SYSCALL(readv, sys_readv);

static long sys_writev(long fd, long iov, long cnt)
{
	return vec(fd, (const struct iovec *)iov, cnt, 1);
}
UK_SYSCALL(writev, sys_writev);

static long sys_lseek(long fd, long off, long whence)
{
	struct uk_file *f = uk_fd_get(fd);
	if (!f)
		return -EBADF;
	long r = f->ops->seek ? f->ops->seek(f, off, (int)whence) : -ESPIPE;
	if (r >= 0)
		f->pos = r;
	uk_file_put(f);
	return r;
}
UK_SYSCALL(lseek, sys_lseek);
