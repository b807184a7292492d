/* prestart.c: a linker started early, fed its arguments through a named pipe. lld reads a
 * response file whose size it cannot know (a FIFO) to its end, so it waits there. */
#include "prestart.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static pid_t pid;
static char *fifo;

void uk_prestart_cancel(void)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	pid = 0;
	if (fifo)
		unlink(fifo);
	free(fifo);
	fifo = NULL;
}

void uk_prestart(const char *lld)
{
	if (pid || getenv("UKCC_NO_PRESTART"))
		return;
	fifo = uk_tmp_path("lld.rsp");
	if (mkfifo(fifo, 0600) < 0) {
		free(fifo);
		fifo = NULL;
		return;
	}
	char *rsp = uk_xasprintf("@%s", fifo);
	char *argv[] = {(char *)lld, rsp, NULL};
	pid_t parent = getpid();
	/* fork rather than posix_spawn, for PR_SET_PDEATHSIG: however ukcc ends (a compile error,
	 * a signal, SIGKILL), a linker it never fed dies with it instead of waiting forever. */
	pid_t p = fork();
	if (p == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		execvp(lld, argv);
		_exit(127);
	}
	free(rsp);
	if (p < 0) {
		unlink(fifo);
		free(fifo);
		fifo = NULL;
		return;
	}
	pid = p;
	atexit(uk_prestart_cancel);
}

/* A response-file word as lld reads it on Unix: double quotes, backslash escapes. */
static void put_word(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputs("\"\n", f);
}

static void put_args(FILE *f, char *const argv[])
{
	for (size_t i = 1; argv[i]; i++)
		put_word(f, argv[i]);
}

/* Waits (polling: a FIFO offers no way to wait for a reader without blocking on it) until
 * lld has the FIFO open, then returns the write end; -1 if lld died or never opened it. */
static int open_writer(void)
{
	for (int tries = 0; tries < 10000; tries++) {
		int fd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0)
			return fd;
		if (errno != ENXIO || waitpid(pid, NULL, WNOHANG) != 0)
			return -1;
		usleep(200);
	}
	return -1;
}

bool uk_prestart_run(char *const argv[], int *status)
{
	if (pid <= 0)
		return false;
	if (uk_verbose)
		uk_print_cmd(stderr, argv);
	int fd = open_writer();
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		uk_prestart_cancel();
		return false;
	}
	fcntl(fd, F_SETFL, 0); /* blocking writes from here on */
	put_args(f, argv);
	fflush(f);
	/* lld opens its response file a second time (it parses the command line twice): before
	 * it can, the FIFO's name becomes a regular file with the same text. The open FIFO is
	 * unaffected by the rename and ends when we close it. */
	char *copy = uk_xasprintf("%s.txt", fifo);
	FILE *c = fopen(copy, "w");
	bool ok = c != NULL;
	if (c) {
		put_args(c, argv);
		ok = fclose(c) == 0 && rename(copy, fifo) == 0;
	}
	free(copy);
	fclose(f);
	if (!ok) { /* lld would wait on the second open: run it the ordinary way instead */
		uk_prestart_cancel();
		return false;
	}
	int st;
	pid_t p = pid;
	pid = 0;
	while (waitpid(p, &st, 0) < 0)
		if (errno != EINTR) {
			uk_prestart_cancel();
			return false;
		}
	unlink(fifo);
	free(fifo);
	fifo = NULL;
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return true;
}
