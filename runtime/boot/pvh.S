/* pvh.S: the PVH entry note and the 32-bit path into long mode.
 *
 * The hypervisor enters pvh_entry in 32-bit protected mode with paging off, no stack and
 * %ebx = physical address of hvm_start_info. We stay in 32-bit code just long enough to map
 * the first 1 GiB with 2 MiB pages and switch to long mode; the real page tables are built
 * later in C (mem/paging.c). The boot tables live in .bss, which the loader zero-fills. */

#define CR0_PE (1 << 0)
#define CR0_MP (1 << 1)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define EFER_SCE (1 << 0)
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)

	.section .note.Xen, "a", @note
	.balign 4
	.long 4                 /* namesz */
	.long 8                 /* descsz */
	.long 18                /* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.quad pvh_entry

	.section .text.boot32, "ax", @progbits
	.code32
	.globl pvh_entry
pvh_entry:
	cli
	cld
	movl %ebx, uk_start_info_paddr
	rdtsc
	movl %eax, uk_tsc_at_entry
	movl %edx, uk_tsc_at_entry + 4

	/* PML4[0] -> PDPT, PDPT[0] -> PD, PD[i] -> 2 MiB page i (present, writable, large). */
	movl $boot_pdpt + 0x3, boot_pml4
	movl $boot_pd + 0x3, boot_pdpt
	xorl %ecx, %ecx
1:	movl %ecx, %eax
	shll $21, %eax
	orl $0x83, %eax
	movl %eax, boot_pd(, %ecx, 8)
	incl %ecx
	cmpl $512, %ecx
	jne 1b

	movl %cr4, %eax
	orl $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	movl %eax, %cr4
	movl $boot_pml4, %eax
	movl %eax, %cr3
	movl $0xc0000080, %ecx
	rdmsr
	orl $(EFER_LME | EFER_NXE | EFER_SCE), %eax
	wrmsr
	/* Paging on, FPU present (MP), EM and TS clear so SSE works, WP so ring 0 honours
	 * read-only pages. */
	movl %cr0, %eax
	andl $~((1 << 2) | (1 << 3)), %eax
	orl $(CR0_PE | CR0_MP | CR0_WP | CR0_PG), %eax
	movl %eax, %cr0

	lgdt uk_gdt_ptr          /* runtime/cpu/gdt.c: code 0x08, data 0x10 */
	ljmp $0x08, $long_entry

	.code64
long_entry:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	leaq boot_stack_top(%rip), %rsp
	xorl %ebp, %ebp
	fninit
	call uk_boot_main
2:	hlt
	jmp 2b

	.section .bss.boot, "aw", @nobits
	.balign 4096
	.globl boot_pml4, boot_pdpt, boot_pd
boot_pml4: .skip 4096
boot_pdpt: .skip 4096
boot_pd:   .skip 4096
	.balign 16
boot_stack: .skip 16384
	.globl boot_stack_top
boot_stack_top:
	.globl uk_start_info_paddr, uk_tsc_at_entry
	.balign 8
uk_start_info_paddr: .quad 0
uk_tsc_at_entry: .quad 0
