/* deps.c: `ukcc deps`: which runtime components a program needs, and why. */
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/analysis.h"
#include "../src/build.h"
#include "../src/link.h"
#include "../src/manifest.h"
#include "../src/objfile.h"
#include "../src/toolchain.h"
#include "../src/util.h"
#include "cmds.h"
#include "uk/abi.h"

const char cmd_deps_usage[] =
	"usage: ukcc deps [--json] [MANIFEST | IMAGE | OBJECTS...]\n"
	"\n"
	"Shows the runtime components a program needs, each with the chain that selected it:\n"
	"  component <- system call or symbol <- libc function (libc: member) <- ... <- your function (file)\n"
	"and the system calls the program can make that no component implements (they fail with\n"
	"ENOSYS at run time). The analysis reads the machine code of the program and of every libc\n"
	"member the link will contain; musl's libc.a is scanned once and cached.\n"
	"\n"
	"  MANIFEST   a unikernel.json (default ./unikernel.json): its sources are compiled first\n"
	"  IMAGE      an image ukcc built: prints the components and ukcc version recorded in it\n"
	"  OBJECTS    .o and .a files, analysed as if linked into an image\n"
	"  --json     the same as JSON (the form `ukcc build` writes next to each image)\n";

/* An ELF executable (quietly: anything else is left to the object reader's messages). */
static bool is_exec(const char *path)
{
	unsigned char h[18];
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(h, 1, sizeof h, f) : 0;
	if (f)
		fclose(f);
	return n == sizeof h && !memcmp(h, ELFMAG, SELFMAG) && h[16] == ET_EXEC && h[17] == 0;
}

static bool is_image(const char *path, struct uk_buf *notes)
{
	int fd;
	Elf *e = uk_elf_open(path, &fd);
	if (!e)
		return false;
	GElf_Ehdr eh;
	bool image = elf_kind(e) == ELF_K_ELF && gelf_getehdr(e, &eh) && eh.e_type == ET_EXEC;
	size_t shstrndx;
	Elf_Scn *s = NULL;
	while (image && !elf_getshdrstrndx(e, &shstrndx) && (s = elf_nextscn(e, s))) {
		GElf_Shdr sh;
		gelf_getshdr(s, &sh);
		const char *name = elf_strptr(e, shstrndx, sh.sh_name);
		Elf_Data *d = elf_getdata(s, NULL);
		if (name && !strcmp(name, ".note.ukcc") && d)
			uk_buf_add(notes, d->d_buf, d->d_size);
	}
	elf_end(e);
	close(fd);
	return image;
}

static int show_image(const char *path, bool json)
{
	struct uk_buf notes = {0};
	if (!is_image(path, &notes) || !notes.len) {
		uk_error("deps: %s is not an image built by ukcc (no .note.ukcc)", path);
		uk_buf_free(&notes);
		return UK_EXIT_USAGE;
	}
	const char *version = "?";
	struct uk_strv comps = {0};
	for (size_t off = 0; off + 12 <= notes.len;) {
		uint32_t h[3];
		memcpy(h, notes.p + off, 12);
		const char *desc = notes.p + off + 12 + ((h[0] + 3) & ~3u);
		if (h[2] == UK_NOTE_VERSION)
			version = desc;
		if (h[2] == UK_NOTE_COMPONENTS)
			for (const char *c = desc; c < desc + h[1] && *c; c += strlen(c) + 1)
				uk_strv_push(&comps, c);
		off += 12 + ((h[0] + 3) & ~3u) + ((h[1] + 3) & ~3u);
	}
	if (json) {
		printf("{\n  \"image\": \"%s\",\n  \"ukcc_version\": \"%s\",\n  \"components\": [", path, version);
		for (size_t i = 0; i < comps.n; i++)
			printf("%s\"%s\"", i ? ", " : "", comps.v[i]);
		printf("]\n}\n");
	} else {
		printf("%s: built by ukcc %s\ncomponents:", path, version);
		for (size_t i = 0; i < comps.n; i++)
			printf(" %s", comps.v[i]);
		printf("\n");
	}
	uk_strv_free(&comps);
	uk_buf_free(&notes);
	return UK_EXIT_OK;
}

static int report(struct uk_analysis *a, bool json)
{
	if (json) {
		char *s = uk_analysis_json(a);
		printf("%s\n", s);
		free(s);
	} else {
		uk_analysis_print(a, stdout);
	}
	return UK_EXIT_OK;
}

static int deps_manifest(const char *path, bool json)
{
	struct uk_manifest m = {0};
	int r = uk_manifest_load(path, &m);
	if (r)
		return r;
	struct uk_toolchain tc;
	struct uk_link l = {0};
	struct uk_analysis a = {0};
	r = uk_toolchain_find(&tc) < 0 ? UK_EXIT_FAIL : uk_build_prepare(&m, &tc, &l, &a);
	if (!r)
		r = report(&a, json);
	uk_analysis_free(&a);
	uk_link_free(&l);
	uk_manifest_free(&m);
	return r;
}

static int deps_objects(char **files, int n, bool json)
{
	struct uk_toolchain tc;
	if (uk_toolchain_find(&tc) < 0)
		return UK_EXIT_FAIL;
	struct uk_link l = {0};
	for (int i = 0; i < n; i++)
		uk_strv_push(&l.objects, files[i]);
	struct uk_analysis_input in;
	struct uk_analysis a = {0};
	int r = UK_EXIT_FAIL;
	if (uk_analysis_input_for(&tc, &l, NULL, &in) == 0 && uk_analyse(&in, &a) == 0)
		r = report(&a, json);
	uk_analysis_input_free(&in);
	uk_analysis_free(&a);
	uk_link_free(&l);
	return r;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

int cmd_deps(int argc, char **argv)
{
	bool json = false;
	int first = 1;
	for (; first < argc && argv[first][0] == '-' && argv[first][1]; first++) {
		if (!strcmp(argv[first], "--json")) {
			json = true;
		} else if (!strcmp(argv[first], "-v")) {
			uk_verbose = true;
		} else if (!strcmp(argv[first], "--help") || !strcmp(argv[first], "-h")) {
			fputs(cmd_deps_usage, stdout);
			return UK_EXIT_OK;
		} else {
			uk_error("deps: unknown option '%s' (see ukcc help deps)", argv[first]);
			return UK_EXIT_USAGE;
		}
	}
	int n = argc - first;
	if (n == 0)
		return deps_manifest("unikernel.json", json);
	if (n == 1 && has_suffix(argv[first], ".json"))
		return deps_manifest(argv[first], json);
	if (n == 1 && is_exec(argv[first]))
		return show_image(argv[first], json);
	return deps_objects(argv + first, n, json);
}
