/* statfs.c: statfs and fstatfs: the file system a path or descriptor is on. The VFS
 * answers what every mount has (identity, flags, block and name sizes); the file system adds
 * its type and sizes (ramfs: its size limit; 9p: the host's answer). */
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <uk/fd.h>
#include <uk/syscall.h>
#include <uk/util.h>

#include "vfs.h"

#define PIPEFS_MAGIC 0x50495045 /* what Linux says of pipes, sockets and the like */

static long fill(struct uk_mount *m, struct statfs *st)
{
	uk_memset(st, 0, sizeof *st);
	st->f_bsize = st->f_frsize = 4096;
	st->f_namelen = 255;
	if (!m) {
		st->f_type = PIPEFS_MAGIC;
		return 0;
	}
	st->f_fsid.__val[0] = (int)m->dev;
	st->f_flags = ST_NOSUID | ST_NODEV | (m->flags & UK_MNT_RDONLY ? ST_RDONLY : 0);
	return m->statfs ? m->statfs(m, st) : 0;
}

static long sys_statfs(long path, long buf)
{
	struct walk w;
	long r = uk_walk(AT_FDCWD, (const char *)path, W_FOLLOW, &w);
	if (r)
		return r;
	r = w.node ? fill(w.node->mnt, (struct statfs *)buf) : -ENOENT;
	uk_walk_done(&w);
	return r;
}
UK_SYSCALL(statfs, sys_statfs);

static long sys_fstatfs(long fd, long buf)
{
	struct uk_vnode *v;
	struct uk_file *f = uk_vfs_file(fd, &v);
	if (!f) { /* not a file of the VFS: a pipe, the console, an eventfd... */
		struct uk_file *any = uk_fd_get(fd);
		if (!any)
			return -EBADF;
		uk_file_put(any);
		return fill(0, (struct statfs *)buf);
	}
	long r = fill(v->mnt, (struct statfs *)buf);
	uk_file_put(f);
	return r;
}
UK_SYSCALL(fstatfs, sys_fstatfs);
