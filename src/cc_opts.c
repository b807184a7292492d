/* cc_opts.c: the GCC/Clang option table of cc mode: each option is passed to clang, handled
 * by ukcc, ignored or refused, with the reason (docs/cc.md prints this table). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cc.h"

enum form {
	FLAG,   /* exactly NAME */
	PREFIX, /* NAME then anything, in the same argument (-O2, -Wall, -std=c99) */
	SEP,    /* NAME VALUE, two arguments */
	JOS,    /* NAMEVALUE or NAME VALUE (-Idir, -I dir) */
};

enum act {
	PASS,   /* passed to clang for every compilation, in command-line order */
	IGNORE, /* accepted with no effect: the image already is what it asks for, or it cannot apply */
	REFUSE, /* the image cannot do what it asks: "ukcc: OPTION: why", exit 2 */
	HANDLE, /* ukcc acts on it itself (fn) */
};

struct parse {
	struct uk_cc *cc;
	char *lang;              /* -x in force */
	struct uk_strv ldtokens; /* -Wl, -Xlinker, -z, -u: read in order once all is seen */
	struct uk_strv unknown;  /* options no row knows: clang judges them when it runs */
	struct uk_strv sanitize; /* -fsanitize= values */
};

typedef int handler(struct parse *p, const char *opt, const char *value);

struct opt {
	const char *name;
	enum form form;
	enum act act;
	handler *fn;
	const char *does; /* what ukcc does, for HANDLE rows */
	const char *why;
};

/* ---- handlers ---- */

void uk_cc_add_input(struct uk_cc *cc, enum uk_cc_input_kind kind, const char *path, const char *lang)
{
	cc->inputs = uk_xrealloc(cc->inputs, (cc->ninputs + 1) * sizeof *cc->inputs);
	cc->inputs[cc->ninputs++] = (struct uk_cc_input){kind, uk_xstrdup(path), lang ? uk_xstrdup(lang) : NULL, NULL,
							 cc->whole_archive && kind != UK_CC_SOURCE};
	if (kind == UK_CC_SOURCE)
		cc->nsources++;
}

/* gcc runs the earliest stage asked for, whatever the order: -E, then -S, then -c. */
static int h_mode(struct parse *p, const char *opt, const char *value)
{
	(void)value;
	static const struct {
		const char *opt;
		enum uk_cc_mode mode;
		int rank;
	} modes[] = {{"-c", UK_CC_COMPILE, 1}, {"-S", UK_CC_ASSEMBLY, 2}, {"-fsyntax-only", UK_CC_SYNTAX, 3},
		     {"-E", UK_CC_PREPROCESS, 4}, {"-r", UK_CC_RELOCATABLE, 0}, {"-shared", UK_CC_RELOCATABLE, 0}};
	int have = 0;
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++)
		if (modes[i].mode == p->cc->mode)
			have = modes[i].rank;
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++)
		if (!strcmp(modes[i].opt, opt) && (p->cc->mode == UK_CC_LINK || modes[i].rank > have))
			p->cc->mode = modes[i].mode;
	return 0;
}

static int h_output(struct parse *p, const char *opt, const char *value)
{
	(void)opt;
	p->cc->output = value;
	return 0;
}

static int h_lang(struct parse *p, const char *opt, const char *value)
{
	(void)opt;
	static const char *const ok[] = {"c", "c-header", "cpp-output", "assembler", "assembler-with-cpp", "none"};
	for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
		if (!strcmp(value, ok[i])) {
			free(p->lang);
			p->lang = strcmp(value, "none") ? uk_xstrdup(value) : NULL;
			return 0;
		}
	uk_error("-x %s: ukcc compiles C and assembly only (c, c-header, cpp-output, assembler, "
		 "assembler-with-cpp); there is no C++ or other runtime for musl images", value);
	return UK_EXIT_USAGE;
}

static int h_verbose(struct parse *p, const char *opt, const char *value)
{
	(void)opt, (void)value;
	p->cc->verbose = uk_verbose = true;
	return 0;
}

static int h_dry(struct parse *p, const char *opt, const char *value)
{
	(void)opt, (void)value;
	p->cc->dry_run = true;
	return 0;
}

static int h_probe(struct parse *p, const char *opt, const char *value)
{
	p->cc->probe = opt;
	p->cc->probe_arg = value;
	return 0;
}

static int h_lib(struct parse *p, const char *opt, const char *value)
{
	(void)opt;
	uk_cc_add_input(p->cc, UK_CC_LIBRARY, value, NULL);
	return 0;
}

/* The host's own library directories hold glibc-built archives: linked into an image with
 * musl they would fail in obscure ways, so they are dropped (and said so with -v). */
static bool host_libdir(const char *dir)
{
	static const char *const host[] = {"/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib",
					   "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu"};
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	for (size_t i = 0; i < sizeof host / sizeof *host; i++)
		if (strlen(host[i]) == n && !strncmp(dir, host[i], n))
			return true;
	return !strncmp(dir, "/usr/lib/gcc/", 13);
}

void uk_cc_add_libdir(struct uk_cc *cc, const char *dir)
{
	if (host_libdir(dir))
		uk_strv_pushf(&cc->notes, "-L%s ignored: the host's libraries are built for glibc", dir);
	else
		uk_strv_push(&cc->libdirs, dir);
}

static int h_libdir(struct parse *p, const char *opt, const char *value)
{
	(void)opt;
	uk_cc_add_libdir(p->cc, value);
	return 0;
}

/* --whole-archive and --no-whole-archive apply to the inputs that follow them on the
 * command line, so they cannot wait for the end like other linker flags. */
static bool whole_token(const char *t)
{
	return !strcmp(t, "--whole-archive") || !strcmp(t, "-whole-archive") ||
	       !strcmp(t, "--no-whole-archive") || !strcmp(t, "-no-whole-archive");
}

/* Linker tokens taken in order now; returns 0 or the exit status of a refused flag. */
static int ldtokens_now(struct uk_cc *cc, const struct uk_strv *t)
{
	for (size_t i = 0; i < t->n; i++) {
		bool used = false;
		int r = uk_cc_ldflag(cc, t->v[i], i + 1 < t->n ? t->v[i + 1] : NULL, &used);
		if (r)
			return r;
		i += used;
	}
	return 0;
}

static int h_wl(struct parse *p, const char *opt, const char *value)
{
	(void)opt;
	struct uk_strv items = {0};
	bool positional = false;
	for (const char *s = value;;) { /* -Wl,a,b,c: comma-separated, empty items kept as gcc keeps them */
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		uk_strv_pushf(&items, "%.*s", (int)n, s);
		positional |= whole_token(items.v[items.n - 1]);
		if (!comma)
			break;
		s = comma + 1;
	}
	int r = 0;
	if (positional) /* -Wl,--whole-archive[,libx.a,--no-whole-archive]: in its place */
		r = ldtokens_now(p->cc, &items);
	else
		for (size_t i = 0; i < items.n; i++)
			uk_strv_push(&p->ldtokens, items.v[i]);
	uk_strv_free(&items);
	return r;
}

static int h_xlinker(struct parse *p, const char *opt, const char *value)
{
	(void)opt;
	if (whole_token(value)) {
		bool used;
		return uk_cc_ldflag(p->cc, value, NULL, &used);
	}
	uk_strv_push(&p->ldtokens, value);
	return 0;
}

/* -z KEYWORD and -u SYMBOL are linker options gcc forwards. */
static int h_linkpair(struct parse *p, const char *opt, const char *value)
{
	uk_strv_push(&p->ldtokens, opt);
	uk_strv_push(&p->ldtokens, value);
	return 0;
}

static int h_deps(struct parse *p, const char *opt, const char *value)
{
	struct uk_cc_deps *d = &p->cc->deps;
	d->any = true;
	if (!strcmp(opt, "-M") || !strcmp(opt, "-MM")) {
		d->preprocess = true;
		d->system = !strcmp(opt, "-M");
		h_mode(p, "-E", NULL);
	} else if (!strcmp(opt, "-MD") || !strcmp(opt, "-MMD")) {
		d->side = true;
		d->system = !strcmp(opt, "-MD");
	} else if (!strcmp(opt, "-MP")) {
		d->phony = true;
	} else if (!strcmp(opt, "-MG")) {
		d->missing_ok = true;
	} else if (!strcmp(opt, "-MF")) {
		d->file = value;
	} else if (!strcmp(opt, "-MT")) {
		uk_strv_push(&d->targets, value);
	} else if (!strcmp(opt, "-MQ")) {
		struct uk_buf b = {0};
		uk_cc_make_quote(&b, value);
		uk_strv_push(&d->targets, b.p ? b.p : "");
		uk_buf_free(&b);
	}
	return 0;
}

/* -Wp,-MD,FILE (automake's old depcomp) is -MD -MF FILE; other -Wp, options go to clang. */
static int h_wp(struct parse *p, const char *opt, const char *value)
{
	(void)opt;
	if (!strncmp(value, "-MD,", 4) || !strncmp(value, "-MMD,", 5)) {
		const char *comma = strchr(value, ',');
		char *which = strndup(value, (size_t)(comma - value));
		h_deps(p, which, NULL);
		h_deps(p, "-MF", comma + 1);
		p->cc->deps.cpp_only = true;
		free(which);
		return 0;
	}
	uk_strv_pushf(&p->cc->cflags, "-Wp,%s", value);
	return 0;
}

static int h_pthread(struct parse *p, const char *opt, const char *value)
{
	(void)value;
	uk_strv_push(&p->cc->cflags, opt);
	return 0;
}

static int h_sanitize(struct parse *p, const char *opt, const char *value)
{
	(void)opt;
	uk_strv_push(&p->sanitize, value);
	return 0;
}

static int h_target(struct parse *p, const char *opt, const char *value)
{
	(void)p;
	if (!strncmp(value, "x86_64", 6) && strstr(value, "linux"))
		return 0;
	uk_error("%s %s: images are x86_64-linux-musl; ukcc cannot build for another target", opt, value);
	return UK_EXIT_USAGE;
}

static int h_manifest(struct parse *p, const char *opt, const char *value)
{
	(void)opt;
	p->cc->manifest = value;
	return 0;
}

static int h_strict(struct parse *p, const char *opt, const char *value)
{
	(void)opt, (void)value;
	p->cc->strict = true;
	return 0;
}

/* ---- the table: the first row that matches wins, so specific rows come first ---- */

#define WHY_SHARED "an image is one statically linked program: nothing loads shared objects in it"
#define WHY_FIXED "an image is linked at a fixed address (1 MiB) and never relocated"
#define WHY_ARCH "images are x86-64 (long mode, LP64)"
#define WHY_PROFILE "profiling data is written by a runtime library that is not built for images"

static const struct opt opts[] = {
	/* what to produce */
	{"-c", FLAG, HANDLE, h_mode, "compile or assemble each source to an object", ""},
	{"-S", FLAG, HANDLE, h_mode, "compile each source to assembly", ""},
	{"-E", FLAG, HANDLE, h_mode, "preprocess to stdout (or -o)", ""},
	{"-fsyntax-only", FLAG, HANDLE, h_mode, "check each source, write nothing", ""},
	{"-r", FLAG, HANDLE, h_mode, "partial link: one relocatable object (ld.lld -r), no image",
	 "a relocatable combines objects for a later link"},
	{"-o", JOS, HANDLE, h_output, "output file; `-o /dev/null` (or any non-regular file) is written into, never replaced",
	 ""},
	{"-x", JOS, HANDLE, h_lang, "language of the following inputs: c, c-header, cpp-output, assembler, "
	 "assembler-with-cpp, none; others refused", "no C++, Objective-C or Fortran runtime exists for musl images"},
	{"-v", FLAG, HANDLE, h_verbose, "print the version banner and every command ukcc runs, exactly", ""},
	{"-###", FLAG, HANDLE, h_dry, "print the compile commands (and the link) without running them", ""},
	{"--ukcc-manifest=", PREFIX, HANDLE, h_manifest, "link-time settings (memory, args, env, runtime) from "
	 "a unikernel.json; also $UKCC_MANIFEST", "a C compiler has no flags for them"},
	{"--ukcc-strict", FLAG, HANDLE, h_strict, "system calls no runtime component implements are link errors",
	 "like `ukcc build --strict`"},

	/* probes: answered by ukcc without running clang, so build systems stay fast */
	{"--version", FLAG, HANDLE, h_probe, "banner with ukcc's and clang's version (\"clang version X\")", ""},
	{"-dumpversion", FLAG, HANDLE, h_probe, "clang's version", ""},
	{"-dumpfullversion", FLAG, HANDLE, h_probe, "clang's version", ""},
	{"-dumpmachine", FLAG, HANDLE, h_probe, "x86_64-linux-musl", ""},
	{"-print-search-dirs", FLAG, HANDLE, h_probe, "ukcc's bin directory and musl's library directory", ""},
	{"-print-libgcc-file-name", FLAG, HANDLE, h_probe, "clang's compiler-rt builtins archive", ""},
	{"-print-multi-os-directory", FLAG, HANDLE, h_probe, "`../lib`", ""},
	{"-print-multi-directory", FLAG, HANDLE, h_probe, "`.`", ""},
	{"-print-multi-lib", FLAG, HANDLE, h_probe, "`.;`", ""},
	{"-print-multiarch", FLAG, HANDLE, h_probe, "x86_64-linux-musl", ""},
	{"-print-sysroot", FLAG, HANDLE, h_probe, "an empty line: musl's files are found in place, not under a sysroot",
	 ""},
	{"-print-target-triple", FLAG, HANDLE, h_probe, "x86_64-unknown-linux-musl", ""},
	{"-print-effective-triple", FLAG, HANDLE, h_probe, "x86_64-unknown-linux-musl", ""},
	{"-print-resource-dir", FLAG, HANDLE, h_probe, "clang's resource directory", ""},
	{"-print-prog-name=", PREFIX, HANDLE, h_probe, "ld: ld.lld; cc/gcc/clang: ukcc; other tools: found on PATH",
	 ""},
	{"-print-file-name=", PREFIX, HANDLE, h_probe, "a file in musl's library directory, else the name as given",
	 ""},
	{"--help", FLAG, HANDLE, h_probe, "cc mode's usage", ""},
	{"--ukcc-print-options", FLAG, HANDLE, h_probe, "these tables, as docs/cc.md shows them", ""},

	/* preprocessor */
	{"-I", JOS, PASS, NULL, NULL, ""},
	{"-isystem", JOS, PASS, NULL, NULL, ""},
	{"-iquote", JOS, PASS, NULL, NULL, ""},
	{"-idirafter", JOS, PASS, NULL, NULL, ""},
	{"-include", JOS, PASS, NULL, NULL, ""},
	{"-imacros", JOS, PASS, NULL, NULL, ""},
	{"-iprefix", JOS, PASS, NULL, NULL, ""},
	{"-iwithprefix", JOS, PASS, NULL, NULL, ""},
	{"-iwithprefixbefore", JOS, PASS, NULL, NULL, ""},
	{"-D", JOS, PASS, NULL, NULL, ""},
	{"-U", JOS, PASS, NULL, NULL, ""},
	{"-undef", FLAG, PASS, NULL, NULL, ""},
	{"-nostdinc", FLAG, PASS, NULL, NULL, "musl's headers stay (they are given with -isystem); clang's go"},
	{"-isysroot", JOS, IGNORE, NULL, NULL, "headers are musl's; there is no other sysroot"},
	{"--sysroot=", PREFIX, IGNORE, NULL, NULL, "headers and libraries are musl's; there is no other sysroot"},
	{"--sysroot", SEP, IGNORE, NULL, NULL, "headers and libraries are musl's; there is no other sysroot"},
	{"-M", FLAG, HANDLE, h_deps, "dependencies instead of preprocessed output, as gcc writes them", ""},
	{"-MM", FLAG, HANDLE, h_deps, "the same without system headers", ""},
	{"-MD", FLAG, HANDLE, h_deps, "dependency file beside the compilation, as gcc names and writes it", ""},
	{"-MMD", FLAG, HANDLE, h_deps, "the same without system headers", ""},
	{"-MF", JOS, HANDLE, h_deps, "dependency file name", ""},
	{"-MT", JOS, HANDLE, h_deps, "target, as given", ""},
	{"-MQ", JOS, HANDLE, h_deps, "target, quoted for make", ""},
	{"-MP", FLAG, HANDLE, h_deps, "a phony target for each header", ""},
	{"-MG", FLAG, HANDLE, h_deps, "missing headers are dependencies", ""},
	{"-Wp,", PREFIX, HANDLE, h_wp, "`-Wp,-MD,FILE`/`-Wp,-MMD,FILE` as -MD/-MMD -MF FILE; others passed to clang", ""},
	{"-Xpreprocessor", SEP, PASS, NULL, NULL, ""},

	/* code generation */
	{"-m32", FLAG, REFUSE, NULL, NULL, WHY_ARCH},
	{"-m16", FLAG, REFUSE, NULL, NULL, WHY_ARCH},
	{"-mx32", FLAG, REFUSE, NULL, NULL, WHY_ARCH},
	{"-m64", FLAG, PASS, NULL, NULL, ""},
	{"-march=", PREFIX, PASS, NULL, NULL, "code runs only where the hypervisor's CPU has those features "
	 "(QEMU's TCG has no AVX-512)"},
	{"-mllvm", SEP, PASS, NULL, NULL, ""},
	{"-m", PREFIX, PASS, NULL, NULL, ""},
	{"-fPIC", FLAG, PASS, NULL, NULL, "position-independent code links into the fixed-address image as it is"},
	{"-fpic", FLAG, PASS, NULL, NULL, "as -fPIC"},
	{"-fPIE", FLAG, PASS, NULL, NULL, "as -fPIC"},
	{"-fpie", FLAG, PASS, NULL, NULL, "as -fPIC"},
	{"-fsanitize=", PREFIX, HANDLE, h_sanitize, "undefined-behaviour checks are passed with -fsanitize-trap "
	 "(a failed check crashes with a backtrace); address, thread, memory, leak and other sanitizers are refused",
	 "their run-time libraries are built for glibc processes, not images"},
	{"-fsanitize-trap", PREFIX, PASS, NULL, NULL, ""},
	{"-fno-sanitize", PREFIX, PASS, NULL, NULL, ""},
	{"-flto", PREFIX, IGNORE, NULL, NULL, "the dependency analysis reads machine code; LTO objects hold bitcode"},
	{"-ffat-lto-objects", FLAG, IGNORE, NULL, NULL, "no LTO (see -flto)"},
	{"-fuse-linker-plugin", FLAG, IGNORE, NULL, NULL, "no LTO (see -flto)"},
	{"-pg", FLAG, REFUSE, NULL, NULL, WHY_PROFILE},
	{"-p", FLAG, REFUSE, NULL, NULL, WHY_PROFILE},
	{"-fprofile-arcs", FLAG, REFUSE, NULL, NULL, WHY_PROFILE},
	{"-ftest-coverage", FLAG, REFUSE, NULL, NULL, WHY_PROFILE},
	{"--coverage", FLAG, REFUSE, NULL, NULL, WHY_PROFILE},
	{"-fprofile-generate", PREFIX, REFUSE, NULL, NULL, WHY_PROFILE},
	{"-fprofile-instr-generate", PREFIX, REFUSE, NULL, NULL, WHY_PROFILE},
	{"-fopenmp", PREFIX, REFUSE, NULL, NULL, "OpenMP needs libomp, which is not built for musl images"},
	{"-fuse-ld=", PREFIX, IGNORE, NULL, NULL, "images are linked by ld.lld with ukcc's linker script"},
	{"-f", PREFIX, PASS, NULL, NULL, ""},
	{"-pthread", FLAG, HANDLE, h_pthread, "passed to clang (_REENTRANT); nothing to link: threads are in musl's libc.a",
	 ""},
	{"-pthreads", FLAG, HANDLE, h_pthread, "as -pthread", ""},
	{"-std=", PREFIX, PASS, NULL, NULL, ""},
	{"-ansi", FLAG, PASS, NULL, NULL, ""},
	{"-O", PREFIX, PASS, NULL, NULL, "no default: -O0 as gcc (`ukcc build` uses -O2)"},
	{"-g", PREFIX, PASS, NULL, NULL, "debug information stays in objects; images drop it (crash reports use symbols)"},
	{"-w", FLAG, PASS, NULL, NULL, ""},
	{"-pedantic", FLAG, PASS, NULL, NULL, ""},
	{"-pedantic-errors", FLAG, PASS, NULL, NULL, ""},
	{"-Wa,", PREFIX, PASS, NULL, NULL, ""},
	{"-Wl,", PREFIX, HANDLE, h_wl, "linker flags, per the linker table below", ""},
	{"-W", PREFIX, PASS, NULL, NULL, ""},
	{"-Xassembler", SEP, PASS, NULL, NULL, ""},
	{"-Xclang", SEP, PASS, NULL, NULL, ""},
	{"--param=", PREFIX, PASS, NULL, NULL, ""},
	{"--param", SEP, PASS, NULL, NULL, ""},
	{"-save-temps", PREFIX, PASS, NULL, NULL, ""},
	{"-emit-llvm", FLAG, PASS, NULL, NULL, ""},
	{"-C", FLAG, PASS, NULL, NULL, ""},
	{"-CC", FLAG, PASS, NULL, NULL, ""},
	{"-P", FLAG, PASS, NULL, NULL, ""},
	{"-H", FLAG, PASS, NULL, NULL, ""},
	{"-dM", FLAG, PASS, NULL, NULL, ""},
	{"-dD", FLAG, PASS, NULL, NULL, ""},
	{"-dI", FLAG, PASS, NULL, NULL, ""},
	{"-trigraphs", FLAG, PASS, NULL, NULL, ""},
	{"-pipe", FLAG, IGNORE, NULL, NULL, "clang keeps its stages in memory"},
	{"-time", FLAG, IGNORE, NULL, NULL, "not measured"},
	{"-Qunused-arguments", FLAG, IGNORE, NULL, NULL, "ukcc always passes it"},
	{"-specs=", PREFIX, IGNORE, NULL, NULL, "a GCC spec file; ukcc's target and files are fixed"},
	{"-B", JOS, IGNORE, NULL, NULL, "ukcc finds clang and ld.lld itself ($UKCC_CLANG, $UKCC_LLD)"},
	{"--target=", PREFIX, HANDLE, h_target, "x86_64 Linux targets accepted (the image's is x86_64-linux-musl), "
	 "others refused", ""},
	{"-target", SEP, HANDLE, h_target, "as --target=", ""},
	{"-arch", SEP, REFUSE, NULL, NULL, "a Darwin option; images are x86_64-linux-musl"},

	/* linking */
	{"-l", JOS, HANDLE, h_lib, "static archive libNAME.a from -L directories, then musl's; m, pthread, rt, dl, "
	 "util, crypt, xnet and resolv are in musl's libc.a (nothing to add)", ""},
	{"-L", JOS, HANDLE, h_libdir, "searched for -l; the host's own library directories (/usr/lib, "
	 "/usr/lib/x86_64-linux-gnu, /usr/local/lib, ...) are dropped", "their archives are built for glibc"},
	{"-Xlinker", SEP, HANDLE, h_xlinker, "one linker flag, per the linker table below", ""},
	{"-z", SEP, HANDLE, h_linkpair, "as -Wl,-z,KEYWORD", ""},
	{"-u", JOS, HANDLE, h_linkpair, "passed to ld.lld (-u SYMBOL)", ""},
	{"-static", FLAG, IGNORE, NULL, NULL, "images are always static"},
	{"-static-pie", FLAG, IGNORE, NULL, NULL, WHY_FIXED},
	{"-pie", FLAG, IGNORE, NULL, NULL, WHY_FIXED},
	{"-no-pie", FLAG, IGNORE, NULL, NULL, WHY_FIXED},
	{"-shared", FLAG, HANDLE, h_mode, "a \"shared library\" is one relocatable object (as -r) that links "
	 "into images whole, so libtool and CMake builds need no --disable-shared", WHY_SHARED},
	{"-shared-libgcc", FLAG, IGNORE, NULL, NULL, WHY_SHARED},
	{"-static-libgcc", FLAG, IGNORE, NULL, NULL, "images are always static"},
	{"-rdynamic", FLAG, IGNORE, NULL, NULL, WHY_SHARED},
	{"-s", FLAG, IGNORE, NULL, NULL, "images keep function names for crash reports; debug information is "
	 "always dropped"},
	{"-nostdlib", FLAG, IGNORE, NULL, NULL, "the image's start files and libc.a are what boots it; "
	 "libc.a adds only what is referenced"},
	{"-nodefaultlibs", FLAG, IGNORE, NULL, NULL, "as -nostdlib"},
	{"-nolibc", FLAG, IGNORE, NULL, NULL, "as -nostdlib"},
	{"-nostartfiles", FLAG, IGNORE, NULL, NULL, "as -nostdlib"},
	{"-T", JOS, REFUSE, NULL, NULL, "images are laid out by ukcc's linker script (unikernel.ld)"},
	{"-e", SEP, REFUSE, NULL, NULL, "the image's entry point is its PVH entry"},
	{NULL, FLAG, PASS, NULL, NULL, NULL},
};

/* ---- matching ---- */

/* Returns the row matching argv[*i] and sets *value; advances *i past a separate value.
 * NULL if no row matches; -1 in *missing if the value is missing. */
static const struct opt *match(int argc, char **argv, int *i, const char **value, bool *missing)
{
	const char *a = argv[*i];
	*missing = false;
	*value = NULL;
	for (const struct opt *o = opts; o->name; o++) {
		size_t n = strlen(o->name);
		switch (o->form) {
		case FLAG:
			if (strcmp(a, o->name))
				continue;
			return o;
		case PREFIX:
			if (strncmp(a, o->name, n))
				continue;
			*value = a + n;
			return o;
		case SEP:
		case JOS:
			if (strncmp(a, o->name, n) || (o->form == SEP && a[n]))
				continue;
			if (a[n]) {
				*value = a + n;
				return o;
			}
			if (*i + 1 >= argc) {
				*missing = true;
				return o;
			}
			*value = argv[++*i];
			return o;
		}
	}
	return NULL;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

static int add_file(struct parse *p, const char *path)
{
	static const char *const sources[] = {".c", ".i", ".s", ".S", ".h"};
	static const char *const foreign[] = {".cc", ".cpp", ".cxx", ".c++", ".C", ".ii", ".m", ".mm", ".f", ".f90"};
	if (p->lang || !strcmp(path, "-")) {
		uk_cc_add_input(p->cc, UK_CC_SOURCE, path, p->lang);
		return 0;
	}
	for (size_t i = 0; i < sizeof sources / sizeof *sources; i++)
		if (has_suffix(path, sources[i])) {
			uk_cc_add_input(p->cc, UK_CC_SOURCE, path, NULL);
			return 0;
		}
	for (size_t i = 0; i < sizeof foreign / sizeof *foreign; i++)
		if (has_suffix(path, foreign[i])) {
			uk_error("%s: ukcc compiles C and assembly only; there is no C++, Objective-C or Fortran "
				 "runtime for musl images", path);
			return UK_EXIT_USAGE;
		}
	if ((has_suffix(path, ".so") || strstr(path, ".so.") || has_suffix(path, ".dylib")) && !uk_is_elf_rel(path)) {
		uk_error("%s: a shared library cannot be linked into an image (" WHY_SHARED "); link its static archive "
			 "(or build the library with ukcc -shared, which writes an object)", path);
		return UK_EXIT_USAGE;
	}
	uk_cc_add_input(p->cc, UK_CC_OBJECT, path, NULL);
	return 0;
}

/* Undefined-behaviour checks can trap in an image; every other sanitizer needs its runtime. */
static int check_sanitize(struct parse *p)
{
	static const char *const runtime_only[] = {"address", "hwaddress", "kernel-address", "thread", "memory",
						   "leak", "dataflow", "safe-stack", "scudo", "fuzzer", "cfi"};
	bool any = false;
	for (size_t i = 0; i < p->sanitize.n; i++) {
		char *list = uk_xstrdup(p->sanitize.v[i]), *save;
		for (char *s = strtok_r(list, ",", &save); s; s = strtok_r(NULL, ",", &save))
			for (size_t k = 0; k < sizeof runtime_only / sizeof *runtime_only; k++)
				if (!strncmp(s, runtime_only[k], strlen(runtime_only[k]))) {
					uk_error("-fsanitize=%s: its run-time library is built for glibc processes, not "
						 "images (undefined-behaviour checks work: -fsanitize=undefined)", s);
					free(list);
					return UK_EXIT_USAGE;
				}
		free(list);
		uk_strv_pushf(&p->cc->cflags, "-fsanitize=%s", p->sanitize.v[i]);
		any = true;
	}
	if (any)
		uk_strv_push(&p->cc->cflags, "-fsanitize-trap=all");
	return 0;
}

static int finish(struct parse *p)
{
	struct uk_cc *cc = p->cc;
	int r = ldtokens_now(cc, &p->ldtokens);
	if (r)
		return r;
	r = check_sanitize(p);
	if (r)
		return r;
	if (!cc->manifest) {
		const char *env = getenv("UKCC_MANIFEST");
		if (env && *env)
			cc->manifest = env;
	}
	if (cc->output && cc->nsources > 1 &&
	    (cc->mode == UK_CC_COMPILE || cc->mode == UK_CC_ASSEMBLY || cc->mode == UK_CC_PREPROCESS)) {
		uk_error("cannot specify -o with -c, -S or -E with multiple files");
		return UK_EXIT_USAGE;
	}
	/* Options no row knows go to clang, which names the ones it does not know either; with
	 * nothing to compile, nothing would judge them, so ukcc does. */
	if (p->unknown.n && !cc->nsources && !cc->probe && !cc->lld_version) {
		uk_error("unknown option '%s' (see docs/cc.md for the options cc mode takes)", p->unknown.v[0]);
		return UK_EXIT_USAGE;
	}
	return 0;
}

int uk_cc_parse(int argc, char **argv, struct uk_cc *cc)
{
	struct parse p = {.cc = cc};
	int r = 0;
	for (int i = 1; i < argc && !r; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || !a[1]) {
			r = add_file(&p, a);
			continue;
		}
		char *alias = NULL; /* --print-X is -print-X */
		if (!strncmp(a, "--print-", 8))
			a = argv[i] = alias = uk_xasprintf("%s", a + 1);
		const char *value;
		bool missing;
		const struct opt *o = match(argc, argv, &i, &value, &missing);
		if (!o) {
			uk_strv_push(&p.unknown, a);
			uk_strv_push(&cc->cflags, a);
		} else if (missing) {
			uk_error("%s: missing argument", a);
			r = UK_EXIT_USAGE;
		} else if (o->act == REFUSE) {
			uk_error("%s: %s", a, o->why);
			r = UK_EXIT_USAGE;
		} else if (o->act == IGNORE) {
			uk_strv_pushf(&cc->notes, "%s ignored: %s", a, o->why);
		} else if (o->act == HANDLE) {
			r = o->fn(&p, o->name, value);
		} else if (o->form == SEP || (o->form == JOS && !a[strlen(o->name)])) {
			uk_strv_push(&cc->cflags, o->name);
			uk_strv_push(&cc->cflags, value);
		} else {
			uk_strv_push(&cc->cflags, a);
		}
		(void)alias; /* argv keeps it: probes point into it */
	}
	if (!r)
		r = finish(&p);
	free(p.lang);
	uk_strv_free(&p.ldtokens);
	uk_strv_free(&p.unknown);
	uk_strv_free(&p.sanitize);
	return r;
}

void uk_cc_free(struct uk_cc *cc)
{
	for (size_t i = 0; i < cc->ninputs; i++) {
		free(cc->inputs[i].path);
		free(cc->inputs[i].lang);
		free(cc->inputs[i].object);
	}
	free(cc->inputs);
	uk_strv_free(&cc->cflags);
	uk_strv_free(&cc->libdirs);
	uk_strv_free(&cc->ldflags);
	uk_strv_free(&cc->deps.targets);
	uk_strv_free(&cc->notes);
	*cc = (struct uk_cc){0};
}

bool uk_cc_musl_lib(const char *name)
{
	/* musl's Makefile installs these as empty archives: everything is in libc.a. */
	static const char *const in_libc[] = {"c", "m", "pthread", "rt", "dl", "util", "crypt", "xnet", "resolv"};
	for (size_t i = 0; i < sizeof in_libc / sizeof *in_libc; i++)
		if (!strcmp(name, in_libc[i]))
			return true;
	return false;
}

/* ---- documentation ---- */

static const char *form_text(const struct opt *o)
{
	switch (o->form) {
	case PREFIX:
		return o->name[strlen(o->name) - 1] == '=' || o->name[strlen(o->name) - 1] == ',' ? "..." : "*";
	case SEP:
		return " ARG";
	case JOS:
		return "[ ]ARG";
	default:
		return "";
	}
}

void uk_cc_print_table(void)
{
	static const char *const acts[] = {"passed to clang", "ignored", "**refused**", NULL};
	printf("| option | ukcc | why |\n|---|---|---|\n");
	for (const struct opt *o = opts; o->name; o++)
		printf("| `%s%s` | %s | %s |\n", o->name, form_text(o), o->act == HANDLE ? o->does : acts[o->act],
		       o->why);
	printf("| any other `-...` | passed to clang, which names an option it does not know | |\n");
}
