/* deliver.c: running signal handlers. On the way back to the program (after a system call,
 * an interrupt or a fault) a pending, unblocked signal with a handler gets a Linux x86-64
 * signal frame on the program's stack (or its alternate stack): the return address (the
 * restorer musl registers), a ucontext_t with the interrupted registers and mask, the
 * siginfo_t, the FPU state. rt_sigreturn puts it all back. */
#include <errno.h>
#include <uk/boot.h>
#include <uk/cpu.h>
#include <uk/init.h>
#include <uk/mem.h>
#include <uk/syscall.h>
#include <uk/util.h>

#include "signal.h"

#define RED_ZONE 128
#define FLAGS_USER 0x0dd5 /* CF PF AF ZF SF TF DF OF: what a context may restore */

/* The frame is written where a fault must not happen (a fault's own frame is on the IST
 * stack it would reuse): make every page present first. */
static bool prefault(uint64_t lo, uint64_t hi)
{
	for (uint64_t p = UK_ALIGN_DOWN(lo, UK_PAGE_SIZE); p < hi; p += UK_PAGE_SIZE)
		if (!uk_mem_readable(p, 1) && !uk_mem_fault(p, 2))
			return false;
	return true;
}

static void fill_info(siginfo_t *si, int sig)
{
	uk_memset(si, 0, sizeof *si);
	si->si_signo = sig;
	si->si_code = uk_sig_info[sig].code;
	if (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL) {
		si->si_addr = (void *)uk_sig_info[sig].value;
	} else {
		si->si_pid = uk_sig_info[sig].pid;
		si->si_uid = 0;
		si->si_value.sival_ptr = (void *)uk_sig_info[sig].value;
	}
}

static void save_regs(greg_t *g, const struct uk_frame *f)
{
	g[REG_R8] = (greg_t)f->r8, g[REG_R9] = (greg_t)f->r9, g[REG_R10] = (greg_t)f->r10;
	g[REG_R11] = (greg_t)f->r11, g[REG_R12] = (greg_t)f->r12, g[REG_R13] = (greg_t)f->r13;
	g[REG_R14] = (greg_t)f->r14, g[REG_R15] = (greg_t)f->r15, g[REG_RDI] = (greg_t)f->rdi;
	g[REG_RSI] = (greg_t)f->rsi, g[REG_RBP] = (greg_t)f->rbp, g[REG_RBX] = (greg_t)f->rbx;
	g[REG_RDX] = (greg_t)f->rdx, g[REG_RAX] = (greg_t)f->rax, g[REG_RCX] = (greg_t)f->rcx;
	g[REG_RSP] = (greg_t)f->rsp, g[REG_RIP] = (greg_t)f->rip, g[REG_EFL] = (greg_t)f->rflags;
	g[REG_CSGSFS] = (greg_t)f->cs;
	g[REG_ERR] = f->vector == UK_VEC_SYSCALL ? 0 : (greg_t)f->error;
	g[REG_TRAPNO] = f->vector == UK_VEC_SYSCALL ? 0 : (greg_t)f->vector;
}

static bool setup_frame(struct uk_frame *f, int sig, const struct k_sigaction *a)
{
	struct uk_sigstate *s = uk_sigstate();
	uint64_t sp = f->rsp;
	bool alt_ok = !(s->ss_flags & SS_DISABLE), on_alt = alt_ok && sp - s->ss_sp <= s->ss_size;
	if ((a->flags & SA_ONSTACK) && alt_ok && !on_alt)
		sp = s->ss_sp + s->ss_size;
	else
		sp -= RED_ZONE;
	uint64_t top = sp;
	uint64_t fp = (sp - 512) & ~63ULL;
	uint64_t si = (fp - sizeof(siginfo_t)) & ~15ULL;
	uint64_t uc = (si - sizeof(ucontext_t)) & ~15ULL;
	sp = uc - 8; /* the return address: rsp is 8 mod 16 at the handler, as after a call */
	if (!prefault(sp, top))
		return false;

	__asm__ volatile("fxsave64 %0" : "=m"(*(char(*)[512])fp)); /* the program's live state */
	fill_info((siginfo_t *)si, sig);
	ucontext_t *u = (ucontext_t *)uc;
	uk_memset(u, 0, sizeof *u);
	u->uc_stack = (stack_t){(void *)s->ss_sp, on_alt ? SS_ONSTACK : s->ss_flags, (size_t)s->ss_size};
	save_regs(u->uc_mcontext.gregs, f);
	u->uc_mcontext.gregs[REG_CR2] = (greg_t)uk_sig_info[sig].value;
	u->uc_mcontext.fpregs = (fpregset_t)fp;
	uk_memcpy(&u->uc_sigmask, &s->blocked, 8);
	*(uint64_t *)sp = (uint64_t)a->restorer;

	f->rip = (uint64_t)a->handler;
	f->rsp = sp;
	f->rdi = (uint64_t)sig;
	f->rsi = si;
	f->rdx = uc;
	f->rax = 0;
	f->rflags &= ~0x500ULL; /* DF and TF off, as the ABI promises a called function */
	f->cs = 0x08;
	f->ss = 0x10;
	s->blocked |= a->mask | (a->flags & SA_NODEFER ? 0 : BIT(sig));
	s->blocked &= ~UNBLOCKABLE;
	if (a->flags & SA_RESETHAND)
		uk_sigactions[sig].handler = SIG_DFL;
	return true;
}

/* Linux never restarts these after a handler, SA_RESTART or not. */
static bool restartable(long nr)
{
	switch (nr) {
	case __NR_nanosleep: case __NR_clock_nanosleep: case __NR_pause: case __NR_rt_sigsuspend:
	case __NR_rt_sigtimedwait: case __NR_select: case __NR_pselect6: case __NR_poll:
	case __NR_ppoll: case __NR_epoll_wait: case __NR_epoll_pwait:
		return false;
	}
	return true;
}

void uk_signal_deliver(struct uk_frame *f)
{
	struct uk_sigstate *s = uk_sigstate();
	uint64_t ready = (s->pending | uk_sig_process_pending) & ~s->blocked;
	while (ready) {
		int sig = __builtin_ctzll(ready) + 1;
		ready &= ~BIT(sig);
		if (s->pending & BIT(sig))
			s->pending &= ~BIT(sig);
		else
			uk_sig_process_pending &= ~BIT(sig);
		if (uk_signal_ignored(sig))
			continue;
		const struct k_sigaction *a = &uk_sigactions[sig];
		if (a->handler == SIG_DFL)
			uk_signal_terminate(sig);
		if (f->vector == UK_VEC_SYSCALL && (long)f->rax == -EINTR && (a->flags & SA_RESTART) &&
		    restartable((long)f->error)) {
			f->rax = f->error; /* the call again, from its `syscall` instruction */
			f->rip -= 2;
		}
		if (!setup_frame(f, sig, a)) /* no stack for it: what Linux does too */
			uk_signal_terminate(SIGSEGV);
		return; /* one at a time; the next after this handler's rt_sigreturn */
	}
}

static long sys_rt_sigreturn(void)
{
	struct uk_frame *f = uk_syscall_current;
	const ucontext_t *u = (const ucontext_t *)f->rsp;
	const greg_t *g = u->uc_mcontext.gregs;
	f->r8 = (uint64_t)g[REG_R8], f->r9 = (uint64_t)g[REG_R9], f->r10 = (uint64_t)g[REG_R10];
	f->r11 = (uint64_t)g[REG_R11], f->r12 = (uint64_t)g[REG_R12], f->r13 = (uint64_t)g[REG_R13];
	f->r14 = (uint64_t)g[REG_R14], f->r15 = (uint64_t)g[REG_R15], f->rdi = (uint64_t)g[REG_RDI];
	f->rsi = (uint64_t)g[REG_RSI], f->rbp = (uint64_t)g[REG_RBP], f->rbx = (uint64_t)g[REG_RBX];
	f->rdx = (uint64_t)g[REG_RDX], f->rax = (uint64_t)g[REG_RAX], f->rcx = (uint64_t)g[REG_RCX];
	f->rsp = (uint64_t)g[REG_RSP], f->rip = (uint64_t)g[REG_RIP];
	f->rflags = ((uint64_t)g[REG_EFL] & FLAGS_USER) | 0x202; /* interrupts stay on */
	f->cs = 0x08;
	f->ss = 0x10;
	f->vector = UK_VEC_SYSCALL + 1; /* a restored context, not a call to restart */
	if (u->uc_mcontext.fpregs)
		__asm__ volatile("fxrstor64 %0" ::"m"(*(const char(*)[512])u->uc_mcontext.fpregs));
	struct uk_sigstate *s = uk_sigstate();
	uk_memcpy(&s->blocked, &u->uc_sigmask, 8);
	s->blocked &= ~UNBLOCKABLE;
	return (long)f->rax; /* the restored rax is what the dispatcher puts back */
}
UK_SYSCALL(rt_sigreturn, sys_rt_sigreturn);

/* A CPU fault in the program: a handler may take it (and longjmp out, or fix and return). */
static bool fault(struct uk_frame *f, int sig, int code, uint64_t addr)
{
	const struct k_sigaction *a = &uk_sigactions[sig];
	struct uk_sigstate *s = uk_sigstate();
	if (a->handler == SIG_DFL || a->handler == SIG_IGN || (s->blocked & BIT(sig)))
		return false; /* Linux kills the process then: the crash report does */
	uk_sig_info[sig] = (struct pending_info){code, 1, addr};
	return setup_frame(f, sig, a);
}

/* Weak: with no interrupt component, signals arrive only through system calls and faults. */
extern void (*uk_irq_return_hook)(struct uk_frame *f) __attribute__((weak));

static void signal_init(void)
{
	uk_syscall_exit_hook = uk_signal_deliver;
	if (&uk_irq_return_hook)
		uk_irq_return_hook = uk_signal_deliver;
	uk_fault_hook = fault;
}
UK_INITCALL(6, 0, signal_init);
