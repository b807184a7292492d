/* ops.c: the 9P2000.L calls on files and directories, one function per T-message. Each
 * builds the message, makes the round trip (client.c), decodes the reply and gives the
 * connection back. */
#include <uk/util.h>

#include "p9.h"

/* Tread and Treaddir: (fid, offset, count) out, count[4] and that many bytes back. On success
 * the bytes are at r->p + r->off, *got of them; the caller ends with uk_9p_done. */
static int data_rpc(struct uk_9p *c, uint8_t type, uint32_t fid, uint64_t off, uint32_t n,
		    struct uk_9p_buf *r, uint32_t *got)
{
	struct uk_9p_buf t;
	if (n > uk_9p_iounit(c))
		n = uk_9p_iounit(c);
	uk_9p_request(c, &t, type);
	uk_9p_put32(&t, fid);
	uk_9p_put64(&t, off);
	uk_9p_put32(&t, n);
	int rc = uk_9p_rpc(c, &t, r);
	*got = rc ? 0 : uk_9p_get32(r);
	if (!rc && (r->bad || *got > n || *got > r->cap - r->off))
		rc = -EIO;
	if (rc)
		*got = 0;
	return rc;
}

long uk_9p_read(struct uk_9p *c, uint32_t fid, uint64_t off, void *buf, uint32_t n)
{
	struct uk_9p_buf r;
	uint32_t got;
	int rc = data_rpc(c, P9_TREAD, fid, off, n, &r, &got);
	if (!rc)
		uk_memcpy(buf, r.p + r.off, got);
	rc = uk_9p_done(c, &r, rc);
	return rc ? rc : (long)got;
}

long uk_9p_write(struct uk_9p *c, uint32_t fid, uint64_t off, const void *buf, uint32_t n)
{
	struct uk_9p_buf t, r;
	if (n > uk_9p_iounit(c))
		n = uk_9p_iounit(c);
	uk_9p_request(c, &t, P9_TWRITE);
	uk_9p_put32(&t, fid);
	uk_9p_put64(&t, off);
	uk_9p_put32(&t, n);
	uk_9p_putdata(&t, buf, n);
	int rc = uk_9p_rpc(c, &t, &r);
	uint32_t got = rc ? 0 : uk_9p_get32(&r);
	if (!rc && got > n)
		rc = -EIO;
	rc = uk_9p_done(c, &r, rc);
	return rc ? rc : (long)got;
}

int uk_9p_getattr(struct uk_9p *c, uint32_t fid, uint64_t mask, struct uk_9p_attr *a)
{
	struct uk_9p_buf t, r;
	uk_9p_request(c, &t, P9_TGETATTR);
	uk_9p_put32(&t, fid);
	uk_9p_put64(&t, mask);
	int rc = uk_9p_rpc(c, &t, &r);
	if (!rc)
		uk_9p_getattr_body(&r, a);
	return uk_9p_done(c, &r, rc);
}

int uk_9p_setattr(struct uk_9p *c, uint32_t fid, const struct uk_9p_setattr *s)
{
	struct uk_9p_buf t, r;
	uk_9p_request(c, &t, P9_TSETATTR);
	uk_9p_put32(&t, fid);
	uk_9p_put32(&t, s->valid);
	uk_9p_put32(&t, s->mode);
	uk_9p_put32(&t, s->uid);
	uk_9p_put32(&t, s->gid);
	uk_9p_put64(&t, s->size);
	uk_9p_put64(&t, s->atime_sec);
	uk_9p_put64(&t, s->atime_nsec);
	uk_9p_put64(&t, s->mtime_sec);
	uk_9p_put64(&t, s->mtime_nsec);
	return uk_9p_done(c, &r, uk_9p_rpc(c, &t, &r));
}

long uk_9p_readdir(struct uk_9p *c, uint32_t fid, uint64_t off, uint32_t n,
		   int (*each)(void *ctx, const struct uk_9p_dirent *d), void *ctx)
{
	struct uk_9p_buf r;
	uint32_t got;
	int rc = data_rpc(c, P9_TREADDIR, fid, off, n, &r, &got);
	long passed = 0;
	struct uk_9p_buf entries = {r.p + r.off, got, 0, false};
	struct uk_9p_dirent d;
	while (!rc && uk_9p_dirent_next(&entries, &d)) {
		passed++;
		if (each(ctx, &d))
			break;
	}
	if (entries.bad)
		rc = -EIO;
	rc = uk_9p_done(c, &r, rc);
	return rc ? rc : passed;
}

/* The calls whose reply is a qid or nothing. */
static int qid_reply(struct uk_9p *c, struct uk_9p_buf *t, struct uk_9p_qid *qid)
{
	struct uk_9p_buf r;
	int rc = uk_9p_rpc(c, t, &r);
	if (!rc && qid)
		uk_9p_getqid(&r, qid);
	return uk_9p_done(c, &r, rc);
}

static void putname(struct uk_9p_buf *t, const char *s)
{
	uk_9p_putstr(t, s, uk_strlen(s));
}

int uk_9p_mkdir(struct uk_9p *c, uint32_t dfid, const char *name, uint32_t mode, struct uk_9p_qid *qid)
{
	struct uk_9p_buf t;
	uk_9p_request(c, &t, P9_TMKDIR);
	uk_9p_put32(&t, dfid);
	putname(&t, name);
	uk_9p_put32(&t, mode);
	uk_9p_put32(&t, 0); /* gid */
	return qid_reply(c, &t, qid);
}

int uk_9p_unlinkat(struct uk_9p *c, uint32_t dfid, const char *name, uint32_t flags)
{
	struct uk_9p_buf t;
	uk_9p_request(c, &t, P9_TUNLINKAT);
	uk_9p_put32(&t, dfid);
	putname(&t, name);
	uk_9p_put32(&t, flags);
	return qid_reply(c, &t, 0);
}

int uk_9p_renameat(struct uk_9p *c, uint32_t odfid, const char *oname, uint32_t ndfid, const char *nname)
{
	struct uk_9p_buf t;
	uk_9p_request(c, &t, P9_TRENAMEAT);
	uk_9p_put32(&t, odfid);
	putname(&t, oname);
	uk_9p_put32(&t, ndfid);
	putname(&t, nname);
	return qid_reply(c, &t, 0);
}

int uk_9p_symlink(struct uk_9p *c, uint32_t dfid, const char *name, const char *target, struct uk_9p_qid *qid)
{
	struct uk_9p_buf t;
	uk_9p_request(c, &t, P9_TSYMLINK);
	uk_9p_put32(&t, dfid);
	putname(&t, name);
	putname(&t, target);
	uk_9p_put32(&t, 0); /* gid */
	return qid_reply(c, &t, qid);
}

int uk_9p_link(struct uk_9p *c, uint32_t dfid, uint32_t fid, const char *name)
{
	struct uk_9p_buf t;
	uk_9p_request(c, &t, P9_TLINK);
	uk_9p_put32(&t, dfid);
	uk_9p_put32(&t, fid);
	putname(&t, name);
	return qid_reply(c, &t, 0);
}

int uk_9p_fsync(struct uk_9p *c, uint32_t fid, bool datasync)
{
	struct uk_9p_buf t;
	uk_9p_request(c, &t, P9_TFSYNC);
	uk_9p_put32(&t, fid);
	uk_9p_put32(&t, datasync);
	return qid_reply(c, &t, 0);
}

long uk_9p_readlink(struct uk_9p *c, uint32_t fid, char *buf, size_t n)
{
	struct uk_9p_buf t, r;
	uk_9p_request(c, &t, P9_TREADLINK);
	uk_9p_put32(&t, fid);
	int rc = uk_9p_rpc(c, &t, &r);
	uint16_t len = 0;
	const char *s = rc ? "" : uk_9p_getstr(&r, &len);
	if (len > n)
		len = (uint16_t)n;
	if (!rc && !r.bad)
		uk_memcpy(buf, s, len);
	rc = uk_9p_done(c, &r, rc);
	return rc ? rc : (long)len;
}

int uk_9p_statfs(struct uk_9p *c, uint32_t fid, struct uk_9p_statfs *s)
{
	struct uk_9p_buf t, r;
	uk_9p_request(c, &t, P9_TSTATFS);
	uk_9p_put32(&t, fid);
	int rc = uk_9p_rpc(c, &t, &r);
	if (!rc) {
		s->type = uk_9p_get32(&r);
		s->bsize = uk_9p_get32(&r);
		s->blocks = uk_9p_get64(&r);
		s->bfree = uk_9p_get64(&r);
		s->bavail = uk_9p_get64(&r);
		s->files = uk_9p_get64(&r);
		s->ffree = uk_9p_get64(&r);
		s->fsid = uk_9p_get64(&r);
		s->namelen = uk_9p_get32(&r);
	}
	return uk_9p_done(c, &r, rc);
}
