/* deadlock: two threads take two mutexes in opposite orders and wait for each other
 * forever; `ukcc run --timeout` ends the run with its own status, the CPU halted meanwhile. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;

static void *other(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&b);
	usleep(50000);
	pthread_mutex_lock(&a);
	return 0;
}

int main(void)
{
	pthread_t t;
	pthread_create(&t, 0, other, 0);
	pthread_mutex_lock(&a);
	usleep(50000);
	printf("both locks taken, waiting\n");
	fflush(stdout);
	pthread_mutex_lock(&b);
	printf("unreachable\n");
	return 0;
}
