/* tsc.h: private to the time component. */
#ifndef TIME_TSC_H
#define TIME_TSC_H

#include <stdint.h>
#include <uk/time.h>

uint64_t uk_tsc_hz(void);
uint64_t uk_rtc_epoch_seconds(void); /* wall clock at the first call; 0 if there is no RTC */

#endif
