/* clone.c: new threads, as musl's pthread_create asks for them. A copy of the process
 * (fork, vfork, clone without CLONE_VM|CLONE_THREAD) cannot exist in a unikernel: ENOSYS,
 * which the build-time analysis also reports. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <uk/syscall.h>
#include <uk/util.h>

#include "sched.h"

static long sys_clone(long flags, long newsp, long ptid, long ctid, long tls)
{
	if (!(flags & CLONE_VM) || !(flags & CLONE_THREAD) || !(flags & CLONE_SIGHAND))
		return -ENOSYS;
	struct uk_thread *t = uk_thread_new();
	if (!t)
		return -EAGAIN; /* no memory for its runtime stack: what Linux says too */
	struct uk_frame f = *uk_syscall_current;
	f.rax = 0; /* the child returns 0, on its own stack */
	f.rcx = f.rip;
	f.r11 = f.rflags;
	if (newsp)
		f.rsp = (uint64_t)newsp;
	t->fs_base = flags & CLONE_SETTLS ? (uint64_t)tls : uk_cur->fs_base;
	t->sig.blocked = uk_cur->sig.blocked;
	t->sig.ss_flags = SS_DISABLE; /* a new thread has no alternate stack */
	if (flags & CLONE_PARENT_SETTID)
		*(int *)ptid = t->tid;
	if (flags & CLONE_CHILD_SETTID)
		*(int *)ctid = t->tid;
	if (flags & CLONE_CHILD_CLEARTID)
		t->clear_tid = (uint64_t)ctid;
	uk_memcpy(t->name, uk_cur->name, sizeof t->name);
	uk_thread_start(t, &f);
	return t->tid;
}
UK_SYSCALL(clone, sys_clone);

static long sys_set_robust_list(long head, long len)
{
	(void)head;
	return len == 24 ? 0 : -EINVAL; /* sizeof(struct robust_list_head) */
}
UK_SYSCALL(set_robust_list, sys_set_robust_list);

static long sys_sched_yield(void)
{
	uk_schedule();
	return 0;
}
UK_SYSCALL(sched_yield, sys_sched_yield);

static long sys_sched_getaffinity(long pid, long len, long mask)
{
	(void)pid;
	if (len < 8 || (len & 7))
		return -EINVAL;
	uk_memset((void *)mask, 0, (size_t)len);
	*(unsigned char *)mask = 1; /* one CPU */
	return 8;
}
UK_SYSCALL(sched_getaffinity, sys_sched_getaffinity);
