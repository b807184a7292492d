/* x86dec.c: x86-64 instruction decoder (lengths, branches, GPR writes) from opcode tables. */
#include "x86dec.h"

#include <string.h>

/*
 * Every opcode map is a table of properties; what a table cannot say (opcode groups selected
 * by ModRM.reg, prefix-dependent variants, x87 register forms) is decided in special().
 * The tables follow the Intel SDM volume 2 opcode maps (appendix A), 64-bit mode column.
 * An entry of 0 is an opcode we reject: undefined in 64-bit mode, a prefix or escape byte
 * (handled before the lookup), or an extension we do not decode (3DNow!, SSE4a, XOP, EVEX).
 */

#define V    0x1u  /* a valid opcode */
#define M    0x2u  /* a ModRM byte follows */
#define BY   0x4u  /* byte operands: without REX, register numbers 4-7 are AH, CH, DH, BH */
#define MEM  0x8u  /* ModRM must name memory */
#define REG  0x10u /* ModRM must name a register */
#define NV   0x20u /* VEX.vvvv is unused and must be 1111b */

/* Immediate kinds (bits 8-11). */
#define IB   (1u << 8)  /* imm8 */
#define IW   (2u << 8)  /* imm16 */
#define IZ   (3u << 8)  /* imm16 with 66h, else imm32 (REX.W keeps imm32) */
#define IV   (4u << 8)  /* imm16/imm32/imm64 (B8+r) */
#define IWB  (5u << 8)  /* imm16 then imm8 (ENTER) */
#define MO   (6u << 8)  /* moffs: 8 bytes, 4 with 67h */
#define RB   (7u << 8)  /* rel8 */
#define RZ   (8u << 8)  /* rel32; 66h without REX.W is rejected (vendors differ) */
#define RZW  (9u << 8)  /* rel16 with 66h, else rel32 (XBEGIN) */
#define IMMK(e) (((e) >> 8) & 15u)

/* Which general-purpose registers the instruction writes (bits 12-14). */
#define WRM  (1u << 12) /* ModRM.rm when it names a register */
#define WREG (2u << 12) /* ModRM.reg */
#define WRR  (3u << 12) /* both (xchg, xadd) */
#define WOP  (4u << 12) /* the register in the opcode's low 3 bits (REX.B extends it) */
#define WAX  (5u << 12) /* rax */
#define WALL (6u << 12) /* unknown: assume all */
#define WK(e) (((e) >> 12) & 7u)
#define WMASK (7u << 12)

/* Flow (bits 16-19): enum x86_flow. */
#define FJCC  ((unsigned)X86_FLOW_JCC << 16)
#define FJMP  ((unsigned)X86_FLOW_JMP << 16)
#define FCALL ((unsigned)X86_FLOW_CALL << 16)
#define FRET  ((unsigned)X86_FLOW_RET << 16)
#define FSTOP ((unsigned)X86_FLOW_STOP << 16)
#define FLOW(e) (((e) >> 16) & 15u)

/* The mandatory prefixes an SSE-style opcode accepts (bits 20-23); none set: any prefix. */
#define PN (1u << 20) /* no prefix */
#define P6 (2u << 20) /* 66 */
#define PS (4u << 20) /* F3 */
#define PD (8u << 20) /* F2 */
#define P4 (PN | P6 | PS | PD)
#define PMASK(e) (((e) >> 20) & 15u)

/* Rows that repeat. */
#define ALU V | M | BY | WRM, V | M | WRM, V | M | BY | WREG, V | M | WREG, V | IB | WAX, V | IZ | WAX
#define X8(x) x, x, x, x, x, x, x, x
#define X4(x) x, x, x, x

static const uint32_t map1b[256] = {
	/* 00 */ ALU, 0, 0,
	/* 08 */ ALU, 0, 0,
	/* 10 */ ALU, 0, 0,
	/* 18 */ ALU, 0, 0,
	/* 20 */ ALU, 0, 0,
	/* 28 */ ALU, 0, 0,
	/* 30 */ ALU, 0, 0,
	/* 38 */ V | M | BY, V | M, V | M | BY, V | M, V | IB, V | IZ, 0, 0,
	/* 40 */ X8(0),
	/* 48 */ X8(0),
	/* 50 */ X8(V),
	/* 58 */ X8(V | WOP),
	/* 60 */ 0, 0, 0, V | M | WREG, 0, 0, 0, 0,
	/* 68 */ V | IZ, V | M | IZ | WREG, V | IB, V | M | IB | WREG, V, V, V, V,
	/* 70 */ X8(V | RB | FJCC),
	/* 78 */ X8(V | RB | FJCC),
	/* 80 */ V | M | BY | IB | WRM, V | M | IZ | WRM, 0, V | M | IB | WRM,
		 V | M | BY, V | M, V | M | BY | WRR, V | M | WRR,
	/* 88 */ V | M | BY | WRM, V | M | WRM, V | M | BY | WREG, V | M | WREG,
		 V | M | WRM, V | M | MEM | WREG, V | M, V | M | WRM,
	/* 90 */ V, V | WOP, V | WOP, V | WOP, V | WOP, V | WOP, V | WOP, V | WOP,
	/* 98 */ V | WAX, V, 0, V, V, V, V, V | WAX,
	/* a0 */ V | MO | WAX, V | MO | WAX, V | MO, V | MO, V, V, V, V,
	/* a8 */ V | IB, V | IZ, V, V, V, V, V, V,
	/* b0 */ X8(V | IB | BY | WOP),
	/* b8 */ X8(V | IV | WOP),
	/* c0 */ V | M | BY | IB | WRM, V | M | IB | WRM, V | IW | FRET, V | FRET, 0, 0,
		 V | M | BY | IB | WRM, V | M | IZ | WRM,
	/* c8 */ V | IWB, V, V | IW | FRET, V | FRET, V, V | IB | WALL, 0, V | FRET, /* int n: any */
	/* d0 */ V | M | BY | WRM, V | M | WRM, V | M | BY | WRM, V | M | WRM, 0, 0, 0, V | WAX,
	/* d8 */ X8(V | M),
	/* e0 */ V | RB | FJCC, V | RB | FJCC, V | RB | FJCC, V | RB | FJCC,
		 V | IB | WAX, V | IB | WAX, V | IB, V | IB,
	/* e8 */ V | RZ | FCALL, V | RZ | FJMP, 0, V | RB | FJMP, V | WAX, V | WAX, V, V,
	/* f0 */ 0, V, 0, 0, V | FSTOP, V, V | M | BY, V | M,
	/* f8 */ V, V, V, V, V, V, V | M | BY | WRM, V | M,
};

#define SSE2 (V | M | PN | P6) /* MMX with no prefix, SSE2 with 66 */
#define SSEA (V | M | P4)

static const uint32_t map0f[256] = {
	/* 00 */ V | M, V | M, V | M | WREG, V | M | WREG, 0, V, V, V | FRET | WALL,
	/* 08 */ V, V, 0, V | FSTOP, 0, V | M | MEM, 0, 0,
	/* 10 */ SSEA, SSEA, SSEA, SSE2 | MEM, SSE2, SSE2, V | M | PN | P6 | PS, SSE2 | MEM,
	/* 18 */ X8(V | M),
	/* 20 */ V | M | REG | WRM, V | M | REG | WRM, V | M | REG, V | M | REG, 0, 0, 0, 0,
	/* 28 */ SSE2, SSE2, SSEA, SSE2 | MEM, SSEA, SSEA, SSE2, SSE2,
	/* 30 */ V, V, V, V, 0, 0, 0, 0,
	/* 38 */ X8(0),
	/* 40 */ X8(V | M | WREG),
	/* 48 */ X8(V | M | WREG),
	/* 50 */ SSE2 | REG | WREG, SSEA, V | M | PN | PS, V | M | PN | PS, SSE2, SSE2, SSE2, SSE2,
	/* 58 */ SSEA, SSEA, SSEA, V | M | PN | P6 | PS, SSEA, SSEA, SSEA, SSEA,
	/* 60 */ X8(SSE2),
	/* 68 */ SSE2, SSE2, SSE2, SSE2, V | M | P6, V | M | P6, SSE2, V | M | PN | P6 | PS,
	/* 70 */ SSEA | IB, SSE2 | REG | IB, SSE2 | REG | IB, SSE2 | REG | IB, SSE2, SSE2, SSE2, V | PN,
	/* 78 */ V | M | PN | WRM, V | M | PN, 0, 0, V | M | P6 | PD, V | M | P6 | PD,
		 V | M | PN | P6 | PS, V | M | PN | P6 | PS,
	/* 80 */ X8(V | RZ | FJCC),
	/* 88 */ X8(V | RZ | FJCC),
	/* 90 */ X8(V | M | BY | WRM),
	/* 98 */ X8(V | M | BY | WRM),
	/* a0 */ V, V, V, V | M, V | M | IB | WRM, V | M | WRM, 0, 0,
	/* a8 */ V, V, V | WALL, V | M | WRM, V | M | IB | WRM, V | M | WRM, V | M, V | M | WREG,
	/* b0 */ V | M | BY | WRM, V | M | WRM, V | M | MEM | WREG, V | M | WRM,
		 V | M | MEM | WREG, V | M | MEM | WREG, V | M | WREG, V | M | WREG,
	/* b8 */ V | M | PS | WREG, V | M | FSTOP, V | M | IB, V | M | WRM,
		 V | M | WREG, V | M | WREG, V | M | WREG, V | M | WREG,
	/* c0 */ V | M | BY | WRR, V | M | WRR, SSEA | IB, V | M | MEM | PN, SSE2 | IB,
		 SSE2 | REG | IB | WREG, SSE2 | IB, V | M,
	/* c8 */ X8(V | WOP),
	/* d0 */ V | M | P6 | PD, SSE2, SSE2, SSE2, SSE2, SSE2, V | M | P6 | PS | PD, SSE2 | REG | WREG,
	/* d8 */ X8(SSE2),
	/* e0 */ SSE2, SSE2, SSE2, SSE2, SSE2, SSE2, V | M | P6 | PS | PD, SSE2 | MEM,
	/* e8 */ X8(SSE2),
	/* f0 */ V | M | MEM | PD, SSE2, SSE2, SSE2, SSE2, SSE2, SSE2, SSE2 | REG,
	/* f8 */ SSE2, SSE2, SSE2, SSE2, SSE2, SSE2, SSE2, 0,
};

/* 0F 38 (no immediates) and 0F 3A (imm8): only the defined opcodes are listed. */
#define S66 (V | M | P6)
static const uint32_t map0f38[256] = {
	[0x00] = SSE2, [0x01] = SSE2, [0x02] = SSE2, [0x03] = SSE2,
	[0x04] = SSE2, [0x05] = SSE2, [0x06] = SSE2, [0x07] = SSE2,
	[0x08] = SSE2, [0x09] = SSE2, [0x0a] = SSE2, [0x0b] = SSE2,
	[0x10] = S66, [0x14] = S66, [0x15] = S66, [0x17] = S66,
	[0x1c] = SSE2, [0x1d] = SSE2, [0x1e] = SSE2,
	[0x20] = S66, [0x21] = S66, [0x22] = S66, [0x23] = S66, [0x24] = S66, [0x25] = S66,
	[0x28] = S66, [0x29] = S66, [0x2a] = S66 | MEM, [0x2b] = S66,
	[0x30] = S66, [0x31] = S66, [0x32] = S66, [0x33] = S66, [0x34] = S66, [0x35] = S66,
	[0x37] = S66, [0x38] = S66, [0x39] = S66, [0x3a] = S66, [0x3b] = S66,
	[0x3c] = S66, [0x3d] = S66, [0x3e] = S66, [0x3f] = S66,
	[0x40] = S66, [0x41] = S66,
	[0x80] = S66 | MEM, [0x81] = S66 | MEM, [0x82] = S66 | MEM,
	[0xc8] = V | M | PN, [0xc9] = V | M | PN, [0xca] = V | M | PN,
	[0xcb] = V | M | PN, [0xcc] = V | M | PN, [0xcd] = V | M | PN,
	[0xcf] = S66,
	[0xdb] = S66, [0xdc] = S66, [0xdd] = S66, [0xde] = S66, [0xdf] = S66,
	[0xf0] = V | M, [0xf1] = V | M, /* movbe / crc32: see special() */
	[0xf6] = V | M | P6 | PS,       /* adcx / adox */
};

#define S66I (V | M | P6 | IB)
static const uint32_t map0f3a[256] = {
	[0x08] = S66I, [0x09] = S66I, [0x0a] = S66I, [0x0b] = S66I,
	[0x0c] = S66I, [0x0d] = S66I, [0x0e] = S66I, [0x0f] = SSE2 | IB,
	[0x14] = S66I | WRM, [0x15] = S66I | WRM, [0x16] = S66I | WRM, [0x17] = S66I | WRM,
	[0x20] = S66I, [0x21] = S66I, [0x22] = S66I,
	[0x40] = S66I, [0x41] = S66I, [0x42] = S66I, [0x44] = S66I,
	[0x60] = S66I, [0x61] = S66I, [0x62] = S66I, [0x63] = S66I,
	[0xcc] = V | M | PN | IB, [0xce] = S66I, [0xcf] = S66I, [0xdf] = S66I,
};

/* VEX maps. In map 1 only 77 (vzeroupper/vzeroall) has no ModRM; map 3 always has imm8. */
#define VN6 (V | M | PN | P6)
#define V4 (V | M | P4)
static const uint32_t vex0f[256] = {
	[0x10] = V4, [0x11] = V4, [0x12] = V4, [0x13] = VN6 | MEM | NV, /* 10-12, 16: special() */
	[0x14] = VN6, [0x15] = VN6, [0x16] = V | M | PN | P6 | PS, [0x17] = VN6 | MEM | NV,
	[0x28] = VN6 | NV, [0x29] = VN6 | NV, [0x2a] = V | M | PS | PD, [0x2b] = VN6 | MEM | NV,
	[0x2c] = V | M | PS | PD | WREG | NV, [0x2d] = V | M | PS | PD | WREG | NV,
	[0x2e] = VN6 | NV, [0x2f] = VN6 | NV,
	[0x50] = VN6 | REG | WREG | NV, [0x51] = V4, [0x52] = V | M | PN | PS,
	[0x53] = V | M | PN | PS, [0x54] = VN6, [0x55] = VN6, [0x56] = VN6, [0x57] = VN6,
	[0x58] = V4, [0x59] = V4, [0x5a] = V4, [0x5b] = V | M | PN | P6 | PS | NV,
	[0x5c] = V4, [0x5d] = V4, [0x5e] = V4, [0x5f] = V4,
	[0x60] = S66, [0x61] = S66, [0x62] = S66, [0x63] = S66,
	[0x64] = S66, [0x65] = S66, [0x66] = S66, [0x67] = S66,
	[0x68] = S66, [0x69] = S66, [0x6a] = S66, [0x6b] = S66,
	[0x6c] = S66, [0x6d] = S66, [0x6e] = S66 | NV, [0x6f] = V | M | P6 | PS | NV,
	[0x70] = V | M | P6 | PS | PD | IB | NV, [0x71] = S66I | REG, [0x72] = S66I | REG,
	[0x73] = S66I | REG, [0x74] = S66, [0x75] = S66, [0x76] = S66, [0x77] = V | PN | NV,
	[0x7c] = V | M | P6 | PD, [0x7d] = V | M | P6 | PD, [0x7e] = V | M | P6 | PS | NV,
	[0x7f] = V | M | P6 | PS | NV,
	[0xae] = V | M | PN | MEM | NV,
	[0xc2] = V4 | IB, [0xc4] = S66I, [0xc5] = S66I | REG | WREG | NV, [0xc6] = VN6 | IB,
	[0xd0] = V | M | P6 | PD, [0xd1] = S66, [0xd2] = S66, [0xd3] = S66,
	[0xd4] = S66, [0xd5] = S66, [0xd6] = S66 | NV, [0xd7] = S66 | REG | WREG | NV,
	[0xd8] = S66, [0xd9] = S66, [0xda] = S66, [0xdb] = S66,
	[0xdc] = S66, [0xdd] = S66, [0xde] = S66, [0xdf] = S66,
	[0xe0] = S66, [0xe1] = S66, [0xe2] = S66, [0xe3] = S66,
	[0xe4] = S66, [0xe5] = S66, [0xe6] = V | M | P6 | PS | PD | NV, [0xe7] = S66 | MEM | NV,
	[0xe8] = S66, [0xe9] = S66, [0xea] = S66, [0xeb] = S66,
	[0xec] = S66, [0xed] = S66, [0xee] = S66, [0xef] = S66,
	[0xf0] = V | M | PD | MEM | NV, [0xf1] = S66, [0xf2] = S66, [0xf3] = S66,
	[0xf4] = S66, [0xf5] = S66, [0xf6] = S66, [0xf7] = S66 | REG | NV,
	[0xf8] = S66, [0xf9] = S66, [0xfa] = S66, [0xfb] = S66,
	[0xfc] = S66, [0xfd] = S66, [0xfe] = S66,
};

#define S66N (S66 | NV)
static const uint32_t vex0f38[256] = {
	[0x00] = S66, [0x01] = S66, [0x02] = S66, [0x03] = S66,
	[0x04] = S66, [0x05] = S66, [0x06] = S66, [0x07] = S66,
	[0x08] = S66, [0x09] = S66, [0x0a] = S66, [0x0b] = S66,
	[0x0c] = S66, [0x0d] = S66, [0x0e] = S66N, [0x0f] = S66N,
	[0x13] = S66N, [0x16] = S66, [0x17] = S66N,
	[0x18] = S66N, [0x19] = S66N, [0x1a] = S66N | MEM,
	[0x1c] = S66N, [0x1d] = S66N, [0x1e] = S66N,
	[0x20] = S66N, [0x21] = S66N, [0x22] = S66N, [0x23] = S66N, [0x24] = S66N, [0x25] = S66N,
	[0x28] = S66, [0x29] = S66, [0x2a] = S66N | MEM, [0x2b] = S66,
	[0x2c] = S66 | MEM, [0x2d] = S66 | MEM, [0x2e] = S66 | MEM, [0x2f] = S66 | MEM,
	[0x30] = S66N, [0x31] = S66N, [0x32] = S66N, [0x33] = S66N,
	[0x34] = S66N, [0x35] = S66N, [0x36] = S66, [0x37] = S66,
	[0x38] = S66, [0x39] = S66, [0x3a] = S66, [0x3b] = S66,
	[0x3c] = S66, [0x3d] = S66, [0x3e] = S66, [0x3f] = S66,
	[0x40] = S66, [0x41] = S66N, [0x45] = S66, [0x46] = S66, [0x47] = S66,
	[0x58] = S66N, [0x59] = S66N, [0x5a] = S66N | MEM, [0x78] = S66N, [0x79] = S66N,
	[0x8c] = S66 | MEM, [0x8e] = S66 | MEM,
	[0x90] = S66 | MEM, [0x91] = S66 | MEM, [0x92] = S66 | MEM, [0x93] = S66 | MEM,
	[0x96] = S66, [0x97] = S66, [0x98] = S66, [0x99] = S66, [0x9a] = S66, [0x9b] = S66,
	[0x9c] = S66, [0x9d] = S66, [0x9e] = S66, [0x9f] = S66,
	[0xa6] = S66, [0xa7] = S66, [0xa8] = S66, [0xa9] = S66, [0xaa] = S66, [0xab] = S66,
	[0xac] = S66, [0xad] = S66, [0xae] = S66, [0xaf] = S66,
	[0xb6] = S66, [0xb7] = S66, [0xb8] = S66, [0xb9] = S66, [0xba] = S66, [0xbb] = S66,
	[0xbc] = S66, [0xbd] = S66, [0xbe] = S66, [0xbf] = S66,
	[0xcf] = S66, [0xdb] = S66N, [0xdc] = S66, [0xdd] = S66, [0xde] = S66, [0xdf] = S66,
	/* BMI1/BMI2 write general-purpose registers: see special() */
	[0xf2] = V | M | PN | WREG, [0xf3] = V | M | PN, [0xf5] = V | M | PN | PS | PD | WREG,
	[0xf6] = V | M | PD | WREG, [0xf7] = V | M | P4 | WREG,
};

#define S66IN (S66I | NV)
static const uint32_t vex0f3a[256] = {
	[0x00] = S66IN, [0x01] = S66IN, [0x02] = S66I, [0x04] = S66IN, [0x05] = S66IN,
	[0x06] = S66I, [0x08] = S66IN, [0x09] = S66IN, [0x0a] = S66I, [0x0b] = S66I,
	[0x0c] = S66I, [0x0d] = S66I, [0x0e] = S66I, [0x0f] = S66I,
	[0x14] = S66IN | WRM, [0x15] = S66IN | WRM, [0x16] = S66IN | WRM, [0x17] = S66IN | WRM,
	[0x18] = S66I, [0x19] = S66IN, [0x1d] = S66IN,
	[0x20] = S66I, [0x21] = S66I, [0x22] = S66I, [0x38] = S66I, [0x39] = S66IN,
	[0x40] = S66I, [0x41] = S66I, [0x42] = S66I, [0x44] = S66I, [0x46] = S66I,
	[0x4a] = S66I, [0x4b] = S66I, [0x4c] = S66I,
	[0x60] = S66IN, [0x61] = S66IN, [0x62] = S66IN, [0x63] = S66IN,
	[0xce] = S66I, [0xcf] = S66I, [0xdf] = S66IN,
	[0xf0] = V | M | PD | IB | WREG | NV,
};

/* The valid x87 encodings (D8-DF): memory forms by ModRM.reg, register forms by ModRM. */
static bool x87_ok(uint8_t op, uint8_t modrm)
{
	unsigned reg = (modrm >> 3) & 7u;
	if (modrm < 0xc0) {
		switch (op) {
		case 0xd9: return reg != 1;
		case 0xdb: return reg != 4 && reg != 6;
		case 0xdd: return reg != 5;
		default: return true;
		}
	}
	switch (op) {
	case 0xd8: return true;
	case 0xd9:
		return modrm <= 0xd0 || modrm == 0xe0 || modrm == 0xe1 || modrm == 0xe4 ||
		       modrm == 0xe5 || (modrm >= 0xe8 && modrm <= 0xee) || modrm >= 0xf0;
	case 0xda: return modrm < 0xe0 || modrm == 0xe9;
	case 0xdb:
		return modrm < 0xe0 || modrm == 0xe2 || modrm == 0xe3 || (modrm >= 0xe8 && modrm < 0xf8);
	case 0xdc: return modrm < 0xd0 || modrm >= 0xe0;
	case 0xdd: return modrm < 0xc8 || (modrm >= 0xd0 && modrm < 0xf0);
	case 0xde: return modrm < 0xd0 || modrm == 0xd9 || modrm >= 0xe0;
	default: /* df: ffreep (AMD-documented, used in glibc), fnstsw %ax, fucomip, fcomip */
		return modrm < 0xc8 || modrm == 0xe0 || (modrm >= 0xe8 && modrm < 0xf8);
	}
}

static uint16_t gpr(const struct x86_insn *in, unsigned r, bool byte)
{
	if (byte && !in->has_rex && r >= 4 && r < 8)
		r -= 4; /* ah, ch, dh, bh */
	return X86_GPR(r);
}

static void set_w(uint32_t *e, uint32_t w)
{
	*e = (*e & ~WMASK) | w;
}

static void set_imm(uint32_t *e, uint32_t k)
{
	*e = (*e & ~(15u << 8)) | k;
}

static void set_flow(uint32_t *e, uint32_t f)
{
	*e = (*e & ~(15u << 16)) | f;
}

/*
 * Decisions the tables cannot make: opcode groups (ModRM.reg selects the instruction, and
 * with it the validity, immediate, writes and flow), prefix-selected variants, and implicit
 * register writes. Returns false to reject the encoding.
 */
static bool special(struct x86_insn *in, uint32_t *e)
{
	unsigned reg = (in->modrm >> 3) & 7u, mod = in->modrm >> 6;
	uint8_t op = in->op, mp = in->mprefix;
	uint16_t *w = &in->writes;
	const uint16_t rsp = X86_GPR(X86_RSP), rax = X86_GPR(X86_RAX), rcx = X86_GPR(X86_RCX);
	const uint16_t rdx = X86_GPR(X86_RDX), rsi = X86_GPR(X86_RSI), rdi = X86_GPR(X86_RDI);

	if (in->vex) {
		if (in->map == X86_MAP_0F) {
			/* Forms without a VEX.vvvv source: packed moves and conversions, scalar
			 * moves from memory, vmovsldup/vmovshdup/vmovddup. */
			bool packed = mp == 0 || mp == 0x66;
			if (((op == 0x10 || op == 0x11) && (packed || mod != 3)) ||
			    (op == 0x12 && !packed) || (op == 0x16 && mp == 0xf3) ||
			    ((op == 0x51 || op == 0x5a) && packed) || ((op == 0x52 || op == 0x53) && mp == 0))
				*e |= NV;
			if (op >= 0x71 && op <= 0x73)
				return op == 0x73 ? (reg == 2 || reg == 3 || reg == 6 || reg == 7)
						  : (reg == 2 || reg == 4 || reg == 6);
			if (op == 0xae)
				return reg == 2 || reg == 3; /* vldmxcsr, vstmxcsr */
			if (op == 0x7e && mp == 0x66)
				set_w(e, WRM); /* vmovd/vmovq r/m, xmm */
		} else if (in->map == X86_MAP_0F38) {
			if (op == 0xf3) { /* blsr, blsmsk, blsi write the VEX.vvvv register */
				if (reg < 1 || reg > 3)
					return false;
				*w |= X86_GPR(in->vvvv);
			} else if (op == 0xf6) { /* mulx writes two registers */
				*w |= X86_GPR(in->vvvv);
			}
		} else if (op == 0x61 || op == 0x63) { /* vpcmpestri, vpcmpistri */
			*w |= rcx;
		}
		return true;
	}

	if (in->map == X86_MAP_1B) {
		switch (op) {
		case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:
		case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f:
		case 0x68: case 0x6a: case 0x9c: case 0x9d: case 0xc2: case 0xc3: case 0xca: case 0xcb:
		case 0xcf: case 0xe8:
			*w |= rsp;
			break;
		case 0x6c: case 0x6d: case 0xaa: case 0xab: case 0xae: case 0xaf:
			*w |= rdi | rcx;
			break;
		case 0x6e: case 0x6f:
			*w |= rsi | rcx;
			break;
		case 0xa4: case 0xa5: case 0xa6: case 0xa7:
			*w |= rsi | rdi | rcx;
			break;
		case 0xac: case 0xad:
			*w |= rax | rsi | rcx;
			break;
		case 0x91: case 0x92: case 0x93: case 0x94: case 0x95: case 0x96: case 0x97:
			*w |= rax; /* xchg r, rax */
			break;
		case 0x90: /* nop, pause; with REX.B it is xchg r8, rax */
			if (in->rex & 1)
				*w |= rax | X86_GPR(X86_R8);
			break;
		case 0x99:
			*w |= rdx;
			break;
		case 0xc8: case 0xc9:
			*w |= rsp | X86_GPR(X86_RBP);
			break;
		case 0xe0: case 0xe1: case 0xe2:
			*w |= rcx;
			break;
		case 0x80: case 0x81: case 0x83:
			if (reg == 7)
				set_w(e, 0); /* cmp */
			break;
		case 0x8f:
			if (reg != 0)
				return false; /* XOP */
			*w |= rsp;
			break;
		case 0xc0: case 0xc1: case 0xd0: case 0xd1: case 0xd2: case 0xd3:
			return reg != 6; /* the undocumented sal alias */
		case 0xc6: case 0xc7:
			if (in->modrm == 0xf8) { /* xabort imm8; xbegin rel16/32 */
				set_w(e, 0);
				if (op == 0xc7) {
					set_imm(e, RZW);
					set_flow(e, FJCC);
					*w |= rax; /* the abort status */
				}
				return true;
			}
			return reg == 0;
		case 0xf6: case 0xf7:
			if (reg == 1)
				return false; /* undocumented test alias */
			if (reg == 0)
				set_imm(e, op == 0xf6 ? IB : IZ); /* test r/m, imm */
			else if (reg <= 3)
				set_w(e, WRM); /* not, neg */
			else
				*w |= op == 0xf6 ? rax : rax | rdx; /* mul, imul, div, idiv */
			break;
		case 0xfe:
			if (reg > 1)
				return false;
			set_w(e, WRM);
			break;
		case 0xff:
			if (reg == 7 || ((reg == 3 || reg == 5) && mod == 3))
				return false;
			if (reg <= 1) {
				set_w(e, WRM);
			} else if (reg <= 5) {
				if (in->prefixes & X86_PFX_66)
					return false; /* 16-bit branches differ between vendors */
				set_flow(e, reg <= 3 ? (unsigned)X86_FLOW_CALL_IND << 16
						     : (unsigned)X86_FLOW_JMP_IND << 16);
				if (reg <= 3)
					*w |= rsp;
			} else {
				*w |= rsp; /* push */
			}
			break;
		case 0xd8: case 0xd9: case 0xda: case 0xdb: case 0xdc: case 0xdd: case 0xde: case 0xdf:
			if (!x87_ok(op, in->modrm))
				return false;
			if (op == 0xdf && in->modrm == 0xe0)
				*w |= rax; /* fnstsw %ax */
			break;
		}
		return true;
	}

	if (in->map == X86_MAP_0F) {
		switch (op) {
		case 0x00:
			if (reg >= 6)
				return false;
			if (reg <= 1)
				set_w(e, WRM); /* sldt, str */
			break;
		case 0x01:
			if (mod == 3)
				set_w(e, reg == 4 ? WRM : reg == 6 ? 0 : WALL); /* smsw, lmsw, others */
			break;
		case 0x05:
			*w |= rax | rcx | X86_GPR(X86_R11);
			break;
		case 0x1e: /* rdsspd/q write r/m; endbr64/32 and the rest are hint nops */
			if (mod == 3 && mp == 0xf3 && in->modrm != 0xfa && in->modrm != 0xfb)
				set_w(e, WRM);
			break;
		case 0x2c: case 0x2d:
			if (mp == 0xf3 || mp == 0xf2)
				set_w(e, WREG); /* cvt(t)ss2si, cvt(t)sd2si */
			break;
		case 0x31: case 0x32: case 0x33:
			*w |= rax | rdx;
			break;
		case 0x71: case 0x72: case 0x73:
			if (op == 0x73)
				return reg == 2 || reg == 6 || (mp == 0x66 && (reg == 3 || reg == 7));
			return reg == 2 || reg == 4 || reg == 6;
		case 0x7e:
			if (mp != 0xf3)
				set_w(e, WRM); /* movd/movq r/m, mm/xmm */
			break;
		case 0xa0: case 0xa1: case 0xa8: case 0xa9:
			*w |= rsp;
			break;
		case 0xa2:
			*w |= rax | rcx | rdx | X86_GPR(X86_RBX);
			break;
		case 0xae:
			if (mod != 3) /* fxsave..clflush; 66: clwb, clflushopt; f3: ptwrite, clrssbsy */
				return mp == 0 || (mp == 0x66 && reg >= 6) ||
				       (mp == 0xf3 && (reg == 4 || reg == 6));
			if (mp == 0)
				return reg >= 5; /* lfence, mfence, sfence */
			if (mp == 0xf3) { /* rd/wr fs/gs base, ptwrite, incssp, umonitor */
				if (reg <= 1)
					set_w(e, WRM);
				return reg <= 6;
			}
			return reg == 6; /* tpause, umwait */
		case 0xb0: case 0xb1:
			*w |= rax;
			break;
		case 0xba:
			if (reg < 4)
				return false;
			set_w(e, reg == 4 ? 0 : WRM); /* bt; bts, btr, btc */
			break;
		case 0xc7:
			if (mod != 3) {
				if (reg == 1)
					*w |= rax | rdx; /* cmpxchg8b/16b */
				return reg == 1 || reg >= 3;
			}
			if (reg < 6)
				return false;
			set_w(e, WRM); /* rdrand, rdseed, rdpid */
			break;
		}
		return true;
	}

	if (in->map == X86_MAP_0F38) {
		if (op == 0xf0 || op == 0xf1) {
			if (mp == 0xf2) {
				set_w(e, WREG); /* crc32 */
			} else if (mp == 0xf3 || mod == 3) {
				return false;
			} else {
				set_w(e, op == 0xf0 ? WREG : 0); /* movbe load, store */
			}
		} else if (op == 0xf6) {
			set_w(e, WREG); /* adcx, adox */
		}
		return true;
	}

	if (op == 0x61 || op == 0x63) /* 0F 3A: pcmpestri, pcmpistri */
		*w |= rcx;
	return true;
}

static int64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = n; i-- > 0;)
		v = v << 8 | p[i];
	if (n < 8 && (v >> (8 * n - 1)) & 1)
		v |= ~(uint64_t)0 << (8 * n); /* sign-extend */
	return (int64_t)v;
}

int x86_decode(const uint8_t *p, size_t n, struct x86_insn *in)
{
	memset(in, 0, sizeof *in);
	size_t max = n < 15 ? n : 15, i = 0;
	uint8_t rep = 0; /* the last of F2/F3 selects SSE variants */

	for (;; i++) {
		if (i >= max)
			return 0;
		switch (p[i]) {
		case 0x66: in->prefixes |= X86_PFX_66; continue;
		case 0x67: in->prefixes |= X86_PFX_67; continue;
		case 0xf0: in->prefixes |= X86_PFX_LOCK; continue;
		case 0xf2: in->prefixes |= X86_PFX_F2; rep = 0xf2; continue;
		case 0xf3: in->prefixes |= X86_PFX_F3; rep = 0xf3; continue;
		case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
			in->prefixes |= X86_PFX_SEG;
			continue;
		}
		break;
	}
	/* A REX prefix must come last; one followed by another prefix would be ignored by the
	 * CPU, which compilers never emit: the opcode lookup below rejects it. */
	if ((p[i] & 0xf0) == 0x40) {
		in->has_rex = true;
		in->rex = p[i++] & 15u;
	}
	if (i >= max)
		return 0;
	uint32_t e;
	uint8_t b = p[i++];
	if (b == 0xc4 || b == 0xc5) {
		/* VEX: C4 R̄X̄B̄mmmmm WvvvvLpp, C5 R̄vvvvLpp (inverted bits), then the opcode. */
		if (in->has_rex || (in->prefixes & (X86_PFX_66 | X86_PFX_F2 | X86_PFX_F3 | X86_PFX_LOCK)))
			return 0;
		unsigned need = b == 0xc4 ? 3 : 2;
		if (i + need > max)
			return 0;
		uint8_t v1 = p[i++], v2 = v1;
		unsigned map = 1;
		in->vex = true;
		in->rex = (uint8_t)(((~v1 >> 7) & 1u) << 2);
		if (b == 0xc4) {
			map = v1 & 31u;
			in->rex |= (uint8_t)((((~v1 >> 6) & 1u) << 1) | ((~v1 >> 5) & 1u));
			v2 = p[i++];
			in->rex |= (uint8_t)((v2 >> 7) << 3);
		}
		in->vvvv = (~v2 >> 3) & 15u;
		in->vex_l = (v2 >> 2) & 1u;
		static const uint8_t pp[4] = {0, 0x66, 0xf3, 0xf2};
		in->mprefix = pp[v2 & 3u];
		in->op = p[i++];
		switch (map) {
		case 1: in->map = X86_MAP_0F; e = vex0f[in->op]; break;
		case 2: in->map = X86_MAP_0F38; e = vex0f38[in->op]; break;
		case 3: in->map = X86_MAP_0F3A; e = vex0f3a[in->op]; break;
		default: return 0;
		}
	} else {
		in->mprefix = rep ? rep : (in->prefixes & X86_PFX_66) ? 0x66 : 0;
		if (b == 0x0f) {
			if (i >= max)
				return 0;
			b = p[i++];
			if (b == 0x38 || b == 0x3a) {
				if (i >= max)
					return 0;
				in->map = b == 0x38 ? X86_MAP_0F38 : X86_MAP_0F3A;
				in->op = p[i++];
				e = (b == 0x38 ? map0f38 : map0f3a)[in->op];
			} else {
				in->map = X86_MAP_0F;
				in->op = b;
				e = map0f[b];
			}
		} else {
			in->map = X86_MAP_1B;
			in->op = b;
			e = map1b[b];
		}
	}
	if (!(e & V))
		return 0;
	if (PMASK(e)) {
		unsigned bit = in->mprefix == 0x66 ? 2 : in->mprefix == 0xf3 ? 4 : in->mprefix == 0xf2 ? 8 : 1;
		if (!(PMASK(e) & bit))
			return 0;
	}

	if (e & M) {
		if (i >= max)
			return 0;
		in->has_modrm = true;
		in->modrm = p[i++];
		unsigned mod = in->modrm >> 6, rm = in->modrm & 7u;
		if ((e & MEM) && mod == 3)
			return 0;
		if ((e & REG) && mod != 3)
			return 0;
		if (mod != 3) {
			if (rm == 4) {
				if (i >= max)
					return 0;
				in->has_sib = true;
				in->sib = p[i++];
			}
			if (mod == 1)
				in->disp_size = 1;
			else if (mod == 2 || (mod == 0 && rm == 5) || (mod == 0 && rm == 4 && (in->sib & 7u) == 5))
				in->disp_size = 4;
			in->rip_rel = mod == 0 && rm == 5;
		}
	}
	if ((in->prefixes & X86_PFX_LOCK) && (!in->has_modrm || (in->modrm >> 6) == 3))
		return 0; /* lock needs a memory destination */

	bool w64 = in->rex & 8u, o16 = in->prefixes & X86_PFX_66;
	in->opsize = (e & BY) ? 1 : w64 ? 8 : o16 ? 2 : 4;
	if (!special(in, &e))
		return 0;
	if ((e & NV) && in->vvvv)
		return 0;
	if (e & BY)
		in->opsize = 1;
	in->flow = (uint8_t)FLOW(e);

	if (in->disp_size) {
		if (i + in->disp_size > max)
			return 0;
		in->disp_off = (uint8_t)i;
		in->disp = le(p + i, in->disp_size);
		i += in->disp_size;
	}

	unsigned isz = 0;
	switch (IMMK(e)) {
	case 0: break;
	case IB >> 8: isz = 1; break;
	case IW >> 8: isz = 2; break;
	case IZ >> 8: isz = (o16 && !w64) ? 2 : 4; break;
	case IV >> 8: isz = w64 ? 8 : o16 ? 2 : 4; break;
	case IWB >> 8: isz = 3; break;
	case MO >> 8: isz = (in->prefixes & X86_PFX_67) ? 4 : 8; break;
	case RB >> 8: case RZ >> 8:
		/* 66h on a near branch: Intel ignores it, AMD truncates rip to 16 bits. With REX.W
		 * both ignore it: the TLS general-dynamic call is "66 66 48 e8 rel32". */
		if (o16 && !w64)
			return 0;
		isz = IMMK(e) == (RB >> 8) ? 1 : 4;
		in->rel = true;
		break;
	case RZW >> 8:
		isz = o16 ? 2 : 4;
		in->rel = true;
		break;
	}
	if (isz) {
		if (i + isz > max)
			return 0;
		in->imm_off = (uint8_t)i;
		in->imm_size = (uint8_t)isz;
		if (IMMK(e) == (IWB >> 8))
			in->imm = (int64_t)((uint64_t)(uint16_t)le(p + i, 2) | (uint64_t)p[i + 2] << 16);
		else if (IMMK(e) == (MO >> 8) && isz == 4)
			in->imm = (int64_t)(uint32_t)le(p + i, 4);
		else
			in->imm = le(p + i, isz);
		i += isz;
	}

	bool by = e & BY;
	switch (WK(e)) {
	case WRM >> 12:
		if (in->has_modrm && (in->modrm >> 6) == 3)
			in->writes |= gpr(in, x86_rm(in), by);
		break;
	case WREG >> 12:
		in->writes |= gpr(in, x86_reg(in), by);
		break;
	case WRR >> 12:
		in->writes |= gpr(in, x86_reg(in), by);
		if ((in->modrm >> 6) == 3)
			in->writes |= gpr(in, x86_rm(in), by);
		break;
	case WOP >> 12:
		in->writes |= gpr(in, (in->op & 7u) | ((in->rex & 1u) << 3), by);
		break;
	case WAX >> 12:
		in->writes |= X86_GPR(X86_RAX);
		break;
	case WALL >> 12:
		in->writes = X86_ALL_GPRS;
		break;
	}
	in->len = (uint8_t)i;
	return (int)i;
}
