/* p9.h: private to the 9p component: the 9P2000.L client (message codec and one call per
 * T-message) that the file system in fs.c is built on. Protocol reference: the Linux kernel's
 * Documentation/filesystems/9p.rst and include/net/9p/9p.h, and QEMU's hw/9pfs/9p.c. */
#ifndef P9_P9_H
#define P9_P9_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uk/virtio.h>
#include <uk/wait.h>

/* Message types (T; the reply R is T+1). */
enum {
	P9_RLERROR = 7,
	P9_TSTATFS = 8,
	P9_TLOPEN = 12,
	P9_TLCREATE = 14,
	P9_TSYMLINK = 16,
	P9_TREADLINK = 22,
	P9_TGETATTR = 24,
	P9_TSETATTR = 26,
	P9_TREADDIR = 40,
	P9_TFSYNC = 50,
	P9_TLINK = 70,
	P9_TMKDIR = 72,
	P9_TRENAMEAT = 74,
	P9_TUNLINKAT = 76,
	P9_TVERSION = 100,
	P9_TATTACH = 104,
	P9_TWALK = 110,
	P9_TREAD = 116,
	P9_TWRITE = 118,
	P9_TCLUNK = 120,
};

#define P9_NOFID 0xffffffffu
#define P9_NOTAG 0xffff
#define P9_HDR 7          /* size[4] type[1] tag[2] */
#define P9_IOHDR 24       /* what Tread/Twrite/Rread add around the data, at most (QEMU's IOHDRSZ) */
#define P9_MAXWELEM 16    /* names per Twalk */
#define P9_QID_DIR 0x80
#define P9_QID_SYMLINK 0x02

/* Tgetattr request mask / Rgetattr valid bits. */
#define P9_GETATTR_BASIC 0x7ffULL /* mode nlink uid gid rdev atime mtime ctime ino size blocks */

/* Tsetattr valid bits (Linux's ATTR_* values, as QEMU expects them). */
#define P9_SETATTR_MODE 0x1
#define P9_SETATTR_UID 0x2
#define P9_SETATTR_GID 0x4
#define P9_SETATTR_SIZE 0x8
#define P9_SETATTR_ATIME 0x10
#define P9_SETATTR_MTIME 0x20
#define P9_SETATTR_CTIME 0x40
#define P9_SETATTR_ATIME_SET 0x80
#define P9_SETATTR_MTIME_SET 0x100

struct uk_9p_qid {
	uint8_t type;
	uint32_t version;
	uint64_t path;
};

struct uk_9p_attr {
	uint64_t valid;
	struct uk_9p_qid qid;
	uint32_t mode, uid, gid;
	uint64_t nlink, rdev, size, blksize, blocks;
	uint64_t atime_sec, atime_nsec, mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
};

struct uk_9p_setattr {
	uint32_t valid, mode, uid, gid;
	uint64_t size, atime_sec, atime_nsec, mtime_sec, mtime_nsec;
};

struct uk_9p_statfs {
	uint32_t type, bsize;
	uint64_t blocks, bfree, bavail, files, ffree, fsid;
	uint32_t namelen;
};

/* ---- codec (codec.c): little-endian fields in a bounded buffer ---- */

struct uk_9p_buf {
	uint8_t *p;
	uint32_t cap, off;
	bool bad; /* a put or get went past cap: the message is unusable */
};

void uk_9p_put8(struct uk_9p_buf *b, uint8_t v);
void uk_9p_put16(struct uk_9p_buf *b, uint16_t v);
void uk_9p_put32(struct uk_9p_buf *b, uint32_t v);
void uk_9p_put64(struct uk_9p_buf *b, uint64_t v);
void uk_9p_putstr(struct uk_9p_buf *b, const char *s, size_t n); /* len[2] bytes */
void uk_9p_putdata(struct uk_9p_buf *b, const void *d, size_t n);
uint8_t uk_9p_get8(struct uk_9p_buf *b);
uint16_t uk_9p_get16(struct uk_9p_buf *b);
uint32_t uk_9p_get32(struct uk_9p_buf *b);
uint64_t uk_9p_get64(struct uk_9p_buf *b);
/* A string in place (not NUL-terminated): its bytes and length. */
const char *uk_9p_getstr(struct uk_9p_buf *b, uint16_t *n);
void uk_9p_getqid(struct uk_9p_buf *b, struct uk_9p_qid *q);
void uk_9p_getattr_body(struct uk_9p_buf *b, struct uk_9p_attr *a);
/* Starts a T-message: size (patched by uk_9p_finish), type, tag. */
void uk_9p_begin(struct uk_9p_buf *b, uint8_t type, uint16_t tag);
void uk_9p_finish(struct uk_9p_buf *b);

/* One entry of an Rreaddir payload: qid[13] offset[8] type[1] name[s]. */
struct uk_9p_dirent {
	struct uk_9p_qid qid;
	uint64_t offset;
	uint8_t type;
	const char *name;
	uint16_t namelen;
};
/* Decodes the next entry of a readdir payload; false at its end or on a malformed entry. */
bool uk_9p_dirent_next(struct uk_9p_buf *b, struct uk_9p_dirent *d);

/* ---- the client (client.c): one connection per shared directory ---- */

struct uk_9p {
	struct uk_virtio_dev *dev;
	struct uk_virtq q;
	uint8_t *tx, *rx; /* msize bytes each, physically contiguous */
	uint32_t msize;
	uint32_t next_fid;
	uint32_t free_fids[64];
	unsigned nfree_fids;
	bool busy;               /* a request is being built, in flight or being decoded */
	struct uk_waitq idle;    /* threads waiting for busy to clear */
};

/* Starts the device, negotiates the version and msize; 0 or -errno. */
int uk_9p_connect(struct uk_9p *c, struct uk_virtio_dev *dev);
/* The device's mount tag (NUL-terminated into tag[cap]); false if it has none. */
bool uk_9p_tag(struct uk_virtio_dev *dev, char *tag, size_t cap);

/* Every call is uk_9p_request (waits for the connection to be free and takes it; starts a
 * T-message of type in the transmit buffer), the message's fields, uk_9p_rpc, decoding the
 * reply, then uk_9p_done, whatever happened. */
void uk_9p_request(struct uk_9p *c, struct uk_9p_buf *t, uint8_t type);
/* Sends t and waits for the reply, left in r after its header. Returns 0, the host's errno
 * negated (Rlerror carries Linux errno values, which are the guest's own), or -EIO. */
int uk_9p_rpc(struct uk_9p *c, struct uk_9p_buf *t, struct uk_9p_buf *r);
/* Gives the connection back; returns rc, or -EIO if decoding r went past its end. */
int uk_9p_done(struct uk_9p *c, const struct uk_9p_buf *r, int rc);

uint32_t uk_9p_fid_alloc(struct uk_9p *c);
/* Gives back a fid the host never took (a failed walk): no Tclunk. */
void uk_9p_fid_release(struct uk_9p *c, uint32_t fid);
/* The largest payload one Tread or Twrite carries. */
uint32_t uk_9p_iounit(const struct uk_9p *c);

/* Each returns 0 (or a count) or the host's errno, negated; -EIO for a malformed reply. */
int uk_9p_attach(struct uk_9p *c, uint32_t fid, struct uk_9p_qid *qid);
/* Walks names[0..n) from fid to newfid (n == 0 clones fid); 16 names at most. A partial walk
 * is -ENOENT, and newfid is then not in use. */
int uk_9p_walk(struct uk_9p *c, uint32_t fid, uint32_t newfid, unsigned n,
	       const char *const *names, const uint16_t *lens, struct uk_9p_qid *last);
int uk_9p_clunk(struct uk_9p *c, uint32_t fid); /* also releases fid for reuse */
int uk_9p_lopen(struct uk_9p *c, uint32_t fid, uint32_t flags, struct uk_9p_qid *qid);
/* Creates name in directory fid; fid becomes the opened new file. */
int uk_9p_lcreate(struct uk_9p *c, uint32_t fid, const char *name, uint32_t flags, uint32_t mode,
		  struct uk_9p_qid *qid);
long uk_9p_read(struct uk_9p *c, uint32_t fid, uint64_t off, void *buf, uint32_t n);
long uk_9p_write(struct uk_9p *c, uint32_t fid, uint64_t off, const void *buf, uint32_t n);
int uk_9p_getattr(struct uk_9p *c, uint32_t fid, uint64_t mask, struct uk_9p_attr *a);
int uk_9p_setattr(struct uk_9p *c, uint32_t fid, const struct uk_9p_setattr *s);
/* Reads up to n bytes of directory entries from offset and passes each to each(ctx, entry)
 * (which must not block) until it returns nonzero. Returns the number of entries passed
 * (0: the end of the directory), or -errno. */
long uk_9p_readdir(struct uk_9p *c, uint32_t fid, uint64_t off, uint32_t n,
		   int (*each)(void *ctx, const struct uk_9p_dirent *d), void *ctx);
int uk_9p_mkdir(struct uk_9p *c, uint32_t dfid, const char *name, uint32_t mode, struct uk_9p_qid *qid);
int uk_9p_unlinkat(struct uk_9p *c, uint32_t dfid, const char *name, uint32_t flags);
int uk_9p_renameat(struct uk_9p *c, uint32_t odfid, const char *oname, uint32_t ndfid, const char *nname);
int uk_9p_symlink(struct uk_9p *c, uint32_t dfid, const char *name, const char *target, struct uk_9p_qid *qid);
/* Copies the target into buf (not NUL-terminated); returns its length. */
long uk_9p_readlink(struct uk_9p *c, uint32_t fid, char *buf, size_t n);
int uk_9p_link(struct uk_9p *c, uint32_t dfid, uint32_t fid, const char *name);
int uk_9p_fsync(struct uk_9p *c, uint32_t fid, bool datasync);
int uk_9p_statfs(struct uk_9p *c, uint32_t fid, struct uk_9p_statfs *s);

#endif
