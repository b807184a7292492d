/* files.c: the devices in /dev, mmap of files (private copies and shared pages), msync,
 * sendfile between files, large and sparse files, O_APPEND with several descriptors, dup'ed
 * descriptors sharing a position, record locks, FIONREAD on files. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

int main(void)
{
	char buf[8192];
	/* devices */
	int n = T(open("/dev/null", O_RDWR));
	T(write(n, "gone", 4));
	T(read(n, buf, sizeof buf));
	T(lseek(n, 100, SEEK_SET));
	struct stat st;
	T(fstat(n, &st));
	SAY("  /dev/null: chr %d mode %o rdev %d:%d", S_ISCHR(st.st_mode), st.st_mode & 0777,
	    (int)(st.st_rdev >> 8), (int)(st.st_rdev & 0xff));
	T(close(n));
	int z = T(open("/dev/zero", O_RDONLY));
	memset(buf, 1, sizeof buf);
	T(read(z, buf, 100));
	SAY("  zeros: %d", buf[0] == 0 && buf[99] == 0 && buf[100] == 1);
	T(close(z));
	int u = T(open("/dev/urandom", O_RDONLY));
	unsigned char r1[32] = {0}, r2[32] = {0};
	T(read(u, r1, sizeof r1));
	T(read(u, r2, sizeof r2));
	SAY("  random differs: %d", memcmp(r1, r2, sizeof r1) != 0);
	T(close(u));
	u = T(open("/dev/random", O_RDONLY));
	T(read(u, r1, 16));
	T(close(u));
	int fu = T(open("/dev/full", O_WRONLY));
	T(write(fu, "x", 1));
	T(close(fu));
	T(write(open("/dev/stdout", O_WRONLY), "via /dev/stdout\n", 16));
	T(access("/dev/stderr", W_OK));
	T(stat("/tmp", &st));
	SAY("  /tmp: mode %o", st.st_mode & 07777);

	/* sparse and large files */
	int fd = T(open("sparse", O_CREAT | O_RDWR, 0644));
	T(pwrite(fd, "end", 3, 10 << 20));
	T(fstat(fd, &st));
	SAY("  size %lld", (long long)st.st_size);
	T(pread(fd, buf, 10, 5 << 20));
	SAY("  hole reads zeros: %d", buf[0] == 0 && buf[9] == 0);
	T(ioctl(fd, FIONREAD, &n));
	SAY("  FIONREAD %d", n);
	T(lseek(fd, 0, SEEK_DATA) >= 0);
	T(lseek(fd, 20 << 20, SEEK_DATA));
	T(ftruncate(fd, 4097));
	T(ftruncate(fd, 8192));
	T(pread(fd, buf, 8192, 0));
	SAY("  after shrink and grow: zeros %d", buf[4096] == 0 && buf[4097] == 0 && buf[8191] == 0);
	char *big = malloc(3 << 20);
	for (int i = 0; i < 3 << 20; i++)
		big[i] = (char)(i * 7 + i / 4096);
	T(pwrite(fd, big, 3 << 20, 12345));
	memset(big, 0, 3 << 20);
	T(pread(fd, big, 3 << 20, 12345));
	int ok = 1;
	for (int i = 0; i < 3 << 20; i++)
		ok &= big[i] == (char)(i * 7 + i / 4096);
	SAY("  3 MiB read back: %d", ok);
	free(big);
	T(close(fd));

	/* shared offsets: dup shares, a second open does not; O_APPEND on both */
	fd = T(open("pos", O_CREAT | O_RDWR | O_TRUNC, 0644));
	int d = T(dup(fd));
	int o = T(open("pos", O_RDWR));
	T(write(fd, "abc", 3));
	T(lseek(d, 0, SEEK_CUR));
	T(lseek(o, 0, SEEK_CUR));
	T(write(o, "XY", 2));
	T(pread(fd, buf, 3, 0));
	SAY("  content %.3s", buf);
	int a1 = T(open("pos", O_WRONLY | O_APPEND));
	int a2 = T(open("pos", O_WRONLY | O_APPEND));
	T(write(a1, "11", 2));
	T(write(a2, "22", 2));
	T(write(a1, "33", 2));
	T(pread(fd, buf, 9, 0));
	SAY("  content %.9s", buf);

	/* record locks: a single process never conflicts with itself */
	struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10};
	T(fcntl(fd, F_SETLK, &l));
	T(fcntl(fd, F_SETLKW, &l));
	l.l_type = F_RDLCK;
	T(fcntl(fd, F_GETLK, &l));
	SAY("  F_GETLK type is F_UNLCK: %d", l.l_type == F_UNLCK);
	l.l_type = F_WRLCK;
	T(fcntl(a1, F_SETLK, &l));
	l.l_type = F_RDLCK;
	T(fcntl(a1, F_SETLK, &l));
	l.l_type = 99;
	T(fcntl(fd, F_SETLK, &l));
	l.l_type = F_UNLCK;
	T(fcntl(fd, F_SETLK, &l));
	T(fcntl(fd, F_GETLK, &l));
	l = (struct flock){.l_type = F_RDLCK, .l_whence = 7};
	T(fcntl(fd, F_SETLK, &l));
	l = (struct flock){.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = -5};
	T(fcntl(fd, F_SETLK, &l));
	l = (struct flock){.l_type = F_RDLCK, .l_whence = SEEK_CUR, .l_start = -2, .l_len = 2};
	T(fcntl(fd, F_SETLK, &l));
	l = (struct flock){.l_type = F_RDLCK, .l_whence = SEEK_END, .l_start = 0, .l_len = -3};
	T(fcntl(fd, F_SETLK, &l));
	T(lockf(fd, F_LOCK, 0));
	T(lockf(fd, F_TEST, 0));
	T(lockf(fd, F_ULOCK, 0));
	T(close(a1));
	T(close(a2));
	T(close(o));
	T(close(d));

	/* mmap: private copies, shared pages */
	T(ftruncate(fd, 10000));
	T(pwrite(fd, "mapped!", 7, 4096 + 10));
	char *m = mmap(NULL, 10000, PROT_READ, MAP_PRIVATE, fd, 0);
	SAY("  private map: %s, %.7s", m == MAP_FAILED ? errname(errno) : "ok", m + 4096 + 10);
	T(munmap(m, 10000));
	m = mmap(NULL, 5000, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 4096);
	SAY("  at offset 4096: %.7s", m + 10);
	memcpy(m + 10, "CHANGED", 7);
	T(pread(fd, buf, 7, 4096 + 10));
	SAY("  private write not in the file: %.7s", buf);
	T(munmap(m, 5000));
	m = mmap(NULL, 10000, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	SAY("  shared map: %s", m == MAP_FAILED ? errname(errno) : "ok");
	memcpy(m + 4096 + 10, "SHARED!", 7);
	T(pread(fd, buf, 7, 4096 + 10));
	SAY("  shared write seen by read: %.7s", buf);
	T(pwrite(fd, "written", 7, 20));
	SAY("  write seen by the mapping: %.7s", m + 20);
	T(msync(m, 10000, MS_SYNC));
	T(msync(m, 10000, MS_SYNC | MS_ASYNC));
	T(msync(m + 1, 100, MS_SYNC));
	T(munmap(m, 10000));
	T(pread(fd, buf, 7, 4096 + 10));
	SAY("  after munmap: %.7s", buf);
	T(mmap(NULL, 100, PROT_READ, MAP_SHARED, 99, 0) == MAP_FAILED);
	int ro = T(open("pos", O_RDONLY));
	T(mmap(NULL, 100, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED);
	m = mmap(NULL, 100, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	SAY("  private writable map of a read-only fd: %s", m == MAP_FAILED ? errname(errno) : "ok");
	T(munmap(m, 100));
	int wo = T(open("pos", O_WRONLY));
	T(mmap(NULL, 100, PROT_READ, MAP_PRIVATE, wo, 0) == MAP_FAILED);
	T(mmap(NULL, 0, PROT_READ, MAP_PRIVATE, ro, 0) == MAP_FAILED);
	T(mmap(NULL, 100, PROT_READ, MAP_PRIVATE, ro, 1) == MAP_FAILED);
	int p[2];
	pipe(p);
	T(mmap(NULL, 100, PROT_READ, MAP_PRIVATE, p[0], 0) == MAP_FAILED);
	int dd = T(open(".", O_RDONLY));
	T(mmap(NULL, 100, PROT_READ, MAP_PRIVATE, dd, 0) == MAP_FAILED);

	/* sendfile */
	int out = T(open("copy", O_CREAT | O_RDWR | O_TRUNC, 0644));
	T(lseek(fd, 4096, SEEK_SET));
	T(sendfile(out, fd, NULL, 20));
	T(lseek(fd, 0, SEEK_CUR));
	off_t off = 4096 + 10;
	T(sendfile(out, fd, &off, 7));
	SAY("  offset now %lld", (long long)off);
	T(lseek(fd, 0, SEEK_CUR));
	T(sendfile(out, fd, NULL, 100000));
	T(fstat(out, &st));
	SAY("  copy size %lld", (long long)st.st_size);
	T(pread(out, buf, 7, 20));
	SAY("  copied %.7s", buf);
	T(sendfile(out, 99, NULL, 10));
	T(sendfile(99, fd, NULL, 10));
	T(sendfile(out, wo, NULL, 10));
	T(sendfile(ro, fd, NULL, 10));
	T(sendfile(p[1], fd, &off, 5));
	T(read(p[0], buf, 5));
	T(sendfile(out, p[0], NULL, 5));
	off = -1;
	T(sendfile(out, fd, &off, 5));
	int ap = T(open("copy", O_WRONLY | O_APPEND));
	T(sendfile(ap, fd, NULL, 5));

	/* a large shared mapping (whole 2 MiB chunks of address space) */
	int lf = T(open("large", O_CREAT | O_RDWR, 0644));
	T(ftruncate(lf, 6 << 20));
	char *lm = mmap(NULL, 6 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, lf, 0);
	SAY("  6 MiB shared map: %s", lm == MAP_FAILED ? errname(errno) : "ok");
	for (int i = 0; i < 6 << 20; i += 4096)
		lm[i] = (char)(i >> 12);
	T(munmap(lm, 6 << 20));
	int same = 1;
	for (int i = 0; i < 6 << 20; i += 4096) {
		char c;
		pread(lf, &c, 1, i);
		same &= c == (char)(i >> 12);
	}
	SAY("  written through the mapping, read back after munmap: %d", same);
	return 0;
}
