/* libcscan.c: scan libc.a once, cache the result keyed by the archive's content. */
#include "libcscan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "version.h"

/* Bump when the scanner's results could change, so old caches are not trusted. */
#define SCAN_FORMAT 4

struct site {
	long nr;
	int via;
	char *fn;
};

struct member {
	size_t off; /* of its header in the archive: names repeat, offsets do not */
	char *name;
	struct site *v;
	size_t n;
};

struct uk_libc_scan {
	struct member *m;
	size_t n;
};

static uint64_t content_hash(const char *path, int *err)
{
	size_t len;
	char *data = uk_read_file(path, &len);
	if (!data) {
		*err = errno;
		return 0;
	}
	/* Eight bytes a step: libc.a is hashed on every build, so this must cost well under a
	 * millisecond. Multiply-xorshift mixing; not cryptographic, only a cache key. */
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, data + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	for (; i < len; i++)
		h = (h ^ (unsigned char)data[i]) * 0x100000001b3ULL;
	free(data);
	return h;
}

static char *cache_dir(void)
{
	const char *d = getenv("UKCC_CACHE_DIR");
	if (d && *d)
		return uk_xstrdup(d);
	d = getenv("XDG_CACHE_HOME");
	if (d && *d)
		return uk_xasprintf("%s/ukcc", d);
	d = getenv("HOME");
	return uk_xasprintf("%s/.cache/ukcc", d && *d ? d : "/tmp");
}

char *uk_libc_scan_cache_path(const char *libc)
{
	int err = 0;
	uint64_t h = content_hash(libc, &err);
	if (err)
		return NULL;
	char *dir = cache_dir();
	char *p = uk_xasprintf("%s/libc-%016llx-v%d-%s.sites", dir, (unsigned long long)h, SCAN_FORMAT, UKCC_VERSION);
	free(dir);
	return p;
}

static struct member *add_member(struct uk_libc_scan *s, size_t off, const char *name)
{
	s->m = uk_xrealloc(s->m, (s->n + 1) * sizeof *s->m);
	s->m[s->n] = (struct member){off, uk_xstrdup(name), NULL, 0};
	return &s->m[s->n++];
}

static void add_site(struct member *m, long nr, int via, const char *fn)
{
	m->v = uk_xrealloc(m->v, (m->n + 1) * sizeof *m->v);
	m->v[m->n++] = (struct site){nr, via, fn ? uk_xstrdup(fn) : NULL};
}

static int scan_archive(struct uk_libc_scan *s, const char *libc)
{
	int fd;
	Elf *ar = uk_elf_open(libc, &fd);
	if (!ar)
		return -1;
	int rc = 0;
	Elf *m;
	while (!rc && (m = elf_begin(fd, ELF_C_READ, ar))) {
		Elf_Arhdr *h = elf_getarhdr(m);
		if (h && h->ar_name[0] != '/' && elf_kind(m) == ELF_K_ELF) {
			struct uk_syscall_site *sites;
			size_t n;
			char *where = uk_xasprintf("%s(%s)", libc, h->ar_name);
			if (uk_scan_syscall_sites(m, where, uk_musl_takers, &sites, &n) < 0) {
				rc = -1;
			} else {
				struct member *mem = add_member(s, (size_t)elf_getaroff(m), h->ar_name);
				for (size_t i = 0; i < n; i++)
					add_site(mem, sites[i].nr, sites[i].via, sites[i].function);
				uk_sites_free(sites);
			}
			free(where);
		}
		elf_next(m);
		elf_end(m);
	}
	elf_end(ar);
	close(fd);
	return rc;
}

static void write_cache(const struct uk_libc_scan *s, const char *path)
{
	char *dir = uk_dirname(path);
	char *parent = uk_dirname(dir);
	mkdir(parent, 0755);
	mkdir(dir, 0755);
	free(parent);
	char *tmp = uk_xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) { /* no cache: the next build scans again, nothing worse */
		if (fd >= 0)
			close(fd);
		free(tmp);
		free(dir);
		return;
	}
	fprintf(f, "ukcc-libc-scan %d\n", SCAN_FORMAT);
	for (size_t i = 0; i < s->n; i++) {
		fprintf(f, "M %zu %s\n", s->m[i].off, s->m[i].name);
		for (size_t j = 0; j < s->m[i].n; j++)
			fprintf(f, "S %ld %d %s\n", s->m[i].v[j].nr, s->m[i].v[j].via,
				s->m[i].v[j].fn ? s->m[i].v[j].fn : "-");
	}
	if (fclose(f) == 0 && rename(tmp, path) == 0) {
		free(tmp);
		free(dir);
		return;
	}
	unlink(tmp);
	free(tmp);
	free(dir);
}

static int read_cache(struct uk_libc_scan *s, const char *path)
{
	char *text = uk_read_file(path, NULL);
	if (!text)
		return -1;
	char header[64];
	snprintf(header, sizeof header, "ukcc-libc-scan %d\n", SCAN_FORMAT);
	if (strncmp(text, header, strlen(header))) {
		free(text);
		return -1;
	}
	struct member *cur = NULL;
	char *save = NULL;
	for (char *line = strtok_r(text + strlen(header), "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == 'M' && line[1] == ' ') {
			char *end;
			size_t off = strtoull(line + 2, &end, 10);
			if (*end != ' ')
				break;
			cur = add_member(s, off, end + 1);
		} else if (line[0] == 'S' && line[1] == ' ' && cur) {
			char *end, *end2;
			long nr = strtol(line + 2, &end, 10);
			long via = strtol(end, &end2, 10);
			if (*end != ' ' || *end2 != ' ')
				break;
			add_site(cur, nr, (int)via, strcmp(end2 + 1, "-") ? end2 + 1 : NULL);
		}
	}
	free(text);
	return 0;
}

struct uk_libc_scan *uk_libc_scan_open(const char *libc)
{
	struct uk_libc_scan *s = uk_xcalloc(1, sizeof *s);
	char *path = uk_libc_scan_cache_path(libc);
	if (!path) {
		uk_error("cannot read %s:", libc);
		free(s);
		return NULL;
	}
	if (read_cache(s, path) < 0) {
		if (uk_verbose)
			fprintf(stderr, "ukcc: scanning %s for system calls (cached in %s)\n", libc, path);
		if (scan_archive(s, libc) < 0) {
			free(path);
			uk_libc_scan_close(s);
			return NULL;
		}
		write_cache(s, path);
	}
	free(path);
	return s;
}

/* Members are recorded in archive order, so their offsets are sorted. */
static struct member *find(struct uk_libc_scan *s, size_t off)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->m[mid].off == off)
			return &s->m[mid];
		if (s->m[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void uk_libc_scan_sites(struct uk_libc_scan *s, size_t off, struct uk_object *o)
{
	struct member *m = find(s, off);
	for (size_t i = 0; m && i < m->n; i++) {
		const char *fn = NULL;
		if (m->v[i].fn) {
			uk_strv_push(&o->names, m->v[i].fn);
			fn = o->names.v[o->names.n - 1];
		}
		o->sites = uk_xrealloc(o->sites, (o->nsites + 1) * sizeof *o->sites);
		o->sites[o->nsites++] = (struct uk_site){m->v[i].nr, m->v[i].via, fn};
	}
}

void uk_libc_scan_close(struct uk_libc_scan *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		for (size_t j = 0; j < s->m[i].n; j++)
			free(s->m[i].v[j].fn);
		free(s->m[i].v);
		free(s->m[i].name);
	}
	free(s->m);
	free(s);
}
