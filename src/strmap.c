/* strmap.c: FNV-1a hashing and linear probing; grows at half full. */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static size_t slot(const struct uk_strmap *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

void *uk_strmap_get(const struct uk_strmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	size_t i = slot(m, key);
	return m->keys[i] ? m->vals[i] : NULL;
}

static void grow(struct uk_strmap *m)
{
	struct uk_strmap bigger = {0};
	bigger.cap = m->cap ? m->cap * 2 : 256;
	bigger.keys = uk_xcalloc(bigger.cap, sizeof *bigger.keys);
	bigger.vals = uk_xcalloc(bigger.cap, sizeof *bigger.vals);
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i]) {
			size_t j = slot(&bigger, m->keys[i]);
			bigger.keys[j] = m->keys[i];
			bigger.vals[j] = m->vals[i];
			bigger.n++;
		}
	uk_strmap_free(m);
	*m = bigger;
}

void *uk_strmap_put(struct uk_strmap *m, const char *key, void *val)
{
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	size_t i = slot(m, key);
	if (m->keys[i])
		return m->vals[i];
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
	return val;
}

void uk_strmap_free(struct uk_strmap *m)
{
	free(m->keys);
	free(m->vals);
	*m = (struct uk_strmap){0};
}
