/* process: identity and machine calls a program makes: ids (root, changeable as Linux
 * allows), uname, sysinfo, getrusage, prctl names, getrandom; the CPU-time clocks do not
 * count sleeping; sleeps of 10 ms to 1 s last at least as long as asked (how much longer
 * is a figure bench/run measures, not something a test on a shared machine can assert);
 * fork and execve fail with ENOSYS. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static long ms_since(const struct timespec *a)
{
	struct timespec b;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

int main(void)
{
	printf("ids: uid=%d euid=%d gid=%d egid=%d pid=%d\n", getuid(), geteuid(), getgid(), getegid(), getpid());
	printf("setuid(1000)=%d then uid=%d euid=%d, back to 0: %d (errno %s)\n", setuid(1000), getuid(),
	       geteuid(), setuid(0), strerror(errno));

	struct utsname u;
	uname(&u);
	printf("uname: %s %s %s\n", u.sysname, u.machine, strstr(u.version, "ukcc") ? "ukcc" : u.version);

	struct sysinfo si;
	sysinfo(&si);
	printf("sysinfo: ram>16M=%d free<=total=%d procs=%d\n", si.totalram * si.mem_unit > (16u << 20),
	       si.freeram <= si.totalram, si.procs);

	char name[16] = "";
	prctl(PR_SET_NAME, "worker-1");
	prctl(PR_GET_NAME, name);
	printf("prctl name: %s\n", name);

	unsigned char a[32] = {0}, b[32] = {0};
	long n1 = getrandom(a, sizeof a, 0), n2 = getrandom(b, sizeof b, GRND_NONBLOCK);
	printf("getrandom: %ld %ld differ=%d\n", n1, n2, memcmp(a, b, sizeof a) != 0);

	int ok = 1;
	long asks[] = {10, 50, 200, 1000};
	for (int i = 0; i < 4; i++) {
		struct timespec t0, req = {asks[i] / 1000, asks[i] % 1000 * 1000000};
		clock_gettime(CLOCK_MONOTONIC, &t0);
		nanosleep(&req, 0);
		long got = ms_since(&t0);
		if (got < asks[i]) {
			printf("sleep %ld ms took %ld ms\n", asks[i], got);
			ok = 0;
		}
	}
	printf("sleeps 10 ms..1 s at least as long as asked: %s\n", ok ? "yes" : "no");

	struct timespec c0, c1;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	usleep(300000);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	long cpu_ms = (c1.tv_sec - c0.tv_sec) * 1000 + (c1.tv_nsec - c0.tv_nsec) / 1000000;
	printf("CPU time while sleeping 300 ms under 100 ms: %s\n", cpu_ms < 100 ? "yes" : "no");

	struct rusage ru;
	printf("getrusage: %d\n", getrusage(RUSAGE_SELF, &ru));

	errno = 0;
	pid_t p = fork();
	printf("fork: %d %s\n", p, strerror(errno));
	errno = 0;
	char *argv[] = {"/bin/true", 0};
	printf("execve: %d %s\n", execve("/bin/true", argv, 0), strerror(errno));
	return 0;
}
