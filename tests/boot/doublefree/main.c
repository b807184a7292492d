/* Freeing a block twice is caught at the second free, with the caller in the backtrace. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static void release(char *p)
{
	free(p);
}

int main(void)
{
	char *keep = malloc(40), *p = malloc(40);
	release(p);
	puts("freed once");
	fflush(stdout);
	release(p);
	puts("freed twice");
	free(keep);
	return 0;
}
