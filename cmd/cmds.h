/* cmds.h: the subcommands of ukcc; each lives in cmd/<name>.c. */
#ifndef UKCC_CMDS_H
#define UKCC_CMDS_H

struct uk_cmd {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the subcommand name */
	const char *summary;               /* one line for `ukcc --help` */
	const char *usage;                 /* full text for `ukcc help NAME` */
};

int cmd_build(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_deps(int argc, char **argv);
int cmd_check_runtime(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_cc(int argc, char **argv); /* cc mode: not in the table, see main() */

extern const char cmd_build_usage[], cmd_run_usage[], cmd_deps_usage[];

const struct uk_cmd *uk_cmd_find(const char *name);
void uk_print_help(void);

#endif
