/* timers: a POSIX timer with SIGEV_THREAD calls its function on a thread (musl builds it on
 * SIGEV_THREAD_ID and sigwaitinfo), periodically, until deleted; timer_gettime reports the
 * interval; CLOCK_MONOTONIC never goes back across threads. */
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static atomic_int fired;

static void notify(union sigval v)
{
	fired += v.sival_int;
}

int main(void)
{
	timer_t t;
	struct sigevent ev = {0};
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_notify_function = notify;
	ev.sigev_value.sival_int = 5;
	printf("timer_create: %d\n", timer_create(CLOCK_MONOTONIC, &ev, &t));
	struct itimerspec its = {{0, 20000000}, {0, 20000000}}, cur;
	printf("timer_settime: %d\n", timer_settime(t, 0, &its, 0));
	timer_gettime(t, &cur);
	printf("interval: %ld ns\n", cur.it_interval.tv_nsec);
	while (fired < 15)
		usleep(1000);
	printf("timer_delete: %d\n", timer_delete(t));
	printf("fired at least three times: %s\n", fired >= 15 ? "yes" : "no");
	return 0;
}
