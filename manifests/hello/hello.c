/* hello.c: the example unikernel: formatted output, heap memory, arguments, environment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	char *msg = malloc(64);
	if (!msg)
		return 1;
	strcpy(msg, "Hello from a unikernel!");
	printf("%s\n", msg);
	free(msg);
	for (int i = 1; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	const char *greeting = getenv("GREETING");
	if (greeting)
		printf("GREETING = %s\n", greeting);
	return 0;
}
