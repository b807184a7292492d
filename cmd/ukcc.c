/* ukcc.c: entry point; dispatches to a subcommand from the table below. */
#include <stdio.h>
#include <string.h>

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
		printf("  %-9s %s\n", cmds[i].name, cmds[i].summary);
	printf("\noptions:\n  -v        print every command ukcc runs, exactly\n"
	       "  --help    this text; `ukcc help COMMAND` describes a command\n"
	       "  --version print ukcc's version\n");
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

int main(int argc, char **argv)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-v"))
			uk_verbose = true;
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			uk_print_help();
			return UK_EXIT_OK;
		} else if (!strcmp(argv[i], "--version"))
			return cmd_version(0, NULL);
		else {
			uk_error("unknown option '%s' (see ukcc --help)", argv[i]);
			return UK_EXIT_USAGE;
		}
	}
	if (i == argc) {
		uk_print_help();
		return UK_EXIT_USAGE;
	}
	const struct uk_cmd *c = uk_cmd_find(argv[i]);
	if (!c) {
		uk_error("unknown command '%s' (see ukcc --help)", argv[i]);
		return UK_EXIT_USAGE;
	}
	return c->run(argc - i, argv + i);
}
