/* beyondram: physical addresses above the guest's RAM are not mapped (the identity map covers
 * RAM only), so a stray pointer there faults instead of reading nothing. The guest has 64 MiB;
 * 512 MiB lies well past it and inside the first GiB that the 32-bit boot code maps. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	volatile int *p = (volatile int *)(512L << 20) + atoi("0");
	printf("reading past the end of RAM\n");
	fflush(stdout);
	printf("read %d\n", *p);
	printf("still alive?\n");
	return 0;
}
