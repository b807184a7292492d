/* free() of pointers malloc never returned: inside a block, and a large block's interior.
 * Each run frees one kind, chosen by argv[1]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	/* Through volatile, or clang drops the allocations and the frees with them. */
	char *volatile small = malloc(100), *volatile large = malloc(1 << 20);
	puts("allocated");
	fflush(stdout);
	if (argc > 1 && !strcmp(argv[1], "large"))
		free(large + 4096);
	else
		free(small + 16);
	puts("freed");
	return 0;
}
