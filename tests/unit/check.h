/* check.h: the unit-test harness: CHECK records the first failure of a test with its line,
 * run() prints "ok NAME" or "FAIL NAME: why" (what tests/unit/run counts), and nfailed is
 * the exit status's source. Included by one test file per binary. */
#ifndef UKCC_TEST_CHECK_H
#define UKCC_TEST_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static bool failed;
static char why[1024];
static int nfailed;

#define CHECK(cond, ...) \
	do { \
		if (!(cond)) \
			check_failed(__LINE__, __VA_ARGS__); \
	} while (0)

static void check_failed(int line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void check_failed(int line, const char *fmt, ...)
{
	if (failed)
		return;
	failed = true;
	int n = snprintf(why, sizeof why, "line %d: ", line);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why + n, sizeof why - (size_t)n, fmt, ap);
	va_end(ap);
}

static void run(const char *name, void (*fn)(void))
{
	failed = false;
	fn();
	if (failed) {
		printf("FAIL %s: %s\n", name, why);
		nfailed++;
	} else {
		printf("ok   %s\n", name);
	}
	fflush(stdout);
}

#endif
