/* cpu.h: private to the cpu component. */
#ifndef CPU_CPU_H
#define CPU_CPU_H

#include <uk/cpu.h>

#define UK_SEL_CODE 0x08
#define UK_SEL_DATA 0x10
#define UK_SEL_TSS 0x18
#define UK_IST_TRAP 1
#define UK_IST_FATAL 2

void uk_idt_init(void);
void uk_pic_mask(void);
void uk_trap(struct uk_frame *f);
_Noreturn void uk_crash(const struct uk_frame *f);

#endif
