/* nullderef: a write through NULL ends the run with a crash report naming the function. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) void store_through(volatile int *p)
{
	*p = 1;
}

int main(void)
{
	printf("about to crash\n");
	fflush(stdout);
	store_through((volatile int *)(long)atoi("0")); /* opaque to the optimiser */
	printf("still alive?\n");
	return 0;
}
