/* path.c: path resolution as Linux's namei does it: component by component from the root
 * or a directory, "." and ".." (crossing mount points, never above the root), symbolic
 * links spliced into the rest of the path (40 at most: ELOOP), names of at most NAME_MAX
 * bytes and paths shorter than PATH_MAX (ENAMETOOLONG), and a trailing '/' that demands a
 * directory. */
#include <uk/kmem.h>
#include <uk/util.h>

#include "vfs.h"

size_t uk_vfs_strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

static struct uk_vnode *enter_mounts(struct uk_vnode *v)
{
	while (v->mounted) {
		struct uk_vnode *r = v->mounted->root;
		uk_vnode_hold(r);
		uk_vnode_put(v);
		v = r;
	}
	return v;
}

long uk_vfs_dotdot(struct uk_vnode *v, struct uk_vnode **out)
{
	while (v != uk_vfs_root && v->mnt && v == v->mnt->root && v->mnt->covered)
		v = v->mnt->covered; /* the root of a mount: its parent is the mount point's */
	if (v == uk_vfs_root) {
		uk_vnode_hold(v);
		*out = v;
		return 0;
	}
	return v->ops->lookup(v, "..", out);
}

void uk_walk_done(struct walk *w)
{
	if (w->dir)
		uk_vnode_put(w->dir);
	if (w->node)
		uk_vnode_put(w->node);
	w->dir = w->node = 0;
}

/* The paths being walked: the caller's, then the target of each symbolic link met, whose
 * walk resumes the one below when it ends (as Linux nests link bodies: a link's target and
 * the rest of the path never need to fit in one buffer together). */
struct level {
	char *buf; /* kmem, PATH_MAX bytes; NULL for the caller's path */
	const char *p;
};

static long push_link(struct uk_vnode *link, struct level *lv)
{
	char *nb = uk_kmalloc(PATH_MAX);
	if (!nb)
		return -ENOMEM;
	long n = link->ops->readlink(link, nb, PATH_MAX - 1);
	if (n >= 0 && !n)
		n = -ENOENT;
	else if (n >= PATH_MAX - 1)
		n = -ENAMETOOLONG;
	if (n < 0) {
		uk_kfree(nb, PATH_MAX);
		return n;
	}
	nb[n] = 0;
	*lv = (struct level){nb, nb};
	return 0;
}

static long walk_from(struct uk_vnode *cur, const char *path, unsigned flags, struct walk *w)
{
	struct level lv[MAXSYMLINKS + 1];
	int depth = 0;
	lv[0] = (struct level){0, path};
	long r;
	for (;;) {
		const char *p = lv[depth].p;
		while (*p == '/')
			p++;
		if (!*p && depth) { /* a link's target is done: back to what followed it */
			uk_kfree(lv[depth--].buf, PATH_MAX);
			continue;
		}
		if (!*p) { /* nothing but slashes: the directory itself */
			uk_vnode_hold(cur);
			w->dir = w->node = cur;
			w->last = LAST_ROOT;
			w->slash = true;
			w->name[0] = '/';
			w->name[1] = 0;
			r = 0;
			goto out;
		}
		const char *comp = p;
		while (*p && *p != '/')
			p++;
		size_t n = (size_t)(p - comp);
		lv[depth].p = p;
		/* Last if nothing but slashes follows, here and in every path below. */
		bool last = true, slash = false;
		for (int i = depth; i >= 0 && last; i--) {
			const char *q = lv[i].p;
			slash |= *q == '/';
			while (*q == '/')
				q++;
			last = !*q;
		}
		slash &= last;
		if (n > NAME_MAX) {
			r = -ENAMETOOLONG;
			goto fail;
		}
		if (cur->type != S_IFDIR) {
			r = -ENOTDIR;
			goto fail;
		}
		uk_memcpy(w->name, comp, n);
		w->name[n] = 0;
		int type = n == 1 && comp[0] == '.' ? LAST_DOT
			   : n == 2 && comp[0] == '.' && comp[1] == '.' ? LAST_DOTDOT : LAST_NORM;
		struct uk_vnode *next = 0;
		if (type == LAST_DOT) {
			uk_vnode_hold(cur);
			next = cur;
		} else if (type == LAST_DOTDOT) {
			if ((r = uk_vfs_dotdot(cur, &next)))
				goto fail;
		} else {
			r = cur->ops->lookup(cur, w->name, &next);
			if (r == -ENOENT && last)
				next = 0;
			else if (r)
				goto fail;
			if (next)
				next = enter_mounts(next);
		}
		if (next && next->type == S_IFLNK &&
		    (!last || (!(flags & W_PARENT) && ((flags & W_FOLLOW) || slash)))) {
			r = ++w->links > MAXSYMLINKS ? -ELOOP : push_link(next, &lv[depth + 1]);
			uk_vnode_put(next);
			if (r)
				goto fail;
			depth++;
			if (*lv[depth].p == '/') {
				uk_vnode_put(cur);
				cur = uk_vfs_root;
				uk_vnode_hold(cur);
			}
			continue;
		}
		if (last) {
			w->dir = cur;
			w->node = next;
			w->last = type;
			w->slash = slash;
			r = 0;
			if (slash && next && next->type != S_IFDIR && !(flags & W_PARENT)) {
				uk_walk_done(w);
				r = -ENOTDIR;
			}
			goto out;
		}
		uk_vnode_put(cur);
		cur = next;
	}
fail:
	uk_vnode_put(cur);
out:
	while (depth)
		uk_kfree(lv[depth--].buf, PATH_MAX);
	return r;
}

long uk_walk(long dirfd, const char *path, unsigned flags, struct walk *w)
{
	dirfd = (int)dirfd; /* the kernel's dirfd is an int: upper bits are ignored */
	w->dir = w->node = 0;
	w->links = 0;
	size_t len = uk_vfs_strnlen(path, PATH_MAX);
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	struct uk_vnode *start;
	long r;
	if (path[0] == '/') {
		start = uk_vfs_root;
		uk_vnode_hold(start);
	} else if ((r = uk_vfs_fd_node(dirfd, &start))) {
		return r;
	}
	if (!len) {
		if (!(flags & W_EMPTY)) {
			uk_vnode_put(start);
			return -ENOENT;
		}
		uk_vnode_hold(start);
		w->dir = w->node = start;
		w->last = LAST_DOT;
		w->slash = false;
		return 0;
	}
	if (start->type != S_IFDIR) {
		uk_vnode_put(start);
		return -ENOTDIR;
	}
	return walk_from(start, path, flags, w);
}
