/* cc_probe.c: the questions build systems ask a compiler before using it (--version,
 * -dumpmachine, -print-file-name=...), answered from what ukcc knows, without running clang:
 * configure scripts ask dozens of them. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cc.h"
#include "version.h"

#define TRIPLE "x86_64-unknown-linux-musl"
#define MACHINE "x86_64-linux-musl"
#define MUSL_LIB_DEFAULT "/usr/lib/x86_64-linux-musl"

static const char *clang_path(void)
{
	static char *path;
	if (!path) {
		const char *over = getenv("UKCC_CLANG");
		path = uk_find_in_path(over && *over ? over : "clang");
	}
	return path;
}

/* Debian (and LLVM's own install) keep clang in <llvm>/bin and its resource directory in
 * <llvm>/lib/clang/<version>, so the version is a directory name away. */
static const char *resource_dir(void)
{
	static char *dir;
	if (dir || !clang_path())
		return dir;
	char real[PATH_MAX];
	if (!realpath(clang_path(), real))
		return NULL;
	char *bin = uk_dirname(real), *base = uk_xasprintf("%s/../lib/clang", bin);
	DIR *d = opendir(base);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9' && strchr(e->d_name, '.')) {
			char *cand = uk_xasprintf("%s/%s", base, e->d_name);
			if (realpath(cand, real)) {
				free(dir);
				dir = uk_xstrdup(real);
			}
			free(cand);
		}
	if (d)
		closedir(d);
	free(bin);
	free(base);
	return dir;
}

/* Runs `clang ARG` and returns its first line of output, for layouts the above misses. */
static char *ask_clang(const char *arg)
{
	if (!clang_path())
		return NULL;
	char *cmd = uk_xasprintf("'%s' --target=" MACHINE " %s 2>/dev/null", clang_path(), arg);
	FILE *f = popen(cmd, "r");
	free(cmd);
	char line[512] = "";
	if (!f)
		return NULL;
	if (!fgets(line, sizeof line, f))
		line[0] = 0;
	pclose(f);
	line[strcspn(line, "\n")] = 0;
	return line[0] ? uk_xstrdup(line) : NULL;
}

const char *uk_cc_clang_version(void)
{
	static char *version;
	if (version)
		return version;
	const char *rd = resource_dir();
	if (rd)
		version = uk_xstrdup(uk_basename(rd));
	else if (!(version = ask_clang("-dumpversion")))
		version = uk_xstrdup("unknown");
	return version;
}

char *uk_cc_builtins(void)
{
	const char *rd = resource_dir();
	char *p = rd ? uk_xasprintf("%s/lib/linux/libclang_rt.builtins-x86_64.a", rd) : NULL;
	if (p && !uk_file_exists(p)) {
		free(p);
		p = NULL;
	}
	return p;
}

static const char *musl_lib(void)
{
	const char *env = getenv("UKCC_MUSL_LIB");
	return env && *env ? env : MUSL_LIB_DEFAULT;
}

static char *bindir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n < 0)
		return uk_xstrdup(".");
	exe[n] = 0;
	return uk_dirname(exe);
}

/* The first line has clang's version first: tools take the first x.y.z they see. */
void uk_cc_banner(void *stream)
{
	char *bin = bindir();
	fprintf(stream,
		"clang version %s (ukcc " UKCC_VERSION ": C programs as unikernel images)\n"
		"Target: " TRIPLE "\nThread model: posix\nInstalledDir: %s\n",
		uk_cc_clang_version(), bin);
	free(bin);
}

static char *prog_name(const char *name)
{
	if (!strcmp(name, "ld") || !strcmp(name, "ld.lld") || !strcmp(name, "lld")) {
		const char *over = getenv("UKCC_LLD");
		char *p = uk_find_in_path(over && *over ? over : "ld.lld");
		return p ? p : uk_xstrdup(name);
	}
	if (!strcmp(name, "cc") || !strcmp(name, "gcc") || !strcmp(name, "clang") || !strcmp(name, "cpp")) {
		char *bin = bindir(), *p = uk_xasprintf("%s/ukcc", bin);
		free(bin);
		return p;
	}
	char *llvm = uk_xasprintf("llvm-%s", name), *p = uk_find_in_path(llvm);
	free(llvm);
	if (!p)
		p = uk_find_in_path(name);
	return p ? p : uk_xstrdup(name);
}

static char *file_name(const char *name)
{
	const char *rd = resource_dir();
	char *dirs[] = {uk_xstrdup(musl_lib()), uk_xstrdup(uk_libdir()), rd ? uk_xstrdup(rd) : NULL};
	char *found = NULL;
	for (size_t i = 0; i < 3; i++) {
		char *p = dirs[i] ? uk_xasprintf("%s/%s", dirs[i], name) : NULL;
		if (!found && p && uk_file_exists(p))
			found = p;
		else
			free(p);
		free(dirs[i]);
	}
	return found ? found : uk_xstrdup(name);
}

static const char usage[] =
	"usage: ukcc [OPTIONS] FILES...   (cc mode: a GCC/Clang-compatible C compiler driver)\n"
	"\n"
	"Compiles C and assembly with clang for the image's target (x86_64-linux-musl, musl's\n"
	"headers) and links executables as unikernel images through the same dependency analysis\n"
	"and link as `ukcc build`. A linked image runs on this machine as `./prog ARGS` (a launcher\n"
	"boots it under QEMU) and on any PVH hypervisor. Every option and what ukcc does with it:\n"
	"docs/cc.md. ukcc's own commands: `ukcc help`.\n"
	"\n"
	"  -c, -S, -E, -M...     compile, assemble, preprocess, dependencies (as gcc)\n"
	"  -o FILE               output (default a.out)\n"
	"  -lNAME, -LDIR, -Wl,   static archives and linker flags\n"
	"  --ukcc-manifest=FILE  link-time settings from a manifest ($UKCC_MANIFEST)\n"
	"  --ukcc-strict         unsupported system calls are link errors\n";

int uk_cc_probe(const struct uk_cc *cc)
{
	const char *p = cc->probe, *arg = cc->probe_arg;
	char *s = NULL;
	if (!strcmp(p, "--version")) {
		uk_cc_banner(stdout);
	} else if (!strcmp(p, "-dumpversion") || !strcmp(p, "-dumpfullversion")) {
		puts(uk_cc_clang_version());
	} else if (!strcmp(p, "-dumpmachine") || !strcmp(p, "-print-multiarch")) {
		puts(MACHINE);
	} else if (!strcmp(p, "-print-target-triple") || !strcmp(p, "-print-effective-triple")) {
		puts(TRIPLE);
	} else if (!strcmp(p, "-print-search-dirs")) {
		char *bin = bindir();
		printf("programs: =%s\nlibraries: =%s\n", bin, musl_lib());
		free(bin);
	} else if (!strcmp(p, "-print-libgcc-file-name")) {
		s = uk_cc_builtins();
		puts(s ? s : "libgcc.a");
	} else if (!strcmp(p, "-print-multi-os-directory")) {
		puts("../lib");
	} else if (!strcmp(p, "-print-multi-directory")) {
		puts(".");
	} else if (!strcmp(p, "-print-multi-lib")) {
		puts(".;");
	} else if (!strcmp(p, "-print-sysroot")) {
		puts("");
	} else if (!strcmp(p, "-print-resource-dir")) {
		puts(resource_dir() ? resource_dir() : "");
	} else if (!strcmp(p, "-print-prog-name=")) {
		puts(s = prog_name(arg));
	} else if (!strcmp(p, "-print-file-name=")) {
		puts(s = file_name(arg));
	} else if (!strcmp(p, "--help")) {
		fputs(usage, stdout);
	} else if (!strcmp(p, "--ukcc-print-options")) {
		uk_cc_print_table();
		puts("");
		uk_cc_print_ldtable();
	}
	free(s);
	return fflush(stdout) == 0 ? UK_EXIT_OK : UK_EXIT_FAIL;
}
