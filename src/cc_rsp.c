/* cc_rsp.c: @FILE response files, read as gcc reads them (libiberty's expandargv). */
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "cc.h"

/* gcc stops after this many expansions: a file that names itself is an error there, a
 * literal argument here. */
#define MAX_EXPANSIONS 2000

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Splits as libiberty's buildargv: whitespace separates; '...' and "..." group; a backslash
 * quotes the next character everywhere, inside quotes too. */
static void split(const char *s, struct uk_strv *out)
{
	struct uk_buf arg = {0};
	for (;;) {
		while (space(*s))
			s++;
		if (!*s)
			break;
		bool sq = false, dq = false, bs = false;
		arg.len = 0;
		uk_buf_add(&arg, "", 0);
		for (; *s; s++) {
			if (space(*s) && !sq && !dq && !bs)
				break;
			if (bs)
				bs = false, uk_buf_add(&arg, s, 1);
			else if (*s == '\\')
				bs = true;
			else if (sq)
				*s == '\'' ? (void)(sq = false) : uk_buf_add(&arg, s, 1);
			else if (dq)
				*s == '"' ? (void)(dq = false) : uk_buf_add(&arg, s, 1);
			else if (*s == '\'')
				sq = true;
			else if (*s == '"')
				dq = true;
			else
				uk_buf_add(&arg, s, 1);
		}
		uk_strv_push(out, arg.p);
	}
	uk_buf_free(&arg);
}

static void expand(const char *arg, struct uk_strv *out, unsigned *budget)
{
	struct stat st;
	char *text;
	if (arg[0] != '@' || !*budget || stat(arg + 1, &st) < 0 || S_ISDIR(st.st_mode) ||
	    !(text = uk_read_file(arg + 1, NULL))) {
		uk_strv_push(out, arg);
		return;
	}
	--*budget;
	struct uk_strv words = {0};
	split(text, &words);
	free(text);
	for (size_t i = 0; i < words.n; i++)
		expand(words.v[i], out, budget);
	uk_strv_free(&words);
}

void uk_cc_expand_rsp(int argc, char **argv, struct uk_strv *out)
{
	unsigned budget = MAX_EXPANSIONS;
	for (int i = 0; i < argc; i++)
		expand(argv[i], out, &budget);
}
