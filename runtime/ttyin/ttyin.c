/* ttyin.c: console input, for programs that read (component.json "serves" read and readv;
 * programs that never read carry none of this). Under ukcc run input is asked for, so a
 * program takes exactly what it reads (uk/abi.h). Waiting is by interrupt: polling the UART
 * would take QEMU's global lock on every look, which starves the QEMU thread that delivers
 * the bytes (stdin crawled at about 25 KB/s); here a reader halts (or, with the scheduler,
 * sleeps) until the UART's receive interrupt.
 *
 * With the vconsole component, once the UART has carried 4 KiB (the console decides),
 * requests and replies move to the virtio console, a reply per request instead of a trip into QEMU per
 * byte; the host then rings UK_STDIN_BELL on the UART after each reply, which keeps the
 * waiting by interrupt. */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <uk/abi.h>
#include <uk/console.h>
#include <uk/cpu.h>
#include <uk/fd.h>
#include <uk/init.h>
#include <uk/util.h>
#include <uk/wait.h>

#define UART_GSI 4 /* COM1 */
#define UART_VECTOR 36

/* The scheduler, when the program has threads or timers; weak: reading must not pull it in. */
extern int uk_wait(struct uk_waitq *q, uint64_t deadline_ns) __attribute__((weak));
extern void uk_wake(struct uk_waitq *q) __attribute__((weak));

static struct uk_waitq input_q;

static void uart_irq(unsigned vector)
{
	(void)vector;
	if (uk_wake) {
		uk_wake(&input_q);
		uk_wake(&uk_fd_pollq); /* poll, select and epoll on stdin */
	}
}

int uk_console_wait_input(void)
{
	while (!uk_console_input_ready()) {
		if (uk_wait) {
			if (uk_wait(&input_q, 0) == -EINTR)
				return -EINTR;
			continue;
		}
		/* The one thread: halt. `sti; hlt` loses no interrupt (sti's shadow covers hlt),
		 * and in the idle state the interrupt is handled on its own stack. */
		uk_in_idle = 1;
		__asm__ volatile("sti; hlt; cli" ::: "memory");
		uk_in_idle = 0;
	}
	return 0;
}

/* Input under ukcc run (ukcc.stdin=escaped): asked for, one read at a time (uk/abi.h), so
 * the program takes from the host's stdin exactly what it reads. What a reply brings beyond
 * what the read that asked could take (after EINTR, a smaller read gets the reply) waits in
 * inbuf for the next read. */
static char inbuf[UK_STDIN_MAX_BULK];
static size_t inpos, inlen;
static bool asked, notify_asked, ready, quoted, at_eof, rang;

extern size_t uk_vconsole_recv(const char **p) __attribute__((weak));

static void ask(char what, size_t n)
{
	char req[24];
	int len = uk_snprintf(req, sizeof req, what == UK_OUT_READ ? "%c%zu;" : "%c", what, n);
	uk_console_control(req, (size_t)len);
}

/* One byte of a reply or a marker: data into inbuf, markers into the flags. */
static void feed(char c)
{
	if (quoted) {
		quoted = false;
	} else if (c == UK_STDIN_QUOTE) {
		quoted = true;
		return;
	} else if (c == UK_STDIN_EOF) {
		at_eof = true; /* the host's stdin ended: every later read sees EOF too */
		asked = false;
		return;
	} else if (c == UK_STDIN_END) {
		asked = false;
		return;
	} else if (c == UK_STDIN_READY) {
		ready = true;
		notify_asked = false;
		return;
	} else if (c == UK_STDIN_BELL) {
		rang = true;
		return;
	}
	if (inlen < sizeof inbuf)
		inbuf[inlen++] = c;
}

/* Takes whatever has come: from the UART, and from the virtio console when replies travel
 * there. */
static void pump(void)
{
	while (uk_console_input_ready())
		feed(uk_console_getc());
	const char *p;
	size_t n;
	while (uk_vconsole_recv && (n = uk_vconsole_recv(&p)))
		for (size_t i = 0; i < n; i++)
			feed(p[i]);
}

static long take(void *buf, size_t n)
{
	size_t k = inlen - inpos < n ? inlen - inpos : n;
	uk_memcpy(buf, inbuf + inpos, k);
	inpos += k;
	if (inpos == inlen)
		inpos = inlen = 0;
	return (long)k;
}

long uk_ttyin_read(void *buf, size_t n)
{
	if (inpos < inlen)
		return take(buf, n);
	if (at_eof)
		return 0;
	if (!asked) {
		size_t most = uk_console_on_bulk() ? UK_STDIN_MAX_BULK : UK_STDIN_MAX;
		ask(UK_OUT_READ, n < most ? n : most);
		asked = true;
		ready = false;
		rang = false;
	}
	while (asked) {
		pump();
		if (!asked)
			break;
		/* The bell: the reply is in QEMU's hands on its way to the virtio queue, where
		 * no interrupt will announce it. */
		if (rang) {
			__asm__ volatile("pause");
			continue;
		}
		/* A signal may interrupt the wait for a reply, not a reply under way (the rest is
		 * already on its way, and the read that asked must get it whole). */
		if (uk_console_wait_input() == -EINTR && inlen == 0 && !quoted)
			return -EINTR;
	}
	return take(buf, n);
}

/* poll(2) on stdin: ready with what a read would return at once; otherwise asks the host to
 * say when its stdin is readable (the answer raises the interrupt that wakes pollers). */
unsigned uk_ttyin_poll(void)
{
	pump();
	if (at_eof)
		return POLLIN | POLLRDNORM | POLLHUP;
	if (inpos < inlen || ready)
		return POLLIN | POLLRDNORM;
	if (!notify_asked && !asked) {
		ask(UK_OUT_POLL, 0);
		notify_asked = true;
	}
	return 0;
}

int uk_ttyin_pending(void)
{
	pump();
	return (int)(inlen - inpos);
}

static void ttyin_init(void)
{
	uk_irq_register(UART_VECTOR, uart_irq);
	uk_irq_route(UART_GSI, UART_VECTOR);
	uk_console_input_interrupts();
}
UK_INITCALL(3, 0, ttyin_init);
