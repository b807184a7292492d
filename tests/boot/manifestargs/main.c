/* manifestargs: the manifest's argv and environment reach main as written, empty strings
 * included (an empty argument once ended argv early). */
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		printf("[%s]\n", argv[i]);
	printf("argv[argc] %s\n", argv[argc] ? "set" : "NULL");
	for (char **e = environ; *e; e++)
		printf("{%s}\n", *e);
	return argc;
}
