/* build.h: manifest -> image (compile, analyse, link). */
#ifndef UKCC_BUILD_H
#define UKCC_BUILD_H

#include <stdbool.h>
#include <stdint.h>

/* Builds the image a manifest describes. On success returns 0 and, if non-NULL, stores the
 * image path (malloc'd) and the manifest's memory (0 if unset). Otherwise returns
 * UK_EXIT_USAGE (bad manifest) or UK_EXIT_FAIL (build failed), errors already printed,
 * and no image is left behind. */
int uk_build(const char *manifest_path, char **image_out, uint64_t *memory_out);

/* Set by `ukcc build -o`: overrides the manifest's "output". */
extern const char *uk_build_output_override;
/* Set by `ukcc build --strict`: unsupported system calls are errors, as with the manifest's
 * runtime.strict. */
extern bool uk_build_strict;

struct uk_manifest;
struct uk_toolchain;
struct uk_link;
struct uk_analysis;
struct uk_analysis_input;
struct uk_strv;

/* Compiles a manifest's sources and analyses them: fills the link (objects, components,
 * wraps, argv, env...) and the analysis. Returns 0 or an exit status. */
int uk_build_prepare(const struct uk_manifest *m, const struct uk_toolchain *tc, struct uk_link *l,
		     struct uk_analysis *a);
/* Analyses a link's objects and libraries (the same for `ukcc build` and cc mode): fills
 * l->components and l->wraps. displays names the objects in reports (may be NULL). */
int uk_build_analyse(const struct uk_toolchain *tc, struct uk_link *l, const struct uk_strv *displays,
		     const struct uk_strv *include, const struct uk_strv *exclude, struct uk_analysis *a);
/* Warns about (or, strict, refuses) unsupported system calls, links the image and, with
 * report, writes IMAGE.deps.json. Returns 0 or UK_EXIT_FAIL; nothing is left on failure. */
int uk_build_link(const struct uk_toolchain *tc, const struct uk_link *l, const struct uk_analysis *a,
		  bool strict, bool report);
/* The analysis input for a link: musl's start files around the objects, the -l libraries,
 * then libc.a. displays names the objects in reports (may be NULL). */
int uk_analysis_input_for(const struct uk_toolchain *tc, const struct uk_link *l,
			  const struct uk_strv *displays, struct uk_analysis_input *in);
void uk_analysis_input_free(struct uk_analysis_input *in);

#endif
