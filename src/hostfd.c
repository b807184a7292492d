/* hostfd.c: see hostfd.h. */
#include "hostfd.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <uk/abi.h>

#include "qemu.h"

/* The guest's host root leaves out these top-level directories (uk/abi.h). */
static bool reachable(const char *path)
{
	static const char *const skipped[] = {"/dev/", "/proc/", "/sys/"};
	if (path[0] != '/')
		return false;
	for (size_t i = 0; i < sizeof skipped / sizeof *skipped; i++)
		if (!strncmp(path, skipped[i], strlen(skipped[i])))
			return false;
	return true;
}

/* The file's path, if it still names this very file. */
static char *path_of(int fd, const struct stat *st)
{
	char link[64], buf[PATH_MAX];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, buf, sizeof buf - 1);
	if (n <= 0)
		return NULL;
	buf[n] = 0;
	struct stat named;
	if (!reachable(buf) || stat(buf, &named) || named.st_dev != st->st_dev || named.st_ino != st->st_ino)
		return NULL; /* deleted, renamed, or out of the guest's sight */
	return uk_xstrdup(buf);
}

/* Whether two descriptors share one open file (the shell's 2>&1): kcmp says so where the
 * kernel has it; otherwise the same file, flags and offset are taken to mean it. */
static bool same_open_file(int a, int b, const struct uk_hostfd *ha, const struct uk_hostfd *hb)
{
	long r = syscall(SYS_kcmp, (long)getpid(), (long)getpid(), 0 /* KCMP_FILE */, (long)a, (long)b);
	if (r >= 0)
		return r == 0;
	return !strcmp(ha->path, hb->path) && ha->off == hb->off && ha->flags == hb->flags;
}

void uk_hostfd_probe(const int fds[3], struct uk_hostfd h[3], bool enabled)
{
	for (int i = 0; i < 3; i++) {
		h[i] = (struct uk_hostfd){.dup_of = -1};
		struct stat st;
		int flags;
		if (!enabled || fds[i] < 0 || fstat(fds[i], &st) || !S_ISREG(st.st_mode) ||
		    (flags = fcntl(fds[i], F_GETFL)) < 0 || !(h[i].path = path_of(fds[i], &st)))
			continue;
		h[i].off = lseek(fds[i], 0, SEEK_CUR);
		h[i].flags = flags & (O_ACCMODE | O_APPEND);
		/* Output files are often shared: by the stages of a pipeline, by background jobs,
		 * by make -j. Natively they share one offset; here each guest opens the file on
		 * its own, so it appends (the host's O_APPEND is atomic), which is the same thing
		 * while the offset is at the end (or the shell opened it to append, >>). Elsewhere
		 * the output goes through the console, which the runner writes at the shared
		 * offset. */
		bool output = i > 0 && (flags & O_ACCMODE) != O_RDONLY;
		if (output && !(flags & O_APPEND) && h[i].off != st.st_size)
			h[i].off = -1;
		if (h[i].off < 0) {
			free(h[i].path);
			h[i].path = NULL;
			continue;
		}
		if (output) {
			h[i].flags |= O_APPEND;
			h[i].appends = true;
		}
		h[i].handed = true;
		for (int j = 0; j < i && h[i].dup_of < 0; j++)
			if (h[j].handed && h[j].dup_of < 0 && same_open_file(fds[j], fds[i], &h[j], &h[i]))
				h[i].dup_of = j;
	}
}

void uk_hostfd_cmdline(struct uk_buf *b, const struct uk_hostfd h[3])
{
	for (int i = 0; i < 3; i++) {
		if (!h[i].handed)
			continue;
		if (h[i].dup_of >= 0) {
			uk_buf_addf(b, " %s%d:dup:%d", UK_CMDLINE_FD, i, h[i].dup_of);
			continue;
		}
		uk_buf_addf(b, " %s%d:%d:%lld:", UK_CMDLINE_FD, i, h[i].flags, h[i].off);
		uk_percent_encode(b, h[i].path, ":");
	}
}

void uk_hostfd_finish(const int fds[3], const struct uk_hostfd h[3], const char *record)
{
	for (int i = 0; i < 3; i++) /* others may have appended after the guest's last write */
		if (h[i].handed && h[i].appends)
			lseek(fds[i], 0, SEEK_END);
	for (const char *line = record; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		int n;
		long long off;
		if (sscanf(line, "fd %d %lld", &n, &off) == 2 && n >= 0 && n < 3 && h[n].handed &&
		    !h[n].appends && !h[n].host_wrote && off >= 0)
			lseek(fds[n], off, SEEK_SET);
	}
}

void uk_hostfd_free(struct uk_hostfd h[3])
{
	for (int i = 0; i < 3; i++) {
		free(h[i].path);
		h[i] = (struct uk_hostfd){.dup_of = -1};
	}
}
