/* stderr: under `ukcc run` the guest's stderr is the host's stderr, separate from stdout but in
 * the order the program wrote them; bytes equal to the console's escape (0x10) pass through
 * on both; the runtime's own messages go to stderr; the descriptors are pipes, not terminals. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("out 1\n");
	fprintf(stderr, "err 1\n");
	printf("out 2 [\x10]\n");
	fprintf(stderr, "err 2 [\x10\x10]\n");
	write(1, "out 3\n", 6);
	write(2, "err 3\n", 6);
	printf("isatty: %d %d %d\n", isatty(0), isatty(1), isatty(2));
	return 5;
}
