/* x86dec.h: an x86-64 (64-bit mode) instruction decoder: exact lengths, control flow, GPR writes. */
#ifndef UKCC_X86DEC_H
#define UKCC_X86DEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The decoder covers what compilers and assemblers emit for x86-64: the general-purpose
 * instructions, x87, MMX, SSE to SSE4.2, AES/PCLMUL/SHA/GFNI, AVX/AVX2/FMA/F16C and BMI1/2
 * through VEX, and the common system instructions. It is exact on what it accepts: an
 * opcode, prefix combination or ModRM form it does not know (EVEX, XOP, 3DNow!, SSE4a,
 * undefined encodings, branches whose meaning differs between vendors) is reported as
 * undecodable instead of guessed, so that callers can treat that code conservatively.
 */

/* General-purpose registers, numbered as in ModRM/REX. */
enum {
	X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
	X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
};
#define X86_GPR(r) ((uint16_t)(1u << (r)))
#define X86_ALL_GPRS ((uint16_t)0xffff)

enum x86_map { X86_MAP_1B, X86_MAP_0F, X86_MAP_0F38, X86_MAP_0F3A };

/* How control leaves an instruction. */
enum x86_flow {
	X86_FLOW_NEXT,     /* falls through to the next instruction */
	X86_FLOW_JCC,      /* conditional relative branch (jcc, loop, jrcxz, xbegin): target or next */
	X86_FLOW_JMP,      /* unconditional relative jump */
	X86_FLOW_CALL,     /* relative call (returns to the next instruction) */
	X86_FLOW_JMP_IND,  /* indirect or far jump: target unknown, no fall-through */
	X86_FLOW_CALL_IND, /* indirect or far call (returns to the next instruction) */
	X86_FLOW_RET,      /* ret, iret, sysret: no fall-through */
	X86_FLOW_STOP,     /* ud2, ud1, hlt: no fall-through */
};

/* Prefix bits in x86_insn.prefixes. */
enum {
	X86_PFX_66 = 1, X86_PFX_67 = 2, X86_PFX_F2 = 4, X86_PFX_F3 = 8, X86_PFX_LOCK = 16,
	X86_PFX_SEG = 32,
};

struct x86_insn {
	uint8_t len;       /* 1..15 */
	uint8_t map;       /* enum x86_map */
	uint8_t op;        /* the opcode byte within its map */
	uint8_t modrm;     /* when has_modrm */
	uint8_t sib;       /* when has_sib */
	bool has_modrm, has_sib;
	bool vex;          /* VEX-encoded (then map is 0F, 0F38 or 0F3A) */
	bool rip_rel;      /* memory operand is [rip + disp32] (or [eip + disp32] with 67h) */
	bool rel;          /* imm is a branch displacement relative to the next instruction */
	uint8_t rex;       /* the REX bits W R X B (bit 3..0), from REX or VEX; 0 if none */
	bool has_rex;      /* a REX prefix was present (byte registers 4-7 are then SPL..DIL) */
	uint8_t prefixes;  /* X86_PFX_* */
	uint8_t mprefix;   /* the prefix selecting SSE/VEX variants: 0, 0x66, 0xf3 or 0xf2 */
	uint8_t opsize;    /* operand size of general-purpose operations: 1, 2, 4 or 8 */
	uint8_t vvvv;      /* VEX.vvvv register (un-inverted), 0 without VEX */
	uint8_t vex_l;     /* VEX.L */
	uint8_t flow;      /* enum x86_flow */
	uint8_t disp_off, disp_size; /* where the displacement is (size 0, 1 or 4) */
	uint8_t imm_off, imm_size;   /* where the immediate/moffs/rel is (size 0, 1, 2, 3, 4 or 8) */
	int64_t disp;      /* sign-extended displacement */
	int64_t imm;       /* sign-extended immediate or rel (ENTER: iw | ib << 16; moffs: raw) */
	uint16_t writes;   /* general-purpose registers the instruction may write (X86_GPR bits),
	                      including partial writes and implicit ones (rsp for push/call,
	                      rax:rdx for mul/cpuid, ...); memory destinations are not counted */
};

/* Decodes the instruction at p (n bytes available). Returns its length (1..15), or 0 if the
 * bytes are not an instruction the decoder knows exactly or are truncated. */
int x86_decode(const uint8_t *p, size_t n, struct x86_insn *in);

/* ModRM fields with the REX/VEX extensions applied. */
static inline unsigned x86_mod(const struct x86_insn *in) { return in->modrm >> 6; }
static inline unsigned x86_reg(const struct x86_insn *in)
{
	return ((in->modrm >> 3) & 7) | ((in->rex & 4u) << 1);
}
static inline unsigned x86_rm(const struct x86_insn *in)
{
	return (in->modrm & 7) | ((in->rex & 1u) << 3);
}

#endif
