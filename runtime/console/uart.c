/* uart.c: the 16550 UART at COM1, polled. Every hypervisor we target emulates it, and it is
 * the only output device that works from the first instruction to the last. */
#include <stdbool.h>
#include <uk/io.h>

#include "uart.h"

#define COM1 0x3f8
#define THR 0 /* transmit holding (write) / receive buffer (read) */
#define IER 1
#define IER_RX_DATA 0x01
#define FCR 2
#define FCR_FIFO_14 0xc7 /* FIFOs on and cleared; receive interrupt at 14 bytes (or a pause) */
#define LCR 3
#define MCR 4
#define MCR_DTR_RTS 0x03
#define MCR_OUT2 0x08 /* on PCs, connects the UART's interrupt to its IRQ line */
#define LSR 5
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define LSR_TX_EMPTY 0x40 /* holding register, FIFO and shift register all empty */

void uk_uart_init(void)
{
	uk_outb(COM1 + IER, 0);    /* polled: no interrupts */
	uk_outb(COM1 + LCR, 0x80); /* divisor latch: 115200 baud */
	uk_outb(COM1 + 0, 1);
	uk_outb(COM1 + 1, 0);
	uk_outb(COM1 + LCR, 0x03); /* 8 data bits, no parity, 1 stop bit */
	/* FCR is left alone: switching the FIFOs on discards what was received, and the host
	 * may have typed ahead while firmware ran. */
	uk_outb(COM1 + MCR, MCR_DTR_RTS);
}

void uk_uart_putc(char c)
{
	while (!(uk_inb(COM1 + LSR) & LSR_THR_EMPTY))
		__asm__ volatile("pause");
	uk_outb(COM1 + THR, (uint8_t)c);
}

/* Returns once every byte written has left: the host may be behind, and then QEMU holds the
 * last ones back until it can pass them on. */
void uk_uart_drain(void)
{
	while (!(uk_inb(COM1 + LSR) & LSR_TX_EMPTY))
		__asm__ volatile("pause");
}

/* The FIFO lets QEMU hand over 14 bytes per interrupt instead of one; turning it on
 * discards what the UART holds, which is why the host waits for the guest's word (abi.h). */
void uk_uart_rx_interrupts(void)
{
	uk_outb(COM1 + FCR, FCR_FIFO_14);
	uk_outb(COM1 + MCR, MCR_DTR_RTS | MCR_OUT2);
	uk_outb(COM1 + IER, IER_RX_DATA);
}

bool uk_uart_ready(void)
{
	return uk_inb(COM1 + LSR) & LSR_DATA_READY;
}

char uk_uart_getc(void)
{
	while (!uk_uart_ready())
		__asm__ volatile("pause");
	return (char)uk_inb(COM1 + THR);
}
