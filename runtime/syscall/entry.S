/* entry.S: the `syscall` instruction's target (IA32_LSTAR).
 *
 * The app and musl run in ring 0 with the runtime, so `syscall` changes no privilege and no
 * stack: we switch to the running thread's runtime stack (uk_kstack_top) before pushing
 * anything, since musl's leaf functions keep data in the red zone below %rsp. There we build
 * the same frame an interrupt would (uk/frame.h), so threads can be switched and signals
 * delivered from a system call like from an interrupt, and return through iretq (SYSRET
 * cannot return to ring 0). As on Linux, rcx and r11 come back holding rip and rflags and
 * every other register but rax is preserved. Interrupts are off on entry (FMASK). */
#include <uk/frame.h>

	.text
	.globl uk_syscall_entry
uk_syscall_entry:
	movq %rsp, uk_syscall_user_rsp(%rip)
	movq uk_kstack_top(%rip), %rsp
	pushq $0x10                     /* ss */
	pushq uk_syscall_user_rsp(%rip) /* rsp */
	pushq %r11                      /* rflags */
	pushq $0x08                     /* cs */
	pushq %rcx                      /* rip */
	pushq %rax                      /* error: the system-call number, kept for restarts */
	pushq $0x100                    /* vector: UK_VEC_SYSCALL */
	SAVE_REGS
	movq %rsp, %rdi
	call uk_syscall_dispatch
	jmp uk_return_to_program

	.data
	.balign 8
	.globl uk_kstack_top
uk_kstack_top:
	.quad boot_kstack_top

	.bss
	.balign 16
	.skip 16384
boot_kstack_top:
	.balign 8
uk_syscall_user_rsp:
	.quad 0
