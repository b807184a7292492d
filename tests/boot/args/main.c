/* args: `ukcc run IMAGE -- ARGS` replaces the manifest's arguments; --env adds variables. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		printf("[%s]\n", argv[i]);
	printf("X=%s Y=%s\n", getenv("X"), getenv("Y"));
	return argc;
}
