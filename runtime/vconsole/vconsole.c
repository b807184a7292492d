/* vconsole.c: the console's framed output (uk/abi.h) through a virtio console (virtio 1.1,
 * 5.3) when `ukcc run` provides one. Through the UART every byte costs two port accesses,
 * each a trip into QEMU, which holds output to well under 1 MB/s; here a whole write is one
 * request. The host's port is port 1, a serial port rather than the console port 0, because
 * QEMU drops what a console port's backend cannot take at once, while a serial port waits:
 * that needs MULTIPORT, though not its control messages, since only the port's transmit
 * queue is used. Input, and the requests for it, stay on the UART. The device is set up on the first write after boot has
 * brought up memory and paging (before, the UART serves), so images that never print pay
 * nothing, and a host that gave none leaves the UART in charge. */
#include <uk/abi.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/init.h>
#include <uk/util.h>
#include <uk/virtio.h>

#define F_MULTIPORT (1ULL << 1)
#define TX_QUEUE 5 /* port 1: receive queue 4, transmit queue 5 (virtio 1.1, 5.3.2) */
#define BUF_SIZE (64 << 10)

static struct uk_virtq tx;
static char *buf;
static int state = -1; /* -1: none (yet); 0: may be set up; 1: up */
static bool held; /* a write is filling buf */

static bool start(void)
{
	const char *cursor = 0, *end;
	const char *v = uk_cmdline_value(UK_CMDLINE_CONSOLE, &cursor, &end);
	if (!v || end - v != 6 || uk_strncmp(v, "virtio", 6))
		return false;
	struct uk_virtio_dev *d = uk_virtio_find(UK_VIRTIO_ID_CONSOLE, 0);
	int64_t features = d ? uk_virtio_start(d, F_MULTIPORT) : -1;
	if (features < 0 || !(features & F_MULTIPORT) || uk_virtq_init(d, &tx, TX_QUEUE, 0) < 0)
		return false;
	if (!(buf = uk_virtio_dma_alloc(BUF_SIZE)))
		return false;
	uk_virtio_ready(d);
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
	*cap = BUF_SIZE;
	return buf;
}

/* Console writes run with interrupts off and the host takes a request as soon as it is
 * notified (unless its reader lags), so waiting is a short spin, safe in a crash report. */
void uk_vconsole_send(size_t n, bool done)
{
	if (n) {
		struct uk_virtio_buf b = {(uint64_t)buf, (uint32_t)n};
		int id = uk_virtq_submit(&tx, &b, 1, 0);
		uint32_t len;
		while (id >= 0 && uk_virtq_poll(&tx, &len) != id)
			__asm__ volatile("pause");
	}
	if (done)
		held = false;
}
