/* node.c: nodes of a shared directory: one per host file while referenced (found by qid),
 * their attributes, and lookup. */
#include <sys/stat.h>
#include <uk/kmem.h>
#include <uk/util.h>

#include "fs.h"

/* The S_IFMT type of what fid names: the qid tells directories and symbolic links apart;
 * anything else may be a regular file, a FIFO, a socket or a device, which takes a getattr. */
static long type_of(struct uk_9p *c, uint32_t fid, const struct uk_9p_qid *q, mode_t *type)
{
	if (q->type & P9_QID_DIR) {
		*type = S_IFDIR;
		return 0;
	}
	if (q->type & P9_QID_SYMLINK) {
		*type = S_IFLNK;
		return 0;
	}
	struct uk_9p_attr a;
	int rc = uk_9p_getattr(c, fid, P9_GETATTR_BASIC, &a);
	*type = a.mode & S_IFMT;
	return rc;
}

static struct p9_node *cached(struct p9_share *s, uint64_t qpath)
{
	for (struct p9_node *n = s->nodes[qpath % P9_NODE_BUCKETS]; n; n = n->next)
		if (n->qpath == qpath)
			return n;
	return 0;
}

/* Requests block, and another thread may then look up the same file: search the cache after
 * the last request, and never leave a node's fid one that is being clunked. */
long uk_9p_node_get(struct p9_share *s, uint32_t fid, const struct uk_9p_qid *q, mode_t type,
		    struct p9_node **out)
{
	long rc = type || cached(s, q->path) ? 0 : type_of(s->conn, fid, q, &type);
	struct p9_node *n = cached(s, q->path);
	if (n) {
		/* Keep the newest fid: the name the node was first found by may be gone (an
		 * unlinked hard link), and QEMU's fids follow names. The one it replaces is
		 * clunked only at the next replacement, since a thread waiting for the
		 * connection may be about to use it. */
		uint32_t stale = n->stale;
		n->stale = n->fid;
		n->fid = fid;
		uk_vnode_hold(&n->v);
		if (stale != P9_NOFID)
			uk_9p_clunk(s->conn, stale);
		*out = n;
		return 0;
	}
	n = rc ? 0 : uk_kzalloc(sizeof *n);
	if (!n) {
		uk_9p_clunk(s->conn, fid);
		return rc ? rc : -ENOMEM;
	}
	n->v = (struct uk_vnode){.ops = &uk_9p_vnode_ops, .mnt = &s->mnt, .refs = 1, .type = type};
	n->share = s;
	n->qpath = q->path;
	n->fid = fid;
	n->created = n->stale = P9_NOFID;
	n->next = s->nodes[q->path % P9_NODE_BUCKETS];
	s->nodes[q->path % P9_NODE_BUCKETS] = n;
	*out = n;
	return 0;
}

void uk_9p_vop_release(struct uk_vnode *v)
{
	struct p9_node *n = p9_node(v);
	for (struct p9_node **p = &n->share->nodes[n->qpath % P9_NODE_BUCKETS]; *p; p = &(*p)->next)
		if (*p == n) {
			*p = n->next;
			break;
		}
	if (n->created != P9_NOFID)
		uk_9p_clunk(n->share->conn, n->created);
	if (n->stale != P9_NOFID)
		uk_9p_clunk(n->share->conn, n->stale);
	uk_9p_clunk(n->share->conn, n->fid);
	uk_kfree(n, sizeof *n);
}

long uk_9p_vop_lookup(struct uk_vnode *dir, const char *name, struct uk_vnode **out)
{
	struct p9_node *d = p9_node(dir);
	/* The VFS answers ".." at a mount's root itself; should it ever ask, the share's root
	 * is its own parent, as "/" is. (QEMU never walks above its root either.) */
	if (d->root && name[0] == '.' && name[1] == '.' && !name[2]) {
		uk_vnode_hold(dir);
		*out = dir;
		return 0;
	}
	struct uk_9p *c = d->share->conn;
	uint32_t fid = uk_9p_fid_alloc(c);
	struct uk_9p_qid q;
	uint16_t len = (uint16_t)uk_strlen(name);
	int rc = uk_9p_walk(c, d->fid, fid, 1, &name, &len, &q);
	if (rc) {
		uk_9p_fid_release(c, fid);
		return rc;
	}
	struct p9_node *n;
	if ((rc = (int)uk_9p_node_get(d->share, fid, &q, 0, &n)))
		return rc;
	*out = &n->v;
	return 0;
}

long uk_9p_vop_getattr(struct uk_vnode *v, struct stat *st)
{
	struct uk_9p_attr a;
	int rc = uk_9p_getattr(p9_conn(v), p9_node(v)->fid, P9_GETATTR_BASIC, &a);
	if (rc == -ENOENT && uk_9p_open_fid(p9_node(v)) != P9_NOFID)
		rc = uk_9p_getattr(p9_conn(v), uk_9p_open_fid(p9_node(v)), P9_GETATTR_BASIC, &a);
	if (rc)
		return rc;
	uk_memset(st, 0, sizeof *st);
	st->st_dev = v->mnt->dev;
	st->st_ino = a.qid.path;
	st->st_mode = a.mode;
	st->st_nlink = a.nlink;
	st->st_uid = a.uid;
	st->st_gid = a.gid;
	st->st_rdev = a.rdev;
	st->st_size = (off_t)a.size;
	st->st_blksize = (blksize_t)a.blksize;
	st->st_blocks = (blkcnt_t)a.blocks;
	st->st_atim = (struct timespec){(time_t)a.atime_sec, (long)a.atime_nsec};
	st->st_mtim = (struct timespec){(time_t)a.mtime_sec, (long)a.mtime_nsec};
	st->st_ctim = (struct timespec){(time_t)a.ctime_sec, (long)a.ctime_nsec};
	return 0;
}

static void split_ns(int64_t ns, uint64_t *sec, uint64_t *nsec)
{
	*sec = (uint64_t)(ns / 1000000000);
	*nsec = (uint64_t)(ns % 1000000000);
}

long uk_9p_vop_setattr(struct uk_vnode *v, const struct uk_setattr *a)
{
	struct uk_9p_setattr s = {0};
	if (a->mask & UK_SET_MODE)
		s.valid |= P9_SETATTR_MODE, s.mode = a->mode & 07777;
	if (a->mask & UK_SET_UID)
		s.valid |= P9_SETATTR_UID, s.uid = a->uid;
	if (a->mask & UK_SET_GID)
		s.valid |= P9_SETATTR_GID, s.gid = a->gid;
	if (a->mask & UK_SET_SIZE)
		s.valid |= P9_SETATTR_SIZE, s.size = a->size;
	if (a->mask & UK_SET_ATIME) {
		s.valid |= P9_SETATTR_ATIME | P9_SETATTR_ATIME_SET;
		split_ns(a->atime_ns, &s.atime_sec, &s.atime_nsec);
	}
	if (a->mask & UK_SET_MTIME) {
		s.valid |= P9_SETATTR_MTIME | P9_SETATTR_MTIME_SET;
		split_ns(a->mtime_ns, &s.mtime_sec, &s.mtime_nsec);
	}
	if (!s.valid)
		return 0;
	s.valid |= P9_SETATTR_CTIME; /* the host sets ctime to now */
	int rc = uk_9p_setattr(p9_conn(v), p9_node(v)->fid, &s);
	if (rc == -ENOENT && uk_9p_open_fid(p9_node(v)) != P9_NOFID)
		rc = uk_9p_setattr(p9_conn(v), uk_9p_open_fid(p9_node(v)), &s);
	return rc;
}
