/* dataexec: data and heap pages are mapped non-executable, so jumping into them faults. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	unsigned char *buf = malloc(64);
	memset(buf, 0xc3, 64); /* ret: would return harmlessly if it ran */
	printf("calling into the heap\n");
	fflush(stdout);
	((void (*)(void))buf)();
	printf("still alive?\n");
	return 0;
}
