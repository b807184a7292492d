/* walk: the host's own confinement, without the guest's VFS in the way. This program talks
 * 9P2000.L to the share directly through the 9p component's client (it is linked in the same
 * image and runs in ring 0; without the scheduler, requests are polled) and walks paths that
 * lead out of the shared directory. The host (QEMU's local fsdev) must refuse every one, or
 * keep ".." at the root on the root. The share holds sub/, up -> .. and abs -> the absolute
 * host path of its parent, which holds the file secret. (The boot has mounted the share; this
 * program resets the device and makes a connection of its own.) */
#include <stdio.h>
#include <string.h>

#include "../../../runtime/9p/p9.h"

static struct uk_9p c;
static uint32_t root;
static struct uk_9p_qid root_qid;

static void try(const char *what, unsigned n, const char *const *names)
{
	uint16_t lens[P9_MAXWELEM];
	for (unsigned i = 0; i < n; i++)
		lens[i] = (uint16_t)strlen(names[i]);
	uint32_t fid = uk_9p_fid_alloc(&c);
	struct uk_9p_qid q;
	int rc = uk_9p_walk(&c, root, fid, n, names, lens, &q);
	if (rc) {
		uk_9p_fid_release(&c, fid);
		printf("%s: refused\n", what);
		return;
	}
	/* Reached something: it must be the share's root itself, and must not be readable as
	 * the secret. */
	long got = -1;
	char buf[64] = {0};
	if (!(q.type & P9_QID_DIR) && !uk_9p_lopen(&c, fid, 0, 0))
		got = uk_9p_read(&c, fid, 0, buf, sizeof buf - 1);
	printf("%s: %s%s\n", what, q.path == root_qid.path ? "the share's root" : "something else",
	       got > 0 ? ", and read it" : "");
	uk_9p_clunk(&c, fid);
}

int main(void)
{
	struct uk_virtio_dev *d = uk_virtio_find(UK_VIRTIO_ID_9P, 0);
	if (!d || uk_9p_connect(&c, d)) {
		printf("no 9p device\n");
		return 1;
	}
	root = uk_9p_fid_alloc(&c);
	if (uk_9p_attach(&c, root, &root_qid)) {
		printf("attach failed\n");
		return 1;
	}
	try("..", 1, (const char *[]){".."});
	try("../secret", 2, (const char *[]){"..", "secret"});
	try("../../secret", 3, (const char *[]){"..", "..", "secret"});
	try("sub/../../secret", 4, (const char *[]){"sub", "..", "..", "secret"});
	try("up/secret", 2, (const char *[]){"up", "secret"});
	try("abs/secret", 2, (const char *[]){"abs", "secret"});
	try("'../secret' as one name", 1, (const char *[]){"../secret"});
	try("'/' as a name", 1, (const char *[]){"/"});
	return 0;
}
