/* uk/init.h: component initialisers, registered by class into linker sections that the
 * linker sorts (SORT(.uk_init.*)); boot runs the table in order. No hidden constructors. */
#ifndef UK_INIT_H
#define UK_INIT_H

struct uk_initcall {
	void (*fn)(void);
	const char *name;
};

/* Classes, in boot order. */
#define UK_INIT_EARLY 1    /* console, cpu tables: nothing before them can report */
#define UK_INIT_PLATFORM 2 /* memory, timers */
#define UK_INIT_DEVICE 3
#define UK_INIT_FS 4
#define UK_INIT_NET 5
#define UK_INIT_LATE 6

#define UK_INIT_CAT(a, b) a##b
#define UK_INITCALL(cls, prio, f)                                                          \
	static const struct uk_initcall UK_INIT_CAT(uk_initcall_, f)                         \
		__attribute__((used, section(".uk_init." #cls "." #prio))) = {f, #f}

/* The generated table: [__uk_init_start, __uk_init_end). */
extern const struct uk_initcall __uk_init_start[], __uk_init_end[];

#endif
