/* uk/fd.h: open files and the process's descriptor table (runtime/fd). Every kind of file
 * (the console, pipes, files of a file system, eventfds, epoll sets) is a struct uk_file with
 * an ops table; the system calls that only need a descriptor (read, write, close, dup, fcntl,
 * poll...) work on any of them through these ops.
 *
 * Concurrency: system calls run with interrupts off and are never preempted; a call can only
 * lose the CPU in uk_wait. Whoever may block therefore holds a reference (uk_fd_get) to the
 * file it works on, so a close by another thread cannot free it underneath. */
#ifndef UK_FD_H
#define UK_FD_H

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>

#include <uk/wait.h>

struct stat;
struct uk_file;

struct uk_file_ops {
	/* Read or write at *off and advance it by the bytes moved: *off is the file position
	 * for read/write/readv/writev, a copy of the caller's offset for pread64/pwrite64.
	 * Files without positions (streams) ignore it. Return the bytes moved or -errno; block
	 * (uk_wait) unless the file has O_NONBLOCK, then -EAGAIN. NULL: -EINVAL. */
	long (*read)(struct uk_file *f, void *buf, size_t n, int64_t *off);
	long (*write)(struct uk_file *f, const void *buf, size_t n, int64_t *off);
	/* The new position for lseek(2), or -errno. NULL: not seekable (-ESPIPE for lseek,
	 * pread64 and pwrite64). */
	long (*seek)(struct uk_file *f, int64_t off, int whence);
	/* ioctl(2) requests other than FIONBIO, FIOCLEX and FIONCLEX (handled for every file).
	 * NULL: -ENOTTY. */
	long (*ioctl)(struct uk_file *f, unsigned long req, void *arg);
	long (*stat)(struct uk_file *f, struct stat *st); /* fstat(2); required */
	/* Readiness now, as poll(2) bits (POLLIN, POLLOUT, POLLHUP, POLLERR). NULL: always
	 * POLLIN | POLLOUT, like a regular file. Files whose state changes call
	 * uk_fd_notify() so that waiting pollers look again. */
	unsigned (*poll)(struct uk_file *f);
	/* The last reference is gone: free what the file holds. NULL: a static file. */
	void (*release)(struct uk_file *f);
};

/* An open file description: shared by the descriptors dup() makes, so they share the
 * position and the status flags. Kinds of files embed it as their first member. */
struct uk_file {
	const struct uk_file_ops *ops;
	unsigned refs;
	int flags;   /* open(2) flags that F_GETFL reports: access mode, O_APPEND, O_NONBLOCK... */
	int64_t pos; /* read/write position, or a directory's readdir cookie */
};

/* Files that can be read / written through this description (O_PATH: neither). */
static inline int uk_file_readable(const struct uk_file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY && !(f->flags & O_PATH);
}
static inline int uk_file_writable(const struct uk_file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY && !(f->flags & O_PATH);
}

/* The file open on fd, with a reference the caller must drop with uk_file_put; NULL if fd is
 * not open (the caller returns -EBADF). */
struct uk_file *uk_fd_get(long fd);
static inline void uk_file_hold(struct uk_file *f)
{
	f->refs++;
}
void uk_file_put(struct uk_file *f);

/* One read (write = 0) or write at *off, or at the file position when off is NULL, with the
 * checks read(2) makes: -EBADF for a bad descriptor or the wrong access mode. */
long uk_fd_rw(long fd, void *buf, size_t n, int64_t *off, int write);

/* Installs f (taking over one reference) at the lowest free descriptor >= min; FD_CLOEXEC if
 * cloexec. Returns the descriptor, or -EMFILE when none is free below RLIMIT_NOFILE (or -EINVAL
 * when min is at or above it), in which case the reference is dropped. */
long uk_fd_install(struct uk_file *f, long min, int cloexec);
/* Puts f (one reference taken over) at descriptor fd, closing what was there: dup2/dup3.
 * fd must be below the limit (the caller checks: -EBADF). */
void uk_fd_replace(long fd, struct uk_file *f, int cloexec);
/* FD_CLOEXEC of an open descriptor. */
int uk_fd_cloexec(long fd);
void uk_fd_set_cloexec(long fd, int on);
/* The current RLIMIT_NOFILE soft limit: descriptors are below it. */
long uk_fd_limit(void);

/* The table's size, which RLIMIT_NOFILE's hard limit cannot exceed. Linux's default soft
 * limit is 1024. */
#define UK_FD_MAX 4096
#define UK_FD_DEFAULT_LIMIT 1024

/* Pollers (poll, select, epoll) wait here; a file whose readiness changed calls
 * uk_fd_notify(). One queue for all files keeps files from knowing who polls them. */
extern struct uk_waitq uk_fd_pollq;
static inline void uk_fd_notify(void)
{
	uk_wake(&uk_fd_pollq);
}

/* The console (runtime/console) behind descriptors 0, 1 and 2, installed at boot. */
extern struct uk_file uk_console_files[3];

#endif
