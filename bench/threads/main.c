/* threads bench: the same program runs natively and in the unikernel; bench/run prints the
 * two side by side. It measures a futex ping-pong between two threads (each round trip is
 * two context switches), the overshoot of 1 ms sleeps, and thread create+join. */
#define _GNU_SOURCE
/* The futex ABI (musl has no linux/futex.h). */
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static _Atomic int turn;

static double now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static void wait_for(int want)
{
	int v;
	while ((v = atomic_load(&turn)) != want)
		syscall(SYS_futex, &turn, FUTEX_WAIT_PRIVATE, v, 0, 0, 0);
}

static void pass_to(int who)
{
	atomic_store(&turn, who);
	syscall(SYS_futex, &turn, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
}

#define ROUNDS 2000

static void *pong(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		wait_for(1);
		pass_to(0);
	}
	return 0;
}

static void *nothing(void *arg)
{
	return arg;
}

int main(void)
{
	pthread_t t;
	pthread_create(&t, 0, pong, 0);
	double t0 = now_us();
	for (int i = 0; i < ROUNDS; i++) {
		pass_to(1);
		wait_for(0);
	}
	double rt = (now_us() - t0) / ROUNDS;
	pthread_join(t, 0);

	double over = 0;
	for (int i = 0; i < 50; i++) {
		struct timespec req = {0, 1000000};
		double a = now_us();
		nanosleep(&req, 0);
		over += now_us() - a - 1000;
	}
	/* The figure: sleeps of 10 ms to 1 s, the worst overshoot. */
	double worst = 0;
	long asks[] = {10, 50, 200, 1000};
	for (int i = 0; i < 4; i++) {
		struct timespec req = {asks[i] / 1000, asks[i] % 1000 * 1000000};
		double a = now_us();
		nanosleep(&req, 0);
		double o = (now_us() - a) / 1000 - asks[i];
		if (o > worst)
			worst = o;
	}

	t0 = now_us();
	for (int i = 0; i < 200; i++) {
		pthread_create(&t, 0, nothing, 0);
		pthread_join(t, 0);
	}
	double create = (now_us() - t0) / 200;
	printf("%.2f %.1f %.2f %.2f\n", rt / 2, over / 50, create, worst);
	return 0;
}
