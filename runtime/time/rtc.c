/* rtc.c: the wall clock, read once from the CMOS RTC (every PC-compatible VMM has one). */
#include <stdbool.h>
#include <uk/io.h>

#include "tsc.h"

static uint8_t cmos(uint8_t reg)
{
	uk_outb(0x70, reg);
	return uk_inb(0x71);
}

static unsigned bcd(uint8_t v, bool binary)
{
	return binary ? v : (v >> 4) * 10u + (v & 15u);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

uint64_t uk_rtc_epoch_seconds(void)
{
	for (int tries = 0; tries < 100000 && (cmos(0x0a) & 0x80); tries++)
		; /* wait out an update in progress */
	uint8_t b = cmos(0x0b);
	bool binary = b & 0x04, h24 = b & 0x02;
	unsigned sec = bcd(cmos(0x00), binary), min = bcd(cmos(0x02), binary);
	uint8_t hr = cmos(0x04);
	unsigned hour = bcd(hr & 0x7f, binary);
	if (!h24 && (hr & 0x80))
		hour = (hour % 12) + 12;
	unsigned day = bcd(cmos(0x07), binary), mon = bcd(cmos(0x08), binary);
	unsigned year = bcd(cmos(0x09), binary), century = bcd(cmos(0x32), binary);
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || sec > 60 || min > 59 || hour > 23)
		return 0; /* no RTC answered */
	year += (century >= 19 && century <= 30 ? century : 20) * 100;
	return (uint64_t)(days_from_civil(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec);
}
