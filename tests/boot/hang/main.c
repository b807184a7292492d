/* hang: a program that never exits is ended by --timeout with its own status. */
#include <stdio.h>

int main(void)
{
	printf("spinning\n");
	fflush(stdout);
	for (volatile unsigned long i = 0;; i++)
		;
}
