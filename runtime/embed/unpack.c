/* unpack.c: the manifest's "files", packed into the image by ukcc (format: uk/abi.h), become
 * files of the root file system at boot, with their permission bits, owned by root and
 * stamped with the boot time. A blob of the wrong size or checksum means a corrupt or
 * truncated image: the run ends before the program starts, saying so. */
#include <stdint.h>
#include <sys/stat.h>
#include <uk/abi.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/init.h>
#include <uk/kmem.h>
#include <uk/util.h>
#include <uk/vfs.h>

/* Written by ukcc when the manifest has files (weak: none otherwise). */
extern const unsigned char __uk_files[] __attribute__((weak));
extern const unsigned char __uk_files_end[] __attribute__((weak));

static uint64_t le(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static _Noreturn void corrupt(const char *why)
{
	uk_printk("ukcc runtime: embedded files: %s: the image is corrupt or truncated; rebuild it\n", why);
	uk_shutdown_signal(6, "embedded files corrupt (checksum or size mismatch): rebuild the image");
}

/* The guest path's parent directories, made as mkdir -p would (0755). */
static void parents(char *path)
{
	for (char *c = path + 1; *c; c++) {
		if (*c != '/')
			continue;
		*c = 0;
		uk_vfs_mkdir(path, 0755);
		*c = '/';
	}
}

static long write_all(struct uk_vnode *v, const unsigned char *data, uint64_t len)
{
	for (uint64_t off = 0; off < len;) {
		long r = v->ops->write(v, 0, data + off, len - off, off);
		if (r <= 0)
			return r ? r : -5 /* EIO */;
		off += (uint64_t)r;
	}
	return 0;
}

static long entry(char type, mode_t mode, char *path, const unsigned char *data, uint64_t len)
{
	parents(path);
	if (type == UK_FILES_LINK) {
		char target[4096];
		if (len >= sizeof target)
			return -36; /* ENAMETOOLONG */
		uk_memcpy(target, data, len);
		target[len] = 0;
		return uk_vfs_symlink(target, path);
	}
	if (type == UK_FILES_DIR) {
		long r = uk_vfs_mkdir(path, mode);
		return r == -17 /* EEXIST: "/" or a parent made earlier */ ? 0 : r;
	}
	struct uk_vnode *v;
	long r = uk_vfs_create(path, mode, &v);
	if (r)
		return r;
	r = write_all(v, data, len);
	uk_vnode_put(v);
	return r;
}

static void embed_init(void)
{
	const unsigned char *b = __uk_files, *end = __uk_files_end;
	if (!b)
		return;
	uint64_t have = (uint64_t)(end - b);
	if (have < 24 || le(b, 4) != UK_FILES_MAGIC)
		corrupt("no valid header");
	uint64_t count = le(b + 4, 4), size = le(b + 8, 8), sum = le(b + 16, 8);
	if (size != have)
		corrupt("size mismatch");
	uint64_t h = UK_FILES_FNV_OFFSET;
	for (const unsigned char *c = b + 24; c < end; c++)
		h = (h ^ *c) * UK_FILES_FNV_PRIME;
	if (h != sum)
		corrupt("checksum mismatch");
	char *path = uk_kmalloc(4096);
	const unsigned char *p = b + 24;
	for (uint64_t i = 0; i < count; i++) {
		if (end - p < 16)
			corrupt("entries run past the end");
		char type = (char)p[0];
		mode_t mode = (mode_t)le(p + 2, 2) & 07777;
		uint64_t plen = le(p + 4, 2), len = le(p + 8, 8);
		if (plen >= 4096 || (uint64_t)(end - p) - 16 < plen || (uint64_t)(end - p) - 16 - plen < len)
			corrupt("entries run past the end");
		uk_memcpy(path, p + 16, plen);
		path[plen] = 0;
		long r = entry(type, mode, path, p + 16 + plen, len);
		if (r)
			uk_panic("embedded files: cannot create %s (error %ld%s)", path, -r,
				 r == -17 ? ": it exists already" : r == -28 ? ": \"ramfs_size\" is too small" : "");
		p += UK_ALIGN_UP(16 + plen + len, 8);
	}
	uk_kfree(path, 4096);
}
UK_INITCALL(4, 1, embed_init);
