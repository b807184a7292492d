/* apic.c: the two interrupt controllers a device's interrupt passes through: the IOAPIC, which
 * turns the device's line (its GSI) into a vector, and the local APIC, which delivers vectors
 * to the CPU and takes the end-of-interrupt. Only the xAPIC's MMIO interface: TCG has no
 * x2APIC. */
#include <uk/cpu.h>
#include <uk/io.h>
#include <uk/mem.h>

#define MSR_APIC_BASE 0x1b
#define LAPIC_ID (0x20 / 4)
#define LAPIC_TPR (0x80 / 4)
#define LAPIC_SVR (0xf0 / 4)
#define SPURIOUS_VECTOR 0xff

/* Where QEMU's machines, Firecracker and Cloud Hypervisor all put the one IOAPIC; ACPI's MADT
 * would say so too, but nothing else here needs ACPI. GSIs 0-15 are the ISA interrupts,
 * COM1's line 4 included (only the PIT's 0 is moved, to 2). */
#define IOAPIC_BASE 0xfec00000ULL
#define IOREGSEL 0
#define IOWIN (0x10 / 4)
#define IOREDTBL(gsi) (0x10 + 2 * (gsi))

void uk_lapic_enable(void)
{
	if (uk_lapic)
		return;
	uint64_t base = uk_rdmsr(MSR_APIC_BASE);
	uk_wrmsr(MSR_APIC_BASE, base | (1 << 11)); /* globally enabled */
	volatile uint32_t *lapic = uk_map_mmio(base & ~0xfffULL, 4096);
	lapic[LAPIC_TPR] = 0;                         /* accept every priority */
	lapic[LAPIC_SVR] = 0x100 | SPURIOUS_VECTOR; /* software-enabled */
	uk_lapic = lapic;
}

void uk_irq_route(unsigned gsi, unsigned vector)
{
	static volatile uint32_t *ioapic;
	uk_lapic_enable();
	if (!ioapic)
		ioapic = uk_map_mmio(IOAPIC_BASE, 4096);
	uint32_t cpu = uk_lapic[LAPIC_ID] >> 24;
	/* Fixed delivery to this CPU, physical destination, active high, edge-triggered: a
	 * device whose line stays up raises no second interrupt, so handlers and waiters look
	 * at the device's state rather than count interrupts. */
	ioapic[IOREGSEL] = IOREDTBL(gsi) + 1;
	ioapic[IOWIN] = cpu << 24;
	ioapic[IOREGSEL] = IOREDTBL(gsi);
	ioapic[IOWIN] = vector;
}
