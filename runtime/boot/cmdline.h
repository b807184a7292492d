/* cmdline.h: argv/environment overrides decoded from the kernel command line. */
#ifndef BOOT_CMDLINE_H
#define BOOT_CMDLINE_H

#include <stdbool.h>

#define UK_CMDLINE_MAX 128

struct uk_cmdline_args {
	bool args_given;               /* "--" present: args replace the manifest's argv[1..] */
	unsigned nargs, nenv;
	const char *argv0;             /* ukcc.argv0=, or NULL */
	const char *args[UK_CMDLINE_MAX];
	const char *env[UK_CMDLINE_MAX]; /* "KEY=VALUE", override or extend the manifest's env */
};

extern struct uk_cmdline_args uk_cmdline_args;

#endif
