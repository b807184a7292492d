/* threadmem: creating threads until memory runs out fails with EAGAIN, as on Linux; the
 * program sees the error and carries on (no crash). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void *park(void *arg)
{
	(void)arg;
	for (;;)
		pause();
}

int main(void)
{
	int n = 0, err = 0;
	for (; n < 100000; n++) {
		pthread_t t;
		if ((err = pthread_create(&t, 0, park, 0)))
			break;
	}
	printf("created some threads: %s; then: %s\n", n > 10 ? "yes" : "no", strerror(err));
	return err == EAGAIN ? 0 : 1;
}
