/* main.c: a program that uses a pipe but no files: it links the pipe component, not the
 * file system. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int p[2];
	char c;
	if (pipe(p) || write(p[1], "x", 1) != 1 || read(p[0], &c, 1) != 1)
		return 1;
	printf("pipe: %c\n", c);
	return 0;
}
