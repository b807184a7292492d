/* stat.c: stat, lstat, newfstatat, statx, access, faccessat, faccessat2, readlink and
 * readlinkat: calls that look at a path and change nothing. */
#include <uk/syscall.h>
#include <uk/util.h>

#include "vfs.h"

/* Linux's struct statx (include/uapi/linux/stat.h); musl's headers do not have it yet. */
struct statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};
struct statx {
	uint32_t stx_mask, stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink, stx_uid, stx_gid;
	uint16_t stx_mode, spare0;
	uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	uint64_t spare[14];
};
#define STATX_BASIC_STATS 0x7ffU

/* The node a stat-like call names: dirfd/path with AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH. */
static long node_at(long dirfd, const char *path, long flags, long allowed, struct uk_vnode **out)
{
	if (flags & ~allowed)
		return -EINVAL;
	struct walk w;
	long r = uk_walk(dirfd, path,
			 (flags & AT_SYMLINK_NOFOLLOW ? 0 : W_FOLLOW) | (flags & AT_EMPTY_PATH ? W_EMPTY : 0), &w);
	if (r)
		return r;
	if (!w.node) {
		uk_walk_done(&w);
		return -ENOENT;
	}
	*out = w.node;
	w.node = 0;
	uk_walk_done(&w);
	return 0;
}

/* stat of dirfd itself (AT_EMPTY_PATH with ""): works on any file, a pipe included. */
static bool empty_at(long dirfd, const char *path, long flags)
{
	return (flags & AT_EMPTY_PATH) && !*path && dirfd != AT_FDCWD;
}

static long do_stat(long dirfd, const char *path, struct stat *st, long flags)
{
	if (empty_at(dirfd, path, flags)) {
		struct uk_file *f = uk_fd_get(dirfd);
		if (!f)
			return -EBADF;
		long r = f->ops->stat(f, st);
		uk_file_put(f);
		return r;
	}
	struct uk_vnode *v;
	long r = node_at(dirfd, path, flags, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT, &v);
	if (r)
		return r;
	r = v->ops->getattr(v, st);
	uk_vnode_put(v);
	return r;
}

static long sys_stat(long path, long st)
{
	return do_stat(AT_FDCWD, (const char *)path, (struct stat *)st, 0);
}
UK_SYSCALL(stat, sys_stat);

static long sys_lstat(long path, long st)
{
	return do_stat(AT_FDCWD, (const char *)path, (struct stat *)st, AT_SYMLINK_NOFOLLOW);
}
UK_SYSCALL(lstat, sys_lstat);

static long sys_newfstatat(long dirfd, long path, long st, long flags)
{
	return do_stat(dirfd, (const char *)path, (struct stat *)st, flags);
}
UK_SYSCALL(newfstatat, sys_newfstatat);

static struct statx_timestamp ts(struct timespec t)
{
	return (struct statx_timestamp){.tv_sec = t.tv_sec, .tv_nsec = (uint32_t)t.tv_nsec};
}

static long sys_statx(long dirfd, long path, long flags, long mask, long out)
{
	(void)mask; /* every basic field is always there */
	struct stat st;
	long r = (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE ? -EINVAL
		 : do_stat(dirfd, (const char *)path, &st, flags & ~(long)AT_STATX_SYNC_TYPE);
	if (r)
		return r;
	struct statx *x = (struct statx *)out;
	uk_memset(x, 0, sizeof *x);
	x->stx_mask = STATX_BASIC_STATS;
	x->stx_blksize = (uint32_t)st.st_blksize;
	x->stx_nlink = (uint32_t)st.st_nlink;
	x->stx_uid = st.st_uid;
	x->stx_gid = st.st_gid;
	x->stx_mode = (uint16_t)st.st_mode;
	x->stx_ino = st.st_ino;
	x->stx_size = (uint64_t)st.st_size;
	x->stx_blocks = (uint64_t)st.st_blocks;
	x->stx_atime = ts(st.st_atim);
	x->stx_mtime = ts(st.st_mtim);
	x->stx_ctime = ts(st.st_ctim);
	x->stx_rdev_major = (uint32_t)(st.st_rdev >> 8 & 0xfff);
	x->stx_rdev_minor = (uint32_t)((st.st_rdev & 0xff) | (st.st_rdev >> 12 & 0xfff00));
	x->stx_dev_major = (uint32_t)(st.st_dev >> 8 & 0xfff);
	x->stx_dev_minor = (uint32_t)((st.st_dev & 0xff) | (st.st_dev >> 12 & 0xfff00));
	return 0;
}
UK_SYSCALL(statx, sys_statx);

/* The process is root: reading and writing are always allowed (except writing on a
 * read-only mount), executing needs an x bit on anything but a directory. */
static long do_access(long dirfd, const char *path, long mode, long flags)
{
	if (mode & ~(long)(R_OK | W_OK | X_OK))
		return -EINVAL;
	struct uk_vnode *v;
	long r = node_at(dirfd, path, flags, AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &v);
	if (r)
		return r;
	struct stat st;
	r = v->ops->getattr(v, &st);
	if (!r && (mode & W_OK) && uk_vfs_rdonly(v) && !S_ISCHR(st.st_mode))
		r = -EROFS;
	if (!r && (mode & X_OK) && !S_ISDIR(st.st_mode) && !(st.st_mode & 0111))
		r = -EACCES;
	uk_vnode_put(v);
	return r;
}

static long sys_access(long path, long mode)
{
	return do_access(AT_FDCWD, (const char *)path, mode, 0);
}
UK_SYSCALL(access, sys_access);

static long sys_faccessat(long dirfd, long path, long mode)
{
	return do_access(dirfd, (const char *)path, mode, 0);
}
UK_SYSCALL(faccessat, sys_faccessat);

static long sys_faccessat2(long dirfd, long path, long mode, long flags)
{
	return do_access(dirfd, (const char *)path, mode, flags);
}
UK_SYSCALL(faccessat2, sys_faccessat2);

static long do_readlink(long dirfd, const char *path, char *buf, long n)
{
	if (n <= 0)
		return -EINVAL;
	struct uk_vnode *v;
	long r = node_at(dirfd, path, AT_SYMLINK_NOFOLLOW, AT_SYMLINK_NOFOLLOW, &v);
	if (r)
		return r;
	r = v->type == S_IFLNK ? v->ops->readlink(v, buf, (size_t)n) : -EINVAL;
	uk_vnode_put(v);
	return r < 0 || r <= n ? r : n;
}

static long sys_readlink(long path, long buf, long n)
{
	return do_readlink(AT_FDCWD, (const char *)path, (char *)buf, n);
}
UK_SYSCALL(readlink, sys_readlink);

static long sys_readlinkat(long dirfd, long path, long buf, long n)
{
	return do_readlink(dirfd, (const char *)path, (char *)buf, n);
}
UK_SYSCALL(readlinkat, sys_readlinkat);
