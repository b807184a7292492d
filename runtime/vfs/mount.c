/* mount.c: the root, mount points, node references, and what the VFS offers the rest of the
 * runtime (mounting, chdir, creating files by path at boot). */
#include <sys/resource.h>
#include <uk/kmem.h>
#include <uk/time.h>
#include <uk/util.h>

#include "vfs.h"

struct uk_vnode *uk_vfs_root, *uk_vfs_cwd;
mode_t uk_vfs_umask = 022;
static uint64_t next_dev = 1;

/* The rlimit component's table when it is linked (a weak reference does not pull it in). */
extern struct rlimit uk_rlimits[] __attribute__((weak));

uint64_t uk_vfs_fsize_limit(void)
{
	return uk_rlimits ? uk_rlimits[RLIMIT_FSIZE].rlim_cur : RLIM_INFINITY;
}

/* Linux sends SIGXFSZ, whose default action ends the process; with the signal component
 * linked the program gets it (and the call EFBIG if it ignores it). */
extern long uk_signal_send(int tid, int sig, int code, uint64_t value) __attribute__((weak));

void uk_vfs_fsize_exceeded(void)
{
	if (uk_signal_send)
		uk_signal_send(0, 25 /* SIGXFSZ */, 0, 0);
}

int64_t uk_vfs_now(void)
{
	return (int64_t)uk_realtime_ns();
}

void uk_vnode_put(struct uk_vnode *v)
{
	if (!--v->refs && v->ops->release)
		v->ops->release(v);
}

void uk_vfs_mount_root(struct uk_vnode *root, struct uk_mount *m)
{
	m->root = root;
	m->covered = 0;
	m->dev = next_dev++;
	uk_vfs_root = root;
	uk_vnode_hold(root);
	uk_vfs_cwd = root;
}

long uk_vfs_mkdir(const char *path, mode_t mode)
{
	struct walk w;
	long r = uk_walk(AT_FDCWD, path, W_PARENT, &w);
	if (r)
		return r;
	r = w.node || w.last != LAST_NORM ? -EEXIST : w.dir->ops->mkdir(w.dir, w.name, mode & 07777);
	uk_walk_done(&w);
	return r;
}

/* mkdir -p: every missing directory on the way, mode 0755. */
static long mkdir_p(const char *path)
{
	size_t n = uk_vfs_strnlen(path, PATH_MAX);
	char *buf = n < PATH_MAX ? uk_kmalloc(PATH_MAX) : 0;
	if (!buf)
		return n < PATH_MAX ? -ENOMEM : -ENAMETOOLONG;
	uk_memcpy(buf, path, n + 1);
	long r = 0;
	for (size_t i = 1; i <= n && !r; i++) {
		if (buf[i] != '/' && buf[i])
			continue;
		char c = buf[i];
		buf[i] = 0;
		r = uk_vfs_mkdir(buf, 0755);
		buf[i] = c;
		if (r == -EEXIST)
			r = 0;
	}
	uk_kfree(buf, PATH_MAX);
	return r;
}

long uk_vfs_mount(const char *path, struct uk_vnode *root, struct uk_mount *m, unsigned flags)
{
	long r = mkdir_p(path);
	struct walk w;
	if (r || (r = uk_walk(AT_FDCWD, path, W_FOLLOW, &w)))
		return r;
	struct uk_vnode *v = w.node;
	if (!v)
		r = -ENOENT;
	else if (v->type != S_IFDIR)
		r = -ENOTDIR;
	else if (v->mounted || v == uk_vfs_root)
		r = -EBUSY;
	if (!r) {
		m->root = root;
		m->covered = v;
		m->flags = flags;
		m->dev = next_dev++;
		v->mounted = m;
		w.node = 0; /* the mount keeps the reference */
	}
	uk_walk_done(&w);
	return r;
}

long uk_vfs_create(const char *path, mode_t mode, struct uk_vnode **out)
{
	struct walk w;
	long r = uk_walk(AT_FDCWD, path, W_PARENT, &w);
	if (r)
		return r;
	if (w.node || w.last != LAST_NORM)
		r = -EEXIST;
	else
		r = w.dir->ops->create(w.dir, w.name, mode & 07777, out);
	uk_walk_done(&w);
	return r;
}

long uk_vfs_symlink(const char *target, const char *path)
{
	struct walk w;
	long r = uk_walk(AT_FDCWD, path, W_PARENT, &w);
	if (r)
		return r;
	r = w.node || w.last != LAST_NORM ? -EEXIST : w.dir->ops->symlink(w.dir, w.name, target);
	uk_walk_done(&w);
	return r;
}

long uk_vfs_fd_node(long fd, struct uk_vnode **out)
{
	if ((int)fd == AT_FDCWD) {
		uk_vnode_hold(uk_vfs_cwd);
		*out = uk_vfs_cwd;
		return 0;
	}
	struct uk_file *f = uk_fd_get(fd);
	if (!f)
		return -EBADF;
	long r = -ENOTDIR; /* a pipe or the console as a directory */
	if (f->ops == &uk_vfs_file_ops) {
		*out = ((struct vfs_file *)f)->v;
		uk_vnode_hold(*out);
		r = 0;
	}
	uk_file_put(f);
	return r;
}

struct uk_file *uk_vfs_file(long fd, struct uk_vnode **v)
{
	struct uk_file *f = uk_fd_get(fd);
	if (f && f->ops != &uk_vfs_file_ops) {
		uk_file_put(f);
		return 0;
	}
	if (f)
		*v = ((struct vfs_file *)f)->v;
	return f;
}

long uk_vfs_setattr(struct uk_vnode *v, struct uk_setattr *a)
{
	if (uk_vfs_rdonly(v))
		return -EROFS;
	return v->ops->setattr ? v->ops->setattr(v, a) : -EPERM;
}
