/* embed.c: packs host files and directory trees into the embedded-files blob (uk/abi.h).
 * Deterministic: entries in manifest order, directory contents sorted by name, and only
 * names, permission bits, link targets and bytes are recorded: no owners, no times (the
 * guest's files get the boot time), so an image depends only on what the files hold. */
#include "embed.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uk/abi.h"

unsigned long long uk_embed_checksum(const void *p, size_t n)
{
	unsigned long long h = UK_FILES_FNV_OFFSET;
	for (const unsigned char *c = p; n--; c++)
		h = (h ^ *c) * UK_FILES_FNV_PRIME;
	return h;
}

static void pad8(struct uk_buf *b)
{
	static const char zeros[8];
	uk_buf_add(b, zeros, (8 - b->len % 8) % 8);
}

static int add_entry(struct uk_buf *b, unsigned *count, char type, mode_t mode, const char *guest,
		     const void *data, uint64_t len)
{
	size_t plen = strlen(guest);
	if (plen > 4095) {
		uk_error("files: guest path %s is longer than 4095 bytes", guest);
		return -1;
	}
	unsigned char hdr[16] = {(unsigned char)type, 0, (unsigned char)(mode & 0xff),
				 (unsigned char)((mode >> 8) & 0x0f), (unsigned char)(plen & 0xff),
				 (unsigned char)(plen >> 8)};
	for (int i = 0; i < 8; i++)
		hdr[8 + i] = (unsigned char)(len >> (8 * i));
	uk_buf_add(b, hdr, sizeof hdr);
	uk_buf_add(b, guest, plen);
	uk_buf_add(b, data, (size_t)len);
	pad8(b);
	++*count;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int pack(const char *host, const char *guest, bool top, struct uk_buf *b, unsigned *count);

static int pack_dir(const char *host, const char *guest, struct uk_buf *b, unsigned *count)
{
	DIR *d = opendir(host);
	if (!d) {
		uk_error("files: cannot read directory %s:", host);
		return -1;
	}
	struct uk_strv names = {0};
	for (struct dirent *e; (e = readdir(d));)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			uk_strv_push(&names, e->d_name);
	closedir(d);
	if (names.n)
		qsort(names.v, names.n, sizeof *names.v, by_name);
	int r = 0;
	for (size_t i = 0; i < names.n && !r; i++) {
		char *h = uk_xasprintf("%s/%s", host, names.v[i]);
		char *g = uk_xasprintf("%s%s%s", guest, strcmp(guest, "/") ? "/" : "", names.v[i]);
		r = pack(h, g, false, b, count);
		free(h);
		free(g);
	}
	uk_strv_free(&names);
	return r;
}

/* A manifest's own host path is followed if it is a link; links inside trees are kept. */
static int pack(const char *host, const char *guest, bool top, struct uk_buf *b, unsigned *count)
{
	struct stat st;
	if ((top ? stat(host, &st) : lstat(host, &st)) != 0) {
		uk_error("files: cannot access %s:", host);
		return -1;
	}
	mode_t mode = st.st_mode & 07777;
	if (S_ISDIR(st.st_mode))
		return add_entry(b, count, UK_FILES_DIR, mode, guest, "", 0) || pack_dir(host, guest, b, count);
	if (S_ISLNK(st.st_mode)) {
		char target[4096];
		ssize_t n = readlink(host, target, sizeof target);
		if (n < 0 || n >= (ssize_t)sizeof target) {
			uk_error("files: cannot read symbolic link %s:", host);
			return -1;
		}
		return add_entry(b, count, UK_FILES_LINK, 0777, guest, target, (uint64_t)n);
	}
	if (!S_ISREG(st.st_mode)) {
		uk_error("files: %s is not a regular file, a directory or a symbolic link", host);
		return -1;
	}
	size_t len;
	char *data = uk_read_file(host, &len);
	if (!data) {
		uk_error("files: cannot read %s:", host);
		return -1;
	}
	int r = add_entry(b, count, UK_FILES_FILE, mode, guest, data, len);
	free(data);
	return r;
}

int uk_embed_pack(const struct uk_strv *host, const struct uk_strv *guest, struct uk_buf *out)
{
	if (!host->n)
		return 0;
	struct uk_buf body = {0};
	unsigned count = 0;
	for (size_t i = 0; i < host->n; i++)
		if (pack(host->v[i], guest->v[i], true, &body, &count) < 0) {
			uk_buf_free(&body);
			return -1;
		}
	uint64_t size = 24 + body.len;
	unsigned long long sum = uk_embed_checksum(body.p, body.len);
	unsigned char hdr[24];
	uint32_t magic = UK_FILES_MAGIC;
	for (int i = 0; i < 4; i++) {
		hdr[i] = (unsigned char)(magic >> (8 * i));
		hdr[4 + i] = (unsigned char)(count >> (8 * i));
	}
	for (int i = 0; i < 8; i++) {
		hdr[8 + i] = (unsigned char)(size >> (8 * i));
		hdr[16 + i] = (unsigned char)(sum >> (8 * i));
	}
	uk_buf_add(out, hdr, sizeof hdr);
	uk_buf_add(out, body.p, body.len);
	uk_buf_free(&body);
	return 0;
}
