/* uk/virtio.h: virtio devices for drivers (9p, and later net, blk, rng). One interface over
 * both transports: virtio-mmio (microvm, Firecracker; legacy v1 and modern v2) and legacy
 * virtio-pci through I/O ports (pc, q35). Queues are split rings that drivers poll: no
 * interrupt is ever requested, so drivers need neither the APIC nor an IDT entry.
 *
 * Memory given to a device (rings, buffers) must be physically addressed: the runtime's own
 * memory (static data, uk_page_alloc pages, uk_virtio_dma_alloc) is identity-mapped, so its
 * addresses are physical; an application's anonymous memory is not. */
#ifndef UK_VIRTIO_H
#define UK_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Device types (virtio 1.1, 5). */
#define UK_VIRTIO_ID_NET 1
#define UK_VIRTIO_ID_BLOCK 2
#define UK_VIRTIO_ID_CONSOLE 3
#define UK_VIRTIO_ID_RNG 4
#define UK_VIRTIO_ID_9P 9

#define UK_VIRTIO_F_VERSION_1 (1ULL << 32)

struct uk_virtio_dev;

struct uk_virtq {
	struct uk_virtio_dev *dev;
	uint16_t index, size;
	uint16_t free_head, nfree, last_used;
	struct uk_vring_desc *desc;
	struct uk_vring_avail *avail;
	struct uk_vring_used *used;
};

/* One buffer of a request: physical address and length; the device reads out-buffers and
 * writes in-buffers. */
struct uk_virtio_buf {
	uint64_t addr;
	uint32_t len;
};

/* The n-th device (from 0) of type, in discovery order (PCI slots, then virtio-mmio
 * transports), or NULL. The first call discovers every device; later calls are lookups. */
struct uk_virtio_dev *uk_virtio_find(uint32_t type, unsigned n);

/* Resets dev and negotiates features: the device's features AND wanted (VERSION_1 is added
 * where the transport needs it). Returns the accepted set, or -1 if the device refused. */
int64_t uk_virtio_start(struct uk_virtio_dev *dev, uint64_t wanted);
/* Sets up queue index of a started device with up to size entries (0: the device's maximum);
 * returns 0 or -errno. Call uk_virtio_ready after the last queue. */
int uk_virtq_init(struct uk_virtio_dev *dev, struct uk_virtq *q, uint16_t index, uint16_t size);
void uk_virtio_ready(struct uk_virtio_dev *dev);
/* Reads the device-specific configuration space. */
void uk_virtio_config(struct uk_virtio_dev *dev, uint32_t off, void *buf, size_t len);
/* Where the device lives, for messages: "virtio-mmio@0xfeb00e00" or "virtio-pci 00:03.0". */
const char *uk_virtio_where(const struct uk_virtio_dev *dev);

/* Queues a request of nout device-readable buffers followed by nin device-writable ones and
 * notifies the device. Returns the request's id (>= 0) or -ENOSPC when the ring is full. */
int uk_virtq_submit(struct uk_virtq *q, const struct uk_virtio_buf *bufs, unsigned nout,
		    unsigned nin);
/* If a request has completed, frees its descriptors, stores the bytes the device wrote and
 * returns its id; else returns -EAGAIN. */
int uk_virtq_poll(struct uk_virtq *q, uint32_t *written);
/* Waits until request id completes (polling: briefly spinning, then sleeping in short
 * uk_wait steps); returns the bytes the device wrote. Completions of other requests met
 * meanwhile are dropped (callers with several requests in flight use poll). */
uint32_t uk_virtq_wait(struct uk_virtq *q, int id);

/* Physically contiguous, zeroed, identity-mapped memory for rings and buffers: size is
 * rounded up to whole pages. Returns NULL when no run of free pages is long enough. */
void *uk_virtio_dma_alloc(size_t size);
void uk_virtio_dma_free(void *p, size_t size);

#endif
