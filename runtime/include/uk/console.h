/* uk/console.h: the runtime's own output (boot messages, crash reports, strace), and the
 * console's input for the component that waits for it by interrupt (ttyin). */
#ifndef UK_CONSOLE_H
#define UK_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

void uk_console_write(const char *s, size_t n);
/* printf subset: %s %c %d %i %u %x %lx %p %ld %lu %llx %zu %%, with widths and '0'/'-' flags. */
void uk_printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void uk_vprintk(const char *fmt, va_list ap);
int uk_snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int uk_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);

/* Console input: whether a byte is waiting, and the UART's receive interrupt (ISA IRQ 4),
 * off until this turns it on. */
#include <stdbool.h>
bool uk_console_input_ready(void);
char uk_console_getc(void);
void uk_console_input_interrupts(void);
/* Writes UK_OUT_ESC then s: a request to the host on the framed console (uk/abi.h). */
void uk_console_control(const char *s, size_t n);
/* Defined by ttyin when linked (weak in the console): blocks until input is ready; 0, or
 * -EINTR for a signal. Without it the console polls. */
int uk_console_wait_input(void);
/* Defined by vconsole when linked (weak references): the bulk line for the framed stream
 * (uk/abi.h, ukcc.console=virtio). uk_vconsole_take returns its transmit buffer and size, or
 * NULL when there is none (not asked for, no device, or held by the write that a crash
 * interrupted); uk_vconsole_send hands the host the buffer's first n bytes and returns once
 * the host has them; done gives the buffer back. uk_vconsole_recv returns how many bytes of
 * a reply have come since the last call and points *p at them (until the next call). */
char *uk_vconsole_take(size_t *cap);
void uk_vconsole_send(size_t n, bool done);
size_t uk_vconsole_recv(const char **p);
/* Whether the framed stream travels on the bulk line now (it moves there, where there is
 * one, once the UART has carried 4 KiB either way): replies may then be larger. */
bool uk_console_on_bulk(void);

#endif
