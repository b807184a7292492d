/* trap.c: exception dispatch. A page fault may be a first touch of an anonymous page, which
 * the memory component resolves; everything else ends the run with a crash report. */
#include <uk/io.h>
#include <uk/mem.h>

#include "cpu.h"

#define VEC_PF 14

void uk_trap(struct uk_frame *f)
{
	if (f->vector == VEC_PF && uk_mem_fault(uk_read_cr2(), f->error))
		return;
	uk_crash(f);
}
