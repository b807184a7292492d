/* mmio.c: the virtio-mmio transport (virtio 1.1, 4.2), legacy (version 1: QEMU's default,
 * page-frame queue addresses) and modern (version 2). Devices are where the kernel command
 * line says (virtio_mmio.device=SIZE@BASE:IRQ, as Firecracker and microvm without ACPI write
 * it); when it names none and there is no PCI, QEMU microvm's fixed transport window is
 * probed, since with ACPI on (its default) microvm describes devices only in ACPI tables. */
#include <errno.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/mem.h>
#include <uk/util.h>

#include "virtio.h"

#define MAGIC 0x74726976 /* "virt" */
#define REG_MAGIC 0x000
#define REG_VERSION 0x004
#define REG_DEVICE_ID 0x008
#define REG_DEVICE_FEATURES 0x010
#define REG_DEVICE_FEATURES_SEL 0x014
#define REG_DRIVER_FEATURES 0x020
#define REG_DRIVER_FEATURES_SEL 0x024
#define REG_GUEST_PAGE_SIZE 0x028 /* legacy */
#define REG_QUEUE_SEL 0x030
#define REG_QUEUE_NUM_MAX 0x034
#define REG_QUEUE_NUM 0x038
#define REG_QUEUE_ALIGN 0x03c /* legacy */
#define REG_QUEUE_PFN 0x040   /* legacy */
#define REG_QUEUE_READY 0x044
#define REG_QUEUE_NOTIFY 0x050
#define REG_STATUS 0x070
#define REG_QUEUE_DESC 0x080
#define REG_QUEUE_DRIVER 0x090
#define REG_QUEUE_DEVICE 0x0a0
#define REG_CONFIG 0x100

/* QEMU microvm: up to 24 transports of 512 bytes from here (8 without its second IOAPIC). */
#define MICROVM_BASE 0xfeb00000ULL
#define MICROVM_SLOTS 24
#define SLOT_SIZE 512

static uint32_t rd(struct uk_virtio_dev *d, uint32_t off)
{
	return *(volatile uint32_t *)(d->mmio + off);
}

static void wr(struct uk_virtio_dev *d, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(d->mmio + off) = v;
}

static uint8_t get_status(struct uk_virtio_dev *d) { return (uint8_t)rd(d, REG_STATUS); }
static void set_status(struct uk_virtio_dev *d, uint8_t s) { wr(d, REG_STATUS, s); }

static uint64_t get_features(struct uk_virtio_dev *d)
{
	wr(d, REG_DEVICE_FEATURES_SEL, 1);
	uint64_t hi = rd(d, REG_DEVICE_FEATURES);
	wr(d, REG_DEVICE_FEATURES_SEL, 0);
	return hi << 32 | rd(d, REG_DEVICE_FEATURES);
}

static void set_features(struct uk_virtio_dev *d, uint64_t f)
{
	wr(d, REG_DRIVER_FEATURES_SEL, 1);
	wr(d, REG_DRIVER_FEATURES, (uint32_t)(f >> 32));
	wr(d, REG_DRIVER_FEATURES_SEL, 0);
	wr(d, REG_DRIVER_FEATURES, (uint32_t)f);
}

static uint16_t queue_max(struct uk_virtio_dev *d, uint16_t index)
{
	wr(d, REG_QUEUE_SEL, index);
	return (uint16_t)rd(d, REG_QUEUE_NUM_MAX);
}

static void wr64(struct uk_virtio_dev *d, uint32_t off, uint64_t v)
{
	wr(d, off, (uint32_t)v);
	wr(d, off + 4, (uint32_t)(v >> 32));
}

static int queue_set(struct uk_virtio_dev *d, struct uk_virtq *q)
{
	wr(d, REG_QUEUE_SEL, q->index);
	wr(d, REG_QUEUE_NUM, q->size);
	if (!d->modern) {
		wr(d, REG_GUEST_PAGE_SIZE, 4096);
		wr(d, REG_QUEUE_ALIGN, VRING_ALIGN);
		wr(d, REG_QUEUE_PFN, (uint32_t)((uint64_t)q->desc >> 12));
		return 0;
	}
	wr64(d, REG_QUEUE_DESC, (uint64_t)q->desc);
	wr64(d, REG_QUEUE_DRIVER, (uint64_t)q->avail);
	wr64(d, REG_QUEUE_DEVICE, (uint64_t)q->used);
	wr(d, REG_QUEUE_READY, 1);
	return 0;
}

static void notify(struct uk_virtio_dev *d, uint16_t index) { wr(d, REG_QUEUE_NOTIFY, index); }

static uint8_t config8(struct uk_virtio_dev *d, uint32_t off)
{
	return *(volatile uint8_t *)(d->mmio + REG_CONFIG + off);
}

static const struct transport mmio_transport = {
	get_status, set_status, get_features, set_features, queue_max, queue_set, notify, config8,
};

/* Adds the transport at base if a device sits behind it; returns 1 if added. */
static unsigned try_add(struct uk_virtio_dev *d, uint64_t base)
{
	*d = (struct uk_virtio_dev){.t = &mmio_transport, .mmio = (volatile uint8_t *)base};
	uint32_t version = rd(d, REG_VERSION);
	if (rd(d, REG_MAGIC) != MAGIC || (version != 1 && version != 2))
		return 0;
	d->type = rd(d, REG_DEVICE_ID);
	d->modern = version == 2;
	uk_snprintf(d->where, sizeof d->where, "virtio-mmio@0x%lx", (unsigned long)base);
	return d->type != 0; /* 0: an empty transport */
}

static const char *parse_num(const char *p, const char *e, uint64_t *v)
{
	unsigned base = 10;
	*v = 0;
	if (e - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		base = 16, p += 2;
	for (; p < e; p++) {
		unsigned dgt;
		if (*p >= '0' && *p <= '9')
			dgt = (unsigned)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			dgt = (unsigned)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			dgt = (unsigned)(*p - 'A' + 10);
		else
			break;
		*v = *v * base + dgt;
	}
	if (p < e && (*p == 'K' || *p == 'k'))
		*v <<= 10, p++;
	else if (p < e && (*p == 'M' || *p == 'm'))
		*v <<= 20, p++;
	return p;
}

/* virtio_mmio.device=SIZE@BASE[:IRQ[:ID]] tokens (Linux's syntax). */
static unsigned from_cmdline(struct uk_virtio_dev *devs, unsigned max)
{
	unsigned n = 0;
	const char *cursor = 0, *v, *c;
	while (n < max && (v = uk_cmdline_value("virtio_mmio.device=", &cursor, &c))) {
		uint64_t size, base;
		const char *p = parse_num(v, c, &size);
		if (p >= c || *p != '@' || parse_num(p + 1, c, &base) == p + 1 || !size)
			continue;
		uk_map_mmio(base, size);
		n += try_add(&devs[n], base);
	}
	return n;
}

unsigned uk_virtio_mmio_probe(struct uk_virtio_dev *devs, unsigned max, bool pci_present)
{
	unsigned n = from_cmdline(devs, max);
	if (n || pci_present)
		return n;
	uk_map_mmio(MICROVM_BASE, MICROVM_SLOTS * SLOT_SIZE);
	for (unsigned i = 0; i < MICROVM_SLOTS && n < max; i++)
		n += try_add(&devs[n], MICROVM_BASE + i * SLOT_SIZE);
	return n;
}
