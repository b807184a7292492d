/* uk/console.h: the runtime's own output (boot messages, crash reports, strace). */
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

#endif
