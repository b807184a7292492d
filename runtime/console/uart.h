/* uart.h: private to the console component. */
#ifndef CONSOLE_UART_H
#define CONSOLE_UART_H

#include <stdbool.h>

void uk_uart_init(void);
void uk_uart_putc(char c);
void uk_uart_drain(void);
bool uk_uart_ready(void);
void uk_uart_rx_interrupts(void); /* raise IRQ 4 while received data waits */
char uk_uart_getc(void); /* blocks */

#endif
