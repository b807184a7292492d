/* at.c: the *at calls with directory descriptors (openat, mkdirat, unlinkat, renameat,
 * linkat, symlinkat, readlinkat, fchmodat, faccessat, fstatat, utimensat), AT_EMPTY_PATH and
 * O_PATH descriptors, long symlink chains (ELOOP), names and paths too long, readv/writev
 * on files, O_CLOEXEC, and /dev/stdin. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
	T(mkdir("top", 0755));
	int d = T(open("top", O_RDONLY | O_DIRECTORY));
	T(mkdirat(d, "sub", 0700));
	T(mkdirat(d, "sub", 0700));
	int f = T(openat(d, "sub/file", O_CREAT | O_RDWR | O_CLOEXEC, 0600));
	T(fcntl(f, F_GETFD));
	T(fcntl(f, F_GETFL) & (O_ACCMODE | O_APPEND));
	struct iovec v[3] = {{"one ", 4}, {"", 0}, {"two\n", 4}};
	T(writev(f, v, 3));
	T(lseek(f, 0, SEEK_SET));
	char a[3] = {0}, b[16] = {0};
	struct iovec r[2] = {{a, 2}, {b, sizeof b - 1}};
	T(readv(f, r, 2));
	SAY("  readv: %.2s|%s", a, b);
	T(readv(f, r, 2));
	T(symlinkat("sub/file", d, "lnk"));
	char buf[PATH_MAX];
	ssize_t n = T(readlinkat(d, "lnk", buf, sizeof buf));
	SAY("  target %.*s", (int)n, buf);
	T(readlinkat(d, "sub", buf, sizeof buf));
	T(linkat(d, "sub/file", d, "hard", 0));
	T(linkat(d, "lnk", d, "hard2", 0));
	T(linkat(d, "lnk", d, "hard3", AT_SYMLINK_FOLLOW));
	struct stat st;
	T(fstatat(d, "hard2", &st, AT_SYMLINK_NOFOLLOW));
	SAY("  hard2 is a link: %d", S_ISLNK(st.st_mode));
	T(fstatat(d, "hard3", &st, AT_SYMLINK_NOFOLLOW));
	SAY("  hard3 is a file with %ld links", (long)st.st_nlink);
	T(linkat(d, "sub", d, "subdir2", 0));
	T(linkat(d, "hard", d, "x", 0x9999));
	T(renameat(d, "hard", d, "sub/renamed"));
	T(faccessat(d, "sub/renamed", R_OK, 0));
	T(fchmodat(d, "sub/renamed", 0400, 0));
	T(fstatat(d, "sub/renamed", &st, 0));
	SAY("  mode %o", st.st_mode & 07777);
	T(unlinkat(d, "sub", 0));
	T(unlinkat(d, "sub", AT_REMOVEDIR));
	T(unlinkat(d, "lnk", AT_REMOVEDIR));
	T(unlinkat(d, "lnk", 0));
	T(unlinkat(d, "lnk", 0x9999));
	/* O_PATH descriptors as dirfd, and AT_EMPTY_PATH */
	int p = T(open("top/sub", O_PATH));
	T(fstatat(p, "", &st, AT_EMPTY_PATH));
	SAY("  O_PATH dir: %d", S_ISDIR(st.st_mode));
	T(faccessat(p, "renamed", F_OK, 0));
	int g = T(openat(p, "renamed", O_RDONLY));
	T(close(g));
	T(fchdir(p));
	T(access("renamed", F_OK));
	T(chdir("../.."));
	/* (fchmod on an O_PATH descriptor: musl retries through /proc/self/fd, which the
	 * runtime does not have yet.) */
	T(fstatat(p, "", &st, 0));
	T(linkat(f, "", d, "byfd", AT_EMPTY_PATH));
	T(close(p));
	/* chains of symbolic links: 40 are followed, the 41st is ELOOP */
	T(mkdir("chain", 0755));
	T(symlink("target", "chain/l0"));
	int t = T(open("chain/target", O_CREAT | O_WRONLY, 0644));
	T(close(t));
	for (int i = 1; i <= 41; i++) {
		char from[32], to[32];
		snprintf(from, sizeof from, "l%d", i - 1);
		snprintf(to, sizeof to, "chain/l%d", i);
		symlink(from, to);
	}
	T(stat("chain/l39", &st));
	T(stat("chain/l40", &st));
	T(stat("chain/l41", &st));
	T(lstat("chain/l41", &st));
	T(symlink("self", "chain/self"));
	T(open("chain/self", O_RDONLY));
	T(open("chain/self", O_CREAT | O_WRONLY, 0644));
	T(symlink("../chain/./target", "chain/rel"));
	T(stat("chain/rel", &st));
	T(symlink("target/", "chain/slash"));
	T(stat("chain/slash", &st));
	/* names and paths too long, in a symlink's expansion too */
	char name[300];
	memset(name, 'a', sizeof name);
	name[256] = 0;
	T(mkdir(name, 0755));
	T(symlink(name, "longlink"));
	T(stat("longlink", &st));
	T(lstat("longlink", &st));
	static char target[PATH_MAX + 10];
	memset(target, 'b', sizeof target);
	target[PATH_MAX] = 0;
	T(symlink(target, "toolong"));
	target[PATH_MAX - 1] = 0;
	T(symlink(target, "fits"));
	for (int i = 0; i < PATH_MAX - 1; i += 2)
		target[i] = 'c', target[i + 1] = '/';
	target[PATH_MAX - 4] = 0;
	T(symlink(target, "deep"));
	T(stat("deep/x/y", &st));
	/* /dev/stdin is the file on descriptor 0 */
	int in = T(open("/dev/stdin", O_RDONLY));
	/* A line, a read at a time: the console, like a pipe, may return it in pieces. */
	n = 0;
	while (n < (ssize_t)sizeof buf && read(in, buf + n, 1) == 1 && buf[n] != '\n')
		n++;
	SAY("  stdin: %.*s", (int)n, buf);
	T(close(in));
	T(close(0));
	T(open("/dev/stdin", O_RDONLY));
	return 0;
}
