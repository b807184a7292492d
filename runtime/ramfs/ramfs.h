/* ramfs.h: private to the ramfs component. */
#ifndef RAMFS_RAMFS_H
#define RAMFS_RAMFS_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <uk/vfs.h>

struct rdirent;

struct rnode {
	struct uk_vnode v;
	mode_t mode; /* st_mode: type and permissions */
	uint32_t nlink;
	uid_t uid;
	gid_t gid;
	dev_t rdev;
	uint64_t ino, size;
	int64_t atime, mtime, ctime; /* ns since the epoch */
	union {
		struct { /* regular file: its pages in a radix tree of 512-way index pages */
			void *root;
			unsigned height; /* 0: root is the only data page */
			bool pinned;     /* pages mapped MAP_SHARED: never freed */
		} file;
		struct {
			struct rdirent *head, *tail; /* in cookie order */
			struct rdirent **buckets;    /* by name hash, once the directory is large */
			struct rnode *parent;        /* NULL once removed */
			uint64_t next_cookie;
			uint64_t count;
		} dir;
		char *target; /* symbolic link: size bytes, kmem */
	};
};

struct rdirent {
	struct rdirent *next, *prev;
	struct rdirent *hnext; /* in its hash bucket */
	uint32_t hash;
	struct rnode *node;
	uint64_t cookie;
	uint8_t len;
	char name[];
};

static inline struct rnode *R(struct uk_vnode *v)
{
	return (struct rnode *)v;
}

extern struct uk_mount uk_ramfs_mount;
extern const struct uk_vnode_ops uk_ramfs_dir_ops, uk_ramfs_file_ops, uk_ramfs_link_ops;

/* Accounting against the size limit (ENOSPC), in bytes. */
bool uk_ramfs_charge(uint64_t bytes);
void uk_ramfs_uncharge(uint64_t bytes);

struct rnode *uk_ramfs_node(mode_t mode, const struct uk_vnode_ops *ops);
void uk_ramfs_touch(struct rnode *n, bool a, bool m, bool c);
long uk_ramfs_getattr(struct uk_vnode *v, struct stat *st);
long uk_ramfs_setattr(struct uk_vnode *v, const struct uk_setattr *a);
void uk_ramfs_release(struct uk_vnode *v);
/* Drops one link; frees the node when no link and no reference remain. */
void uk_ramfs_unlinked(struct rnode *n);
void uk_ramfs_maybe_free(struct rnode *n);
void uk_ramfs_dir_removed(struct rnode *n);
void uk_ramfs_dir_free(struct rnode *dir);

/* Regular files' data. */
long uk_ramfs_truncate(struct rnode *n, uint64_t size);
void uk_ramfs_free_data(struct rnode *n);

/* Adds name -> node in dir (an internal use: /dev at boot). */
long uk_ramfs_add(struct rnode *dir, const char *name, struct rnode *node);
void uk_ramfs_devices(struct rnode *dev);

#endif
