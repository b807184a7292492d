/* util.h: error reporting, memory, strings, subprocesses and atomic output for the ukcc driver. */
#ifndef UKCC_UTIL_H
#define UKCC_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Exit statuses of the driver itself (cmd/ and src/ follow these). */
enum { UK_EXIT_OK = 0, UK_EXIT_FAIL = 1, UK_EXIT_USAGE = 2 };

/* Set by -v: every spawned command is echoed to stderr before it runs. */
extern bool uk_verbose;

/* "ukcc: MESSAGE"; a message ending in ':' gets ": strerror(errno)" appended. */
void uk_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void uk_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void uk_fatal(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void *uk_xmalloc(size_t n);
void *uk_xcalloc(size_t n, size_t size);
void *uk_xrealloc(void *p, size_t n);
char *uk_xstrdup(const char *s);
char *uk_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NULL-terminated vector of owned strings (argument lists). */
struct uk_strv {
	char **v;
	size_t n, cap;
};
void uk_strv_push(struct uk_strv *sv, const char *s);
void uk_strv_pushf(struct uk_strv *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void uk_strv_free(struct uk_strv *sv);
/* True if s is one of sv's strings (sv may be NULL). */
bool uk_strv_has(const struct uk_strv *sv, const char *s);

/* A growable byte buffer. */
struct uk_buf {
	char *p;
	size_t len, cap;
};
void uk_buf_add(struct uk_buf *b, const void *data, size_t n);
void uk_buf_addf(struct uk_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void uk_buf_free(struct uk_buf *b);

/* Reads a whole file; NULL with errno set on failure. The result is NUL-terminated. */
char *uk_read_file(const char *path, size_t *len);

/* Runs argv (searching PATH), waits, returns its exit status, or -1 if it could not start
 * (already reported). With uk_verbose the command is echoed first, shell-quoted. */
int uk_run(char *const argv[]);

/* Starts argv (searching PATH) in directory cwd (NULL: here); returns its pid or -1 (reported).
 * With uk_verbose the command is echoed first, as "cd CWD && CMD" when cwd is set. */
int uk_spawn(char *const argv[], const char *cwd);
/* Waits for pid; returns its exit status, or 128+signal (reported). */
int uk_wait(int pid, const char *what);
/* Runs the commands, at most `jobs` at once; returns 0 if all exit 0, else 1. */
int uk_run_parallel(char **const *cmds, size_t n, const char *cwd, unsigned jobs);

/* Prints argv shell-quoted on one line to the stream (used for -v). */
void uk_print_cmd(void *stream, char *const argv[]);

/* Temporary paths: uk_tmp_path("x.o") names a file in a private directory that is removed at
 * exit together with everything in it. */
char *uk_tmp_path(const char *name);
/* The sibling temporary file for an atomic write of path: "dir/.name.XXXXXX". */
char *uk_tmp_sibling(const char *path);
/* Atomic publish: rename tmp over path (after fsync-free close); removes tmp on failure. */
int uk_publish(const char *tmp, const char *path);

/* The directory holding ukcc's runtime objects and templates (build tree or installed). */
const char *uk_libdir(void);

/* Path helpers. */
char *uk_dirname(const char *path);
const char *uk_basename(const char *path);
bool uk_file_exists(const char *path);
/* True if path is an ELF relocatable object (what `ukcc -shared` writes as a library). */
bool uk_is_elf_rel(const char *path);

#endif
