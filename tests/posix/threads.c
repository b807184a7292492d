/* threads: pthreads on the preemptive scheduler: 8 threads incrementing a shared counter
 * under a mutex reach the exact total; a producer and a consumer hand items over through a
 * condition variable; join returns each thread's value; TLS is per thread; a spinning
 * thread cannot starve the others (preemption). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define THREADS 8
#define ROUNDS 100000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static __thread long mine;

static void *count(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
		mine++;
	}
	return (void *)((long)arg * 10 + (mine == ROUNDS));
}

static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int queue[16], head, tail, done;

static void *producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= 1000; i++) {
		pthread_mutex_lock(&lock);
		while (tail - head == 16)
			pthread_cond_wait(&cond, &lock);
		queue[tail++ % 16] = i;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	done = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return 0;
}

static void *consumer(void *arg)
{
	long sum = 0;
	(void)arg;
	pthread_mutex_lock(&lock);
	for (;;) {
		while (head == tail && !done)
			pthread_cond_wait(&cond, &lock);
		if (head == tail && done)
			break;
		sum += queue[head++ % 16];
		pthread_cond_broadcast(&cond);
	}
	pthread_mutex_unlock(&lock);
	return (void *)sum;
}

static volatile int stop;

static void *spin(void *arg)
{
	(void)arg;
	while (!stop)
		;
	return 0;
}

int main(void)
{
	pthread_t t[THREADS];
	for (long i = 0; i < THREADS; i++)
		pthread_create(&t[i], 0, count, (void *)i);
	int joined_ok = 1;
	for (long i = 0; i < THREADS; i++) {
		void *r;
		pthread_join(t[i], &r);
		joined_ok &= (long)r == i * 10 + 1;
	}
	printf("counter: %ld (expected %d)\n", counter, THREADS * ROUNDS);
	printf("join values and TLS: %s\n", joined_ok ? "ok" : "wrong");

	pthread_t p, c;
	void *sum;
	pthread_create(&c, 0, consumer, 0);
	pthread_create(&p, 0, producer, 0);
	pthread_join(p, 0);
	pthread_join(c, &sum);
	printf("producer/consumer sum: %ld (expected %d)\n", (long)sum, 1000 * 1001 / 2);

	pthread_t s;
	pthread_create(&s, 0, spin, 0);
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	usleep(20000); /* the spinner must not keep us from waking */
	clock_gettime(CLOCK_MONOTONIC, &b);
	stop = 1;
	pthread_join(s, 0);
	long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	printf("sleep beside a spinning thread: %s\n", ms >= 20 && ms < 200 ? "ok" : "too long");
	return 0;
}
