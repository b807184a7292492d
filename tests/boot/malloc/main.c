/* The runtime's allocator (runtime/malloc) under the use real programs make of it: every
 * size class and large blocks, contents surviving realloc, zeroed calloc memory even where
 * blocks were freed before, alignment promises, errors as C and POSIX define them, memory
 * given back and reused, and threads allocating at once on a preemptive scheduler. */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
#define CHECK(cond, ...)                                                                   \
	do {                                                                               \
		if (!(cond)) {                                                             \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);                        \
			printf(__VA_ARGS__);                                               \
			printf("\n");                                                      \
			failures++;                                                        \
		}                                                                          \
	} while (0)

static uint64_t rng = 88172645463325252ULL;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned char tag(const void *p, size_t i)
{
	return (unsigned char)(((uintptr_t)p >> 4) + i * 7);
}

static void fill(unsigned char *p, size_t n, const void *key)
{
	for (size_t i = 0; i < n; i++)
		p[i] = tag(key, i);
}

static int intact(const unsigned char *p, size_t n, const void *key)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != tag(key, i))
			return 0;
	return 1;
}

/* Random blocks from 0 bytes to 96 KiB, filled with a pattern keyed by their slot, freed
 * and reallocated in random order: a block overlapping another shows as a broken pattern. */
static void random_blocks(void)
{
	enum { SLOTS = 400, ROUNDS = 6000 };
	static unsigned char *blk[SLOTS];
	static size_t len[SLOTS];
	for (int r = 0; r < ROUNDS; r++) {
		int i = (int)(next_rand() % SLOTS);
		if (blk[i]) {
			CHECK(intact(blk[i], len[i], &blk[i]), "block %d (%zu bytes) was overwritten", i, len[i]);
			if (next_rand() % 2) {
				free(blk[i]);
				blk[i] = 0;
				continue;
			}
			size_t n = next_rand() % 3 ? next_rand() % 512 : next_rand() % (96 << 10);
			unsigned char *q = realloc(blk[i], n);
			CHECK(q, "realloc to %zu failed", n);
			size_t keep = n < len[i] ? n : len[i];
			CHECK(intact(q, keep, &blk[i]), "realloc from %zu to %zu lost contents", len[i], n);
			blk[i] = q;
			len[i] = n;
		} else {
			size_t n = next_rand() % 4 ? next_rand() % 256 : next_rand() % (96 << 10);
			blk[i] = malloc(n);
			CHECK(blk[i], "malloc(%zu) failed", n);
			len[i] = n;
		}
		CHECK(malloc_usable_size(blk[i]) >= len[i], "usable size %zu < %zu", malloc_usable_size(blk[i]), len[i]);
		CHECK(((uintptr_t)blk[i] & 15) == 0, "malloc(%zu) not 16-aligned: %p", len[i], (void *)blk[i]);
		fill(blk[i], len[i], &blk[i]);
	}
	for (int i = 0; i < SLOTS; i++) {
		if (blk[i])
			CHECK(intact(blk[i], len[i], &blk[i]), "block %d was overwritten", i);
		free(blk[i]);
		blk[i] = 0;
	}
	printf("random blocks: %d rounds\n", ROUNDS);
}

static void *(*volatile memset_)(void *, int, size_t) = memset;

static void zeroing(void)
{
	/* Dirty some blocks of every small size and of the large ones kept for reuse, free
	 * them, then calloc the same sizes. */
	for (size_t n = 1; n <= 300000; n += n / 3 + 1) {
		void *d[8];
		for (int i = 0; i < 8; i++) /* through volatile: stores before free() are dead */
			memset_(d[i] = malloc(n), 0xa5, n);
		for (int i = 0; i < 8; i++)
			free(d[i]);
		for (int i = 0; i < 8; i++) {
			unsigned char *z = calloc(1, n);
			size_t nz = 0;
			for (size_t k = 0; k < n; k++)
				nz += z[k] != 0;
			CHECK(!nz, "calloc(1, %zu) has %zu nonzero bytes", n, nz);
			d[i] = z;
		}
		for (int i = 0; i < 8; i++)
			free(d[i]);
	}
	unsigned char *big = calloc(3 << 20, 1);
	CHECK(big && !big[0] && !big[(3 << 20) - 1], "calloc of 3 MiB not zero");
	free(big);
	printf("calloc: zeroed\n");
}

static void alignment(void)
{
	for (size_t a = 16; a <= (1 << 20); a *= 2) {
		size_t sizes[] = {1, a / 2 + 1, a, 3 * a + 5};
		for (unsigned k = 0; k < 4; k++) {
			void *p = aligned_alloc(a, sizes[k]), *q = 0, *m = memalign(a, sizes[k]);
			CHECK(p && !((uintptr_t)p % a), "aligned_alloc(%zu, %zu) = %p", a, sizes[k], p);
			CHECK(posix_memalign(&q, a, sizes[k]) == 0 && q && !((uintptr_t)q % a), "posix_memalign(%zu, %zu) = %p", a, sizes[k], q);
			CHECK(m && !((uintptr_t)m % a), "memalign(%zu, %zu) = %p", a, sizes[k], m);
			memset(p, 1, sizes[k]);
			memset(q, 2, sizes[k]);
			memset(m, 3, sizes[k]);
			free(p);
			free(q);
			free(m);
		}
	}
	printf("alignment: 16 B to 1 MiB\n");
}

/* Sizes and functions the compiler cannot see through: clang folds failed allocations away
 * and assumes malloc leaves errno alone. */
static volatile size_t huge = SIZE_MAX - 100, half = SIZE_MAX / 2, tib64 = (size_t)1 << 46;
static volatile size_t align24 = 24, align4 = 4, align48 = 48;
static void *(*volatile malloc_)(size_t) = malloc;
static void *(*volatile calloc_)(size_t, size_t) = calloc;
static void *(*volatile aligned_alloc_)(size_t, size_t) = aligned_alloc;

static void errors(void)
{
	void *p = malloc(0), *q = malloc(0);
	CHECK(p && q && p != q, "malloc(0) gave %p and %p", p, q);
	free(p);
	free(q);
	free(NULL);
	errno = 0;
	CHECK(!malloc_(huge) && errno == ENOMEM, "malloc(SIZE_MAX - 100): errno %d", errno);
	errno = 0;
	CHECK(!malloc_(tib64) && errno == ENOMEM, "malloc(64 TiB): errno %d", errno);
	errno = 0;
	CHECK(!calloc_(half, 3) && errno == ENOMEM, "calloc overflow: errno %d", errno);
	p = malloc(100);
	errno = 0;
	CHECK(!realloc(p, huge) && errno == ENOMEM, "realloc(SIZE_MAX - 100): errno %d", errno);
	free(p); /* a failed realloc leaves the block alone */
	errno = 0;
	CHECK(!aligned_alloc_(align24, 10) && errno == EINVAL, "aligned_alloc(24): errno %d", errno);
	CHECK(posix_memalign(&p, align4, 10) == EINVAL, "posix_memalign(4) is not EINVAL");
	CHECK(posix_memalign(&p, align48, 10) == EINVAL, "posix_memalign(48) is not EINVAL");
	printf("errors: ENOMEM and EINVAL\n");
}

/* 60 rounds of 4 MiB blocks and of 4 MiB in 48-byte blocks, then the same in 4 KiB blocks:
 * 480 MiB in all, which fits the guest's 48 MiB only if freed memory comes back. */
static void reuse(void)
{
	for (int r = 0; r < 60; r++) {
		char *big = malloc(4 << 20);
		CHECK(big, "round %d: 4 MiB malloc failed", r);
		memset(big, r, 4 << 20);
		free(big);
	}
	size_t sizes[] = {48, 4096};
	for (unsigned k = 0; k < 2; k++) {
		size_t n = (4 << 20) / sizes[k];
		void **v = malloc(n * sizeof *v);
		for (int r = 0; r < 30; r++) {
			for (size_t i = 0; i < n; i++) {
				v[i] = malloc(sizes[k]);
				CHECK(v[i], "round %d: %zu-byte block %zu failed", r, sizes[k], i);
				memset(v[i], 0x5a, sizes[k]);
			}
			for (size_t i = 0; i < n; i++)
				free(v[i]);
		}
		free(v);
	}
	printf("reuse: 480 MiB through a 48 MiB guest\n");
}

static void *worker(void *arg)
{
	uint64_t s = (uintptr_t)arg * 2654435761u + 1;
	void *mine[64] = {0};
	size_t len[64] = {0};
	long bad = 0;
	for (int r = 0; r < 20000; r++) {
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		int i = (int)(s % 64);
		if (mine[i]) {
			for (size_t k = 0; k < len[i]; k++)
				bad += ((unsigned char *)mine[i])[k] != (unsigned char)(uintptr_t)arg;
			free(mine[i]);
		}
		len[i] = (s >> 8) % 300;
		mine[i] = malloc(len[i]);
		memset(mine[i], (int)(uintptr_t)arg, len[i]);
	}
	for (int i = 0; i < 64; i++)
		free(mine[i]);
	return (void *)bad;
}

static void threads(void)
{
	pthread_t t[4];
	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], 0, worker, (void *)(i + 1));
	long bad = 0;
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(t[i], &r);
		bad += (long)r;
	}
	CHECK(!bad, "%ld bytes written by another thread", bad);
	printf("threads: 4 x 20000 blocks\n");
}

int main(void)
{
	random_blocks();
	zeroing();
	alignment();
	errors();
	reuse();
	threads();
	printf("%d failures\n", failures);
	return failures ? 1 : 0;
}
