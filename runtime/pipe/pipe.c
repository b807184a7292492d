/* pipe.c: pipe and pipe2. A pipe holds up to 16 pages of data, allocated as it arrives;
 * readers and writers block on wait queues, writes of up to a page (PIPE_BUF) are atomic,
 * and with no reader left a write fails with EPIPE (after SIGPIPE, when the signal
 * component is linked). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <uk/fd.h>
#include <uk/kmem.h>
#include <uk/mem.h>
#include <uk/syscall.h>
#include <uk/util.h>
#include <uk/wait.h>

#define PAGE UK_PAGE_SIZE
#define SLOTS 16 /* 64 KiB, Linux's default capacity */

/* Linux's pipe is a ring of page-sized buffers, and its behaviour shows it: a write merges
 * into the last buffer only if it fits there, else it takes a new one; the pipe is full when
 * all 16 are in use, however little they hold. Kept the same here, so a program filling a
 * pipe sees the same byte counts as on Linux. */
struct slot {
	char *page;
	uint16_t off, len;
};

struct pipe {
	struct slot s[SLOTS];
	uint32_t head, tail; /* slots in use: [tail, head), counted modulo 2^32 */
	uint32_t bytes;
	int readers, writers;
	struct uk_waitq rq, wq;
	uint64_t ino;
};

struct pipe_end {
	struct uk_file f;
	struct pipe *p;
};

extern long uk_signal_send(int tid, int sig, int code, uint64_t value) __attribute__((weak));

static struct pipe *P(struct uk_file *f)
{
	return ((struct pipe_end *)f)->p;
}

static void wake(struct uk_waitq *q)
{
	uk_wake(q);
	uk_fd_notify();
}

static bool full(const struct pipe *p)
{
	return p->head - p->tail >= SLOTS;
}

static long pipe_read(struct uk_file *f, void *buf, size_t n, int64_t *off)
{
	(void)off;
	struct pipe *p = P(f);
	if (!n)
		return 0;
	while (p->head == p->tail) {
		if (!p->writers)
			return 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (uk_wait(&p->rq, 0) == -EINTR)
			return -EINTR;
	}
	size_t done = 0;
	while (done < n && p->head != p->tail) {
		struct slot *s = &p->s[p->tail % SLOTS];
		size_t k = n - done < s->len ? n - done : s->len;
		uk_memcpy((char *)buf + done, s->page + s->off, k);
		s->off += (uint16_t)k;
		s->len -= (uint16_t)k;
		done += k;
		p->bytes -= (uint32_t)k;
		if (!s->len) {
			uk_page_free((uint64_t)s->page);
			s->page = 0;
			p->tail++;
		}
	}
	wake(&p->wq);
	return (long)done;
}

static long pipe_write(struct uk_file *f, const void *buf, size_t n, int64_t *off)
{
	(void)off;
	struct pipe *p = P(f);
	const char *b = buf;
	size_t done = 0, chars = n % PAGE;
	if (!p->readers)
		goto broken;
	if (chars && p->head != p->tail) { /* the odd part may join the last buffer */
		struct slot *s = &p->s[(p->head - 1) % SLOTS];
		if (s->off + s->len + chars <= PAGE) {
			uk_memcpy(s->page + s->off + s->len, b, chars);
			s->len += (uint16_t)chars;
			p->bytes += (uint32_t)chars;
			done = chars;
			wake(&p->rq);
		}
	}
	while (done < n) {
		if (!p->readers)
			goto broken;
		if (!full(p)) {
			char *page = (char *)uk_page_alloc();
			if (!page)
				return done ? (long)done : -ENOMEM;
			size_t k = n - done < PAGE ? n - done : PAGE;
			uk_memcpy(page, b + done, k);
			p->s[p->head % SLOTS] = (struct slot){page, 0, (uint16_t)k};
			p->head++;
			p->bytes += (uint32_t)k;
			done += k;
			wake(&p->rq);
			continue;
		}
		if (f->flags & O_NONBLOCK)
			return done ? (long)done : -EAGAIN;
		if (uk_wait(&p->wq, 0) == -EINTR)
			return done ? (long)done : -EINTR;
	}
	return (long)done;
broken:
	if (uk_signal_send)
		uk_signal_send(0, SIGPIPE, 0, 0);
	return done ? (long)done : -EPIPE;
}

static unsigned pipe_poll(struct uk_file *f)
{
	struct pipe *p = P(f);
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return (p->head != p->tail ? POLLIN | POLLRDNORM : 0) | (p->writers ? 0 : POLLHUP);
	return (full(p) ? 0 : POLLOUT | POLLWRNORM) | (p->readers ? 0 : POLLERR);
}

static long pipe_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	if (req != FIONREAD)
		return -ENOTTY;
	*(int *)arg = (int)P(f)->bytes;
	return 0;
}

static long pipe_stat(struct uk_file *f, struct stat *st)
{
	uk_memset(st, 0, sizeof *st);
	st->st_mode = S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_ino = P(f)->ino;
	st->st_blksize = PAGE;
	return 0;
}

static void pipe_release(struct uk_file *f)
{
	struct pipe *p = P(f);
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		p->readers--;
	else
		p->writers--;
	uk_kfree(f, sizeof(struct pipe_end));
	if (p->readers || p->writers) {
		wake(&p->rq);
		wake(&p->wq);
		return;
	}
	for (unsigned i = 0; i < SLOTS; i++)
		if (p->s[i].page)
			uk_page_free((uint64_t)p->s[i].page);
	uk_kfree(p, sizeof *p);
}

static const struct uk_file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.ioctl = pipe_ioctl,
	.stat = pipe_stat,
	.poll = pipe_poll,
	.release = pipe_release,
};

static struct uk_file *end(struct pipe *p, int flags)
{
	struct pipe_end *e = uk_kzalloc(sizeof *e);
	if (!e)
		return 0;
	*e = (struct pipe_end){{&pipe_ops, 1, flags, 0}, p};
	return &e->f;
}

static long sys_pipe2(long fds, long flags)
{
	flags = (int)flags;
	if (flags & ~(long)(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	static uint64_t next_ino = 1;
	struct pipe *p = uk_kzalloc(sizeof *p);
	struct uk_file *r = p ? end(p, O_RDONLY | (int)(flags & O_NONBLOCK)) : 0;
	struct uk_file *w = r ? end(p, O_WRONLY | (int)(flags & O_NONBLOCK)) : 0;
	if (!w) {
		uk_kfree(r, sizeof(struct pipe_end));
		uk_kfree(p, sizeof *p);
		return -ENFILE;
	}
	p->readers = p->writers = 1;
	p->ino = next_ino++;
	int cloexec = flags & O_CLOEXEC;
	long rfd = uk_fd_install(r, 0, cloexec);
	if (rfd < 0) {
		uk_file_put(w);
		return rfd;
	}
	long wfd = uk_fd_install(w, 0, cloexec);
	if (wfd < 0) {
		uk_fd_replace(rfd, 0, 0); /* closes the read end */
		return wfd;
	}
	((int *)fds)[0] = (int)rfd;
	((int *)fds)[1] = (int)wfd;
	return 0;
}
UK_SYSCALL(pipe2, sys_pipe2);

static long sys_pipe(long fds)
{
	return sys_pipe2(fds, 0);
}
UK_SYSCALL(pipe, sys_pipe);
