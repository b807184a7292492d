/* alarmread: SIGALRM interrupts a read that is waiting for input: read fails with EINTR
 * (the handler is installed without SA_RESTART) and the handler has run. The timer repeats,
 * so a host too loaded to reach read() before the first expiry still tests a later one. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
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
	struct itimerval every = {{0, 500000}, {0, 500000}};
	setitimer(ITIMER_REAL, &every, 0);
	char buf[16];
	ssize_t n = read(0, buf, sizeof buf);
	printf("read: %zd (%s), handler ran: %d\n", n, n < 0 ? strerror(errno) : "data", fired);
	return 0;
}
