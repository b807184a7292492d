/* uart.h: private to the console component. */
#ifndef CONSOLE_UART_H
#define CONSOLE_UART_H

#include <stdbool.h>

void uk_uart_init(void);
void uk_uart_putc(char c);
bool uk_uart_ready(void);
char uk_uart_getc(void); /* blocks */

#endif
