/* Freeing a block twice is caught at the second free, naming the caller: a small block, or
 * with argv[1] "large" one of 20 KiB (kept for reuse after the first free). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) static void release(char *p)
{
	free(p);
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 && !strcmp(argv[1], "large") ? 20000 : 40;
	char *keep = malloc(n), *p = malloc(n);
	release(p);
	puts("freed once");
	fflush(stdout);
	release(p);
	puts("freed twice");
	free(keep);
	return 0;
}
