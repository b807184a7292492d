/* cmdline.c: the kernel command line (uk/abi.h): run-time switches from the host and the
 * argv/environment overrides of `ukcc run`. */
#include <stdbool.h>
#include <uk/abi.h>
#include <uk/boot.h>
#include <uk/util.h>

#include "boot.h"
#include "cmdline.h"

static const char *args_room[UK_CMDLINE_ENTRIES], *env_room[UK_CMDLINE_ENTRIES];
static char decoded_room[UK_CMDLINE_BYTES + 1];
struct uk_cmdline_args uk_cmdline_args = {.cap = UK_CMDLINE_ENTRIES, .args = args_room, .env = env_room};
static char *decoded = decoded_room;
static size_t decoded_size = sizeof decoded_room;

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t uk_pct_decode(const char *s, const char *e, char *out, size_t cap)
{
	size_t n = 0;
	for (; s < e && n + 1 < cap; s++) {
		int hi, lo;
		if (*s == '%' && e - s >= 3 && (hi = hexval(s[1])) >= 0 && (lo = hexval(s[2])) >= 0) {
			out[n++] = (char)(hi << 4 | lo);
			s += 2;
		} else {
			out[n++] = *s;
		}
	}
	out[n] = 0;
	return n;
}

/* Decodes token [s, e) into the decoded buffer; returns the NUL-terminated copy. */
static char *decode(const char *s, const char *e, size_t *used)
{
	char *out = decoded + *used;
	*used += uk_pct_decode(s, e, out, decoded_size - *used) + 1;
	return out;
}

static bool is(const char *s, size_t n, const char *word)
{
	return uk_strlen(word) == n && !uk_strncmp(s, word, n);
}

static bool starts(const char *s, size_t n, const char *prefix)
{
	size_t p = uk_strlen(prefix);
	return n >= p && !uk_strncmp(s, prefix, p);
}

static unsigned parse_uint(const char **p, const char *e)
{
	unsigned v = 0;
	while (*p < e && **p >= '0' && **p <= '9')
		v = v * 10 + (unsigned)(*(*p)++ - '0');
	return v;
}

const char *uk_cmdline_value(const char *key, const char **cursor, const char **end)
{
	size_t k = uk_strlen(key);
	const char *c = *cursor ? *cursor : uk_boot.cmdline;
	while (c && *c) {
		while (*c == ' ')
			c++;
		const char *s = c;
		while (*c && *c != ' ')
			c++;
		if (c - s == 2 && s[0] == '-' && s[1] == '-')
			break;
		if ((size_t)(c - s) > k && !uk_strncmp(s, key, k)) {
			*cursor = *end = c;
			return s + k;
		}
	}
	*cursor = c;
	return 0;
}

/* Room in scratch for a command line of this many words: their pointers, then their decoded
 * text (never longer than the command line). */
static void use_scratch(const char *c, char *scratch, size_t size)
{
	size_t words = 1, len = uk_strlen(c);
	for (const char *p = c; *p; p++)
		words += *p == ' ';
	size_t arrays = 2 * words * sizeof(char *);
	if (size < arrays + len + 1)
		uk_panic("boot: no room to decode a command line of %zu bytes", len);
	struct uk_cmdline_args *a = &uk_cmdline_args;
	a->args = (const char **)scratch;
	a->env = a->args + words;
	a->cap = (unsigned)words;
	decoded = scratch + arrays;
	decoded_size = size - arrays;
}

void uk_cmdline_parse(const char *c, char *scratch, size_t scratch_size)
{
	size_t used = 0;
	bool in_args = false;
	struct uk_cmdline_args *a = &uk_cmdline_args;
	if (scratch)
		use_scratch(c, scratch, scratch_size);
	while (*c) {
		while (*c == ' ')
			c++;
		const char *s = c;
		while (*c && *c != ' ')
			c++;
		size_t n = (size_t)(c - s);
		if (!n)
			break;
		if (in_args) {
			if (a->nargs < a->cap)
				a->args[a->nargs++] = decode(s, c, &used);
		} else if (is(s, n, "--")) {
			in_args = a->args_given = true;
		} else if (is(s, n, UK_CMDLINE_STRACE)) {
			uk_boot.strace = true;
		} else if (is(s, n, UK_CMDLINE_STDIN_ESCAPED)) {
			uk_boot.stdin_escaped = true;
		} else if (is(s, n, UK_CMDLINE_STDOUT_FULL)) {
			uk_boot.stdout_full = true;
		} else if (starts(s, n, UK_CMDLINE_STDERR)) {
			char kind = s[sizeof UK_CMDLINE_STDERR - 1]; /* pipe, tty or full */
			uk_boot.stderr_framed = true;
			uk_boot.stderr_tty = kind == 't';
			uk_boot.stderr_full = kind == 'f';
		} else if (starts(s, n, UK_CMDLINE_TTY)) {
			const char *p = s + uk_strlen(UK_CMDLINE_TTY);
			uk_boot.tty = true;
			uk_boot.tty_cols = parse_uint(&p, c);
			if (p < c && *p == 'x')
				p++;
			uk_boot.tty_rows = parse_uint(&p, c);
		} else if (starts(s, n, UK_CMDLINE_ARGV0)) {
			a->argv0 = decode(s + uk_strlen(UK_CMDLINE_ARGV0), c, &used);
		} else if (starts(s, n, UK_CMDLINE_ENV)) {
			if (a->nenv < a->cap)
				a->env[a->nenv++] = decode(s + uk_strlen(UK_CMDLINE_ENV), c, &used);
		}
		/* Anything else is for other software (a VMM may add its own words): ignore it. */
	}
}
