/* test_9p.c: the 9P2000.L wire codec of runtime/9p (codec.c, built here for the host) against
 * messages written out by hand from the protocol's definition. */
#include <stdio.h>
#include <string.h>

#include "../../runtime/9p/codec.c"

void *uk_memcpy(void *d, const void *s, size_t n)
{
	return memcpy(d, s, n);
}

static int nfailed;

static void report(const char *name, bool good, const char *why)
{
	if (good) {
		printf("ok   9p.%s\n", name);
	} else {
		printf("FAIL 9p.%s: %s\n", name, why);
		nfailed++;
	}
}

static void tversion(void)
{
	uint8_t m[64];
	struct uk_9p_buf b = {m, sizeof m, 0, false};
	uk_9p_begin(&b, P9_TVERSION, P9_NOTAG);
	uk_9p_put32(&b, 8192);
	uk_9p_putstr(&b, "9P2000.L", 8);
	uk_9p_finish(&b);
	static const uint8_t want[] = {21, 0, 0, 0, 100, 0xff, 0xff, 0, 0x20, 0, 0, 8, 0,
				       '9', 'P', '2', '0', '0', '0', '.', 'L'};
	report("tversion", !b.bad && b.off == sizeof want && !memcmp(m, want, sizeof want),
	       "encoding differs");
}

static void twalk(void)
{
	uint8_t m[64];
	struct uk_9p_buf b = {m, sizeof m, 0, false};
	uk_9p_begin(&b, P9_TWALK, 1);
	uk_9p_put32(&b, 0x01020304);
	uk_9p_put32(&b, 5);
	uk_9p_put16(&b, 2);
	uk_9p_putstr(&b, "a", 1);
	uk_9p_putstr(&b, "bc", 2);
	uk_9p_finish(&b);
	static const uint8_t want[] = {24, 0, 0, 0, 110, 1, 0, 4, 3, 2, 1, 5, 0, 0, 0, 2, 0,
				       1, 0, 'a', 2, 0, 'b', 'c'};
	report("twalk", !b.bad && b.off == sizeof want && !memcmp(m, want, sizeof want),
	       "encoding differs");
}

static void overflow(void)
{
	uint8_t m[10];
	struct uk_9p_buf b = {m, sizeof m, 0, false};
	uk_9p_begin(&b, P9_TWRITE, 1);
	uk_9p_putdata(&b, "0123", 4);
	bool bad_after_put = b.bad;
	static char big[70000];
	uint8_t m2[80000];
	struct uk_9p_buf b2 = {m2, sizeof m2, 0, false};
	uk_9p_putstr(&b2, big, sizeof big);
	uint8_t r[3] = {1, 2, 3};
	struct uk_9p_buf g = {r, sizeof r, 0, false};
	uint32_t v = uk_9p_get32(&g);
	report("overflow", bad_after_put && b2.bad && g.bad && v == 0,
	       "an overrun was not marked bad");
}

static void rgetattr(void)
{
	uint8_t m[160] = {0};
	struct uk_9p_buf b = {m, sizeof m, 0, false};
	uk_9p_put64(&b, P9_GETATTR_BASIC);
	uk_9p_put8(&b, P9_QID_DIR);
	uk_9p_put32(&b, 7);
	uk_9p_put64(&b, 0x1122334455667788ULL);
	uk_9p_put32(&b, 040755);
	uk_9p_put32(&b, 1000);
	uk_9p_put32(&b, 100);
	uint64_t v[] = {2, 0, 4096, 4096, 8, 11, 12, 21, 22, 31, 32, 41, 42, 0, 0};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		uk_9p_put64(&b, v[i]);
	uint32_t len = b.off;
	struct uk_9p_buf r = {m, len, 0, false};
	struct uk_9p_attr a;
	uk_9p_getattr_body(&r, &a);
	report("rgetattr",
	       !r.bad && r.off == len && a.qid.type == P9_QID_DIR && a.qid.version == 7 &&
		       a.qid.path == 0x1122334455667788ULL && a.mode == 040755 && a.uid == 1000 &&
		       a.gid == 100 && a.nlink == 2 && a.size == 4096 && a.blocks == 8 &&
		       a.atime_sec == 11 && a.mtime_nsec == 22 && a.ctime_sec == 31,
	       "fields decoded wrong");
	struct uk_9p_buf s = {m, len - 1, 0, false};
	uk_9p_getattr_body(&s, &a);
	report("rgetattr-truncated", s.bad, "a short reply was accepted");
}

static void readdir_entries(void)
{
	uint8_t m[128];
	struct uk_9p_buf b = {m, sizeof m, 0, false};
	const char *names[] = {".", "..", "file"};
	for (int i = 0; i < 3; i++) {
		uk_9p_put8(&b, i < 2 ? P9_QID_DIR : 0);
		uk_9p_put32(&b, 0);
		uk_9p_put64(&b, 100 + (uint64_t)i);
		uk_9p_put64(&b, 1000 + (uint64_t)i); /* offset of the next entry */
		uk_9p_put8(&b, i < 2 ? 4 : 8);       /* DT_DIR, DT_REG */
		uk_9p_putstr(&b, names[i], strlen(names[i]));
	}
	struct uk_9p_buf r = {m, b.off, 0, false};
	struct uk_9p_dirent d;
	int n = 0;
	bool good = true;
	while (uk_9p_dirent_next(&r, &d)) {
		good &= d.qid.path == 100 + (uint64_t)n && d.offset == 1000 + (uint64_t)n &&
			d.namelen == strlen(names[n]) && !memcmp(d.name, names[n], d.namelen);
		n++;
	}
	report("readdir", good && n == 3 && !r.bad, "entries decoded wrong");
	struct uk_9p_buf t = {m, b.off - 2, 0, false};
	n = 0;
	while (uk_9p_dirent_next(&t, &d))
		n++;
	report("readdir-truncated", n == 2 && t.bad, "a cut entry was accepted");
}

int main(void)
{
	tversion();
	twalk();
	overflow();
	rgetattr();
	readdir_entries();
	return nfailed != 0;
}
