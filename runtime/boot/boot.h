/* boot.h: functions private to the boot component. */
#ifndef BOOT_BOOT_H
#define BOOT_BOOT_H

/* Builds the initial stack from the image's argv/envp (and the command line's overrides)
 * and jumps to musl's _start. */
_Noreturn void uk_enter_app(void);

#endif
