/* dirs.c: directories and names: mkdir, rmdir, unlink, rename (renameat2 flags), link,
 * symlink, readlink, getdents64 (through readdir), getcwd, chdir, fchdir, and their errors. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "check.h"

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in a directory, sorted (file systems list them in different orders). */
static void list(const char *path)
{
	DIR *d = opendir(path);
	if (!d) {
		SAY("opendir(%s) = NULL %s", path, errname(errno));
		return;
	}
	char *names[64];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 64)
		names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof *names, cmp);
	printf("ls %s:", path);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static void nlink(const char *path)
{
	struct stat st;
	if (lstat(path, &st) == 0)
		SAY("  %s: nlink %ld type %o", path, (long)st.st_nlink, st.st_mode & S_IFMT);
	else
		SAY("  %s: %s", path, errname(errno));
}

static char base[4096]; /* where the test started: "/" in the guest, a temporary directory natively */

/* The working directory relative to where the test started. */
static void cwd(void)
{
	char buf[4096];
	if (!getcwd(buf, sizeof buf)) {
		SAY("getcwd = NULL %s", errname(errno));
		return;
	}
	size_t n = strlen(base);
	if (strncmp(buf, base, n))
		SAY("cwd: outside the start: %s", buf);
	else
		SAY("cwd: START%s%s", n > 1 && buf[n] ? "" : "/", buf + (n > 1 ? n : 1));
}

int main(void)
{
	getcwd(base, sizeof base);
	T(mkdir("t", 0755));
	T(chdir("t"));
	cwd();
	T(mkdir("d", 0755));
	T(mkdir("d", 0755));
	T(mkdir("d/e/f", 0755));
	T(mkdir("d/e", 0700));
	T(mkdir("d/e/", 0700));
	T(mkdir("d/e/f/", 0700));
	T(mkdir(".", 0700));
	T(mkdir("..", 0700));
	T(mkdir("/", 0700));
	nlink("d");
	nlink("d/e");
	nlink(".");
	int fd = T(open("d/file", O_CREAT | O_WRONLY, 0644));
	T(write(fd, "data", 4));
	T(close(fd));
	T(mkdir("d/file/x", 0755));
	T(mkdir("d/file", 0755));
	list("d");
	list(".");
	T(rmdir("d"));
	T(rmdir("d/file"));
	T(rmdir("d/nope"));
	T(rmdir("d/e/f/."));
	T(rmdir("d/e/f/.."));
	T(rmdir("d/e/f"));
	T(rmdir("/"));
	T(unlink("d/e"));
	T(unlink("d/nope"));
	T(unlink("d/file/"));
	T(unlink("."));
	T(unlink("d/file/x"));

	/* hard links */
	T(link("d/file", "d/file2"));
	nlink("d/file");
	T(link("d/file", "d/file2"));
	T(link("d/nope", "d/file3"));
	T(link("d/e", "d/e2"));
	T(link("d/file", "d/nodir/x"));
	T(unlink("d/file"));
	nlink("d/file2");
	fd = T(open("d/file2", O_RDONLY));
	char buf[64] = {0};
	T(read(fd, buf, sizeof buf));
	SAY("  content: %s", buf);
	T(unlink("d/file2"));
	struct stat st;
	T(fstat(fd, &st));
	SAY("  unlinked but open: nlink %ld size %lld", (long)st.st_nlink, (long long)st.st_size);
	T(lseek(fd, 0, SEEK_SET));
	T(read(fd, buf, sizeof buf));
	T(close(fd));

	/* symbolic links */
	T(symlink("e", "d/le"));
	T(symlink("e", "d/le"));
	T(symlink("", "d/empty"));
	T(symlink("/nonexistent/x", "d/abs"));
	T(symlink("le/../le", "d/loop1"));
	T(symlink("loop2", "d/loop2"));
	nlink("d/le");
	T(readlink("d/le", buf, sizeof buf));
	T(readlink("d/le", buf, 0));
	T(readlink("d/le", buf, 1));
	SAY("  truncated readlink: %c", buf[0]);
	T(readlink("d/e", buf, sizeof buf));
	T(readlink("d/nope", buf, sizeof buf));
	T(mkdir("d/le/g", 0755));
	T(access("d/e/g", F_OK));
	T(stat("d/loop2", &st));
	T(lstat("d/loop2", &st));
	T(stat("d/loop1", &st));
	T(stat("d/abs", &st));
	T(stat("d/le/", &st));
	T(lstat("d/le/", &st));
	SAY("  lstat with slash follows: dir %d", S_ISDIR(st.st_mode));
	T(unlink("d/le/"));
	T(rmdir("d/le"));
	T(chdir("d/le"));
	cwd();
	T(chdir(".."));
	cwd();
	T(chdir(".."));

	/* rename */
	fd = T(open("d/a", O_CREAT | O_WRONLY, 0644));
	T(close(fd));
	fd = T(open("d/b", O_CREAT | O_WRONLY, 0644));
	T(write(fd, "bbb", 3));
	T(close(fd));
	T(rename("d/a", "d/b"));
	T(stat("d/b", &st));
	SAY("  b size %lld", (long long)st.st_size);
	T(rename("d/nope", "d/c"));
	T(rename("d/b", "d/e"));
	T(rename("d/e", "d/b"));
	T(rename("d/e", "d/e/g/h"));
	T(rename("d/e", "d/e"));
	T(rename("d/b", "d/b"));
	T(rename("d", "d/e/x"));
	T(mkdir("d/x", 0755));
	T(mkdir("d/x/y", 0755));
	T(rename("d/e", "d/x"));
	T(rmdir("d/x/y"));
	T(rename("d/e", "d/x"));
	nlink("d");
	nlink("d/x");
	T(rename("d/x", "d/x/g/z"));
	T(rename("d/b", "d/x/g/z"));
	nlink("d/x/g/z");
	T(rename("d/x/g/z", "d/b/"));
	T(rename(".", "d/q"));
	T(rename("d/b", "."));
	T(rename("d/b", "d/nodir/x"));
	T(syscall(SYS_renameat2, AT_FDCWD, "d/x", AT_FDCWD, "d/y", 1 /* NOREPLACE */));
	T(syscall(SYS_renameat2, AT_FDCWD, "d/y", AT_FDCWD, "d/x", 1));
	fd = T(open("d/f1", O_CREAT | O_WRONLY, 0644));
	T(close(fd));
	T(syscall(SYS_renameat2, AT_FDCWD, "d/f1", AT_FDCWD, "d/y", 1));
	T(syscall(SYS_renameat2, AT_FDCWD, "d/f1", AT_FDCWD, "d/y", 2 /* EXCHANGE */));
	nlink("d/f1");
	nlink("d/y");
	T(syscall(SYS_renameat2, AT_FDCWD, "d/f1", AT_FDCWD, "d/none", 2));
	T(syscall(SYS_renameat2, AT_FDCWD, "d/f1", AT_FDCWD, "d/y", 3));
	T(syscall(SYS_renameat2, AT_FDCWD, "d/f1", AT_FDCWD, "d/y", 64));
	list("d");

	/* directory listings with many entries, and removal during a listing */
	T(mkdir("many", 0755));
	for (int i = 0; i < 40; i++) {
		char name[32];
		snprintf(name, sizeof name, "many/f%02d", i);
		close(open(name, O_CREAT | O_WRONLY, 0644));
	}
	list("many");
	DIR *dd = opendir("many");
	int seen = 0;
	for (struct dirent *e; (e = readdir(dd));) {
		seen++;
		if (seen == 5)
			for (int i = 0; i < 40; i += 2) {
				char name[32];
				snprintf(name, sizeof name, "many/f%02d", i);
				unlink(name);
			}
	}
	closedir(dd);
	SAY("  entries seen while removing half: at least 22: %d", seen >= 22);
	list("many");
	T(rmdir("many"));

	/* getdents64 directly: bad descriptors, non-directories, a small buffer */
	char dbuf[512];
	T(syscall(SYS_getdents64, 99, dbuf, sizeof dbuf));
	fd = T(open("d/f1", O_RDONLY));
	T(syscall(SYS_getdents64, fd, dbuf, sizeof dbuf));
	T(close(fd));
	fd = T(open("d", O_RDONLY | O_DIRECTORY));
	T(syscall(SYS_getdents64, fd, dbuf, 10));
	T(syscall(SYS_getdents64, 1, dbuf, sizeof dbuf));
	T(fchdir(fd));
	cwd();
	T(fchdir(99));
	T(fchdir(1));
	T(close(fd));
	fd = T(open("f1", O_RDONLY));
	T(fchdir(fd));
	T(close(fd));
	T(chdir("f1"));
	T(chdir("nope"));
	T(chdir("y"));
	cwd();
	T(chdir("../.."));
	cwd();
	/* the working directory removed under us */
	T(mkdir("gone", 0755));
	T(chdir("gone"));
	T(rmdir("../gone"));
	cwd();
	T(open("new", O_CREAT | O_WRONLY, 0644));
	T(mkdir("sub", 0755));
	T(open(".", O_RDONLY) >= 0);
	T(chdir(".."));
	cwd();
	char small[1];
	T(getcwd(small, sizeof small) != NULL);
	T(getcwd(buf, 0) != NULL);
	return 0;
}
