/* node.c: ramfs nodes, their attributes and lifetime, the size limit, and the mount of "/"
 * at boot with /tmp and /dev.
 *
 * A node lives while a directory entry links it or the VFS holds a reference to it: an
 * unlinked file stays readable through its open descriptors, as on Linux.
 *
 * Size limit: the file system may hold file data, directory entries and nodes up to a
 * share of guest RAM, 50% unless the kernel command line says otherwise
 * (ukcc.ramfs_size=N% of RAM, or a size like 64M); past it writes fail with ENOSPC. */
#include <sys/statfs.h>
#include <uk/abi.h>
#include <uk/boot.h>
#include <uk/init.h>
#include <uk/kmem.h>
#include <uk/mem.h>
#include <uk/util.h>

#include "ramfs.h"

/* statfs: the size limit is the file system's size, as for Linux's tmpfs. */
static long ramfs_statfs(struct uk_mount *m, struct statfs *st);
struct uk_mount uk_ramfs_mount = {.statfs = ramfs_statfs};
static uint64_t used, limit, next_ino = 1;

bool uk_ramfs_charge(uint64_t bytes)
{
	if (used + bytes > limit)
		return false;
	used += bytes;
	return true;
}

void uk_ramfs_uncharge(uint64_t bytes)
{
	used -= bytes;
}

#define TMPFS_MAGIC 0x01021994

static long ramfs_statfs(struct uk_mount *m, struct statfs *st)
{
	(void)m;
	st->f_type = TMPFS_MAGIC;
	st->f_blocks = limit / 4096;
	st->f_bfree = st->f_bavail = (limit - used) / 4096;
	st->f_files = limit / sizeof(struct rnode);
	st->f_ffree = (limit - used) / sizeof(struct rnode);
	return 0;
}

void uk_ramfs_touch(struct rnode *n, bool a, bool m, bool c)
{
	int64_t now = uk_vfs_now();
	if (a)
		n->atime = now;
	if (m)
		n->mtime = now;
	if (c)
		n->ctime = now;
}

struct rnode *uk_ramfs_node(mode_t mode, const struct uk_vnode_ops *ops)
{
	if (!uk_ramfs_charge(sizeof(struct rnode)))
		return 0;
	struct rnode *n = uk_kzalloc(sizeof *n);
	if (!n) {
		uk_ramfs_uncharge(sizeof(struct rnode));
		return 0;
	}
	n->v.ops = ops;
	n->v.mnt = &uk_ramfs_mount;
	n->v.refs = 1;
	n->v.type = mode & S_IFMT;
	n->mode = mode;
	n->nlink = 1;
	n->ino = next_ino++;
	uk_ramfs_touch(n, true, true, true);
	return n;
}

void uk_ramfs_maybe_free(struct rnode *n)
{
	if (n->nlink || n->v.refs)
		return;
	if (S_ISREG(n->mode))
		uk_ramfs_free_data(n);
	else if (S_ISLNK(n->mode) && n->target) {
		uk_kfree(n->target, n->size + 1);
		uk_ramfs_uncharge(n->size + 1);
	}
	struct rnode *parent = S_ISDIR(n->mode) ? n->dir.parent : 0;
	if (S_ISDIR(n->mode))
		uk_ramfs_dir_free(n);
	uk_kfree(n, sizeof *n);
	uk_ramfs_uncharge(sizeof *n);
	if (parent)
		uk_vnode_put(&parent->v);
}

void uk_ramfs_unlinked(struct rnode *n)
{
	n->nlink--;
	uk_ramfs_touch(n, false, false, true);
	uk_ramfs_maybe_free(n);
}

/* A directory lost its entry: it lives on while referenced (a working directory), and its
 * ".." still leads to its old parent, which it therefore keeps alive. */
void uk_ramfs_dir_removed(struct rnode *n)
{
	uk_vnode_hold(&n->dir.parent->v);
	n->nlink = 0;
	uk_ramfs_touch(n, false, false, true);
	uk_ramfs_maybe_free(n);
}

void uk_ramfs_release(struct uk_vnode *v)
{
	uk_ramfs_maybe_free(R(v));
}

static struct timespec ts(int64_t ns)
{
	return (struct timespec){ns / 1000000000, ns % 1000000000};
}

long uk_ramfs_getattr(struct uk_vnode *v, struct stat *st)
{
	struct rnode *n = R(v);
	uk_memset(st, 0, sizeof *st);
	st->st_dev = uk_ramfs_mount.dev;
	st->st_ino = n->ino;
	st->st_mode = n->mode;
	st->st_nlink = n->nlink;
	st->st_uid = n->uid;
	st->st_gid = n->gid;
	st->st_rdev = n->rdev;
	st->st_size = S_ISDIR(n->mode) ? (off_t)(n->dir.count + 2) * 20 : (off_t)n->size;
	st->st_blksize = UK_PAGE_SIZE;
	st->st_blocks = S_ISREG(n->mode) ? (blkcnt_t)(UK_ALIGN_UP(n->size, UK_PAGE_SIZE) / 512) : 0;
	st->st_atim = ts(n->atime);
	st->st_mtim = ts(n->mtime);
	st->st_ctim = ts(n->ctime);
	return 0;
}

long uk_ramfs_setattr(struct uk_vnode *v, const struct uk_setattr *a)
{
	struct rnode *n = R(v);
	if (a->mask & UK_SET_SIZE) {
		long r = uk_ramfs_truncate(n, a->size);
		if (r)
			return r;
		uk_ramfs_touch(n, false, true, false);
	}
	if (a->mask & UK_SET_MODE)
		n->mode = (n->mode & S_IFMT) | (a->mode & 07777);
	if (a->mask & UK_SET_UID)
		n->uid = a->uid;
	if (a->mask & UK_SET_GID)
		n->gid = a->gid;
	if (a->mask & UK_SET_ATIME)
		n->atime = a->atime_ns;
	if (a->mask & UK_SET_MTIME)
		n->mtime = a->mtime_ns;
	uk_ramfs_touch(n, false, false, true);
	return 0;
}

/* The image's default share (a manifest field, written by ukcc), else 50%. */
__attribute__((weak)) const char __uk_ramfs_size[] = "50%";

static uint64_t parse_size(const char *s, uint64_t ram)
{
	uint64_t v = 0;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	switch (*s) {
	case '%':
		return ram / 100 * v;
	case 'K': case 'k':
		return v << 10;
	case 'M': case 'm':
		return v << 20;
	case 'G': case 'g':
		return v << 30;
	}
	return v;
}

static uint64_t size_limit(void)
{
	uint64_t ram = 0;
	for (unsigned i = 0; i < uk_boot.nram; i++)
		ram += uk_boot.ram[i].end - uk_boot.ram[i].start;
	const char *spec = __uk_ramfs_size, *c = uk_boot.cmdline;
	size_t k = uk_strlen(UK_CMDLINE_RAMFS_SIZE);
	for (; c && *c; c++)
		if ((c == uk_boot.cmdline || c[-1] == ' ') && !uk_strncmp(c, UK_CMDLINE_RAMFS_SIZE, k))
			spec = c + k;
	return parse_size(spec, ram);
}

static struct rnode *mkdir_at(struct rnode *parent, const char *name, mode_t mode)
{
	struct uk_vnode *d;
	if (uk_ramfs_dir_ops.mkdir(&parent->v, name, mode) || uk_ramfs_dir_ops.lookup(&parent->v, name, &d))
		uk_panic("ramfs: out of memory at boot");
	d->refs--; /* the directory entry keeps it */
	return R(d);
}

static void ramfs_init(void)
{
	limit = size_limit();
	struct rnode *root = uk_ramfs_node(S_IFDIR | 0755, &uk_ramfs_dir_ops);
	if (!root)
		uk_panic("ramfs: no memory for the root directory");
	root->nlink = 2;
	root->dir.parent = root;
	root->dir.next_cookie = 3;
	uk_vfs_mount_root(&root->v, &uk_ramfs_mount);
	mkdir_at(root, "tmp", 01777);
	uk_ramfs_devices(mkdir_at(root, "dev", 0755));
}
UK_INITCALL(4, 0, ramfs_init);
