/* mount.c: mounts the directories `ukcc run --share` asked for (ukcc.share= on the command
 * line, uk/abi.h), each from the virtio-9p device carrying its tag, then enters the working
 * directory of --cwd (ukcc.cwd=). Runs last among the file-system initialisers, so that the
 * root and the embedded files are in place. A share or a directory that cannot be had ends
 * the run: a program that expects its files must not run without them. */
#include <sys/stat.h>
#include <uk/abi.h>
#include <uk/boot.h>
#include <uk/init.h>
#include <uk/kmem.h>
#include <uk/util.h>

#include "fs.h"

#define PATH_BYTES 4096

/* Percent-decodes [s, e) into out[PATH_BYTES]. */
static void decode(const char *s, const char *e, char *out)
{
	uk_pct_decode(s, e, out, PATH_BYTES);
}

static struct uk_virtio_dev *device_for(const char *tag)
{
	char have[64];
	struct uk_virtio_dev *d;
	for (unsigned i = 0; (d = uk_virtio_find(UK_VIRTIO_ID_9P, i)); i++)
		if (uk_9p_tag(d, have, sizeof have) && !uk_strncmp(have, tag, sizeof have))
			return d;
	return 0;
}

static void mount_share(const char *tag, const char *path, bool ro)
{
	struct uk_virtio_dev *d = device_for(tag);
	if (!d)
		uk_panic("9p: cannot mount %s: no virtio-9p device with tag %s", path, tag);
	struct p9_share *s = uk_kzalloc(sizeof *s);
	if (!s)
		uk_panic("9p: cannot mount %s: out of memory", path);
	long rc = uk_9p_connect(&s->conn, d);
	uint32_t fid = uk_9p_fid_alloc(&s->conn);
	struct uk_9p_qid q = {0};
	if (!rc)
		rc = uk_9p_attach(&s->conn, fid, &q);
	if (!rc && !(q.type & P9_QID_DIR))
		rc = -ENOTDIR;
	if (rc)
		uk_panic("9p: cannot mount %s (%s): error %ld", path, uk_virtio_where(d), -rc);
	struct p9_node *root;
	if (uk_9p_node_get(s, fid, &q, S_IFDIR, &root))
		uk_panic("9p: cannot mount %s: out of memory", path);
	root->root = true;
	rc = uk_vfs_mount(path, &root->v, &s->mnt, ro ? UK_MNT_RDONLY : 0);
	if (rc)
		uk_panic("9p: cannot mount %s: error %ld", path, -rc);
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

static void p9_mount_init(void)
{
	static const char share[] = UK_CMDLINE_SHARE, cwd[] = UK_CMDLINE_CWD;
	const char *cwd_at = 0, *cwd_end = 0;
	char *path = 0;
	for (const char *c = uk_boot.cmdline; c && *c;) {
		while (*c == ' ')
			c++;
		const char *s = c;
		while (*c && *c != ' ')
			c++;
		size_t n = (size_t)(c - s);
		if (n == 2 && s[0] == '-' && s[1] == '-')
			break; /* the program's arguments follow */
		if (n > sizeof share - 1 && !uk_strncmp(s, share, sizeof share - 1)) {
			if (!path && !(path = uk_kmalloc(PATH_BYTES)))
				uk_panic("9p: out of memory");
			share_token(s + sizeof share - 1, c, path);
		} else if (n > sizeof cwd - 1 && !uk_strncmp(s, cwd, sizeof cwd - 1))
			cwd_at = s + sizeof cwd - 1, cwd_end = c;
	}
	if (cwd_at) {
		if (!path && !(path = uk_kmalloc(PATH_BYTES)))
			uk_panic("9p: out of memory");
		decode(cwd_at, cwd_end, path);
		long rc = uk_vfs_chdir(path);
		if (rc)
			uk_panic("--cwd %s: cannot enter it (error %ld)", path, -rc);
	}
	uk_kfree(path, PATH_BYTES);
}
UK_INITCALL(4, 9, p9_mount_init);
