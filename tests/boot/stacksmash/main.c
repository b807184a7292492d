/* stacksmash: overflowing a stack buffer trips musl's canary; the run ends as abort(). */
#include <stdio.h>
#include <string.h>

__attribute__((noinline)) void overflow(const char *s)
{
	char buf[8];
	strcpy(buf, s);
	printf("copied: %s\n", buf);
}

int main(int argc, char **argv)
{
	(void)argc;
	overflow(argv[1]);
	printf("returned normally?\n");
	return 0;
}
