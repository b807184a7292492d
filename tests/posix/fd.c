/* fd.c: the descriptor table on the console's descriptors: dup, dup2, dup3, fcntl flags
 * and descriptor flags, close, EBADF everywhere, lseek on a pipe-like stdout. */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
	struct stat st;
	T(fstat(1, &st));
	SAY("stdout is a fifo: %d", S_ISFIFO(st.st_mode));
	T(lseek(1, 0, SEEK_CUR));
	T(write(1, "direct write\n", 13));
	struct iovec v[2] = {{"vec", 3}, {"tor\n", 4}};
	T(writev(1, v, 2));
	T(writev(1, v, -1));
	T(write(99, "x", 1));
	T(write(-1, "x", 1));
	T(read(99, &st, 1));
	T(close(99));
	T(fstat(99, &st));
	T(fcntl(1, F_GETFL) & O_ACCMODE);
	T(fcntl(0, F_GETFL) & O_ACCMODE);
	T(fcntl(99, F_GETFL));
	T(fcntl(1, 12345));
	T(dup(1));
	T(dup(99));
	T(dup2(1, 10));
	T(dup2(1, 1));
	T(dup2(99, 99));
	T(dup2(1, -1));
	T(dup2(1, 100000));
	T(dup3(1, 1, 0));
	T(dup3(1, 11, 12345));
	T(dup3(1, 11, O_CLOEXEC));
	T(fcntl(11, F_GETFD));
	T(fcntl(10, F_GETFD));
	T(fcntl(10, F_SETFD, FD_CLOEXEC));
	T(fcntl(10, F_GETFD));
	T(fcntl(1, F_DUPFD, 20));
	T(fcntl(1, F_DUPFD, 20));
	T(fcntl(1, F_DUPFD_CLOEXEC, 5));
	T(fcntl(5, F_GETFD));
	T(fcntl(1, F_DUPFD, -1));
	T(fcntl(1, F_DUPFD, 1 << 30));
	T(write(10, "via 10\n", 7));
	T(write(21, "via 21\n", 7));
	T(close(10));
	T(close(10));
	T(write(10, "x", 1));
	T(fcntl(1, F_SETFL, O_NONBLOCK | O_APPEND) );
	T(fcntl(1, F_GETFL) & (O_NONBLOCK | O_APPEND | O_ACCMODE));
	T(fcntl(21, F_GETFL) & (O_NONBLOCK | O_APPEND | O_ACCMODE));
	T(fcntl(1, F_SETFL, 0));
	T(fcntl(21, F_GETFL) & (O_NONBLOCK | O_APPEND | O_ACCMODE));
	int on = 1;
	T(ioctl(1, FIOCLEX));
	T(fcntl(1, F_GETFD));
	T(ioctl(1, FIONCLEX));
	T(fcntl(1, F_GETFD));
	T(ioctl(99, FIONBIO, &on));
	T(pread(1, &st, 1, 0));
	T(pwrite(1, "x", 1, 0));
	T(pread(99, &st, 1, 0));
	T(read(1, &st, 1));
	T(write(0, "x", 1));
	T(dup(0));
	T(dup(0));
	for (int i = 0; i < 30; i++)
		close(3 + i);
	T(dup(1));
	return 0;
}
