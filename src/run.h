/* run.h: boots an image under QEMU and turns the guest's outcome into a process exit status. */
#ifndef UKCC_RUN_H
#define UKCC_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Statuses of a run besides the guest's own 0..255 and 128+S (like timeout(1) and shells). */
enum {
	UK_RUN_TIMEOUT = 124, /* --timeout expired; QEMU was killed */
	UK_RUN_FAILED = 125,  /* QEMU failed, or the guest died without a status (triple fault) */
	UK_RUN_NOQEMU = 127,  /* qemu-system-x86_64 is not installed */
};

enum uk_accel { UK_ACCEL_AUTO, UK_ACCEL_TCG, UK_ACCEL_KVM };

/* A host directory shared with the guest (`--share HOSTDIR[:GUESTDIR[:ro]]`), through
 * virtio-9p: QEMU serves host (confined to it), the guest mounts it at guest. */
struct uk_share {
	const char *host;  /* an existing directory, absolute */
	const char *guest; /* absolute path in the guest */
	bool ro;
};

#define UK_MAX_SHARES 16 /* microvm has 24 virtio-mmio transports; leave room for others */

struct uk_run_opts {
	const char *image;         /* an ELF64 PVH image */
	uint64_t memory;           /* bytes; 0: the image's memory note, else 64 MiB */
	const char *machine;       /* "microvm" (default when NULL), "pc" or "q35" */
	enum uk_accel accel;
	double timeout;            /* seconds; 0: none */
	bool strace;               /* ukcc.strace on the guest's command line */
	const char *const *env;    /* nenv "KEY=VALUE" strings for ukcc.env= */
	size_t nenv;
	const char *argv0;         /* the guest's argv[0], or NULL for the image's name */
	bool has_args;             /* replace the guest's argv[1..] with args (even if none) */
	const char *const *args;
	size_t nargs;
	int in_fd;                 /* forwarded to the guest's console input; -1: none (EOF) */
	int out_fd;                /* receives the guest's stdout, byte for byte */
	int err_fd;                /* receives the guest's stderr and the runtime's messages */
	const char *qemu;          /* QEMU binary; NULL: $UKCC_QEMU, else qemu-system-x86_64 */
	bool host_root;            /* the host's root directories at their own paths (ukcc.hostroot=) */
	const struct uk_share *shares; /* nshares host directories to mount (ukcc.share=) */
	size_t nshares;
	const char *cwd;           /* the guest's initial working directory, or NULL (ukcc.cwd=) */
};

/* Defaults: microvm, auto accelerator, our stdin, stdout and stderr, no timeout. */
void uk_run_opts_init(struct uk_run_opts *o);

/* Boots o->image and waits for it. Returns the guest's exit status (0..255), 128+S for a guest
 * ended as if by signal S (the reason is printed), or UK_RUN_TIMEOUT, UK_RUN_FAILED,
 * UK_RUN_NOQEMU, UK_EXIT_USAGE (not a PVH image, bad options), each already reported.
 * SIGINT/SIGTERM/SIGHUP during the run kill QEMU first, then take their previous action. */
int uk_run_image(const struct uk_run_opts *o);

#endif
