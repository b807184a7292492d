/* cwd.c: getcwd, chdir and fchdir. The working directory is a node, not a string, so it
 * follows renames; getcwd rebuilds the path by walking ".." to the root and finding each
 * directory's name in its parent by inode number. */
#include <uk/kmem.h>
#include <uk/syscall.h>
#include <uk/util.h>

#include "vfs.h"

static long set_cwd(struct uk_vnode *v)
{
	if (v->type != S_IFDIR) {
		uk_vnode_put(v);
		return -ENOTDIR;
	}
	uk_vnode_put(uk_vfs_cwd);
	uk_vfs_cwd = v;
	return 0;
}

long uk_vfs_chdir(const char *path)
{
	struct walk w;
	long r = uk_walk(AT_FDCWD, path, W_FOLLOW, &w);
	if (r)
		return r;
	struct uk_vnode *v = w.node;
	w.node = 0;
	uk_walk_done(&w);
	return v ? set_cwd(v) : -ENOENT;
}

static long sys_chdir(long path)
{
	return uk_vfs_chdir((const char *)path);
}
UK_SYSCALL(chdir, sys_chdir);

static long sys_fchdir(long fd)
{
	struct uk_vnode *v;
	long r = uk_vfs_fd_node(fd, &v);
	return r ? r : set_cwd(v);
}
UK_SYSCALL(fchdir, sys_fchdir);

struct find {
	uint64_t ino;
	char *name;
	size_t len;
};

static int match(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type, uint64_t next)
{
	(void)type, (void)next;
	struct find *f = ctx;
	if (ino != f->ino || (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return 0;
	uk_memcpy(f->name, name, len);
	f->len = len;
	return 1;
}

/* Prepends v's name in its parent to the path being built backwards at *at in buf. */
static long prepend_name(struct uk_vnode *v, struct uk_vnode *parent, char *buf, size_t *at)
{
	struct uk_vnode *named = v;
	while (named->mnt && named == named->mnt->root && named->mnt->covered)
		named = named->mnt->covered; /* a mount's root is known by its mount point */
	struct stat st;
	long r = named->ops->getattr(named, &st);
	if (r)
		return r;
	char name[NAME_MAX + 1];
	struct find f = {st.st_ino, name, 0};
	uint64_t cookie = 0;
	void *handle = 0;
	if (parent->ops->open && (r = parent->ops->open(parent, O_RDONLY | O_DIRECTORY, &handle)))
		return r;
	r = parent->ops->readdir(parent, handle, &cookie, match, &f);
	if (parent->ops->close)
		parent->ops->close(parent, handle);
	if (r)
		return r;
	if (!f.len)
		return -ENOENT; /* removed */
	if (*at < f.len + 1)
		return -ERANGE;
	*at -= f.len;
	uk_memcpy(buf + *at, name, f.len);
	buf[--*at] = '/';
	return 0;
}

static long sys_getcwd(long ubuf, long size)
{
	char *buf = uk_kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	size_t at = PATH_MAX - 1;
	buf[at] = 0;
	struct uk_vnode *v = uk_vfs_cwd;
	uk_vnode_hold(v);
	struct stat st;
	long r = v->ops->getattr(v, &st);
	if (!r && !st.st_nlink)
		r = -ENOENT; /* the working directory was removed */
	while (!r && v != uk_vfs_root) {
		struct uk_vnode *up;
		if ((r = uk_vfs_dotdot(v, &up)))
			break;
		r = prepend_name(v, up, buf, &at);
		uk_vnode_put(v);
		v = up;
	}
	uk_vnode_put(v);
	if (!r && at == PATH_MAX - 1)
		buf[--at] = '/';
	size_t len = PATH_MAX - at;
	if (!r && (size_t)size < len)
		r = -ERANGE;
	if (!r) {
		uk_memcpy((char *)ubuf, buf + at, len);
		r = (long)len;
	}
	uk_kfree(buf, PATH_MAX);
	return r;
}
UK_SYSCALL(getcwd, sys_getcwd);
