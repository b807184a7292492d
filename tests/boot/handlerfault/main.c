/* handlerfault: a SIGSEGV handler that itself faults ends the run with a crash report (the
 * signal is blocked inside its handler, so Linux would kill the process), never a hang. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void handler(int sig)
{
	(void)sig;
	printf("in the handler\n");
	fflush(stdout);
	*(volatile int *)(uintptr_t)atoi("8") = 2;
}

int main(void)
{
	signal(SIGSEGV, handler);
	*(volatile int *)(uintptr_t)atoi("4") = 1;
	printf("after the fault?\n");
	return 0;
}
