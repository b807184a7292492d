/* longargs: a command line longer than PVH's 4 KiB, with more than 128 arguments, reaches the
 * program whole: ukcc run passes it as the first module (uk/abi.h's ukcc.cmdline=module). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *l = getenv("L");
	printf("argc %d, argv[1] %s, argv[%d] %s\n", argc, argv[1], argc - 1, argv[argc - 1]);
	printf("L has %zu bytes, manifest's M=%s\n", l ? strlen(l) : 0, getenv("M"));
	return argc == 301 ? 0 : 1;
}
