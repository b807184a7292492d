/* sysscan.h: finds the Linux system calls x86-64 machine code in ELF relocatable objects can make. */
#ifndef UKCC_SYSSCAN_H
#define UKCC_SYSSCAN_H

#include <gelf.h>
#include <stddef.h>
#include <stdint.h>

/* How a site makes (or may make) a system call. */
enum uk_site_via {
	UK_SITE_SYSCALL,     /* a `syscall` instruction; the number is rax */
	UK_SITE_CALL,        /* a call or tail jump to a number-taking function (a taker) */
	UK_SITE_INT80,       /* `int $0x80`: the i386 system-call ABI (numbers differ!) */
	UK_SITE_REF,         /* a taker's address is taken (not called): any number, nr = -1 */
	UK_SITE_UNDECODABLE, /* code the decoder does not know, or whose control flow cannot be
	                        followed: it may make any system call, nr = -1 */
};

/* A function that takes a system-call number as an integer argument (SysV ABI: arg 0 is
 * rdi, 1 rsi, 2 rdx, 3 rcx, 4 r8, 5 r9). */
struct uk_syscall_taker {
	const char *name;
	int arg;
};

/* musl's number-taking functions: syscall(n, ...), __syscall_cp(n, ...), __syscall_cp_c(n, ...)
 * and __setxid(n, ...) (behind setuid() and its kin) take it first; __syscall_cp_asm(&cancel,
 * n, ...) second. Terminated by {NULL, 0}. */
extern const struct uk_syscall_taker uk_musl_takers[];

struct uk_syscall_site {
	size_t section;       /* ELF section index of the code (of the reference for REF) */
	uint64_t offset;      /* offset in that section of the instruction (or relocation) */
	long nr;              /* the constant system-call number, or -1 if not constant */
	int via;              /* enum uk_site_via */
	const char *callee;   /* CALL and REF: the taker's name */
	const char *function; /* the STT_FUNC symbol containing the site, or NULL */
};

/*
 * Scans every executable section of a relocatable x86-64 ELF object (an Elf* from elf_begin
 * on a .o, or on an archive member; elf_version() must have been called) for system-call
 * sites. A site whose number can take several constant values on different paths is
 * reported once per value (in increasing order, consecutively); one whose number is not
 * constant on some path is reported once with nr = -1. Sites are sorted by section and
 * offset. Negative constants are reported as -1.
 *
 * Calls and tail jumps to the symbols named in takers (NULL: none) are sites too, their
 * number being the taker's argument register before the call; they are found through the
 * relocation at the call's rel32 (R_X86_64_PLT32/PC32) or at a `call *sym@GOTPCREL(%rip)`.
 *
 * Strings in the result point into the object's string table: they live as long as e.
 * Returns 0 with the sites (free with uk_sites_free), or -1 on a malformed object, reported
 * as "ukcc: NAME: why" (name is what the caller calls the object, e.g. "libc.a(open.lo)").
 */
int uk_scan_syscall_sites(Elf *e, const char *name, const struct uk_syscall_taker *takers,
			  struct uk_syscall_site **sites, size_t *n);
void uk_sites_free(struct uk_syscall_site *sites);

/* "syscall", "call", "int80", "ref", "undecodable". */
const char *uk_site_via_name(int via);

#endif
