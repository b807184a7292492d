/* main.c: a program that uses files: it must link the file-system components and nothing
 * else beyond what hello links. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int fd = open("/tmp/x", O_CREAT | O_RDWR, 0644);
	if (fd < 0 || write(fd, "x", 1) != 1)
		return 1;
	printf("open: ok\n");
	return close(fd);
}
