/* syscalls.h: Linux x86-64 system-call names and numbers (from musl's bits/syscall.h). */
#ifndef UKCC_SYSCALLS_H
#define UKCC_SYSCALLS_H

/* The name of system call nr, or NULL if there is none. */
const char *uk_syscall_name(long nr);
/* The number of the named system call, or -1. */
long uk_syscall_number(const char *name);
/* One more than the largest number. */
long uk_syscall_max(void);

#endif
