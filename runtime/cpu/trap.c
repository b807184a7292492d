/* trap.c: exception dispatch. A page fault may be a first touch of an anonymous page, which
 * the memory component resolves; everything else ends the run with a crash report. */
#include <stdbool.h>
#include <uk/cpu.h>
#include <uk/io.h>
#include <uk/signal.h>
#include <uk/mem.h>

#include "cpu.h"

#define VEC_PF 14

bool (*uk_fault_hook)(struct uk_frame *f, int sig, int code, uint64_t addr);

void uk_trap(struct uk_frame *f)
{
	if (f->vector == VEC_PF && uk_mem_fault(uk_read_cr2(), f->error))
		return;
	/* A fault in the idle loop is the runtime's own bug, never the program's to handle. */
	extern volatile uint8_t uk_in_idle __attribute__((weak));
	bool in_program = !(&uk_in_idle && uk_in_idle);
	if (uk_fault_hook && in_program) {
		int code, sig = uk_vector_signal((unsigned)f->vector, f->error, &code);
		uint64_t addr = f->vector == VEC_PF ? uk_read_cr2() : f->rip;
		if (sig && uk_fault_hook(f, sig, code, addr))
			return;
	}
	uk_crash(f);
}
