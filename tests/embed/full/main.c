/* main.c: fills the in-memory file system until ENOSPC, as its manifest limits it to 1 MiB,
 * then shows the space comes back when the file is removed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static char buf[65536];
	memset(buf, 'x', sizeof buf);
	int fd = open("/tmp/fill", O_CREAT | O_WRONLY, 0644);
	long total = 0, r;
	while ((r = write(fd, buf, sizeof buf)) > 0)
		total += r;
	printf("wrote %s 512K, under 1M; then %s\n", total > 512 * 1024 && total < 1024 * 1024 ? "over" : "NOT over",
	       r < 0 && errno == ENOSPC ? "ENOSPC" : strerror(errno));
	close(fd);
	printf("another file: %s\n", open("/tmp/other", O_CREAT | O_WRONLY, 0644) >= 0 ? "created" : strerror(errno));
	unlink("/tmp/fill");
	fd = open("/tmp/again", O_CREAT | O_WRONLY, 0644);
	printf("after unlink: %s\n", write(fd, buf, sizeof buf) == sizeof buf ? "space again" : strerror(errno));
	return 0;
}
