/* codec.c: 9P's wire format: little-endian integers, strings as len[2] bytes, all in one
 * bounded buffer. An overrun marks the buffer bad instead of failing at each field, so callers
 * check once per message. Depends only on uk_memcpy, so the unit tests build it for the host. */
#include <uk/util.h>

#include "p9.h"

static uint8_t *room(struct uk_9p_buf *b, size_t n)
{
	if (b->bad || n > b->cap - b->off) {
		b->bad = true;
		return 0;
	}
	uint8_t *p = b->p + b->off;
	b->off += (uint32_t)n;
	return p;
}

static void put(struct uk_9p_buf *b, uint64_t v, unsigned n)
{
	uint8_t *p = room(b, n);
	for (unsigned i = 0; p && i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get(struct uk_9p_buf *b, unsigned n)
{
	const uint8_t *p = room(b, n);
	uint64_t v = 0;
	for (unsigned i = 0; p && i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

void uk_9p_put8(struct uk_9p_buf *b, uint8_t v) { put(b, v, 1); }
void uk_9p_put16(struct uk_9p_buf *b, uint16_t v) { put(b, v, 2); }
void uk_9p_put32(struct uk_9p_buf *b, uint32_t v) { put(b, v, 4); }
void uk_9p_put64(struct uk_9p_buf *b, uint64_t v) { put(b, v, 8); }
uint8_t uk_9p_get8(struct uk_9p_buf *b) { return (uint8_t)get(b, 1); }
uint16_t uk_9p_get16(struct uk_9p_buf *b) { return (uint16_t)get(b, 2); }
uint32_t uk_9p_get32(struct uk_9p_buf *b) { return (uint32_t)get(b, 4); }
uint64_t uk_9p_get64(struct uk_9p_buf *b) { return get(b, 8); }

void uk_9p_putstr(struct uk_9p_buf *b, const char *s, size_t n)
{
	if (n > 0xffff) {
		b->bad = true;
		return;
	}
	put(b, n, 2);
	uk_9p_putdata(b, s, n);
}

void uk_9p_putdata(struct uk_9p_buf *b, const void *d, size_t n)
{
	uint8_t *p = room(b, n);
	if (p && n)
		uk_memcpy(p, d, n);
}

const char *uk_9p_getstr(struct uk_9p_buf *b, uint16_t *n)
{
	*n = uk_9p_get16(b);
	const char *s = (const char *)room(b, *n);
	if (!s)
		*n = 0;
	return s ? s : "";
}

void uk_9p_getqid(struct uk_9p_buf *b, struct uk_9p_qid *q)
{
	q->type = uk_9p_get8(b);
	q->version = uk_9p_get32(b);
	q->path = uk_9p_get64(b);
}

/* Rgetattr after its header: valid qid mode uid gid nlink rdev size blksize blocks, then
 * atime mtime ctime btime (sec, nsec each), gen, data_version. */
void uk_9p_getattr_body(struct uk_9p_buf *b, struct uk_9p_attr *a)
{
	a->valid = uk_9p_get64(b);
	uk_9p_getqid(b, &a->qid);
	a->mode = uk_9p_get32(b);
	a->uid = uk_9p_get32(b);
	a->gid = uk_9p_get32(b);
	a->nlink = uk_9p_get64(b);
	a->rdev = uk_9p_get64(b);
	a->size = uk_9p_get64(b);
	a->blksize = uk_9p_get64(b);
	a->blocks = uk_9p_get64(b);
	a->atime_sec = uk_9p_get64(b);
	a->atime_nsec = uk_9p_get64(b);
	a->mtime_sec = uk_9p_get64(b);
	a->mtime_nsec = uk_9p_get64(b);
	a->ctime_sec = uk_9p_get64(b);
	a->ctime_nsec = uk_9p_get64(b);
	for (int i = 0; i < 4; i++) /* btime, gen, data_version: not kept */
		uk_9p_get64(b);
}

void uk_9p_begin(struct uk_9p_buf *b, uint8_t type, uint16_t tag)
{
	b->off = 0;
	b->bad = false;
	uk_9p_put32(b, 0);
	uk_9p_put8(b, type);
	uk_9p_put16(b, tag);
}

void uk_9p_finish(struct uk_9p_buf *b)
{
	uint32_t len = b->off;
	b->off = 0;
	uk_9p_put32(b, len);
	b->off = len;
}

bool uk_9p_dirent_next(struct uk_9p_buf *b, struct uk_9p_dirent *d)
{
	if (b->off >= b->cap)
		return false;
	uk_9p_getqid(b, &d->qid);
	d->offset = uk_9p_get64(b);
	d->type = uk_9p_get8(b);
	d->name = uk_9p_getstr(b, &d->namelen);
	return !b->bad;
}
