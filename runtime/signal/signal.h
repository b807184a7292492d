/* signal.h: private to the signal component. */
#ifndef SIGNAL_SIGNAL_H
#define SIGNAL_SIGNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <uk/frame.h>
#include <uk/signal.h>

#define NSIG_LINUX 64
#define BIT(sig) (1ULL << ((sig)-1))
#define UNBLOCKABLE (BIT(SIGKILL) | BIT(SIGSTOP))

/* The kernel's struct sigaction (not libc's): handler, flags, restorer, mask. */
struct k_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

/* What a pending signal carries (standard signals do not queue: one per signal). */
struct pending_info {
	int code;
	int pid;
	uint64_t value; /* si_value, or the faulting address */
};

extern struct k_sigaction uk_sigactions[NSIG_LINUX + 1];
extern uint64_t uk_sig_process_pending;
extern struct pending_info uk_sig_info[NSIG_LINUX + 1];

bool uk_signal_ignored(int sig);
/* Ends the run as the default action of sig would. */
_Noreturn void uk_signal_terminate(int sig);

#endif
