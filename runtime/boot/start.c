/* start.c: the boot sequence, readable in one screen: learn the machine from hvm_start_info,
 * run the initialisers of the components linked into this image in class order, then enter
 * musl's _start on a Linux-style initial stack. */
#include <uk/abi.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/init.h>
#include <uk/util.h>

#include "boot.h"
#include "cmdline.h"

#define HVM_START_MAGIC 0x336ec578
#define E820_RAM 1

struct hvm_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
	uint32_t memmap_entries, reserved;
};

struct hvm_memmap_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr, size, cmdline_paddr, reserved;
};

extern uint64_t uk_start_info_paddr, uk_tsc_at_entry;

struct uk_bootinfo uk_boot;
static char cmdline_copy[UK_CMDLINE_BYTES + 1];

static void read_start_info(void)
{
	const struct hvm_start_info *si = (const void *)uk_start_info_paddr;
	if (!si || si->magic != HVM_START_MAGIC)
		uk_panic("boot: no PVH start info (magic %x): boot with a PVH loader",
			 si ? si->magic : 0);
	if (si->cmdline_paddr) {
		const char *c = (const char *)si->cmdline_paddr;
		size_t n = uk_strlen(c);
		if (n >= sizeof cmdline_copy)
			uk_panic("boot: kernel command line longer than %zu bytes", sizeof cmdline_copy - 1);
		uk_memcpy(cmdline_copy, c, n + 1);
	}
	uk_boot.cmdline = cmdline_copy;
	if (si->nr_modules && !uk_strncmp(cmdline_copy, UK_CMDLINE_MODULE, sizeof UK_CMDLINE_MODULE)) {
		const struct hvm_modlist_entry *m = (const void *)si->modlist_paddr;
		uk_boot.module = (struct uk_memrange){m->paddr, m->paddr + m->size};
	}
	if (si->version < 1 || !si->memmap_paddr)
		uk_panic("boot: PVH start info version %u has no memory map", si->version);
	const struct hvm_memmap_entry *e = (const void *)si->memmap_paddr;
	for (uint32_t i = 0; i < si->memmap_entries && uk_boot.nram < UK_MAX_MEMRANGES; i++) {
		if (e[i].type != E820_RAM || !e[i].size)
			continue;
		uk_boot.ram[uk_boot.nram++] = (struct uk_memrange){e[i].addr, e[i].addr + e[i].size};
	}
}

/* A command line too long for the PVH one comes as the first module (uk/abi.h), which may
 * lie above the first GiB: it is read once paging maps all RAM, where it lies (pmem keeps its
 * pages), with the room after it for decoding. Until then the command line is the plain one,
 * which has no switches. */
void uk_cmdline_module(void)
{
	if (!uk_boot.module.end)
		return;
	const char *text = (const char *)uk_boot.module.start;
	char *scratch = (char *)UK_ALIGN_UP((uint64_t)text + uk_strlen(text) + 1, 8);
	if ((uint64_t)scratch > uk_boot.module.end)
		uk_panic("boot: the command-line module has no room after it");
	uk_boot.cmdline = text;
	uk_cmdline_parse(text, scratch, uk_boot.module.end - (uint64_t)scratch);
}

void uk_boot_main(void)
{
	uk_boot.tsc_at_entry = uk_tsc_at_entry;
	read_start_info();
	uk_cmdline_parse(uk_boot.cmdline, 0, 0);
	for (const struct uk_initcall *c = __uk_init_start; c < __uk_init_end; c++)
		c->fn();
	uk_enter_app();
}
