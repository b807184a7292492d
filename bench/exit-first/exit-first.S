/* exit-first.S: a PVH kernel that exits at its first instruction (QEMU ends with status 1).
 * Benchmarks boot it to measure the floor: what the VMM and firmware cost before any guest code. */
	.code32

	.section .note.Xen, "a", @note
	.balign 4
	.long 4, 8, 18 /* XEN_ELFNOTE_PHYS32_ENTRY; QEMU reads the desc as a 64-bit address */
	.asciz "Xen"
	.balign 4
	.quad _start

	.text
	.globl _start
_start:
	xor %eax, %eax /* %eax is undefined at the PVH entry */
	outb %al, $0xf4
1:	hlt
	jmp 1b
