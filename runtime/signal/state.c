/* state.c: signal state for an image without the scheduler: one thread, the process. The
 * sched component replaces these with per-thread versions. */
#include "signal.h"

static struct uk_sigstate only = {.ss_flags = SS_DISABLE};

__attribute__((weak)) struct uk_sigstate *uk_sigstate(void)
{
	return &only;
}

__attribute__((weak)) struct uk_sigstate *uk_sigstate_of(int tid)
{
	return tid == 1 ? &only : 0;
}

__attribute__((weak)) int uk_signal_target(uint64_t bit)
{
	return only.blocked & bit ? -1 : 1;
}

__attribute__((weak)) void uk_thread_interrupt(int tid)
{
	(void)tid; /* nothing blocks without the scheduler */
}
