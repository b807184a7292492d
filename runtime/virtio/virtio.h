/* virtio.h: private to the virtio component: the device record, the transport interface and
 * the ring layout shared by both transports. */
#ifndef VIRTIO_VIRTIO_H
#define VIRTIO_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>
#include <uk/virtio.h>

#define STATUS_ACK 1
#define STATUS_DRIVER 2
#define STATUS_DRIVER_OK 4
#define STATUS_FEATURES_OK 8
#define STATUS_FAILED 128

struct uk_vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};
#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2

struct uk_vring_avail {
	uint16_t flags, idx;
	uint16_t ring[];
};
#define VRING_AVAIL_F_NO_INTERRUPT 1

struct uk_vring_used_elem {
	uint32_t id, len;
};
struct uk_vring_used {
	uint16_t flags, idx;
	struct uk_vring_used_elem ring[];
};

/* Legacy devices find the used ring at the next 4096-byte boundary after the available ring
 * (virtio 1.1, 2.6.2); modern ones take three addresses, and we use the same layout. */
#define VRING_ALIGN 4096

struct transport {
	uint8_t (*get_status)(struct uk_virtio_dev *d);
	void (*set_status)(struct uk_virtio_dev *d, uint8_t s);
	uint64_t (*get_features)(struct uk_virtio_dev *d);
	void (*set_features)(struct uk_virtio_dev *d, uint64_t f);
	/* The largest queue size for index (0: no such queue). */
	uint16_t (*queue_max)(struct uk_virtio_dev *d, uint16_t index);
	/* Tells the device about q's ring (laid out as above); returns 0 or -errno. */
	int (*queue_set)(struct uk_virtio_dev *d, struct uk_virtq *q);
	void (*notify)(struct uk_virtio_dev *d, uint16_t index);
	uint8_t (*config8)(struct uk_virtio_dev *d, uint32_t off);
};

struct uk_virtio_dev {
	const struct transport *t;
	uint32_t type;
	bool modern;        /* virtio 1.x: VERSION_1 must be negotiated */
	volatile uint8_t *mmio; /* virtio-mmio registers */
	uint16_t io;        /* legacy virtio-pci: the I/O BAR */
	char where[32];
};

#define MAX_DEVICES 32

/* Discovery appends to the device table; each returns the number of devices it added. */
unsigned uk_virtio_mmio_probe(struct uk_virtio_dev *devs, unsigned max, bool pci_present);
unsigned uk_virtio_pci_probe(struct uk_virtio_dev *devs, unsigned max, bool *present);

/* Port I/O wider than uk/io.h's. */
static inline void pio_outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port)); }
static inline uint16_t pio_inw(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline uint32_t pio_inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

#endif
