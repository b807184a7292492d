/* fs.h: private to the 9p component: a shared directory as a file system of the VFS
 * (uk/vfs.h). Each node holds a fid walked to its file and never opened; opening clones it,
 * so the node's fid always names the file while any number of opens come and go. */
#ifndef P9_FS_H
#define P9_FS_H

#include <uk/vfs.h>

#include "p9.h"

#define P9_NODE_BUCKETS 64

/* One node per host file: the VFS compares nodes by address (mount roots, a directory moved
 * into itself, two names of one file), so every lookup of a file must yield the same node
 * while it is referenced. Nodes are found by qid.path (unique per share: multidevs=remap). */
struct p9_share {
	struct uk_9p *conn; /* a device's one connection, shared by the mounts made from it */
	struct uk_mount mnt;
	struct p9_node *nodes[P9_NODE_BUCKETS];
};

struct p9_node {
	struct uk_vnode v;
	struct p9_share *share;
	struct p9_node *next; /* in share->nodes */
	uint64_t qpath;
	uint32_t fid;     /* walked to the file (by its latest name), not open */
	uint32_t stale;   /* the fid it replaced, clunked later, or NOFID */
	uint32_t created; /* the open fid Tlcreate left, for the open that follows, or NOFID */
	bool root;        /* the share's root: ".." never walks above it */
	/* Some of its open fids: once its last name is unlinked, the node's own fid names
	 * nothing, and attributes go through an open one (as fstat does on Linux). */
	uint32_t open[4];
	unsigned nopen;
};

/* The node's fid for a getattr or setattr that failed with ENOENT on n->fid: an open fid, or
 * NOFID. */
uint32_t uk_9p_open_fid(const struct p9_node *n);

static inline struct p9_node *p9_node(struct uk_vnode *v)
{
	return (struct p9_node *)v; /* v is the first member */
}

static inline struct uk_9p *p9_conn(struct uk_vnode *v)
{
	return p9_node(v)->share->conn;
}

/* The node for the file fid was walked to (qid q), with a reference: the existing one, which
 * takes fid over as its handle on the file's latest name, or a new one of the given S_IFMT
 * type (0: ask the host). fid is the node's either way, or clunked on failure. */
long uk_9p_node_get(struct p9_share *s, uint32_t fid, const struct uk_9p_qid *q, mode_t type,
		    struct p9_node **out);

/* The operations, split by what they act on (node.c: nodes and attributes; fs.c: changes to
 * the tree; file.c: open files). */
extern const struct uk_vnode_ops uk_9p_vnode_ops;
struct statfs;
long uk_9p_mnt_statfs(struct uk_mount *m, struct statfs *st);
void uk_9p_vop_release(struct uk_vnode *v);
long uk_9p_vop_lookup(struct uk_vnode *dir, const char *name, struct uk_vnode **out);
long uk_9p_vop_getattr(struct uk_vnode *v, struct stat *st);
long uk_9p_vop_setattr(struct uk_vnode *v, const struct uk_setattr *a);
long uk_9p_vop_open(struct uk_vnode *v, int flags, void **handle);
void uk_9p_vop_close(struct uk_vnode *v, void *handle);
long uk_9p_vop_read(struct uk_vnode *v, void *handle, void *buf, size_t n, uint64_t off);
long uk_9p_vop_write(struct uk_vnode *v, void *handle, const void *buf, size_t n, uint64_t off);
long uk_9p_vop_fsync(struct uk_vnode *v, void *handle);
long uk_9p_vop_readdir(struct uk_vnode *dir, void *handle, uint64_t *cookie, uk_filldir_fn fill,
		       void *ctx);

#endif
