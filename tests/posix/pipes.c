/* pipes.c: pipe and pipe2, blocking and non-blocking transfers, capacity, EOF, EPIPE with
 * SIGPIPE ignored, FIONREAD, fstat, F_GETFL, and eventfd. */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
	int p[2], n;
	char buf[70000];
	T(pipe(p));
	SAY("  fds %d %d", p[0], p[1]);
	T(fcntl(p[0], F_GETFL) & O_ACCMODE);
	T(fcntl(p[1], F_GETFL) & O_ACCMODE);
	struct stat st;
	T(fstat(p[0], &st));
	SAY("  fifo %d", S_ISFIFO(st.st_mode));
	T(write(p[1], "hello", 5));
	T(ioctl(p[0], FIONREAD, &n));
	SAY("  FIONREAD %d", n);
	T(read(p[0], buf, 3));
	T(read(p[0], buf, 100));
	T(read(p[1], buf, 1));
	T(write(p[0], "x", 1));
	T(lseek(p[0], 0, SEEK_CUR));
	T(pread(p[0], buf, 1, 0));
	T(fcntl(p[0], F_SETFL, O_NONBLOCK));
	T(read(p[0], buf, 1));
	T(fcntl(p[1], F_SETFL, O_NONBLOCK));
	memset(buf, 'a', sizeof buf);
	long total = 0;
	for (;;) {
		long r = write(p[1], buf, 1000);
		if (r < 0) {
			SAY("  filled with %ld bytes, then %s", total, errname(errno));
			break;
		}
		total += r;
	}
	T(write(p[1], buf, 1));
	T(ioctl(p[0], FIONREAD, &n));
	SAY("  FIONREAD %d", n);
	T(read(p[0], buf, sizeof buf));
	T(read(p[0], buf, sizeof buf));
	T(write(p[1], buf, 70000));
	T(read(p[0], buf, sizeof buf));
	T(close(p[1]));
	T(read(p[0], buf, 1));
	T(close(p[0]));

	T(pipe2(p, O_CLOEXEC | O_NONBLOCK));
	T(fcntl(p[0], F_GETFD));
	T(fcntl(p[0], F_GETFL) & O_NONBLOCK);
	T(pipe2(p, 12345));
	signal(SIGPIPE, SIG_IGN);
	T(close(p[0]));
	T(write(p[1], "x", 1));
	T(close(p[1]));

	/* a dup'ed write end keeps the pipe open */
	T(pipe(p));
	int w2 = T(dup(p[1]));
	T(close(p[1]));
	T(write(w2, "abc", 3));
	T(close(w2));
	T(read(p[0], buf, 10));
	T(read(p[0], buf, 10));
	T(close(p[0]));

	/* stdio over a pipe */
	T(pipe(p));
	FILE *w = fdopen(p[1], "w");
	fprintf(w, "line %d\n", 42);
	fclose(w);
	FILE *r = fdopen(p[0], "r");
	char line[64] = {0};
	fgets(line, sizeof line, r);
	SAY("  got: %s", strtok(line, "\n"));
	SAY("  then EOF: %d", fgets(line, sizeof line, r) == NULL);
	fclose(r);

	/* eventfd */
	int e = T(eventfd(3, 0));
	uint64_t v;
	T(read(e, &v, 8));
	SAY("  value %llu", (unsigned long long)v);
	T(read(e, &v, 4));
	v = 5;
	T(write(e, &v, 8));
	v = 2;
	T(write(e, &v, 8));
	T(read(e, &v, 8));
	SAY("  value %llu", (unsigned long long)v);
	v = ~0ULL;
	T(write(e, &v, 8));
	T(fcntl(e, F_SETFL, O_NONBLOCK));
	T(read(e, &v, 8));
	v = 0xfffffffffffffffeULL;
	T(write(e, &v, 8));
	v = 1;
	T(write(e, &v, 8));
	T(close(e));
	e = T(eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC));
	T(fcntl(e, F_GETFD));
	T(read(e, &v, 8));
	SAY("  value %llu", (unsigned long long)v);
	T(read(e, &v, 8));
	T(read(e, &v, 8));
	T(eventfd(0, 0x12345));
	return 0;
}
