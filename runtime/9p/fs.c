/* fs.c: the calls that change a shared directory's tree, each one 9P2000.L request (create
 * takes three), and the operations table. The VFS has made the generic checks (uk/vfs.h);
 * the host makes its own, and its errno comes back as is. */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <uk/util.h>

#include "fs.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE 2
#endif

/* Tlcreate opens what it creates: that fid is kept for the open(2) that follows, because a
 * file created with mode 0444 may be written through the descriptor that created it. */
static long p9_create(struct uk_vnode *dir, const char *name, mode_t mode, struct uk_vnode **out)
{
	struct p9_node *d = p9_node(dir);
	struct uk_9p *c = d->share->conn;
	uint32_t fid = uk_9p_fid_alloc(c);
	int rc = uk_9p_walk(c, d->fid, fid, 0, 0, 0, 0);
	if (rc) {
		uk_9p_fid_release(c, fid);
		return rc;
	}
	rc = uk_9p_lcreate(c, fid, name, O_RDWR | O_CREAT | O_EXCL, mode & 07777, 0);
	if (!rc)
		rc = (int)uk_9p_vop_lookup(dir, name, out);
	if (rc) {
		uk_9p_clunk(c, fid);
		return rc;
	}
	struct p9_node *n = p9_node(*out);
	if (n->created != P9_NOFID)
		uk_9p_clunk(c, n->created);
	n->created = fid;
	return 0;
}

static long p9_mkdir(struct uk_vnode *dir, const char *name, mode_t mode)
{
	return uk_9p_mkdir(p9_conn(dir), p9_node(dir)->fid, name, mode & 07777, 0);
}

static long p9_symlink(struct uk_vnode *dir, const char *name, const char *target)
{
	return uk_9p_symlink(p9_conn(dir), p9_node(dir)->fid, name, target, 0);
}

static long p9_link(struct uk_vnode *dir, const char *name, struct uk_vnode *v)
{
	return uk_9p_link(p9_conn(dir), p9_node(dir)->fid, p9_node(v)->fid, name);
}

static long p9_unlink(struct uk_vnode *dir, const char *name)
{
	return uk_9p_unlinkat(p9_conn(dir), p9_node(dir)->fid, name, 0);
}

static long p9_rmdir(struct uk_vnode *dir, const char *name)
{
	return uk_9p_unlinkat(p9_conn(dir), p9_node(dir)->fid, name, AT_REMOVEDIR);
}

static long p9_rename(struct uk_vnode *olddir, const char *oldname, struct uk_vnode *newdir,
		      const char *newname, unsigned flags)
{
	if (flags & RENAME_EXCHANGE)
		return -EINVAL; /* 9P2000.L has no exchange (Linux's v9fs answers the same) */
	/* RENAME_NOREPLACE: the VFS has checked that newname does not exist. */
	return uk_9p_renameat(p9_conn(olddir), p9_node(olddir)->fid, oldname, p9_node(newdir)->fid,
			      newname);
}

static long p9_readlink(struct uk_vnode *v, char *buf, size_t n)
{
	return uk_9p_readlink(p9_conn(v), p9_node(v)->fid, buf, n);
}

/* statfs(2): the host's answer for the shared directory's file system, as Linux's v9fs
 * gives it (the host's f_type included, as v9fs passes it through). */
long uk_9p_mnt_statfs(struct uk_mount *m, struct statfs *st)
{
	struct uk_9p_statfs s;
	struct p9_node *root = p9_node(m->root);
	int rc = uk_9p_statfs(root->share->conn, root->fid, &s);
	if (rc)
		return rc;
	st->f_type = s.type;
	st->f_bsize = st->f_frsize = s.bsize;
	st->f_blocks = s.blocks;
	st->f_bfree = s.bfree;
	st->f_bavail = s.bavail;
	st->f_files = s.files;
	st->f_ffree = s.ffree;
	st->f_namelen = s.namelen;
	return 0;
}

const struct uk_vnode_ops uk_9p_vnode_ops = {
	.getattr = uk_9p_vop_getattr,
	.setattr = uk_9p_vop_setattr,
	.release = uk_9p_vop_release,
	.lookup = uk_9p_vop_lookup,
	.create = p9_create,
	.mkdir = p9_mkdir,
	.symlink = p9_symlink,
	.link = p9_link,
	.unlink = p9_unlink,
	.rmdir = p9_rmdir,
	.rename = p9_rename,
	.readdir = uk_9p_vop_readdir,
	.readlink = p9_readlink,
	.open = uk_9p_vop_open,
	.close = uk_9p_vop_close,
	.read = uk_9p_vop_read,
	.write = uk_9p_vop_write,
	.fsync = uk_9p_vop_fsync,
};
