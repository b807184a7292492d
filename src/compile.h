/* compile.h: C (and assembly) sources to objects with clang, against musl's headers. */
#ifndef UKCC_COMPILE_H
#define UKCC_COMPILE_H

#include "manifest.h"
#include "toolchain.h"

/* The flags every translation unit of an image gets, before the user's own: musl's headers
 * instead of the host's, non-PIE code for a fixed-address image, frame pointers for crash
 * backtraces, one section per function so the link can drop what is unused. */
void uk_cc_base_args(const struct uk_toolchain *tc, struct uk_strv *argv);

/* Compiles the manifest's sources into the temporary directory (in parallel), appending the
 * objects, and any .o/.a sources as given, to objs, and to displays how reports should name
 * each (the source path as the manifest gives it). Returns 0 or UK_EXIT_FAIL. */
int uk_compile_manifest(const struct uk_toolchain *tc, const struct uk_manifest *m, struct uk_strv *objs,
			struct uk_strv *displays);

#endif
