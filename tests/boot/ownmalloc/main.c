/* A program with its own allocator keeps it, as with any libc: the runtime's malloc is not
 * linked, and musl's functions that allocate (strdup, fopen...) use the program's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Alignas(16) char arena[1 << 20];
static size_t used;
static int calls;

void *malloc(size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (used + n + 16 > sizeof arena)
		return NULL;
	char *p = arena + used + 16;
	*(size_t *)(p - 16) = n;
	used += n + 16;
	calls++;
	return p;
}

void free(void *p)
{
	(void)p;
}

void *calloc(size_t m, size_t n)
{
	void *p = malloc(m * n);
	return p ? memset(p, 0, m * n) : NULL;
}

void *realloc(void *p, size_t n)
{
	void *q = malloc(n);
	if (p && q)
		memcpy(q, p, *(size_t *)((char *)p - 16) < n ? *(size_t *)((char *)p - 16) : n);
	return q;
}

int main(void)
{
	char *s = strdup("its own allocator");
	FILE *f = fopen("/tmp/x", "w");
	printf("%s: %s, fopen %s, %d calls\n", s, (char *)s >= arena && s < arena + sizeof arena ? "in the arena" : "elsewhere",
	       f ? "ok" : "failed", calls);
	return 0;
}
