/* hostfd.c: the host's stdin, stdout and stderr as files (ukcc.fd=, uk/abi.h). When a cc-mode
 * program's descriptor 0, 1 or 2 is a regular file on the host (`prog <in >out`), ukcc run
 * names it, and the descriptor here becomes that file, opened through the host root at the
 * host's offset, instead of the console: lseek, fstat and pread work as they do natively,
 * and data moves at 9P speed, not the serial line's. At the end the host learns each file's
 * final offset, so that the shell's next command continues where this one stopped. */
#include <uk/abi.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/fd.h>
#include <uk/kmem.h>
#include <uk/util.h>
#include <uk/vfs.h>

#include "hostfd.h"

#define PATH_BYTES 4096

static struct uk_file *handed[3]; /* a reference to each file handed over */

static bool number(const char **s, const char *e, long *out)
{
	const char *p = *s;
	long v = 0;
	for (; p < e && *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (*p - '0');
	if (p == *s || (p < e && *p != ':'))
		return false;
	*out = v;
	*s = p < e ? p + 1 : p;
	return true;
}

/* N:FLAGS:OFF:PATH or N:dup:M (the token after "ukcc.fd="). */
static void hand_over(const char *s, const char *e, char *path)
{
	long n, flags, off, m;
	if (!number(&s, e, &n) || n > 2)
		uk_panic("9p: malformed %s token", UK_CMDLINE_FD);
	if (e - s > 4 && !uk_strncmp(s, "dup:", 4)) {
		s += 4;
		if (!number(&s, e, &m) || m > 2 || !handed[m])
			uk_panic("9p: malformed %s token", UK_CMDLINE_FD);
		uk_file_hold(handed[m]);
		uk_fd_replace(n, handed[m], 0);
		uk_file_hold(handed[n] = handed[m]);
		return;
	}
	if (!number(&s, e, &flags) || !number(&s, e, &off))
		uk_panic("9p: malformed %s token", UK_CMDLINE_FD);
	uk_pct_decode(s, e, path, PATH_BYTES);
	long fd = uk_vfs_openat(AT_FDCWD, path, (int)flags & (O_ACCMODE | O_APPEND), 0);
	if (fd < 0) /* the host could open it: something is wrong with the mount */
		uk_panic("9p: cannot open the host's descriptor %ld, %s: error %ld", n, path, -fd);
	struct uk_file *f = uk_fd_get(fd);
	uk_fd_replace(fd, 0, 0);
	f->pos = off;
	uk_file_hold(handed[n] = f);
	uk_fd_replace(n, f, 0);
}

void uk_9p_host_fds(void)
{
	char *path = 0;
	const char *cursor = 0, *v, *e;
	while ((v = uk_cmdline_value(UK_CMDLINE_FD, &cursor, &e))) {
		if (!path && !(path = uk_kmalloc(PATH_BYTES)))
			uk_panic("9p: out of memory");
		hand_over(v, e, path);
	}
	uk_kfree(path, PATH_BYTES);
}

void uk_shutdown_report(void)
{
	for (int n = 0; n < 3; n++)
		if (handed[n]) {
			char line[48];
			uk_snprintf(line, sizeof line, "fd %d %ld\n", n, (long)handed[n]->pos);
			uk_status_line(line);
		}
}
