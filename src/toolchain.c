/* toolchain.c: finds clang, ld.lld, musl and ukcc's own runtime, or says what to install. */
#include "toolchain.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define MUSL_INC "/usr/include/x86_64-linux-musl"
#define MUSL_LIB "/usr/lib/x86_64-linux-musl"

char *uk_find_in_path(const char *name)
{
	if (strchr(name, '/'))
		return access(name, X_OK) == 0 ? uk_xstrdup(name) : NULL;
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;;) {
		const char *colon = strchr(p, ':');
		size_t n = colon ? (size_t)(colon - p) : strlen(p);
		char *cand = uk_xasprintf("%.*s/%s", (int)n, n ? p : ".", name);
		if (access(cand, X_OK) == 0)
			return cand;
		free(cand);
		if (!colon)
			return NULL;
		p = colon + 1;
	}
}

static const char *tool(const char *env, const char *name, const char *package)
{
	const char *over = getenv(env);
	char *found = uk_find_in_path(over && *over ? over : name);
	if (!found)
		uk_error("%s not found: install the Debian package %s", over && *over ? over : name, package);
	return found;
}

static const char *file_from(const char *env, const char *dflt, const char *probe, const char *package)
{
	const char *dir = getenv(env);
	if (!dir || !*dir)
		dir = dflt;
	char *p = uk_xasprintf("%s/%s", dir, probe);
	bool ok = uk_file_exists(p);
	if (!ok)
		uk_error("%s not found: install the Debian package %s", p, package);
	free(p);
	return ok ? dir : NULL;
}

int uk_toolchain_find(struct uk_toolchain *tc)
{
	tc->clang = tool("UKCC_CLANG", "clang", "clang");
	tc->lld = tool("UKCC_LLD", "ld.lld", "lld");
	tc->musl_inc = file_from("UKCC_MUSL_INCLUDE", MUSL_INC, "stdio.h", "musl-dev");
	tc->musl_lib = file_from("UKCC_MUSL_LIB", MUSL_LIB, "libc.a", "musl-dev");
	tc->libdir = uk_libdir();
	char *ld = uk_xasprintf("%s/unikernel.ld", tc->libdir);
	bool have_rt = uk_file_exists(ld);
	if (!have_rt)
		uk_error("ukcc's runtime is missing (%s): run `make` in the ukcc tree or reinstall", ld);
	free(ld);
	return tc->clang && tc->lld && tc->musl_inc && tc->musl_lib && have_rt ? 0 : -1;
}
