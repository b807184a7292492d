/* cc_ldflags.c: linker flags of cc mode (-Wl, -Xlinker, -z, -u): passed to ld.lld, handled,
 * ignored or refused. Build systems add flags for shared libraries and dynamic linking
 * without asking; those must not break the link of an image, so they are ignored. */
#include <stdio.h>
#include <string.h>

#include "cc.h"

enum form {
	FLAG, /* exactly NAME (or --NAME) */
	VAL,  /* NAME VALUE, NAME=VALUE, and for one-letter names NAMEVALUE */
};

enum act { PASS, IGNORE, REFUSE, LIB, LIBDIR, VERSION, ZKEY, WHOLE, NOWHOLE };

struct ldopt {
	const char *name;
	enum form form;
	enum act act;
	const char *why;
};

#define WHY_DYN "nothing is loaded dynamically in an image: no shared libraries, no dynamic symbols"
#define WHY_LAYOUT "images are laid out by ukcc's linker script and enter at their PVH entry"
#define WHY_ALWAYS "ukcc always links this way"

static const struct ldopt ldopts[] = {
	{"-l", VAL, LIB, "as -l"},
	{"-L", VAL, LIBDIR, "as -L"},
	{"-version", FLAG, VERSION, "ld.lld's version (alone: a probe, as gcc answers `-Wl,--version`)"},
	{"-v", FLAG, VERSION, "as --version"},
	{"-z", VAL, ZKEY, "see -z below"},
	{"-rpath", VAL, IGNORE, WHY_DYN},
	{"-rpath-link", VAL, IGNORE, WHY_DYN},
	{"-R", VAL, IGNORE, WHY_DYN},
	{"-soname", VAL, IGNORE, WHY_DYN},
	{"-h", VAL, IGNORE, WHY_DYN},
	{"-E", FLAG, IGNORE, WHY_DYN},
	{"-export-dynamic", FLAG, IGNORE, WHY_DYN},
	{"-no-export-dynamic", FLAG, IGNORE, WHY_DYN},
	{"-dynamic-list", VAL, IGNORE, WHY_DYN},
	{"-version-script", VAL, IGNORE, WHY_DYN},
	{"-dynamic-linker", VAL, IGNORE, WHY_DYN},
	{"-I", VAL, IGNORE, WHY_DYN},
	{"-as-needed", FLAG, IGNORE, WHY_DYN},
	{"-no-as-needed", FLAG, IGNORE, WHY_DYN},
	{"-Bstatic", FLAG, IGNORE, WHY_ALWAYS " (static)"},
	{"-Bdynamic", FLAG, IGNORE, WHY_DYN},
	{"-dn", FLAG, IGNORE, WHY_ALWAYS " (static)"},
	{"-dy", FLAG, IGNORE, WHY_DYN},
	{"-static", FLAG, IGNORE, WHY_ALWAYS " (static)"},
	{"-Bsymbolic", FLAG, IGNORE, WHY_DYN},
	{"-Bsymbolic-functions", FLAG, IGNORE, WHY_DYN},
	{"-enable-new-dtags", FLAG, IGNORE, WHY_DYN},
	{"-disable-new-dtags", FLAG, IGNORE, WHY_DYN},
	{"-hash-style", VAL, IGNORE, WHY_DYN},
	{"-exclude-libs", VAL, IGNORE, WHY_DYN},
	{"-allow-shlib-undefined", FLAG, IGNORE, WHY_DYN},
	{"-no-allow-shlib-undefined", FLAG, IGNORE, WHY_DYN},
	{"-no-undefined", FLAG, IGNORE, "an image never has undefined symbols: they are always errors"},
	{"-warn-shared-textrel", FLAG, IGNORE, WHY_DYN},
	{"-eh-frame-hdr", FLAG, IGNORE, "images carry no unwind tables; crash reports walk frame pointers"},
	{"-build-id", FLAG, IGNORE, "images have no build id, so that builds are reproducible"},
	{"-build-id", VAL, IGNORE, "images have no build id, so that builds are reproducible"},
	{"-gc-sections", FLAG, IGNORE, WHY_ALWAYS},
	{"-start-group", FLAG, IGNORE, "ld.lld resolves archives in any order"},
	{"-end-group", FLAG, IGNORE, "ld.lld resolves archives in any order"},
	{"-(", FLAG, IGNORE, "ld.lld resolves archives in any order"},
	{"-)", FLAG, IGNORE, "ld.lld resolves archives in any order"},
	{"-pie", FLAG, IGNORE, "an image is linked at a fixed address"},
	{"-no-pie", FLAG, IGNORE, "an image is linked at a fixed address"},
	{"-s", FLAG, IGNORE, "images keep function names for crash reports; debug information is always dropped"},
	{"-strip-all", FLAG, IGNORE, "as -s"},
	{"-S", FLAG, IGNORE, WHY_ALWAYS " (debug information is dropped)"},
	{"-strip-debug", FLAG, IGNORE, WHY_ALWAYS " (debug information is dropped)"},
	{"-x", FLAG, IGNORE, "crash reports need the local function names"},
	{"-discard-all", FLAG, IGNORE, "crash reports need the local function names"},
	{"-X", FLAG, IGNORE, "crash reports need the local function names"},
	{"-discard-locals", FLAG, IGNORE, "crash reports need the local function names"},
	{"-m", VAL, IGNORE, "the emulation is always elf_x86_64"},
	{"-sysroot", VAL, IGNORE, "libraries are musl's"},
	{"-plugin", VAL, IGNORE, "no LTO: the dependency analysis reads machine code"},
	{"-plugin-opt", VAL, IGNORE, "no LTO: the dependency analysis reads machine code"},
	{"-compress-debug-sections", VAL, IGNORE, "images carry no debug information"},
	{"-no-keep-memory", FLAG, IGNORE, "an ld.bfd memory setting"},
	{"-reduce-memory-overheads", FLAG, IGNORE, "an ld.bfd memory setting"},
	{"-shared", FLAG, REFUSE, "an image is one statically linked program; shared libraries cannot be built"},
	{"-Bshareable", FLAG, REFUSE, "as -shared"},
	{"-whole-archive", FLAG, WHOLE, "every member of the archives that follow is part of the program, "
	 "for the dependency analysis as for ld.lld"},
	{"-no-whole-archive", FLAG, NOWHOLE, "ends --whole-archive"},
	{"-T", VAL, REFUSE, WHY_LAYOUT},
	{"-script", VAL, REFUSE, WHY_LAYOUT},
	{"-e", VAL, REFUSE, WHY_LAYOUT},
	{"-entry", VAL, REFUSE, WHY_LAYOUT},
	{"-Ttext", VAL, REFUSE, WHY_LAYOUT},
	{"-Tdata", VAL, REFUSE, WHY_LAYOUT},
	{"-Tbss", VAL, REFUSE, WHY_LAYOUT},
	{"-section-start", VAL, REFUSE, WHY_LAYOUT},
	{"-image-base", VAL, REFUSE, WHY_LAYOUT},
	{"-Map", VAL, PASS, ""},
	{"-undefined", VAL, PASS, ""},
	{"-u", VAL, PASS, ""},
	{"-defsym", VAL, PASS, ""},
	{"-wrap", VAL, PASS, ""},
	{"-O", VAL, PASS, ""},
	{NULL, FLAG, PASS, NULL},
};

/* -z KEYWORD: dynamic-linking and stack keywords do not apply to an image, whose runtime maps
 * it itself (W^X, no executable stack); the rest goes to ld.lld. */
static const char *const zignored[] = {"relro", "norelro", "now", "lazy", "noexecstack", "execstack", "defs",
				       "nodefs", "origin", "nodelete", "nodlopen", "text", "notext", "textoff",
				       "combreloc", "nocombreloc", "separate-code", "noseparate-code", "ibt",
				       "shstk", "max-page-size=", "common-page-size=", "cet-report=", "dynamic-undefined-weak",
				       "nodynamic-undefined-weak", "global", "initfirst", "interpose", "nognustack"};

/* The option name without a second leading dash: ld spells most long options either way. */
static const char *norm(const char *flag)
{
	return flag[0] == '-' && flag[1] == '-' && flag[2] ? flag + 1 : flag;
}

static const struct ldopt *ldmatch(const char *flag, const char *next, const char **value, bool *used)
{
	const char *f = norm(flag);
	*value = NULL;
	*used = false;
	for (const struct ldopt *o = ldopts; o->name; o++) {
		size_t n = strlen(o->name);
		if (o->form == FLAG) {
			if (!strcmp(f, o->name))
				return o;
			continue;
		}
		if (strncmp(f, o->name, n))
			continue;
		if (!f[n]) {
			*value = next;
			*used = next != NULL;
			return o;
		}
		if (f[n] == '=') {
			*value = f + n + 1;
			return o;
		}
		if (n == 2 && flag[1] != '-') { /* -lfoo, -L/dir, -zrelro */
			*value = f + n;
			return o;
		}
	}
	return NULL;
}

static void note(struct uk_cc *cc, const char *flag, const char *value, const char *why)
{
	uk_strv_pushf(&cc->notes, "linker flag %s%s%s ignored: %s", flag, value ? " " : "", value ? value : "", why);
}

int uk_cc_ldflag(struct uk_cc *cc, const char *flag, const char *next, bool *used)
{
	const char *value;
	if (flag[0] != '-') { /* a file in -Wl,--whole-archive,libx.a: an input, in its place */
		*used = false;
		uk_cc_add_input(cc, UK_CC_OBJECT, flag, NULL);
		return 0;
	}
	const struct ldopt *o = ldmatch(flag, next, &value, used);
	if (!o) { /* ld.lld says so if it does not know it */
		uk_strv_push(&cc->ldflags, flag);
		return 0;
	}
	if (o->form == VAL && !value) {
		uk_error("linker flag %s: missing argument", flag);
		return UK_EXIT_USAGE;
	}
	switch (o->act) {
	case PASS:
		uk_strv_push(&cc->ldflags, flag);
		if (*used)
			uk_strv_push(&cc->ldflags, value);
		return 0;
	case IGNORE:
		note(cc, flag, *used ? value : NULL, o->why);
		return 0;
	case REFUSE:
		uk_error("linker flag %s: %s", flag, o->why);
		return UK_EXIT_USAGE;
	case LIB:
		uk_cc_add_input(cc, UK_CC_LIBRARY, value, NULL);
		return 0;
	case LIBDIR:
		uk_cc_add_libdir(cc, value);
		return 0;
	case VERSION:
		cc->lld_version = true;
		return 0;
	case WHOLE:
	case NOWHOLE:
		cc->whole_archive = o->act == WHOLE;
		return 0;
	case ZKEY:
		for (size_t i = 0; i < sizeof zignored / sizeof *zignored; i++) {
			size_t n = strlen(zignored[i]);
			if (zignored[i][n - 1] == '=' ? !strncmp(value, zignored[i], n) : !strcmp(value, zignored[i])) {
				note(cc, "-z", value, "dynamic linking and stack settings do not apply: the runtime "
				     "maps the image itself (W^X, no executable stack)");
				return 0;
			}
		}
		uk_strv_push(&cc->ldflags, "-z");
		uk_strv_push(&cc->ldflags, value);
		return 0;
	}
	return 0;
}

void uk_cc_print_ldtable(void)
{
	static const char *const acts[] = {"passed to ld.lld", "ignored", "**refused**", "as -l", "as -L",
					   "probe or banner", "by keyword (below)", "handled", "handled"};
	printf("| linker flag | ukcc | why |\n|---|---|---|\n");
	for (const struct ldopt *o = ldopts; o->name; o++)
		printf("| `%s%s` | %s | %s |\n", o->name, o->form == VAL ? " ARG" : "", acts[o->act], o->why);
	printf("| `-z` %s", zignored[0]);
	for (size_t i = 1; i < sizeof zignored / sizeof *zignored; i++)
		printf(", %s", zignored[i]);
	printf(" | ignored | the runtime maps the image itself (W^X, no executable stack) |\n");
	printf("| other `-z` keywords, any other flag | passed to ld.lld, which names a flag it does not know | |\n");
}
