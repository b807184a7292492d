/* rlimit.c: getrlimit, setrlimit and prlimit for RLIMIT_NOFILE (EMFILE), RLIMIT_FSIZE
 * (EFBIG with SIGXFSZ ignored; writes cut at the limit) and RLIMIT_AS (malloc returns NULL
 * and the program's own error path runs). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
	struct rlimit rl, old;
	T(getrlimit(RLIMIT_NOFILE, &old));
	rl = (struct rlimit){10, old.rlim_max};
	T(setrlimit(RLIMIT_NOFILE, &rl));
	T(getrlimit(RLIMIT_NOFILE, &rl));
	SAY("  nofile %llu", (unsigned long long)rl.rlim_cur);
	int last = -1, n = 0;
	for (;;) {
		int fd = open(".", O_RDONLY);
		if (fd < 0) {
			SAY("  opened %d, then %s", n, errname(errno));
			break;
		}
		last = fd, n++;
	}
	SAY("  last fd %d", last);
	T(dup(0));
	T(fcntl(0, F_DUPFD, 10));
	T(fcntl(0, F_DUPFD, 9) >= 0);
	T(dup2(0, 10));
	T(dup2(0, 9));
	int p[2];
	T(pipe(p));
	for (int fd = 3; fd < 10; fd++)
		close(fd);
	rl.rlim_cur = 20;
	rl.rlim_max = 5;
	T(setrlimit(RLIMIT_NOFILE, &rl));
	T(setrlimit(RLIMIT_NOFILE, &old));
	T(prlimit(0, RLIMIT_NOFILE, NULL, &rl));
	T(rl.rlim_cur == old.rlim_cur);
	T(getrlimit(9999, &rl));
	T(prlimit(12345, RLIMIT_NOFILE, NULL, &rl));

	/* RLIMIT_FSIZE */
	signal(SIGXFSZ, SIG_IGN);
	rl = (struct rlimit){1000, RLIM_INFINITY};
	T(setrlimit(RLIMIT_FSIZE, &rl));
	int fd = T(open("big", O_CREAT | O_RDWR, 0644));
	char buf[4096];
	memset(buf, 'b', sizeof buf);
	T(write(fd, buf, 600));
	T(write(fd, buf, 600));
	T(write(fd, buf, 600));
	T(write(fd, buf, 0));
	T(pwrite(fd, buf, 10, 995));
	T(ftruncate(fd, 2000));
	T(ftruncate(fd, 500));
	T(lseek(fd, 0, SEEK_END));
	T(close(fd));
	T(truncate("big", 5000));
	rl.rlim_cur = RLIM_INFINITY;
	T(setrlimit(RLIMIT_FSIZE, &rl));
	T(truncate("big", 5000));

	/* RLIMIT_AS: malloc fails cleanly, the program carries on */
	rl = (struct rlimit){256 << 20, RLIM_INFINITY};
	T(setrlimit(RLIMIT_AS, &rl));
	static void *volatile keep; /* so that the compiler cannot drop the calls */
	void *big = keep = malloc(512 << 20);
	SAY("  malloc(512 MiB) under a 256 MiB limit: %s", big ? "succeeded" : "NULL");
	void *small = keep = malloc(1 << 20);
	SAY("  malloc(1 MiB): %s", small ? "succeeded" : "NULL");
	T(mmap(NULL, 300 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
	free(small);
	return 0;
}
