/* dispatch.c: system-call dispatch. The table is filled at boot from the .uk_syscalls
 * entries of the components linked into this image; any other number returns -ENOSYS, as
 * Linux does for a call it lacks. `ukcc run --strace` turns tracing on with no rebuild. */
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/frame.h>
#include <uk/init.h>
#include <uk/io.h>
#include <uk/syscall.h>

#define NR_MAX 512
#define FMASK_FLAGS 0x47700 /* clear TF, DF, IF, IOPL, NT, AC on entry, as Linux */

static const struct uk_syscall *table[NR_MAX];
extern char uk_syscall_entry[];
struct uk_frame *uk_syscall_current;
void (*uk_syscall_exit_hook)(struct uk_frame *f);

static void trace_call(const struct uk_frame *f)
{
	long nr = (long)f->rax;
	const struct uk_syscall *s = nr >= 0 && nr < NR_MAX ? table[nr] : 0;
	if (s)
		uk_printk("[strace] %s(", s->name);
	else
		uk_printk("[strace] syscall_%ld(", nr);
	uk_printk("0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx, 0x%lx)", f->rdi, f->rsi, f->rdx, f->r10, f->r8,
		  f->r9);
}

static void trace_result(long nr, long r)
{
	if (r < 0 && r > -4096)
		uk_printk(" = -1 (errno %ld)%s\n", -r,
			  nr >= 0 && nr < NR_MAX && table[nr] ? "" : " [no component implements it]");
	else
		uk_printk(" = 0x%lx\n", r);
}

void uk_syscall_dispatch(struct uk_frame *f)
{
	long nr = (long)f->rax;
	bool noreturn = nr == __NR_exit || nr == __NR_exit_group;
	uk_syscall_current = f;
	if (uk_boot.strace) {
		trace_call(f);
		if (noreturn)
			uk_printk("\n");
	}
	/* As on Linux, rcx and r11 come back holding rip and rflags (a call that rewrites the
	 * whole frame, rt_sigreturn, overwrites these too). */
	f->rcx = f->rip;
	f->r11 = f->rflags;
	long r = -ENOSYS;
	if (nr >= 0 && nr < NR_MAX && table[nr])
		r = table[nr]->fn((long)f->rdi, (long)f->rsi, (long)f->rdx, (long)f->r10,
				  (long)f->r8, (long)f->r9);
	if (uk_boot.strace)
		trace_result(nr, r);
	f->rax = (uint64_t)r;
	if (uk_syscall_exit_hook)
		uk_syscall_exit_hook(f);
}

static void syscall_init(void)
{
	for (const struct uk_syscall *s = __uk_syscalls_start; s < __uk_syscalls_end; s++)
		if (s->nr >= 0 && s->nr < NR_MAX)
			table[s->nr] = s;
	uk_wrmsr(MSR_STAR, (uint64_t)0x08 << 32 | (uint64_t)0x08 << 48);
	uk_wrmsr(MSR_LSTAR, (uint64_t)uk_syscall_entry);
	uk_wrmsr(MSR_FMASK, FMASK_FLAGS);
}
UK_INITCALL(1, 2, syscall_init);
