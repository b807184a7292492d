/* policy.c: scheduling policies. Every thread is SCHED_OTHER, round-robin; asking for a
 * real-time policy gets EPERM, as an unprivileged Linux process would (there is no second
 * priority level to give). */
#include <errno.h>
#include <sched.h>
#include <uk/syscall.h>

static long sys_sched_getscheduler(long pid)
{
	return pid < 0 ? -EINVAL : SCHED_OTHER;
}
UK_SYSCALL(sched_getscheduler, sys_sched_getscheduler);

static long sys_sched_setscheduler(long pid, long policy, long param)
{
	if (pid < 0 || !param)
		return -EINVAL;
	int prio = ((const struct sched_param *)param)->sched_priority;
	switch (policy & ~SCHED_RESET_ON_FORK) {
	case SCHED_OTHER:
	case SCHED_BATCH:
	case SCHED_IDLE:
		return prio ? -EINVAL : 0;
	case SCHED_FIFO:
	case SCHED_RR:
		return prio < 1 || prio > 99 ? -EINVAL : -EPERM;
	}
	return -EINVAL;
}
UK_SYSCALL(sched_setscheduler, sys_sched_setscheduler);

static long sys_sched_getparam(long pid, long param)
{
	if (pid < 0 || !param)
		return -EINVAL;
	((struct sched_param *)param)->sched_priority = 0;
	return 0;
}
UK_SYSCALL(sched_getparam, sys_sched_getparam);

static long sys_sched_setparam(long pid, long param)
{
	if (pid < 0 || !param)
		return -EINVAL;
	return ((const struct sched_param *)param)->sched_priority ? -EINVAL : 0;
}
UK_SYSCALL(sched_setparam, sys_sched_setparam);

static long sys_sched_get_priority_max(long policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR ? 99 : policy >= 0 && policy <= 5 ? 0 : -EINVAL;
}
UK_SYSCALL(sched_get_priority_max, sys_sched_get_priority_max);

static long sys_sched_get_priority_min(long policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR ? 1 : policy >= 0 && policy <= 5 ? 0 : -EINVAL;
}
UK_SYSCALL(sched_get_priority_min, sys_sched_get_priority_min);
