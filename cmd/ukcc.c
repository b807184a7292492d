/* ukcc.c: entry point; dispatches to a subcommand from the table below. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/toolchain.h"
#include "../src/util.h"
#include "../src/version.h"
#include "cmds.h"

static const struct uk_cmd cmds[] = {
	{"build", cmd_build, "compile a manifest's program into a bootable unikernel image", cmd_build_usage},
	{"run", cmd_run, "boot an image (or build and boot a manifest) under QEMU", cmd_run_usage},
	{"deps", cmd_deps, "show the runtime components a program needs, and why", cmd_deps_usage},
	{"check-runtime", cmd_check_runtime, "check runtime components against their declarations (make runs it)",
	 "usage: ukcc check-runtime DIR\n\nChecks each DIR/NAME.json declaration against DIR/NAME.o: declared symbols\n"
	 "and system calls must be defined, no system call may be claimed twice, required\n"
	 "components must exist, the init class must match. Exit 1 on any problem.\n"},
	{"help", cmd_help, "describe a command", "usage: ukcc help [COMMAND]\n"},
	{"version", cmd_version, "print ukcc's version", "usage: ukcc version\n"},
};

const struct uk_cmd *uk_cmd_find(const char *name)
{
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (!strcmp(cmds[i].name, name))
			return &cmds[i];
	return NULL;
}

void uk_print_help(void)
{
	printf("usage: ukcc [-v] COMMAND [ARGS...]\n\n"
	       "ukcc turns a C program into a unikernel: one ELF64 image that boots on QEMU,\n"
	       "Firecracker and Cloud Hypervisor (PVH), holding the program, musl and only the\n"
	       "runtime components it uses.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		printf("  %-13s %s\n", cmds[i].name, cmds[i].summary);
	printf("\noptions:\n  -v            print every command ukcc runs, exactly\n"
	       "  --help        this text; `ukcc help COMMAND` describes a command\n"
	       "\nAny other first argument makes ukcc a C compiler driver with gcc's and clang's\n"
	       "options (CC=ukcc): `ukcc hello.c -o hello && ./hello` builds an image and boots it.\n"
	       "`ukcc --version` is its banner; docs/cc.md lists every option and what ukcc does.\n");
}

int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		uk_print_help();
		return UK_EXIT_OK;
	}
	const struct uk_cmd *c = uk_cmd_find(argv[1]);
	if (!c) {
		uk_error("help: unknown command '%s' (see ukcc --help)", argv[1]);
		return UK_EXIT_USAGE;
	}
	fputs(c->usage, stdout);
	return UK_EXIT_OK;
}

int cmd_version(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("ukcc %s\n", UKCC_VERSION);
	return UK_EXIT_OK;
}

/* ukcc-ar and ukcc-ranlib: the archiver of the toolchain (objects are ordinary x86-64 ELF, so
 * llvm-ar, else binutils' ar). A build system that wants $(CROSS)ar finds it beside ukcc. */
static int archiver(const char *tool, char **argv)
{
	char *llvm = uk_xasprintf("llvm-%s", tool), *path = uk_find_in_path(llvm);
	free(llvm);
	if (!path)
		path = uk_find_in_path(tool);
	if (!path) {
		uk_error("%s not found: install the Debian package llvm (or binutils)", tool);
		return UK_EXIT_FAIL;
	}
	argv[0] = path;
	execv(path, argv);
	uk_error("cannot run %s:", path);
	return UK_EXIT_FAIL;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

/* Invoked as ukcc, the first argument (after -v) that names a subcommand runs it; anything
 * else makes ukcc a C compiler driver (cc mode). Invoked under another name (ukcc-cc, cc, a
 * symlink), ukcc is always the compiler. */
int main(int argc, char **argv)
{
	const char *self = uk_basename(argv[0]);
	if (ends_with(self, "-ar"))
		return archiver("ar", argv);
	if (ends_with(self, "-ranlib"))
		return archiver("ranlib", argv);
	if (strcmp(self, "ukcc"))
		return cmd_cc(argc, argv);
	int i = 1;
	while (i < argc && !strcmp(argv[i], "-v"))
		i++;
	if (argc == 1) {
		uk_print_help();
		return UK_EXIT_USAGE;
	}
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		uk_print_help();
		return UK_EXIT_OK;
	}
	const struct uk_cmd *c = i < argc ? uk_cmd_find(argv[i]) : NULL;
	if (!c)
		return cmd_cc(argc, argv);
	if (i > 1)
		uk_verbose = true;
	return c->run(argc - i, argv + i);
}
