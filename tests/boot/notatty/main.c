/* notatty: with stdout redirected on the host, the guest's console is not a terminal either
 * (isatty, TIOCGWINSZ), so musl buffers stdout as it would for a pipe. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(void)
{
	struct winsize ws;
	int r = ioctl(1, TIOCGWINSZ, &ws);
	printf("isatty(0)=%d isatty(1)=%d\n", isatty(0), isatty(1));
	printf("TIOCGWINSZ: %d %s\n", r, r ? strerror(errno) : "");
	return 0;
}
