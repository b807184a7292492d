/* console.c: the serial console as the files behind descriptors 0, 1 and 2 (runtime/fd).
 * Whether it is a terminal comes from the host (ukcc.tty on the command line), so isatty() in
 * the guest answers what isatty() answers where `ukcc run` was started, and musl buffers
 * stdout the same way. Under `ukcc run` stdout and stderr are two streams of one framed
 * stream (ukcc.stderr=, uk/abi.h), on the UART or, in bulk, on the virtio console. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <uk/abi.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/fd.h>
#include <uk/init.h>
#include <uk/util.h>
#include <uk/wait.h>

#include "uart.h"

/* Framed output goes out on one of two lines: the UART, or the virtio console (vconsole,
 * when linked and given by the host). The host reads each with its own idea of the current
 * stream (uk/abi.h's UK_OUT_ESC), stdout at first. Console writes run with interrupts off,
 * so a switch and the bytes after it are never torn apart. */
extern char *uk_vconsole_take(size_t *cap) __attribute__((weak));
extern void uk_vconsole_send(size_t n, bool done) __attribute__((weak));

struct line {
	char *buf; /* the virtio console's buffer, or NULL for the UART */
	size_t cap, len;
	int *stream;
};

static int uart_stream = 1, virtio_stream = 1;

/* The virtio console is set up only once the UART has carried this much, out and in:
 * setting it up costs a program about what the UART takes to carry 4 KiB, and most programs
 * print and read less. */
#define BULK_AFTER 4096
static size_t uart_moved;
static bool bulk; /* past BULK_AFTER: the virtio console from now on, if there is one */
static bool virtio_used;

static void put(struct line *l, char c)
{
	if (!l->buf) {
		uk_uart_putc(c);
		uart_moved++;
		return;
	}
	if (l->len == l->cap) {
		uk_vconsole_send(l->len, false);
		l->len = 0;
	}
	l->buf[l->len++] = c;
}

/* The line the framed stream takes now: the virtio console once bulk, where there is one. */
static void open_line(struct line *l, size_t n)
{
	*l = (struct line){.stream = &uart_stream};
	bulk = bulk || uart_moved + n >= BULK_AFTER;
	if (bulk && uk_vconsole_take && (l->buf = uk_vconsole_take(&l->cap))) {
		l->stream = &virtio_stream;
		/* The host reads the two lines apart: the UART's last bytes must be out before
		 * the first on the other line. Sent in order, they arrive in order. */
		if (!virtio_used)
			uk_uart_drain();
		virtio_used = true;
	}
}

static void close_line(struct line *l)
{
	if (l->buf)
		uk_vconsole_send(l->len, true);
}

bool uk_console_on_bulk(void)
{
	struct line l;
	open_line(&l, 0);
	close_line(&l);
	return l.buf;
}

/* UK_OUT_ESC and c: a mark of the framing, not data. */
static void put_mark(struct line *l, char c)
{
	put(l, UK_OUT_ESC);
	put(l, c);
}

static void put_stream(int stream, const char *s, size_t n)
{
	if (!uk_boot.stderr_framed) {
		for (size_t i = 0; i < n; i++)
			uk_uart_putc(s[i]);
		return;
	}
	static bool announced;
	struct line l;
	open_line(&l, n);
	if (!announced) { /* an empty write first: says that writes are ended (abi.h) */
		put_mark(&l, UK_OUT_END);
		announced = true;
	}
	if (stream != *l.stream) {
		put_mark(&l, (char)('0' + stream));
		*l.stream = stream;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == UK_OUT_ESC)
			put(&l, UK_OUT_ESC);
		put(&l, s[i]);
	}
	put_mark(&l, UK_OUT_END); /* the write is whole: the host may pass it on */
	close_line(&l);
}

/* The runtime's own messages: crash reports, --strace, warnings. */
void uk_console_write(const char *s, size_t n)
{
	put_stream(2, s, n);
}

bool uk_console_input_ready(void)
{
	return uk_uart_ready();
}

char uk_console_getc(void)
{
	uart_moved++;
	return uk_uart_getc();
}

/* A request goes on the line output takes, so the host has every byte written before it
 * (a prompt) when it answers; its reply comes back on the same line (uk/abi.h). */
void uk_console_control(const char *s, size_t n)
{
	struct line l;
	open_line(&l, 0);
	put(&l, UK_OUT_ESC);
	for (size_t i = 0; i < n; i++)
		put(&l, s[i]);
	close_line(&l);
}

void uk_console_input_interrupts(void)
{
	uk_uart_rx_interrupts();
}

/* Waiting for input: by interrupt where ttyin is linked (a program that reads), else by
 * polling. Polling with the scheduler linked (weakly referenced: a program that only prints
 * must not pull it in) sleeps in 1 ms steps, so other threads run and a signal interrupts
 * the read with EINTR; without it, the one thread spins. */
extern int uk_wait(struct uk_waitq *q, uint64_t deadline_ns) __attribute__((weak));
extern uint64_t uk_monotonic_ns(void) __attribute__((weak));
extern int uk_console_wait_input(void) __attribute__((weak));
static struct uk_waitq input_q;

static int wait_input(void)
{
	if (uk_console_wait_input)
		return uk_console_wait_input();
	while (!uk_uart_ready()) {
		if (uk_wait && uk_monotonic_ns) {
			if (uk_wait(&input_q, uk_monotonic_ns() + 1000000) == -EINTR)
				return -EINTR;
		} else {
			__asm__ volatile("pause");
		}
	}
	return 0;
}

/* Under ukcc run (uk_boot.stdin_escaped) input is asked for, which ttyin does: a program
 * that reads links it. Without ukcc run the console is a raw serial line: every byte is
 * data and input never ends. */
extern long uk_ttyin_read(void *buf, size_t n) __attribute__((weak));
extern unsigned uk_ttyin_poll(void) __attribute__((weak));
extern int uk_ttyin_pending(void) __attribute__((weak));

static bool asked_input(void)
{
	return uk_boot.stdin_escaped && uk_ttyin_read;
}

static long console_read(struct uk_file *f, void *buf, size_t n, int64_t *off)
{
	(void)f, (void)off;
	if (!n)
		return 0;
	if (asked_input())
		return uk_ttyin_read(buf, n);
	char *b = buf;
	size_t got = 0;
	while (got < n) {
		if (got && !uk_uart_ready())
			break;
		if (!got && wait_input() == -EINTR)
			return -EINTR;
		b[got++] = uk_uart_getc();
	}
	return (long)got;
}

static long console_write(struct uk_file *f, const void *buf, size_t n, int64_t *off)
{
	(void)off;
	int stream = f == &uk_console_files[2] ? 2 : 1;
	if (stream == 2 ? uk_boot.stderr_full : uk_boot.stdout_full)
		return -ENOSPC; /* the host's end is /dev/full */
	put_stream(stream, buf, n);
	return (long)n;
}

/* Whether the file is a terminal: the host's stdout decides for descriptors 0 and 1 (and 2
 * when it shares the line with them), the host's stderr for a separate stderr. */
static bool is_tty(const struct uk_file *f)
{
	if (f == &uk_console_files[2] && uk_boot.stderr_framed)
		return uk_boot.stderr_tty;
	return uk_boot.tty;
}

static long tty_ioctl(unsigned long req, void *arg)
{
	switch (req) {
	case TIOCGWINSZ: {
		/* A terminal stderr beside a redirected stdout has no size from the host. */
		struct winsize *w = arg;
		*w = (struct winsize){.ws_row = (unsigned short)(uk_boot.tty ? uk_boot.tty_rows : 24),
				      .ws_col = (unsigned short)(uk_boot.tty ? uk_boot.tty_cols : 80)};
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

static long console_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	if (req == FIONREAD) { /* what a read would return at once */
		int n = asked_input() ? uk_ttyin_pending() : uk_uart_ready();
		*(int *)arg = f == uk_console_files ? n : 0;
		return 0;
	}
	if (!is_tty(f))
		return -ENOTTY; /* like a pipe */
	return tty_ioctl(req, arg);
}

static long console_stat(struct uk_file *f, struct stat *s)
{
	uk_memset(s, 0, sizeof *s);
	s->st_mode = is_tty(f) ? S_IFCHR | 0620 : S_IFIFO | 0600;
	s->st_nlink = 1;
	s->st_blksize = 4096;
	s->st_ino = (ino_t)(f - uk_console_files) + 1;
	return 0;
}

/* Under ukcc run a poller asks the host to say when input is ready (ttyin), and ttyin's
 * interrupt wakes it; without ttyin pollers look again on their own (see runtime/poll). */
static unsigned console_poll(struct uk_file *f)
{
	if (f != uk_console_files)
		return POLLOUT | POLLWRNORM;
	if (asked_input())
		return uk_ttyin_poll();
	return uk_uart_ready() ? POLLIN | POLLRDNORM : 0;
}

static const struct uk_file_ops console_ops = {
	.read = console_read,
	.write = console_write,
	.ioctl = console_ioctl,
	.stat = console_stat,
	.poll = console_poll,
};

/* Descriptors 0, 1 and 2 (runtime/fd installs them): stdin for reading, stdout and stderr
 * for writing, as a shell sets them up with a pipe or a file at each end. */
struct uk_file uk_console_files[3] = {
	{&console_ops, 1, O_RDONLY, 0},
	{&console_ops, 1, O_WRONLY, 0},
	{&console_ops, 1, O_WRONLY, 0},
};

static void console_init(void)
{
	uk_uart_init();
}
UK_INITCALL(1, 0, console_init);
