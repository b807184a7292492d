/* string.c: the few string routines the runtime needs, so it never depends on libc. */
#include <uk/util.h>

/* Whole quadwords first: under TCG every iteration of a rep-prefixed instruction costs about
 * as much as a small basic block, so zeroing a page byte by byte is 8x slower than by 8s. */
void *uk_memset(void *d, int c, size_t n)
{
	void *r = d;
	size_t q = n / 8;
	uint64_t v = 0x0101010101010101ULL * (unsigned char)c;
	__asm__ volatile("rep stosq" : "+D"(d), "+c"(q) : "a"(v) : "memory");
	n %= 8;
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(v) : "memory");
	return r;
}

void *uk_memcpy(void *d, const void *s, size_t n)
{
	void *r = d;
	size_t q = n / 8;
	__asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(q) : : "memory");
	n %= 8;
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
	return r;
}

size_t uk_strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int uk_strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}
