/* file.c: open(2) and the files it makes: reads and writes at the file position through
 * the file system's node ops, O_APPEND, RLIMIT_FSIZE, lseek (SEEK_DATA/SEEK_HOLE too),
 * FIONREAD, and the node's release when the last descriptor closes. */
#include <sys/ioctl.h>
#include <uk/kmem.h>
#include <uk/syscall.h>

#include "vfs.h"

static long vfile_read(struct uk_file *f, void *buf, size_t n, int64_t *off)
{
	struct vfs_file *vf = (struct vfs_file *)f;
	struct uk_vnode *v = vf->v;
	if (v->type == S_IFDIR)
		return -EISDIR;
	if (!v->ops->read)
		return -EINVAL;
	long r = v->ops->read(v, vf->handle, buf, n, (uint64_t)*off);
	if (r > 0)
		*off += r;
	return r;
}

static long vfile_write(struct uk_file *f, const void *buf, size_t n, int64_t *off)
{
	struct vfs_file *vf = (struct vfs_file *)f;
	struct uk_vnode *v = vf->v;
	if (!v->ops->write)
		return -EINVAL;
	if (f->flags & O_APPEND) { /* Linux appends even for pwrite */
		struct stat st;
		long r = v->ops->getattr(v, &st);
		if (r)
			return r;
		*off = st.st_size;
	}
	if (v->type == S_IFREG) {
		uint64_t lim = uk_vfs_fsize_limit();
		if ((uint64_t)*off >= lim && n) {
			uk_vfs_fsize_exceeded();
			return -EFBIG;
		}
		if (n > lim - (uint64_t)*off)
			n = lim - (uint64_t)*off;
	}
	long r = v->ops->write(v, vf->handle, buf, n, (uint64_t)*off);
	if (r > 0)
		*off += r;
	return r;
}

static long vfile_seek(struct uk_file *f, int64_t off, int whence)
{
	struct uk_vnode *v = ((struct vfs_file *)f)->v;
	if (v->type == S_IFCHR)
		return 0; /* /dev/null and friends: every position is 0 */
	struct stat st;
	long r = v->ops->getattr(v, &st);
	if (r)
		return r;
	int64_t base;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		if (v->type == S_IFDIR)
			return -EINVAL;
		base = st.st_size;
		break;
	case SEEK_DATA: /* the whole file is data: no holes are reported */
	case SEEK_HOLE:
		if (v->type == S_IFDIR)
			return -EINVAL;
		if (off < 0 || off >= st.st_size)
			return -ENXIO;
		return whence == SEEK_DATA ? off : st.st_size;
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return base + off < 0 && off < 0 ? -EINVAL : -EOVERFLOW;
	return base + off;
}

static long vfile_stat(struct uk_file *f, struct stat *st)
{
	struct uk_vnode *v = ((struct vfs_file *)f)->v;
	return v->ops->getattr(v, st);
}

static long vfile_ioctl(struct uk_file *f, unsigned long req, void *arg)
{
	struct vfs_file *vf = (struct vfs_file *)f;
	if (req == FIONREAD && vf->v->type == S_IFREG) {
		struct stat st;
		long r = vf->v->ops->getattr(vf->v, &st);
		if (!r)
			*(int *)arg = st.st_size > f->pos ? (int)(st.st_size - f->pos) : 0;
		return r;
	}
	if (vf->v->ops->ioctl)
		return vf->v->ops->ioctl(vf->v, req, arg);
	return -ENOTTY;
}

static void vfile_release(struct uk_file *f)
{
	struct vfs_file *vf = (struct vfs_file *)f;
	if (vf->v->ops->close && !(f->flags & O_PATH))
		vf->v->ops->close(vf->v, vf->handle);
	uk_vnode_put(vf->v);
	uk_kfree(vf, sizeof *vf);
}

const struct uk_file_ops uk_vfs_file_ops = {
	.read = vfile_read,
	.write = vfile_write,
	.seek = vfile_seek,
	.ioctl = vfile_ioctl,
	.stat = vfile_stat,
	.release = vfile_release,
};

long uk_vfs_open_node(struct uk_vnode *v, int flags)
{
	int cloexec = flags & O_CLOEXEC;
	struct uk_file *file;
	if (v->ops->open_file && !(flags & O_PATH)) {
		long r = v->ops->open_file(v, flags, &file);
		if (r)
			return r;
		return uk_fd_install(file, 0, cloexec);
	}
	struct vfs_file *vf = uk_kzalloc(sizeof *vf);
	if (!vf)
		return -ENOMEM;
	if (v->ops->open && !(flags & O_PATH)) {
		long r = v->ops->open(v, flags, &vf->handle);
		if (r) {
			uk_kfree(vf, sizeof *vf);
			return r;
		}
	}
	vf->f.ops = &uk_vfs_file_ops;
	vf->f.refs = 1;
	vf->f.flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	vf->v = v;
	uk_vnode_hold(v);
	return uk_fd_install(&vf->f, 0, cloexec);
}

/* Even an empty file is "truncated": Linux updates its mtime and ctime. */
static long truncate_on_open(struct uk_vnode *v)
{
	struct uk_setattr a = {.mask = UK_SET_SIZE, .size = 0};
	return uk_vfs_setattr(v, &a);
}

long uk_vfs_openat(long dirfd, const char *path, int flags, mode_t mode)
{
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if (flags & O_TMPFILE & ~O_DIRECTORY)
		return -EOPNOTSUPP; /* unnamed temporary files are not supported */
	if ((flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY))
		return -EINVAL; /* Linux 6.4 and later */
	int acc = flags & O_ACCMODE;
	bool excl = (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL);
	struct walk w;
	long r = uk_walk(dirfd, path, (flags & O_NOFOLLOW) || excl ? 0 : W_FOLLOW, &w);
	if (r)
		return r;
	struct uk_vnode *v = w.node;
	if (!v) {
		if (!(flags & O_CREAT))
			r = -ENOENT;
		else if (w.slash || w.last != LAST_NORM)
			r = -EISDIR;
		else if (uk_vfs_rdonly(w.dir))
			r = -EROFS;
		else if (!(r = w.dir->ops->create(w.dir, w.name, mode & ~uk_vfs_umask & 07777, &v)))
			w.node = v;
	} else if (excl) {
		r = -EEXIST;
	} else if ((flags & O_CREAT) && v->type == S_IFDIR) {
		r = -EISDIR;
	} else if ((flags & O_DIRECTORY) && v->type != S_IFDIR) {
		r = -ENOTDIR;
	} else if (flags & O_PATH) {
		r = 0;
	} else if (v->type == S_IFLNK) {
		r = -ELOOP; /* O_NOFOLLOW */
	} else if (v->type == S_IFDIR && (acc != O_RDONLY || (flags & O_TRUNC))) {
		r = -EISDIR;
	} else if ((acc != O_RDONLY || (flags & O_TRUNC)) && uk_vfs_rdonly(v) && v->type != S_IFCHR) {
		r = -EROFS;
	} else if ((flags & O_TRUNC) && v->type == S_IFREG) {
		r = truncate_on_open(v);
	}
	if (!r)
		r = uk_vfs_open_node(v, flags);
	uk_walk_done(&w);
	return r;
}

static long sys_openat(long dirfd, long path, long flags, long mode)
{
	return uk_vfs_openat(dirfd, (const char *)path, (int)flags, (mode_t)mode);
}
UK_SYSCALL(openat, sys_openat);

static long sys_open(long path, long flags, long mode)
{
	return uk_vfs_openat(AT_FDCWD, (const char *)path, (int)flags, (mode_t)mode);
}
UK_SYSCALL(open, sys_open);

static long sys_creat(long path, long mode)
{
	return uk_vfs_openat(AT_FDCWD, (const char *)path, O_CREAT | O_WRONLY | O_TRUNC, (mode_t)mode);
}
UK_SYSCALL(creat, sys_creat);
