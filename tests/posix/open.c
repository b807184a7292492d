/* open.c: open/openat/creat flags and their errors, read/write/lseek/pread/pwrite on a
 * regular file, O_APPEND, O_TRUNC, O_EXCL, O_DIRECTORY, O_NOFOLLOW, O_PATH, fstat sizes. */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static void show_stat(const char *path)
{
	struct stat st;
	if (T(stat(path, &st)) == 0)
		SAY("  %s: mode %o size %lld nlink %ld uid %d gid %d", path, st.st_mode,
		    (long long)st.st_size, (long)st.st_nlink, st.st_uid, st.st_gid);
}

int main(void)
{
	char buf[64];
	T(mkdir("w", 0755));
	T(chdir("w"));
	T(umask(022));
	T(open("nope", O_RDONLY));
	T(open("", O_RDONLY));
	int fd = T(open("a", O_CREAT | O_WRONLY, 0666));
	show_stat("a");
	T(write(fd, "hello world", 11));
	T(read(fd, buf, 5));
	T(lseek(fd, 0, SEEK_CUR));
	T(lseek(fd, -5, SEEK_END));
	T(write(fd, "WORLD", 5));
	T(lseek(fd, -1, SEEK_SET));
	T(lseek(fd, 0, 99));
	T(lseek(fd, 100, SEEK_SET));
	T(write(fd, "!", 1));
	show_stat("a");
	T(close(fd));
	fd = T(open("a", O_RDONLY));
	memset(buf, 0, sizeof buf);
	T(read(fd, buf, sizeof buf));
	SAY("  read: %.11s, byte 50 = %d", buf, buf[50]);
	T(lseek(fd, 100, SEEK_SET));
	T(read(fd, buf, 10));
	SAY("  last: %c", buf[0]);
	T(read(fd, buf, 10));
	T(write(fd, "x", 1));
	T(pread(fd, buf, 5, 6));
	SAY("  pread: %.5s", buf);
	T(pread(fd, buf, 5, -1));
	T(lseek(fd, 0, SEEK_CUR));
	T(close(fd));
	fd = T(open("a", O_RDWR | O_APPEND));
	T(lseek(fd, 0, SEEK_SET));
	T(write(fd, "++", 2));
	T(lseek(fd, 0, SEEK_CUR));
	T(pwrite(fd, "--", 2, 0));
	show_stat("a");
	T(fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND));
	T(close(fd));
	T(open("a", O_CREAT | O_EXCL | O_RDWR, 0600));
	fd = T(open("a", O_RDWR | O_TRUNC));
	show_stat("a");
	T(close(fd));
	fd = T(creat("b", 0777));
	show_stat("b");
	T(read(fd, buf, 1));
	T(close(fd));
	T(open("a", O_RDONLY | O_DIRECTORY));
	T(open("a/", O_RDONLY));
	T(open("a/x", O_RDONLY));
	T(open("a/x", O_CREAT | O_RDWR, 0644));
	T(open("newdir/", O_CREAT | O_RDWR, 0644));
	T(open(".", O_RDWR));
	T(open(".", O_CREAT | O_RDONLY, 0644));
	T(open(".", O_WRONLY));
	fd = T(open(".", O_RDONLY));
	T(read(fd, buf, 1));
	T(write(fd, buf, 1));
	T(close(fd));
	fd = T(open("..", O_RDONLY | O_DIRECTORY));
	T(close(fd));
	T(symlink("a", "la"));
	T(symlink("missing", "dangling"));
	T(open("la", O_RDONLY | O_NOFOLLOW));
	fd = T(open("la", O_RDONLY));
	T(close(fd));
	fd = T(open("dangling", O_CREAT | O_WRONLY, 0640));
	T(close(fd));
	show_stat("missing");
	T(symlink("missing2", "dangling2"));
	T(open("dangling2", O_CREAT | O_EXCL | O_WRONLY, 0640));
	fd = T(open("la", O_PATH | O_NOFOLLOW));
	struct stat st;
	T(fstat(fd, &st));
	SAY("  O_PATH of a symlink: is link %d", S_ISLNK(st.st_mode));
	T(read(fd, buf, 1));
	T(fcntl(fd, F_GETFL) & O_PATH ? 1 : 0);
	T(close(fd));
	fd = T(open("a", O_PATH));
	T(read(fd, buf, 1));
	T(write(fd, buf, 1));
	T(fstat(fd, &st));
	T(close(fd));
	int d = T(open(".", O_RDONLY | O_DIRECTORY));
	fd = T(openat(d, "c", O_CREAT | O_RDWR, 0600));
	T(close(fd));
	T(openat(d, "nope", O_RDONLY));
	T(openat(99, "c", O_RDONLY));
	T(openat(1, "c", O_RDONLY));
	char abs[4200];
	getcwd(abs, sizeof abs - 8);
	strcat(abs, "/c");
	fd = openat(1, abs, O_RDONLY); /* an absolute path ignores dirfd */
	SAY("openat(1, ABSOLUTE, O_RDONLY) >= 0: %d", fd >= 0);
	T(close(fd));
	fd = T(openat(AT_FDCWD, "c", O_RDONLY));
	T(close(fd));
	T(openat(fd, "c", O_RDONLY));
	T(close(d));
	show_stat("c");
	char longname[300];
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = 0;
	T(open(longname, O_CREAT | O_RDWR, 0600));
	longname[255] = 0;
	fd = T(open(longname, O_CREAT | O_RDWR, 0600));
	T(close(fd));
	T(unlink(longname));
	static char longpath[5000];
	for (int i = 0; i < 4999; i++)
		longpath[i] = i % 2 ? '/' : 'x';
	T(open(longpath, O_RDONLY));
	T(open("a", O_RDONLY | O_CREAT | O_DIRECTORY, 0600));
	return 0;
}
