/* attr.c: calls that change a file's attributes: chmod, chown and their variants,
 * utimensat, truncate and ftruncate, umask, and fsync/fdatasync. */
#include <time.h>
#include <uk/syscall.h>

#include "vfs.h"

/* A node by path (or the descriptor's with an empty path under AT_EMPTY_PATH). */
static long node_of(long dirfd, const char *path, long flags, struct uk_vnode **out)
{
	struct walk w;
	long r = uk_walk(dirfd, path, (flags & AT_SYMLINK_NOFOLLOW ? 0 : W_FOLLOW) | (flags & AT_EMPTY_PATH ? W_EMPTY : 0), &w);
	if (r)
		return r;
	*out = w.node;
	w.node = 0;
	uk_walk_done(&w);
	return *out ? 0 : -ENOENT;
}

/* The node behind a descriptor of the VFS; -EBADF for other files and O_PATH ones when
 * the call needs a real open. */
static long node_fd(long fd, bool path_ok, struct uk_vnode **out)
{
	struct uk_file *f = uk_fd_get(fd);
	if (!f)
		return -EBADF;
	long r = -EBADF;
	if (f->ops == &uk_vfs_file_ops && (path_ok || !(f->flags & O_PATH))) {
		*out = ((struct vfs_file *)f)->v;
		uk_vnode_hold(*out);
		r = 0;
	}
	uk_file_put(f);
	return r;
}

static long chmod_node(struct uk_vnode *v, mode_t mode)
{
	struct uk_setattr a = {.mask = UK_SET_MODE, .mode = mode & 07777};
	long r = v->type == S_IFLNK ? -EOPNOTSUPP : uk_vfs_setattr(v, &a);
	uk_vnode_put(v);
	return r;
}

static long sys_chmod(long path, long mode)
{
	struct uk_vnode *v;
	long r = node_of(AT_FDCWD, (const char *)path, 0, &v);
	return r ? r : chmod_node(v, (mode_t)mode);
}
UK_SYSCALL(chmod, sys_chmod);

static long sys_fchmodat(long dirfd, long path, long mode)
{
	struct uk_vnode *v;
	long r = node_of(dirfd, (const char *)path, 0, &v);
	return r ? r : chmod_node(v, (mode_t)mode);
}
UK_SYSCALL(fchmodat, sys_fchmodat);

static long sys_fchmod(long fd, long mode)
{
	struct uk_vnode *v;
	long r = node_fd(fd, false, &v);
	return r ? r : chmod_node(v, (mode_t)mode);
}
UK_SYSCALL(fchmod, sys_fchmod);

/* Root may give any owner. As on Linux, a change of owner clears set-user-ID, and
 * set-group-ID where the group may execute. */
static long chown_node(struct uk_vnode *v, long uid, long gid)
{
	struct stat st;
	long r = v->ops->getattr(v, &st);
	struct uk_setattr a = {0};
	if ((uid_t)uid != (uid_t)-1)
		a.mask |= UK_SET_UID, a.uid = (uid_t)uid;
	if ((gid_t)gid != (gid_t)-1)
		a.mask |= UK_SET_GID, a.gid = (gid_t)gid;
	if (!r && !S_ISDIR(st.st_mode) && (st.st_mode & (S_ISUID | S_ISGID))) {
		a.mask |= UK_SET_MODE;
		a.mode = st.st_mode & 07777 & ~(mode_t)S_ISUID;
		if (st.st_mode & S_IXGRP)
			a.mode &= ~(mode_t)S_ISGID;
	}
	if (!r)
		r = uk_vfs_setattr(v, &a);
	uk_vnode_put(v);
	return r;
}

static long sys_chown(long path, long uid, long gid)
{
	struct uk_vnode *v;
	long r = node_of(AT_FDCWD, (const char *)path, 0, &v);
	return r ? r : chown_node(v, uid, gid);
}
UK_SYSCALL(chown, sys_chown);

static long sys_lchown(long path, long uid, long gid)
{
	struct uk_vnode *v;
	long r = node_of(AT_FDCWD, (const char *)path, AT_SYMLINK_NOFOLLOW, &v);
	return r ? r : chown_node(v, uid, gid);
}
UK_SYSCALL(lchown, sys_lchown);

static long sys_fchownat(long dirfd, long path, long uid, long gid, long flags)
{
	if (flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct uk_vnode *v;
	long r = node_of(dirfd, (const char *)path, flags, &v);
	return r ? r : chown_node(v, uid, gid);
}
UK_SYSCALL(fchownat, sys_fchownat);

static long sys_fchown(long fd, long uid, long gid)
{
	struct uk_vnode *v;
	long r = node_fd(fd, false, &v);
	return r ? r : chown_node(v, uid, gid);
}
UK_SYSCALL(fchown, sys_fchown);

static bool bad_time(const struct timespec *t)
{
	return t->tv_nsec != UTIME_NOW && t->tv_nsec != UTIME_OMIT &&
	       (t->tv_nsec < 0 || t->tv_nsec >= 1000000000);
}

static int64_t ns_of(const struct timespec *t, int64_t now)
{
	return t->tv_nsec == UTIME_NOW ? now : (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

/* utimensat(dirfd, NULL, times, 0) is futimens(dirfd, times), as Linux allows. */
static long sys_utimensat(long dirfd, long path, long times, long flags)
{
	const struct timespec *t = (const struct timespec *)times;
	if ((flags & ~(long)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) || (t && (bad_time(&t[0]) || bad_time(&t[1]))))
		return -EINVAL;
	if (t && t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
		return 0;
	struct uk_vnode *v;
	long r = path ? node_of(dirfd, (const char *)path, flags, &v)
		 : dirfd == AT_FDCWD ? -EFAULT : node_fd(dirfd, true, &v);
	if (r)
		return r;
	int64_t now = uk_vfs_now();
	struct uk_setattr a = {.mask = UK_SET_ATIME | UK_SET_MTIME, .atime_ns = now, .mtime_ns = now};
	if (t) {
		if (t[0].tv_nsec == UTIME_OMIT)
			a.mask &= ~(unsigned)UK_SET_ATIME;
		else
			a.atime_ns = ns_of(&t[0], now);
		if (t[1].tv_nsec == UTIME_OMIT)
			a.mask &= ~(unsigned)UK_SET_MTIME;
		else
			a.mtime_ns = ns_of(&t[1], now);
	}
	r = uk_vfs_setattr(v, &a);
	uk_vnode_put(v);
	return r;
}
UK_SYSCALL(utimensat, sys_utimensat);

static long truncate_node(struct uk_vnode *v, long len)
{
	long r = 0;
	if (v->type == S_IFDIR)
		r = -EISDIR;
	else if (v->type != S_IFREG)
		r = -EINVAL;
	else if ((uint64_t)len > uk_vfs_fsize_limit()) {
		uk_vfs_fsize_exceeded();
		r = -EFBIG;
	}
	struct uk_setattr a = {.mask = UK_SET_SIZE, .size = (uint64_t)len};
	if (!r)
		r = uk_vfs_setattr(v, &a);
	uk_vnode_put(v);
	return r;
}

static long sys_truncate(long path, long len)
{
	if (len < 0)
		return -EINVAL;
	struct uk_vnode *v;
	long r = node_of(AT_FDCWD, (const char *)path, 0, &v);
	return r ? r : truncate_node(v, len);
}
UK_SYSCALL(truncate, sys_truncate);

static long sys_ftruncate(long fd, long len)
{
	if (len < 0)
		return -EINVAL;
	struct uk_file *f = uk_fd_get(fd);
	if (!f)
		return -EBADF;
	struct vfs_file *vf = (struct vfs_file *)f;
	long r = -EINVAL;
	if (f->flags & O_PATH)
		r = -EBADF;
	else if (f->ops == &uk_vfs_file_ops && uk_file_writable(f) && vf->v->type == S_IFREG) {
		uk_vnode_hold(vf->v);
		r = truncate_node(vf->v, len);
	}
	uk_file_put(f);
	return r;
}
UK_SYSCALL(ftruncate, sys_ftruncate);

static long sys_umask(long mask)
{
	mode_t old = uk_vfs_umask;
	uk_vfs_umask = (mode_t)mask & 0777;
	return old;
}
UK_SYSCALL(umask, sys_umask);

static long do_fsync(long fd)
{
	struct uk_file *f = uk_fd_get(fd);
	if (!f)
		return -EBADF;
	struct vfs_file *vf = (struct vfs_file *)f;
	long r = -EINVAL; /* pipes and the console cannot be synced */
	if (f->flags & O_PATH)
		r = -EBADF;
	else if (f->ops == &uk_vfs_file_ops)
		r = vf->v->ops->fsync ? vf->v->ops->fsync(vf->v, vf->handle) : 0;
	uk_file_put(f);
	return r;
}

static long sys_fsync(long fd)
{
	return do_fsync(fd);
}
UK_SYSCALL(fsync, sys_fsync);

static long sys_fdatasync(long fd)
{
	return do_fsync(fd);
}
UK_SYSCALL(fdatasync, sys_fdatasync);
