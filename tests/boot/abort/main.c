/* abort: abort() ends the run as SIGABRT would (134), with the reason on stderr. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	printf("aborting\n");
	fflush(stdout);
	abort();
}
