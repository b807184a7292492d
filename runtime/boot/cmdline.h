/* cmdline.h: argv/environment overrides decoded from the kernel command line. */
#ifndef BOOT_CMDLINE_H
#define BOOT_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <uk/abi.h>

struct uk_cmdline_args {
	bool args_given;               /* "--" present: args replace the manifest's argv[1..] */
	unsigned nargs, nenv, cap;     /* cap: entries args and env have room for */
	const char *argv0;             /* ukcc.argv0=, or NULL */
	const char **args;
	const char **env;              /* "KEY=VALUE", override or extend the manifest's env */
};

extern struct uk_cmdline_args uk_cmdline_args;

/* Reads the command line's switches and arguments. The decoded strings and their pointers go
 * to static room for a plain command line, or to scratch when the command line came as a
 * module (uk/abi.h's ukcc.cmdline=module), whose host leaves room after it. */
void uk_cmdline_parse(const char *cmdline, char *scratch, size_t scratch_size);

#endif
