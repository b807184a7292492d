/* span.c: small blocks. Each class keeps a list of its spans that have room; a span hands
 * out freed slots first (most recently freed, still warm), then slots it never handed out,
 * so pages are touched only as the program's use grows. A span that empties goes back to
 * the free spans with its pages dropped, unless it is its class's last one: a program that
 * allocates and frees one block in a loop should not pay for a fresh span each time. */
#include <uk/mem.h>

#include "malloc.h"

/* Freed slots hold the next freed slot (encoded) and a key saying "this slot is free". */
struct freed {
	uint64_t next;
	uint64_t key;
};

static struct span *classes[NCLASSES];
static struct span *free_spans;
static uint64_t heap_top = UK_HEAP_BASE;

static uint64_t key_of(const struct span *s)
{
	return uk_malloc_secret ^ (uint64_t)s ^ 0x5a5a5a5a5a5a5a5aULL;
}

struct span *uk_span_of(const void *p)
{
	uint64_t a = (uint64_t)p;
	if (a < UK_HEAP_BASE || a >= heap_top)
		return 0;
	struct span *s = (struct span *)(a & ~(uint64_t)(SPAN_SIZE - 1));
	if (s->check != (uk_malloc_secret ^ (uint64_t)s))
		return 0;
	return s;
}

static void link_span(struct span **head, struct span *s)
{
	s->prev = 0;
	s->next = *head;
	if (*head)
		(*head)->prev = s;
	*head = s;
}

static void unlink_span(struct span **head, struct span *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*head = s->next;
	if (s->next)
		s->next->prev = s->prev;
}

static struct span *new_span(unsigned cls)
{
	struct span *s = free_spans;
	if (s) {
		unlink_span(&free_spans, s);
	} else {
		uint64_t f = irq_off();
		bool ok = heap_top + SPAN_SIZE <= UK_HEAP_END && uk_heap_reserve(heap_top, SPAN_SIZE);
		if (!ok && heap_top + SPAN_SIZE <= UK_HEAP_END) { /* memory kept for large blocks */
			uk_large_flush();
			ok = uk_heap_reserve(heap_top, SPAN_SIZE);
		}
		if (ok)
			uk_mem_populate(heap_top, UK_PAGE_SIZE); /* the header, written now */
		irq_restore(f);
		if (!ok)
			return 0;
		s = (struct span *)heap_top;
		heap_top += SPAN_SIZE;
	}
	uint32_t size = (uint32_t)uk_class_size(cls);
	*s = (struct span){
		.check = uk_malloc_secret ^ (uint64_t)s,
		.size = size,
		.bump = SPAN_HDR,
		.end = SPAN_HDR + (SPAN_SIZE - SPAN_HDR) / size * size,
		.cls = (uint8_t)cls,
		.listed = true,
	};
	link_span(&classes[cls], s);
	return s;
}

void *uk_small_alloc(unsigned cls)
{
	struct span *s = classes[cls];
	if (!s && !(s = new_span(cls)))
		return 0;
	char *p;
	if (s->free) {
		struct freed *f = (struct freed *)s->free;
		uint64_t next = f->next ^ uk_malloc_secret;
		/* A use after free that overwrote the link would otherwise hand out any address. */
		if (next && (uk_span_of((void *)next) != s || (next - (uint64_t)s - SPAN_HDR) % s->size ||
			     next - (uint64_t)s >= s->bump))
			uk_malloc_fault("heap corrupted: a freed block was written to", f);
		s->free = next;
		f->key = 0;
		p = (char *)f;
	} else {
		p = (char *)s + s->bump;
		s->bump += s->size;
	}
	s->used++;
	if (!s->free && s->bump + s->size > s->end) {
		unlink_span(&classes[cls], s);
		s->listed = false;
	}
	return p;
}

static bool on_free_list(const struct span *s, uint64_t p)
{
	uint32_t steps = s->end / s->size;
	for (uint64_t q = s->free; q && steps--; q = ((struct freed *)q)->next ^ uk_malloc_secret)
		if (q == p)
			return true;
	return false;
}

void uk_small_free(struct span *s, void *p)
{
	uint64_t a = (uint64_t)p, off = a - (uint64_t)s;
	if (off < SPAN_HDR || off >= s->bump || (off - SPAN_HDR) % s->size)
		uk_malloc_fault("invalid pointer", p);
	struct freed *f = p;
	if (f->key == key_of(s) && on_free_list(s, a))
		uk_malloc_fault("double free", p);
	f->next = s->free ^ uk_malloc_secret;
	f->key = key_of(s);
	s->free = a;
	s->used--;
	if (!s->listed) {
		link_span(&classes[s->cls], s);
		s->listed = true;
	}
	if (!s->used && (s->prev || s->next)) {
		unlink_span(&classes[s->cls], s);
		/* The header's page stays (it links the span); the rest reads as zeros again. */
		uint64_t f = irq_off();
		uk_mem_discard((uint64_t)s + UK_PAGE_SIZE, SPAN_SIZE - UK_PAGE_SIZE);
		irq_restore(f);
		s->check = 0;
		link_span(&free_spans, s);
	}
}
