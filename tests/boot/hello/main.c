/* hello: formatted output of ints, floats and strings; 10 MiB through malloc, realloc and
 * free; argv and environment from the manifest. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	printf("ints: %d %u %ld %x %o %05d|%-4d|\n", -42, 42u, -1234567890123L, 0xbeef, 8, 7, 3);
	printf("floats: %.3f %e %g %.10f\n", 3.14159265, 6.02e23, 0.0001, 1.0 / 3);
	printf("strings: [%s] [%10s] [%-6s] [%.3s] %c\n", "abc", "right", "left", "truncate", 'z');

	size_t n = 10u << 20;
	unsigned char *p = malloc(n);
	if (!p) {
		printf("malloc failed\n");
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7);
	p = realloc(p, 2 * n);
	if (!p) {
		printf("realloc failed\n");
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(i * 7)) {
			printf("realloc lost data at %zu\n", i);
			return 1;
		}
	memset(p + n, 0x5a, n);
	free(p);
	void *small[1000];
	for (int i = 0; i < 1000; i++)
		small[i] = malloc((size_t)i * 13 + 1);
	for (int i = 0; i < 1000; i += 2)
		free(small[i]);
	for (int i = 1; i < 1000; i += 2)
		free(small[i]);
	printf("heap: 10 MiB malloc/realloc/free ok\n");

	printf("argc: %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d]: %s\n", i, argv[i]);
	printf("env LANG=%s MODE=%s\n", getenv("LANG"), getenv("MODE"));
	return 0;
}
