/* console.c: the serial console as file descriptors 0, 1 and 2. Whether it is a terminal
 * comes from the host (ukcc.tty on the command line), so isatty() in the guest answers what
 * isatty() answers where `ukcc run` was started, and musl buffers stdout the same way. */
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <termios.h>
#include <uk/abi.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/init.h>
#include <uk/syscall.h>
#include <uk/util.h>

#include "uart.h"

static bool closed[3];
static bool at_eof, eof_pending;

void uk_console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		uk_uart_putc(s[i]);
}

static long check_fd(long fd)
{
	return fd < 0 || fd > 2 || closed[fd] ? -EBADF : 0;
}

/* With escaped input (uk/abi.h) ^V quotes the next byte and a lone ^D is end of file;
 * otherwise every byte is data and the input never ends, as on a raw serial line. */
static long read_console(char *buf, size_t n)
{
	if (!n)
		return 0;
	if (at_eof || eof_pending) {
		eof_pending = false;
		return 0;
	}
	size_t got = 0;
	while (got < n) {
		if (got && !uk_uart_ready())
			break;
		char c = uk_uart_getc();
		if (uk_boot.stdin_escaped && c == UK_STDIN_QUOTE) {
			c = uk_uart_getc();
		} else if (uk_boot.stdin_escaped && c == UK_STDIN_EOF) {
			at_eof = true; /* the host closed its end: every later read sees EOF too */
			break;
		}
		buf[got++] = c;
	}
	return (long)got;
}

static long sys_read(long fd, long buf, long n)
{
	long e = check_fd(fd);
	if (e)
		return e;
	if (fd != 0)
		return -EBADF; /* stdout and stderr are open for writing only */
	return read_console((char *)buf, (size_t)n);
}
UK_SYSCALL(read, sys_read);

static long sys_write(long fd, long buf, long n)
{
	long e = check_fd(fd);
	if (e)
		return e;
	if (fd == 0)
		return -EBADF;
	uk_console_write((const char *)buf, (size_t)n);
	return n;
}
UK_SYSCALL(write, sys_write);

static long sys_writev(long fd, long iov, long cnt)
{
	const struct iovec *v = (const struct iovec *)iov;
	if (cnt < 0 || cnt > 1024)
		return -EINVAL;
	long total = 0;
	for (long i = 0; i < cnt; i++) {
		long r = sys_write(fd, (long)v[i].iov_base, (long)v[i].iov_len);
		if (r < 0)
			return r;
		total += r;
	}
	return total;
}
UK_SYSCALL(writev, sys_writev);

static long sys_readv(long fd, long iov, long cnt)
{
	const struct iovec *v = (const struct iovec *)iov;
	if (cnt < 0 || cnt > 1024)
		return -EINVAL;
	long total = 0;
	for (long i = 0; i < cnt; i++) {
		if (!v[i].iov_len)
			continue;
		long r = sys_read(fd, (long)v[i].iov_base, (long)v[i].iov_len);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((size_t)r < v[i].iov_len) /* a short read ends the vector, as for a tty */
			break;
	}
	return total;
}
UK_SYSCALL(readv, sys_readv);

static long tty_ioctl(unsigned long req, void *arg)
{
	switch (req) {
	case TIOCGWINSZ: {
		struct winsize *w = arg;
		*w = (struct winsize){.ws_row = (unsigned short)uk_boot.tty_rows,
				      .ws_col = (unsigned short)uk_boot.tty_cols};
		return 0;
	}
	case TCGETS: {
		struct termios *t = arg;
		uk_memset(t, 0, sizeof *t);
		t->c_iflag = ICRNL | IXON;
		t->c_oflag = OPOST | ONLCR;
		t->c_cflag = B38400 | CS8 | CREAD;
		t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | IEXTEN;
		return 0;
	}
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
	case TIOCSWINSZ:
		return 0; /* the host's terminal keeps its settings */
	}
	return -ENOTTY;
}

static long sys_ioctl(long fd, long req, long arg)
{
	long e = check_fd(fd);
	if (e)
		return e;
	if (req == FIONBIO)
		return 0;
	if (req == FIONREAD) {
		*(int *)arg = fd == 0 && uk_uart_ready() ? 1 : 0;
		return 0;
	}
	if (!uk_boot.tty)
		return -ENOTTY; /* like a pipe */
	return tty_ioctl((unsigned long)req, (void *)arg);
}
UK_SYSCALL(ioctl, sys_ioctl);

static long sys_close(long fd)
{
	long e = check_fd(fd);
	if (e)
		return e;
	closed[fd] = true;
	return 0;
}
UK_SYSCALL(close, sys_close);

static long sys_fstat(long fd, long st)
{
	long e = check_fd(fd);
	if (e)
		return e;
	struct stat *s = (struct stat *)st;
	uk_memset(s, 0, sizeof *s);
	s->st_mode = uk_boot.tty ? S_IFCHR | 0620 : S_IFIFO | 0600;
	s->st_nlink = 1;
	s->st_blksize = 4096;
	s->st_ino = (ino_t)fd + 1;
	return 0;
}
UK_SYSCALL(fstat, sys_fstat);

static long sys_lseek(long fd, long off, long whence)
{
	(void)off, (void)whence;
	long e = check_fd(fd);
	return e ? e : -ESPIPE;
}
UK_SYSCALL(lseek, sys_lseek);

static void console_init(void)
{
	uk_uart_init();
}
UK_INITCALL(1, 0, console_init);
