/* crash.c: the crash report. It names the exception, the faulting function and address,
 * prints the registers and a frame-pointer backtrace with symbol names, and ends the run as
 * the signal Linux would have delivered, so `ukcc run` exits like a shell would (128+sig). */
#include <signal.h>
#include <stdbool.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/io.h>
#include <uk/mem.h>
#include <uk/util.h>

#include "cpu.h"

/* "MNEMONIC name" per vector and the signal Linux sends for it; two small arrays rather than
 * an array of structs keep this table a third of the size in every image. */
static const char *const vec_names[32] = {
	[0] = "#DE divide error", [1] = "#DB debug exception", [2] = "NMI non-maskable interrupt",
	[3] = "#BP breakpoint", [4] = "#OF overflow", [5] = "#BR bound range exceeded",
	[6] = "#UD invalid opcode", [7] = "#NM device not available", [8] = "#DF double fault",
	[10] = "#TS invalid TSS", [11] = "#NP segment not present", [12] = "#SS stack-segment fault",
	[13] = "#GP general protection fault", [14] = "#PF page fault",
	[16] = "#MF x87 floating-point exception", [17] = "#AC alignment check",
	[18] = "#MC machine check", [19] = "#XM SIMD floating-point exception",
	[20] = "#VE virtualization exception", [21] = "#CP control protection exception",
};
static const unsigned char vec_sigs[32] = {
	[0] = SIGFPE, [1] = SIGTRAP, [2] = SIGBUS, [3] = SIGTRAP, [4] = SIGSEGV, [5] = SIGSEGV,
	[6] = SIGILL, [7] = SIGSEGV, [8] = SIGSEGV, [10] = SIGSEGV, [11] = SIGBUS, [12] = SIGBUS,
	[13] = SIGSEGV, [14] = SIGSEGV, [16] = SIGFPE, [17] = SIGBUS, [18] = SIGBUS, [19] = SIGFPE,
	[20] = SIGSEGV, [21] = SIGSEGV,
};

int uk_vector_signal(unsigned v, uint64_t error, int *code)
{
	*code = 0;
	if (v >= 32 || !vec_names[v])
		return 0;
	switch (vec_sigs[v]) {
	case SIGSEGV:
		*code = v == 14 && (error & 1) ? SEGV_ACCERR : SEGV_MAPERR;
		break;
	case SIGFPE:
		*code = v == 0 ? FPE_INTDIV : FPE_FLTINV;
		break;
	case SIGILL:
		*code = ILL_ILLOPN;
		break;
	case SIGBUS:
		*code = BUS_ADRERR;
		break;
	}
	return vec_sigs[v];
}

static void where(char *buf, size_t n, uint64_t addr)
{
	uint64_t off;
	const char *fn = uk_symbolize(addr, &off);
	if (fn)
		uk_snprintf(buf, n, "%s+0x%lx", fn, off);
	else
		uk_snprintf(buf, n, "0x%lx", addr);
}

static bool in_text(uint64_t a)
{
	return a >= (uint64_t)__image_start && a < (uint64_t)__text_end;
}

static void frame_line(int i, uint64_t addr)
{
	char w[96];
	where(w, sizeof w, addr);
	uk_printk("  #%-2d 0x%016lx %s\n", i, addr, w);
}

static void backtrace(const struct uk_frame *f)
{
	uk_printk("backtrace:\n");
	int i = 0, repeats = 0;
	uint64_t last = 0;
	frame_line(i++, f->rip);
	/* The faulting function may be a leaf without a frame (much of musl is built without
	 * frame pointers): then its caller's return address is on top of the stack. */
	uint64_t top = 0;
	if (uk_mem_readable(f->rsp, 8) && in_text(*(uint64_t *)f->rsp))
		frame_line(i++, top = *(uint64_t *)f->rsp);
	uint64_t fp = f->rbp;
	for (int walked = 0; walked < 4096 && i < 32 && fp && !(fp & 7) && uk_mem_readable(fp, 16); walked++) {
		uint64_t ret = ((uint64_t *)fp)[1], next = ((uint64_t *)fp)[0];
		if (!in_text(ret))
			break;
		if (ret == last) { /* deep recursion: one line, then a count */
			repeats++;
		} else if (ret != top) {
			if (repeats)
				uk_printk("      ... the frame above %d more times\n", repeats);
			repeats = 0;
			frame_line(i++, ret);
		}
		last = ret;
		top = 0;
		if (next <= fp)
			break;
		fp = next;
	}
	if (repeats)
		uk_printk("      ... the frame above %d more times\n", repeats);
}

static void registers(const struct uk_frame *f)
{
	uk_printk("registers:\n"
		  "  rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx\n"
		  "  rsi=%016lx rdi=%016lx rbp=%016lx rsp=%016lx\n"
		  "  r8 =%016lx r9 =%016lx r10=%016lx r11=%016lx\n"
		  "  r12=%016lx r13=%016lx r14=%016lx r15=%016lx\n"
		  "  rip=%016lx rflags=%016lx\n",
		  f->rax, f->rbx, f->rcx, f->rdx, f->rsi, f->rdi, f->rbp, f->rsp, f->r8, f->r9,
		  f->r10, f->r11, f->r12, f->r13, f->r14, f->r15, f->rip, f->rflags);
}

/* The sched component's, when linked: which thread crashed. */
extern int uk_current_tid(void) __attribute__((weak));

void uk_crash(const struct uk_frame *f)
{
	static bool crashing;
	if (crashing) /* the report itself faulted: stop at once */
		uk_shutdown_signal(SIGSEGV, "fault while printing a crash report");
	crashing = true;

	const char *full = f->vector < 32 && vec_names[f->vector] ? vec_names[f->vector]
								  : "? unexpected exception";
	int sig = f->vector < 32 && vec_sigs[f->vector] ? vec_sigs[f->vector] : SIGSEGV;
	char mnemonic[8];
	size_t m = 0;
	for (; full[m] != ' ' && m < sizeof mnemonic - 1; m++)
		mnemonic[m] = full[m];
	mnemonic[m] = 0;
	const char *name = full + m + 1;
	char at[128], what[128] = "", reason[256];
	where(at, sizeof at, f->rip);
	int tid = uk_current_tid ? uk_current_tid() : 1;
	if (tid != 1) { /* name the thread when it is not the main one */
		size_t n = uk_strlen(at);
		uk_snprintf(at + n, sizeof at - n, " (thread %d)", tid);
	}
	if (f->vector == 14) {
		uint64_t cr2 = uk_read_cr2();
		bool overflow = cr2 < f->rsp + 4096 && cr2 + 65536 >= f->rsp && cr2 >= 4096;
		uk_snprintf(what, sizeof what, "%s %s address 0x%lx%s",
			    f->error & 16 ? "instruction fetch at" : f->error & 2 ? "write to" : "read of",
			    f->error & 1 ? "protected" : "unmapped", cr2,
			    overflow ? " (stack overflow)" : cr2 < 4096 ? " (NULL pointer)" : "");
		uk_snprintf(reason, sizeof reason, "%s at 0x%lx in %s%s", name, cr2, at,
			    overflow ? " (stack overflow)" : "");
	} else {
		uk_snprintf(what, sizeof what, "error code 0x%lx", f->error);
		uk_snprintf(reason, sizeof reason, "%s in %s", name, at);
	}
	uk_printk("\nukcc runtime: crash: %s (%s, vector %lu) in %s\n  %s\n", name, mnemonic,
		  f->vector, at, what);
	registers(f);
	backtrace(f);
	uk_shutdown_signal(sig, reason);
}
