/* elfobj.h: writes small x86-64 relocatable objects (data sections and the symbols that name
 * them) directly with libelf, so generated image data needs no assembler run. */
#ifndef UKCC_ELFOBJ_H
#define UKCC_ELFOBJ_H

#include <stddef.h>
#include <stdint.h>

struct uk_elfobj;

struct uk_elfobj *uk_elfobj_new(void);
/* Adds a section holding a copy of data; type is SHT_PROGBITS or SHT_NOTE, flags SHF_*.
 * Returns its index for uk_elfobj_symbol. */
unsigned uk_elfobj_section(struct uk_elfobj *o, const char *name, uint32_t type, uint64_t flags,
			   uint64_t align, const void *data, size_t size);
/* A global object symbol at offset value in section sec. */
void uk_elfobj_symbol(struct uk_elfobj *o, const char *name, unsigned sec, uint64_t value, uint64_t size);
/* Writes the object to path and frees o; returns 0, or -1 with the error printed. */
int uk_elfobj_write(struct uk_elfobj *o, const char *path);

/* Appends one ELF note (owner, type, desc) to buf, padded as the format requires. */
struct uk_buf;
void uk_elf_note(struct uk_buf *buf, const char *owner, uint32_t type, const void *desc, size_t n);

#endif
