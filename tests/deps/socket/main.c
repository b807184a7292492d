/* socket: calls socket(), which no runtime component implements yet: the build warns, naming
 * the call and the function that makes it, and at run time the call fails with ENOSYS. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int open_conn(void)
{
	return socket(AF_INET, SOCK_STREAM, 0);
}

int main(void)
{
	int fd = open_conn();
	printf("socket: %d (%s)\n", fd, fd < 0 ? strerror(errno) : "ok");
	return 0;
}
