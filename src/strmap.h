/* strmap.h: a string -> pointer hash map (open addressing) for symbol tables. Keys are not
 * copied: they must outlive the map. */
#ifndef UKCC_STRMAP_H
#define UKCC_STRMAP_H

#include <stddef.h>

struct uk_strmap {
	const char **keys;
	void **vals;
	size_t cap, n;
};

/* Returns the value for key, or NULL. */
void *uk_strmap_get(const struct uk_strmap *m, const char *key);
/* Sets key to val unless key is present; returns the value now stored. */
void *uk_strmap_put(struct uk_strmap *m, const char *key, void *val);
void uk_strmap_free(struct uk_strmap *m);

#endif
