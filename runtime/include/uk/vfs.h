/* uk/vfs.h: the virtual file system (runtime/vfs) and the interface a file system implements
 * to be mounted in it (runtime/ramfs for "/", 9p for shared host directories).
 *
 * The VFS owns everything generic: path resolution (".", "..", symlinks, mount points,
 * ELOOP, ENAMETOOLONG), the current directory and umask, open flags, file positions,
 * permission checks (the process runs as root: uid 0, gid 0), the order of checks that decide
 * which errno a call returns, and the descriptor side (runtime/fd). A file system only stores
 * and finds nodes: it implements struct uk_vnode_ops.
 *
 * Contract for a file system:
 * - A node is a struct uk_vnode, embedded in the file system's own node (container_of). The
 *   file system sets ops, mnt, type (S_IFREG, S_IFDIR, S_IFLNK, S_IFCHR...) and refs = 1
 *   for the reference it hands out; the VFS never frees a node itself.
 * - Every op returns 0 (or a count) on success and -errno on failure, with Linux's values.
 * - Names passed to ops are NUL-terminated, 1 to 255 bytes, without '/', never "." (the VFS
 *   resolves "."). lookup may be asked for "..": answer the parent directory (the VFS itself
 *   answers ".." at the root of a mount, by crossing to the mount point).
 * - The VFS has already checked what is generic before calling: the directory is a directory
 *   on this mount, the caller may write it, the name does not exist (create, mkdir, symlink,
 *   link) or exists with the right type (unlink: not a directory; rmdir: a directory),
 *   rename's types and ancestry. A file system still answers -EEXIST, -ENOENT, -ENOTEMPTY,
 *   -ENOSPC, -EROFS or -EIO for what only it knows (another writer, a full disk, the host).
 * - Ops marked optional may be NULL: the VFS then answers as the comment says.
 * - Calls may block (a 9p request waits on its virtqueue with uk_wait); the VFS holds a
 *   reference on every node it passes in.
 */
#ifndef UK_VFS_H
#define UK_VFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct stat;
struct uk_file;
struct uk_vnode;
struct uk_mount;

/* readdir's callback: one entry (name not NUL-terminated, len bytes), its inode number, its
 * type (DT_REG, DT_DIR...) and the cookie that resumes after it. Returns nonzero when the
 * caller's buffer is full: readdir must then stop without consuming that entry. */
typedef int (*uk_filldir_fn)(void *ctx, const char *name, size_t len, uint64_t ino,
			     unsigned type, uint64_t next);

/* What setattr changes: the fields whose UK_SET_* bit is in mask. The VFS has done the
 * permission checks and computed the new values; the file system stores them and sets ctime
 * (and, for a size change, mtime) itself to its clock's now. */
#define UK_SET_MODE 0x01  /* permission bits (07777) only; the type never changes */
#define UK_SET_UID 0x02
#define UK_SET_GID 0x04
#define UK_SET_SIZE 0x08  /* truncate or extend with zeros */
#define UK_SET_ATIME 0x10
#define UK_SET_MTIME 0x20
struct uk_setattr {
	unsigned mask;
	mode_t mode;
	uid_t uid;
	gid_t gid;
	uint64_t size;
	int64_t atime_ns, mtime_ns; /* nanoseconds since the epoch */
};

struct uk_vnode_ops {
	/* --- every node --- */
	/* Fills every field of st: st_dev (the mount's uk_mount.dev), st_ino, st_mode (type and
	 * permissions), st_nlink, st_uid, st_gid, st_rdev, st_size, st_blksize, st_blocks and
	 * the three times. */
	long (*getattr)(struct uk_vnode *v, struct stat *st);
	long (*setattr)(struct uk_vnode *v, const struct uk_setattr *a);
	/* The last reference was dropped (uk_vnode_put): free the node if nothing else (a
	 * directory entry, a cache) keeps it. */
	void (*release)(struct uk_vnode *v);

	/* --- directories --- */
	/* The child named name, with a reference for the caller; -ENOENT if there is none. */
	long (*lookup)(struct uk_vnode *dir, const char *name, struct uk_vnode **out);
	/* A new empty regular file with permission bits mode (umask already applied), owned by
	 * uid 0 / gid 0, returned with a reference. */
	long (*create)(struct uk_vnode *dir, const char *name, mode_t mode, struct uk_vnode **out);
	long (*mkdir)(struct uk_vnode *dir, const char *name, mode_t mode);
	long (*symlink)(struct uk_vnode *dir, const char *name, const char *target);
	/* A new name for v, a non-directory of the same mount. Optional: -EPERM. */
	long (*link)(struct uk_vnode *dir, const char *name, struct uk_vnode *v);
	long (*unlink)(struct uk_vnode *dir, const char *name); /* a non-directory */
	long (*rmdir)(struct uk_vnode *dir, const char *name);  /* -ENOTEMPTY unless empty */
	/* Moves olddir/oldname to newdir/newname on this mount. flags: 0 (replace newname if it
	 * exists; the VFS has checked the types agree and that a directory is not moved into
	 * itself), RENAME_NOREPLACE (the VFS checked newname does not exist) or RENAME_EXCHANGE
	 * (both exist: swap them). A replaced directory must be empty: -ENOTEMPTY. Optional:
	 * -EPERM. */
	long (*rename)(struct uk_vnode *olddir, const char *oldname, struct uk_vnode *newdir,
		       const char *newname, unsigned flags);
	/* Entries after *cookie (0: from the start, "." and ".." included), passed to fill until
	 * it returns nonzero or the directory ends; *cookie then resumes after the last entry
	 * taken. Cookies stay valid while entries are added and removed. handle: from open. */
	long (*readdir)(struct uk_vnode *dir, void *handle, uint64_t *cookie, uk_filldir_fn fill,
			void *ctx);

	/* --- symbolic links --- */
	/* Copies at most n bytes of the target (no NUL); returns its length. */
	long (*readlink)(struct uk_vnode *v, char *buf, size_t n);

	/* --- regular files and devices --- */
	/* Optional: prepares an open of v with open(2)'s flags (after the VFS's checks and any
	 * O_TRUNC); *handle is passed to read, write, readdir, fsync and close (a 9p fid).
	 * NULL: handle is NULL. */
	long (*open)(struct uk_vnode *v, int flags, void **handle);
	void (*close)(struct uk_vnode *v, void *handle); /* optional */
	/* Optional, for devices whose open yields an existing file (/dev/stdin): *out gets a
	 * referenced file and the VFS installs it instead of opening v. */
	long (*open_file)(struct uk_vnode *v, int flags, struct uk_file **out);
	/* Read or write at off. A read at or past the end returns 0; a write past the end
	 * extends the file (the gap reads as zeros) and updates mtime/ctime. */
	long (*read)(struct uk_vnode *v, void *handle, void *buf, size_t n, uint64_t off);
	long (*write)(struct uk_vnode *v, void *handle, const void *buf, size_t n, uint64_t off);
	long (*fsync)(struct uk_vnode *v, void *handle); /* optional: nothing to do */
	/* Optional, for MAP_SHARED: the physical page holding the file's bytes at page index
	 * pgoff (allocated if it was a hole), which mmap maps directly so that the mapping and
	 * read/write see the same bytes. NULL: MAP_SHARED with PROT_WRITE is refused (ENODEV)
	 * and a read-only shared mapping is a copy. */
	long (*page)(struct uk_vnode *v, uint64_t pgoff, uint64_t *pa);
	/* Optional, for ioctl(2) on a device node. */
	long (*ioctl)(struct uk_vnode *v, unsigned long req, void *arg);
};

struct uk_vnode {
	const struct uk_vnode_ops *ops;
	struct uk_mount *mnt;     /* the mount it belongs to */
	struct uk_mount *mounted; /* a file system mounted on this directory, or NULL */
	unsigned refs;
	mode_t type;              /* S_IFMT bits; never changes */
};

#define UK_MNT_RDONLY 1 /* writes fail with EROFS before reaching the file system */

struct statfs;
struct uk_mount {
	struct uk_vnode *root;    /* the file system's root directory (the mount holds a ref) */
	struct uk_vnode *covered; /* the directory it is mounted on; NULL for "/" */
	unsigned flags;
	uint64_t dev;             /* st_dev of every node, given by uk_vfs_mount */
	/* Optional, set by the file system: its type and sizes for statfs(2). The VFS fills
	 * in f_fsid, f_flags and defaults (4 KiB blocks, 255-byte names) first. */
	long (*statfs)(struct uk_mount *m, struct statfs *st);
};

static inline void uk_vnode_hold(struct uk_vnode *v)
{
	v->refs++;
}
void uk_vnode_put(struct uk_vnode *v);

/* Mounts the file system whose root is root (its reference is taken over) on the directory
 * path, creating the directory and its parents in the file system below if they are missing
 * (like mkdir -p). m is the caller's, filled in here (root, covered, dev); it lives as long
 * as the image runs. flags: UK_MNT_*. Returns 0 or -errno (ENOTDIR, EBUSY if something is
 * mounted there already). Call from an initialiser of class "fs" or later. */
long uk_vfs_mount(const char *path, struct uk_vnode *root, struct uk_mount *m, unsigned flags);
/* Mounts the root file system; runtime/ramfs calls it first, at class "fs" priority 0. */
void uk_vfs_mount_root(struct uk_vnode *root, struct uk_mount *m);
/* chdir(2) for the runtime (`ukcc run --cwd`): 0 or -errno. */
long uk_vfs_chdir(const char *path);
/* The file mode creation mask the program starts with (the host's with --host-root). */
extern mode_t uk_vfs_umask;

/* Runtime-internal file access by path (the embedded files, /dev setup): as the system
 * calls, relative to "/", without descriptors. */
long uk_vfs_mkdir(const char *path, mode_t mode);
long uk_vfs_create(const char *path, mode_t mode, struct uk_vnode **out);
long uk_vfs_symlink(const char *target, const char *path);
/* openat(2) for the runtime (the host's redirected descriptors): a new descriptor or -errno. */
long uk_vfs_openat(long dirfd, const char *path, int flags, mode_t mode);

/* The file behind an open descriptor if it belongs to the VFS (NULL otherwise), with its
 * node; the reference is the caller's (uk_file_put). */
struct uk_file *uk_vfs_file(long fd, struct uk_vnode **v);

/* Current time for timestamps, nanoseconds since the epoch. */
int64_t uk_vfs_now(void);

#endif
