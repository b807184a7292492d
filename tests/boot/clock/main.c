/* clock: the monotonic clock never goes back and measures time; the wall clock is today. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

int main(void)
{
	struct timespec a, b, r, res;
	clock_gettime(CLOCK_MONOTONIC, &a);
	int back = 0;
	for (int i = 0; i < 100000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (b.tv_sec < a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec < a.tv_nsec))
			back = 1;
		a = b;
	}
	clock_gettime(CLOCK_REALTIME, &r);
	struct timeval tv;
	gettimeofday(&tv, 0);
	clock_getres(CLOCK_MONOTONIC, &res);
	printf("monotonic never went back: %s\n", back ? "no" : "yes");
	printf("realtime after 2024: %s\n", r.tv_sec > 1704067200 ? "yes" : "no");
	printf("gettimeofday agrees: %s\n", tv.tv_sec - r.tv_sec <= 1 ? "yes" : "no");
	printf("time() agrees: %s\n", time(0) - r.tv_sec <= 1 ? "yes" : "no");
	printf("resolution 1ns: %s\n", res.tv_sec == 0 && res.tv_nsec == 1 ? "yes" : "no");
	printf("bad clock: %d\n", clock_gettime(12345, &a));
	return 0;
}
