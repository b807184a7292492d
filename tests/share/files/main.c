/* files: the guest side of tests/share. Built twice by the test: with ukcc (booted with a
 * shared directory) and natively, so that `ops` can be diffed against what Linux itself
 * answers on the same host directory.
 *   files write PATH BYTES SEED   write pseudo-random bytes in odd-sized pieces, print sha256
 *   files read PATH               read a file in odd-sized pieces, print its size and sha256
 *   files ops DIR                 file operations and their errno values inside DIR
 *   files ro DIR                  every kind of write to a read-only share: EROFS
 *   files escape DIR              ways out of DIR through "..": none may reach the host
 *   files cwd                     relative paths against the working directory
 *   files threads DIR             four threads writing, reading and listing at once
 *   files try PATH                open, write and remove a file the host protects */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "sha256.h"

static const char *ename(int e)
{
	static const struct {
		int e;
		const char *name;
	} t[] = {{ENOENT, "ENOENT"}, {EEXIST, "EEXIST"}, {ENOTDIR, "ENOTDIR"}, {EISDIR, "EISDIR"},
		 {ENOTEMPTY, "ENOTEMPTY"}, {EROFS, "EROFS"}, {EACCES, "EACCES"}, {EPERM, "EPERM"},
		 {EINVAL, "EINVAL"}, {EBADF, "EBADF"}, {EXDEV, "EXDEV"}, {ELOOP, "ELOOP"},
		 {ENAMETOOLONG, "ENAMETOOLONG"}, {EBUSY, "EBUSY"}, {ENOSYS, "ENOSYS"}, {ENXIO, "ENXIO"}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (t[i].e == e)
			return t[i].name;
	static char buf[32];
	snprintf(buf, sizeof buf, "errno %d", e);
	return buf;
}

/* Prints "what: ok" or "what: ENAME" for a call's result. */
static long show(const char *what, long rc)
{
	printf("%s: %s\n", what, rc < 0 ? ename(errno) : "ok");
	return rc;
}

static uint64_t rng;
static uint8_t next_byte(void)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return (uint8_t)(rng >> 32);
}

static int cmd_write(const char *path, long size, unsigned long seed)
{
	static uint8_t buf[70000];
	struct sha256 s;
	sha256_init(&s);
	rng = seed * 0x9e3779b97f4a7c15ULL + 1;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return perror(path), 1;
	for (long done = 0; done < size;) {
		long n = size - done < 65537 ? size - done : 65537; /* odd pieces: no aligned luck */
		for (long i = 0; i < n; i++)
			buf[i] = next_byte();
		sha256_update(&s, buf, (size_t)n);
		if (write(fd, buf, (size_t)n) != n)
			return perror("write"), 1;
		done += n;
	}
	if (close(fd) < 0)
		return perror("close"), 1;
	char hex[65];
	sha256_hex(&s, hex);
	printf("wrote %ld %s\n", size, hex);
	return 0;
}

static int cmd_read(const char *path)
{
	static uint8_t buf[70000];
	struct sha256 s;
	sha256_init(&s);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return perror(path), 1;
	long total = 0, n;
	while ((n = read(fd, buf, 40009)) > 0) {
		sha256_update(&s, buf, (size_t)n);
		total += n;
	}
	if (n < 0)
		return perror("read"), 1;
	close(fd);
	char hex[65];
	sha256_hex(&s, hex);
	printf("read %ld %s\n", total, hex);
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		show("opendir", -1);
		return;
	}
	char *names[64];
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 64)
		names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof names[0], cmp_names);
	printf("%s:", dir);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

static int cmd_ops(const char *dir)
{
	if (chdir(dir) < 0)
		return perror(dir), 1;
	struct stat st;
	char buf[64];
	show("open missing", open("missing", O_RDONLY));
	show("mkdir d", mkdir("d", 0755));
	show("mkdir d again", mkdir("d", 0755));
	int fd = (int)show("create d/f", open("d/f", O_WRONLY | O_CREAT | O_EXCL, 0600));
	show("write d/f", write(fd, "hello, 9p\n", 10));
	show("close d/f", close(fd));
	show("create d/f again (O_EXCL)", open("d/f", O_WRONLY | O_CREAT | O_EXCL, 0600));
	if (!show("stat d/f", stat("d/f", &st)))
		printf("  size %lld mode %o nlink %lu\n", (long long)st.st_size, st.st_mode, (unsigned long)st.st_nlink);
	show("open d/f/x", open("d/f/x", O_RDONLY));
	show("open d for writing", open("d", O_WRONLY));
	show("rmdir d (not empty)", rmdir("d"));
	show("unlink d (a directory)", unlink("d"));
	fd = (int)show("open d/f O_APPEND", open("d/f", O_WRONLY | O_APPEND));
	show("append", write(fd, "more\n", 5));
	close(fd);
	fd = (int)show("open d/f O_RDWR", open("d/f", O_RDWR));
	show("pwrite at 2", pwrite(fd, "LL", 2, 2));
	memset(buf, 0, sizeof buf);
	show("pread", pread(fd, buf, sizeof buf - 1, 0));
	printf("  content '%s'\n", strtok(buf, "\n"));
	printf("  lseek end %ld\n", (long)lseek(fd, 0, SEEK_END));
	show("fsync", fsync(fd));
	show("ftruncate 4", ftruncate(fd, 4));
	show("fstat", fstat(fd, &st));
	printf("  size %lld\n", (long long)st.st_size);
	close(fd);
	show("chmod 0640", chmod("d/f", 0640));
	stat("d/f", &st);
	printf("  mode %o\n", st.st_mode & 07777);
	struct timespec times[2] = {{1000000000, 0}, {1234567890, 500}};
	show("utimensat", utimensat(AT_FDCWD, "d/f", times, 0));
	stat("d/f", &st);
	printf("  mtime %ld.%09ld\n", (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	show("symlink d/l -> f", symlink("f", "d/l"));
	ssize_t n = readlink("d/l", buf, sizeof buf);
	printf("  readlink '%.*s'\n", n > 0 ? (int)n : 0, buf);
	show("lstat d/l", lstat("d/l", &st));
	printf("  is link %d\n", S_ISLNK(st.st_mode));
	show("link d/h", link("d/f", "d/h"));
	stat("d/f", &st);
	printf("  nlink %lu\n", (unsigned long)st.st_nlink);
	show("rename d/h d/g", rename("d/h", "d/g"));
	show("rename d/g over d/f (the same file)", rename("d/g", "d/f"));
	show("rename d/missing", rename("d/missing", "d/x"));
	show("mkdir d/sub", mkdir("d/sub", 0700));
	show("rename file over dir", rename("d/f", "d/sub"));
	list("d");
	show("host file", cmd_read("host.txt") ? -1 : 0);
	show("unlink d/f", unlink("d/f"));
	show("unlink d/g", unlink("d/g"));
	show("unlink d/l", unlink("d/l"));
	show("rmdir d/sub", rmdir("d/sub"));
	show("rmdir d", rmdir("d"));
	show("stat d", stat("d", &st));
	/* A file stays usable through its descriptor after its name is gone. */
	fd = (int)show("create gone", open("gone", O_RDWR | O_CREAT | O_TRUNC, 0644));
	show("write gone", write(fd, "abcdef", 6));
	show("unlink gone", unlink("gone"));
	show("fstat unlinked", fstat(fd, &st));
	printf("  size %lld nlink %lu\n", (long long)st.st_size, (unsigned long)st.st_nlink);
	show("pwrite unlinked", pwrite(fd, "XY", 2, 1));
	memset(buf, 0, sizeof buf);
	show("pread unlinked", pread(fd, buf, sizeof buf - 1, 0));
	printf("  content '%s'\n", buf);
	/* (ftruncate here fails with ENOENT: QEMU 7.2 truncates by path, even for an open fid) */
	show("close unlinked", close(fd));
	return 0;
}

static int cmd_ro(const char *dir)
{
	char p[512];
	struct stat st;
	snprintf(p, sizeof p, "%s/host.txt", dir);
	show("read host.txt", cmd_read(p) ? -1 : 0);
	show("open O_WRONLY", open(p, O_WRONLY));
	show("open O_RDWR", open(p, O_RDWR));
	show("truncate", truncate(p, 0));
	show("chmod", chmod(p, 0600));
	show("unlink", unlink(p));
	snprintf(p, sizeof p, "%s/new", dir);
	show("create", open(p, O_WRONLY | O_CREAT, 0644));
	show("mkdir", mkdir(p, 0755));
	show("symlink", symlink("x", p));
	show("stat new (nothing created)", stat(p, &st));
	return 0;
}

/* The host keeps a file named secret next to the shared directory; the share holds the
 * symbolic links up -> .. and abs -> the host's path to the share's parent. */
static int cmd_escape(const char *dir)
{
	char p[512];
	const char *tries[] = {"../secret", "../../secret", "sub/../../secret", "up/secret",
			       "up/up/secret", "abs/secret", "./../secret"};
	for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
		snprintf(p, sizeof p, "%s/%s", dir, tries[i]);
		int fd = open(p, O_RDONLY);
		char what[64];
		snprintf(what, sizeof what, "open %s", tries[i]);
		show(what, fd);
		if (fd >= 0) {
			char buf[64] = {0};
			read(fd, buf, sizeof buf - 1);
			printf("  read '%s'\n", strtok(buf, "\n"));
			close(fd);
		}
	}
	if (chdir(dir) < 0)
		return perror(dir), 1;
	for (int i = 0; i < 16; i++)
		chdir("..");
	char cwd[512];
	printf("cwd after 16x chdir(..): %s\n", getcwd(cwd, sizeof cwd) ? cwd : ename(errno));
	show("open secret from there", open("secret", O_RDONLY));
	return 0;
}

static int cmd_cwd(void)
{
	char cwd[512];
	printf("cwd %s\n", getcwd(cwd, sizeof cwd) ? cwd : ename(errno));
	FILE *f = fopen("rel.txt", "w");
	if (!f)
		return perror("rel.txt"), 1;
	fputs("written relative\n", f);
	fclose(f);
	show("mkdir sub", mkdir("sub", 0755));
	show("chdir sub", chdir("sub"));
	show("read ../rel.txt", cmd_read("../rel.txt") ? -1 : 0);
	show("rename ../rel.txt moved.txt", rename("../rel.txt", "moved.txt"));
	printf("cwd %s\n", getcwd(cwd, sizeof cwd) ? cwd : ename(errno));
	return 0;
}

/* Each thread writes its own 1 MiB file in pieces, then reads it back and compares, while the
 * others do the same: requests from several threads share one 9p connection. */
struct job {
	char path[512];
	int id;
	int bad;
};

static void *worker(void *p)
{
	struct job *j = p;
	static __thread uint8_t buf[8192], back[8192];
	int fd = open(j->path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return j->bad = 1, NULL;
	for (int k = 0; k < 128 && !j->bad; k++) {
		memset(buf, 'a' + (j->id + k) % 26, sizeof buf);
		j->bad |= write(fd, buf, sizeof buf) != sizeof buf;
		struct stat st;
		j->bad |= stat(j->path, &st) < 0;
	}
	for (int k = 0; k < 128 && !j->bad; k++) {
		memset(buf, 'a' + (j->id + k) % 26, sizeof buf);
		j->bad |= pread(fd, back, sizeof back, (off_t)k * (off_t)sizeof back) != sizeof back ||
			  memcmp(buf, back, sizeof buf);
	}
	close(fd);
	j->bad |= unlink(j->path) < 0;
	return NULL;
}

static int cmd_threads(const char *dir)
{
	pthread_t t[4];
	struct job jobs[4];
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){.id = i};
		snprintf(jobs[i].path, sizeof jobs[i].path, "%s/t%d", dir, i);
		if (pthread_create(&t[i], NULL, worker, &jobs[i]))
			return perror("pthread_create"), 1;
	}
	int bad = 0;
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		bad |= jobs[i].bad;
	}
	list(dir);
	printf("threads: %s\n", bad ? "FAILED" : "ok");
	return bad;
}

/* Each answer here is the host's own (an immutable or unreadable file): the guest's VFS lets
 * root through, so the errno can only come from the host's Rlerror. */
static int cmd_try(const char *path)
{
	int fd = (int)show("open O_RDONLY", open(path, O_RDONLY));
	if (fd >= 0)
		close(fd);
	fd = (int)show("open O_WRONLY", open(path, O_WRONLY));
	if (fd >= 0)
		close(fd);
	show("chmod", chmod(path, 0600));
	show("truncate", truncate(path, 0));
	show("unlink", unlink(path));
	return 0;
}

/* A host FIFO: stat sees it; opening it over 9p cannot work and says ENXIO. */
static int cmd_fifo(const char *path)
{
	struct stat st;
	printf("is a fifo: %d\n", !stat(path, &st) && S_ISFIFO(st.st_mode));
	int fd = (int)show("open O_RDONLY|O_NONBLOCK", open(path, O_RDONLY | O_NONBLOCK));
	if (fd >= 0)
		close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 5 && !strcmp(argv[1], "write"))
		return cmd_write(argv[2], atol(argv[3]), strtoul(argv[4], NULL, 10));
	if (argc == 3 && !strcmp(argv[1], "read"))
		return cmd_read(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "ops"))
		return cmd_ops(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "ro"))
		return cmd_ro(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "escape"))
		return cmd_escape(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "cwd"))
		return cmd_cwd();
	if (argc == 3 && !strcmp(argv[1], "threads"))
		return cmd_threads(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "fifo"))
		return cmd_fifo(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "try"))
		return cmd_try(argv[2]);
	fprintf(stderr, "usage: files write PATH BYTES SEED | read PATH | ops DIR | ro DIR | escape DIR | cwd | threads DIR | try PATH\n");
	return 2;
}
