/* json.h: a small JSON parser that records the line and column of every value and key. */
#ifndef UKCC_JSON_H
#define UKCC_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum uk_json_type {
	UK_JSON_NULL,
	UK_JSON_BOOL,
	UK_JSON_NUMBER,
	UK_JSON_STRING,
	UK_JSON_ARRAY,
	UK_JSON_OBJECT,
};

/* 1-based; the column counts bytes, so a tab or a UTF-8 character before it counts as its
 * length in bytes (what editors that report byte columns and `cut -b` agree on). */
struct uk_json_pos {
	int line, col;
};

struct uk_json {
	enum uk_json_type type;
	struct uk_json_pos pos;     /* the value's first byte */
	char *key;                  /* object members: the decoded key, else NULL */
	struct uk_json_pos key_pos; /* object members: the key's opening quote */
	bool b;                     /* UK_JSON_BOOL */
	double n;                   /* UK_JSON_NUMBER */
	/* UK_JSON_STRING: the decoded UTF-8 text. UK_JSON_NUMBER: the number as written, so
	 * callers can insist on integers and parse them exactly. */
	char *s;
	struct uk_json *kids;       /* array elements or object members, in document order */
	size_t nkids;
};

/* The first syntax error; path is where the parser was (see uk_json_path_key). */
struct uk_json_error {
	struct uk_json_pos pos;
	char *path;
	char *msg;
};

/* Parses text[0..len). Returns the root value, or NULL with *err filled in (free it with
 * uk_json_error_free). Duplicate object keys are kept (callers decide); "\u0000" is refused
 * because every consumer of these strings is C code. */
struct uk_json *uk_json_parse(const char *text, size_t len, struct uk_json_error *err);
void uk_json_free(struct uk_json *v);
void uk_json_error_free(struct uk_json_error *err);

/* "a string", "an array", ...: for "expected X, found Y" messages. */
const char *uk_json_type_name(enum uk_json_type t);

/* JSON paths in jq's notation. The root is "" (print it as "."); a member appends ".key",
 * or ["key"] with JSON escapes when the key is not an identifier; an element appends "[i]". */
char *uk_json_path_key(const char *parent, const char *key);
char *uk_json_path_index(const char *parent, size_t i);
/* The path for printing: "" becomes ".". */
const char *uk_json_path_show(const char *path);

#endif
