/* enosys: a system call no component implements fails with ENOSYS, as Linux does for a call
 * it lacks, and the program carries on. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	long r = syscall(SYS_fork);
	printf("fork: %ld errno=%s\n", r, strerror(errno));
	r = syscall(400000);
	printf("400000: %ld errno=%s\n", r, strerror(errno));
	return 0;
}
