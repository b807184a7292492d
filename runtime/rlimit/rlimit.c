/* rlimit.c: getrlimit, setrlimit and prlimit64. The limits live in uk_rlimits, which the
 * components enforcing them read through weak references (so they work, with defaults,
 * in images without this component): RLIMIT_NOFILE (fd: EMFILE), RLIMIT_FSIZE (vfs:
 * EFBIG and SIGXFSZ), RLIMIT_AS (mem: ENOMEM). The others are recorded and reported.
 * Defaults are Linux's for a process started by a shell as root. */
#include <errno.h>
#include <sys/resource.h>
#include <uk/fd.h>
#include <uk/syscall.h>

#define INF RLIM_INFINITY

struct rlimit uk_rlimits[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = {INF, INF},
	[RLIMIT_FSIZE] = {INF, INF},
	[RLIMIT_DATA] = {INF, INF},
	[RLIMIT_STACK] = {8 << 20, INF},
	[RLIMIT_CORE] = {0, INF},
	[RLIMIT_RSS] = {INF, INF},
	[RLIMIT_NPROC] = {INF, INF},
	[RLIMIT_NOFILE] = {UK_FD_DEFAULT_LIMIT, UK_FD_MAX},
	[RLIMIT_MEMLOCK] = {8 << 20, 8 << 20},
	[RLIMIT_AS] = {INF, INF},
	[RLIMIT_LOCKS] = {INF, INF},
	[RLIMIT_SIGPENDING] = {INF, INF},
	[RLIMIT_MSGQUEUE] = {819200, 819200},
	[RLIMIT_NICE] = {0, 0},
	[RLIMIT_RTPRIO] = {0, 0},
	[RLIMIT_RTTIME] = {INF, INF},
};

static long sys_prlimit64(long pid, long res, long new, long old)
{
	res = (unsigned)res;
	if ((int)pid != 0 && (int)pid != 1)
		return -ESRCH; /* the only process is pid 1 */
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	const struct rlimit *n = (const struct rlimit *)new;
	if (n) {
		if (n->rlim_cur > n->rlim_max)
			return -EINVAL;
		if (res == RLIMIT_NOFILE && n->rlim_max > UK_FD_MAX)
			return -EPERM; /* above the table, like Linux's fs.nr_open */
	}
	if (old)
		*(struct rlimit *)old = uk_rlimits[res];
	if (n)
		uk_rlimits[res] = *n; /* the process is root: raising the hard limit is allowed */
	return 0;
}
UK_SYSCALL(prlimit64, sys_prlimit64);

static long sys_getrlimit(long res, long old)
{
	return sys_prlimit64(0, res, 0, old);
}
UK_SYSCALL(getrlimit, sys_getrlimit);

static long sys_setrlimit(long res, long new)
{
	return sys_prlimit64(0, res, new, 0);
}
UK_SYSCALL(setrlimit, sys_setrlimit);
