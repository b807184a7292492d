/* entry.S: the `syscall` instruction's target (IA32_LSTAR).
 *
 * The app and musl run in ring 0 with the runtime, so `syscall` changes no privilege and no
 * stack: we switch to the runtime's syscall stack before pushing anything (musl's leaf
 * functions keep data in the red zone below %rsp). SYSRET cannot return to ring 0, so we
 * restore rflags with popfq while still on the runtime stack and jump back through %rcx.
 * Every register but rax, rcx and r11 is preserved, as Linux does.
 * One stack is enough while a single thread of control makes system calls. */

	.text
	.globl uk_syscall_entry
uk_syscall_entry:
	movq %rsp, uk_syscall_user_rsp(%rip)
	leaq uk_syscall_stack_top(%rip), %rsp
	pushq uk_syscall_user_rsp(%rip)
	pushq %rcx
	pushq %r11
	pushq %rax
	pushq %r9
	pushq %r8
	pushq %r10
	pushq %rdx
	pushq %rsi
	pushq %rdi
	movq %rsp, %rdi         /* struct uk_syscall_frame * */
	cld
	call uk_syscall_dispatch
	popq %rdi
	popq %rsi
	popq %rdx
	popq %r10
	popq %r8
	popq %r9
	addq $8, %rsp           /* the caller's rax: replaced by the result */
	popq %r11
	popq %rcx
	pushq %r11
	popfq
	movq (%rsp), %rsp
	jmp *%rcx

	.bss
	.balign 16
	.skip 16384
uk_syscall_stack_top:
	.balign 8
uk_syscall_user_rsp:
	.quad 0
