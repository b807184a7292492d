/* switch.S: switching runtime stacks between threads. Only the callee-saved registers need
 * saving here: everything else is in the frame below, on the thread's own stack. */
	.text
	.globl uk_context_switch
uk_context_switch:       /* (uint64_t *save_sp, uint64_t new_sp) */
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq %rsi, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/* A new thread's first switch returns here, with its frame (a copy of the parent's clone
 * system call with rax = 0 and the new stack) right above. */
	.globl uk_thread_entry
uk_thread_entry:
	jmp uk_return_to_program
