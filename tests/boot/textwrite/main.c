/* textwrite: the image's text is mapped read-only, so a write into a function's code faults
 * instead of silently changing the program. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) void patch(volatile unsigned char *code)
{
	*code = 0xc3;
}

int main(void)
{
	printf("writing into main's code\n");
	fflush(stdout);
	patch((volatile unsigned char *)(void *)main + atoi("0")); /* opaque to the optimiser */
	printf("still alive?\n");
	return 0;
}
