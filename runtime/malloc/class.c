/* class.c: the size classes: 16-byte steps to 128, then four per doubling to 8 KiB, so a
 * block wastes at most a quarter of its slot (and under 16 bytes below 128). */
#include "malloc.h"

unsigned uk_class_of(size_t n)
{
	if (n <= 128)
		return n ? (unsigned)(n - 1) / 16 : 0;
	unsigned b = 63u - (unsigned)__builtin_clzll(n - 1); /* 2^b < n <= 2^(b+1) */
	unsigned k = (unsigned)((n - 1) >> (b - 2)) - 3;   /* 1..4 quarters above 2^b */
	return 8 + (b - 7) * 4 + k - 1;
}

size_t uk_class_size(unsigned cls)
{
	if (cls < 8)
		return 16 * (cls + 1);
	unsigned g = (cls - 8) / 4, k = (cls - 8) % 4 + 1;
	return ((size_t)1 << (g + 7)) + k * ((size_t)1 << (g + 5));
}
