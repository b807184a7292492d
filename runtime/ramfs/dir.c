/* dir.c: ramfs directories: a list of entries in creation order, each with a cookie that
 * readdir resumes from, so entries added or removed during a listing never make it skip
 * or repeat the others. "." and ".." are cookies 0 and 1, entries start at 3. A directory
 * that grows past HASH_FROM entries gets a page of hash buckets, so that looking a name up
 * in a directory of thousands of files stays cheap. */
#include <dirent.h>
#include <uk/kmem.h>
#include <uk/util.h>

#include "ramfs.h"

static size_t dirent_size(size_t len)
{
	return sizeof(struct rdirent) + len + 1;
}

#define HASH_FROM 32
#define NBUCKETS (UK_KMEM_MAX / sizeof(struct rdirent *))

static uint32_t hash(const char *name, size_t len)
{
	uint32_t h = 2166136261u;
	while (len--)
		h = (h ^ (unsigned char)*name++) * 16777619u;
	return h;
}

static void hash_in(struct rnode *dir, struct rdirent *e)
{
	struct rdirent **b = &dir->dir.buckets[e->hash % NBUCKETS];
	e->hnext = *b;
	*b = e;
}

/* Indexes a directory that has grown large; stays a plain list if memory is short. */
static void make_buckets(struct rnode *dir)
{
	if (!uk_ramfs_charge(UK_KMEM_MAX))
		return;
	if (!(dir->dir.buckets = uk_kzalloc(UK_KMEM_MAX))) {
		uk_ramfs_uncharge(UK_KMEM_MAX);
		return;
	}
	for (struct rdirent *e = dir->dir.head; e; e = e->next)
		hash_in(dir, e);
}

void uk_ramfs_dir_free(struct rnode *dir)
{
	if (dir->dir.buckets) {
		uk_kfree(dir->dir.buckets, UK_KMEM_MAX);
		uk_ramfs_uncharge(UK_KMEM_MAX);
	}
}

static struct rdirent *find(struct rnode *dir, const char *name)
{
	size_t len = uk_strlen(name);
	uint32_t h = hash(name, len);
	struct rdirent *e = dir->dir.buckets ? dir->dir.buckets[h % NBUCKETS] : dir->dir.head;
	for (; e; e = dir->dir.buckets ? e->hnext : e->next)
		if (e->hash == h && e->len == len && !uk_strncmp(e->name, name, len))
			return e;
	return 0;
}

long uk_ramfs_add(struct rnode *dir, const char *name, struct rnode *node)
{
	size_t len = uk_strlen(name), size = dirent_size(len);
	if (!uk_ramfs_charge(size))
		return -ENOSPC;
	struct rdirent *e = uk_kmalloc(size);
	if (!e) {
		uk_ramfs_uncharge(size);
		return -ENOSPC;
	}
	e->node = node;
	e->cookie = dir->dir.next_cookie++;
	e->len = (uint8_t)len;
	e->hash = hash(name, len);
	uk_memcpy(e->name, name, len + 1);
	e->next = 0;
	e->prev = dir->dir.tail;
	if (e->prev)
		e->prev->next = e;
	else
		dir->dir.head = e;
	dir->dir.tail = e;
	dir->dir.count++;
	if (dir->dir.buckets)
		hash_in(dir, e);
	else if (dir->dir.count >= HASH_FROM)
		make_buckets(dir);
	if (S_ISDIR(node->mode)) {
		node->dir.parent = dir;
		dir->nlink++;
	}
	uk_ramfs_touch(dir, false, true, true);
	return 0;
}

/* Takes the entry out of dir; the node loses that link (but is not freed here). */
static void take_out(struct rnode *dir, struct rdirent *e)
{
	if (dir->dir.buckets) {
		struct rdirent **b = &dir->dir.buckets[e->hash % NBUCKETS];
		while (*b != e)
			b = &(*b)->hnext;
		*b = e->hnext;
	}
	if (e->prev)
		e->prev->next = e->next;
	else
		dir->dir.head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		dir->dir.tail = e->prev;
	dir->dir.count--;
	if (S_ISDIR(e->node->mode))
		dir->nlink--;
	uk_kfree(e, dirent_size(e->len));
	uk_ramfs_uncharge(dirent_size(e->len));
	uk_ramfs_touch(dir, false, true, true);
}

static long dir_lookup(struct uk_vnode *v, const char *name, struct uk_vnode **out)
{
	struct rnode *dir = R(v), *n;
	if (name[0] == '.' && name[1] == '.' && !name[2]) {
		n = dir->dir.parent; /* a removed directory keeps its parent for ".." */
	} else {
		struct rdirent *e = find(dir, name);
		if (!e)
			return -ENOENT;
		n = e->node;
	}
	uk_vnode_hold(&n->v);
	*out = &n->v;
	return 0;
}

/* A new node linked as name in dir, returned with a reference. */
static long make(struct rnode *dir, const char *name, mode_t mode, const struct uk_vnode_ops *ops,
		 struct rnode **out)
{
	if (!dir->nlink)
		return -ENOENT; /* creating in a removed directory */
	struct rnode *n = uk_ramfs_node(mode, ops);
	if (!n)
		return -ENOSPC;
	if (S_ISDIR(mode)) {
		n->nlink = 2;
		n->dir.next_cookie = 3;
	}
	long r = uk_ramfs_add(dir, name, n);
	if (r) {
		n->nlink = 0;
		n->v.refs = 0;
		uk_ramfs_maybe_free(n);
		return r;
	}
	n->uid = 0;
	n->gid = 0;
	*out = n;
	return 0;
}

static long dir_create(struct uk_vnode *dir, const char *name, mode_t mode, struct uk_vnode **out)
{
	struct rnode *n;
	long r = make(R(dir), name, S_IFREG | mode, &uk_ramfs_file_ops, &n);
	if (!r)
		*out = &n->v;
	return r;
}

static long dir_mkdir(struct uk_vnode *dir, const char *name, mode_t mode)
{
	struct rnode *n;
	long r = make(R(dir), name, S_IFDIR | mode, &uk_ramfs_dir_ops, &n);
	if (!r)
		uk_vnode_put(&n->v);
	return r;
}

static long dir_symlink(struct uk_vnode *dir, const char *name, const char *target)
{
	size_t len = uk_strlen(target);
	if (!uk_ramfs_charge(len + 1))
		return -ENOSPC;
	char *t = uk_kmalloc(len + 1);
	struct rnode *n = 0;
	long r = t ? make(R(dir), name, S_IFLNK | 0777, &uk_ramfs_link_ops, &n) : -ENOSPC;
	if (r) {
		uk_kfree(t, len + 1);
		uk_ramfs_uncharge(len + 1);
		return r;
	}
	uk_memcpy(t, target, len + 1);
	n->target = t;
	n->size = len;
	uk_vnode_put(&n->v);
	return 0;
}

static long dir_link(struct uk_vnode *dir, const char *name, struct uk_vnode *v)
{
	if (!R(dir)->nlink || !R(v)->nlink)
		return -ENOENT;
	long r = uk_ramfs_add(R(dir), name, R(v));
	if (!r) {
		R(v)->nlink++;
		uk_ramfs_touch(R(v), false, false, true);
	}
	return r;
}

static long dir_unlink(struct uk_vnode *dir, const char *name)
{
	struct rdirent *e = find(R(dir), name);
	if (!e)
		return -ENOENT;
	struct rnode *n = e->node;
	take_out(R(dir), e);
	uk_ramfs_unlinked(n);
	return 0;
}

static long dir_rmdir(struct uk_vnode *dir, const char *name)
{
	struct rdirent *e = find(R(dir), name);
	if (!e)
		return -ENOENT;
	struct rnode *n = e->node;
	if (n->dir.count)
		return -ENOTEMPTY;
	take_out(R(dir), e);
	uk_ramfs_dir_removed(n);
	return 0;
}

/* Puts node under newname in ndir, replacing what is there (already checked by the VFS). */
static long move(struct rnode *odir, struct rdirent *oe, struct rnode *ndir, const char *newname,
		 struct rdirent *ne)
{
	struct rnode *n = oe->node;
	if (ne && S_ISDIR(ne->node->mode) && ne->node->dir.count)
		return -ENOTEMPTY;
	/* The new entry first: if memory runs out nothing has changed. */
	long r = uk_ramfs_add(ndir, newname, n); /* a directory: ndir's link count grows */
	if (r)
		return r;
	if (ne) {
		struct rnode *old = ne->node;
		take_out(ndir, ne);
		if (S_ISDIR(old->mode))
			uk_ramfs_dir_removed(old);
		else
			uk_ramfs_unlinked(old);
	}
	take_out(odir, oe); /* and odir's shrinks */
	uk_ramfs_touch(n, false, false, true);
	return 0;
}

static long dir_rename(struct uk_vnode *od, const char *oname, struct uk_vnode *nd, const char *nname,
		   unsigned flags)
{
	struct rnode *odir = R(od), *ndir = R(nd);
	struct rdirent *oe = find(odir, oname), *ne = find(ndir, nname);
	if (!oe)
		return -ENOENT;
	if (!(flags & 2)) /* not RENAME_EXCHANGE */
		return move(odir, oe, ndir, nname, ne);
	if (!ne)
		return -ENOENT;
	struct rnode *a = oe->node, *b = ne->node;
	oe->node = b;
	ne->node = a;
	if (S_ISDIR(a->mode) != S_ISDIR(b->mode) && odir != ndir) {
		struct rnode *gains = S_ISDIR(a->mode) ? ndir : odir, *loses = gains == ndir ? odir : ndir;
		gains->nlink++;
		loses->nlink--;
	}
	if (S_ISDIR(a->mode))
		a->dir.parent = ndir;
	if (S_ISDIR(b->mode))
		b->dir.parent = odir;
	uk_ramfs_touch(odir, false, true, true);
	uk_ramfs_touch(ndir, false, true, true);
	uk_ramfs_touch(a, false, false, true);
	uk_ramfs_touch(b, false, false, true);
	return 0;
}

static unsigned dtype(mode_t m)
{
	return (m & S_IFMT) >> 12; /* DT_* are the S_IF* type bits shifted down */
}

static long dir_readdir(struct uk_vnode *v, void *handle, uint64_t *cookie, uk_filldir_fn fill, void *ctx)
{
	(void)handle;
	struct rnode *dir = R(v);
	if (!dir->nlink)
		return -ENOENT; /* a removed directory lists nothing, as on Linux */
	if (*cookie == 0) {
		if (fill(ctx, ".", 1, dir->ino, DT_DIR, 1))
			return 0;
		*cookie = 1;
	}
	if (*cookie == 1) {
		if (fill(ctx, "..", 2, dir->dir.parent->ino, DT_DIR, 2))
			return 0;
		*cookie = 2;
	}
	for (struct rdirent *e = dir->dir.head; e; e = e->next) {
		if (e->cookie <= *cookie)
			continue;
		if (fill(ctx, e->name, e->len, e->node->ino, dtype(e->node->mode), e->cookie))
			return 0;
		*cookie = e->cookie;
	}
	return 0;
}

const struct uk_vnode_ops uk_ramfs_dir_ops = {
	.getattr = uk_ramfs_getattr,
	.setattr = uk_ramfs_setattr,
	.release = uk_ramfs_release,
	.lookup = dir_lookup,
	.create = dir_create,
	.mkdir = dir_mkdir,
	.symlink = dir_symlink,
	.link = dir_link,
	.unlink = dir_unlink,
	.rmdir = dir_rmdir,
	.rename = dir_rename,
	.readdir = dir_readdir,
};
