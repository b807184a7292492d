/* build.c: `ukcc build [-o IMAGE] [MANIFEST]`. */
#include <stdio.h>
#include <string.h>

#include "../src/build.h"
#include "../src/util.h"
#include "cmds.h"

const char cmd_build_usage[] =
	"usage: ukcc build [-v] [-o IMAGE] [MANIFEST]\n"
	"\n"
	"Compiles the program a manifest describes (default ./unikernel.json) with clang against\n"
	"musl's headers and links it with musl's libc.a and ukcc's runtime into one ELF64 image\n"
	"that boots with `qemu-system-x86_64 -kernel` (PVH) on microvm, pc and q35, and on\n"
	"Firecracker and Cloud Hypervisor. Only the runtime components the program needs are\n"
	"linked: `ukcc deps` shows which and why; the same report is written as JSON next to the\n"
	"image (IMAGE.deps.json). The image is written atomically: on any failure no output file\n"
	"is left behind.\n"
	"\n"
	"options:\n"
	"  -o IMAGE   write the image here instead of the manifest's \"output\"\n"
	"  --strict   fail if the program can make system calls no runtime component implements\n"
	"             (the manifest's runtime.strict does the same); without it they are warnings\n"
	"  -v         print every command run (clang, ld.lld), exactly\n"
	"\n"
	"exit status: 0 built; 1 the build failed (compile or link errors are clang's and lld's\n"
	"own); 2 bad usage or an invalid manifest (reported as FILE:LINE:COL: .json.path: message).\n";

int cmd_build(int argc, char **argv)
{
	const char *manifest = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v")) {
			uk_verbose = true;
		} else if (!strcmp(argv[i], "-o")) {
			if (++i == argc) {
				uk_error("build: -o needs an argument");
				return UK_EXIT_USAGE;
			}
			uk_build_output_override = argv[i];
		} else if (!strcmp(argv[i], "--strict")) {
			uk_build_strict = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(cmd_build_usage, stdout);
			return UK_EXIT_OK;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			uk_error("build: unknown option '%s' (see ukcc help build)", argv[i]);
			return UK_EXIT_USAGE;
		} else if (manifest) {
			uk_error("build: more than one manifest given ('%s' and '%s')", manifest, argv[i]);
			return UK_EXIT_USAGE;
		} else {
			manifest = argv[i];
		}
	}
	return uk_build(manifest ? manifest : "unikernel.json", NULL, NULL);
}
