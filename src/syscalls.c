/* syscalls.c: the system-call table, generated at build time from the musl headers that
 * images are compiled against, so ukcc and its images always agree on the numbers. */
#include "syscalls.h"

#include <string.h>

static const struct {
	const char *name;
	long nr;
} table[] = {
#include "syscall_names.h"
};

#define N (sizeof table / sizeof table[0])

const char *uk_syscall_name(long nr)
{
	for (size_t i = 0; i < N; i++)
		if (table[i].nr == nr)
			return table[i].name;
	return NULL;
}

long uk_syscall_number(const char *name)
{
	for (size_t i = 0; i < N; i++)
		if (!strcmp(table[i].name, name))
			return table[i].nr;
	return -1;
}

long uk_syscall_max(void)
{
	long max = 0;
	for (size_t i = 0; i < N; i++)
		if (table[i].nr >= max)
			max = table[i].nr + 1;
	return max;
}
