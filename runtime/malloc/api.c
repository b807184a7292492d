/* api.c: malloc and its family for the program, replacing musl's allocator: the runtime
 * owns memory, so blocks come straight from its pages with no system call, and images
 * carry a few kilobytes less. musl's own internal allocations (__libc_malloc) stay musl's.
 *
 * The names the program calls are weak aliases: a program that brings its own malloc, free,
 * calloc and realloc keeps them, as with any libc (component.json lists them as
 * replaceable), and calloc then goes through the program's malloc.
 *
 * Threads share the heap under one lock (see lock()). */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/cpu.h>
#include <uk/mem.h>

#include "malloc.h"

uint64_t uk_malloc_secret;

/* Which of the program's calls is running, for reports: the runtime keeps no frame pointers,
 * so a backtrace from inside it would skip the program's own frame. Set under the lock. */
static const char *call_name;
static void *call_site;

/* The heap lock: an atomic flag, cheap when free (as it almost always is). A thread that
 * finds it taken lets the others run until the holder, preempted inside malloc, gives it
 * back. With no scheduler linked there is only one thread: nothing to wait for. */
static int heap_locked;
extern void uk_schedule(void) __attribute__((weak));

static void lock(const char *name, void *site)
{
	if (__atomic_exchange_n(&heap_locked, 1, __ATOMIC_ACQUIRE)) {
		uint64_t f = irq_off(); /* the scheduler runs with interrupts off */
		while (__atomic_exchange_n(&heap_locked, 1, __ATOMIC_ACQUIRE))
			if (uk_schedule)
				uk_schedule();
		irq_restore(f);
	}
	if (!uk_malloc_secret) {
		uint64_t f = irq_off();
		uk_random_fill(&uk_malloc_secret, sizeof uk_malloc_secret);
		uk_malloc_secret |= 1;
		irq_restore(f);
	}
	call_name = name;
	call_site = site;
}

static void unlock(void)
{
	__atomic_store_n(&heap_locked, 0, __ATOMIC_RELEASE);
}

#define LOCK(name) lock(name, __builtin_return_address(0))

_Noreturn void uk_malloc_fault(const char *what, const void *p)
{
	uint64_t off = 0;
	const char *fn = uk_symbolize((uint64_t)call_site, &off);
	uk_printk("ukcc runtime: %s(%p): %s, called from %s+0x%lx\n", call_name, p, what,
		  fn ? fn : "?", off);
	char reason[64];
	uk_snprintf(reason, sizeof reason, "%s(): %s", call_name, what);
	uk_shutdown_signal(SIGABRT, reason); /* as glibc's checks abort */
}

/* The smallest class at least n bytes whose slots are aligned to align; NCLASSES if n or
 * align is too large for a span. */
static unsigned class_for(size_t n, size_t align)
{
	if (n > SMALL_MAX || align > SMALL_ALIGN)
		return NCLASSES;
	unsigned c = uk_class_of(n);
	while (align > 16 && c < NCLASSES && uk_class_size(c) % align)
		c++;
	return c;
}

/* n bytes aligned to align (zeroed if zero) for the program's call name at site. */
static void *allocate(size_t n, size_t align, bool zero, const char *name, void *site)
{
	if (n > PTRDIFF_MAX - 2 * UK_PAGE_SIZE - align) {
		errno = ENOMEM;
		return 0;
	}
	unsigned c = class_for(n, align);
	lock(name, site);
	void *p = c < NCLASSES ? uk_small_alloc(c) : uk_large_alloc(n, align, zero);
	unlock();
	if (!p)
		errno = ENOMEM;
	else if (zero && c < NCLASSES)
		memset(p, 0, n);
	return p;
}

/* The span of a small block, NULL for a large one; under the lock. */
static struct span *span_of(const void *p)
{
	struct span *s = uk_span_of(p);
	if (!s && (uint64_t)p >= UK_HEAP_BASE && (uint64_t)p < UK_HEAP_END)
		uk_malloc_fault("invalid pointer", p); /* in the heap, but in no live span */
	return s;
}

static void release(void *p)
{
	struct span *s = span_of(p);
	if (s)
		uk_small_free(s, p);
	else
		uk_large_free(p);
}

static size_t usable(const void *p)
{
	struct span *s = span_of(p);
	return s ? s->size : uk_large_usable(p);
}

/* The program's names, weak so that its own definitions win (see the top). */
#define REPLACEABLE(name) __attribute__((weak, alias(#name)))
void *malloc(size_t n) REPLACEABLE(uk_malloc);
void free(void *p) REPLACEABLE(uk_free);
void *calloc(size_t m, size_t n) REPLACEABLE(uk_calloc);
void *realloc(void *p, size_t n) REPLACEABLE(uk_realloc);
void *aligned_alloc(size_t align, size_t n) REPLACEABLE(uk_aligned_alloc);
void *memalign(size_t align, size_t n) REPLACEABLE(uk_aligned_alloc);
int posix_memalign(void **out, size_t align, size_t n) REPLACEABLE(uk_posix_memalign);
size_t malloc_usable_size(void *p) REPLACEABLE(uk_malloc_usable_size);

void *uk_malloc(size_t n)
{
	return allocate(n, 16, false, "malloc", __builtin_return_address(0));
}

void uk_free(void *p)
{
	if (!p)
		return;
	LOCK("free");
	release(p);
	unlock();
}

/* True when the program has its own malloc: the address comparison must happen at run
 * time, as the link decides which definition `malloc` names. */
static bool malloc_replaced(void)
{
	void *(*volatile m)(size_t) = malloc;
	return m != uk_malloc;
}

void *uk_calloc(size_t m, size_t n)
{
	size_t total;
	if (__builtin_mul_overflow(m, n, &total)) {
		errno = ENOMEM;
		return 0;
	}
	if (malloc_replaced()) {
		void *p = malloc(total);
		return p ? memset(p, 0, total) : 0;
	}
	/* Fresh large mappings are zero already, and stay untouched. */
	return allocate(total, 16, true, "calloc", __builtin_return_address(0));
}

void *uk_realloc(void *p, size_t n)
{
	void *site = __builtin_return_address(0);
	if (!p)
		return allocate(n, 16, false, "realloc", site);
	lock("realloc", site);
	struct span *s = span_of(p);
	size_t have = s ? s->size : uk_large_usable(p);
	void *q = 0;
	if (s ? n <= have && (n > have / 2 || have <= 128) : n > SMALL_MAX / 2)
		q = s ? p : uk_large_realloc(p, n); /* in place, or large pages moved */
	unlock();
	if (q || !(q = allocate(n, 16, false, "realloc", site)))
		return q;
	memcpy(q, p, n < have ? n : have);
	lock("realloc", site);
	release(p);
	unlock();
	return q;
}

void *uk_aligned_alloc(size_t align, size_t n)
{
	if (!align || (align & (align - 1))) {
		errno = EINVAL;
		return 0;
	}
	return allocate(n, align < 16 ? 16 : align, false, "aligned_alloc", __builtin_return_address(0));
}

int uk_posix_memalign(void **out, size_t align, size_t n)
{
	if (align < sizeof(void *) || (align & (align - 1)))
		return EINVAL;
	void *p = allocate(n, align < 16 ? 16 : align, false, "posix_memalign", __builtin_return_address(0));
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

size_t uk_malloc_usable_size(void *p)
{
	if (!p)
		return 0;
	LOCK("malloc_usable_size");
	size_t n = usable(p);
	unlock();
	return n;
}
