/* vfs.h: private to the vfs component. */
#ifndef VFS_VFS_H
#define VFS_VFS_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <uk/fd.h>
#include <uk/vfs.h>

/* An open file of the VFS: a node and the file system's handle for this open. */
struct vfs_file {
	struct uk_file f;
	struct uk_vnode *v;
	void *handle;
};

extern const struct uk_file_ops uk_vfs_file_ops;
extern struct uk_vnode *uk_vfs_root, *uk_vfs_cwd;

/* What the last component of a path was (Linux's LAST_* in namei). */
enum { LAST_NORM, LAST_DOT, LAST_DOTDOT, LAST_ROOT };

/* A resolved path: the directory holding its last component and that component's node.
 * dir and node are referenced (node is NULL when the last component does not exist);
 * uk_walk_done drops them. */
struct walk {
	struct uk_vnode *dir, *node;
	int last;
	bool slash;  /* the path ended in '/' */
	int links;   /* symbolic links followed so far */
	char name[NAME_MAX + 1];
};

#define W_FOLLOW 1 /* follow a symbolic link in the last component */
#define W_EMPTY 2  /* AT_EMPTY_PATH: "" names dirfd's own file */
#define W_PARENT 4 /* for calls that add or remove the last name (mkdir, unlink, rename...):
		    * the last component is never followed, even with a trailing '/', and the
		    * caller judges the '/' itself */
#define MAXSYMLINKS 40

#ifndef SEEK_DATA
#define SEEK_DATA 3
#define SEEK_HOLE 4
#endif

/* renameat2 flags (linux/fs.h; not in musl's headers). */
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4

/* Resolves path relative to dirfd (AT_FDCWD: the working directory). Errors: ENOENT for a
 * missing intermediate directory (a missing last component is node == NULL), ENOTDIR,
 * ELOOP, ENAMETOOLONG, EBADF; a trailing '/' on a non-directory is ENOTDIR. */
long uk_walk(long dirfd, const char *path, unsigned flags, struct walk *w);
void uk_walk_done(struct walk *w);
/* The parent of directory v, crossing mount points; ".." of the root is the root. */
long uk_vfs_dotdot(struct uk_vnode *v, struct uk_vnode **out);

/* The node behind descriptor fd (referenced), -EBADF if none, -ENOTDIR... as dirfd:
 * fd must be a VFS file. AT_FDCWD gives the working directory. */
long uk_vfs_fd_node(long fd, struct uk_vnode **out);

/* Opens node v as open(2) would after resolution; installs a descriptor. */
long uk_vfs_open_node(struct uk_vnode *v, int flags);

static inline bool uk_vfs_rdonly(const struct uk_vnode *v)
{
	return v->mnt && (v->mnt->flags & UK_MNT_RDONLY);
}

long uk_vfs_setattr(struct uk_vnode *v, struct uk_setattr *a);
/* RLIMIT_FSIZE: the largest size a write or truncate may reach (UINT64_MAX: none). */
uint64_t uk_vfs_fsize_limit(void);
void uk_vfs_fsize_exceeded(void);

size_t uk_vfs_strnlen(const char *s, size_t max);

#endif
