/* statfs: the in-memory root answers as tmpfs does (its size limit as its size), statvfs
 * agrees, a pipe is on pipefs, a missing path is ENOENT. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

int main(void)
{
	struct statfs s, f;
	if (statfs("/tmp", &s))
		return perror("statfs"), 1;
	printf("type %#lx bsize %ld namelen %ld\n", (unsigned long)s.f_type, (long)s.f_bsize, (long)s.f_namelen);
	printf("sizes sane: %d\n", s.f_blocks > 0 && s.f_bfree <= s.f_blocks && s.f_bavail == s.f_bfree);
	/* Writing a file takes space. */
	int fd = open("/tmp/x", O_CREAT | O_WRONLY, 0600);
	char buf[65536] = {1};
	for (int i = 0; i < 16; i++)
		write(fd, buf, sizeof buf);
	if (fstatfs(fd, &f))
		return perror("fstatfs"), 1;
	printf("1 MiB written, free blocks fell by at least 256: %d\n", s.f_bfree - f.f_bfree >= 256);
	struct statvfs v;
	printf("statvfs agrees: %d\n", !statvfs("/", &v) && v.f_blocks == s.f_blocks && v.f_bsize == 4096);
	int p[2];
	pipe(p);
	printf("pipe: %#lx\n", fstatfs(p[0], &f) ? 0UL : (unsigned long)f.f_type);
	printf("missing: %s\n", statfs("/nonexistent", &f) ? strerror(errno) : "found?");
	return 0;
}
