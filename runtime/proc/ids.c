/* ids.c: the process and thread identity musl sets up at start: one process, pid 1, whose
 * main thread has tid 1, and its thread pointer (FS base). */
#include <stdbool.h>
#include <uk/io.h>
#include <uk/syscall.h>

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

/* Threads come with the sched component, which replaces these two; without it the only
 * thread is the process itself, pid and tid 1, with nothing to clear at its exit. */
__attribute__((weak)) int uk_current_tid(void)
{
	return 1;
}

__attribute__((weak)) void uk_set_clear_tid(uint64_t p)
{
	(void)p;
}

static long sys_set_tid_address(long p)
{
	uk_set_clear_tid((uint64_t)p);
	return uk_current_tid();
}
UK_SYSCALL(set_tid_address, sys_set_tid_address);

static long sys_gettid(void)
{
	return uk_current_tid();
}
UK_SYSCALL(gettid, sys_gettid);

static long sys_getpid(void)
{
	return 1;
}
UK_SYSCALL(getpid, sys_getpid);

static long sys_getppid(void)
{
	return 0; /* no parent inside the machine, like a process started by the kernel */
}
UK_SYSCALL(getppid, sys_getppid);

static bool canonical(uint64_t a)
{
	return (uint64_t)((int64_t)(a << 16) >> 16) == a;
}

static long sys_arch_prctl(long code, long addr)
{
	switch (code) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		if (!canonical((uint64_t)addr))
			return -EPERM;
		uk_wrmsr(code == ARCH_SET_FS ? MSR_FS_BASE : MSR_GS_BASE, (uint64_t)addr);
		return 0;
	case ARCH_GET_FS:
	case ARCH_GET_GS:
		*(uint64_t *)addr = uk_rdmsr(code == ARCH_GET_FS ? MSR_FS_BASE : MSR_GS_BASE);
		return 0;
	}
	return -EINVAL;
}
UK_SYSCALL(arch_prctl, sys_arch_prctl);
