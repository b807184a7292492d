/* check.h: how tests/posix programs report. Every call's result is printed with the text of
 * the call: "open("a", O_RDONLY) = 3" or "... = -1 ENOENT", so the native and the guest
 * outputs can be compared line by line. Nothing printed may depend on the machine. */
#ifndef POSIX_CHECK_H
#define POSIX_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *errname(int e)
{
	static const struct {
		int e;
		const char *name;
	} names[] = {
		{EPERM, "EPERM"}, {ENOENT, "ENOENT"}, {EINTR, "EINTR"}, {EIO, "EIO"},
		{EBADF, "EBADF"}, {EAGAIN, "EAGAIN"}, {ENOMEM, "ENOMEM"}, {EACCES, "EACCES"},
		{EFAULT, "EFAULT"}, {EBUSY, "EBUSY"}, {EEXIST, "EEXIST"}, {EXDEV, "EXDEV"},
		{ENODEV, "ENODEV"}, {ENOTDIR, "ENOTDIR"}, {EISDIR, "EISDIR"}, {EINVAL, "EINVAL"},
		{ENFILE, "ENFILE"}, {EMFILE, "EMFILE"}, {ENOTTY, "ENOTTY"}, {EFBIG, "EFBIG"},
		{ENOSPC, "ENOSPC"}, {ESPIPE, "ESPIPE"}, {EROFS, "EROFS"}, {EMLINK, "EMLINK"},
		{EPIPE, "EPIPE"}, {ERANGE, "ERANGE"}, {ENAMETOOLONG, "ENAMETOOLONG"},
		{ENOSYS, "ENOSYS"}, {ENOTEMPTY, "ENOTEMPTY"}, {ELOOP, "ELOOP"},
		{EOVERFLOW, "EOVERFLOW"}, {ENOTSUP, "ENOTSUP"}, {ETIMEDOUT, "ETIMEDOUT"},
		{ESRCH, "ESRCH"}, {ENXIO, "ENXIO"}, {E2BIG, "E2BIG"}, {ECHILD, "ECHILD"},
		{ETXTBSY, "ETXTBSY"}, {EDOM, "EDOM"}, {EDEADLK, "EDEADLK"}, {ENOLCK, "ENOLCK"},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].e == e)
			return names[i].name;
	static char buf[32];
	snprintf(buf, sizeof buf, "errno%d", e);
	return buf;
}

/* Descriptors a shell leaves open would shift every descriptor number natively. */
__attribute__((constructor)) static void close_inherited(void)
{
	for (int fd = 3; fd < 256; fd++)
		close(fd);
}

static long check_result(const char *what, long r)
{
	if (r == -1)
		printf("%s = -1 %s\n", what, errname(errno));
	else
		printf("%s = %ld\n", what, r);
	fflush(stdout);
	errno = 0;
	return r;
}

/* T(call): prints the call and its result (or errno), returns the result. */
#define T(e) check_result(#e, (long)(e))
/* SAY(fmt, ...): a line of the test's own. */
#define SAY(...) (printf(__VA_ARGS__), putchar('\n'), fflush(stdout))

#endif
