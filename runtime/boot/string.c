/* string.c: the few string routines the runtime needs, so it never depends on libc. */
#include <uk/util.h>

/* Under TCG every iteration of a rep-prefixed instruction, like every loop iteration, costs
 * about a basic block: so 64 bytes per iteration for the bulk (pages are zeroed this way),
 * then quadwords, then bytes. The empty asm keeps the compiler from turning the loop back
 * into a memset call. */
void *uk_memset(void *d, int c, size_t n)
{
	void *r = d;
	uint64_t v = 0x0101010101010101ULL * (unsigned char)c;
	uint64_t *q8 = d;
	for (; n >= 64; n -= 64, q8 += 8) {
		q8[0] = v, q8[1] = v, q8[2] = v, q8[3] = v, q8[4] = v, q8[5] = v, q8[6] = v, q8[7] = v;
		__asm__ volatile("" ::: "memory");
	}
	d = q8;
	size_t q = n / 8;
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
