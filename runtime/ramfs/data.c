/* data.c: regular files' bytes, in pages found through a radix tree of index pages (512
 * entries each, grown upwards as the file grows), so a file costs its pages plus about
 * 0.2% in index, holes cost nothing and read back as zeros. Symbolic links' targets. */
#include <uk/kmem.h>
#include <uk/mem.h>
#include <uk/util.h>

#include "ramfs.h"

#define PAGE UK_PAGE_SIZE
#define FANOUT 512

static uint64_t capacity(unsigned height) /* in pages */
{
	return (uint64_t)1 << (9 * height);
}

static void *new_page(void)
{
	if (!uk_ramfs_charge(PAGE))
		return 0;
	void *p = (void *)uk_page_alloc();
	if (!p)
		uk_ramfs_uncharge(PAGE);
	return p;
}

static void free_page(void *p)
{
	uk_page_free((uint64_t)p);
	uk_ramfs_uncharge(PAGE);
}

/* The slot holding page idx's address: NULL if absent and !alloc, or out of memory. */
static void **slot(struct rnode *n, uint64_t idx, bool alloc)
{
	while (idx >= capacity(n->file.height)) {
		if (!alloc)
			return 0;
		if (n->file.height >= 6)
			return 0;
		if (n->file.root) {
			void **up = new_page();
			if (!up)
				return 0;
			up[0] = n->file.root;
			n->file.root = up;
		}
		n->file.height++;
	}
	void **p = &n->file.root;
	for (unsigned h = n->file.height; h > 0; h--) {
		if (!*p && (!alloc || !(*p = new_page())))
			return 0;
		p = &((void **)*p)[(idx >> (9 * (h - 1))) & (FANOUT - 1)];
	}
	return p;
}

static void *page_of(struct rnode *n, uint64_t idx)
{
	void **s = slot(n, idx, false);
	return s ? *s : 0;
}

/* Frees every data page at index >= from within the subtree *p of the given height;
 * returns whether the subtree is now empty (and gone). */
static bool trim(void **p, unsigned height, uint64_t from, bool pinned)
{
	if (!*p)
		return true;
	if (!height) {
		if (from)
			return false;
		if (pinned) { /* mapped by a MAP_SHARED mapping: keep the page, forget the bytes */
			uk_memset(*p, 0, PAGE);
			return false;
		}
		free_page(*p);
		*p = 0;
		return true;
	}
	uint64_t span = capacity(height - 1);
	void **t = *p;
	bool empty = true;
	for (uint64_t i = 0; i < FANOUT; i++) {
		uint64_t start = i * span;
		if (start + span <= from)
			empty &= !t[i];
		else
			empty &= trim(&t[i], height - 1, from > start ? from - start : 0, pinned);
	}
	if (empty) {
		free_page(*p);
		*p = 0;
	}
	return empty;
}

long uk_ramfs_truncate(struct rnode *n, uint64_t size)
{
	if (size < n->size) {
		trim(&n->file.root, n->file.height, UK_ALIGN_UP(size, PAGE) / PAGE, n->file.pinned);
		char *last = (size % PAGE) ? page_of(n, size / PAGE) : 0;
		if (last) /* bytes past the end must read back as zeros if the file grows again */
			uk_memset(last + size % PAGE, 0, PAGE - size % PAGE);
	}
	n->size = size;
	return 0;
}

void uk_ramfs_free_data(struct rnode *n)
{
	if (!n->file.pinned)
		trim(&n->file.root, n->file.height, 0, false);
}

/* relatime, Linux's default: atime moves only if it is older than mtime or ctime, or a
 * day old, so reading stays cheap but "read since last written" still works. */
static void read_time(struct rnode *n)
{
	int64_t now = uk_vfs_now();
	if (n->atime <= n->mtime || n->atime <= n->ctime || now - n->atime >= 86400LL * 1000000000)
		n->atime = now;
}

static long file_read(struct uk_vnode *v, void *handle, void *buf, size_t len, uint64_t off)
{
	(void)handle;
	struct rnode *n = R(v);
	if (off >= n->size || !len) {
		if (len)
			read_time(n);
		return 0;
	}
	if (len > n->size - off)
		len = n->size - off;
	for (size_t done = 0; done < len;) {
		uint64_t pos = off + done;
		size_t in = PAGE - pos % PAGE, k = in < len - done ? in : len - done;
		char *p = page_of(n, pos / PAGE);
		if (p)
			uk_memcpy((char *)buf + done, p + pos % PAGE, k);
		else
			uk_memset((char *)buf + done, 0, k);
		done += k;
	}
	read_time(n);
	return (long)len;
}

static long file_write(struct uk_vnode *v, void *handle, const void *buf, size_t len, uint64_t off)
{
	(void)handle;
	struct rnode *n = R(v);
	if (!len)
		return 0;
	if (off + len < off)
		return -EFBIG;
	size_t done = 0;
	while (done < len) {
		uint64_t pos = off + done;
		size_t in = PAGE - pos % PAGE, k = in < len - done ? in : len - done;
		void **s = slot(n, pos / PAGE, true);
		if (s && !*s)
			*s = new_page();
		if (!s || !*s)
			break;
		uk_memcpy((char *)*s + pos % PAGE, (const char *)buf + done, k);
		done += k;
	}
	if (!done)
		return -ENOSPC;
	if (off + done > n->size)
		n->size = off + done;
	uk_ramfs_touch(n, false, true, true);
	return (long)done;
}

/* For MAP_SHARED: the page itself, allocated if it was a hole. Once mapped, a file's pages
 * are never freed (the mapping may outlive them): truncation zeroes them instead. */
static long file_page(struct uk_vnode *v, uint64_t pgoff, uint64_t *pa)
{
	struct rnode *n = R(v);
	void **s = slot(n, pgoff, true);
	if (s && !*s)
		*s = new_page();
	if (!s || !*s)
		return -ENOMEM;
	n->file.pinned = true;
	*pa = (uint64_t)*s;
	return 0;
}

const struct uk_vnode_ops uk_ramfs_file_ops = {
	.getattr = uk_ramfs_getattr,
	.setattr = uk_ramfs_setattr,
	.release = uk_ramfs_release,
	.read = file_read,
	.write = file_write,
	.page = file_page,
};

static long link_readlink(struct uk_vnode *v, char *buf, size_t len)
{
	struct rnode *n = R(v);
	size_t k = n->size < len ? n->size : len;
	uk_memcpy(buf, n->target, k);
	return (long)n->size;
}

const struct uk_vnode_ops uk_ramfs_link_ops = {
	.getattr = uk_ramfs_getattr,
	.setattr = uk_ramfs_setattr,
	.release = uk_ramfs_release,
	.readlink = link_readlink,
};
