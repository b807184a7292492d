/* exit.c: exit and exit_group end the run with the application's status. */
#include <uk/boot.h>
#include <uk/syscall.h>

static long sys_exit_group(long status)
{
	uk_shutdown((int)status);
}
UK_SYSCALL(exit_group, sys_exit_group);

/* With one thread, ending the thread ends the process. */
UK_SYSCALL(exit, sys_exit_group);
