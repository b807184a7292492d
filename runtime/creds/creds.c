/* creds.c: user and group identity. The program runs as root (uid 0, gid 0), as a process
 * in a container usually does: it owns the whole machine. Changing to another identity is
 * accepted and remembered, but grants or removes nothing (there is no one else). */
#include <errno.h>
#include <uk/syscall.h>

static long uid, euid, suid, gid, egid, sgid;

static long sys_getuid(void) { return uid; }
static long sys_geteuid(void) { return euid; }
static long sys_getgid(void) { return gid; }
static long sys_getegid(void) { return egid; }
UK_SYSCALL(getuid, sys_getuid);
UK_SYSCALL(geteuid, sys_geteuid);
UK_SYSCALL(getgid, sys_getgid);
UK_SYSCALL(getegid, sys_getegid);

static long set3(long *r, long *e, long *s, long nr, long ne, long ns)
{
	if (*e != 0 && ((nr != -1 && nr != *r && nr != *e && nr != *s) ||
			(ne != -1 && ne != *r && ne != *e && ne != *s)))
		return -EPERM; /* once unprivileged, only the three ids already held */
	if (nr != -1)
		*r = nr;
	if (ne != -1)
		*e = ne;
	if (ns != -1)
		*s = ns;
	return 0;
}

static long sys_setuid(long v) { return euid == 0 ? set3(&uid, &euid, &suid, v, v, v) : set3(&uid, &euid, &suid, -1, v, -1); }
static long sys_setgid(long v) { return egid == 0 || euid == 0 ? set3(&gid, &egid, &sgid, v, v, v) : set3(&gid, &egid, &sgid, -1, v, -1); }
static long sys_setreuid(long r, long e) { return set3(&uid, &euid, &suid, r, e, -1); }
static long sys_setregid(long r, long e) { return set3(&gid, &egid, &sgid, r, e, -1); }
static long sys_setresuid(long r, long e, long s) { return set3(&uid, &euid, &suid, r, e, s); }
static long sys_setresgid(long r, long e, long s) { return set3(&gid, &egid, &sgid, r, e, s); }
UK_SYSCALL(setuid, sys_setuid);
UK_SYSCALL(setgid, sys_setgid);
UK_SYSCALL(setreuid, sys_setreuid);
UK_SYSCALL(setregid, sys_setregid);
UK_SYSCALL(setresuid, sys_setresuid);
UK_SYSCALL(setresgid, sys_setresgid);

static long sys_getresuid(long r, long e, long s)
{
	*(unsigned *)r = (unsigned)uid, *(unsigned *)e = (unsigned)euid, *(unsigned *)s = (unsigned)suid;
	return 0;
}
static long sys_getresgid(long r, long e, long s)
{
	*(unsigned *)r = (unsigned)gid, *(unsigned *)e = (unsigned)egid, *(unsigned *)s = (unsigned)sgid;
	return 0;
}
UK_SYSCALL(getresuid, sys_getresuid);
UK_SYSCALL(getresgid, sys_getresgid);

static long sys_getgroups(long n, long list)
{
	(void)list;
	return n < 0 ? -EINVAL : 0; /* no supplementary groups */
}
UK_SYSCALL(getgroups, sys_getgroups);

static long sys_setgroups(long n, long list)
{
	(void)list;
	return n < 0 || n > 65536 ? -EINVAL : euid == 0 ? 0 : -EPERM;
}
UK_SYSCALL(setgroups, sys_setgroups);
