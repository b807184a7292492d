/* rename.c: rename, renameat, renameat2, link, linkat, symlink and symlinkat: calls that
 * add or move names. The checks and their order follow Linux's namei.c, so a call that is
 * wrong in several ways fails with the errno Linux gives. */
#include <uk/syscall.h>

#include "vfs.h"

/* Is a inside the tree of directory d (a == d included)? Walks a's ".." up to the root. */
static bool inside(struct uk_vnode *a, struct uk_vnode *d)
{
	uk_vnode_hold(a);
	for (;;) {
		struct uk_vnode *up;
		if (a == d || a == uk_vfs_root || uk_vfs_dotdot(a, &up)) {
			bool r = a == d;
			uk_vnode_put(a);
			return r;
		}
		uk_vnode_put(a);
		a = up;
	}
}

static bool mount_point(const struct walk *w)
{
	return w->node && w->node->mnt != w->dir->mnt;
}

static long check_rename(struct walk *o, struct walk *n, unsigned flags)
{
	if (o->dir->mnt != n->dir->mnt)
		return -EXDEV;
	if (o->last != LAST_NORM)
		return -EBUSY;
	if (n->last != LAST_NORM)
		return flags & RENAME_NOREPLACE ? -EEXIST : -EBUSY;
	if (!o->node)
		return -ENOENT;
	if ((flags & RENAME_EXCHANGE) && !n->node)
		return -ENOENT;
	if ((flags & RENAME_NOREPLACE) && n->node)
		return -EEXIST;
	bool odir = o->node->type == S_IFDIR, ndir = n->node && n->node->type == S_IFDIR;
	if ((flags & RENAME_EXCHANGE) && !ndir && n->slash)
		return -ENOTDIR;
	if (!odir && (o->slash || (!(flags & RENAME_EXCHANGE) && n->slash)))
		return -ENOTDIR;
	if (odir && inside(n->dir, o->node))
		return -EINVAL; /* a directory into its own subtree */
	if (n->node && ndir && inside(o->dir, n->node))
		return flags & RENAME_EXCHANGE ? -EINVAL : -ENOTEMPTY; /* onto its own ancestor */
	if (o->node == n->node)
		return 1; /* two names of one file: nothing to do */
	if (!(flags & RENAME_EXCHANGE) && n->node && odir != ndir)
		return odir ? -ENOTDIR : -EISDIR;
	if (mount_point(o) || mount_point(n))
		return -EBUSY;
	if (uk_vfs_rdonly(o->dir))
		return -EROFS;
	return 0;
}

static long do_rename(long odfd, const char *op, long ndfd, const char *np, unsigned flags)
{
	if ((flags & ~(unsigned)(RENAME_NOREPLACE | RENAME_EXCHANGE)) ||
	    (flags & (RENAME_NOREPLACE | RENAME_EXCHANGE)) == (RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	struct walk o, n;
	long r = uk_walk(odfd, op, W_PARENT, &o);
	if (r)
		return r;
	if ((r = uk_walk(ndfd, np, W_PARENT, &n))) {
		uk_walk_done(&o);
		return r;
	}
	r = check_rename(&o, &n, flags);
	if (!r)
		r = o.dir->ops->rename ? o.dir->ops->rename(o.dir, o.name, n.dir, n.name, flags) : -EPERM;
	uk_walk_done(&o);
	uk_walk_done(&n);
	return r < 0 ? r : 0;
}

static long sys_rename(long op, long np)
{
	return do_rename(AT_FDCWD, (const char *)op, AT_FDCWD, (const char *)np, 0);
}
UK_SYSCALL(rename, sys_rename);

static long sys_renameat(long odfd, long op, long ndfd, long np)
{
	return do_rename(odfd, (const char *)op, ndfd, (const char *)np, 0);
}
UK_SYSCALL(renameat, sys_renameat);

static long sys_renameat2(long odfd, long op, long ndfd, long np, long flags)
{
	return do_rename(odfd, (const char *)op, ndfd, (const char *)np, (unsigned)flags & 0xffffffffu);
}
UK_SYSCALL(renameat2, sys_renameat2);

/* The directory and name for a new entry: EEXIST if something is there. */
static long new_entry(long dirfd, const char *path, struct walk *n)
{
	long r = uk_walk(dirfd, path, W_PARENT, n);
	if (r)
		return r;
	if (n->node || n->last != LAST_NORM)
		r = -EEXIST;
	else if (n->slash)
		r = -ENOENT;
	else if (uk_vfs_rdonly(n->dir))
		r = -EROFS;
	if (r)
		uk_walk_done(n);
	return r;
}

static long do_link(long odfd, const char *op, long ndfd, const char *np, long flags)
{
	flags = (int)flags;
	if (flags & ~(long)(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct walk o, n;
	long r = uk_walk(odfd, op, (flags & AT_SYMLINK_FOLLOW ? W_FOLLOW : 0) | (flags & AT_EMPTY_PATH ? W_EMPTY : 0), &o);
	if (r)
		return r;
	if (!o.node) {
		uk_walk_done(&o);
		return -ENOENT;
	}
	if ((r = new_entry(ndfd, np, &n))) {
		uk_walk_done(&o);
		return r;
	}
	if (o.node->mnt != n.dir->mnt)
		r = -EXDEV;
	else if (o.node->type == S_IFDIR || !n.dir->ops->link)
		r = -EPERM;
	else
		r = n.dir->ops->link(n.dir, n.name, o.node);
	uk_walk_done(&o);
	uk_walk_done(&n);
	return r;
}

static long sys_link(long op, long np)
{
	return do_link(AT_FDCWD, (const char *)op, AT_FDCWD, (const char *)np, 0);
}
UK_SYSCALL(link, sys_link);

static long sys_linkat(long odfd, long op, long ndfd, long np, long flags)
{
	return do_link(odfd, (const char *)op, ndfd, (const char *)np, flags);
}
UK_SYSCALL(linkat, sys_linkat);

static long do_symlink(const char *target, long dirfd, const char *path)
{
	size_t tl = uk_vfs_strnlen(target, PATH_MAX);
	if (!tl || tl >= PATH_MAX)
		return tl ? -ENAMETOOLONG : -ENOENT;
	struct walk n;
	long r = new_entry(dirfd, path, &n);
	if (r)
		return r;
	r = n.dir->ops->symlink(n.dir, n.name, target);
	uk_walk_done(&n);
	return r;
}

static long sys_symlink(long target, long path)
{
	return do_symlink((const char *)target, AT_FDCWD, (const char *)path);
}
UK_SYSCALL(symlink, sys_symlink);

static long sys_symlinkat(long target, long dirfd, long path)
{
	return do_symlink((const char *)target, dirfd, (const char *)path);
}
UK_SYSCALL(symlinkat, sys_symlinkat);
