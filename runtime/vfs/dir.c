/* dir.c: mkdir, mkdirat, rmdir, unlink, unlinkat and getdents64. */
#include <dirent.h>
#include <uk/syscall.h>
#include <uk/util.h>

#include "vfs.h"

static long do_mkdir(long dirfd, const char *path, mode_t mode)
{
	struct walk w;
	long r = uk_walk(dirfd, path, W_PARENT, &w);
	if (r)
		return r;
	if (w.node || w.last != LAST_NORM)
		r = -EEXIST;
	else if (uk_vfs_rdonly(w.dir))
		r = -EROFS;
	else
		r = w.dir->ops->mkdir(w.dir, w.name, mode & ~uk_vfs_umask & 01777);
	uk_walk_done(&w);
	return r;
}

static long sys_mkdir(long path, long mode)
{
	return do_mkdir(AT_FDCWD, (const char *)path, (mode_t)mode);
}
UK_SYSCALL(mkdir, sys_mkdir);

static long sys_mkdirat(long dirfd, long path, long mode)
{
	return do_mkdir(dirfd, (const char *)path, (mode_t)mode);
}
UK_SYSCALL(mkdirat, sys_mkdirat);

static long do_rmdir(long dirfd, const char *path)
{
	struct walk w;
	long r = uk_walk(dirfd, path, W_PARENT, &w);
	if (r)
		return r;
	static const long by_last[] = {0, -EINVAL, -ENOTEMPTY, -EBUSY};
	if ((r = by_last[w.last]))
		;
	else if (!w.node)
		r = -ENOENT;
	else if (w.node->type != S_IFDIR)
		r = -ENOTDIR;
	else if (w.node->mnt != w.dir->mnt || w.node == uk_vfs_root)
		r = -EBUSY; /* a mount point */
	if (!r && uk_vfs_rdonly(w.dir))
		r = -EROFS;
	if (!r)
		r = w.dir->ops->rmdir(w.dir, w.name);
	uk_walk_done(&w);
	return r;
}

static long sys_rmdir(long path)
{
	return do_rmdir(AT_FDCWD, (const char *)path);
}
UK_SYSCALL(rmdir, sys_rmdir);

static long do_unlink(long dirfd, const char *path)
{
	struct walk w;
	long r = uk_walk(dirfd, path, W_PARENT, &w);
	if (r)
		return r;
	if (w.last != LAST_NORM)
		r = -EISDIR;
	else if (!w.node)
		r = -ENOENT;
	else if (w.node->type == S_IFDIR)
		r = -EISDIR;
	else if (w.slash)
		r = -ENOTDIR;
	else if (uk_vfs_rdonly(w.dir))
		r = -EROFS;
	else
		r = w.dir->ops->unlink(w.dir, w.name);
	uk_walk_done(&w);
	return r;
}

static long sys_unlink(long path)
{
	return do_unlink(AT_FDCWD, (const char *)path);
}
UK_SYSCALL(unlink, sys_unlink);

static long sys_unlinkat(long dirfd, long path, long flags)
{
	flags = (int)flags;
	if (flags & ~(long)AT_REMOVEDIR)
		return -EINVAL;
	return flags ? do_rmdir(dirfd, (const char *)path) : do_unlink(dirfd, (const char *)path);
}
UK_SYSCALL(unlinkat, sys_unlinkat);

struct fill {
	char *buf;
	size_t cap, used;
	bool refused; /* an entry did not fit */
};

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static int fill_one(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type, uint64_t next)
{
	struct fill *fl = ctx;
	size_t reclen = (sizeof(struct linux_dirent64) + len + 1 + 7) & ~(size_t)7;
	if (fl->used + reclen > fl->cap) {
		fl->refused = true;
		return 1;
	}
	struct linux_dirent64 *d = (void *)(fl->buf + fl->used);
	d->d_ino = ino;
	d->d_off = (int64_t)next;
	d->d_reclen = (unsigned short)reclen;
	d->d_type = (unsigned char)type;
	uk_memcpy(d->d_name, name, len);
	uk_memset(d->d_name + len, 0, reclen - sizeof *d - len);
	fl->used += reclen;
	return 0;
}

static long sys_getdents64(long fd, long buf, long n)
{
	struct uk_file *f = uk_fd_get(fd);
	if (!f)
		return -EBADF;
	struct vfs_file *vf = (struct vfs_file *)f;
	long r;
	if (f->ops != &uk_vfs_file_ops || vf->v->type != S_IFDIR)
		r = -ENOTDIR;
	else if (f->flags & O_PATH)
		r = -EBADF;
	else {
		struct fill fl = {(char *)buf, (size_t)n, 0, false};
		uint64_t cookie = (uint64_t)f->pos;
		r = vf->v->ops->readdir(vf->v, vf->handle, &cookie, fill_one, &fl);
		f->pos = (int64_t)cookie;
		if (!r)
			r = !fl.used && fl.refused ? -EINVAL : (long)fl.used; /* buffer too small */
	}
	uk_file_put(f);
	return r;
}
UK_SYSCALL(getdents64, sys_getdents64);
