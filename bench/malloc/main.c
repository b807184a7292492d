/* bench/malloc: allocation patterns of real programs, each timed inside the guest so boot
 * does not count. Prints four times in milliseconds: small blocks (random sizes up to 512
 * bytes, a working set of 1000), strings grown by realloc, buffers (8 - 64 KiB, a working
 * set of 256) and large blocks (64 KiB - 1 MiB, first byte touched). bench/run builds it
 * twice, with the runtime's malloc and with musl's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static uint32_t rng = 2463534242u;
static uint32_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Where blocks escape to, so that the compiler keeps every allocation. */
static char *volatile sink;

int main(void)
{
	static char *slot[1000];
	double t0 = now_ms();
	for (int i = 0; i < 300000; i++) {
		uint32_t r = next(), k = r % 1000;
		free(slot[k]);
		slot[k] = malloc(8 + (r >> 10) % 505);
		slot[k][0] = (char)r;
	}
	for (int k = 0; k < 1000; k++) {
		free(slot[k]);
		slot[k] = 0;
	}
	double t1 = now_ms();
	for (int s = 0; s < 200; s++) {
		char *str = 0;
		size_t len = 0;
		for (int i = 0; i < 500; i++) {
			str = realloc(str, len + 41);
			memset(str + len, 'a' + i % 26, 40);
			len += 40;
			str[len] = 0;
		}
		if (strlen(str) != len)
			return 1;
		free(str);
	}
	double t2 = now_ms();
	for (int i = 0; i < 30000; i++) {
		uint32_t r = next(), k = r % 256;
		free(slot[k]);
		slot[k] = malloc((8 << 10) + (r >> 8) % (56 << 10));
		slot[k][0] = (char)r;
	}
	for (int k = 0; k < 256; k++)
		free(slot[k]);
	double t3 = now_ms();
	for (int i = 0; i < 3000; i++) {
		char *p = malloc(((size_t)64 << 10) + next() % (960 << 10));
		p[0] = 1;
		sink = p;
		free(sink);
	}
	double t4 = now_ms();
	printf("%.1f %.1f %.1f %.1f\n", t1 - t0, t2 - t1, t3 - t2, t4 - t3);
	return 0;
}
