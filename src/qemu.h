/* qemu.h: what booting an image under QEMU takes: checking the image, choosing the accelerator,
 * the guest command line (runtime/include/uk/abi.h) and the QEMU command itself. */
#ifndef UKCC_QEMU_H
#define UKCC_QEMU_H

#include <stdbool.h>
#include <stdint.h>

#include "run.h"
#include "util.h"

#define UK_QEMU_DEFAULT "qemu-system-x86_64"
#define UK_DEFAULT_MEMORY (64ull << 20)

struct uk_image_info {
	bool pvh;          /* has the XEN_ELFNOTE_PHYS32_ENTRY note */
	uint64_t memory;   /* its UK_NOTE_MEMORY note, or 0 */
	uint64_t load_end; /* the end of its highest loaded segment (physical) */
	bool components;   /* has the UK_NOTE_COMPONENTS note (an image ukcc built) */
	bool has_9p;       /* ... and it lists the 9p component (can mount --share) */
	bool has_vconsole; /* ... and the vconsole component (takes output in bulk) */
};

/* Checks that path is an ELF64 x86-64 executable with a PVH entry note and describes it.
 * Returns 0, or UK_EXIT_USAGE (reported). */
int uk_image_check(const char *path, struct uk_image_info *info);

/* Resolves UK_ACCEL_AUTO to KVM only where KVM really runs guest code. Returns 0, or
 * UK_RUN_FAILED when KVM was asked for and cannot work (reported). */
int uk_accel_pick(enum uk_accel want, enum uk_accel *got);

/* Appends s percent-encoded (abi.h); bytes in also are encoded even if otherwise safe. */
void uk_percent_encode(struct uk_buf *b, const char *s, const char *also);

/* What one of our descriptors is, as the guest's stdout or stderr sees it. */
enum uk_sink { UK_SINK_PIPE, UK_SINK_TTY, UK_SINK_FULL };

/* The guest's command line for o; tty is "COLSxROWS" or NULL when stdout is no terminal;
 * out_full says stdout is /dev/full; err is what stderr is; fds (NULL: none) are the
 * descriptors handed over as files; vconsole asks for output through the virtio console. */
struct uk_hostfd;
char *uk_guest_cmdline(const struct uk_run_opts *o, const char *tty, bool out_full, enum uk_sink err,
		       const struct uk_hostfd *fds, bool vconsole);

/* The descriptor QEMU finds the virtio console's socket at (the runner puts it there). */
#define UK_VCONSOLE_FD 3
#define UK_VCONSOLE_FD_STR "3"

/* The QEMU command: the console is QEMU's stdin/stdout, the status record goes to status_path;
 * with vconsole, also a virtio console on the socket at UK_VCONSOLE_FD; module (or NULL) is
 * the file that carries a command line too long for PVH's (abi.h), as the initrd. */
void uk_qemu_argv(struct uk_strv *argv, const struct uk_run_opts *o, enum uk_accel accel,
		  uint64_t memory, const char *cmdline, const char *status_path, bool vconsole,
		  const char *module);

#endif
