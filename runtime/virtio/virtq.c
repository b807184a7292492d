/* virtq.c: split virtqueues (virtio 1.1, 2.6), polled. The driver never asks for interrupts
 * (VRING_AVAIL_F_NO_INTERRUPT), so completions are found by watching the used ring. */
#include <errno.h>
#include <uk/util.h>
#include <uk/virtio.h>
#include <uk/wait.h>

#include "virtio.h"

#define barrier() __asm__ volatile("" ::: "memory")

static size_t ring_bytes(uint16_t size)
{
	size_t avail = 16 * (size_t)size + 6 + 2 * (size_t)size;
	return UK_ALIGN_UP(avail, VRING_ALIGN) + 6 + 8 * (size_t)size;
}

int uk_virtq_init(struct uk_virtio_dev *d, struct uk_virtq *q, uint16_t index, uint16_t size)
{
	uint16_t max = d->t->queue_max(d, index);
	if (!max)
		return -ENOENT;
	/* Legacy PCI cannot shrink a queue; the others take any power of two up to max. */
	if (!size || size > max || !d->mmio)
		size = max;
	uint8_t *mem = uk_virtio_dma_alloc(ring_bytes(size));
	if (!mem)
		return -ENOMEM;
	*q = (struct uk_virtq){.dev = d, .index = index, .size = size, .nfree = size};
	q->desc = (struct uk_vring_desc *)mem;
	q->avail = (struct uk_vring_avail *)(mem + 16 * (size_t)size);
	q->used = (struct uk_vring_used *)(mem + UK_ALIGN_UP(16 * (size_t)size + 6 + 2 * (size_t)size,
							     VRING_ALIGN));
	for (uint16_t i = 0; i + 1 < size; i++)
		q->desc[i].next = i + 1;
	q->avail->flags = VRING_AVAIL_F_NO_INTERRUPT;
	int rc = d->t->queue_set(d, q);
	if (rc)
		uk_virtio_dma_free(mem, ring_bytes(size));
	return rc;
}

int uk_virtq_submit(struct uk_virtq *q, const struct uk_virtio_buf *bufs, unsigned nout,
		    unsigned nin)
{
	unsigned n = nout + nin;
	if (!n || n > q->nfree)
		return -ENOSPC;
	uint16_t head = q->free_head, i = head, last = head;
	for (unsigned k = 0; k < n; k++) {
		struct uk_vring_desc *dsc = &q->desc[i];
		dsc->addr = bufs[k].addr;
		dsc->len = bufs[k].len;
		dsc->flags = (k >= nout ? VRING_DESC_F_WRITE : 0) | (k + 1 < n ? VRING_DESC_F_NEXT : 0);
		last = i;
		i = dsc->next;
	}
	q->free_head = q->desc[last].next;
	q->nfree -= (uint16_t)n;
	q->avail->ring[q->avail->idx % q->size] = head;
	barrier(); /* the device must see the entry before the index (x86 keeps store order) */
	q->avail->idx++;
	barrier();
	q->dev->t->notify(q->dev, q->index);
	return head;
}

int uk_virtq_poll(struct uk_virtq *q, uint32_t *written)
{
	if (*(volatile uint16_t *)&q->used->idx == q->last_used)
		return -EAGAIN;
	barrier();
	struct uk_vring_used_elem e = q->used->ring[q->last_used % q->size];
	q->last_used++;
	/* Give the chain back: walk it to its end and splice it onto the free list. */
	uint16_t i = (uint16_t)e.id, n = 1;
	while (q->desc[i].flags & VRING_DESC_F_NEXT) {
		i = q->desc[i].next;
		n++;
	}
	q->desc[i].next = q->free_head;
	q->free_head = (uint16_t)e.id;
	q->nfree += n;
	if (written)
		*written = e.len;
	return (int)e.id;
}

/* A 9p round trip takes about 50 us under TCG: spin that long, then sleep in short steps so
 * other threads run (and the CPU halts) while the host works on a long request. Nothing
 * interrupts on completion, so the deadline is what wakes the waiter. Without the scheduler
 * (weak references: it is linked only if something else needs it) there is no other thread,
 * and spinning is all there is to do. */
#define SPIN_NS 200000
#define NAP_NS 100000

extern int uk_wait(struct uk_waitq *q, uint64_t deadline_ns) __attribute__((weak));
extern uint64_t uk_monotonic_ns(void) __attribute__((weak));

static struct uk_waitq completions; /* never woken: waits end at their deadline */

uint32_t uk_virtq_wait(struct uk_virtq *q, int id)
{
	uint64_t spin_end = 0;
	for (;;) {
		uint32_t len;
		int got = uk_virtq_poll(q, &len);
		if (got == id)
			return len;
		if (got != -EAGAIN)
			continue;
		if (!uk_wait || !uk_monotonic_ns) {
			__asm__ volatile("pause");
			continue;
		}
		uint64_t now = uk_monotonic_ns();
		if (!spin_end)
			spin_end = now + SPIN_NS;
		if (now < spin_end)
			__asm__ volatile("pause");
		else
			uk_wait(&completions, now + NAP_NS);
	}
}
