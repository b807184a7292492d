/* virtio.c: the device table, filled on first use (an image that never asks for a device
 * never probes), and the transport-independent start sequence (virtio 1.1, 3.1). */
#include <errno.h>
#include <uk/mem.h>
#include <uk/util.h>
#include <uk/virtio.h>

#include "virtio.h"

static struct uk_virtio_dev devs[MAX_DEVICES];
static unsigned ndevs;
static bool probed;

struct uk_virtio_dev *uk_virtio_find(uint32_t type, unsigned n)
{
	if (!probed) {
		bool pci = false;
		probed = true;
		ndevs = uk_virtio_pci_probe(devs, MAX_DEVICES, &pci);
		ndevs += uk_virtio_mmio_probe(devs + ndevs, MAX_DEVICES - ndevs, pci);
	}
	for (unsigned i = 0; i < ndevs; i++)
		if (devs[i].type == type && !n--)
			return &devs[i];
	return 0;
}

int64_t uk_virtio_start(struct uk_virtio_dev *d, uint64_t wanted)
{
	d->t->set_status(d, 0); /* reset */
	d->t->set_status(d, STATUS_ACK);
	d->t->set_status(d, STATUS_ACK | STATUS_DRIVER);
	if (d->modern)
		wanted |= UK_VIRTIO_F_VERSION_1;
	uint64_t f = d->t->get_features(d) & wanted;
	if (d->modern && !(f & UK_VIRTIO_F_VERSION_1)) {
		d->t->set_status(d, STATUS_FAILED);
		return -1;
	}
	d->t->set_features(d, f);
	if (d->modern) { /* legacy devices have no FEATURES_OK handshake */
		d->t->set_status(d, STATUS_ACK | STATUS_DRIVER | STATUS_FEATURES_OK);
		if (!(d->t->get_status(d) & STATUS_FEATURES_OK)) {
			d->t->set_status(d, STATUS_FAILED);
			return -1;
		}
	}
	return (int64_t)f;
}

void uk_virtio_ready(struct uk_virtio_dev *d)
{
	d->t->set_status(d, d->t->get_status(d) | STATUS_DRIVER_OK);
}

void uk_virtio_config(struct uk_virtio_dev *d, uint32_t off, void *buf, size_t len)
{
	/* Byte by byte: config fields are little-endian like the CPU, and every transport
	 * allows single-byte access. */
	for (size_t i = 0; i < len; i++)
		((uint8_t *)buf)[i] = d->t->config8(d, off + (uint32_t)i);
}

const char *uk_virtio_where(const struct uk_virtio_dev *d)
{
	return d->where;
}

/* Pages come one at a time from the page allocator, in address order once its free list is
 * empty; keep the first run of consecutive ones that is long enough and give back the rest.
 * Rejected pages are chained through their first word until then. */
void *uk_virtio_dma_alloc(size_t size)
{
	size_t want = UK_ALIGN_UP(size, UK_PAGE_SIZE) / UK_PAGE_SIZE, have = 0;
	uint64_t lo = 0, hi = 0, rejects = 0;
	while (have < want) {
		uint64_t pa = uk_page_alloc();
		if (!pa)
			break;
		if (have && pa == hi + UK_PAGE_SIZE) {
			hi = pa;
		} else if (have && pa == lo - UK_PAGE_SIZE) {
			lo = pa;
		} else {
			for (uint64_t p = lo; have && p <= hi; p += UK_PAGE_SIZE) {
				*(uint64_t *)p = rejects;
				rejects = p;
			}
			lo = hi = pa;
			have = 0;
		}
		have++;
	}
	while (rejects) {
		uint64_t next = *(uint64_t *)rejects;
		uk_page_free(rejects);
		rejects = next;
	}
	if (have < want) {
		for (uint64_t p = lo; have && p <= hi; p += UK_PAGE_SIZE)
			uk_page_free(p);
		return 0;
	}
	return (void *)lo; /* zeroed by uk_page_alloc */
}

void uk_virtio_dma_free(void *p, size_t size)
{
	for (size_t off = 0; off < size; off += UK_PAGE_SIZE)
		uk_page_free((uint64_t)p + off);
}
