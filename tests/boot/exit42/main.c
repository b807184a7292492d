/* exit42: the exit status reaches the host. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	printf("exiting with 42\n");
	exit(42);
}
