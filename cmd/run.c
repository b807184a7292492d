/* run.c: `ukcc run`: parses the command line, builds a manifest if given one, boots the image. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../src/build.h"
#include "../src/manifest.h"
#include "../src/run.h"
#include "../src/util.h"
#include "cmds.h"

const char cmd_run_usage[] =
	"usage: ukcc run [OPTIONS] [IMAGE|MANIFEST] [-- ARGS...]\n"
	"\n"
	"Boots a unikernel image under QEMU as if it were a program: the guest's stdout and\n"
	"stderr are ukcc's (byte for byte, nothing else), stdin is forwarded to it, and its exit\n"
	"status becomes ukcc's. A MANIFEST (a file ending in .json; default ./unikernel.json) is built\n"
	"first, then its image is run with the manifest's memory.\n"
	"\n"
	"options:\n"
	"  --mem SIZE        guest memory (\"64M\", \"512K\", \"1G\"); default: the manifest's, else\n"
	"                    the image's memory note, else 64M\n"
	"  --machine M       QEMU machine: microvm (default), pc or q35\n"
	"  --accel A         auto (default), tcg or kvm; auto uses KVM only where it runs guest\n"
	"                    code (/dev/kvm usable and vmx or svm in /proc/cpuinfo)\n"
	"  --timeout SECS    kill the guest after SECS seconds (fractions allowed)\n"
	"  --env KEY=VALUE   set an environment variable in the guest (repeatable)\n"
	"  --strace          the guest traces every system call on stderr\n"
	"  --share HOSTDIR[:GUESTDIR[:ro]]\n"
	"                    make the host directory HOSTDIR appear in the guest at GUESTDIR\n"
	"                    (default: HOSTDIR's absolute path), read-write unless :ro (writes\n"
	"                    then fail with EROFS); the guest cannot reach outside it\n"
	"                    (virtio-9p; repeatable, up to 16)\n"
	"  --host-root       the host's directories appear at their own paths in the guest, as\n"
	"                    for a program run on the host (all but /dev, /proc and /sys; the\n"
	"                    guest keeps its own /dev); cc-mode programs run this way\n"
	"  --cwd GUESTDIR    the guest's working directory (relative paths resolve there)\n"
	"  --argv0 NAME      the guest's argv[0] (default: the image's name)\n"
	"  -- ARGS...        replace the guest's argv[1..] (the manifest's \"args\") with ARGS\n"
	"  -v                print the QEMU command (same as `ukcc -v run`)\n"
	"\n"
	"exit status:\n"
	"  N        the guest exited with status N (0..255)\n"
	"  128+S    the guest crashed as if by signal S (the reason is printed on stderr)\n"
	"  2        usage error, or IMAGE is not a PVH-bootable ELF64 image\n"
	"  1        the manifest failed to build\n"
	"  124      --timeout expired\n"
	"  125      QEMU failed, or the guest died without an exit status (triple fault)\n"
	"  127      qemu-system-x86_64 is not installed\n"
	"\n"
	"environment: UKCC_QEMU names the QEMU binary to use instead of qemu-system-x86_64.\n";

/* If argv[*i] is option name, as "--name VALUE" or "--name=VALUE", stores VALUE and
 * returns 1; returns 0 if it is another option, -1 if the value is missing (reported). */
static int option(int argc, char **argv, int *i, const char *name, const char **value)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n))
		return 0;
	if (argv[*i][n] == '=') {
		*value = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n])
		return 0;
	if (*i + 1 >= argc) {
		uk_error("run: %s needs a value (see ukcc help run)", name);
		return -1;
	}
	*value = argv[++*i];
	return 1;
}

/* What the parse collects besides uk_run_opts' own fields (freed by run_lists_free). */
struct run_lists {
	struct uk_strv env;
	struct uk_share *shares;
	struct uk_strv strings; /* the shares' paths */
};

static void run_lists_free(struct run_lists *l)
{
	uk_strv_free(&l->env);
	uk_strv_free(&l->strings);
	free(l->shares);
}

/* HOSTDIR[:GUESTDIR[:ro]]. A host path may hold colons: GUESTDIR is what follows the last
 * ":/", and ":ro" is only ever the suffix. */
static int parse_share(struct uk_run_opts *o, struct run_lists *l, const char *v)
{
	if (o->nshares == UK_MAX_SHARES) {
		uk_error("run: --share %s: at most %d shared directories", v, UK_MAX_SHARES);
		return -1;
	}
	char *spec = uk_xstrdup(v), *guest = NULL;
	size_t n = strlen(spec);
	bool ro = n > 3 && !strcmp(spec + n - 3, ":ro");
	if (ro)
		spec[n - 3] = 0;
	char *colon = strrchr(spec, ':');
	while (colon && colon[1] != '/') {
		*colon = 0; /* not a GUESTDIR separator: look further left */
		char *prev = strrchr(spec, ':');
		*colon = ':';
		colon = prev;
	}
	if (colon) {
		*colon = 0;
		guest = colon + 1;
	}
	struct stat st;
	char real[PATH_MAX];
	int rc = -1;
	if (!*spec)
		uk_error("run: --share %s: expected HOSTDIR[:GUESTDIR[:ro]]", v);
	else if (stat(spec, &st) < 0)
		uk_error("run: --share %s: %s:", v, spec);
	else if (!S_ISDIR(st.st_mode))
		uk_error("run: --share %s: %s is not a directory", v, spec);
	else if (!realpath(spec, real))
		uk_error("run: --share %s: %s:", v, spec);
	else if (guest && strlen(guest) > 1 && guest[strlen(guest) - 1] == '/')
		uk_error("run: --share %s: GUESTDIR must not end with '/'", v);
	else
		rc = 0;
	if (!rc) {
		uk_strv_push(&l->strings, real);
		uk_strv_push(&l->strings, guest ? guest : real);
		l->shares = uk_xrealloc(l->shares, (o->nshares + 1) * sizeof *l->shares);
		l->shares[o->nshares++] = (struct uk_share){l->strings.v[l->strings.n - 2],
							    l->strings.v[l->strings.n - 1], ro};
	}
	free(spec);
	return rc;
}

static int parse_value(struct uk_run_opts *o, const char *name, const char *v, struct run_lists *l)
{
	if (!strcmp(name, "--mem")) {
		if (uk_parse_size(v, &o->memory) < 0 || !o->memory) {
			uk_error("run: --mem %s: expected a size such as 64M", v);
			return -1;
		}
	} else if (!strcmp(name, "--machine")) {
		if (strcmp(v, "microvm") && strcmp(v, "pc") && strcmp(v, "q35")) {
			uk_error("run: --machine %s: expected microvm, pc or q35", v);
			return -1;
		}
		o->machine = v;
	} else if (!strcmp(name, "--accel")) {
		if (!strcmp(v, "auto"))
			o->accel = UK_ACCEL_AUTO;
		else if (!strcmp(v, "tcg"))
			o->accel = UK_ACCEL_TCG;
		else if (!strcmp(v, "kvm"))
			o->accel = UK_ACCEL_KVM;
		else {
			uk_error("run: --accel %s: expected auto, tcg or kvm", v);
			return -1;
		}
	} else if (!strcmp(name, "--timeout")) {
		char *end;
		o->timeout = strtod(v, &end);
		if (end == v || *end || !isfinite(o->timeout) || o->timeout <= 0) {
			uk_error("run: --timeout %s: expected a positive number of seconds", v);
			return -1;
		}
	} else if (!strcmp(name, "--env")) {
		if (!strchr(v, '=') || v[0] == '=') {
			uk_error("run: --env %s: expected KEY=VALUE", v);
			return -1;
		}
		uk_strv_push(&l->env, v);
	} else if (!strcmp(name, "--share")) {
		return parse_share(o, l, v);
	} else if (!strcmp(name, "--argv0")) {
		o->argv0 = v;
	} else if (!strcmp(name, "--cwd")) {
		if (v[0] != '/') {
			uk_error("run: --cwd %s: expected an absolute guest path", v);
			return -1;
		}
		o->cwd = v;
	}
	return 0;
}

/* Fills o from argv; *target is IMAGE or MANIFEST. Returns 0, 1 for --help, -1 on error. */
static int parse(int argc, char **argv, struct uk_run_opts *o, struct run_lists *l,
		 const char **target)
{
	static const char *const valued[] = {"--mem", "--machine", "--accel", "--timeout", "--env",
					     "--share", "--cwd", "--argv0"};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			o->has_args = true;
			o->args = (const char *const *)argv + i + 1;
			o->nargs = (size_t)(argc - i - 1);
			return 0;
		}
		if (a[0] != '-' || !a[1]) {
			if (*target) {
				uk_error("run: unexpected argument '%s' (guest arguments go after --)", a);
				return -1;
			}
			*target = a;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			return 1;
		if (!strcmp(a, "-v")) {
			uk_verbose = true;
			continue;
		}
		if (!strcmp(a, "--strace")) {
			o->strace = true;
			continue;
		}
		if (!strcmp(a, "--host-root")) {
			o->host_root = true;
			continue;
		}
		int found = 0;
		for (size_t k = 0; !found && k < sizeof valued / sizeof valued[0]; k++) {
			const char *v;
			found = option(argc, argv, &i, valued[k], &v);
			if (found > 0 && parse_value(o, valued[k], v, l) < 0)
				return -1;
		}
		if (found < 0)
			return -1;
		if (!found) {
			uk_error("run: unknown option '%s' (see ukcc help run)", a);
			return -1;
		}
	}
	return 0;
}

static bool is_manifest(const char *path)
{
	size_t n = strlen(path);
	return n >= 5 && !strcmp(path + n - 5, ".json");
}

int cmd_run(int argc, char **argv)
{
	struct uk_run_opts o;
	uk_run_opts_init(&o);
	struct run_lists l = {0};
	const char *target = NULL;
	int rc = parse(argc, argv, &o, &l, &target);
	if (rc) {
		if (rc > 0)
			fputs(cmd_run_usage, stdout);
		run_lists_free(&l);
		return rc > 0 ? UK_EXIT_OK : UK_EXIT_USAGE;
	}
	o.env = (const char *const *)l.env.v;
	o.nenv = l.env.n;
	o.shares = l.shares;
	if (!target)
		target = "./unikernel.json";
	char *image = NULL;
	if (is_manifest(target)) {
		uint64_t memory = 0;
		rc = uk_build(target, &image, &memory);
		if (!o.memory)
			o.memory = memory;
	}
	if (!rc) {
		o.image = image ? image : target;
		rc = uk_run_image(&o);
	}
	free(image);
	run_lists_free(&l);
	return rc;
}
