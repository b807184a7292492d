/* mmap.c: mmap of files and msync. A private mapping is a copy: anonymous memory filled
 * from the file at mmap time (what a private mapping sees until the file changes, which is
 * all POSIX promises). A shared mapping maps the file system's own pages when it has them
 * (ramfs: the op "page"), so the mapping and read/write see the same bytes; a file system
 * without pages gets a copy for a read-only shared mapping and ENODEV for a writable one. */
#include <sys/mman.h>
#include <uk/mem.h>
#include <uk/syscall.h>
#include <uk/util.h>

#include "vfs.h"

static long fill(struct vfs_file *vf, uint64_t va, size_t len, long off)
{
	struct stat st;
	long r = vf->v->ops->getattr(vf->v, &st);
	if (r)
		return r;
	uint64_t size = (uint64_t)st.st_size;
	if ((uint64_t)off >= size)
		return 0;
	size_t n = size - (uint64_t)off < len ? (size_t)(size - (uint64_t)off) : len;
	for (size_t done = 0; done < n;) {
		r = vf->v->ops->read(vf->v, vf->handle, (char *)va + done, n - done, (uint64_t)off + done);
		if (r <= 0)
			return r;
		done += (size_t)r;
	}
	return 0;
}

struct shared {
	struct uk_vnode *v;
	uint64_t first, size; /* the mapping's first page in the file; the file's size */
};

/* Pages wholly past the end of the file are not the file's: they stay anonymous. */
static long file_page(void *ctx, uint64_t i, uint64_t *pa)
{
	struct shared *s = ctx;
	if ((s->first + i) * UK_PAGE_SIZE >= s->size)
		return 0;
	return s->v->ops->page(s->v, s->first + i, pa);
}

long uk_mmap_file(uint64_t addr, size_t len, int prot, int flags, int fd, long off)
{
	struct uk_vnode *v;
	struct uk_file *f = uk_vfs_file(fd, &v);
	if (!f) {
		struct uk_file *other = uk_fd_get(fd);
		if (!other)
			return -EBADF;
		uk_file_put(other);
		return -ENODEV; /* a pipe or the console */
	}
	struct vfs_file *vf = (struct vfs_file *)f;
	bool shared = flags & MAP_SHARED;
	long r = 0;
	if (f->flags & O_PATH)
		r = -EBADF;
	else if (!uk_file_readable(f) || (shared && (prot & PROT_WRITE) && !uk_file_writable(f)))
		r = -EACCES;
	else if (v->type != S_IFREG)
		r = -ENODEV;
	else if (!len)
		r = -EINVAL;
	else if (shared && (prot & PROT_WRITE) && !v->ops->page)
		r = -ENODEV;
	if (r)
		goto out;
	if (shared && v->ops->page) {
		struct stat st;
		if ((r = v->ops->getattr(v, &st)))
			goto out;
		struct shared s = {v, (uint64_t)off / UK_PAGE_SIZE, (uint64_t)st.st_size};
		r = uk_mmap_shared(addr, len, prot, flags, file_page, &s);
		goto out;
	}
	int aflags = (flags & ~MAP_SHARED) | MAP_PRIVATE | MAP_ANONYMOUS;
	r = uk_mmap_anon(addr, len, PROT_READ | PROT_WRITE, aflags & ~MAP_POPULATE);
	if (r < 0)
		goto out;
	long fr = fill(vf, (uint64_t)r, len, off);
	if (fr < 0 || (prot != (PROT_READ | PROT_WRITE) && (fr = uk_mprotect((uint64_t)r, len, prot)) < 0)) {
		uk_munmap((uint64_t)r, len);
		r = fr;
	}
out:
	uk_file_put(f);
	return r;
}

static long sys_msync(long addr, long len, long flags)
{
	(void)len;
	if ((addr & (long)(UK_PAGE_SIZE - 1)) || (flags & ~(long)(MS_ASYNC | MS_SYNC | MS_INVALIDATE)) ||
	    (flags & (MS_ASYNC | MS_SYNC)) == (MS_ASYNC | MS_SYNC))
		return -EINVAL;
	return 0; /* shared mappings are the file's own pages: nothing to write back */
}
UK_SYSCALL(msync, sys_msync);
