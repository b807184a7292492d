/* ssp.c: a smashed stack. musl's __stack_chk_fail executes `hlt`, which in ring 0 halts
 * instead of faulting; ukcc links with --wrap=__stack_chk_fail so canary failures land here
 * and end the run as abort() would, with a message that says what happened and where. */
#include <signal.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/cpu.h>

_Noreturn void __wrap___stack_chk_fail(void)
{
	uint64_t off, at = (uint64_t)__builtin_return_address(0);
	const char *fn = uk_symbolize(at, &off);
	char reason[160];
	if (fn)
		uk_snprintf(reason, sizeof reason, "stack smashing detected in %s", fn);
	else
		uk_snprintf(reason, sizeof reason, "stack smashing detected at 0x%lx", at);
	uk_printk("*** %s ***: terminated\n", reason);
	uk_shutdown_signal(SIGABRT, reason);
}
