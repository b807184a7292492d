/* clock: reads the time, so the analysis must link the time component. */
#include <stdio.h>
#include <time.h>

int main(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("clock: %s\n", ts.tv_sec >= 0 ? "ok" : "bad");
	return 0;
}
