/* build.h: manifest -> image (compile, analyse, link). */
#ifndef UKCC_BUILD_H
#define UKCC_BUILD_H

#include <stdint.h>

/* Builds the image a manifest describes. On success returns 0 and, if non-NULL, stores the
 * image path (malloc'd) and the manifest's memory (0 if unset). Otherwise returns
 * UK_EXIT_USAGE (bad manifest) or UK_EXIT_FAIL (build failed), errors already printed,
 * and no image is left behind. */
int uk_build(const char *manifest_path, char **image_out, uint64_t *memory_out);

/* Set by `ukcc build -o`: overrides the manifest's "output". */
extern const char *uk_build_output_override;

#endif
