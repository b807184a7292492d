/* uk/time.h: the monotonic clock, for components that wait or time out. */
#ifndef UK_TIME_H
#define UK_TIME_H

#include <stdint.h>

/* Nanoseconds since boot (CLOCK_MONOTONIC). */
uint64_t uk_monotonic_ns(void);
/* Nanoseconds since the Unix epoch (CLOCK_REALTIME). */
uint64_t uk_realtime_ns(void);

#endif
