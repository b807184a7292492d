/* uk/abi.h: the contract between an image and the host that runs it (ukcc run, or any VMM).
 * Included by the runtime and by the driver; change it only together with UK_ABI_VERSION. */
#ifndef UK_ABI_H
#define UK_ABI_H

#include <stdint.h>

#define UK_ABI_VERSION 1

/* Exit: the guest writes its status to QEMU's isa-debug-exit device
 * (-device isa-debug-exit,iobase=0xf4,iosize=0x04), which ends QEMU with (v << 1) | 1.
 * The host's exit status only holds 7 bits of v, so the exact outcome also goes to the
 * status port below. A QEMU exit status of 0 always means the guest died (triple fault). */
#define UK_DEBUG_EXIT_PORT 0xf4

/* Status record: just before exiting, the guest writes one line to an isa-debugcon device at
 * this port (-device isa-debugcon,iobase=0xe9,chardev=...):
 *   "exit N\n"              the application exited with status N (0..255)
 *   "signal S REASON\n"     the application was ended as if by signal S (a CPU exception,
 *                           abort(), a smashed stack); REASON is one line of text.
 * Before it, for each descriptor the host handed over as a file (ukcc.fd= below):
 *   "fd N OFF\n"            the file's offset at the end, where the host's descriptor N
 *                           continues (the next command of `(a; b) >file` writes after a) */
#define UK_STATUS_PORT 0xe9

/* Kernel command line (PVH start_info cmdline), space-separated tokens:
 *   ukcc.strace            trace every system call on the console
 *   ukcc.tty=COLSxROWS     stdin/stdout are a terminal of that size (TIOCGWINSZ answers it);
 *                          without it the console is not a terminal (ENOTTY), as a pipe
 *   ukcc.stdin=escaped     console input comes only when the guest asks, escaped (below)
 *   ukcc.stderr=pipe       console output carries stdout and stderr as two streams, which the
 *   ukcc.stderr=tty        host splits (below); stderr is a terminal with "tty" (as stdout
 *   ukcc.stderr=full       is with ukcc.tty=), or /dev/full with "full". Without it every
 *                          descriptor writes the same raw bytes to the console, for hosts
 *                          that only show a serial line
 *   ukcc.stdout=full       the host's stdout is /dev/full: writes to it fail with ENOSPC
 *   ukcc.env=K%3DV         set (or override) an environment variable, percent-encoded
 *   ukcc.share=TAG:DIR     mount the virtio-9p device whose mount tag is TAG (9P2000.L) at
 *   ukcc.share=TAG:DIR:ro  the guest directory DIR (percent-encoded, ':' included), read-only
 *                          with :ro; the host serves one directory per tag and confines the
 *                          guest to it. A share that cannot be mounted ends the run (SIGABRT)
 *   ukcc.hostroot=TAG      the virtio-9p device TAG serves the host's root directory: each
 *                          top-level directory but dev, proc and sys is mounted at its own
 *                          path (so host paths mean the same in the guest), top-level
 *                          symbolic links are recreated; before any ukcc.share=
 *   ukcc.umask=OOO         with ukcc.hostroot=: the file mode creation mask (octal) the
 *                          program starts with, the host's, as a native program inherits it
 *   ukcc.cwd=DIR           the initial working directory, percent-encoded (after the shares
 *                          are mounted); one that cannot be entered ends the run (SIGABRT)
 *   ukcc.fd=N:FLAGS:OFF:PATH  with ukcc.hostroot=: descriptor N (0, 1 or 2) is not the
 *                          console but the host file PATH (percent-encoded, ':' included),
 *                          opened with the open(2) FLAGS (decimal: access mode, O_APPEND) at
 *                          offset OFF, as the host's own descriptor N is: a program's stdin
 *                          or stdout redirected from or to a file can seek and stat it
 *   ukcc.fd=N:dup:M        descriptor N shares M's open file (the host's 2>&1)
 *   ukcc.ramfs_size=N%     the in-memory file system (/) may hold at most N% of guest RAM
 *   ukcc.ramfs_size=SIZE   (default 50%, or the manifest's "ramfs_size"), or SIZE bytes
 *                          (K, M, G suffixes); writes beyond it fail with ENOSPC
 *   ukcc.argv0=NAME        argv[0], percent-encoded (default: the image's name); cc-mode
 *                          images get the name they were started by, as on Linux
 *   ukcc.console=virtio    with ukcc.stderr=: the guest may move the framed stream (below),
 *                          requests included, from the UART to the first virtio console's
 *                          port 1 (MULTIPORT; the guest opens the port), a whole write per
 *                          request, after draining the UART; replies to requests made there
 *                          come there too. The guest sends a request only once the host has
 *                          taken all output before it (so a prompt is out before the read)
 *   --  ARG...             replace argv[1..] with these percent-encoded arguments
 * Percent-encoding: every byte outside [A-Za-z0-9._/=:,+@-] is written as %XX; an empty
 * argument is written as %00 (a token cannot be empty), which decodes to "". */
/* The longest command line the guest takes, in bytes (a longer one ends the boot). A host
 * with more to say (or more entries) passes UK_CMDLINE_MODULE as the whole command line and the real one as
 * the first PVH module (an initrd to QEMU): its text, a NUL, zeros to a multiple of 8, then
 * room where the guest decodes it: 16 bytes per word (spaces + 1) plus the text's length
 * plus 1, zeroed. */
#define UK_CMDLINE_BYTES 4095
#define UK_CMDLINE_ENTRIES 128 /* arguments, and variables, that one may carry */
#define UK_CMDLINE_MODULE "ukcc.cmdline=module"
/* The bytes percent-encoding leaves as they are; a field may encode some of them too (an
 * environment entry its '=', a share's guest path its ':'). */
#define UK_CMDLINE_SAFE "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._/=:,+@-"
#define UK_CMDLINE_STRACE "ukcc.strace"
#define UK_CMDLINE_STDERR "ukcc.stderr="
#define UK_CMDLINE_STDOUT_FULL "ukcc.stdout=full"
#define UK_CMDLINE_TTY "ukcc.tty="
#define UK_CMDLINE_STDIN_ESCAPED "ukcc.stdin=escaped"
#define UK_CMDLINE_ENV "ukcc.env="
#define UK_CMDLINE_SHARE "ukcc.share="
#define UK_CMDLINE_CWD "ukcc.cwd="
#define UK_CMDLINE_HOSTROOT "ukcc.hostroot="
#define UK_CMDLINE_ARGV0 "ukcc.argv0="
#define UK_CMDLINE_RAMFS_SIZE "ukcc.ramfs_size="
#define UK_CMDLINE_FD "ukcc.fd="
#define UK_CMDLINE_UMASK "ukcc.umask="
#define UK_CMDLINE_CONSOLE "ukcc.console="
/* Console input with ukcc.stdin=escaped. The host sends nothing unasked, so a program takes
 * from the host's stdin exactly what it reads, as with a pipe: `(prog; cat) <file` and
 * `sed -u` leave the rest for the next reader. The guest asks on the framed output (below):
 * UK_OUT_ESC 'r', a decimal count N, ';' for one read of at most N bytes, and UK_OUT_ESC 'p'
 * to be told when input is ready (poll). The host answers a read with the bytes of one
 * read(2) of at most N, then UK_STDIN_END; at end of file with a lone UK_STDIN_EOF, for good.
 * It answers 'p', once its stdin is readable, with UK_STDIN_READY. In data, UK_STDIN_QUOTE
 * quotes the next byte (any of these five). A request that comes on the virtio console
 * (ukcc.console=virtio) is answered there, then UK_STDIN_BELL on the UART wakes the guest;
 * UK_STDIN_READY always comes on the UART. */
#define UK_STDIN_QUOTE 0x16 /* ^V */
#define UK_STDIN_EOF 0x04   /* ^D */
#define UK_STDIN_END 0x12   /* ^R */
#define UK_STDIN_READY 0x01 /* ^A */
#define UK_STDIN_BELL 0x07  /* ^G: on the UART, a reply went to the virtio console */
#define UK_STDIN_MAX 4096   /* the largest N a guest asks for on the UART */
#define UK_STDIN_MAX_BULK 32768 /* ... and on the virtio console */

/* Console output with ukcc.stderr=: bytes belong to the current stream, stdout at boot.
 * UK_OUT_ESC then '1' or '2' makes stdout or stderr current; UK_OUT_ESC twice is the byte
 * itself. One serial line keeps the order in which the program wrote to the two, which two
 * lines could not. The runtime's own messages (crash reports, --strace) go to stderr.
 * UK_OUT_ESC UK_OUT_END ends each write(), so that the host passes a write on in one piece,
 * as a pipe keeps a write of up to PIPE_BUF bytes whole among other writers'; the guest
 * sends an empty one before its first, to say that it ends its writes. */
#define UK_OUT_ESC 0x10
#define UK_OUT_READ 'r'
#define UK_OUT_POLL 'p'
#define UK_OUT_END '.'

/* Function names for crash reports: ukcc appends this table to the image and points section
 * .uk_symtab and its own PT_LOAD segment at it (src/symtab.c; runtime/cpu/symbols.c reads
 * it). Little-endian: u32 magic UK_SYMTAB_MAGIC, u32 count, u32 size of the whole table;
 * count u32 function addresses, ascending (a function ends where the next begins); then
 * count NUL-terminated names in the same order. Names carry no offsets: only a crash looks
 * one up, and walking to the n-th name costs it nothing that matters, while 4 bytes an
 * entry are a kilobyte of every image. */
#define UK_SYMTAB_MAGIC 0x32736b75 /* "uks2" */

/* Embedded files: the manifest's "files", packed by ukcc into the image (section
 * .rodata.uk_files, from symbol __uk_files to __uk_files_end) and unpacked into the root file
 * system at boot. Little-endian:
 *   header (24 bytes): u32 magic UK_FILES_MAGIC, u32 number of entries, u64 size of the whole
 *                      blob (header included), u64 FNV-1a 64 of every byte after the header
 *   entries, each starting 8-aligned: u8 type (UK_FILES_DIR, _FILE, _LINK), u8 0,
 *                      u16 permission bits (07777), u16 path length, u16 0, u64 data length,
 *                      then the absolute guest path (no NUL), then the data (a file's bytes,
 *                      a link's target), then zeros to the next multiple of 8.
 * Entries come in order: a directory before what it holds, names sorted by byte value. The
 * boot refuses a blob whose size or checksum is wrong (a corrupt or truncated image). */
#define UK_FILES_MAGIC 0x31464b55u /* "UKF1" */
#define UK_FILES_DIR 'd'
#define UK_FILES_FILE 'f'
#define UK_FILES_LINK 'l'
#define UK_FILES_FNV_OFFSET 0xcbf29ce484222325ULL
#define UK_FILES_FNV_PRIME 0x100000001b3ULL

/* The manifest's argv and environment (section .rodata.uk_args, symbol __uk_args), read by
 * runtime/boot/stack.c. Little-endian: u32 argc, u32 envc, u32 size of the strings; then
 * argc argument strings and envc "KEY=VALUE" strings, each NUL-terminated. The counts let an
 * argument be empty. */
struct uk_args_block {
	uint32_t argc, envc, size;
	char strings[];
};

/* ELF notes in section .note.ukcc, owner name "ukcc": */
#define UK_NOTE_NAME "ukcc"
#define UK_NOTE_MEMORY 1     /* desc: uint64_t default guest memory in bytes */
#define UK_NOTE_COMPONENTS 2 /* desc: NUL-separated list of runtime components linked in */
#define UK_NOTE_VERSION 3    /* desc: NUL-terminated ukcc version that built the image */

#endif
