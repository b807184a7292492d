/* embed.h: the manifest's "files" packed into the blob an image carries (format: uk/abi.h). */
#ifndef UKCC_EMBED_H
#define UKCC_EMBED_H

#include "util.h"

/* Packs each host path (a file or a directory tree, walked in name order; symbolic links
 * inside trees are kept as links) at its guest path. Returns 0, or -1 with the problem
 * reported ("ukcc: files: ..."). An empty list packs nothing (out stays empty). */
int uk_embed_pack(const struct uk_strv *host, const struct uk_strv *guest, struct uk_buf *out);

/* FNV-1a 64, the blob's checksum. */
unsigned long long uk_embed_checksum(const void *p, size_t n);

#endif
