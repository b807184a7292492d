/* malloc.h: private to the malloc component.
 *
 * Small blocks (up to SMALL_MAX bytes) come from spans: 64 KiB of the heap area (uk/mem.h),
 * aligned to their size, so a block's span is its address rounded down. A span serves one
 * size class; its header holds the class, a bump offset for slots never handed out and a
 * list of freed slots. Larger blocks are mappings of their own with a 16-byte header.
 * Headers carry a check word derived from a secret chosen at first use, so free() and
 * realloc() reject pointers malloc never returned, and freed slots carry a key that makes
 * a double free visible. */
#ifndef MALLOC_MALLOC_H
#define MALLOC_MALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SPAN_SIZE (64u << 10)
#define SPAN_HDR 64u       /* the header's slot: keeps slots aligned to 64 */
#define SMALL_MAX 8192u    /* the largest class; bigger blocks are mappings */
#define NCLASSES 32
#define SMALL_ALIGN 64u    /* the most any small slot can promise */

struct span {
	uint64_t check;      /* uk_malloc_secret ^ address: a live span */
	struct span *next, *prev; /* its class's spans with room, or the free spans */
	uint64_t free;       /* the first freed slot, 0 if none; next links are encoded */
	uint32_t size;       /* slot size */
	uint32_t used;       /* slots handed out */
	uint32_t bump;       /* offset of the first slot never handed out */
	uint32_t end;        /* offset past the last slot */
	uint8_t cls;
	bool listed;         /* on its class's list: has room */
};

extern uint64_t uk_malloc_secret;

/* The heap's own lock (api.c) keeps threads apart; the runtime's memory functions also need
 * interrupts off, as they have inside a system call: an interrupt could switch to a thread
 * that enters them through mmap. */
static inline uint64_t irq_off(void)
{
	uint64_t flags;
	__asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static inline void irq_restore(uint64_t flags)
{
	if (flags & 0x200) /* IF */
		__asm__ volatile("sti" : : : "memory");
}

/* Reports heap corruption or a bad pointer, naming the program's call that found it, and
 * ends the run as SIGABRT. */
_Noreturn void uk_malloc_fault(const char *what, const void *p);

unsigned uk_class_of(size_t n);
size_t uk_class_size(unsigned cls);

/* Small blocks: the span a block lies in (NULL outside the heap area), then alloc/free. */
struct span *uk_span_of(const void *p);
void *uk_small_alloc(unsigned cls);
void uk_small_free(struct span *s, void *p);

/* Large blocks: page-granular mappings, aligned to align (a power of two), zeroed if zero
 * (fresh mappings are). uk_large_flush unmaps the freed ones kept for reuse. */
void *uk_large_alloc(size_t n, size_t align, bool zero);
void uk_large_flush(void);
void uk_large_free(void *p);
void *uk_large_realloc(void *p, size_t n);
size_t uk_large_usable(const void *p);

#endif
