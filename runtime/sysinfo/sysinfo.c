/* sysinfo.c: what a program asks about the machine and itself: uname, sysinfo, getrusage,
 * prctl(PR_SET_NAME/PR_GET_NAME). The system is "Linux" (the ABI programs are written for),
 * the release a recent kernel's, and the version string says ukcc built it. */
#include <errno.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <uk/mem.h>
#include <uk/syscall.h>
#include <uk/time.h>
#include <uk/util.h>


static char hostname[65] = "ukcc";
static char thread_name[16] = "main";

static void copy(char *dst, const char *src, size_t n)
{
	size_t i = 0;
	for (; i + 1 < n && src[i]; i++)
		dst[i] = src[i];
	dst[i] = 0;
}

static long sys_uname(long p)
{
	struct utsname *u = (struct utsname *)p;
	uk_memset(u, 0, sizeof *u);
	copy(u->sysname, "Linux", sizeof u->sysname);
	copy(u->nodename, hostname, sizeof u->nodename);
	copy(u->release, "6.1.0-ukcc", sizeof u->release);
	copy(u->version, "ukcc " UKCC_VERSION " unikernel", sizeof u->version);
	copy(u->machine, "x86_64", sizeof u->machine);
	copy(u->domainname, "(none)", sizeof u->domainname);
	return 0;
}
UK_SYSCALL(uname, sys_uname);

static long sys_sethostname(long name, long len)
{
	if (len < 0 || len > 64)
		return -EINVAL;
	uk_memcpy(hostname, (const void *)name, (size_t)len);
	hostname[len] = 0;
	return 0;
}
UK_SYSCALL(sethostname, sys_sethostname);

static long sys_sysinfo(long p)
{
	struct sysinfo *s = (struct sysinfo *)p;
	uk_memset(s, 0, sizeof *s);
	s->uptime = (long)(uk_monotonic_ns() / 1000000000);
	s->totalram = uk_pages_total() * UK_PAGE_SIZE;
	s->freeram = uk_pages_free() * UK_PAGE_SIZE;
	s->procs = 1;
	s->mem_unit = 1;
	return 0;
}
UK_SYSCALL(sysinfo, sys_sysinfo);

/* CPU time: the time component's (time since boot), or the scheduler's per-thread figures
 * when it is linked. Referred to weakly so that asking for it never pulls the scheduler in;
 * time, which sysinfo requires, always defines it. */
extern uint64_t uk_cpu_ns(int thread) __attribute__((weak));

static long sys_getrusage(long who, long p)
{
	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	struct rusage *r = (struct rusage *)p;
	uk_memset(r, 0, sizeof *r);
	if (who == RUSAGE_CHILDREN)
		return 0; /* no children, ever */
	uint64_t ns = uk_cpu_ns(who == RUSAGE_THREAD);
	r->ru_utime = (struct timeval){(time_t)(ns / 1000000000), (suseconds_t)(ns % 1000000000 / 1000)};
	r->ru_maxrss = (long)((uk_pages_total() - uk_pages_free()) * (UK_PAGE_SIZE / 1024));
	return 0;
}
UK_SYSCALL(getrusage, sys_getrusage);

static long sys_prctl(long op, long a2, long a3, long a4, long a5)
{
	(void)a3, (void)a4, (void)a5;
	switch (op) {
	case PR_SET_NAME:
		copy(thread_name, (const char *)a2, sizeof thread_name);
		return 0;
	case PR_GET_NAME:
		copy((char *)a2, thread_name, sizeof thread_name);
		return 0;
	case PR_SET_DUMPABLE:
	case PR_SET_NO_NEW_PRIVS:
	case PR_SET_PDEATHSIG:
		return 0;
	case PR_GET_DUMPABLE:
		return 1;
	}
	return -EINVAL;
}
UK_SYSCALL(prctl, sys_prctl);
