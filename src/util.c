/* util.c: the driver's one error path, allocation helpers, subprocesses and atomic output. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

bool uk_verbose;

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);
	fprintf(stderr, "ukcc: %s", prefix);
	vfprintf(stderr, fmt, ap);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void uk_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("warning: ", fmt, ap);
	va_end(ap);
}

void uk_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
}

void uk_fatal(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
	exit(status);
}

void *uk_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		uk_fatal(UK_EXIT_FAIL, "out of memory");
	return p;
}

void *uk_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		uk_fatal(UK_EXIT_FAIL, "out of memory");
	return p;
}

void *uk_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		uk_fatal(UK_EXIT_FAIL, "out of memory");
	return p;
}

char *uk_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(uk_xmalloc(n), s, n);
}

char *uk_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		uk_fatal(UK_EXIT_FAIL, "out of memory");
	va_end(ap);
	return s;
}

void uk_strv_push(struct uk_strv *sv, const char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 16;
		sv->v = uk_xrealloc(sv->v, sv->cap * sizeof *sv->v);
	}
	sv->v[sv->n++] = uk_xstrdup(s);
	sv->v[sv->n] = NULL;
}

void uk_strv_pushf(struct uk_strv *sv, const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		uk_fatal(UK_EXIT_FAIL, "out of memory");
	va_end(ap);
	uk_strv_push(sv, s);
	free(s);
}

void uk_strv_free(struct uk_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	*sv = (struct uk_strv){0};
}

bool uk_strv_has(const struct uk_strv *sv, const char *s)
{
	for (size_t i = 0; sv && i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

void uk_buf_add(struct uk_buf *b, const void *data, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		while (b->len + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 256;
		b->p = uk_xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = 0;
}

void uk_buf_addf(struct uk_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		uk_fatal(UK_EXIT_FAIL, "out of memory");
	uk_buf_add(b, s, (size_t)n);
	free(s);
}

void uk_buf_free(struct uk_buf *b)
{
	free(b->p);
	*b = (struct uk_buf){0};
}

char *uk_read_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct uk_buf b = {0};
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			uk_buf_free(&b);
			errno = e;
			return NULL;
		}
		if (n == 0)
			break;
		uk_buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (!b.p)
		uk_buf_add(&b, "", 0);
	if (len)
		*len = b.len;
	return b.p;
}

static bool needs_quotes(const char *s)
{
	if (!*s)
		return true;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%", *s))
			return true;
	return false;
}

void uk_print_cmd(void *stream, char *const argv[])
{
	FILE *f = stream;
	for (size_t i = 0; argv[i]; i++) {
		if (i)
			fputc(' ', f);
		if (!needs_quotes(argv[i])) {
			fputs(argv[i], f);
			continue;
		}
		fputc('\'', f);
		for (const char *p = argv[i]; *p; p++) {
			if (*p == '\'')
				fputs("'\\''", f);
			else
				fputc(*p, f);
		}
		fputc('\'', f);
	}
	fputc('\n', f);
}

int uk_spawn(char *const argv[], const char *cwd)
{
	if (uk_verbose) {
		if (cwd)
			fprintf(stderr, "cd %s && ", cwd);
		uk_print_cmd(stderr, argv);
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	if (cwd)
		posix_spawn_file_actions_addchdir_np(&fa, cwd);
	pid_t pid;
	int err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err) {
		errno = err;
		uk_error("cannot run %s:", argv[0]);
		return -1;
	}
	return pid;
}

int uk_wait(int pid, const char *what)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			uk_error("waiting for %s:", what);
			return -1;
		}
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	uk_error("%s was killed by signal %d", what, WTERMSIG(st));
	return 128 + WTERMSIG(st);
}

int uk_run(char *const argv[])
{
	int pid = uk_spawn(argv, NULL);
	return pid < 0 ? -1 : uk_wait(pid, argv[0]);
}

int uk_run_parallel(char **const *cmds, size_t n, const char *cwd, unsigned jobs)
{
	int *pids = uk_xcalloc(n, sizeof *pids);
	size_t started = 0, running = 0;
	int failed = 0;
	if (!jobs)
		jobs = 1;
	while (started < n || running) {
		if (started < n && running < jobs) {
			pids[started] = uk_spawn(cmds[started], cwd);
			if (pids[started] < 0)
				failed = 1;
			else
				running++;
			started++;
			continue;
		}
		int st;
		pid_t pid = wait(&st);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (size_t i = 0; i < started; i++)
			if (pids[i] == pid) {
				running--;
				if (!WIFEXITED(st) || WEXITSTATUS(st))
					failed = 1;
			}
	}
	free(pids);
	return failed;
}

/* ---- temporary files ---- */

static char *tmpdir;
static pid_t tmpdir_owner;
/* Files outside tmpdir that must not survive a failure (an output's temporary sibling). */
static char *pending[8];

static void tmp_cleanup(void);

static void tmp_signal(int sig)
{
	tmp_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;
}

static void tmp_cleanup(void)
{
	if (getpid() != tmpdir_owner)
		return;
	for (size_t i = 0; i < sizeof pending / sizeof pending[0]; i++)
		if (pending[i])
			unlink(pending[i]);
	if (tmpdir)
		nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void tmp_setup(void)
{
	if (tmpdir_owner)
		return;
	tmpdir_owner = getpid();
	atexit(tmp_cleanup);
	signal(SIGINT, tmp_signal);
	signal(SIGTERM, tmp_signal);
	signal(SIGHUP, tmp_signal);
}


char *uk_tmp_path(const char *name)
{
	if (!tmpdir) {
		const char *base = getenv("TMPDIR");
		char *t = uk_xasprintf("%s/ukcc.XXXXXX", base && *base ? base : "/tmp");
		if (!mkdtemp(t))
			uk_fatal(UK_EXIT_FAIL, "cannot create temporary directory %s:", t);
		tmpdir = t;
		tmp_setup();
	}
	return uk_xasprintf("%s/%s", tmpdir, name);
}

char *uk_tmp_sibling(const char *path)
{
	char *dir = uk_dirname(path);
	char *t = uk_xasprintf("%s/.%s.XXXXXX", dir, uk_basename(path));
	free(dir);
	int fd = mkstemp(t);
	if (fd < 0) {
		uk_error("cannot create a temporary file next to %s:", path);
		free(t);
		return NULL;
	}
	close(fd);
	tmp_setup();
	for (size_t i = 0; i < sizeof pending / sizeof pending[0]; i++)
		if (!pending[i]) {
			pending[i] = uk_xstrdup(t);
			break;
		}
	return t;
}

int uk_publish(const char *tmp, const char *path)
{
	for (size_t i = 0; i < sizeof pending / sizeof pending[0]; i++)
		if (pending[i] && !strcmp(pending[i], tmp)) {
			free(pending[i]);
			pending[i] = NULL;
		}
	if (rename(tmp, path) == 0)
		return 0;
	uk_error("cannot write %s:", path);
	unlink(tmp);
	return -1;
}

/* ---- paths ---- */

char *uk_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return uk_xstrdup(".");
	if (slash == path)
		return uk_xstrdup("/");
	return strndup(path, (size_t)(slash - path));
}

const char *uk_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

bool uk_is_elf_rel(const char *path)
{
	unsigned char h[18];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	bool rel = read(fd, h, sizeof h) == (ssize_t)sizeof h && !memcmp(h, "\177ELF", 4) &&
		   h[16] == 1 && h[17] == 0; /* e_type ET_REL, little-endian */
	close(fd);
	return rel;
}

bool uk_file_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

const char *uk_libdir(void)
{
	static char *dir;
	if (dir)
		return dir;
	const char *env = getenv("UKCC_LIBDIR");
	if (env && *env)
		return dir = uk_xstrdup(env);
	/* <prefix>/bin/ukcc finds <prefix>/lib/ukcc; the build tree mirrors that layout. */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n < 0)
		uk_fatal(UK_EXIT_FAIL, "cannot locate the ukcc executable:");
	exe[n] = 0;
	char *bin = uk_dirname(exe);
	dir = uk_xasprintf("%s/../lib/ukcc", bin);
	free(bin);
	char real[PATH_MAX];
	if (realpath(dir, real)) {
		free(dir);
		dir = uk_xstrdup(real);
	}
	return dir;
}
