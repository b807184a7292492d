/* threadoverflow: a thread that recurses without end hits the guard page under its stack;
 * the crash report says it was a stack overflow and names the thread. */
#include <pthread.h>
#include <stdio.h>

__attribute__((noinline)) static int recurse(volatile char *p, int depth)
{
	volatile char buf[256];
	buf[0] = p ? p[0] : 0;
	return recurse(buf, depth + 1) + buf[0];
}

static void *run(void *arg)
{
	(void)arg;
	return (void *)(long)recurse(0, 0);
}

int main(void)
{
	pthread_t t;
	printf("starting a thread that overflows its stack\n");
	fflush(stdout);
	pthread_create(&t, 0, run, 0);
	pthread_join(t, 0);
	printf("joined?\n");
	return 0;
}
