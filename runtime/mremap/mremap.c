/* mremap.c: registers mremap(2), implemented by the mem component. A component of its own
 * because musl reaches mremap only from realloc: programs that never grow an allocation
 * link none of its code (hello's image is about 700 bytes smaller). */
#include <uk/mem.h>
#include <uk/syscall.h>

UK_SYSCALL(mremap, uk_mremap);
