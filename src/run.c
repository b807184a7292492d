/* run.c: the runner: boots an image under QEMU, relays its console, and maps the guest's
 * outcome (runtime/include/uk/abi.h) to an exit status, as if the image were a program. */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <uk/abi.h>

#include "hostfd.h"
#include "qemu.h"
#include "util.h"

extern char **environ;

void uk_run_opts_init(struct uk_run_opts *o)
{
	*o = (struct uk_run_opts){.accel = UK_ACCEL_AUTO, .in_fd = 0, .out_fd = 1, .err_fd = 2};
}

/* ---- signals: a self-pipe wakes the relay loop, which then acts on QEMU ---- */

static const int caught_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGTSTP};
#define NCAUGHT (sizeof caught_signals / sizeof caught_signals[0])

static int sig_pipe[2] = {-1, -1};
static volatile sig_atomic_t sig_last, sig_tstp;

struct saved_signals {
	struct sigaction caught[NCAUGHT], pipe, ttin;
};

static void on_signal(int sig)
{
	int saved = errno;
	if (sig == SIGTSTP)
		sig_tstp = 1;
	else
		sig_last = sig;
	if (write(sig_pipe[1], "", 1) < 0) {
		/* The pipe is full: the loop is already awake. */
	}
	errno = saved;
}

/* A pipe whose ends are close-on-exec and never 0..2 (those are the child's targets). */
static int make_pipe(int p[2], int nonblock_end)
{
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	for (int i = 0; i < 2; i++)
		if (p[i] < 3) {
			int fd = fcntl(p[i], F_DUPFD_CLOEXEC, 3);
			close(p[i]);
			p[i] = fd;
		}
	if (p[0] < 0 || p[1] < 0)
		return -1;
	if (nonblock_end >= 0)
		fcntl(p[nonblock_end], F_SETFL, fcntl(p[nonblock_end], F_GETFL) | O_NONBLOCK);
	return 0;
}

static void catch_signals(struct saved_signals *old)
{
	if (make_pipe(sig_pipe, 1) < 0)
		uk_fatal(UK_RUN_FAILED, "cannot create a pipe:");
	fcntl(sig_pipe[0], F_SETFL, O_NONBLOCK);
	sig_last = sig_tstp = 0;
	struct sigaction sa = {.sa_handler = on_signal};
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NCAUGHT; i++)
		sigaction(caught_signals[i], &sa, &old->caught[i]);
	/* A dead QEMU or a closed stdout shows up as EPIPE; a background runner reading the
	 * terminal gets EIO instead of being stopped. */
	struct sigaction ign = {.sa_handler = SIG_IGN};
	sigaction(SIGPIPE, &ign, &old->pipe);
	sigaction(SIGTTIN, &ign, &old->ttin);
}

static void restore_signals(const struct saved_signals *old)
{
	for (size_t i = 0; i < NCAUGHT; i++)
		sigaction(caught_signals[i], &old->caught[i], NULL);
	sigaction(SIGPIPE, &old->pipe, NULL);
	sigaction(SIGTTIN, &old->ttin, NULL);
	close(sig_pipe[0]);
	close(sig_pipe[1]);
	sig_pipe[0] = sig_pipe[1] = -1;
}

/* ---- one QEMU process, its three pipes and the virtio console's socket ---- */

/* A line the guest's framed output arrives on (abi.h): the UART (QEMU's stdout) or the
 * virtio console. Each has its own current stream. */
struct line {
	int fd;                 /* our end, or -1 once closed */
	int stream;             /* the output stream the guest last chose here: 1 or 2 */
	bool esc;               /* the last byte read was UK_OUT_ESC */
	bool asking;            /* in the N of a read request "r N;" */
	size_t asked_n;
	struct uk_buf out;      /* the write under way, not passed on yet */
};

struct session {
	pid_t pid;
	int in_w, err_r;        /* QEMU's stdin and stderr (our ends) */
	struct line serial;     /* QEMU's stdout: the UART */
	struct line vcon;       /* the virtio console, when the image has one (else fd -1) */
	int in_fd, out_fd, err_fd; /* the console's source and the sinks of its two streams */
	bool in_open;           /* still reading in_fd */
	bool no_input;          /* in_fd is none: every read is at end of file */
	size_t want;            /* the guest asked for a read of at most this many bytes */
	struct line *asker;     /* on this line: the reply goes back on it */
	bool notify;            /* the guest asked to be told when input is ready */
	bool marks;             /* the guest ends its writes (UK_OUT_END, from boot on): pass
				   each on whole */
	bool out_broken;        /* out_fd or err_fd was closed (EPIPE): discard the rest */
	bool qemu_said;         /* QEMU wrote on its stderr */
	bool timed_out;
	int interrupted;        /* the signal that ended the run early, or 0 */
	struct uk_buf pending;  /* escaped input QEMU has not taken yet, from offset sent */
	size_t sent;
	struct uk_hostfd *fds;  /* descriptors 0-2 handed to the guest as files (hostfd.h) */
};

/* QEMU gets its own process group, so the terminal's ^C reaches only us and we end QEMU
 * quietly, and default signal actions (we ignore SIGPIPE and SIGTTIN during a run). */
static void spawn_attrs(posix_spawnattr_t *at)
{
	posix_spawnattr_init(at);
	sigset_t def, none;
	sigemptyset(&def);
	sigemptyset(&none);
	for (size_t i = 0; i < NCAUGHT; i++)
		sigaddset(&def, caught_signals[i]);
	sigaddset(&def, SIGPIPE);
	sigaddset(&def, SIGTTIN);
	posix_spawnattr_setsigdefault(at, &def);
	posix_spawnattr_setsigmask(at, &none);
	posix_spawnattr_setpgroup(at, 0);
	posix_spawnattr_setflags(at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
					     POSIX_SPAWN_SETSIGMASK);
}

/* All three of QEMU's stdio are our pipes: QEMU never touches the terminal, and it cannot
 * leave a stdout it shares with the user's shell O_NONBLOCK (its stdio chardev sets that). */
/* The virtio console's socket: our end non-blocking, QEMU's above UK_VCONSOLE_FD so that
 * it can be moved there. */
static int make_socket(int sv[2])
{
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	int fd = fcntl(sv[1], F_DUPFD_CLOEXEC, UK_VCONSOLE_FD + 1);
	close(sv[1]);
	sv[1] = fd;
	fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
	return fd < 0 ? -1 : 0;
}

static int spawn_qemu(struct session *s, char **argv, bool vconsole)
{
	int in[2], out[2], err[2], sv[2] = {-1, -1};
	if (make_pipe(in, 1) < 0 || make_pipe(out, 0) < 0 || make_pipe(err, -1) < 0 ||
	    (vconsole && make_socket(sv) < 0)) {
		uk_error("cannot create a pipe:");
		return UK_RUN_FAILED;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	if (vconsole) /* last: fd 3 may be one of the pipes until they are in place */
		posix_spawn_file_actions_adddup2(&fa, sv[1], UK_VCONSOLE_FD);
	posix_spawnattr_t at;
	spawn_attrs(&at);
	int e = posix_spawnp(&s->pid, argv[0], &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(in[0]);
	close(out[1]);
	close(err[1]);
	if (vconsole)
		close(sv[1]);
	s->in_w = in[1], s->serial.fd = out[0], s->err_r = err[0], s->vcon.fd = sv[0];
	if (!e)
		return 0;
	close(in[1]), close(out[0]), close(err[0]);
	if (vconsole)
		close(sv[0]);
	errno = e;
	if (e == ENOENT) {
		uk_error("%s not found: install the Debian package qemu-system-x86", argv[0]);
		return UK_RUN_NOQEMU;
	}
	uk_error("cannot run %s:", argv[0]);
	return UK_RUN_FAILED;
}

/* Writes everything, waiting out a non-blocking fd; -1 with errno on failure. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR && sig_last)
				return -1; /* the relay loop acts on the signal */
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				return -1;
			struct pollfd pf = {.fd = fd, .events = POLLOUT};
			poll(&pf, 1, -1);
			continue;
		}
		p += w, n -= (size_t)w;
	}
	return 0;
}

static void kill_qemu(struct session *s)
{
	kill(s->pid, SIGKILL);
	if (s->in_w >= 0)
		close(s->in_w);
	s->in_w = -1;
	s->in_open = false;
}

/* Writes one stream's bytes to its sink; a closed sink ends the run, as SIGPIPE ends a
 * program writing to a closed pipe. */
static void emit(struct session *s, int stream, const char *p, size_t n)
{
	if (!n || s->out_broken)
		return;
	int fd = stream == 2 ? s->err_fd : s->out_fd;
	struct uk_hostfd *h = &s->fds[stream];
	if (h->handed) { /* the runtime's own messages: after what the guest wrote to the file */
		lseek(fd, 0, SEEK_END);
		h->host_wrote = true;
	}
	if (write_all(fd, p, n) < 0 && errno != EINTR) {
		s->out_broken = true;
		kill_qemu(s);
	}
}

/* Passes on what a line holds of the current stream. */
static void flush_line(struct session *s, struct line *l)
{
	emit(s, l->stream, l->out.p, l->out.len);
	l->out.len = 0;
}

/* A write beyond this goes on in parts, as natively one beyond PIPE_BUF may be split. */
#define WHOLE_MAX 65536

/* Splits a line's bytes into the guest's stdout and stderr (abi.h, UK_OUT_ESC), passing each
 * write on in one piece when it ends, so that the order of the two streams survives and a
 * write stays whole among other processes' writes to the same pipe or file. */
static void demux(struct session *s, struct line *l, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = buf[i];
		if (l->asking) { /* the count of a read request */
			if (c >= '0' && c <= '9') {
				l->asked_n = l->asked_n * 10 + (size_t)(c - '0');
			} else {
				size_t most = l == &s->vcon ? UK_STDIN_MAX_BULK : UK_STDIN_MAX;
				s->want = l->asked_n < most ? l->asked_n : most;
				s->asker = l;
				l->asking = false;
			}
			continue;
		}
		if (!l->esc && c == UK_OUT_ESC) {
			l->esc = true;
			continue;
		}
		if (l->esc) {
			l->esc = false;
			if (c == '1' || c == '2') {
				flush_line(s, l);
				l->stream = c - '0';
				continue;
			}
			if (c == UK_OUT_END) {
				s->marks = true;
				flush_line(s, l);
				continue;
			}
			if (c == UK_OUT_READ) {
				l->asking = true;
				l->asked_n = 0;
				continue;
			}
			if (c == UK_OUT_POLL) {
				s->notify = true;
				continue;
			}
			if (c != UK_OUT_ESC) /* not ours: pass both bytes through */
				uk_buf_add(&l->out, (char[]){UK_OUT_ESC}, 1);
		}
		uk_buf_add(&l->out, &c, 1);
		if (l->out.len >= WHOLE_MAX)
			flush_line(s, l);
	}
	if (!s->marks) /* a guest that does not end its writes: pass on what came */
		flush_line(s, l);
}

/* Reads what a line has (once): a console line to our stdout and stderr, QEMU's stderr
 * (line NULL) to ours. Returns false when nothing was there. */
static bool drain(struct session *s, int *fd, struct line *l)
{
	char buf[65536];
	ssize_t n = read(*fd, buf, sizeof buf);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return false;
	if (n <= 0) {
		close(*fd);
		*fd = -1;
		if (l) /* a write the guest did not finish */
			flush_line(s, l);
		return false;
	}
	if (l) {
		demux(s, l, buf, (size_t)n);
	} else {
		s->qemu_said = true;
		write_all(2, buf, (size_t)n);
	}
	return true;
}

/* Answers the guest's request (abi.h): one read(2) of at most what it asked for, escaped, then
 * the end of the reply; or end of file; or, for a poll, word that input is ready. Nothing is
 * read that the guest did not ask for, so what it leaves stays for the next reader. */
static void drain_all(struct session *s, struct line *l)
{
	while (l->fd >= 0 && drain(s, &l->fd, l))
		;
}

static void take_input(struct session *s)
{
	/* The guest asks only once the host has its output (abi.h): show a prompt before
	 * waiting for the answer to it. */
	drain_all(s, &s->serial);
	drain_all(s, &s->vcon);
	if (!s->want) {
		uk_buf_add(&s->pending, (char[]){UK_STDIN_READY}, 1);
		s->notify = false;
		return;
	}
	unsigned char buf[UK_STDIN_MAX_BULK];
	ssize_t n = s->in_open ? read(s->in_fd, buf, s->want) : 0;
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n < 0) {
		/* EIO: a background job reading the terminal. Stop forwarding, but it is no EOF. */
		s->in_open = false;
		s->want = 0;
		return;
	}
	s->want = 0;
	s->notify = false;
	struct uk_buf reply = {0};
	if (n == 0) {
		uk_buf_add(&reply, (char[]){UK_STDIN_EOF}, 1);
		s->in_open = false;
	}
	for (ssize_t i = 0; i < n; i++) {
		if (buf[i] == UK_STDIN_QUOTE || buf[i] == UK_STDIN_EOF || buf[i] == UK_STDIN_END ||
		    buf[i] == UK_STDIN_READY || buf[i] == UK_STDIN_BELL)
			uk_buf_add(&reply, (char[]){UK_STDIN_QUOTE}, 1);
		uk_buf_add(&reply, &buf[i], 1);
	}
	if (n > 0)
		uk_buf_add(&reply, (char[]){UK_STDIN_END}, 1);
	/* A request on the virtio console is answered there; the bell on the UART wakes the
	 * guest, which waits by interrupt. The socket has room: the guest asks once at a time. */
	if (s->asker == &s->vcon && s->vcon.fd >= 0 && write_all(s->vcon.fd, reply.p, reply.len) == 0)
		uk_buf_add(&s->pending, (char[]){UK_STDIN_BELL}, 1);
	else
		uk_buf_add(&s->pending, reply.p, reply.len);
	uk_buf_free(&reply);
}

static void give_input(struct session *s)
{
	ssize_t n = write(s->in_w, s->pending.p + s->sent, s->pending.len - s->sent);
	if (n < 0) {
		if (errno != EINTR && errno != EAGAIN) { /* EPIPE: QEMU is gone */
			close(s->in_w);
			s->in_w = -1;
			s->in_open = false;
		}
		return;
	}
	s->sent += (size_t)n;
	if (s->sent == s->pending.len)
		s->pending.len = s->sent = 0;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ^Z: stop QEMU with us, and resume it with us. Returns how long we were stopped. */
static double suspend(struct session *s)
{
	double t0 = now();
	sig_tstp = 0;
	kill(s->pid, SIGSTOP);
	raise(SIGSTOP);
	kill(s->pid, SIGCONT);
	return now() - t0;
}

static void on_wakeup(struct session *s, double *deadline)
{
	char junk[64];
	while (read(sig_pipe[0], junk, sizeof junk) > 0)
		;
	if (sig_tstp) {
		double stopped = suspend(s);
		if (*deadline) /* --timeout counts running time */
			*deadline += stopped;
	}
	if (sig_last && !s->interrupted) {
		s->interrupted = sig_last;
		kill_qemu(s);
	}
}

/* Runs until QEMU has closed its stdout and stderr, i.e. until it has exited. */
static void relay(struct session *s, double timeout)
{
	double deadline = timeout > 0 ? now() + timeout : 0;
	while (s->serial.fd >= 0 || s->vcon.fd >= 0 || s->err_r >= 0) {
		struct pollfd p[6] = {{.fd = sig_pipe[0], .events = POLLIN},
				      {.fd = s->serial.fd, .events = POLLIN},
				      {.fd = s->vcon.fd, .events = POLLIN},
				      {.fd = s->err_r, .events = POLLIN},
				      {.fd = -1, .events = POLLOUT},
				      {.fd = -1, .events = POLLIN}};
		bool asked = (s->want || s->notify) && s->pending.len == s->sent;
		if (asked && s->no_input)
			take_input(s); /* no stdin: answer end of file at once */
		else if (asked && s->in_open)
			p[5].fd = s->in_fd;
		if (s->in_w >= 0 && s->pending.len > s->sent)
			p[4].fd = s->in_w;
		int ms = -1;
		if (deadline) {
			double left = deadline - now();
			if (left <= 0) {
				s->timed_out = true;
				deadline = 0;
				kill_qemu(s);
				continue;
			}
			ms = (int)(left * 1000) + 1; /* round up: never spin at 0 ms */
		}
		if (poll(p, 6, ms) < 0) {
			if (errno == EINTR)
				continue;
			uk_error("poll:");
			kill_qemu(s);
			return;
		}
		if (p[0].revents)
			on_wakeup(s, &deadline);
		/* The UART before the virtio console: what the guest wrote to the UART before
		 * switching (boot messages) is already waiting when the virtio bytes come. */
		if (p[1].revents)
			drain(s, &s->serial.fd, &s->serial);
		if (p[2].revents)
			drain(s, &s->vcon.fd, &s->vcon);
		if (p[3].revents)
			drain(s, &s->err_r, NULL);
		if (p[4].revents && s->in_w >= 0)
			give_input(s);
		if (p[5].revents && s->in_open)
			take_input(s);
	}
}

/* ---- the outcome ---- */

/* The status one record line means, or -1 if it is none; a crash reason is printed. */
static int parse_record(const char *line)
{
	char *end;
	if (!strncmp(line, "exit ", 5)) {
		long v = strtol(line + 5, &end, 10);
		return end != line + 5 && !*end && v >= 0 && v <= 255 ? (int)v : -1;
	}
	if (strncmp(line, "signal ", 7))
		return -1;
	long sig = strtol(line + 7, &end, 10);
	if (end == line + 7 || (*end && *end != ' ') || sig < 1 || sig > 127)
		return -1;
	fprintf(stderr, "ukcc run: guest crashed: %s\n", *end ? end + 1 : line);
	return 128 + (int)sig;
}

/* The status the last record (abi.h) in the debugcon output means, or -1 without one; the
 * handed-over files continue where the guest left them. */
static int read_record(const struct session *s, const char *path)
{
	char *text = uk_read_file(path, NULL);
	if (!text)
		return -1;
	int fds[3] = {s->in_fd, s->out_fd, s->err_fd};
	uk_hostfd_finish(fds, s->fds, text);
	const char *last = NULL;
	char *save;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, "exit ", 5) || !strncmp(line, "signal ", 7))
			last = line;
	int status = last ? parse_record(last) : -1;
	free(text);
	return status;
}

/* Without a record: QEMU's own status says what little it can. */
static int without_record(const struct session *s, int st)
{
	if (WIFSIGNALED(st)) {
		fprintf(stderr, "ukcc run: qemu was killed by signal %d\n", WTERMSIG(st));
		return UK_RUN_FAILED;
	}
	int code = WEXITSTATUS(st);
	if (code == 0) { /* -no-reboot turns a triple fault into a clean QEMU exit */
		fprintf(stderr, "ukcc run: guest crashed: triple fault or reset (no exit status)\n");
		return UK_RUN_FAILED;
	}
	/* 1 is also what a guest writing 0 to isa-debug-exit gives; QEMU's errors say more. */
	if (code % 2 == 0 || (code == 1 && s->qemu_said)) {
		fprintf(stderr, "ukcc run: qemu failed\n");
		return UK_RUN_FAILED;
	}
	return code >> 1;
}

static int outcome(const struct session *s, int st, double timeout, const char *status_path)
{
	if (s->interrupted)
		return 128 + s->interrupted;
	if (s->out_broken)
		return 128 + SIGPIPE;
	if (s->timed_out) {
		fprintf(stderr, "ukcc run: guest timed out after %g s\n", timeout);
		return UK_RUN_TIMEOUT;
	}
	int status = read_record(s, status_path);
	return status >= 0 ? status : without_record(s, st);
}

static int reap(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 0;
	return st;
}

static bool fd_valid(int fd)
{
	return fd >= 0 && fcntl(fd, F_GETFD) >= 0;
}

static int boot(const struct uk_run_opts *o, char **argv, const char *status_path, struct uk_hostfd *fds,
		bool vconsole)
{
	/* A stdin handed over is the guest's to read: the runner must not move its offset. */
	struct session s = {.in_w = -1, .err_r = -1, .serial = {-1, 1}, .vcon = {-1, 1},
			    .in_fd = o->in_fd, .out_fd = o->out_fd, .err_fd = o->err_fd,
			    .in_open = fd_valid(o->in_fd) && !fds[0].handed, .fds = fds};
	s.no_input = !s.in_open;
	if (uk_verbose)
		uk_print_cmd(stderr, argv);
	struct saved_signals old;
	catch_signals(&old);
	int rc = spawn_qemu(&s, argv, vconsole);
	if (!rc) {
		relay(&s, o->timeout);
		flush_line(&s, &s.serial); /* what a relay cut short still holds */
		flush_line(&s, &s.vcon);
		if (s.in_w >= 0)
			close(s.in_w);
		rc = outcome(&s, reap(s.pid), o->timeout, status_path);
	}
	restore_signals(&old);
	uk_buf_free(&s.pending);
	uk_buf_free(&s.serial.out);
	uk_buf_free(&s.vcon.out);
	unlink(status_path);
	if (s.interrupted) {
		/* Now that QEMU is gone, die the way the signal meant (util's handler removes the
		 * temporary files first). */
		raise(s.interrupted);
		return 128 + s.interrupted;
	}
	return rc;
}

/* /dev/full, which a native program's writes fail on (ENOSPC) and the guest's must too: the
 * relay could only end the run when its own write failed. */
static bool is_dev_full(int fd)
{
	struct stat st;
	return !fstat(fd, &st) && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 7);
}

/* "COLSxROWS" when the console output is a terminal, else NULL. */
static char *console_tty(int fd)
{
	if (!isatty(fd))
		return NULL;
	struct winsize ws = {0};
	if (ioctl(fd, TIOCGWINSZ, &ws) < 0 || !ws.ws_col || !ws.ws_row)
		ws.ws_col = 80, ws.ws_row = 24;
	return uk_xasprintf("%ux%u", ws.ws_col, ws.ws_row);
}

/* The command line as the guest's first module (abi.h): the text, a NUL, zeros to a multiple
 * of 8, then zeroed room for the guest to decode it in. */
static int write_module(const char *path, const char *cmdline)
{
	size_t len = strlen(cmdline), words = 1;
	for (const char *p = cmdline; *p; p++)
		words += *p == ' ';
	size_t size = ((len + 1 + 7) & ~(size_t)7) + 16 * words + len + 1;
	char *buf = calloc(1, size);
	if (!buf)
		return -1;
	memcpy(buf, cmdline, len);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int rc = fd >= 0 && write_all(fd, buf, size) == 0 ? 0 : -1;
	if (fd >= 0 && close(fd) < 0)
		rc = -1;
	free(buf);
	return rc;
}

static bool machine_known(const char *m)
{
	return !m || !strcmp(m, "microvm") || !strcmp(m, "pc") || !strcmp(m, "q35");
}

int uk_run_image(const struct uk_run_opts *o)
{
	if (!machine_known(o->machine)) {
		uk_error("--machine %s: expected microvm, pc or q35", o->machine);
		return UK_EXIT_USAGE;
	}
	struct uk_image_info img;
	enum uk_accel accel;
	int rc = uk_image_check(o->image, &img);
	if (!rc)
		rc = uk_accel_pick(o->accel, &accel);
	if (rc)
		return rc;
	uint64_t memory = o->memory ? o->memory : img.memory ? img.memory : UK_DEFAULT_MEMORY;
	/* QEMU would load the image past the end of RAM and spin, silently. */
	if (memory < img.load_end) {
		uk_error("%s: does not fit in %llu KiB of memory (it loads up to %#llx)", o->image,
			 (unsigned long long)memory >> 10, (unsigned long long)img.load_end);
		return UK_EXIT_USAGE;
	}
	/* An image ukcc built says what it links; one without the 9p component cannot mount. */
	if ((o->nshares || o->cwd || o->host_root) && img.components && !img.has_9p) {
		uk_error("%s: cannot use %s: the image has no file system (its program uses no files, "
			 "so the 9p component was not linked; \"runtime\": {\"include\": [\"9p\"]} "
			 "forces it in)", o->image, o->nshares ? "--share" : o->host_root ? "--host-root" : "--cwd");
		return UK_EXIT_USAGE;
	}
	char *tty = console_tty(o->out_fd);
	enum uk_sink err = isatty(o->err_fd) ? UK_SINK_TTY : is_dev_full(o->err_fd) ? UK_SINK_FULL : UK_SINK_PIPE;
	struct uk_hostfd fds[3];
	uk_hostfd_probe((int[3]){o->in_fd, o->out_fd, o->err_fd}, fds, o->host_root);
	bool vconsole = img.has_vconsole;
	char *cmdline = uk_guest_cmdline(o, tty, is_dev_full(o->out_fd), err, fds, vconsole);
	static unsigned runs; /* benchmarks boot many times from one process */
	char *name = uk_xasprintf("status.%u", runs);
	char *status_path = uk_tmp_path(name);
	char *module = NULL;
	if (strlen(cmdline) > UK_CMDLINE_BYTES || o->nargs > UK_CMDLINE_ENTRIES || o->nenv > UK_CMDLINE_ENTRIES) {
		/* more than PVH's command line holds: it goes as the first module */
		char *mname = uk_xasprintf("cmdline.%u", runs);
		module = uk_tmp_path(mname);
		free(mname);
		if (write_module(module, cmdline) < 0) {
			uk_error("cannot write %s:", module);
			rc = UK_RUN_FAILED;
			goto out;
		}
		free(cmdline);
		cmdline = uk_xstrdup(UK_CMDLINE_MODULE);
	}
	runs++;
	unlink(status_path);
	struct uk_strv argv = {0};
	uk_qemu_argv(&argv, o, accel, memory, cmdline, status_path, vconsole, module);
	rc = boot(o, argv.v, status_path, fds, vconsole);
	uk_strv_free(&argv);
out:
	if (module)
		unlink(module);
	free(module);
	uk_hostfd_free(fds);
	free(status_path);
	free(name);
	free(cmdline);
	free(tty);
	return rc;
}
