/* test_manifest.c: unit tests of uk_parse_size, the JSON parser and the manifest loader;
 * `test_manifest --load FILE` instead loads FILE and prints the result (for tests/manifest). */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "manifest.h"
#include "util.h"

#include "check.h"

static bool streq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* ---- uk_parse_size ---- */

static void test_size_valid(void)
{
	static const struct {
		const char *s;
		uint64_t v;
	} cases[] = {
		{"65536", 65536},        {"512K", 512ull << 10}, {"64M", 64ull << 20},
		{"1G", 1ull << 30},      {"2T", 2ull << 40},      {"64MiB", 64ull << 20},
		{"64MB", 64ull << 20},   {"64mib", 64ull << 20},  {"64m", 64ull << 20},
		{"1Mb", 1ull << 20},     {"1kIb", 1024},          {"100B", 100},
		{"0", 0},                {"007K", 7168},          {"16777215T", 16777215ull << 40},
		{"18446744073709551615", UINT64_MAX},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		uint64_t v = 1;
		int rc = uk_parse_size(cases[i].s, &v);
		CHECK(rc == 0 && v == cases[i].v, "\"%s\": rc %d, %" PRIu64, cases[i].s, rc, v);
	}
}

static void test_size_invalid(void)
{
	static const char *const cases[] = {
		"", "-1", "+1", " 1", "1 ", "1 M", "M", "1.5G", "64Q", "64MiBx", "64iB", "1KK",
		"64MBi", "0x10", "1e3", "16777216T", "18446744073709551616", "99999999999999999999K",
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		uint64_t v = 12345;
		int rc = uk_parse_size(cases[i], &v);
		CHECK(rc == -1 && v == 12345, "\"%s\" was accepted as %" PRIu64, cases[i], v);
	}
}

/* ---- the JSON parser ---- */

static struct uk_json *parse(const char *text)
{
	struct uk_json_error err;
	struct uk_json *v = uk_json_parse(text, strlen(text), &err);
	CHECK(v, "%s: %d:%d: %s", text, err.pos.line, err.pos.col, err.msg);
	uk_json_error_free(&err);
	return v;
}

#define CHECK_POS(p, l, c) \
	CHECK((p).line == (l) && (p).col == (c), "at %d:%d, want %d:%d", (p).line, (p).col, l, c)

static void test_json_positions(void)
{
	/* Tabs and "é" (two bytes) count as bytes; a CRLF line end is one line. */
	struct uk_json *v = parse("{\n\t\"a\": [1,\r\n  \"é\", true],\n \"b\":{\"c\" :null}}");
	if (!v)
		return;
	CHECK(v->type == UK_JSON_OBJECT && v->nkids == 2, "root");
	CHECK_POS(v->pos, 1, 1);
	const struct uk_json *a = &v->kids[0], *b = &v->kids[1];
	CHECK(streq(a->key, "a") && a->type == UK_JSON_ARRAY && a->nkids == 3, "a");
	CHECK_POS(a->key_pos, 2, 2);
	CHECK_POS(a->pos, 2, 7);
	CHECK_POS(a->kids[0].pos, 2, 8);
	CHECK_POS(a->kids[1].pos, 3, 3);
	CHECK_POS(a->kids[2].pos, 3, 9);
	CHECK(a->kids[2].type == UK_JSON_BOOL && a->kids[2].b, "true");
	CHECK(streq(b->key, "b") && b->type == UK_JSON_OBJECT && b->nkids == 1, "b");
	CHECK_POS(b->key_pos, 4, 2);
	CHECK_POS(b->pos, 4, 6);
	CHECK_POS(b->kids[0].key_pos, 4, 7);
	CHECK_POS(b->kids[0].pos, 4, 12);
	CHECK(b->kids[0].type == UK_JSON_NULL, "null");
	uk_json_free(v);
}

static void test_json_escapes(void)
{
	struct uk_json *v = parse("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"\\u00e9\\u20AC\", "
	                          "\"\\ud83d\\ude00!\", \"a\\u0041\"]");
	if (!v)
		return;
	CHECK(streq(v->kids[0].s, "\"\\/\b\f\n\r\t"), "simple escapes: %s", v->kids[0].s);
	CHECK(streq(v->kids[1].s, "\xc3\xa9\xe2\x82\xac"), "BMP: %s", v->kids[1].s);
	CHECK(streq(v->kids[2].s, "\xf0\x9f\x98\x80!"), "surrogate pair: %s", v->kids[2].s);
	CHECK(streq(v->kids[3].s, "aA"), "ascii: %s", v->kids[3].s);
	CHECK_POS(v->kids[3].pos, 1, 55);
	uk_json_free(v);
}

static void test_json_numbers(void)
{
	static const struct {
		const char *text;
		double n;
	} good[] = {{"0", 0}, {"-0", 0}, {"42", 42}, {"-12.25", -12.25}, {"1.5e3", 1500}, {"2E-2", 0.02},
	            {"1e+2", 100}, {"18446744073709551616", 18446744073709551616.0}};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		struct uk_json *v = parse(good[i].text);
		if (!v)
			continue;
		CHECK(v->type == UK_JSON_NUMBER && v->n == good[i].n, "%s: %g", good[i].text, v->n);
		CHECK(streq(v->s, good[i].text), "%s: raw text %s", good[i].text, v->s);
		uk_json_free(v);
	}
	static const char *const bad[] = {"01", "1.", "-", "1e", "1e+", "-x", "1.2.3", "12abc", "1e999",
	                                  "--1"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct uk_json_error err;
		char *text = uk_xasprintf("[%s]", bad[i]);
		struct uk_json *v = uk_json_parse(text, strlen(text), &err);
		CHECK(!v, "%s accepted", bad[i]);
		if (!v) {
			CHECK_POS(err.pos, 1, 2);
			CHECK(streq(err.path, ".[0]"), "%s: path %s", bad[i], err.path);
		}
		uk_json_free(v);
		uk_json_error_free(&err);
		free(text);
	}
}

static void test_json_nesting(void)
{
	struct uk_buf b = {0};
	for (int i = 0; i < 101; i++)
		uk_buf_add(&b, "[", 1);
	for (int i = 0; i < 101; i++)
		uk_buf_add(&b, "]", 1);
	struct uk_json_error err;
	struct uk_json *v = uk_json_parse(b.p + 1, b.len - 2, &err);
	CHECK(v, "100 levels refused: %s", err.msg);
	uk_json_free(v);
	uk_json_error_free(&err);
	v = uk_json_parse(b.p, b.len, &err);
	CHECK(!v && err.pos.col == 101 && strstr(err.msg, "deeper"), "101 levels accepted");
	uk_json_free(v);
	uk_json_error_free(&err);
	b.len = 0;

	for (int i = 0; i < 1000; i++)
		uk_buf_addf(&b, "%s%d", i ? "," : "[", i);
	uk_buf_add(&b, "]", 1);
	v = parse(b.p);
	CHECK(v && v->nkids == 1000 && v->kids[999].n == 999 && v->kids[999].pos.col == (int)b.len - 3,
	      "1000 elements");
	uk_json_free(v);
	uk_buf_free(&b);

	v = parse("{\"a\": {\"b\": [[], {}, {\"c\": [\"d\"]}]}}");
	if (v) {
		const struct uk_json *c = &v->kids[0].kids[0].kids[2].kids[0];
		CHECK(streq(c->key, "c") && c->nkids == 1 && streq(c->kids[0].s, "d"), "deep member");
		const struct uk_json *arr = &v->kids[0].kids[0];
		CHECK(arr->kids[0].nkids == 0 && arr->kids[1].nkids == 0, "empty containers");
	}
	uk_json_free(v);
}

static void test_json_errors(void)
{
	static const struct {
		const char *text;
		int line, col;
		const char *path, *msg;
	} cases[] = {
		{"{\"a\": [1, 2,\n]}", 1, 12, ".a", "trailing comma before ']'"},
		{"{\"a\": 1,\n\n}", 1, 8, "", "trailing comma before '}'"},
		{"{\"a\" 1}", 1, 6, ".a", "expected ':' after the key"},
		{"{\"a\": \"xy\n\"}", 1, 7, ".a", "unterminated string"},
		{"{\"a\": \"xy", 1, 7, ".a", "unterminated string"},
		{"{\"a\": \"x\\", 1, 7, ".a", "unterminated string"},
		{"{\"a\": 1 \"b\": 2}", 1, 9, "", "expected ',' or '}'"},
		{"[1 2]", 1, 4, "", "expected ',' or ']'"},
		{"{\"a\": [1", 1, 9, ".a", "expected ',' or ']' before end of file"},
		{"{\"a\":", 1, 6, ".a", "expected a value before end of file"},
		{"{a: 1}", 1, 2, "", "expected a string key in double quotes"},
		{"{\"a\": 'x'}", 1, 7, ".a", "expected a value (strings need double quotes)"},
		{"{\"a\": yes}", 1, 7, ".a", "expected a value, found 'yes' (strings need double quotes)"},
		{"{\"a\": tru}", 1, 7, ".a", "expected a value, found 'tru' (strings need double quotes)"},
		{"{\"a\": [1, {\"b c\": }]}", 1, 19, ".a[1][\"b c\"]", "expected a value"},
		{"{} {}", 1, 4, "", "unexpected text after the end of the document"},
		{"{\"a\": \"\t\"}", 1, 8, ".a", "control character 0x09 in string (write it as an escape)"},
		{"[\"\\q\"]", 1, 3, ".[0]", "invalid escape '\\q'"},
		{"[\"\\u12G4\"]", 1, 3, ".[0]", "invalid \\u escape (expected four hex digits)"},
		{"[\"ab\\ud800x\"]", 1, 5, ".[0]", "unpaired surrogate \\ud800"},
		{"[\"\\ud800\\u0041\"]", 1, 3, ".[0]", "unpaired surrogate \\ud800"},
		{"[\"\\udc00\"]", 1, 3, ".[0]", "unpaired surrogate \\udc00"},
		{"[\"\\u0000\"]", 1, 3, ".[0]", "\\u0000 is not allowed"},
		{"", 1, 1, "", "expected a value before end of file"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct uk_json_error err;
		struct uk_json *v = uk_json_parse(cases[i].text, strlen(cases[i].text), &err);
		CHECK(!v, "case %zu accepted", i);
		if (!v) {
			CHECK(err.pos.line == cases[i].line && err.pos.col == cases[i].col,
			      "case %zu: at %d:%d, want %d:%d", i, err.pos.line, err.pos.col, cases[i].line,
			      cases[i].col);
			CHECK(streq(err.path, cases[i].path), "case %zu: path '%s', want '%s'", i, err.path,
			      cases[i].path);
			CHECK(streq(err.msg, cases[i].msg), "case %zu: '%s', want '%s'", i, err.msg,
			      cases[i].msg);
		}
		uk_json_free(v);
		uk_json_error_free(&err);
	}
}

static void test_json_paths(void)
{
	struct {
		char *got;
		const char *want;
	} cases[] = {
		{uk_json_path_key("", "name"), ".name"},
		{uk_json_path_key(".runtime", "include"), ".runtime.include"},
		{uk_json_path_index(".sources", 2), ".sources[2]"},
		{uk_json_path_index("", 0), ".[0]"},
		{uk_json_path_key(".env", "HOME"), ".env.HOME"},
		{uk_json_path_key(".env", "A B"), ".env[\"A B\"]"},
		{uk_json_path_key("", "a\"b\\c\n"), ".[\"a\\\"b\\\\c\\u000a\"]"},
		{uk_json_path_key(".env", ""), ".env[\"\"]"},
		{uk_json_path_key(".env", "_x1"), ".env._x1"},
		{uk_json_path_key(".env", "1x"), ".env[\"1x\"]"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		CHECK(streq(cases[i].got, cases[i].want), "got %s, want %s", cases[i].got, cases[i].want);
		free(cases[i].got);
	}
	CHECK(streq(uk_json_path_show(""), "."), "root");
	CHECK(streq(uk_json_path_show(".a"), ".a"), "non-root");
}

/* ---- the manifest loader, on files in a private temporary directory ---- */

static char *tmp(const char *name)
{
	char *dir = uk_tmp_path("t");
	mkdir(dir, 0700);
	char *p = uk_xasprintf("%s/%s", dir, name);
	free(dir);
	return p;
}

static void put(const char *name, const char *text)
{
	char *p = tmp(name);
	char *d = uk_dirname(p);
	char *cmd = uk_xasprintf("mkdir -p '%s'", d);
	CHECK(system(cmd) == 0, "%s", cmd);
	FILE *f = fopen(p, "w");
	CHECK(f, "cannot write %s", p);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(cmd);
	free(d);
	free(p);
}

static int saved_stderr = -1;

static void capture_begin(void)
{
	char *p = tmp("stderr");
	fflush(stderr);
	saved_stderr = dup(2);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	close(fd);
	free(p);
}

static char *capture_end(void)
{
	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	char *p = tmp("stderr");
	char *text = uk_read_file(p, NULL);
	free(p);
	return text;
}

/* Loads name from the temporary directory; *errors gets what it printed. */
static int load(const char *name, struct uk_manifest *m, char **errors)
{
	char *p = tmp(name);
	capture_begin();
	int rc = uk_manifest_load(p, m);
	*errors = capture_end();
	free(p);
	return rc;
}

static bool strv_is(const struct uk_strv *sv, const char *const want[], size_t n)
{
	if (sv->n != n || (n && sv->v[n]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!streq(sv->v[i], want[i]))
			return false;
	return true;
}

static void test_manifest_full(void)
{
	put("app/src/b.c", "");
	put("app/src/a.c", "");
	put("app/src/c.h", "");
	put("app/main.c", "");
	put("app/include/x.h", "");
	put("app/out/.keep", "");
	put("app/unikernel.json",
	    "{\"ukcc\": 1, \"name\": \"demo-1.0_x\",\n"
	    " \"sources\": [\"main.c\", \"src/*.c\", \"src/a.c\"],\n"
	    " \"include_dirs\": [\"include\"], \"defines\": [\"DEBUG\", \"LEVEL=2\", \"E=\"],\n"
	    " \"cflags\": [\"-O2\"], \"ldflags\": [\"-s\"], \"libs\": [\"m\"], \"args\": [\"-v\", \"\"],\n"
	    " \"env\": {\"Z\": \"1\", \"A\": \"x=y\"}, \"memory\": 2097152, \"output\": \"out/d.img\",\n"
	    " \"runtime\": {\"include\": [\"net\"], \"exclude\": [\"vfs\"], \"strict\": true}}\n");
	struct uk_manifest m;
	char *err;
	int rc = load("app/unikernel.json", &m, &err);
	CHECK(rc == 0 && streq(err, ""), "rc %d: %s", rc, err);
	char *dir = tmp("app");
	char *want_src[] = {uk_xasprintf("%s/main.c", dir), uk_xasprintf("%s/src/a.c", dir),
	                    uk_xasprintf("%s/src/b.c", dir)};
	char *want_inc = uk_xasprintf("%s/include", dir), *want_out = uk_xasprintf("%s/out/d.img", dir);
	CHECK(streq(m.dir, dir) && streq(m.name, "demo-1.0_x"), "dir %s, name %s", m.dir, m.name);
	CHECK(strv_is(&m.sources, (const char *const *)want_src, 3), "sources: %zu", m.sources.n);
	CHECK(strv_is(&m.include_dirs, (const char *const[]){want_inc}, 1), "include_dirs");
	CHECK(strv_is(&m.defines, (const char *const[]){"DEBUG", "LEVEL=2", "E="}, 3), "defines");
	CHECK(strv_is(&m.cflags, (const char *const[]){"-O2"}, 1), "cflags");
	CHECK(strv_is(&m.ldflags, (const char *const[]){"-s"}, 1), "ldflags");
	CHECK(strv_is(&m.libs, (const char *const[]){"m"}, 1), "libs");
	CHECK(strv_is(&m.args, (const char *const[]){"-v", ""}, 2), "args");
	CHECK(strv_is(&m.env, (const char *const[]){"Z=1", "A=x=y"}, 2), "env");
	CHECK(m.memory == 2097152, "memory %" PRIu64, m.memory);
	CHECK(streq(m.output, want_out), "output %s", m.output);
	CHECK(strv_is(&m.rt_include, (const char *const[]){"net"}, 1), "rt_include");
	CHECK(strv_is(&m.rt_exclude, (const char *const[]){"vfs"}, 1), "rt_exclude");
	CHECK(m.strict, "strict");
	uk_manifest_free(&m);
	CHECK(!m.name && !m.sources.v, "free leaves the struct zeroed");
	for (size_t i = 0; i < 3; i++)
		free(want_src[i]);
	free(want_inc);
	free(want_out);
	free(dir);
	free(err);
}

static void test_manifest_defaults(void)
{
	put("min/m.c", "");
	put("min/unikernel.json", "{\"name\": \"min\", \"sources\": [\"m.c\"]}");
	struct uk_manifest m;
	char *err;
	int rc = load("min/unikernel.json", &m, &err);
	CHECK(rc == 0 && streq(err, ""), "rc %d: %s", rc, err);
	char *want = tmp("min/min.img");
	CHECK(streq(m.output, want), "output %s", m.output);
	CHECK(m.memory == 0 && !m.strict && m.cflags.n == 0 && m.env.n == 0 && m.rt_include.n == 0,
	      "defaults");
	uk_manifest_free(&m);
	free(want);
	free(err);
}

/* Every error is reported, in file order, even when found out of order (the missing name is
 * only noticed at the end but sits at the opening brace). */
static void test_manifest_all_errors(void)
{
	put("bad/unikernel.json",
	    "{\n"
	    "  \"sources\": [\"nope.c\", 3],\n"
	    "  \"memroy\": \"64M\",\n"
	    "  \"runtime\": {\"include\": [\"net\"], \"exclude\": [\"net\"], \"strict\": 1}\n"
	    "}\n");
	struct uk_manifest m;
	char *err;
	int rc = load("bad/unikernel.json", &m, &err);
	char *f = tmp("bad/unikernel.json"), *d = tmp("bad");
	char *want = uk_xasprintf(
		"%1$s:1:1: .: missing required key \"name\"\n"
		"%1$s:2:15: .sources[0]: \"nope.c\" does not exist (looked for %2$s/nope.c)\n"
		"%1$s:2:25: .sources[1]: expected a string, found a number\n"
		"%1$s:3:3: .memroy: unknown key \"memroy\" (did you mean \"memory\"?)\n"
		"%1$s:4:47: .runtime.exclude[0]: \"net\" is also in \"include\"\n"
		"%1$s:4:65: .runtime.strict: expected a boolean, found a number\n",
		f, d);
	CHECK(rc == UK_EXIT_USAGE, "rc %d", rc);
	CHECK(streq(err, want), "got:\n%s", err);
	CHECK(!m.path && !m.sources.v && !m.output, "not zeroed after failure");
	uk_manifest_free(&m);
	free(want);
	free(f);
	free(d);
	free(err);
}

static void test_manifest_unreadable(void)
{
	struct uk_manifest m;
	char *err;
	int rc = load("no-such-dir/unikernel.json", &m, &err);
	char *p = tmp("no-such-dir/unikernel.json");
	char *want = uk_xasprintf("ukcc: cannot read %s: No such file or directory\n", p);
	CHECK(rc == UK_EXIT_USAGE && streq(err, want), "rc %d: %s", rc, err);
	uk_manifest_free(&m);
	free(want);
	free(p);
	free(err);
}

/* A manifest directory whose name is itself a glob must still match literally. */
static void test_manifest_glob_dir(void)
{
	put("we[ir]d*/x.c", "");
	put("we[ir]d*/y.c", "");
	put("we[ir]d*/sub/z.c", "");
	put("we[ir]d*/unikernel.json", "{\"name\": \"w\", \"sources\": [\"*.c\", \"su?/*\"]}");
	struct uk_manifest m;
	char *err;
	int rc = load("we[ir]d*/unikernel.json", &m, &err);
	CHECK(rc == 0 && streq(err, ""), "rc %d: %s", rc, err);
	CHECK(m.sources.n == 3 && strstr(m.sources.v[0], "we[ir]d*/x.c") &&
	      strstr(m.sources.v[2], "/sub/z.c"), "sources: %zu", m.sources.n);
	uk_manifest_free(&m);
	free(err);
}

static void test_manifest_output(void)
{
	put("o/m.c", "");
	put("o/unikernel.json", "{\"name\": \"o\", \"sources\": [\"m.c\"], \"output\": \"missing/o.img\"}");
	struct uk_manifest m;
	char *err;
	int rc = load("o/unikernel.json", &m, &err);
	char *d = tmp("o/missing");
	CHECK(rc == UK_EXIT_USAGE && strstr(err, ":1:45: .output: directory \"") && strstr(err, d),
	      "rc %d: %s", rc, err);
	free(err);
	free(d);
	put("o/unikernel.json", "{\"name\": \"o\", \"sources\": [\"m.c\"], \"output\": \"/\"}");
	rc = load("o/unikernel.json", &m, &err);
	CHECK(rc == UK_EXIT_USAGE && strstr(err, ".output: \"/\" is a directory"), "rc %d: %s", rc, err);
	free(err);
	uk_manifest_free(&m);
}

/* ---- the driver for tests/manifest ---- */

static void print_list(const char *key, const struct uk_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		printf("%s: %s\n", key, sv->v[i]);
}

static int load_and_print(const char *path)
{
	struct uk_manifest m;
	int rc = uk_manifest_load(path, &m);
	if (rc != 0)
		return rc;
	printf("path: %s\ndir: %s\nname: %s\n", m.path, m.dir, m.name);
	print_list("sources", &m.sources);
	print_list("include_dirs", &m.include_dirs);
	print_list("defines", &m.defines);
	print_list("cflags", &m.cflags);
	print_list("ldflags", &m.ldflags);
	print_list("libs", &m.libs);
	print_list("args", &m.args);
	print_list("env", &m.env);
	printf("memory: %" PRIu64 "\noutput: %s\n", m.memory, m.output);
	print_list("runtime.include", &m.rt_include);
	print_list("runtime.exclude", &m.rt_exclude);
	printf("runtime.strict: %s\n", m.strict ? "true" : "false");
	for (size_t i = 0; i < m.files_host.n; i++)
		printf("files: %s -> %s\n", m.files_host.v[i], m.files_guest.v[i]);
	printf("ramfs_size: %s\n", m.ramfs_size ? m.ramfs_size : "(default)");
	uk_manifest_free(&m);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--load"))
		return load_and_print(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: %s [--load MANIFEST]\n", argv[0]);
		return UK_EXIT_USAGE;
	}
	run("size.valid", test_size_valid);
	run("size.invalid", test_size_invalid);
	run("json.positions", test_json_positions);
	run("json.escapes", test_json_escapes);
	run("json.numbers", test_json_numbers);
	run("json.nesting", test_json_nesting);
	run("json.errors", test_json_errors);
	run("json.paths", test_json_paths);
	run("manifest.full", test_manifest_full);
	run("manifest.defaults", test_manifest_defaults);
	run("manifest.all_errors", test_manifest_all_errors);
	run("manifest.unreadable", test_manifest_unreadable);
	run("manifest.glob_dir", test_manifest_glob_dir);
	run("manifest.output", test_manifest_output);
	return nfailed ? UK_EXIT_FAIL : UK_EXIT_OK;
}
