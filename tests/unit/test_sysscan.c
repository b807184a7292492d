/* test_sysscan.c: unit tests of the x86-64 decoder (x86dec) and the system-call site scanner
 * (sysscan); `test_sysscan --libc ARCHIVE` instead scans every member of a static library and
 * prints each site and the totals (for tests/libc-scan/run). */
#include <elf.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sysscan.h"
#include "util.h"
#include "x86dec.h"

#include "check.h"

static size_t unhex(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	while (*s && n < max) {
		char *end;
		unsigned long v = strtoul(s, &end, 16);
		if (end == s)
			break;
		out[n++] = (uint8_t)v;
		s = end;
	}
	return n;
}

/* ---- the decoder ---- */

/* Lengths from the assembler: each line was assembled alone with `llvm-mc -filetype=obj`
 * and its .text size taken as the length (the bytes are its output). */
static const struct {
	const char *hex;
	int len;
	const char *text;
} lengths[] = {
	{"90", 1, "nop"},
	{"c3", 1, "ret"},
	{"c2 08 00", 3, "ret $8"},
	{"cb", 1, "lret"},
	{"c9", 1, "leave"},
	{"c8 10 00 01", 4, "enter $16, $1"},
	{"cc", 1, "int3"},
	{"cd 80", 2, "int $0x80"},
	{"0f 05", 2, "syscall"},
	{"f4", 1, "hlt"},
	{"0f 0b", 2, "ud2"},
	{"f3 90", 2, "pause"},
	{"0f a2", 2, "cpuid"},
	{"0f 31", 2, "rdtsc"},
	{"53", 1, "push %rbx"},
	{"41 54", 2, "push %r12"},
	{"5f", 1, "pop %rdi"},
	{"41 5f", 2, "pop %r15"},
	{"6a 01", 2, "pushq $1"},
	{"68 78 56 34 12", 5, "pushq $0x12345678"},
	{"66 68 34 12", 4, "pushw $0x1234"},
	{"b8 3c 00 00 00", 5, "mov $0x3c, %eax"},
	{"41 b8 3c 00 00 00", 6, "mov $0x3c, %r8d"},
	{"66 b8 34 12", 4, "mov $0x1234, %ax"},
	{"48 b8 f0 de bc 9a 78 56 34 12", 10, "movabs $0x123456789abcdef0, %rax"},
	{"49 bb f0 de bc 9a 78 56 34 12", 10, "movabs $0x123456789abcdef0, %r11"},
	{"48 c7 c0 3c 00 00 00", 7, "mov $60, %rax"},
	{"48 c7 c0 ff ff ff ff", 7, "movq $-1, %rax"},
	{"c7 04 24 05 00 00 00", 7, "movl $5, (%rsp)"},
	{"c7 44 24 08 05 00 00 00", 8, "movl $5, 8(%rsp)"},
	{"c7 84 24 00 01 00 00 05 00 00 00", 11, "movl $5, 0x100(%rsp)"},
	{"66 c7 84 24 00 01 00 00 05 00", 10, "movw $5, 0x100(%rsp)"},
	{"c6 84 24 00 01 00 00 05", 8, "movb $5, 0x100(%rsp)"},
	{"48 c7 84 84 00 01 00 00 05 00 00 00", 12, "movq $5, 0x100(%rsp,%rax,4)"},
	{"48 c7 04 25 78 56 34 12 05 00 00 00", 12, "movq $5, 0x12345678"},
	{"48 8b 05 00 10 00 00", 7, "mov 0x1000(%rip), %rax"},
	{"64 48 8b 04 25 28 00 00 00", 9, "mov %fs:0x28, %rax"},
	{"64 48 8b 04 25 00 00 00 00", 9, "mov %fs:0, %rax"},
	{"89 c1", 2, "mov %eax, %ecx"},
	{"48 89 c7", 3, "mov %rax, %rdi"},
	{"4c 89 c0", 3, "mov %r8, %rax"},
	{"41 8b 04 24", 4, "mov (%r12), %eax"},
	{"41 8b 45 00", 4, "mov (%r13), %eax"},
	{"8b 45 00", 3, "mov (%rbp), %eax"},
	{"8b 04 24", 3, "mov (%rsp), %eax"},
	{"8b 04 28", 3, "mov (%rax,%rbp,1), %eax"},
	{"8b 44 05 00", 4, "mov (%rbp,%rax,1), %eax"},
	{"4f 8b 4c e5 00", 5, "mov (%r13,%r12,8), %r9"},
	{"48 8b 14 c5 00 00 00 00", 8, "mov (,%rax,8), %rdx"},
	{"48 8b 14 c5 10 00 00 00", 8, "mov 0x10(,%rax,8), %rdx"},
	{"88 c4", 2, "mov %al, %ah"},
	{"40 88 f7", 3, "mov %sil, %dil"},
	{"a0 88 77 66 55 44 33 22 11", 9, "movabs 0x1122334455667788, %al"},
	{"a1 88 77 66 55 44 33 22 11", 9, "movabs 0x1122334455667788, %eax"},
	{"48 a3 88 77 66 55 44 33 22 11", 10, "movabs %rax, 0x1122334455667788"},
	{"66 a3 88 77 66 55 44 33 22 11", 10, "movabs %ax, 0x1122334455667788"},
	{"67 8b 04 25 44 33 22 11", 8, "addr32 mov 0x11223344, %eax"},
	{"31 c0", 2, "xor %eax, %eax"},
	{"45 31 c0", 3, "xor %r8d, %r8d"},
	{"29 c0", 2, "sub %eax, %eax"},
	{"83 c0 01", 3, "add $1, %eax"},
	{"05 00 01 00 00", 5, "add $0x100, %eax"},
	{"66 05 00 01", 4, "add $0x100, %ax"},
	{"04 01", 2, "add $1, %al"},
	{"48 81 47 08 00 10 00 00", 8, "addq $0x1000, 8(%rdi)"},
	{"66 81 47 08 00 10", 6, "addw $0x1000, 8(%rdi)"},
	{"66 83 47 08 01", 5, "addw $1, 8(%rdi)"},
	{"41 83 ff 41", 4, "cmp $0x41, %r15d"},
	{"80 38 00", 3, "cmpb $0, (%rax)"},
	{"a8 80", 2, "test $0x80, %al"},
	{"a9 00 40 00 00", 5, "test $0x4000, %eax"},
	{"66 a9 00 40", 4, "test $0x4000, %ax"},
	{"f6 03 04", 3, "testb $4, (%rbx)"},
	{"f7 c1 00 00 00 40", 6, "testl $0x40000000, %ecx"},
	{"66 f7 01 00 40", 5, "testw $0x4000, (%rcx)"},
	{"48 f7 01 01 00 00 00", 7, "testq $1, (%rcx)"},
	{"f7 10", 2, "notl (%rax)"},
	{"48 f7 d8", 3, "negq %rax"},
	{"f7 e1", 2, "mull %ecx"},
	{"f7 e9", 2, "imul %ecx"},
	{"48 f7 36", 3, "divq (%rsi)"},
	{"f6 f9", 2, "idivb %cl"},
	{"6b c8 03", 3, "imul $3, %eax, %ecx"},
	{"69 c8 00 10 00 00", 6, "imul $0x1000, %eax, %ecx"},
	{"66 69 c8 00 10", 5, "imul $0x1000, %ax, %cx"},
	{"0f af c1", 3, "imul %ecx, %eax"},
	{"c1 e0 03", 3, "shl $3, %eax"},
	{"d1 e0", 2, "shl %eax"},
	{"48 d3 e0", 3, "shl %cl, %rax"},
	{"49 c1 f9 3f", 4, "sar $63, %r9"},
	{"d0 c0", 2, "rol $1, %al"},
	{"ff c0", 2, "inc %eax"},
	{"48 ff 08", 3, "decq (%rax)"},
	{"fe c0", 2, "incb %al"},
	{"ff d0", 2, "call *%rax"},
	{"ff 50 08", 3, "call *8(%rax)"},
	{"ff 15 00 10 00 00", 6, "call *0x1000(%rip)"},
	{"ff e0", 2, "jmp *%rax"},
	{"ff 24 c8", 3, "jmp *(%rax,%rcx,8)"},
	{"ff 74 24 08", 4, "pushq 8(%rsp)"},
	{"8f 44 24 08", 4, "popq 8(%rsp)"},
	{"48 8d 44 24 08", 5, "lea 8(%rsp), %rax"},
	{"48 8d 35 00 10 00 00", 7, "lea 0x1000(%rip), %rsi"},
	{"8d 0c 58", 3, "lea (%rax,%rbx,2), %ecx"},
	{"0f b6 11", 3, "movzbl (%rcx), %edx"},
	{"0f b7 c0", 3, "movzwl %ax, %eax"},
	{"48 0f be c0", 4, "movsbq %al, %rax"},
	{"48 63 d0", 3, "movslq %eax, %rdx"},
	{"48 98", 2, "cltq"},
	{"48 99", 2, "cqto"},
	{"99", 1, "cltd"},
	{"98", 1, "cwtl"},
	{"66 90", 2, "xchg %ax, %ax"},
	{"49 90", 2, "xchg %r8, %rax"},
	{"87 02", 2, "xchg %eax, (%rdx)"},
	{"f0 44 0f b1 8a 8c 00 00 00", 9, "lock cmpxchg %r9d, 0x8c(%rdx)"},
	{"f0 0f c1 07", 4, "lock xadd %eax, (%rdi)"},
	{"f0 ff 00", 3, "lock incl (%rax)"},
	{"f0 48 83 0c 24 00", 6, "lock orq $0, (%rsp)"},
	{"48 0f c7 0f", 4, "cmpxchg16b (%rdi)"},
	{"0f c8", 2, "bswap %eax"},
	{"49 0f cc", 3, "bswap %r12"},
	{"0f a3 c1", 3, "bt %eax, %ecx"},
	{"0f ba e8 03", 4, "bts $3, %eax"},
	{"48 0f ba 30 3f", 5, "btrq $63, (%rax)"},
	{"0f bc c8", 3, "bsf %eax, %ecx"},
	{"48 0f bd c8", 4, "bsr %rax, %rcx"},
	{"f3 0f bc c8", 4, "tzcnt %eax, %ecx"},
	{"f3 48 0f bd c8", 5, "lzcnt %rax, %rcx"},
	{"f3 0f b8 c8", 4, "popcnt %eax, %ecx"},
	{"66 f3 0f b8 c8", 5, "popcntw %ax, %cx"},
	{"0f 44 c1", 3, "cmove %ecx, %eax"},
	{"0f 94 c0", 3, "sete %al"},
	{"0f 95 00", 3, "setne (%rax)"},
	{"0f a4 c1 03", 4, "shld $3, %eax, %ecx"},
	{"48 0f ad c1", 4, "shrd %cl, %rax, %rcx"},
	{"f3 a4", 2, "rep movsb"},
	{"f3 48 ab", 3, "rep stosq"},
	{"f2 ae", 2, "repne scasb"},
	{"ac", 1, "lodsb"},
	{"ab", 1, "stosl"},
	{"48 a5", 2, "movsq"},
	{"a6", 1, "cmpsb"},
	{"d7", 1, "xlat"},
	{"9f", 1, "lahf"},
	{"9e", 1, "sahf"},
	{"fc", 1, "cld"},
	{"fd", 1, "std"},
	{"e4 60", 2, "in $0x60, %al"},
	{"ed", 1, "in %dx, %eax"},
	{"e6 80", 2, "out %al, $0x80"},
	{"66 ef", 2, "outw %ax, %dx"},
	{"e2 00", 2, "loop .+2"},
	{"e3 00", 2, "jrcxz .+2"},
	{"67 e3 ff", 3, "jecxz .+2"},
	{"eb 00", 2, "jmp .+2"},
	{"e9 fb 01 00 00", 5, "jmp .+0x200"},
	{"74 00", 2, "je .+2"},
	{"0f 85 fa 01 00 00", 6, "jne .+0x200"},
	{"e8 fb 01 00 00", 5, "call .+0x200"},
	{"c7 f8 fa 00 00 00", 6, "xbegin .+0x100"},
	{"c6 f8 01", 3, "xabort $1"},
	{"0f 01 d5", 3, "xend"},
	{"0f c7 f0", 3, "rdrand %eax"},
	{"48 0f c7 f9", 4, "rdseed %rcx"},
	{"f3 0f c7 f8", 4, "rdpid %rax"},
	{"f3 48 0f ae c0", 5, "rdfsbase %rax"},
	{"f3 48 0f ae d9", 5, "wrgsbase %rcx"},
	{"f3 0f 1e fa", 4, "endbr64"},
	{"f3 48 0f 1e c8", 5, "rdsspq %rax"},
	{"0f ae e8", 3, "lfence"},
	{"0f ae f0", 3, "mfence"},
	{"0f ae f8", 3, "sfence"},
	{"0f ae 38", 3, "clflush (%rax)"},
	{"0f 18 08", 3, "prefetcht0 (%rax)"},
	{"0f 0d 08", 3, "prefetchw (%rax)"},
	{"0f 1f 00", 3, "nopl 0(%rax)"},
	{"66 0f 1f 04 00", 5, "nopw 0(%rax,%rax,1)"},
	{"2e 66 0f 1f 04 00", 6, "nopw %cs:0(%rax,%rax,1)"},
	{"66 2e 66 0f 1f 04 00", 7, "data16 nopw %cs:0(%rax,%rax,1)"},
	{"d9 ee", 2, "fldz"},
	{"d9 e8", 2, "fld1"},
	{"db 6c 24 08", 4, "fldt 8(%rsp)"},
	{"db 38", 2, "fstpt (%rax)"},
	{"d9 7c 24 08", 4, "fnstcw 8(%rsp)"},
	{"d9 6c 24 08", 4, "fldcw 8(%rsp)"},
	{"df e0", 2, "fnstsw %ax"},
	{"dd 38", 2, "fnstsw (%rax)"},
	{"d9 c9", 2, "fxch %st(1)"},
	{"de c1", 2, "faddp %st, %st(1)"},
	{"df e9", 2, "fucomip %st(1), %st"},
	{"da c1", 2, "fcmovb %st(1), %st"},
	{"df 38", 2, "fistpll (%rax)"},
	{"db 08", 2, "fisttpl (%rax)"},
	{"db 00", 2, "fildl (%rax)"},
	{"d9 e0", 2, "fchs"},
	{"d9 e1", 2, "fabs"},
	{"d9 fa", 2, "fsqrt"},
	{"d9 fe", 2, "fsin"},
	{"db e3", 2, "fninit"},
	{"d9 e5", 2, "fxam"},
	{"dd c2", 2, "ffree %st(2)"},
	{"9b", 1, "fwait"},
	{"0f ae 00", 3, "fxsave (%rax)"},
	{"0f ae 20", 3, "xsave (%rax)"},
	{"0f ae 54 24 08", 5, "ldmxcsr 8(%rsp)"},
	{"0f ae 5c 24 08", 5, "stmxcsr 8(%rsp)"},
	{"0f 28 c8", 3, "movaps %xmm0, %xmm1"},
	{"44 0f 10 38", 4, "movups (%rax), %xmm15"},
	{"f3 0f 10 44 24 04", 6, "movss 4(%rsp), %xmm0"},
	{"f2 0f 11 0f", 4, "movsd %xmm1, (%rdi)"},
	{"66 45 0f 28 c8", 5, "movapd %xmm8, %xmm9"},
	{"66 0f 6e c0", 4, "movd %eax, %xmm0"},
	{"66 0f 7e c0", 4, "movd %xmm0, %eax"},
	{"66 48 0f 6e c0", 5, "movq %rax, %xmm0"},
	{"66 48 0f 7e c0", 5, "movq %xmm0, %rax"},
	{"f3 0f 7e d1", 4, "movq %xmm1, %xmm2"},
	{"0f 6f 00", 3, "movq (%rax), %mm0"},
	{"66 0f 6f 08", 4, "movdqa (%rax), %xmm1"},
	{"f3 0f 7f 08", 4, "movdqu %xmm1, (%rax)"},
	{"66 0f ef c0", 4, "pxor %xmm0, %xmm0"},
	{"66 0f 74 0f", 4, "pcmpeqb (%rdi), %xmm1"},
	{"66 0f d7 c1", 4, "pmovmskb %xmm1, %eax"},
	{"66 0f 70 c8 1b", 5, "pshufd $0x1b, %xmm0, %xmm1"},
	{"66 0f 38 00 c1", 5, "pshufb %xmm1, %xmm0"},
	{"66 0f 3a 0f c1 04", 6, "palignr $4, %xmm1, %xmm0"},
	{"66 0f 73 d8 08", 5, "psrldq $8, %xmm0"},
	{"66 0f 73 f0 01", 5, "psllq $1, %xmm0"},
	{"0f 72 f1 03", 4, "pslld $3, %mm1"},
	{"66 0f c5 c0 01", 5, "pextrw $1, %xmm0, %eax"},
	{"66 0f 3a 14 c0 01", 6, "pextrb $1, %xmm0, %eax"},
	{"66 0f 3a 16 00 01", 6, "pextrd $1, %xmm0, (%rax)"},
	{"66 48 0f 3a 16 c0 01", 7, "pextrq $1, %xmm0, %rax"},
	{"66 48 0f 3a 22 c0 01", 7, "pinsrq $1, %rax, %xmm0"},
	{"66 0f 3a 17 c0 01", 6, "extractps $1, %xmm0, %eax"},
	{"66 0f 3a 21 c1 01", 6, "insertps $1, %xmm1, %xmm0"},
	{"66 0f 3a 63 07 1a", 6, "pcmpistri $0x1a, (%rdi), %xmm0"},
	{"66 0f 3a 61 07 1a", 6, "pcmpestri $0x1a, (%rdi), %xmm0"},
	{"66 0f 38 17 c8", 5, "ptest %xmm0, %xmm1"},
	{"66 0f 38 30 c8", 5, "pmovzxbw %xmm0, %xmm1"},
	{"66 0f 38 3b c8", 5, "pminud %xmm0, %xmm1"},
	{"66 0f 3a 0b c8 04", 6, "roundsd $4, %xmm0, %xmm1"},
	{"66 0f 38 14 d1", 5, "blendvps %xmm0, %xmm1, %xmm2"},
	{"f2 0f 2a c0", 4, "cvtsi2sd %eax, %xmm0"},
	{"f2 48 0f 2a c0", 5, "cvtsi2sdq %rax, %xmm0"},
	{"f2 0f 2c c0", 4, "cvttsd2si %xmm0, %eax"},
	{"f3 48 0f 2c c0", 5, "cvttss2si %xmm0, %rax"},
	{"f2 0f 5a c8", 4, "cvtsd2ss %xmm0, %xmm1"},
	{"f3 0f e6 c8", 4, "cvtdq2pd %xmm0, %xmm1"},
	{"66 0f e6 c8", 4, "cvttpd2dq %xmm0, %xmm1"},
	{"66 0f 2e c8", 4, "ucomisd %xmm0, %xmm1"},
	{"0f 2f 08", 3, "comiss (%rax), %xmm1"},
	{"f2 0f 51 c0", 4, "sqrtsd %xmm0, %xmm0"},
	{"66 0f 54 05 00 01 00 00", 8, "andpd 0x100(%rip), %xmm0"},
	{"f2 0f 5f c1", 4, "maxsd %xmm1, %xmm0"},
	{"0f c6 c1 44", 4, "shufps $0x44, %xmm1, %xmm0"},
	{"f2 0f c2 c1 01", 5, "cmpltsd %xmm1, %xmm0"},
	{"66 0f 14 c1", 4, "unpcklpd %xmm1, %xmm0"},
	{"66 0f 50 c0", 4, "movmskpd %xmm0, %eax"},
	{"0f 16 00", 3, "movhps (%rax), %xmm0"},
	{"0f 16 c1", 3, "movlhps %xmm1, %xmm0"},
	{"0f 12 c1", 3, "movhlps %xmm1, %xmm0"},
	{"f2 0f 12 c1", 4, "movddup %xmm1, %xmm0"},
	{"66 0f 7c c1", 4, "haddpd %xmm1, %xmm0"},
	{"f2 0f f0 00", 4, "lddqu (%rax), %xmm0"},
	{"66 0f e7 00", 4, "movntdq %xmm0, (%rax)"},
	{"0f c3 07", 3, "movnti %eax, (%rdi)"},
	{"66 0f f7 c1", 4, "maskmovdqu %xmm1, %xmm0"},
	{"0f 77", 2, "emms"},
	{"f2 0f 38 f0 c8", 5, "crc32b %al, %ecx"},
	{"66 f2 0f 38 f1 c8", 6, "crc32w %ax, %ecx"},
	{"f2 48 0f 38 f1 c8", 6, "crc32q %rax, %rcx"},
	{"0f 38 f0 08", 4, "movbe (%rax), %ecx"},
	{"0f 38 f1 08", 4, "movbe %ecx, (%rax)"},
	{"66 0f 38 f6 c8", 5, "adcx %eax, %ecx"},
	{"f3 48 0f 38 f6 c8", 6, "adox %rax, %rcx"},
	{"66 0f 38 dc c1", 5, "aesenc %xmm1, %xmm0"},
	{"66 0f 3a df c1 01", 6, "aeskeygenassist $1, %xmm1, %xmm0"},
	{"66 0f 3a 44 c1 11", 6, "pclmulqdq $0x11, %xmm1, %xmm0"},
	{"0f 38 cb d1", 4, "sha256rnds2 %xmm0, %xmm1, %xmm2"},
	{"0f 3a cc d1 03", 5, "sha1rnds4 $3, %xmm1, %xmm2"},
	{"c5 f8 77", 3, "vzeroupper"},
	{"c5 fc 77", 3, "vzeroall"},
	{"c5 fc 28 c8", 4, "vmovaps %ymm0, %ymm1"},
	{"c5 7c 10 38", 4, "vmovups (%rax), %ymm15"},
	{"c5 7e 7f 07", 4, "vmovdqu %ymm8, (%rdi)"},
	{"c5 f9 7e c0", 4, "vmovd %xmm0, %eax"},
	{"c4 e1 f9 7e c0", 5, "vmovq %xmm0, %rax"},
	{"c4 61 f9 6e c0", 5, "vmovq %rax, %xmm8"},
	{"c5 ea 10 d9", 4, "vmovss %xmm1, %xmm2, %xmm3"},
	{"c5 fa 10 18", 4, "vmovss (%rax), %xmm3"},
	{"c5 f4 58 d0", 4, "vaddps %ymm0, %ymm1, %ymm2"},
	{"c5 f3 58 54 c8 08", 6, "vaddsd 8(%rax,%rcx,8), %xmm1, %xmm2"},
	{"c5 fd ef c0", 4, "vpxor %ymm0, %ymm0, %ymm0"},
	{"c5 f5 74 17", 4, "vpcmpeqb (%rdi), %ymm1, %ymm2"},
	{"c5 fd d7 c2", 4, "vpmovmskb %ymm2, %eax"},
	{"c4 e2 7d 00 d1", 5, "vpshufb %ymm1, %ymm0, %ymm2"},
	{"c4 e3 fd 00 c8 4e", 6, "vpermq $0x4e, %ymm0, %ymm1"},
	{"c4 e3 7d 46 d1 20", 6, "vperm2i128 $0x20, %ymm1, %ymm0, %ymm2"},
	{"c4 e3 7d 38 d1 01", 6, "vinserti128 $1, %xmm1, %ymm0, %ymm2"},
	{"c4 e3 7d 39 c1 01", 6, "vextracti128 $1, %ymm0, %xmm1"},
	{"c4 e2 7d 78 c8", 5, "vpbroadcastb %xmm0, %ymm1"},
	{"c4 e2 7d 58 08", 5, "vpbroadcastd (%rax), %ymm1"},
	{"c4 e2 6d 90 04 88", 6, "vpgatherdd %ymm2, (%rax,%ymm1,4), %ymm0"},
	{"c4 e2 ed b8 d9", 5, "vfmadd231pd %ymm1, %ymm2, %ymm3"},
	{"c4 e2 f1 a9 10", 5, "vfmadd213sd (%rax), %xmm1, %xmm2"},
	{"c4 e1 f3 2a d0", 5, "vcvtsi2sd %rax, %xmm1, %xmm2"},
	{"c4 e1 fb 2c c0", 5, "vcvttsd2si %xmm0, %rax"},
	{"c4 e3 7d 1d c1 00", 6, "vcvtps2ph $0, %ymm0, %xmm1"},
	{"c4 e3 f9 16 c0 01", 6, "vpextrq $1, %xmm0, %rax"},
	{"c5 f9 c5 c0 01", 5, "vpextrw $1, %xmm0, %eax"},
	{"c4 e3 71 22 c0 01", 6, "vpinsrd $1, %eax, %xmm1, %xmm0"},
	{"c5 f5 73 d8 08", 5, "vpsrldq $8, %ymm0, %ymm1"},
	{"c5 f1 72 f0 03", 5, "vpslld $3, %xmm0, %xmm1"},
	{"c4 e3 75 4c c2 30", 6, "vpblendvb %ymm3, %ymm2, %ymm1, %ymm0"},
	{"c4 e2 7d 17 c8", 5, "vptest %ymm0, %ymm1"},
	{"c4 e2 7d 18 00", 5, "vbroadcastss (%rax), %ymm0"},
	{"c4 e2 75 2c 00", 5, "vmaskmovps (%rax), %ymm1, %ymm0"},
	{"c5 f8 ae 54 24 08", 6, "vldmxcsr 8(%rsp)"},
	{"c4 e3 79 63 07 1a", 6, "vpcmpistri $0x1a, (%rdi), %xmm0"},
	{"c4 e2 69 dc d9", 5, "vaesenc %xmm1, %xmm2, %xmm3"},
	{"c4 e2 70 f2 d0", 5, "andn %eax, %ecx, %edx"},
	{"c4 e2 f0 f2 d0", 5, "andn %rax, %rcx, %rdx"},
	{"c4 e2 78 f7 d1", 5, "bextr %eax, %ecx, %edx"},
	{"c4 e2 70 f3 c8", 5, "blsr %eax, %ecx"},
	{"c4 e2 f0 f3 d8", 5, "blsi %rax, %rcx"},
	{"c4 e2 70 f3 d0", 5, "blsmsk %eax, %ecx"},
	{"c4 e2 78 f5 d1", 5, "bzhi %eax, %ecx, %edx"},
	{"c4 e2 f3 f5 d0", 5, "pdep %rax, %rcx, %rdx"},
	{"c4 e2 72 f5 d0", 5, "pext %eax, %ecx, %edx"},
	{"c4 e2 f3 f6 d0", 5, "mulx %rax, %rcx, %rdx"},
	{"c4 e3 7b f0 c8 03", 6, "rorx $3, %eax, %ecx"},
	{"c4 e2 7a f7 d1", 5, "sarx %eax, %ecx, %edx"},
	{"c4 e2 f9 f7 d1", 5, "shlx %rax, %rcx, %rdx"},
	{"c4 e2 7b f7 11", 5, "shrx %eax, (%rcx), %edx"},
	{"2e 90", 2, "cs nop"},
	{"3e eb 00", 3, "ds jmp .+2"},
	{"f3 c3", 2, "rep ret"},
	{"3e ff e0", 3, "notrack jmp *%rax"},
	/* Hand-written, checked with `objdump -D -b binary -m i386:x86-64`. */
	{"67 a1 44 33 22 11", 6, "addr32 mov 0x11223344,%eax (moffs32)"},
	{"67 a3 44 33 22 11", 6, "addr32 mov %eax,0x11223344"},
	{"a0 88 77 66 55 44 33 22 11", 9, "movabs 0x1122334455667788,%al"},
	{"48 a1 88 77 66 55 44 33 22 11", 10, "movabs 0x1122334455667788,%rax"},
	{"66 66 48 e8 00 00 00 00", 8, "data16 data16 rex.W call (TLS general dynamic)"},
	{"f2 e9 00 00 00 00", 6, "bnd jmp"},
	{"66 66 66 66 66 66 2e 0f 1f 84 00 00 00 00 00", 15, "the longest nop"},
	{"48 c7 c0 0f 00 00 00", 7, "mov $0xf,%rax"},
	{"66 b8 34 12", 4, "mov $0x1234,%ax"},
	{"66 68 34 12", 4, "pushw $0x1234"},
	{"48 68 78 56 34 12", 6, "rex.W push $0x12345678"},
	{"66 c7 f8 10 00", 5, "xbeginw"},
	{"f3 48 0f b8 c1", 5, "popcnt %rcx,%rax"},
	{"66 f3 0f b8 c1", 5, "popcnt %cx,%ax"},
	{"f2 48 0f 38 f1 c1", 6, "crc32 %rcx,%rax"},
	{"66 f2 0f 38 f1 c1", 6, "crc32 %cx,%eax"},
	{"c4 e2 79 18 00", 5, "vbroadcastss (%rax),%xmm0"},
	{"c4 c1 78 28 c0", 5, "vmovaps %xmm8,%xmm0 (3-byte VEX)"},
	{"c5 79 d6 c0", 4, "vmovq %xmm8,%xmm0"},
	{"41 90", 2, "xchg %eax,%r8d"},
	{"40 b4 01", 3, "mov $0x1,%spl"},
	{"8f c0", 2, "pop %rax (8f /0)"},
	{"67 e3 fe", 3, "jecxz"},
	{"66 c2 08 00", 4, "retw $0x8"},
	{"df c0", 2, "ffreep %st(0)"},
	{"c4 e3 79 14 c0 01", 6, "vpextrb $0x1,%xmm0,%eax"},
	{"0f 71 d0 01", 4, "psrlw $0x1,%mm0"},
	{"9b df e0", 1, "fwait (then fnstsw %ax)"},
};

static void test_decode_lengths(void)
{
	for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++) {
		uint8_t b[32];
		size_t n = unhex(lengths[i].hex, b, sizeof b);
		struct x86_insn in;
		int len = x86_decode(b, n, &in);
		CHECK(len == lengths[i].len && in.len == len, "%s [%s]: length %d, want %d",
		      lengths[i].text, lengths[i].hex, len, lengths[i].len);
		/* with trailing bytes the length is the same; one byte short is rejected */
		b[n] = 0x90;
		CHECK(x86_decode(b, n + 1, &in) == lengths[i].len, "%s: with a trailing byte", lengths[i].text);
		CHECK(x86_decode(b, (size_t)lengths[i].len - 1, &in) == 0, "%s: truncated", lengths[i].text);
	}
}

/* Encodings that must be rejected: invalid in 64-bit mode (objdump says "(bad)"),
 * extensions the decoder does not know, or branches whose meaning depends on the vendor. */
static void test_decode_rejects(void)
{
	static const struct {
		const char *hex, *why;
	} cases[] = {
		{"62 f1 7c 48 10 06", "EVEX (AVX-512)"},
		{"c5 fb 92 c8", "AVX-512 mask register (kmovd)"},
		{"8f e8 78 c2 ec 0e", "XOP"},
		{"0f 0f c1 b4", "3DNow!"},
		{"0f 0e", "femms"},
		{"c4 e3 f9 6b c2 10", "FMA4"},
		{"66 0f 78 c0 01 02", "SSE4a extrq"},
		{"06", "push %es"},
		{"27", "daa"},
		{"60", "pusha"},
		{"d4 0a", "aam"},
		{"ce", "into"},
		{"9a 00 00 00 00 00 00", "far call"},
		{"c5 f0 28 c1", "vmovaps with VEX.vvvv != 1111b"},
		{"c4 e2 7d 5a c0", "vbroadcasti128 from a register"},
		{"48 c5 f8 28 c1", "REX before VEX"},
		{"66 c5 f8 28 c1", "66h before VEX"},
		{"f0 01 c0", "lock with a register destination"},
		{"f6 c8 01", "test alias f6 /1"},
		{"c1 f0 03", "sal alias c1 /6"},
		{"0f 38 ff c0", "undefined 0f 38 ff"},
		{"0f 04", "undefined 0f 04"},
		{"0f ff c0", "ud0"},
		{"66 e8 00 00", "call rel16 (vendors differ)"},
		{"66 eb 00", "jmp rel8 with 66h (vendors differ)"},
		{"8d c0", "lea from a register"},
		{"ff f8", "ff /7"},
		{"fe d0", "fe /2"},
		{"c6 c8 00", "c6 /1"},
		{"d9 d8", "x87 d9 d8"},
		{"db e0", "fneni"},
		{"0f 20 00", "mov from %cr0 with a memory ModRM"},
		{"f2 0f 50 c0", "movmskps with f2"},
		{"0f d6 c0", "movq 0f d6 without 66h"},
		{"0f 13 c0", "movlps to a register"},
		{"0f c7 c8", "cmpxchg8b on a register"},
		{"b8 01 00", "truncated immediate"},
		{"0f", "truncated opcode"},
		{"48", "a lone REX"},
		{"c4 e2", "truncated VEX"},
		{"66 66 66 66 66 66 66 66 66 66 66 66 0f 1f 44 00 00", "longer than 15 bytes"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		uint8_t b[32];
		size_t n = unhex(cases[i].hex, b, sizeof b);
		memset(b + n, 0, sizeof b - n); /* zeros after: a prefix of them must not pass */
		struct x86_insn in;
		int len = x86_decode(b, n, &in);
		CHECK(len == 0, "%s [%s] decoded with length %d", cases[i].why, cases[i].hex, len);
	}
}

#define R(x) X86_GPR(X86_##x)

/* Registers written and control flow, which the scanner's correctness rests on. */
static void test_decode_effects(void)
{
	static const struct {
		const char *hex;
		uint16_t writes;
		int flow;
		const char *text;
	} cases[] = {
		{"b8 3c 00 00 00", R(RAX), X86_FLOW_NEXT, "mov $60,%eax"},
		{"41 b8 3c 00 00 00", R(R8), X86_FLOW_NEXT, "mov $60,%r8d"},
		{"b4 01", R(RAX), X86_FLOW_NEXT, "mov $1,%ah"},
		{"40 b4 01", R(RSP), X86_FLOW_NEXT, "mov $1,%spl"},
		{"41 b4 01", R(R12), X86_FLOW_NEXT, "mov $1,%r12b"},
		{"88 e0", R(RAX), X86_FLOW_NEXT, "mov %ah,%al"},
		{"89 c7", R(RDI), X86_FLOW_NEXT, "mov %eax,%edi"},
		{"8b 07", R(RAX), X86_FLOW_NEXT, "mov (%rdi),%eax"},
		{"89 07", 0, X86_FLOW_NEXT, "mov %eax,(%rdi)"},
		{"0f a2", R(RAX) | R(RBX) | R(RCX) | R(RDX), X86_FLOW_NEXT, "cpuid"},
		{"0f 31", R(RAX) | R(RDX), X86_FLOW_NEXT, "rdtsc"},
		{"0f 01 f9", X86_ALL_GPRS, X86_FLOW_NEXT, "rdtscp"},
		{"48 f7 e1", R(RAX) | R(RDX), X86_FLOW_NEXT, "mul %rcx"},
		{"f6 e1", R(RAX), X86_FLOW_NEXT, "mul %cl"},
		{"f7 d8", R(RAX), X86_FLOW_NEXT, "neg %eax"},
		{"f7 c1 00 00 00 40", 0, X86_FLOW_NEXT, "test $0x40000000,%ecx"},
		{"83 f8 05", 0, X86_FLOW_NEXT, "cmp $5,%eax"},
		{"83 c0 05", R(RAX), X86_FLOW_NEXT, "add $5,%eax"},
		{"99", R(RDX), X86_FLOW_NEXT, "cltd"},
		{"0f 05", R(RAX) | R(RCX) | R(R11), X86_FLOW_NEXT, "syscall"},
		{"cd 80", X86_ALL_GPRS, X86_FLOW_NEXT, "int $0x80"},
		{"0f b1 0f", R(RAX), X86_FLOW_NEXT, "cmpxchg %ecx,(%rdi)"},
		{"0f c1 c8", R(RAX) | R(RCX), X86_FLOW_NEXT, "xadd %ecx,%eax"},
		{"41 90", R(RAX) | R(R8), X86_FLOW_NEXT, "xchg %eax,%r8d"},
		{"90", 0, X86_FLOW_NEXT, "nop"},
		{"df e0", R(RAX), X86_FLOW_NEXT, "fnstsw %ax"},
		{"ac", R(RAX) | R(RSI) | R(RCX), X86_FLOW_NEXT, "lodsb"},
		{"f3 48 ab", R(RDI) | R(RCX), X86_FLOW_NEXT, "rep stos %rax"},
		{"5f", R(RDI) | R(RSP), X86_FLOW_NEXT, "pop %rdi"},
		{"c9", R(RSP) | R(RBP), X86_FLOW_NEXT, "leave"},
		{"0f 44 c1", R(RAX), X86_FLOW_NEXT, "cmove %ecx,%eax"},
		{"0f 94 c0", R(RAX), X86_FLOW_NEXT, "sete %al"},
		{"66 0f 7e c0", R(RAX), X86_FLOW_NEXT, "movd %xmm0,%eax"},
		{"f3 0f 7e c1", 0, X86_FLOW_NEXT, "movq %xmm1,%xmm0"},
		{"66 0f d7 c1", R(RAX), X86_FLOW_NEXT, "pmovmskb %xmm1,%eax"},
		{"f2 0f 2c c0", R(RAX), X86_FLOW_NEXT, "cvttsd2si %xmm0,%eax"},
		{"0f 2c c0", 0, X86_FLOW_NEXT, "cvttps2pi %xmm0,%mm0"},
		{"66 0f 3a 16 c0 01", R(RAX), X86_FLOW_NEXT, "pextrd $1,%xmm0,%eax"},
		{"66 0f 3a 63 07 1a", R(RCX), X86_FLOW_NEXT, "pcmpistri"},
		{"c5 f9 7e c0", R(RAX), X86_FLOW_NEXT, "vmovd %xmm0,%eax"},
		{"c4 e2 f3 f6 c0", R(RAX) | R(RCX), X86_FLOW_NEXT, "mulx %rax,%rcx,%rax"},
		{"c4 e2 70 f3 c8", R(RCX), X86_FLOW_NEXT, "blsr %eax,%ecx"},
		{"c4 e3 7b f0 c8 03", R(RCX), X86_FLOW_NEXT, "rorx $3,%eax,%ecx"},
		{"f3 48 0f c7 f8", R(RAX), X86_FLOW_NEXT, "rdpid %rax"},
		{"c7 f8 00 00 00 00", R(RAX), X86_FLOW_JCC, "xbegin"},
		{"e8 00 00 00 00", R(RSP), X86_FLOW_CALL, "call rel32"},
		{"ff d0", R(RSP), X86_FLOW_CALL_IND, "call *%rax"},
		{"ff 15 00 00 00 00", R(RSP), X86_FLOW_CALL_IND, "call *0(%rip)"},
		{"ff e0", 0, X86_FLOW_JMP_IND, "jmp *%rax"},
		{"3e ff e0", 0, X86_FLOW_JMP_IND, "notrack jmp *%rax"},
		{"e9 00 00 00 00", 0, X86_FLOW_JMP, "jmp rel32"},
		{"eb fe", 0, X86_FLOW_JMP, "jmp rel8"},
		{"74 00", 0, X86_FLOW_JCC, "je rel8"},
		{"0f 85 00 01 00 00", 0, X86_FLOW_JCC, "jne rel32"},
		{"e2 fe", R(RCX), X86_FLOW_JCC, "loop"},
		{"c3", R(RSP), X86_FLOW_RET, "ret"},
		{"f3 c3", R(RSP), X86_FLOW_RET, "rep ret"},
		{"0f 0b", 0, X86_FLOW_STOP, "ud2"},
		{"f4", 0, X86_FLOW_STOP, "hlt"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		uint8_t b[16];
		size_t n = unhex(cases[i].hex, b, sizeof b);
		struct x86_insn in;
		int len = x86_decode(b, n, &in);
		CHECK(len == (int)n, "%s: length %d, want %zu", cases[i].text, len, n);
		CHECK(in.writes == cases[i].writes, "%s: writes %#x, want %#x", cases[i].text,
		      in.writes, cases[i].writes);
		CHECK(in.flow == cases[i].flow, "%s: flow %d, want %d", cases[i].text, in.flow, cases[i].flow);
	}
}

static void test_decode_fields(void)
{
	struct x86_insn in;
	/* movl $5, 0x100(%rsp,%rax,4) with REX.W: ModRM, SIB, disp32, imm32 sign-extended */
	const uint8_t a[] = {0x48, 0xc7, 0x84, 0x84, 0x00, 0x01, 0x00, 0x00, 0xfb, 0xff, 0xff, 0xff};
	CHECK(x86_decode(a, sizeof a, &in) == 12, "length");
	CHECK(in.has_modrm && in.has_sib && in.disp_off == 4 && in.disp_size == 4 && in.disp == 0x100,
	      "displacement at %u size %u = %" PRId64, in.disp_off, in.disp_size, in.disp);
	CHECK(in.imm_off == 8 && in.imm_size == 4 && in.imm == -5 && in.opsize == 8, "immediate");
	/* call rel32 and jne rel8: branch displacements */
	const uint8_t b[] = {0xe8, 0xfb, 0x01, 0x00, 0x00};
	CHECK(x86_decode(b, sizeof b, &in) == 5 && in.rel && in.imm == 0x1fb && in.imm_off == 1, "call");
	const uint8_t c[] = {0x75, 0xf5};
	CHECK(x86_decode(c, sizeof c, &in) == 2 && in.rel && in.imm == -11, "jne");
	/* lea 0x10(%rip),%rsi */
	const uint8_t d[] = {0x48, 0x8d, 0x35, 0x10, 0x00, 0x00, 0x00};
	CHECK(x86_decode(d, sizeof d, &in) == 7 && in.rip_rel && in.disp == 16 && in.disp_off == 3, "lea");
	/* movabs $0x123456789abcdef0, %r11 */
	const uint8_t e[] = {0x49, 0xbb, 0xf0, 0xde, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12};
	CHECK(x86_decode(e, sizeof e, &in) == 10 && in.imm == 0x123456789abcdef0 && in.writes == R(R11),
	      "movabs");
	/* enter $16, $1 */
	const uint8_t f[] = {0xc8, 0x10, 0x00, 0x01};
	CHECK(x86_decode(f, sizeof f, &in) == 4 && in.imm == (16 | 1 << 16), "enter");
	/* VEX: vaddsd 8(%rax,%rcx,8),%xmm1,%xmm2 */
	const uint8_t g[] = {0xc5, 0xf3, 0x58, 0x54, 0xc8, 0x08};
	CHECK(x86_decode(g, sizeof g, &in) == 6 && in.vex && in.vvvv == 1 && in.mprefix == 0xf2 &&
	      in.map == X86_MAP_0F && in.op == 0x58, "vex");
}

/* Every byte sequence either decodes within its bounds or is rejected (no crash, no read
 * past the end: the sanitizers watch). */
static void test_decode_fuzz(void)
{
	uint64_t x = 88172645463325252ull;
	for (int i = 0; i < 200000; i++) {
		uint8_t b[16];
		size_t n = 1 + (size_t)(x % 16);
		for (size_t k = 0; k < n; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			b[k] = (uint8_t)x;
		}
		uint8_t *p = uk_xmalloc(n); /* exactly n bytes, so ASan catches over-reads */
		memcpy(p, b, n);
		struct x86_insn in;
		int len = x86_decode(p, n, &in);
		CHECK(len >= 0 && (size_t)len <= n && len <= 15, "length %d of %zu bytes", len, n);
		free(p);
	}
}

/* ---- the scanner ---- */

/* Built by `make unit` from tests/libc-scan/fixtures/{cases.s,switch.c}. */
#define FIXTURES "build/fixtures/"

struct obj {
	char *image;
	size_t size;
	Elf *e;
	struct uk_syscall_site *sites;
	size_t n;
	int rc;
};

static bool load(struct obj *o, const char *file, const struct uk_syscall_taker *takers)
{
	memset(o, 0, sizeof *o);
	o->image = uk_read_file(file, &o->size);
	CHECK(o->image, "%s: cannot read (run from the repository root)", file);
	if (!o->image)
		return false;
	o->e = elf_memory(o->image, o->size);
	CHECK(o->e, "%s: %s", file, elf_errmsg(-1));
	if (!o->e)
		return false;
	o->rc = uk_scan_syscall_sites(o->e, file, takers, &o->sites, &o->n);
	CHECK(o->rc == 0, "%s: scan failed", file);
	return o->rc == 0;
}

static void unload(struct obj *o)
{
	uk_sites_free(o->sites);
	if (o->e)
		elf_end(o->e);
	free(o->image);
}

/* The sites in function fn (NULL: outside any function) as "via nr[ callee]", comma-separated. */
static char *describe(const struct obj *o, const char *fn)
{
	struct uk_buf b = {0};
	for (size_t i = 0; i < o->n; i++) {
		const struct uk_syscall_site *s = &o->sites[i];
		if (fn ? !s->function || strcmp(s->function, fn) : s->function != NULL)
			continue;
		uk_buf_addf(&b, "%s%s %ld", b.len ? ", " : "", uk_site_via_name(s->via), s->nr);
		if (s->callee)
			uk_buf_addf(&b, " %s", s->callee);
	}
	uk_buf_add(&b, "", 1);
	return b.p;
}

static void expect(const char *file, const char *fn, const char *want)
{
	struct obj o;
	if (load(&o, file, uk_musl_takers)) {
		char *got = describe(&o, fn);
		CHECK(!strcmp(got, want), "%s: got \"%s\", want \"%s\"", fn ? fn : "(no function)", got, want);
		free(got);
	}
	unload(&o);
}

#define CASES FIXTURES "cases.o"

static void test_join(void) { expect(CASES, "join", "syscall 39, syscall 186"); }
static void test_clobber(void) { expect(CASES, "clobber", "syscall -1"); }
static void test_zero(void) { expect(CASES, "zero", "syscall 0, syscall 0, syscall 15, syscall 60"); }
static void test_viareg(void) { expect(CASES, "viareg", "syscall 60, syscall 231, syscall 12"); }
static void test_takers(void)
{
	expect(CASES, "takers", "call 2 __syscall_cp, call 4 syscall, call 5 __syscall_cp_asm, "
				"call -1 syscall, call 3 __syscall_cp");
}
static void test_ref(void)
{
	expect(CASES, "ref", "ref -1 syscall");
	expect(CASES, NULL, "ref -1 __syscall_cp"); /* in .data */
}
static void test_loop(void) { expect(CASES, "loop", "syscall 7, syscall -1"); }
static void test_guard(void) { expect(CASES, "guard", "syscall 19, syscall 0"); }
static void test_bytes(void) { expect(CASES, "bytes", "syscall 56, syscall -1"); }
static void test_entry(void) { expect(CASES, "entry", "syscall -1"); }
static void test_int80(void) { expect(CASES, "int80", "int80 1"); }
static void test_noreturn(void) { expect(CASES, "noreturn", "syscall 62"); }
static void test_lockskip(void) { expect(CASES, "lockskip", "syscall 39"); }
static void test_hidden(void) { expect(CASES, "hidden", "undecodable -1, syscall -1"); }
static void test_undecodable(void) { expect(CASES, "evex", "syscall -1, undecodable -1"); }
static void test_table(void) { expect(CASES, "table", "syscall 13, syscall 14, syscall -1"); }
static void test_taken(void) { expect(CASES, "taken", "syscall -1"); }

static void test_gcc_switch(void)
{
	expect(FIXTURES "switch-gcc.o", "by_switch", "call 231 syscall, call 0 syscall, call 39 syscall, "
		"call 186 syscall, call 62 syscall, call 60 syscall, call -1 syscall");
	/* gcc computes vector ? 19 : 0 with neg/sbb/and: beyond the method, so dynamic */
	expect(FIXTURES "switch-gcc.o", "either", "call -1 __syscall_cp");
}

static void test_clang_switch(void)
{
	expect(FIXTURES "switch-clang.o", "by_switch", "call 39 syscall, call -1 syscall, "
		"call 186 syscall, call 62 syscall, call 60 syscall, call 231 syscall, call 0 syscall");
	/* clang uses cmove: both values */
	expect(FIXTURES "switch-clang.o", "either", "call 0 __syscall_cp, call 19 __syscall_cp");
}

/* Sections and offsets name the instruction; constants of one site are consecutive. */
static void test_positions(void)
{
	struct obj o;
	if (load(&o, CASES, uk_musl_takers)) {
		size_t shstr;
		CHECK(!elf_getshdrstrndx(o.e, &shstr), "shstrndx");
		int found = 0;
		for (size_t i = 0; i < o.n; i++) {
			const struct uk_syscall_site *s = &o.sites[i];
			GElf_Shdr sh;
			CHECK(gelf_getshdr(elf_getscn(o.e, s->section), &sh), "section %zu", s->section);
			const char *name = elf_strptr(o.e, shstr, sh.sh_name);
			if (s->function && !strcmp(s->function, "join")) {
				/* test, je, mov, jmp, mov: the syscall is at 2 + 2 + 5 + 2 + 5 = 16 */
				CHECK(!strcmp(name, ".text.join") && s->offset == 16, "join at %s+%#" PRIx64,
				      name, s->offset);
				found++;
			}
			if (i)
				CHECK(s->section > o.sites[i - 1].section ||
				      (s->section == o.sites[i - 1].section && s->offset >= o.sites[i - 1].offset),
				      "sites out of order at %zu", i);
		}
		CHECK(found == 2, "join: %d sites", found);
	}
	unload(&o);
}

static void test_no_takers(void)
{
	struct obj o;
	if (load(&o, CASES, NULL)) {
		for (size_t i = 0; i < o.n; i++)
			CHECK(o.sites[i].via != UK_SITE_CALL && o.sites[i].via != UK_SITE_REF,
			      "a %s site without takers", uk_site_via_name(o.sites[i].via));
	}
	unload(&o);
	/* a custom taker: `helper` taking the number in its third argument */
	static const struct uk_syscall_taker mine[] = {{"helper", 2}, {NULL, 0}};
	if (load(&o, CASES, mine)) {
		char *got = describe(&o, "clobber");
		CHECK(!strcmp(got, "call -1 helper, syscall -1"), "clobber: %s", got);
		free(got);
	}
	unload(&o);
}

/* Random code (the ELF structure intact): every scan succeeds, within bounds (ASan watches),
 * and a site with a constant never sits in a section that has an undecodable site. */
static void test_scan_fuzz(void)
{
	size_t size;
	char *image = uk_read_file(CASES, &size);
	CHECK(image, "%s: cannot read", CASES);
	if (!image)
		return;
	/* where the code is in the file */
	Elf *e = elf_memory(image, size);
	size_t spans[64][2], nspans = 0;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	while (e && (scn = elf_nextscn(e, scn)) && nspans < 64)
		if (gelf_getshdr(scn, &sh) && (sh.sh_flags & SHF_EXECINSTR) && sh.sh_size) {
			spans[nspans][0] = sh.sh_offset;
			spans[nspans++][1] = sh.sh_size;
		}
	if (e)
		elf_end(e);
	CHECK(nspans > 10, "%zu code sections", nspans);
	char *copy = uk_xmalloc(size);
	uint64_t x = 0x9e3779b97f4a7c15ull;
	for (int round = 0; round < 300 && nspans && !failed; round++) {
		memcpy(copy, image, size);
		for (int k = 0; k < 24; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			size_t *sp = spans[x % nspans];
			copy[sp[0] + (x >> 20) % sp[1]] = (char)(x >> 8);
		}
		Elf *m = elf_memory(copy, size);
		struct uk_syscall_site *sites = NULL;
		size_t n = 0;
		int rc = m ? uk_scan_syscall_sites(m, "fuzz", uk_musl_takers, &sites, &n) : -1;
		CHECK(rc == 0, "round %d: rc %d", round, rc);
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < n; k++)
				CHECK(!(sites[i].nr >= 0 && sites[i].via == UK_SITE_SYSCALL &&
					sites[k].via == UK_SITE_UNDECODABLE && sites[k].section == sites[i].section),
				      "round %d: a constant beside undecodable code", round);
		uk_sites_free(sites);
		if (m)
			elf_end(m);
	}
	free(copy);
	free(image);
}

/* Malformed objects: -1 and a message naming the object. */
static int scan_patched(const char *what, void (*patch)(char *image), char *msg, size_t msgsz)
{
	size_t size;
	char *image = uk_read_file(CASES, &size);
	if (!image)
		return -2;
	patch(image);
	Elf *e = elf_memory(image, size);
	struct uk_syscall_site *sites = NULL;
	size_t n = 0;
	fflush(stderr);
	int saved = dup(2);
	FILE *tmp = tmpfile();
	dup2(fileno(tmp), 2);
	int rc = e ? uk_scan_syscall_sites(e, what, uk_musl_takers, &sites, &n) : -2;
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	size_t got = fread(msg, 1, msgsz - 1, tmp);
	msg[got] = 0;
	fclose(tmp);
	CHECK(rc != 0 || !sites, "sites returned with an error");
	uk_sites_free(sites);
	if (e)
		elf_end(e);
	free(image);
	return rc;
}

static void as_exec(char *image) { ((Elf64_Ehdr *)image)->e_type = ET_EXEC; }
static void as_arm(char *image) { ((Elf64_Ehdr *)image)->e_machine = EM_AARCH64; }
static void bad_symbol(char *image)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		Elf64_Shdr *sh = (Elf64_Shdr *)(image + eh->e_shoff + (uint64_t)i * eh->e_shentsize);
		if (sh->sh_type == SHT_RELA) {
			Elf64_Rela *r = (Elf64_Rela *)(image + sh->sh_offset);
			r->r_info = ELF64_R_INFO(99999, ELF64_R_TYPE(r->r_info));
			return;
		}
	}
}

static void test_malformed(void)
{
	char msg[512];
	int rc = scan_patched("x.o", as_exec, msg, sizeof msg);
	CHECK(rc == -1 && strstr(msg, "ukcc: x.o: not a relocatable object"), "exec: %d %s", rc, msg);
	rc = scan_patched("y.o", as_arm, msg, sizeof msg);
	CHECK(rc == -1 && strstr(msg, "ukcc: y.o: not an x86-64"), "arm: %d %s", rc, msg);
	rc = scan_patched("z.o", bad_symbol, msg, sizeof msg);
	CHECK(rc == -1 && strstr(msg, "ukcc: z.o: relocation out of range"), "symbol: %d %s", rc, msg);
}

/* ---- --libc: every site of an archive, and the totals ---- */

struct tally {
	size_t members, with_sites, sites, constant, multi, dynamic, undecodable, refs;
	bool numbers[4096]; /* system-call numbers seen (x86-64 numbers are small) */
	size_t big;         /* constants beyond that table */
	struct uk_strv callees;
	size_t *calls, *call_const; /* per callee */
};

static void tally_site(struct tally *t, const struct uk_syscall_site *s, size_t n)
{
	/* s[0..n-1]: the entries of one site (one per constant) */
	if (s->via == UK_SITE_UNDECODABLE) {
		t->undecodable++;
		return;
	}
	if (s->via == UK_SITE_REF) {
		t->refs++;
		return;
	}
	for (size_t k = 0; k < n; k++)
		if (s[k].nr >= 0 && s[k].via != UK_SITE_INT80) {
			if (s[k].nr < 4096)
				t->numbers[s[k].nr] = true;
			else
				t->big++;
		}
	if (s->via == UK_SITE_CALL) {
		size_t c = 0;
		while (c < t->callees.n && strcmp(t->callees.v[c], s->callee))
			c++;
		if (c == t->callees.n) {
			uk_strv_push(&t->callees, s->callee);
			t->calls = uk_xrealloc(t->calls, t->callees.n * sizeof *t->calls);
			t->call_const = uk_xrealloc(t->call_const, t->callees.n * sizeof *t->call_const);
			t->calls[c] = t->call_const[c] = 0;
		}
		t->calls[c]++;
		t->call_const[c] += s->nr >= 0;
		return;
	}
	t->sites++;
	if (s->nr < 0)
		t->dynamic++;
	else if (n > 1)
		t->multi++;
	else
		t->constant++;
}

static int scan_libc(const char *path)
{
	elf_version(EV_CURRENT);
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		uk_error("%s:", path);
		return UK_EXIT_FAIL;
	}
	Elf *ar = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!ar || elf_kind(ar) != ELF_K_AR) {
		uk_error("%s: not an archive", path);
		if (ar)
			elf_end(ar);
		close(fd);
		return UK_EXIT_FAIL;
	}
	struct tally t = {0};
	struct timespec t0, t1;
	double busy = 0;
	int rc = UK_EXIT_OK;
	Elf *m;
	Elf_Cmd cmd = ELF_C_READ_MMAP;
	while ((m = elf_begin(fd, cmd, ar))) {
		Elf_Arhdr *h = elf_getarhdr(m);
		if (h && h->ar_name[0] != '/' && elf_kind(m) == ELF_K_ELF) {
			struct uk_syscall_site *s;
			size_t n;
			char *where = uk_xasprintf("%s(%s)", path, h->ar_name);
			clock_gettime(CLOCK_MONOTONIC, &t0);
			int r = uk_scan_syscall_sites(m, where, uk_musl_takers, &s, &n);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			busy += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
			free(where);
			t.members++;
			if (r < 0) {
				rc = UK_EXIT_FAIL;
			} else {
				size_t shstr = 0;
				elf_getshdrstrndx(m, &shstr);
				bool any = false;
				for (size_t i = 0; i < n;) {
					size_t k = i + 1; /* the entries of one site */
					while (k < n && s[k].section == s[i].section && s[k].offset == s[i].offset &&
					       s[k].via == s[i].via)
						k++;
					tally_site(&t, &s[i], k - i);
					any |= s[i].via == UK_SITE_SYSCALL || s[i].via == UK_SITE_CALL ||
					       s[i].via == UK_SITE_INT80;
					for (; i < k; i++) {
						GElf_Shdr sh;
						const char *sec = gelf_getshdr(elf_getscn(m, s[i].section), &sh)
									  ? elf_strptr(m, shstr, sh.sh_name) : NULL;
						printf("%s\t%s\t%s\t%#" PRIx64 "\t%s\t%ld\t%s\n", h->ar_name,
						       s[i].function ? s[i].function : "-", sec ? sec : "?",
						       s[i].offset, uk_site_via_name(s[i].via), s[i].nr,
						       s[i].callee ? s[i].callee : "-");
					}
				}
				t.with_sites += any;
				uk_sites_free(s);
			}
		}
		cmd = elf_next(m);
		elf_end(m);
	}
	elf_end(ar);
	close(fd);
	size_t distinct = t.big;
	for (size_t i = 0; i < sizeof t.numbers; i++)
		distinct += t.numbers[i];
	printf("# members %zu\n# members_with_sites %zu\n", t.members, t.with_sites);
	printf("# syscall_sites %zu\n# syscall_constant %zu\n# syscall_multi %zu\n# syscall_dynamic %zu\n",
	       t.sites, t.constant, t.multi, t.dynamic);
	for (size_t c = 0; c < t.callees.n; c++)
		printf("# calls %s %zu constant %zu\n", t.callees.v[c], t.calls[c], t.call_const[c]);
	printf("# distinct_numbers %zu\n# refs %zu\n# undecodable %zu\n# seconds %.3f\n", distinct,
	       t.refs, t.undecodable, busy);
	uk_strv_free(&t.callees);
	free(t.calls);
	free(t.call_const);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--libc"))
		return scan_libc(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: %s [--libc ARCHIVE]\n", argv[0]);
		return UK_EXIT_USAGE;
	}
	elf_version(EV_CURRENT);
	run("x86dec.lengths", test_decode_lengths);
	run("x86dec.rejects", test_decode_rejects);
	run("x86dec.effects", test_decode_effects);
	run("x86dec.fields", test_decode_fields);
	run("x86dec.fuzz", test_decode_fuzz);
	run("sysscan.join", test_join);
	run("sysscan.clobber", test_clobber);
	run("sysscan.zero", test_zero);
	run("sysscan.via_register", test_viareg);
	run("sysscan.takers", test_takers);
	run("sysscan.ref", test_ref);
	run("sysscan.loop", test_loop);
	run("sysscan.guard", test_guard);
	run("sysscan.partial", test_bytes);
	run("sysscan.entry", test_entry);
	run("sysscan.int80", test_int80);
	run("sysscan.noreturn", test_noreturn);
	run("sysscan.lock_skip", test_lockskip);
	run("sysscan.hidden", test_hidden);
	run("sysscan.undecodable", test_undecodable);
	run("sysscan.jump_table", test_table);
	run("sysscan.address_taken", test_taken);
	run("sysscan.gcc_switch", test_gcc_switch);
	run("sysscan.clang_switch", test_clang_switch);
	run("sysscan.positions", test_positions);
	run("sysscan.takers_param", test_no_takers);
	run("sysscan.fuzz", test_scan_fuzz);
	run("sysscan.malformed", test_malformed);
	return nfailed ? UK_EXIT_FAIL : UK_EXIT_OK;
}
