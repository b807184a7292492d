/* prestart.h: starting ld.lld before its arguments are known. Loading LLVM's shared
 * libraries is most of a small link's time (about 15 of 20 ms here); started while clang
 * compiles, on the other core, that cost disappears from a build. */
#ifndef UKCC_PRESTART_H
#define UKCC_PRESTART_H

#include <stdbool.h>

/* Spawns `LLD @FIFO`: it loads, then blocks reading its response file. Best effort: on any
 * failure nothing is started and uk_prestart_run reports false. */
void uk_prestart(const char *lld);
/* Hands argv (argv[0] ignored) to the waiting linker and waits for it. Returns true and
 * stores its exit status if a prestarted linker took the job; false if there is none. */
bool uk_prestart_run(char *const argv[], int *status);
/* Ends a prestarted linker that will not be needed (also done at exit). */
void uk_prestart_cancel(void);

#endif
