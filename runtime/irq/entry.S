/* entry.S: device interrupt entry. Interrupts arrive on the IRQ IST stack; if they
 * interrupted the program, the frame is moved to the running thread's runtime stack
 * (uk_kstack_top) so the handler can switch threads; if they interrupted the idle loop, they
 * are handled where they landed. The IST frame sits at a fixed place below the top of
 * uk_ist_irq (4096 bytes). */
#include <uk/frame.h>

	.text
.macro IRQ vec
uk_irq_\vec:
	pushq $0
	pushq $\vec
	jmp irq_common
.endm

.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
IRQ \v
.endr

/* The LAPIC's spurious vector: no handler, no EOI. */
uk_irq_spurious:
	iretq

irq_common:
	testb $1, uk_in_idle(%rip)
	jnz irq_here
	/* From the program: move (vector, error, rip, cs, rflags, rsp, ss) to the thread's
	 * runtime stack. */
	pushq %rax
	pushq %rcx
	movq uk_kstack_top(%rip), %rax
	subq $56, %rax
	movq 16(%rsp), %rcx
	movq %rcx, 0(%rax)
	movq 24(%rsp), %rcx
	movq %rcx, 8(%rax)
	movq 32(%rsp), %rcx
	movq %rcx, 16(%rax)
	movq 40(%rsp), %rcx
	movq %rcx, 24(%rax)
	movq 48(%rsp), %rcx
	movq %rcx, 32(%rax)
	movq 56(%rsp), %rcx
	movq %rcx, 40(%rax)
	movq 64(%rsp), %rcx
	movq %rcx, 48(%rax)
	movq %rax, %rsp
	movq uk_ist_irq+4096-72(%rip), %rcx
	movq uk_ist_irq+4096-64(%rip), %rax
irq_here:
	SAVE_REGS
	LOAD_DATA_SS
	movq %rsp, %rdi
	call uk_irq
	jmp uk_return_to_program

	.section .rodata.uk_irq_stubs, "a"
	.balign 8
	.globl uk_irq_stubs, uk_irq_spurious_stub
uk_irq_stubs:
	.irp v, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.quad uk_irq_\v
	.endr
uk_irq_spurious_stub:
	.quad uk_irq_spurious
