/* vconsole.c: the console's framed stream (uk/abi.h) through a virtio console (virtio 1.1,
 * 5.3) when `ukcc run` provides one. Through the UART every byte costs a trip or two into
 * QEMU, which holds output under 1 MB/s and input near 200 KB/s; here a whole write, or a
 * whole reply to a read, is one request.
 *
 * The host's port is port 1, a serial port rather than the console port 0, because QEMU
 * drops what a console port's backend cannot take at once, while a serial port waits. That
 * takes MULTIPORT, and QEMU passes input to a MULTIPORT port only once the guest has opened
 * it: the one control message sent. Port 1's queues are receive 4 and transmit 5; control
 * transmit is 3 (virtio 1.1, 5.3.2).
 *
 * The device is set up when the console first wants it, after boot has brought up memory
 * and paging; a host that gave none leaves the UART in charge. */
#include <uk/abi.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/init.h>
#include <uk/util.h>
#include <uk/virtio.h>

#define F_MULTIPORT (1ULL << 1)
#define CTRL_TX_QUEUE 3
#define RX_QUEUE 4
#define TX_QUEUE 5
#define PORT 1
#define PORT_OPEN 6 /* control event: the guest has the port open (value 1) */
#define TX_SIZE (64 << 10)
#define RX_SIZE (2 * UK_STDIN_MAX_BULK + 16) /* a whole reply, every byte quoted */

struct control {
	uint32_t id;
	uint16_t event, value;
};

static struct uk_virtq tx, rx, ctrl;
static char *txbuf, *rxbuf;
static int state = -1; /* -1: none (yet); 0: may be set up; 1: up */
static bool held;      /* a write is filling txbuf */
static bool rx_posted;

/* Queues a request of one buffer and waits for the device to take it. Console writes run
 * with interrupts off and QEMU takes a request as soon as it is notified (unless the host's
 * reader lags), so waiting is a short spin, safe even in a crash report. */
static void send_one(struct uk_virtq *q, void *p, size_t n)
{
	struct uk_virtio_buf b = {(uint64_t)p, (uint32_t)n};
	int id = uk_virtq_submit(q, &b, 1, 0);
	uint32_t len;
	while (id >= 0 && uk_virtq_poll(q, &len) != id)
		__asm__ volatile("pause");
}

static bool start(void)
{
	const char *cursor = 0, *end;
	const char *v = uk_cmdline_value(UK_CMDLINE_CONSOLE, &cursor, &end);
	if (!v || end - v != 6 || uk_strncmp(v, "virtio", 6))
		return false;
	struct uk_virtio_dev *d = uk_virtio_find(UK_VIRTIO_ID_CONSOLE, 0);
	int64_t features = d ? uk_virtio_start(d, F_MULTIPORT) : -1;
	if (features < 0 || !(features & F_MULTIPORT) || uk_virtq_init(d, &ctrl, CTRL_TX_QUEUE, 0) < 0 ||
	    uk_virtq_init(d, &rx, RX_QUEUE, 0) < 0 || uk_virtq_init(d, &tx, TX_QUEUE, 0) < 0)
		return false;
	struct control *open = uk_virtio_dma_alloc(sizeof *open);
	if (!(txbuf = uk_virtio_dma_alloc(TX_SIZE)) || !(rxbuf = uk_virtio_dma_alloc(RX_SIZE)) || !open)
		return false;
	uk_virtio_ready(d);
	*open = (struct control){PORT, PORT_OPEN, 1};
	send_one(&ctrl, open, sizeof *open);
	return true;
}

static void vconsole_init(void)
{
	state = 0;
}
UK_INITCALL(3, 0, vconsole_init);

char *uk_vconsole_take(size_t *cap)
{
	if (!state)
		state = start() ? 1 : -1;
	if (state < 0 || held)
		return 0;
	held = true;
	*cap = TX_SIZE;
	return txbuf;
}

void uk_vconsole_send(size_t n, bool done)
{
	if (n)
		send_one(&tx, txbuf, n);
	if (done)
		held = false;
}

/* One receive buffer, posted while nothing is waiting in it: the host sends only replies to
 * reads the guest asked for, so one buffer of a reply's greatest size is enough. */
size_t uk_vconsole_recv(const char **p)
{
	if (state <= 0)
		return 0;
	if (!rx_posted) {
		struct uk_virtio_buf b = {(uint64_t)rxbuf, RX_SIZE};
		if (uk_virtq_submit(&rx, &b, 0, 1) < 0)
			return 0;
		rx_posted = true;
	}
	uint32_t len;
	if (uk_virtq_poll(&rx, &len) < 0)
		return 0;
	rx_posted = false; /* reposted by the next call, once the caller is done with it */
	*p = rxbuf;
	return len;
}
