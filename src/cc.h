/* cc.h: ukcc as a C compiler driver (`ukcc [GCC/Clang OPTIONS] FILES`, docs/cc.md).
 *
 * A command line is read in three steps: response files are expanded (cc_rsp.c), every
 * argument is classified by the option table (cc_opts.c, linker flags by cc_ldflags.c) into
 * a struct uk_cc, and then the driver (cmd/cc.c) answers a probe (cc_probe.c), runs clang for
 * each source (-c, -S, -E, -M...; dependency files are rewritten as gcc writes them by
 * cc_deps.c), or compiles and links an image through the same analysis and link as
 * `ukcc build` (cc_link.c). */
#ifndef UKCC_CC_H
#define UKCC_CC_H

#include <stdbool.h>
#include <stdint.h>

#include "toolchain.h"
#include "util.h"

/* What the invocation produces. */
enum uk_cc_mode {
	UK_CC_LINK,       /* an image (default) */
	UK_CC_COMPILE,    /* -c: objects */
	UK_CC_ASSEMBLY,   /* -S: assembly */
	UK_CC_PREPROCESS, /* -E (and -M/-MM without -MD): preprocessed text or dependencies */
	UK_CC_SYNTAX,     /* -fsyntax-only */
	UK_CC_RELOCATABLE /* -r: one relocatable object, ld.lld -r */
};

enum uk_cc_input_kind {
	UK_CC_SOURCE,  /* compiled by clang: .c .i .s .S, stdin, or anything under -x */
	UK_CC_OBJECT,  /* given to the link as it is: .o, .a, other files */
	UK_CC_LIBRARY, /* -lNAME */
};

struct uk_cc_input {
	enum uk_cc_input_kind kind;
	char *path;       /* file, "-" for stdin, or NAME for -lNAME */
	char *lang;       /* -x LANG in force for a source, or NULL (clang goes by the suffix) */
	char *object;     /* a source's object when linking (a temporary file) */
	bool whole;       /* an archive between -Wl,--whole-archive and --no-whole-archive */
};

/* Dependency output (-M...), rendered exactly as gcc renders it. */
struct uk_cc_deps {
	bool any;          /* some -M option was given */
	bool preprocess;   /* -M or -MM: dependencies instead of preprocessed output */
	bool system;       /* -M/-MD: system headers too (-MM/-MMD leave them out) */
	bool side;         /* -MD/-MMD: a .d file beside the compilation */
	bool phony;        /* -MP */
	bool missing_ok;   /* -MG */
	bool cpp_only;     /* -Wp,-MD,FILE: the preprocessor's own default target (SRC.o) */
	const char *file;  /* -MF */
	struct uk_strv targets; /* -MT as given, -MQ already quoted for make */
};

struct uk_cc {
	enum uk_cc_mode mode;
	const char *output;       /* -o */
	struct uk_cc_input *inputs;
	size_t ninputs, nsources;
	struct uk_strv cflags;    /* for every clang invocation, in command-line order */
	struct uk_strv libdirs;   /* -L, host system directories left out */
	struct uk_strv ldflags;   /* to ld.lld, after translation */
	struct uk_cc_deps deps;
	bool verbose;             /* -v */
	bool dry_run;             /* -### */
	bool lld_version;         /* -Wl,--version */
	bool whole_archive;       /* -Wl,--whole-archive in force for the inputs that follow */
	const char *probe;        /* a probe to answer (--version, -dumpmachine, ...) */
	const char *probe_arg;    /* its argument (-print-file-name=ARG) */
	const char *manifest;     /* --ukcc-manifest or $UKCC_MANIFEST: link-time settings */
	bool strict;              /* --ukcc-strict: unsupported system calls are errors */
	struct uk_strv notes;     /* what was ignored and why, printed with -v */
};

/* Expands @FILE arguments as gcc does (whitespace-separated, '' "" and \ quoting, nested,
 * an unreadable FILE kept as the literal argument). Returns a new argv (NULL-terminated). */
void uk_cc_expand_rsp(int argc, char **argv, struct uk_strv *out);

/* Classifies every argument. Returns 0, or UK_EXIT_USAGE with the refused or malformed
 * option reported as "ukcc: OPTION: why". */
int uk_cc_parse(int argc, char **argv, struct uk_cc *cc);
void uk_cc_free(struct uk_cc *cc);

void uk_cc_add_input(struct uk_cc *cc, enum uk_cc_input_kind kind, const char *path, const char *lang);
/* -L DIR, unless it is one of the host's own library directories (glibc archives). */
void uk_cc_add_libdir(struct uk_cc *cc, const char *dir);

/* One linker flag (from -Wl, -Xlinker or -z), with its value if it takes one; *used tells
 * whether the value was consumed. Returns 0, or UK_EXIT_USAGE (refused, reported). */
int uk_cc_ldflag(struct uk_cc *cc, const char *flag, const char *value, bool *used);

/* The option tables as Markdown rows "| option | what ukcc does | why |" (docs/cc.md). */
void uk_cc_print_table(void);
void uk_cc_print_ldtable(void);

/* Answers cc->probe. Returns the exit status. */
int uk_cc_probe(const struct uk_cc *cc);
/* The version banner of `ukcc --version` and -v, with clang's version. */
void uk_cc_banner(void *stream);
/* clang's compiler-rt builtins archive (malloc'd), or NULL if clang has none. */
char *uk_cc_builtins(void);
/* clang's version ("14.0.6"), found without running clang when its layout allows. */
const char *uk_cc_clang_version(void);

/* Compiles one source for the given mode into out (NULL: clang's default, stdout for -E);
 * dependency files are rewritten as gcc writes them. Returns clang's status or 1. */
int uk_cc_compile(const struct uk_toolchain *tc, const struct uk_cc *cc, const struct uk_cc_input *in,
		  enum uk_cc_mode mode, const char *out);
/* The clang command for one source (for -### and for running). */
void uk_cc_compile_argv(const struct uk_toolchain *tc, const struct uk_cc *cc, const struct uk_cc_input *in,
			enum uk_cc_mode mode, const char *out, const char *depfile, struct uk_strv *argv);

/* Dependency files: the name and targets gcc would use, and the rewrite of clang's output. */
char *uk_cc_depfile_name(const struct uk_cc *cc, const struct uk_cc_input *in, const char *out);
int uk_cc_deps_rewrite(const struct uk_cc *cc, const struct uk_cc_input *in, const char *out,
		       const char *clang_deps, const char *dest);
/* Make quoting as gcc applies it to targets and prerequisites. */
void uk_cc_make_quote(struct uk_buf *b, const char *name);

/* Links the inputs (sources compiled first, in parallel) into an executable image. */
int uk_cc_link(const struct uk_toolchain *tc, struct uk_cc *cc);

/* -lNAME that musl keeps inside libc.a (its empty libm.a, libpthread.a ... ): true. */
bool uk_cc_musl_lib(const char *name);

#endif
