/* attrs.c: chmod, chown, utimensat/futimens, truncate/ftruncate, access/faccessat, umask,
 * statx, fsync/fdatasync, and which calls update atime, mtime and ctime (each checked by
 * setting the times to a known past first, then looking whether they moved). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

/* musl 1.2.3 has no statx(): the system call with Linux's struct. */
struct kstatx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, spare0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct { int64_t tv_sec; uint32_t tv_nsec; int32_t r; } stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t spare[14];
};
#define STATX_BASIC_STATS 0x7ffU
#define statx(d, p, f, m, b) syscall(SYS_statx, d, p, f, m, b)

static const struct timespec past[2] = {{1000000000, 0}, {1000000000, 0}};

static void reset(const char *p)
{
	utimensat(AT_FDCWD, p, past, AT_SYMLINK_NOFOLLOW);
}

/* Which of a, m, c moved since reset (ctime is compared with the reset time itself). */
static void moved(const char *what, const char *p, time_t reset_at)
{
	struct stat st;
	if (lstat(p, &st)) {
		SAY("  %s: %s", what, errname(errno));
		return;
	}
	SAY("  %s: atime %s, mtime %s, ctime %s", what,
	    st.st_atime != 1000000000 ? "moved" : "kept", st.st_mtime != 1000000000 ? "moved" : "kept",
	    st.st_ctime > reset_at ? "moved" : "kept");
}

/* Sets p's atime and mtime to the past, then waits for the next second so that a ctime
 * set to now by the call under test differs from the one the reset itself set. */
static time_t prepare(const char *p)
{
	struct stat st;
	reset(p);
	lstat(p, &st);
	time_t t = time(NULL);
	while (time(NULL) == t)
		;
	/* Linux stamps files with a coarse clock, a few milliseconds behind time(). */
	struct timespec ms50 = {0, 50000000};
	nanosleep(&ms50, NULL);
	return st.st_ctime;
}

static void mode(const char *p)
{
	struct stat st;
	if (lstat(p, &st) == 0)
		SAY("  %s: mode %o uid %d gid %d size %lld", p, st.st_mode, st.st_uid, st.st_gid,
		    S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size); /* directory sizes differ by file system */
	else
		SAY("  %s: %s", p, errname(errno));
}

int main(void)
{
	T(umask(0));
	int fd = T(open("f", O_CREAT | O_RDWR, 0777));
	mode("f");
	T(umask(027));
	T(umask(027));
	int g = T(open("g", O_CREAT | O_RDWR, 0777));
	mode("g");
	T(mkdir("d", 0777));
	mode("d");
	T(chmod("f", 04755));
	mode("f");
	T(fchmod(fd, 0600));
	mode("f");
	T(chmod("nope", 0600));
	T(fchmod(99, 0600));
	T(fchmodat(AT_FDCWD, "g", 0640, 0));
	mode("g");
	T(symlink("f", "l"));
	T(chmod("l", 0644));
	mode("f");
	T(chown("f", 1000, 1001));
	mode("f");
	T(fchown(fd, -1, 2000));
	mode("f");
	T(lchown("l", 5, 6));
	mode("l");
	T(fchownat(AT_FDCWD, "l", 7, 8, 0));
	mode("f");
	T(fchownat(AT_FDCWD, "l", 7, 8, 0x12345));
	T(chmod("f", 06775));
	T(chown("f", 0, -1));
	mode("f");

	/* access */
	T(access("f", F_OK));
	T(access("f", R_OK | W_OK));
	T(chmod("f", 0644));
	T(access("f", X_OK));
	T(access("d", X_OK));
	T(access("nope", F_OK));
	T(access("f", 0x100));
	T(faccessat(AT_FDCWD, "f", R_OK, AT_EACCESS));
	T(faccessat(AT_FDCWD, "l", R_OK, AT_SYMLINK_NOFOLLOW));
	T(access("f/", F_OK));

	/* truncate */
	T(write(fd, "0123456789", 10));
	T(truncate("f", 4));
	mode("f");
	T(ftruncate(fd, 8192));
	mode("f");
	char buf[16] = {0};
	T(pread(fd, buf, 4, 2));
	SAY("  bytes: %d %d %d %d", buf[0], buf[1], buf[2], buf[3]);
	T(truncate("f", -1));
	T(truncate("d", 0));
	T(truncate("nope", 0));
	T(ftruncate(99, 0));
	int ro = T(open("f", O_RDONLY));
	T(ftruncate(ro, 0));
	T(close(ro));
	int dfd = T(open("d", O_RDONLY));
	T(ftruncate(dfd, 0));
	T(fsync(dfd));
	T(fsync(fd));
	T(fdatasync(fd));
	T(fsync(99));
	T(fsync(1));

	/* times */
	T(utimensat(AT_FDCWD, "f", past, 0));
	struct stat st;
	T(stat("f", &st));
	SAY("  atime %lld mtime %lld", (long long)st.st_atime, (long long)st.st_mtime);
	struct timespec half[2] = {{5, 0}, {0, UTIME_OMIT}};
	T(utimensat(AT_FDCWD, "f", half, 0));
	T(stat("f", &st));
	SAY("  atime %lld mtime %lld", (long long)st.st_atime, (long long)st.st_mtime);
	struct timespec bad[2] = {{5, 1000000000}, {0, 0}};
	T(utimensat(AT_FDCWD, "f", bad, 0));
	T(futimens(fd, past));
	T(utimensat(AT_FDCWD, "nope", past, 0));
	T(utimensat(AT_FDCWD, "l", past, AT_SYMLINK_NOFOLLOW));
	T(lstat("l", &st));
	SAY("  link mtime %lld", (long long)st.st_mtime);
	time_t t;

	t = prepare("f");
	T(write(fd, "x", 1));
	moved("write", "f", t);
	t = prepare("f");
	T(pread(fd, buf, 1, 0));
	moved("read", "f", t);
	t = prepare("f");
	T(chmod("f", 0640));
	moved("chmod", "f", t);
	t = prepare("f");
	T(ftruncate(fd, 3));
	moved("ftruncate", "f", t);
	t = prepare("f");
	T(link("f", "f2"));
	moved("link (file)", "f", t);
	t = prepare(".");
	T(unlink("f2"));
	moved("unlink (dir)", ".", t);
	t = prepare("d");
	int h = T(open("d/new", O_CREAT | O_WRONLY, 0644));
	T(close(h));
	moved("create (dir)", "d", t);
	t = prepare("d/new");
	T(rename("d/new", "d/new2"));
	moved("rename (file)", "d/new2", t);
	t = prepare("d");
	T(open("d", O_RDONLY) >= 0);
	moved("open (dir)", "d", t);
	t = prepare("f");
	h = T(open("f", O_WRONLY | O_TRUNC));
	moved("O_TRUNC", "f", t);
	T(close(h));
	t = prepare("f");
	T(write(fd, "", 0));
	moved("empty write", "f", t);

	/* statx */
	struct kstatx sx;
	T(statx(AT_FDCWD, "f", 0, STATX_BASIC_STATS, &sx));
	SAY("  statx: mode %o size %llu nlink %u basic %d", sx.stx_mode, (unsigned long long)sx.stx_size,
	    sx.stx_nlink, (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
	T(statx(AT_FDCWD, "l", AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx));
	SAY("  statx link: mode %o", sx.stx_mode);
	T(statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &sx));
	SAY("  statx fd: size %llu", (unsigned long long)sx.stx_size);
	T(statx(AT_FDCWD, "nope", 0, STATX_BASIC_STATS, &sx));
	T(fstatat(AT_FDCWD, "f", &st, 0x12345));
	T(fstatat(fd, "", &st, AT_EMPTY_PATH));
	T(fstatat(AT_FDCWD, "", &st, 0));
	int p[2];
	pipe(p);
	T(fstatat(p[0], "", &st, AT_EMPTY_PATH));
	SAY("  fifo %d", S_ISFIFO(st.st_mode));
	T(fstatat(p[0], "x", &st, 0));
	return 0;
}
