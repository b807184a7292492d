/* exit.c: exit and exit_group end the run with the application's status. */
#include <uk/boot.h>
#include <uk/syscall.h>

static long sys_exit_group(long status)
{
	uk_shutdown((int)status);
}
UK_SYSCALL(exit_group, sys_exit_group);

/* Without the scheduler there is one thread, and ending it ends the process; the sched
 * component replaces this to end only the calling thread. */
__attribute__((weak)) void uk_thread_exit(int status)
{
	uk_shutdown(status);
}

static long sys_exit(long status)
{
	uk_thread_exit((int)status);
	return 0;
}
UK_SYSCALL(exit, sys_exit);
