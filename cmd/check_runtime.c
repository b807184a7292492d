/* check_runtime.c: `ukcc check-runtime DIR`, run by make after building the runtime. */
#include "../src/components.h"
#include "../src/util.h"
#include "cmds.h"

int cmd_check_runtime(int argc, char **argv)
{
	if (argc != 2) {
		uk_error("usage: ukcc check-runtime DIR");
		return UK_EXIT_USAGE;
	}
	int problems = uk_components_check(argv[1]);
	if (problems)
		uk_error("%d problem%s in the runtime's component declarations", problems, problems == 1 ? "" : "s");
	return problems ? UK_EXIT_FAIL : UK_EXIT_OK;
}
