/* uk/boot.h: what the boot component learned from the hypervisor, for other components. */
#ifndef UK_BOOT_H
#define UK_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct uk_memrange {
	uint64_t start, end; /* [start, end) of usable RAM */
};

#define UK_MAX_MEMRANGES 32

struct uk_bootinfo {
	struct uk_memrange ram[UK_MAX_MEMRANGES];
	unsigned nram;
	const char *cmdline; /* copied into the runtime's own memory */
	uint64_t tsc_at_entry;
	bool strace;
	bool tty;
	unsigned tty_cols, tty_rows;
	bool stdin_escaped;
	bool stderr_framed, stderr_tty; /* ukcc.stderr= (uk/abi.h) */
	bool stdout_full, stderr_full;  /* writes fail with ENOSPC, as to /dev/full */
	struct uk_memrange module;      /* the command line's module (ukcc.cmdline=module), or 0s */
};

extern struct uk_bootinfo uk_boot;

/* Called by mem once paging maps all RAM: takes the command line from its module, if the
 * host passed it that way (uk/abi.h's UK_CMDLINE_MODULE). */
void uk_cmdline_module(void);

/* Image bounds from the linker script. */
extern char __image_start[], __text_end[], __data_start[], _end[];


/* The kernel command line's words KEY<value> before "--" (the program's arguments follow
 * it), one per call, in order: *cursor starts as NULL. Returns the value and sets *end past
 * it, or returns NULL when there are no more. */
const char *uk_cmdline_value(const char *key, const char **cursor, const char **end);

/* Percent-decodes [s, e) (uk/abi.h's encoding) into out, at most cap bytes with the NUL;
 * returns the decoded length. */
size_t uk_pct_decode(const char *s, const char *e, char *out, size_t cap);

/* One line of the status record (uk/abi.h), before the final one. */
void uk_status_line(const char *line);
/* Defined by a component with something to tell the host at the end (the 9p component's
 * handed-over files): called by both of the functions below, before the final line. */
void uk_shutdown_report(void) __attribute__((weak));

/* Ends the run: writes the status record (uk/abi.h) and leaves through isa-debug-exit; where
 * that device is absent, resets through the i8042 (Firecracker's shutdown), then halts. */
_Noreturn void uk_shutdown(int status);
/* Ends the run as if by signal sig; reason is one line for the host. */
_Noreturn void uk_shutdown_signal(int sig, const char *reason);
/* A runtime invariant broke: prints the message and ends the run as SIGABRT. */
_Noreturn void uk_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
