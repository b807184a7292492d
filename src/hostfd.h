/* hostfd.h: with --host-root, the run's descriptors 0-2 that are regular files go to the
 * guest as those files (ukcc.fd=, uk/abi.h) instead of through the console, so a program
 * can seek and stat its redirected stdin and stdout as it can natively. */
#ifndef UKCC_HOSTFD_H
#define UKCC_HOSTFD_H

#include <stdbool.h>

#include "util.h"

struct uk_hostfd {
	bool handed;     /* the guest opens the file itself */
	int dup_of;      /* -1, or the lower descriptor whose open file this one is (2>&1) */
	char *path;      /* absolute, as /proc/self/fd names it */
	long long off;
	int flags;       /* access mode and O_APPEND */
	bool host_wrote; /* the runner wrote the runtime's messages to it (at its end) */
	bool appends;    /* an output at its end, handed over as O_APPEND (see probe) */
};

/* Which of fds[0..2] (the run's stdin, stdout, stderr) to hand over, and how: none unless
 * enabled (the guest has the host root); stdout and stderr only while at the file's end,
 * and then to append, because other processes may be writing the same file. */
void uk_hostfd_probe(const int fds[3], struct uk_hostfd h[3], bool enabled);
/* The ukcc.fd= tokens for the guest's command line, each preceded by a space. */
void uk_hostfd_cmdline(struct uk_buf *b, const struct uk_hostfd h[3]);
/* After the run: each handed-over input continues at the offset the guest's status record
 * reports ("fd N OFF" lines in record, which may be NULL), each output at the file's end. */
void uk_hostfd_finish(const int fds[3], const struct uk_hostfd h[3], const char *record);
/* Frees the paths; none is handed over any more. */
void uk_hostfd_free(struct uk_hostfd h[3]);

#endif
