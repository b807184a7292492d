/* bulkcrash: a crash after the console has moved to the virtio console (vconsole): the
 * crash report still arrives, on stderr, after the output that came before it. */
#include <stdio.h>
#include <string.h>

int main(void)
{
	char line[1000];
	memset(line, 'a', sizeof line - 1);
	line[sizeof line - 1] = 0;
	for (int i = 0; i < 10; i++)
		puts(line);
	puts("last line before the crash");
	fflush(stdout);
	volatile int *p = 0;
	return *p;
}
