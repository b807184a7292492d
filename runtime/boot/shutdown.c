/* shutdown.c: how a run ends, per uk/abi.h: a status record on the status port for the host,
 * then isa-debug-exit (QEMU), then the i8042 reset line (Firecracker), then halt. */
#include <uk/abi.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/io.h>
#include <uk/util.h>

void uk_status_line(const char *s)
{
	for (; *s; s++)
		uk_outb(UK_STATUS_PORT, (uint8_t)*s);
}

/* What components report for the host (uk_shutdown_report), then the outcome. */
static void final_record(const char *rec)
{
	if (uk_shutdown_report)
		uk_shutdown_report();
	uk_status_line(rec);
}

static _Noreturn void leave(uint32_t code)
{
	uk_outl(UK_DEBUG_EXIT_PORT, code);
	uk_outb(0x64, 0xfe); /* i8042: pulse the reset line */
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* Every run ends here: formatted by hand, since the formatter's code would otherwise be
 * translated (under TCG) just to print three digits. */
void uk_shutdown(int status)
{
	unsigned v = (unsigned)status & 0xff;
	char rec[] = "exit 000\n", *p = rec + 5;
	if (v >= 100)
		*p++ = (char)('0' + v / 100);
	if (v >= 10)
		*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	*p++ = '\n';
	*p = 0;
	final_record(rec);
	leave(v);
}

void uk_shutdown_signal(int sig, const char *reason)
{
	char rec[256];
	uk_snprintf(rec, sizeof rec, "signal %d %s\n", sig, reason);
	final_record(rec);
	/* QEMU exits with (v << 1) | 1; keep the shell's 128+sig in the low 7 bits of v. */
	leave((uint32_t)(128 + sig) & 0x7f);
}

void uk_panic(const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	uk_vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	uk_printk("ukcc runtime: panic: %s\n", msg);
	char reason[224];
	uk_snprintf(reason, sizeof reason, "runtime panic: %s", msg);
	uk_shutdown_signal(6, reason);
}
