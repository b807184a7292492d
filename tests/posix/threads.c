/* threads: pthreads on the preemptive scheduler: 8 threads incrementing a shared counter
 * under a mutex reach the exact total; a producer and a consumer hand items over through a
 * condition variable; join returns each thread's value; TLS and thread-specific data are
 * per thread; rwlocks, barriers, detached threads and a timed condition wait work; a
 * spinning thread cannot starve the others (preemption). */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define THREADS 8
#define ROUNDS 125000 /* 8 x 125000: a million increments */

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

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t barrier;
static pthread_key_t key;
static int shared_value, readers_ok = 1, after_barrier;

static void *reader_writer(void *arg)
{
	long id = (long)arg;
	pthread_setspecific(key, (void *)(id + 100));
	for (int i = 0; i < 1000; i++) {
		if (id == 0) {
			pthread_rwlock_wrlock(&rw);
			shared_value++;
			shared_value++;
			pthread_rwlock_unlock(&rw);
		} else {
			pthread_rwlock_rdlock(&rw);
			if (shared_value % 2)
				readers_ok = 0; /* saw a half-done write */
			pthread_rwlock_unlock(&rw);
		}
	}
	pthread_barrier_wait(&barrier);
	__atomic_add_fetch(&after_barrier, 1, __ATOMIC_SEQ_CST);
	return (void *)(long)(pthread_getspecific(key) == (void *)(id + 100));
}

static volatile int detached_ran;

static void *detached(void *arg)
{
	(void)arg;
	detached_ran = 1;
	return 0;
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

	pthread_key_create(&key, 0);
	pthread_barrier_init(&barrier, 0, 4);
	pthread_t rwt[4];
	int tsd_ok = 1;
	for (long i = 0; i < 4; i++)
		pthread_create(&rwt[i], 0, reader_writer, (void *)i);
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(rwt[i], &r);
		tsd_ok &= r == (void *)1;
	}
	printf("rwlock: writes %d, readers consistent: %d; barrier passed by %d; TSD per thread: %d\n",
	       shared_value, readers_ok, after_barrier, tsd_ok);

	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_t d;
	pthread_create(&d, &attr, detached, 0);
	while (!detached_ran)
		sched_yield();
	printf("detached thread ran: %d\n", detached_ran);

	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec += 30000000;
	if (deadline.tv_nsec >= 1000000000) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&lock);
	int tw = pthread_cond_timedwait(&cond, &lock, &deadline);
	pthread_mutex_unlock(&lock);
	printf("timed condition wait: %s\n", tw == ETIMEDOUT ? "ETIMEDOUT" : "other");

	pthread_t s;
	pthread_create(&s, 0, spin, 0);
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	usleep(20000); /* the spinner must not keep us from waking */
	clock_gettime(CLOCK_MONOTONIC, &b);
	stop = 1;
	pthread_join(s, 0);
	long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	/* Without preemption the spinner would never let main wake at all; the bound is loose
	 * because the host is shared (bench/run measures sleep accuracy). */
	printf("sleep beside a spinning thread: %s\n", ms >= 20 && ms < 5000 ? "ok" : "too long");
	return 0;
}
