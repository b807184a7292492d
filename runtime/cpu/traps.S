/* traps.S: exception entry. Exceptions run on their IST stack and return from it, through
 * uk_return_to_program, the one way back to the program (irq/ and syscall/ use it too). */
#include <uk/frame.h>

	.text
.macro TRAP vec, has_error
uk_trap_\vec:
	.if !\has_error
	pushq $0
	.endif
	pushq $\vec
	jmp trap_common
.endm

.irp v, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,22,23,24,25,26,27,28,31
TRAP \v, 0
.endr
.irp v, 8,10,11,12,13,14,17,21,29,30
TRAP \v, 1
.endr

trap_common:
	SAVE_REGS
	LOAD_DATA_SS
	movq %rsp, %rdi
	call uk_trap
	.globl uk_return_to_program
uk_return_to_program:
	RESTORE_REGS_IRETQ

	.section .rodata.uk_trap_stubs, "a"
	.balign 8
	.globl uk_trap_stubs
uk_trap_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad uk_trap_\v
	.endr
