/* json.c: a recursive-descent JSON parser (RFC 8259) that keeps line:col for every node. */
#include "json.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Deeper documents are refused rather than risk the C stack; manifests nest three levels. */
#define MAX_DEPTH 100

struct parser {
	const char *p, *end;
	const char *line_start;
	int line;
	int depth;
	struct uk_buf path; /* where we are, kept current so a syntax error can say it */
	struct uk_json_error *err;
};

/* ---- paths ---- */

static bool is_ident(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (s++; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

static void append_key(struct uk_buf *b, const char *key)
{
	if (is_ident(key)) {
		uk_buf_addf(b, ".%s", key);
		return;
	}
	/* Bracket notation directly after the root still needs the leading "." (jq: .["a b"]). */
	uk_buf_add(b, b->len ? "[\"" : ".[\"", b->len ? 2 : 3);
	for (const unsigned char *s = (const unsigned char *)key; *s; s++) {
		if (*s == '"' || *s == '\\')
			uk_buf_addf(b, "\\%c", *s);
		else if (*s < 0x20)
			uk_buf_addf(b, "\\u%04x", *s);
		else
			uk_buf_add(b, s, 1);
	}
	uk_buf_add(b, "\"]", 2);
}

static void append_index(struct uk_buf *b, size_t i)
{
	uk_buf_addf(b, b->len ? "[%zu]" : ".[%zu]", i);
}

char *uk_json_path_key(const char *parent, const char *key)
{
	struct uk_buf b = {0};
	uk_buf_add(&b, parent, strlen(parent));
	append_key(&b, key);
	return b.p;
}

char *uk_json_path_index(const char *parent, size_t i)
{
	struct uk_buf b = {0};
	uk_buf_add(&b, parent, strlen(parent));
	append_index(&b, i);
	return b.p;
}

const char *uk_json_path_show(const char *path)
{
	return *path ? path : ".";
}

const char *uk_json_type_name(enum uk_json_type t)
{
	static const char *const names[] = {
		[UK_JSON_NULL] = "null",          [UK_JSON_BOOL] = "a boolean",
		[UK_JSON_NUMBER] = "a number",    [UK_JSON_STRING] = "a string",
		[UK_JSON_ARRAY] = "an array",     [UK_JSON_OBJECT] = "an object",
	};
	return names[t];
}

/* ---- scanning ---- */

static struct uk_json_pos pos_of(const struct parser *ps, const char *at)
{
	/* Only called for points on the current line: strings cannot span lines. */
	return (struct uk_json_pos){ps->line, (int)(at - ps->line_start) + 1};
}

static bool fail(struct parser *ps, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(struct parser *ps, const char *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&ps->err->msg, fmt, ap) < 0)
		uk_fatal(UK_EXIT_FAIL, "out of memory");
	va_end(ap);
	ps->err->pos = pos_of(ps, at);
	ps->err->path = uk_xstrdup(ps->path.p ? ps->path.p : "");
	return false;
}

static void skip_ws(struct parser *ps)
{
	for (; ps->p < ps->end; ps->p++) {
		if (*ps->p == '\n') {
			ps->line++;
			ps->line_start = ps->p + 1;
		} else if (*ps->p != ' ' && *ps->p != '\t' && *ps->p != '\r') {
			break;
		}
	}
}

static bool at_eof(const struct parser *ps)
{
	return ps->p >= ps->end;
}

/* The tail of "expected X" messages: nothing when the column already shows the culprit. */
static const char *eof_note(const struct parser *ps)
{
	return at_eof(ps) ? " before end of file" : "";
}

static void add_utf8(struct uk_buf *b, unsigned long c)
{
	unsigned char u[4];
	size_t n;
	if (c < 0x80) {
		u[0] = (unsigned char)c, n = 1;
	} else if (c < 0x800) {
		u[0] = (unsigned char)(0xc0 | c >> 6), n = 2;
	} else if (c < 0x10000) {
		u[0] = (unsigned char)(0xe0 | c >> 12), n = 3;
	} else {
		u[0] = (unsigned char)(0xf0 | c >> 18), n = 4;
	}
	for (size_t i = 1; i < n; i++)
		u[i] = (unsigned char)(0x80 | ((c >> (6 * (n - 1 - i))) & 0x3f));
	uk_buf_add(b, u, n);
}

/* Four hex digits after "\u" at p; -1 if malformed. */
static long hex4(const struct parser *ps, const char *p)
{
	long v = 0;
	if (ps->end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		int c = (unsigned char)p[i];
		if (!isxdigit(c))
			return -1;
		v = v * 16 + (isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
	}
	return v;
}

/* A \uXXXX escape at ps->p (on the backslash), joining a surrogate pair into one character. */
static bool parse_unicode(struct parser *ps, struct uk_buf *b)
{
	const char *esc = ps->p;
	long c = hex4(ps, esc + 2);
	if (c < 0)
		return fail(ps, esc, "invalid \\u escape (expected four hex digits)");
	ps->p += 6;
	if (c >= 0xdc00 && c <= 0xdfff)
		return fail(ps, esc, "unpaired surrogate \\u%04lx", c);
	if (c >= 0xd800 && c <= 0xdbff) {
		bool escape = ps->end - ps->p >= 2 && ps->p[0] == '\\' && ps->p[1] == 'u';
		long lo = escape ? hex4(ps, ps->p + 2) : -1;
		if (lo < 0xdc00 || lo > 0xdfff)
			return fail(ps, esc, "unpaired surrogate \\u%04lx", c);
		c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
		ps->p += 6;
	}
	if (c == 0)
		return fail(ps, esc, "\\u0000 is not allowed");
	add_utf8(b, (unsigned long)c);
	return true;
}

static bool parse_escape(struct parser *ps, struct uk_buf *b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	if (ps->end - ps->p < 2) {
		ps->p++; /* to the end, where the caller reports the unterminated string */
		return true;
	}
	char c = ps->p[1];
	if (c == 'u')
		return parse_unicode(ps, b);
	const char *k = c ? strchr(from, c) : NULL;
	if (!k)
		return fail(ps, ps->p, isprint((unsigned char)c) ? "invalid escape '\\%c'" : "invalid escape",
		            c);
	uk_buf_add(b, &to[k - from], 1);
	ps->p += 2;
	return true;
}

/* A string at ps->p (on the opening quote); *out is malloc'd. */
static bool parse_string(struct parser *ps, char **out)
{
	const char *open = ps->p++;
	struct uk_buf b = {0};
	uk_buf_add(&b, "", 0);
	for (;;) {
		if (at_eof(ps) || *ps->p == '\n' || *ps->p == '\r') {
			ps->p = open; /* positions are computed on this line */
			uk_buf_free(&b);
			return fail(ps, open, "unterminated string");
		}
		unsigned char c = (unsigned char)*ps->p;
		if (c == '"')
			break;
		bool ok = true;
		if (c == '\\')
			ok = parse_escape(ps, &b);
		else if (c < 0x20)
			ok = fail(ps, ps->p, "control character 0x%02x in string (write it as an escape)", c);
		else
			uk_buf_add(&b, ps->p++, 1);
		if (!ok) {
			uk_buf_free(&b);
			return false;
		}
	}
	ps->p++;
	*out = b.p;
	return true;
}

static size_t digits(const char *p, const char *end)
{
	size_t n = 0;
	while (p + n < end && isdigit((unsigned char)p[n]))
		n++;
	return n;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool parse_number(struct parser *ps, struct uk_json *v)
{
	const char *s = ps->p, *q = s, *e = ps->end;
	q += q < e && *q == '-';
	size_t n = digits(q, e);
	bool ok = n > 0 && !(n > 1 && *q == '0');
	q += n;
	if (ok && q < e && *q == '.') {
		n = digits(++q, e);
		ok = n > 0;
		q += n;
	}
	if (ok && q < e && (*q == 'e' || *q == 'E')) {
		q++;
		q += q < e && (*q == '+' || *q == '-');
		n = digits(q, e);
		ok = n > 0;
		q += n;
	}
	if (ok && q < e && (isalnum((unsigned char)*q) || *q == '.'))
		ok = false; /* "12abc", "1.2.3": one bad token, not a number followed by junk */
	if (!ok)
		return fail(ps, s, "invalid number");
	v->type = UK_JSON_NUMBER;
	v->s = strndup(s, (size_t)(q - s));
	if (!v->s)
		uk_fatal(UK_EXIT_FAIL, "out of memory");
	errno = 0;
	v->n = strtod(v->s, NULL);
	if (errno == ERANGE && isinf(v->n))
		return fail(ps, s, "number out of range");
	ps->p = q;
	return true;
}

static bool parse_word(struct parser *ps, struct uk_json *v)
{
	const char *s = ps->p;
	size_t n = 0;
	while (s + n < ps->end && (isalnum((unsigned char)s[n]) || s[n] == '_'))
		n++;
	if (n == 4 && !memcmp(s, "true", 4))
		v->type = UK_JSON_BOOL, v->b = true;
	else if (n == 5 && !memcmp(s, "false", 5))
		v->type = UK_JSON_BOOL, v->b = false;
	else if (n == 4 && !memcmp(s, "null", 4))
		v->type = UK_JSON_NULL;
	else
		return fail(ps, s, "expected a value, found '%.*s' (strings need double quotes)",
		            n > 40 ? 40 : (int)n, s);
	ps->p += n;
	return true;
}

static bool parse_value(struct parser *ps, struct uk_json *v);

static struct uk_json *add_kid(struct uk_json *v)
{
	/* Capacity is implied: it doubles whenever the count reaches a power of two. */
	if ((v->nkids & (v->nkids - 1)) == 0)
		v->kids = uk_xrealloc(v->kids, (v->nkids ? 2 * v->nkids : 1) * sizeof *v->kids);
	struct uk_json *k = &v->kids[v->nkids++];
	*k = (struct uk_json){0};
	return k;
}

/* After an element or member: 1 if another follows the ',', 0 at the closing bracket
 * (consumed), -1 on an error (reported). */
static int separator(struct parser *ps, char close)
{
	skip_ws(ps);
	if (!at_eof(ps) && *ps->p == close) {
		ps->p++;
		return 0;
	}
	if (at_eof(ps) || *ps->p != ',') {
		fail(ps, ps->p, "expected ',' or '%c'%s", close, eof_note(ps));
		return -1;
	}
	const char *comma = ps->p++, *comma_line_start = ps->line_start;
	int comma_line = ps->line;
	skip_ws(ps);
	if (!at_eof(ps) && *ps->p == close) {
		/* Point at the comma, which may be lines above the bracket. */
		ps->line = comma_line, ps->line_start = comma_line_start;
		fail(ps, comma, "trailing comma before '%c'", close);
		return -1;
	}
	return 1;
}

static bool parse_array(struct parser *ps, struct uk_json *v)
{
	v->type = UK_JSON_ARRAY;
	ps->p++;
	skip_ws(ps);
	if (!at_eof(ps) && *ps->p == ']') {
		ps->p++;
		return true;
	}
	for (;;) {
		size_t mark = ps->path.len;
		append_index(&ps->path, v->nkids);
		bool ok = parse_value(ps, add_kid(v));
		ps->path.len = mark, ps->path.p[mark] = 0;
		if (!ok)
			return false;
		int more = separator(ps, ']');
		if (more <= 0)
			return more == 0;
	}
}

static bool parse_member(struct parser *ps, struct uk_json *obj)
{
	if (at_eof(ps) || *ps->p != '"')
		return fail(ps, ps->p, "expected a string key in double quotes%s", eof_note(ps));
	struct uk_json *k = add_kid(obj);
	k->key_pos = pos_of(ps, ps->p);
	if (!parse_string(ps, &k->key))
		return false;
	size_t mark = ps->path.len;
	append_key(&ps->path, k->key);
	skip_ws(ps);
	bool ok;
	if (at_eof(ps) || *ps->p != ':') {
		ok = fail(ps, ps->p, "expected ':' after the key%s", eof_note(ps));
	} else {
		ps->p++;
		ok = parse_value(ps, k);
	}
	ps->path.len = mark, ps->path.p[mark] = 0;
	return ok;
}

static bool parse_object(struct parser *ps, struct uk_json *v)
{
	v->type = UK_JSON_OBJECT;
	ps->p++;
	skip_ws(ps);
	if (!at_eof(ps) && *ps->p == '}') {
		ps->p++;
		return true;
	}
	for (;;) {
		if (!parse_member(ps, v))
			return false;
		int more = separator(ps, '}');
		if (more <= 0)
			return more == 0;
	}
}

static bool parse_value(struct parser *ps, struct uk_json *v)
{
	skip_ws(ps);
	v->pos = pos_of(ps, ps->p);
	if (at_eof(ps))
		return fail(ps, ps->p, "expected a value before end of file");
	char c = *ps->p;
	if (c == '"') {
		v->type = UK_JSON_STRING;
		return parse_string(ps, &v->s);
	}
	if (c == '-' || isdigit((unsigned char)c))
		return parse_number(ps, v);
	if (isalpha((unsigned char)c))
		return parse_word(ps, v);
	if (c != '[' && c != '{')
		return fail(ps, ps->p, c == '\'' ? "expected a value (strings need double quotes)"
		                                 : "expected a value");
	if (++ps->depth > MAX_DEPTH)
		return fail(ps, ps->p, "nested deeper than %d levels", MAX_DEPTH);
	bool ok = c == '[' ? parse_array(ps, v) : parse_object(ps, v);
	ps->depth--;
	return ok;
}

struct uk_json *uk_json_parse(const char *text, size_t len, struct uk_json_error *err)
{
	struct parser ps = {.p = text, .end = text + len, .line_start = text, .line = 1, .err = err};
	*err = (struct uk_json_error){0};
	uk_buf_add(&ps.path, "", 0);
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		ps.p += 3; /* a UTF-8 byte order mark, as some Windows editors write */
	struct uk_json *root = uk_xcalloc(1, sizeof *root);
	bool ok = parse_value(&ps, root);
	if (ok) {
		skip_ws(&ps);
		if (!at_eof(&ps))
			ok = fail(&ps, ps.p, "unexpected text after the end of the document");
	}
	uk_buf_free(&ps.path);
	if (!ok) {
		uk_json_free(root);
		return NULL;
	}
	return root;
}

static void free_contents(struct uk_json *v)
{
	for (size_t i = 0; i < v->nkids; i++)
		free_contents(&v->kids[i]);
	free(v->kids);
	free(v->key);
	free(v->s);
}

void uk_json_free(struct uk_json *v)
{
	if (!v)
		return;
	free_contents(v);
	free(v);
}

void uk_json_error_free(struct uk_json_error *err)
{
	free(err->path);
	free(err->msg);
	*err = (struct uk_json_error){0};
}
