/* ttyin.c: console input by interrupt. Without it a reader polls the UART, and under TCG each
 * poll takes QEMU's global lock, which starves the QEMU thread that delivers the bytes: stdin
 * crawled at about 25 KB/s. Here a reader halts (or, with the scheduler, sleeps) until the
 * UART's receive interrupt. Linked with the system calls that read (component.json
 * "serves"), so programs that never read carry neither this nor the interrupt plumbing. */
#include <errno.h>
#include <uk/console.h>
#include <uk/cpu.h>
#include <uk/fd.h>
#include <uk/init.h>
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

static void ttyin_init(void)
{
	uk_irq_register(UART_VECTOR, uart_irq);
	uk_irq_route(UART_GSI, UART_VECTOR);
	uk_console_input_interrupts();
}
UK_INITCALL(3, 0, ttyin_init);
