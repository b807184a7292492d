/* sendfile.c: sendfile(2) between any readable and writable descriptors, a page at a time
 * through the fd layer, with Linux's offset rules: with an offset pointer the input's
 * position is left alone and the offset advances instead. */
#include <uk/kmem.h>
#include <uk/mem.h>
#include <uk/syscall.h>

#include "vfs.h"

static long check(long out, long in, int64_t *off)
{
	struct uk_file *fi = uk_fd_get(in), *fo = uk_fd_get(out);
	long r = 0;
	if (!fi || !fo || !uk_file_readable(fi) || !uk_file_writable(fo))
		r = -EBADF;
	else if ((fo->flags & O_APPEND) || (off && !fi->ops->seek) || fi->ops != &uk_vfs_file_ops)
		r = -EINVAL;
	else if (off && *off < 0)
		r = -EINVAL;
	if (fi)
		uk_file_put(fi);
	if (fo)
		uk_file_put(fo);
	return r;
}

static long sys_sendfile(long out, long in, long offp, long count)
{
	int64_t *off = (int64_t *)offp;
	long r = check(out, in, off);
	if (r)
		return r;
	char *buf = uk_kmalloc(UK_PAGE_SIZE);
	if (!buf)
		return -ENOMEM;
	long done = 0;
	while (done < count) {
		size_t want = (size_t)(count - done) < UK_PAGE_SIZE ? (size_t)(count - done) : UK_PAGE_SIZE;
		int64_t pos = off ? *off : 0;
		long got = uk_fd_rw(in, buf, want, off ? &pos : 0, 0);
		if (got <= 0) {
			r = got;
			break;
		}
		long put = uk_fd_rw(out, buf, (size_t)got, 0, 1);
		if (put < 0) {
			r = put;
			break;
		}
		if (off)
			*off += put;
		else if (put < got) { /* give back what was read but not written */
			struct uk_file *fi = uk_fd_get(in);
			fi->pos -= got - put;
			uk_file_put(fi);
		}
		done += put;
		if (put < got || (size_t)got < want)
			break;
	}
	uk_kfree(buf, UK_PAGE_SIZE);
	return done ? done : r;
}
UK_SYSCALL(sendfile, sys_sendfile);
