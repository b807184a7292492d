/* alarmread: SIGALRM interrupts a read that is waiting for input: read fails with EINTR
 * (the handler is installed without SA_RESTART) and the handler has run. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t fired;

static void on_alarm(int sig)
{
	(void)sig;
	fired = 1;
}

int main(void)
{
	struct sigaction sa = {0};
	sa.sa_handler = on_alarm; /* no SA_RESTART */
	sigaction(SIGALRM, &sa, 0);
	alarm(1);
	char buf[16];
	ssize_t n = read(0, buf, sizeof buf);
	printf("read: %zd (%s), handler ran: %d\n", n, n < 0 ? strerror(errno) : "data", fired);
	return 0;
}
