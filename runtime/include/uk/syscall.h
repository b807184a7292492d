/* uk/syscall.h: how a component implements a Linux system call. Each UK_SYSCALL places an
 * entry in section .uk_syscalls; only the components linked into an image contribute, so the
 * image's dispatch table holds exactly the calls its components implement. */
#ifndef UK_SYSCALL_H
#define UK_SYSCALL_H

#include <bits/syscall.h>
#include <errno.h>
#include <stdint.h>

typedef long (*uk_syscall_fn)(long, long, long, long, long, long);

struct uk_syscall {
	long nr;
	uk_syscall_fn fn;
	const char *name;
};

#define UK_SYSCALL(name, fn)                                                               \
	static const struct uk_syscall uk_syscall_##name                                     \
		__attribute__((used, section(".uk_syscalls"))) = {__NR_##name, (uk_syscall_fn)(fn), #name}

extern const struct uk_syscall __uk_syscalls_start[], __uk_syscalls_end[];

struct uk_frame;
/* The frame of the system call being handled (clone copies it, rt_sigreturn rewrites it). */
extern struct uk_frame *uk_syscall_current;
/* Run after every system call, before returning to the program (signal delivery). */
extern void (*uk_syscall_exit_hook)(struct uk_frame *f);

#endif
