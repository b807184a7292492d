/* timeit.c: runs commands interleaved (A B C, A B C, ...) and prints each one's median wall
 * time and its ratio to the first, so every figure comes from the same moments on a noisy
 * machine. Every run must exit with the expected status, or the measurement is refused.
 *
 *   timeit RUNS STATUS NAME CMD... [::: NAME CMD...]...
 * With TIMEIT_CPU set it also prints the CPU time the command (and its children) used.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct cmd {
	const char *name;
	char **argv;
	double *ms, *cpu; /* wall and CPU (user + system, the command and its children) */
};

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double last_cpu;

static double run_once(struct cmd *c, int want)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	double t0 = now_ms();
	pid_t pid;
	if (posix_spawnp(&pid, c->argv[0], &fa, NULL, c->argv, environ)) {
		fprintf(stderr, "timeit: cannot run %s\n", c->argv[0]);
		exit(1);
	}
	int st;
	struct rusage ru;
	wait4(pid, &st, 0, &ru);
	double t = now_ms() - t0;
	last_cpu = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
		   (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	posix_spawn_file_actions_destroy(&fa);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != want) {
		fprintf(stderr, "timeit: %s exited with %d, expected %d\n", c->name,
			WIFEXITED(st) ? WEXITSTATUS(st) : -1, want);
		exit(1);
	}
	return t;
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: timeit RUNS STATUS NAME CMD... [::: NAME CMD...]...\n");
		return 2;
	}
	int runs = atoi(argv[1]), want = atoi(argv[2]);
	struct cmd cmds[16];
	int n = 0;
	for (int i = 3; i < argc && n < 16;) {
		cmds[n].name = argv[i++];
		cmds[n].argv = &argv[i];
		while (i < argc && strcmp(argv[i], ":::"))
			i++;
		if (i < argc)
			argv[i++] = NULL;
		cmds[n].ms = calloc((size_t)runs, sizeof(double));
		cmds[n].cpu = calloc((size_t)runs, sizeof(double));
		n++;
	}
	for (int c = 0; c < n; c++) /* warm caches: not measured */
		run_once(&cmds[c], want);
	for (int r = 0; r < runs; r++)
		for (int c = 0; c < n; c++) {
			cmds[c].ms[r] = run_once(&cmds[c], want);
			cmds[c].cpu[r] = last_cpu;
		}
	double base = 0;
	for (int c = 0; c < n; c++) {
		qsort(cmds[c].ms, (size_t)runs, sizeof(double), cmp);
		qsort(cmds[c].cpu, (size_t)runs, sizeof(double), cmp);
		double med = cmds[c].ms[runs / 2];
		if (c == 0)
			base = med;
		printf("  %-28s median %8.2f ms  (min %.2f, max %.2f)  ratio %.2fx", cmds[c].name, med,
		       cmds[c].ms[0], cmds[c].ms[runs - 1], med / base);
		if (getenv("TIMEIT_CPU"))
			printf("  cpu %.1f ms (%.1f%% of wall)", cmds[c].cpu[runs / 2],
			       100 * cmds[c].cpu[runs / 2] / med);
		printf("\n");
	}
	return 0;
}
