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

/* Opens the FIFO for writing if lld has it open for reading (without waiting), writes the
 * arguments and closes it, so lld reads them to their end. */
static bool serve(char *const argv[])
{
	int fd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	fcntl(fd, F_SETFL, 0); /* blocking writes from here on */
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return false;
	}
	for (size_t i = 1; argv[i]; i++)
		put_word(f, argv[i]);
	fclose(f);
	return true;
}

bool uk_prestart_run(char *const argv[], int *status)
{
	if (pid <= 0)
		return false;
	if (uk_verbose)
		uk_print_cmd(stderr, argv);
	/* lld opens its response file more than once (it parses the command line twice), so
	 * every open gets the whole text, until lld exits. Waiting is polling in 0.2 ms steps:
	 * a FIFO offers no way to wait for a reader without blocking on it. */
	bool served = false;
	int st;
	for (int idle = 0;; idle++) {
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) { /* reaped elsewhere, or gone: run it again */
			pid = 0;
			uk_prestart_cancel();
			return false;
		}
		if (serve(argv)) {
			served = true;
			idle = 0;
		} else if (!served && idle > 10000) { /* 2 s and it never opened the file */
			uk_prestart_cancel();
			return false;
		}
		usleep(200);
	}
	pid = 0;
	unlink(fifo);
	free(fifo);
	fifo = NULL;
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return true;
}
