/* uk/kmem.h: memory for the runtime's own data structures (runtime/kmem): small objects from
 * size classes carved out of pages, so a file, a pipe or a directory entry costs what it
 * uses. Callers pass the size back to uk_kfree: no per-object header. */
#ifndef UK_KMEM_H
#define UK_KMEM_H

#include <stddef.h>

/* At most UK_KMEM_MAX bytes, aligned to the size class (16 at least); NULL when memory is
 * exhausted. Contents are undefined; uk_kzalloc zeroes them. */
#define UK_KMEM_MAX 4096
void *uk_kmalloc(size_t n);
void *uk_kzalloc(size_t n);
/* Frees p, allocated with the same n (NULL is ignored). */
void uk_kfree(void *p, size_t n);

#endif
