/* mman: anonymous memory as Linux gives it: zero-filled, fixed and hinted mappings,
 * mprotect, mremap that moves without copying, munmap, and Linux's errors. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fails;
#define CHECK(c)                                                                           \
	do {                                                                               \
		if (!(c)) {                                                                \
			printf("FAIL line %d: %s (errno %d)\n", __LINE__, #c, errno);     \
			fails++;                                                           \
		}                                                                          \
	} while (0)

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	CHECK(page == 4096);

	unsigned char *p = mmap(0, 8 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	int zero = 1;
	for (long i = 0; i < 8 * page; i++)
		zero &= p[i] == 0;
	CHECK(zero);
	memset(p, 0x11, 8 * page);

	CHECK(mprotect(p, page, PROT_READ) == 0);
	CHECK(p[0] == 0x11);
	CHECK(mprotect(p, page, PROT_READ | PROT_WRITE) == 0);
	p[0] = 0x22;
	CHECK(p[0] == 0x22);

	unsigned char *q = mremap(p, 8 * page, 64 * page, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED);
	CHECK(q[0] == 0x22 && q[8 * page - 1] == 0x11 && q[64 * page - 1] == 0);
	q = mremap(q, 64 * page, 2 * page, 0);
	CHECK(q != MAP_FAILED && q[page] == 0x11);

	unsigned char *fixed = mmap(q + 16 * page, page, PROT_READ | PROT_WRITE,
				    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(fixed == q + 16 * page);
	fixed[0] = 1;
	CHECK(munmap(fixed, page) == 0);
	CHECK(munmap(q, 2 * page) == 0);

	errno = 0;
	CHECK(mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
	errno = 0;
	CHECK(munmap((void *)((long)q + 1), page) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(mmap((void *)(1L << 44), page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_FIXED_NOREPLACE, -1, 0) != MAP_FAILED);
	errno = 0;
	CHECK(mmap((void *)(1L << 44), page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == MAP_FAILED && errno == EEXIST);
	errno = 0;
	CHECK(mmap(0, 1L << 40, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == ENOMEM);
	/* Overcommit as Linux guesses it: with 20 MiB of the 32 in use, 24 MiB more can be
	 * reserved (and partly used), but not more than all of memory. */
	char *used = mmap(0, 20 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(used != MAP_FAILED);
	if (used != MAP_FAILED)
		memset(used, 1, 20 << 20);
	char *more = mmap(0, 24 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(more != MAP_FAILED);
	if (more != MAP_FAILED) {
		memset(more, 2, 1 << 20);
		memset(more + (23 << 20), 3, 1 << 20);
		CHECK(munmap(more, 24 << 20) == 0);
	}
	errno = 0;
	CHECK(mmap(0, 40 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == ENOMEM);
	if (used != MAP_FAILED)
		CHECK(munmap(used, 20 << 20) == 0);

	/* musl's sbrk refuses to grow the heap; its malloc calls the brk system call itself. */
	char *cur = (char *)syscall(SYS_brk, 0);
	CHECK((char *)syscall(SYS_brk, cur + 3 * page) == cur + 3 * page);
	memset(cur, 0x33, 3 * page);
	CHECK((char *)syscall(SYS_brk, cur) == cur);
	CHECK((char *)syscall(SYS_brk, 1) == cur); /* below the heap: refused, break unchanged */

	/* The initial stack's pages below those in use: mprotect works on them as on Linux
	 * (the stack is one mapping), and they read back as zeros, then hold what is written. */
	volatile char here;
	char *deep = (char *)(((unsigned long)&here & -page) - 64 * page);
	CHECK(mprotect(deep, 2 * page, PROT_READ) == 0);
	CHECK(deep[0] == 0 && deep[page] == 0);
	CHECK(mprotect(deep, 2 * page, PROT_READ | PROT_WRITE) == 0);
	deep[0] = 5, deep[page] = 6;
	CHECK(deep[0] == 5 && deep[page] == 6);
	errno = 0;
	CHECK(mprotect((char *)((unsigned long)&here & -page) - (64L << 20), page, PROT_READ) == -1 && errno == ENOMEM);

	printf("mman: %s\n", fails ? "FAILED" : "all checks passed");
	return fails;
}
