/* pci.c: legacy virtio-pci (virtio 1.1, 4.1.4.8) through the I/O BAR, found by scanning bus 0
 * with configuration mechanism #1 (ports 0xcf8/0xcfc). QEMU's virtio-*-pci devices are
 * transitional on pc and on q35's root bus, so the legacy interface is there on both, and
 * it needs no MMIO mapping. SeaBIOS has assigned the BARs before it starts the PVH kernel. */
#include <uk/console.h>
#include <uk/io.h>
#include <uk/util.h>

#include "virtio.h"

#define CONFIG_ADDRESS 0xcf8
#define CONFIG_DATA 0xcfc
#define VENDOR_VIRTIO 0x1af4
#define CMD_IO 0x1
#define CMD_BUS_MASTER 0x4

/* Legacy register block at the I/O BAR (without MSI-X, which we never enable). */
#define IO_HOST_FEATURES 0x00
#define IO_GUEST_FEATURES 0x04
#define IO_QUEUE_PFN 0x08
#define IO_QUEUE_SIZE 0x0c
#define IO_QUEUE_SEL 0x0e
#define IO_QUEUE_NOTIFY 0x10
#define IO_STATUS 0x12
#define IO_CONFIG 0x14

static uint32_t cfg_read(unsigned slot, unsigned off)
{
	uk_outl(CONFIG_ADDRESS, 0x80000000u | slot << 11 | (off & 0xfc));
	return pio_inl(CONFIG_DATA);
}

static void cfg_write16(unsigned slot, unsigned off, uint16_t v)
{
	uk_outl(CONFIG_ADDRESS, 0x80000000u | slot << 11 | (off & 0xfc));
	pio_outw((uint16_t)(CONFIG_DATA + (off & 2)), v);
}

static uint8_t get_status(struct uk_virtio_dev *d) { return uk_inb((uint16_t)(d->io + IO_STATUS)); }
static void set_status(struct uk_virtio_dev *d, uint8_t s) { uk_outb((uint16_t)(d->io + IO_STATUS), s); }
static uint64_t get_features(struct uk_virtio_dev *d) { return pio_inl((uint16_t)(d->io + IO_HOST_FEATURES)); }
static void set_features(struct uk_virtio_dev *d, uint64_t f) { uk_outl((uint16_t)(d->io + IO_GUEST_FEATURES), (uint32_t)f); }

static uint16_t queue_max(struct uk_virtio_dev *d, uint16_t index)
{
	pio_outw((uint16_t)(d->io + IO_QUEUE_SEL), index);
	return pio_inw((uint16_t)(d->io + IO_QUEUE_SIZE));
}

static int queue_set(struct uk_virtio_dev *d, struct uk_virtq *q)
{
	pio_outw((uint16_t)(d->io + IO_QUEUE_SEL), q->index);
	uk_outl((uint16_t)(d->io + IO_QUEUE_PFN), (uint32_t)((uint64_t)q->desc >> 12));
	return 0;
}

static void notify(struct uk_virtio_dev *d, uint16_t index) { pio_outw((uint16_t)(d->io + IO_QUEUE_NOTIFY), index); }
static uint8_t config8(struct uk_virtio_dev *d, uint32_t off) { return uk_inb((uint16_t)(d->io + IO_CONFIG + off)); }

static const struct transport pci_transport = {
	get_status, set_status, get_features, set_features, queue_max, queue_set, notify, config8,
};

unsigned uk_virtio_pci_probe(struct uk_virtio_dev *devs, unsigned max, bool *present)
{
	unsigned n = 0;
	/* No host bridge at 00:00.0 (microvm answers all ones): no PCI at all. */
	*present = (cfg_read(0, 0) & 0xffff) != 0xffff;
	for (unsigned slot = 1; *present && slot < 32 && n < max; slot++) {
		uint32_t id = cfg_read(slot, 0);
		uint16_t vendor = (uint16_t)id, device = (uint16_t)(id >> 16);
		if (vendor != VENDOR_VIRTIO || device < 0x1000 || device > 0x103f)
			continue; /* modern-only devices (0x1040+) have no legacy interface */
		uint32_t bar0 = cfg_read(slot, 0x10);
		if (!(bar0 & 1) || !(bar0 & ~3u))
			continue; /* no I/O BAR assigned */
		uint16_t cmd = (uint16_t)cfg_read(slot, 0x04);
		cfg_write16(slot, 0x04, cmd | CMD_IO | CMD_BUS_MASTER);
		struct uk_virtio_dev *d = &devs[n++];
		*d = (struct uk_virtio_dev){.t = &pci_transport, .io = (uint16_t)(bar0 & ~3u)};
		d->type = cfg_read(slot, 0x2c) >> 16; /* subsystem device id: the virtio type */
		uk_snprintf(d->where, sizeof d->where, "virtio-pci 00:%02x.0", slot);
	}
	return n;
}
