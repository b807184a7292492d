/* mount.c: mounts the directories `ukcc run --share` asked for (ukcc.share= on the command
 * line, uk/abi.h), each from the virtio-9p device carrying its tag, and with --host-root
 * (ukcc.hostroot=) every top-level directory of the host's root at its own path; then enters
 * the working directory of --cwd (ukcc.cwd=). Runs last among the file-system initialisers,
 * so that the root and the embedded files are in place. A share or a directory that cannot
 * be had ends the run: a program that expects its files must not run without them. */
#include <dirent.h>
#include <sys/stat.h>
#include <uk/abi.h>
#include <uk/boot.h>
#include <uk/init.h>
#include <uk/kmem.h>
#include <uk/util.h>

#include "fs.h"
#include "hostfd.h"

#define PATH_BYTES 4096
#define MAX_DEVICES 16

/* Percent-decodes [s, e) into out[PATH_BYTES]. */
static void decode(const char *s, const char *e, char *out)
{
	uk_pct_decode(s, e, out, PATH_BYTES);
}

/* One connection per device, however many directories are mounted from it: a second
 * Tversion would end the first session. root_fid stays attached to the export's root. */
struct device {
	struct uk_virtio_dev *dev;
	struct uk_9p conn;
	uint32_t root_fid;
	struct uk_9p_qid root_qid;
};
static struct device *devices[MAX_DEVICES];

static struct device *device_for(const char *tag, const char *why)
{
	char have[64];
	struct uk_virtio_dev *d;
	for (unsigned i = 0; (d = uk_virtio_find(UK_VIRTIO_ID_9P, i)); i++)
		if (uk_9p_tag(d, have, sizeof have) && !uk_strncmp(have, tag, sizeof have))
			break;
	if (!d)
		uk_panic("9p: cannot mount %s: no virtio-9p device with tag %s", why, tag);
	unsigned i = 0;
	for (; i < MAX_DEVICES && devices[i]; i++)
		if (devices[i]->dev == d)
			return devices[i];
	struct device *c = i < MAX_DEVICES ? uk_kzalloc(sizeof *c) : 0;
	if (!c)
		uk_panic("9p: cannot mount %s: out of memory", why);
	c->dev = d;
	long rc = uk_9p_connect(&c->conn, d);
	c->root_fid = uk_9p_fid_alloc(&c->conn);
	if (!rc)
		rc = uk_9p_attach(&c->conn, c->root_fid, &c->root_qid);
	if (rc)
		uk_panic("9p: cannot mount %s (%s): error %ld", why, uk_virtio_where(d), -rc);
	devices[i] = c;
	return c;
}

/* Mounts the export's directory `sub` (a name in its root, or NULL for the root) at path.
 * Each mount is a file system of its own for the VFS (its ".." leads out of it). */
static long mount_dir(struct device *c, const char *sub, const char *path, bool ro)
{
	struct p9_share *s = uk_kzalloc(sizeof *s);
	if (!s)
		return -ENOMEM;
	s->conn = &c->conn;
	s->mnt.statfs = uk_9p_mnt_statfs;
	uint32_t fid = uk_9p_fid_alloc(s->conn);
	struct uk_9p_qid q = c->root_qid;
	uint16_t len = sub ? (uint16_t)uk_strlen(sub) : 0;
	long rc = uk_9p_walk(s->conn, c->root_fid, fid, sub ? 1 : 0, &sub, &len, &q);
	if (rc) {
		uk_9p_fid_release(s->conn, fid); /* a failed walk leaves it unused */
		uk_kfree(s, sizeof *s);
		return rc;
	}
	if (!(q.type & P9_QID_DIR)) {
		uk_9p_clunk(s->conn, fid);
		uk_kfree(s, sizeof *s);
		return -ENOTDIR;
	}
	/* From here the share belongs to its root node (a mount that fails leaves both, unused). */
	struct p9_node *root;
	if (!(rc = uk_9p_node_get(s, fid, &q, S_IFDIR, &root))) {
		root->root = true;
		rc = uk_vfs_mount(path, &root->v, &s->mnt, ro ? UK_MNT_RDONLY : 0);
	}
	return rc;
}

static void mount_share(const char *tag, const char *path, bool ro)
{
	long rc = mount_dir(device_for(tag, path), 0, path, ro);
	if (rc)
		uk_panic("9p: cannot mount %s: error %ld", path, -rc);
}

/* The host's root: each top-level directory at its own path, so that absolute host paths
 * mean the same in the guest; top-level symbolic links (/bin -> usr/bin) are recreated.
 * /dev stays the guest's own; /proc and /sys describe the host's kernel, not this one. */
struct top_entries {
	char *names; /* each entry: its dirent type, its name, NUL */
	size_t used;
	uint64_t next; /* the readdir cookie after the last entry taken */
	bool full;
};

/* "/NAME" in path[PATH_BYTES]: NAME came from one directory entry, so it fits. */
static const char *top_path(char *path, const char *name)
{
	path[0] = '/';
	uk_memcpy(path + 1, name, uk_strlen(name) + 1);
	return path;
}

static int collect_top(void *ctx, const struct uk_9p_dirent *d)
{
	struct top_entries *t = ctx;
	if (t->used + d->namelen + 2 > UK_KMEM_MAX)
		return t->full = true; /* a root with more names than this is not mirrored further */
	t->names[t->used++] = (char)d->type;
	uk_memcpy(t->names + t->used, d->name, d->namelen);
	t->used += d->namelen;
	t->names[t->used++] = 0;
	t->next = d->offset;
	return 0;
}

static bool skipped(const char *name)
{
	static const char *const skip[] = {".", "..", "dev", "proc", "sys"};
	for (unsigned i = 0; i < sizeof skip / sizeof *skip; i++)
		if (!uk_strncmp(name, skip[i], uk_strlen(skip[i]) + 1))
			return true;
	return false;
}

static void mirror_link(struct device *c, const char *name, char *path)
{
	uint32_t fid = uk_9p_fid_alloc(&c->conn);
	uint16_t len = (uint16_t)uk_strlen(name);
	long n = uk_9p_walk(&c->conn, c->root_fid, fid, 1, &name, &len, 0);
	if (n) {
		uk_9p_fid_release(&c->conn, fid);
		return;
	}
	char target[256];
	n = uk_9p_readlink(&c->conn, fid, target, sizeof target - 1);
	uk_9p_clunk(&c->conn, fid);
	if (n > 0) {
		target[n] = 0;
		uk_vfs_symlink(target, top_path(path, name));
	}
}

static void mount_host_root(const char *tag, char *path)
{
	struct device *c = device_for(tag, "/ (--host-root)");
	struct top_entries t = {.names = uk_kmalloc(UK_KMEM_MAX)};
	uint32_t fid = uk_9p_fid_alloc(&c->conn);
	long rc = t.names ? uk_9p_walk(&c->conn, c->root_fid, fid, 0, 0, 0, 0) : -ENOMEM;
	bool walked = !rc;
	if (!rc && !(rc = uk_9p_lopen(&c->conn, fid, 0, 0))) {
		long got = 0;
		while (!t.full && (got = uk_9p_readdir(&c->conn, fid, t.next, 8192, collect_top, &t)) > 0)
			;
		rc = got < 0 ? got : 0;
	}
	if (walked)
		uk_9p_clunk(&c->conn, fid);
	if (rc)
		uk_panic("9p: cannot read the host's root directory: error %ld", -rc);
	for (size_t i = 0; i < t.used; i += uk_strlen(t.names + i + 1) + 2) {
		unsigned char type = (unsigned char)t.names[i];
		const char *name = t.names + i + 1;
		if (skipped(name))
			continue;
		if (type == DT_LNK) {
			mirror_link(c, name, path);
		} else if (type == DT_DIR) { /* one unreadable directory is no reason to stop */
			mount_dir(c, name, top_path(path, name), false);
		}
	}
	uk_kfree(t.names, UK_KMEM_MAX);
}

/* TAG:DIR[:ro], DIR percent-encoded (its own colons are %3A). */
static void share_token(const char *s, const char *e, char *path)
{
	char tag[64];
	const char *colon = s;
	while (colon < e && *colon != ':')
		colon++;
	if (colon == e || (size_t)(colon - s) >= sizeof tag)
		uk_panic("9p: malformed %s token", UK_CMDLINE_SHARE);
	uk_memcpy(tag, s, (size_t)(colon - s));
	tag[colon - s] = 0;
	bool ro = e - colon > 3 && !uk_strncmp(e - 3, ":ro", 3);
	decode(colon + 1, ro ? e - 3 : e, path);
	mount_share(tag, path, ro);
}

static char *path_buffer(char *path)
{
	if (!path && !(path = uk_kmalloc(PATH_BYTES)))
		uk_panic("9p: out of memory");
	return path;
}

/* The host root first (uk/abi.h), then the shares in their order, then the working
 * directory. */
static void p9_mount_init(void)
{
	const char *cursor = 0, *v, *e, *cwd = 0, *cwd_end = 0;
	char *path = 0;
	while ((v = uk_cmdline_value(UK_CMDLINE_HOSTROOT, &cursor, &e))) {
		char tag[64];
		if ((size_t)(e - v) >= sizeof tag)
			uk_panic("9p: malformed %s token", UK_CMDLINE_HOSTROOT);
		uk_memcpy(tag, v, (size_t)(e - v));
		tag[e - v] = 0;
		mount_host_root(tag, path = path_buffer(path));
	}
	for (cursor = 0; (v = uk_cmdline_value(UK_CMDLINE_SHARE, &cursor, &e));)
		share_token(v, e, path = path_buffer(path));
	for (cursor = 0; (v = uk_cmdline_value(UK_CMDLINE_CWD, &cursor, &e));)
		cwd = v, cwd_end = e;
	for (cursor = 0; (v = uk_cmdline_value(UK_CMDLINE_UMASK, &cursor, &e));) {
		mode_t mask = 0;
		for (; v < e && *v >= '0' && *v <= '7'; v++)
			mask = mask * 8 + (mode_t)(*v - '0');
		uk_vfs_umask = mask & 0777;
	}
	if (cwd) {
		decode(cwd, cwd_end, path = path_buffer(path));
		long rc = uk_vfs_chdir(path);
		if (rc)
			uk_panic("--cwd %s: cannot enter it (error %ld)", path, -rc);
	}
	uk_kfree(path, PATH_BYTES);
	uk_9p_host_fds(); /* after the mounts, which their paths go through */
}
UK_INITCALL(4, 9, p9_mount_init);
