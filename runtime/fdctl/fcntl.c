/* fcntl.c: descriptor flags, status flags, duplication and POSIX record locks.
 *
 * Record locks: a process's own locks never conflict with each other (a new lock replaces
 * or merges with the old over the same bytes), and an image holds one process, so no lock
 * can ever block or be reported: F_SETLK and F_SETLKW succeed once the request is valid,
 * and F_GETLK answers F_UNLCK. Validation follows Linux: the type, whence and range, and
 * the access mode the lock type needs. */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <uk/fd.h>
#include <uk/syscall.h>

#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)
/* Linux forces O_LARGEFILE on every file of a 64-bit process; F_GETFL shows it. */
#define KERNEL_O_LARGEFILE 0100000

static long check_lock(struct uk_file *f, int cmd, struct flock *l)
{
	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK &&
	    (l->l_type != F_UNLCK || cmd == F_GETLK || cmd == F_OFD_GETLK))
		return -EINVAL;
	if (cmd >= F_OFD_GETLK && l->l_pid)
		return -EINVAL; /* open-file-description locks have no owner pid */
	int64_t base;
	switch (l->l_whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END: {
		struct stat st;
		long r = f->ops->stat(f, &st);
		if (r < 0)
			return r;
		base = st.st_size;
		break;
	}
	default:
		return -EINVAL;
	}
	int64_t start = base + l->l_start, len = l->l_len;
	if (len < 0) { /* the len bytes before start */
		start += len;
		if (start < 0)
			return -EINVAL;
	} else if (start < 0) {
		return -EINVAL;
	} else if (len && start > INT64_MAX - (len - 1)) {
		return -EOVERFLOW;
	}
	if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
		l->l_type = F_UNLCK; /* nothing else can hold a lock */
		return 0;
	}
	if ((l->l_type == F_RDLCK && !uk_file_readable(f)) ||
	    (l->l_type == F_WRLCK && !uk_file_writable(f)))
		return -EBADF;
	return 0;
}

static long sys_fcntl(long fd, long cmd, long arg)
{
	cmd = (int)cmd;
	struct uk_file *f = uk_fd_get(fd);
	if (!f)
		return -EBADF;
	long r = 0;
	if ((f->flags & O_PATH) && cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC && cmd != F_GETFD &&
	    cmd != F_SETFD && cmd != F_GETFL) {
		r = -EBADF;
		goto out;
	}
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((unsigned long)arg >= (unsigned long)uk_fd_limit()) {
			r = -EINVAL;
			break;
		}
		uk_file_hold(f);
		r = uk_fd_install(f, arg, cmd == F_DUPFD_CLOEXEC);
		break;
	case F_GETFD:
		r = uk_fd_cloexec(fd) ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		uk_fd_set_cloexec(fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		r = (f->flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)) | KERNEL_O_LARGEFILE;
		break;
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_MASK) | ((int)arg & SETFL_MASK);
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		r = check_lock(f, (int)cmd, (struct flock *)arg);
		break;
	case F_GETOWN:
	case F_SETOWN:
		break; /* no SIGIO: nobody to signal but ourselves */
	default:
		r = -EINVAL;
	}
out:
	uk_file_put(f);
	return r;
}
UK_SYSCALL(fcntl, sys_fcntl);
