/* client.c: the 9P2000.L client over one virtio-9p device. One request is in flight at a time,
 * so every message uses tag 1 and one pair of buffers: the T-message is built in tx, the
 * reply lands in rx. A thread that finds the connection busy (another thread waits for its
 * reply) sleeps until the reply has been decoded: uk_9p_request takes the connection,
 * uk_9p_done gives it back. */
#include <errno.h>
#include <uk/util.h>
#include <uk/virtio.h>
#include <uk/wait.h>

#include "p9.h"

#define VIRTIO_9P_MOUNT_TAG 1
#define TAG 1
#define MSIZE_MAX (512u << 10) /* Linux's largest for virtio; fewer round trips under TCG */
#define MSIZE_MIN (8u << 10)

bool uk_9p_tag(struct uk_virtio_dev *dev, char *tag, size_t cap)
{
	uint16_t n;
	uk_virtio_config(dev, 0, &n, 2);
	if (!n || n >= cap)
		return false;
	uk_virtio_config(dev, 2, tag, n);
	tag[n] = 0;
	return true;
}

uint32_t uk_9p_fid_alloc(struct uk_9p *c)
{
	if (c->nfree_fids)
		return c->free_fids[--c->nfree_fids];
	return c->next_fid++;
}

void uk_9p_fid_release(struct uk_9p *c, uint32_t fid)
{
	if (c->nfree_fids < UK_ARRAY_SIZE(c->free_fids))
		c->free_fids[c->nfree_fids++] = fid;
}

uint32_t uk_9p_iounit(const struct uk_9p *c)
{
	return c->msize - P9_IOHDR;
}

/* Weak: with the scheduler absent there is one thread, which never finds the connection busy. */
extern int uk_wait(struct uk_waitq *q, uint64_t deadline_ns) __attribute__((weak));
extern void uk_wake(struct uk_waitq *q) __attribute__((weak));

void uk_9p_request(struct uk_9p *c, struct uk_9p_buf *t, uint8_t type)
{
	/* System calls are not preempted: the flag can only change while this thread sleeps. */
	while (c->busy && uk_wait)
		uk_wait(&c->idle, 0);
	c->busy = true;
	*t = (struct uk_9p_buf){c->tx, c->msize, 0, false};
	uk_9p_begin(t, type, type == P9_TVERSION ? P9_NOTAG : TAG);
}

int uk_9p_done(struct uk_9p *c, const struct uk_9p_buf *r, int rc)
{
	c->busy = false;
	if (uk_wake)
		uk_wake(&c->idle);
	return r->bad && !rc ? -EIO : rc;
}

int uk_9p_rpc(struct uk_9p *c, struct uk_9p_buf *t, struct uk_9p_buf *r)
{
	*r = (struct uk_9p_buf){c->rx, 0, 0, false};
	uint8_t type = t->p[4];
	uk_9p_finish(t);
	if (t->bad)
		return -ENAMETOOLONG; /* only names and data can overflow a message */
	struct uk_virtio_buf bufs[2] = {{(uint64_t)c->tx, t->off}, {(uint64_t)c->rx, c->msize}};
	int id = uk_virtq_submit(&c->q, bufs, 1, 1);
	if (id < 0)
		return -EIO;
	uint32_t got = uk_virtq_wait(&c->q, id);
	*r = (struct uk_9p_buf){c->rx, got < c->msize ? got : c->msize, 0, false};
	uint32_t size = uk_9p_get32(r);
	uint8_t rtype = uk_9p_get8(r);
	uk_9p_get16(r);
	if (r->bad || size > r->cap || size < P9_HDR)
		return -EIO;
	r->cap = size;
	if (rtype == P9_RLERROR) {
		uint32_t e = uk_9p_get32(r);
		return !r->bad && e && e < 4096 ? -(int)e : -EIO;
	}
	return rtype == type + 1 ? 0 : -EIO;
}

int uk_9p_connect(struct uk_9p *c, struct uk_virtio_dev *dev)
{
	*c = (struct uk_9p){.dev = dev, .next_fid = 1};
	if (uk_virtio_start(dev, VIRTIO_9P_MOUNT_TAG) < 0)
		return -EIO;
	int rc = uk_virtq_init(dev, &c->q, 0, 0);
	if (rc)
		return rc;
	uk_virtio_ready(dev);
	for (c->msize = MSIZE_MAX; c->msize >= MSIZE_MIN; c->msize /= 2) {
		c->tx = uk_virtio_dma_alloc(c->msize);
		c->rx = c->tx ? uk_virtio_dma_alloc(c->msize) : 0;
		if (c->rx)
			break;
		if (c->tx)
			uk_virtio_dma_free(c->tx, c->msize);
	}
	if (!c->rx)
		return -ENOMEM;
	struct uk_9p_buf t, r;
	uk_9p_request(c, &t, P9_TVERSION);
	uk_9p_put32(&t, c->msize);
	uk_9p_putstr(&t, "9P2000.L", 8);
	rc = uk_9p_rpc(c, &t, &r);
	uint32_t msize = uk_9p_get32(&r);
	uint16_t n;
	const char *v = uk_9p_getstr(&r, &n);
	if (!rc && (r.bad || n != 8 || uk_strncmp(v, "9P2000.L", 8) || msize < MSIZE_MIN))
		rc = -EPROTONOSUPPORT;
	if (!rc && msize < c->msize)
		c->msize = msize;
	return uk_9p_done(c, &r, rc);
}

int uk_9p_attach(struct uk_9p *c, uint32_t fid, struct uk_9p_qid *qid)
{
	struct uk_9p_buf t, r;
	uk_9p_request(c, &t, P9_TATTACH);
	uk_9p_put32(&t, fid);
	uk_9p_put32(&t, P9_NOFID);
	uk_9p_putstr(&t, "root", 4);
	uk_9p_putstr(&t, "", 0);
	uk_9p_put32(&t, 0); /* n_uname: uid 0, the guest's only user */
	int rc = uk_9p_rpc(c, &t, &r);
	if (!rc)
		uk_9p_getqid(&r, qid);
	return uk_9p_done(c, &r, rc);
}

int uk_9p_walk(struct uk_9p *c, uint32_t fid, uint32_t newfid, unsigned n,
	       const char *const *names, const uint16_t *lens, struct uk_9p_qid *last)
{
	if (n > P9_MAXWELEM)
		return -EINVAL;
	struct uk_9p_buf t, r;
	uk_9p_request(c, &t, P9_TWALK);
	uk_9p_put32(&t, fid);
	uk_9p_put32(&t, newfid);
	uk_9p_put16(&t, (uint16_t)n);
	for (unsigned i = 0; i < n; i++)
		uk_9p_putstr(&t, names[i], lens[i]);
	int rc = uk_9p_rpc(c, &t, &r);
	uint16_t got = rc ? 0 : uk_9p_get16(&r);
	for (uint16_t i = 0; i < got && last; i++)
		uk_9p_getqid(&r, last);
	if (!rc && got != n)
		rc = -ENOENT; /* a partial walk leaves newfid unused */
	return uk_9p_done(c, &r, rc);
}

int uk_9p_clunk(struct uk_9p *c, uint32_t fid)
{
	struct uk_9p_buf t, r;
	uk_9p_request(c, &t, P9_TCLUNK);
	uk_9p_put32(&t, fid);
	int rc = uk_9p_done(c, &r, uk_9p_rpc(c, &t, &r));
	uk_9p_fid_release(c, fid); /* gone even when the host reports an error (9P's rule) */
	return rc;
}

int uk_9p_lopen(struct uk_9p *c, uint32_t fid, uint32_t flags, struct uk_9p_qid *qid)
{
	struct uk_9p_buf t, r;
	uk_9p_request(c, &t, P9_TLOPEN);
	uk_9p_put32(&t, fid);
	uk_9p_put32(&t, flags);
	int rc = uk_9p_rpc(c, &t, &r);
	if (!rc && qid)
		uk_9p_getqid(&r, qid);
	return uk_9p_done(c, &r, rc);
}

int uk_9p_lcreate(struct uk_9p *c, uint32_t fid, const char *name, uint32_t flags, uint32_t mode,
		  struct uk_9p_qid *qid)
{
	struct uk_9p_buf t, r;
	uk_9p_request(c, &t, P9_TLCREATE);
	uk_9p_put32(&t, fid);
	uk_9p_putstr(&t, name, uk_strlen(name));
	uk_9p_put32(&t, flags);
	uk_9p_put32(&t, mode);
	uk_9p_put32(&t, 0); /* gid */
	int rc = uk_9p_rpc(c, &t, &r);
	if (!rc && qid)
		uk_9p_getqid(&r, qid);
	return uk_9p_done(c, &r, rc);
}
