/* symtab.h: the function-name table that crash reports read inside the guest
 * (runtime/cpu/symbols.c holds the reader). */
#ifndef UKCC_SYMTAB_H
#define UKCC_SYMTAB_H

#include "util.h"

/* Builds the table from a linked image's function symbols and appends it to the image file,
 * pointing the image's .uk_symtab section and its PT_LOAD segment at it. Format: a header
 * {u32 magic "uksy", u32 count, u32 bytes}, count entries {u32 addr, u32 name} sorted by
 * address (a function ends where the next begins), then NUL-terminated names.
 * Returns 0, or -1 with the error printed. */
int uk_symtab_append(const char *image);

#endif
