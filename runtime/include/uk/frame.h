/* uk/frame.h: the register frame saved on every entry into the runtime (exception,
 * interrupt, system call), and the assembler macros that build and unwind it. One layout for
 * all three, so a thread can be switched out of any of them and signals can be delivered on
 * the way back to the program. Returning is always through iretq. */
#ifndef UK_FRAME_H
#define UK_FRAME_H

#ifdef __ASSEMBLER__
/* Saves the general registers above the (vector, error, rip, cs, rflags, rsp, ss) words. */
.macro SAVE_REGS
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	cld
.endm
 /* An interrupt through an IST stack loads a null SS. Long mode ignores SS, but QEMU's TCG
 * keys its translations by SS's D/B bit, so code run both inside a handler and outside it
 * (memset, the page-table walk) would be translated twice. Entries that arrive through an
 * IST reload the data selector (0x10, GDT slot 2 in every GDT we load) after SAVE_REGS. */
.macro LOAD_DATA_SS
	movl $0x10, %eax
	movl %eax, %ss
.endm
.macro RESTORE_REGS_IRETQ
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp
	iretq
.endm
#define UK_FRAME_SIZE (22 * 8)
#else
#include <stdint.h>

struct uk_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;            /* vector: UK_VEC_SYSCALL for system calls */
	uint64_t rip, cs, rflags, rsp, ss; /* as pushed by the CPU (built by hand for syscalls) */
};

#define UK_VEC_SYSCALL 0x100

/* The top of the running thread's runtime stack: system calls, and interrupts that arrive
 * while the program runs, save their frame there (the scheduler moves it on a switch). */
extern uint64_t uk_kstack_top;
#endif

#endif
