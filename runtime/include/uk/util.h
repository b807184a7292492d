/* uk/util.h: small freestanding helpers shared by runtime components. */
#ifndef UK_UTIL_H
#define UK_UTIL_H

#include <stddef.h>
#include <stdint.h>

void *uk_memset(void *d, int c, size_t n);
void *uk_memcpy(void *d, const void *s, size_t n);
size_t uk_strlen(const char *s);
int uk_strncmp(const char *a, const char *b, size_t n);

#define UK_ALIGN_UP(x, a) (((x) + (a)-1) & ~((uint64_t)(a)-1))
#define UK_ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a)-1))
#define UK_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
