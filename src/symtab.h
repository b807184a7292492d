/* symtab.h: the function-name table that crash reports read inside the guest
 * (runtime/cpu/symbols.c holds the reader and the format). */
#ifndef UKCC_SYMTAB_H
#define UKCC_SYMTAB_H

#include "util.h"

/* Reads the functions of a linked image and appends the table to out: a header
 * {u32 magic "uksy", u32 count}, count entries {u32 addr, u32 name} sorted by address (a
 * function ends where the next begins), then NUL-terminated names. Returns 0, or -1 with the error printed. */
int uk_symtab_build(const char *image, struct uk_buf *out);

#endif
