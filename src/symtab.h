/* symtab.h: the function-name table that crash reports read inside the guest
 * (runtime/cpu/symbols.c holds the reader). */
#ifndef UKCC_SYMTAB_H
#define UKCC_SYMTAB_H

#include "util.h"

/* Builds the table (format: uk/abi.h, UK_SYMTAB_MAGIC) from a linked image's function
 * symbols and appends it to the image file, pointing the image's .uk_symtab section and its
 * PT_LOAD segment at it. Returns 0, or -1 with the error printed. */
int uk_symtab_append(const char *image);

#endif
