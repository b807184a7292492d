/* file.c: open files of a shared directory: each open is a fid cloned from the node's and
 * opened with Tlopen; reads and writes go in msize-sized requests. Positions, O_APPEND and
 * O_TRUNC are the VFS's business: here every transfer has an explicit offset. */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <uk/util.h>

#include "fs.h"

#define READDIR_BYTES 8192 /* about what getdents64 takes at once (musl's DIR holds 2 KiB) */

static uint32_t fid_of(void *handle)
{
	return (uint32_t)(uintptr_t)handle; /* fids start at 1: a handle is never NULL */
}

static void *opened(struct p9_node *n, uint32_t fid)
{
	if (n->nopen < UK_ARRAY_SIZE(n->open))
		n->open[n->nopen++] = fid;
	return (void *)(uintptr_t)fid;
}

uint32_t uk_9p_open_fid(const struct p9_node *n)
{
	return n->nopen ? n->open[n->nopen - 1] : P9_NOFID;
}

long uk_9p_vop_open(struct uk_vnode *v, int flags, void **handle)
{
	struct p9_node *n = p9_node(v);
	struct uk_9p *c = n->share->conn;
	if (flags & O_PATH) {
		*handle = 0;
		return 0;
	}
	/* QEMU's 9p server will not open the host's FIFOs, sockets or device nodes (and tells
	 * the host's stderr it met a "compromised client"): refuse them here, as Linux does a
	 * FIFO with no one at the other end, or a device without its driver. */
	if (v->type != S_IFREG && v->type != S_IFDIR && v->type != S_IFLNK)
		return -ENXIO;
	if (n->created != P9_NOFID) { /* the open that follows create(): Tlcreate opened it */
		*handle = opened(n, n->created);
		n->created = P9_NOFID;
		return 0;
	}
	uint32_t fid = uk_9p_fid_alloc(c);
	int rc = uk_9p_walk(c, n->fid, fid, 0, 0, 0, 0);
	if (rc) {
		uk_9p_fid_release(c, fid);
		return rc;
	}
	/* The access mode matters to the host, and O_APPEND, so that the host appends at the
	 * file's real end, atomically, when others write it too (the VFS still tracks the
	 * position); the rest is the VFS's (creation, truncation) or means nothing across 9p
	 * (O_NOCTTY, O_CLOEXEC, O_NONBLOCK). */
	uint32_t how = v->type == S_IFDIR ? O_RDONLY | O_DIRECTORY
					  : (uint32_t)flags & (O_ACCMODE | O_APPEND | O_DSYNC | O_SYNC);
	rc = uk_9p_lopen(c, fid, how, 0);
	if (rc) {
		uk_9p_clunk(c, fid);
		return rc;
	}
	*handle = opened(n, fid);
	return 0;
}

void uk_9p_vop_close(struct uk_vnode *v, void *handle)
{
	struct p9_node *n = p9_node(v);
	if (!handle)
		return;
	for (unsigned i = 0; i < n->nopen; i++)
		if (n->open[i] == fid_of(handle)) {
			n->open[i] = n->open[--n->nopen];
			break;
		}
	uk_9p_clunk(p9_conn(v), fid_of(handle));
}

long uk_9p_vop_read(struct uk_vnode *v, void *handle, void *buf, size_t n, uint64_t off)
{
	if (!handle)
		return -EBADF;
	struct uk_9p *c = p9_conn(v);
	size_t done = 0;
	while (done < n) {
		size_t want = n - done;
		uint32_t chunk = want > uk_9p_iounit(c) ? uk_9p_iounit(c) : (uint32_t)want;
		long got = uk_9p_read(c, fid_of(handle), off + done, (char *)buf + done, chunk);
		if (got < 0)
			return done ? (long)done : got;
		done += (size_t)got;
		if ((uint32_t)got < chunk)
			break; /* end of file */
	}
	return (long)done;
}

long uk_9p_vop_write(struct uk_vnode *v, void *handle, const void *buf, size_t n, uint64_t off)
{
	if (!handle)
		return -EBADF;
	struct uk_9p *c = p9_conn(v);
	size_t done = 0;
	while (done < n) {
		size_t want = n - done;
		uint32_t chunk = want > uk_9p_iounit(c) ? uk_9p_iounit(c) : (uint32_t)want;
		long put = uk_9p_write(c, fid_of(handle), off + done, (const char *)buf + done, chunk);
		if (put < 0)
			return done ? (long)done : put;
		done += (size_t)put;
		if (!put)
			break; /* the host took nothing (a full disk reports ENOSPC instead) */
	}
	return (long)done;
}

long uk_9p_vop_fsync(struct uk_vnode *v, void *handle)
{
	return handle ? uk_9p_fsync(p9_conn(v), fid_of(handle), false) : 0;
}

struct fill_ctx {
	uk_filldir_fn fill;
	void *ctx;
	uint64_t *cookie;
	bool full;
};

static int one_entry(void *p, const struct uk_9p_dirent *d)
{
	struct fill_ctx *f = p;
	if (f->fill(f->ctx, d->name, d->namelen, d->qid.path, d->type, d->offset))
		return f->full = true;
	*f->cookie = d->offset;
	return 0;
}

/* Entries come from the host with their own resume cookies (its telldir values), which stay
 * valid while the directory changes, as the VFS asks. */
long uk_9p_vop_readdir(struct uk_vnode *dir, void *handle, uint64_t *cookie, uk_filldir_fn fill,
		       void *ctx)
{
	if (!handle)
		return -EBADF;
	struct fill_ctx f = {fill, ctx, cookie, false};
	for (;;) {
		long n = uk_9p_readdir(p9_conn(dir), fid_of(handle), *cookie, READDIR_BYTES, one_entry, &f);
		if (n <= 0 || f.full)
			return n < 0 ? n : 0;
	}
}
