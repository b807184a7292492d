/* dev.c: the device nodes in /dev: null, zero, full, random and urandom (the CPU's
 * generator, uk/cpu.h), and stdin, stdout and stderr, whose open yields the file on
 * descriptor 0, 1 or 2 as /proc/self/fd/N would on Linux. */
#include <sys/sysmacros.h>
#include <uk/cpu.h>
#include <uk/fd.h>
#include <uk/util.h>

#include "ramfs.h"

static long null_read(struct uk_vnode *v, void *h, void *buf, size_t n, uint64_t off)
{
	(void)v, (void)h, (void)buf, (void)n, (void)off;
	return 0;
}

static long sink_write(struct uk_vnode *v, void *h, const void *buf, size_t n, uint64_t off)
{
	(void)v, (void)h, (void)buf, (void)off;
	return (long)n;
}

static long zero_read(struct uk_vnode *v, void *h, void *buf, size_t n, uint64_t off)
{
	(void)v, (void)h, (void)off;
	uk_memset(buf, 0, n);
	return (long)n;
}

static long full_write(struct uk_vnode *v, void *h, const void *buf, size_t n, uint64_t off)
{
	(void)v, (void)h, (void)buf, (void)off;
	return n ? -ENOSPC : 0;
}

static long random_read(struct uk_vnode *v, void *h, void *buf, size_t n, uint64_t off)
{
	(void)v, (void)h, (void)off;
	uk_random_fill(buf, n);
	return (long)n;
}

static long std_open(struct uk_vnode *v, int flags, struct uk_file **out)
{
	(void)flags;
	struct uk_file *f = uk_fd_get((long)R(v)->rdev - 1);
	if (!f)
		return -ENOENT; /* like following /proc/self/fd/N to a closed descriptor */
	*out = f;
	return 0;
}

#define DEV_OPS(rd, wr) \
	{.getattr = uk_ramfs_getattr, .setattr = uk_ramfs_setattr, .release = uk_ramfs_release, .read = rd, .write = wr}

static const struct uk_vnode_ops null_ops = DEV_OPS(null_read, sink_write);
static const struct uk_vnode_ops zero_ops = DEV_OPS(zero_read, sink_write);
static const struct uk_vnode_ops full_ops = DEV_OPS(zero_read, full_write);
static const struct uk_vnode_ops random_ops = DEV_OPS(random_read, sink_write);
static const struct uk_vnode_ops std_ops = {
	.getattr = uk_ramfs_getattr, .setattr = uk_ramfs_setattr, .release = uk_ramfs_release,
	.open_file = std_open,
};

static const struct {
	const char *name;
	const struct uk_vnode_ops *ops;
	unsigned minor; /* Linux's memory devices are major 1 */
} devices[] = {
	{"null", &null_ops, 3},     {"zero", &zero_ops, 5},    {"full", &full_ops, 7},
	{"random", &random_ops, 8}, {"urandom", &random_ops, 9},
};

static void add(struct rnode *dir, const char *name, const struct uk_vnode_ops *ops, dev_t rdev)
{
	struct rnode *n = uk_ramfs_node(S_IFCHR | 0666, ops);
	if (!n || uk_ramfs_add(dir, name, n))
		return; /* out of memory at boot: the program will see ENOENT */
	n->rdev = rdev;
	n->v.refs = 0;
}

void uk_ramfs_devices(struct rnode *dir)
{
	for (unsigned i = 0; i < sizeof devices / sizeof devices[0]; i++)
		add(dir, devices[i].name, devices[i].ops, makedev(1, devices[i].minor));
	static const char *const std[] = {"stdin", "stdout", "stderr"};
	for (unsigned i = 0; i < 3; i++)
		add(dir, std[i], &std_ops, i + 1); /* rdev only says which descriptor */
}
