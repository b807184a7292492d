/* mman.c: brk, mmap, munmap, mremap, mprotect and madvise for anonymous memory, with Linux's
 * semantics and errno values. Mappings are reserved, not populated: each page is allocated
 * and zeroed on first touch (uk_mem_fault), so an 8 MiB stack or a sparse array costs only
 * what is used, as on Linux. mremap moves page-table entries, never data. */
#include <sys/mman.h>
#include <sys/resource.h>
#include <uk/boot.h>
#include <uk/console.h>
#include <uk/mem.h>
#include <uk/syscall.h>
#include <uk/util.h>

#include "mem.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PAGE UK_PAGE_SIZE

static bool in_anon(uint64_t va, uint64_t len)
{
	return va >= UK_ANON_BASE && va + len <= UK_ANON_END && va + len >= va;
}

static bool in_brk(uint64_t va, uint64_t len)
{
	return va >= UK_BRK_BASE && va + len <= UK_BRK_BASE + UK_BRK_MAX;
}

/* The areas with fixed addresses (uk/mem.h): the stack and heap may be mprotect'ed too. */
static bool in_fixed(uint64_t va, uint64_t len)
{
	return in_brk(va, len) || (va >= UK_HEAP_BASE && va + len <= UK_STACK_TOP && va + len >= va);
}

static void free_entry(uint64_t *pte)
{
	if ((*pte & PTE_ADDR) && !(*pte & PTE_FILE))
		uk_page_free(*pte & PTE_ADDR);
	*pte = 0;
}

#define CHUNK (2ULL << 20)

static void unmap_range(uint64_t va, uint64_t len)
{
	for (uint64_t p = va; p < va + len; p += PAGE) {
		if (!(p & (CHUNK - 1)) && p + CHUNK <= va + len && uk_clear_chunk(p)) {
			p += CHUNK - PAGE; /* a reserved chunk that was never touched: no pages */
			continue;
		}
		uint64_t *pte = uk_pte(p, false);
		if (!pte) { /* no table here: skip to the next 2 MiB */
			p = UK_ALIGN_DOWN(p, 2ULL << 20) + (2ULL << 20) - PAGE;
			continue;
		}
		if (*pte) {
			free_entry(pte);
			uk_invlpg(p);
		}
	}
}

static bool reserve_range(uint64_t va, uint64_t len, uint64_t flags)
{
	for (uint64_t p = va; p < va + len; p += PAGE) {
		if (!(p & (CHUNK - 1)) && p + CHUNK <= va + len && uk_reserve_chunk(p, flags)) {
			p += CHUNK - PAGE;
			continue;
		}
		uint64_t *pte = uk_pte(p, true);
		if (!pte)
			return false;
		*pte = flags;
	}
	return true;
}

/* The heap and the initial stack: read-write, never executable. Their reserved parts
 * (heap_end, stack_floor) are demand-zero by rule, so reserving them writes no page-table
 * entries: an entry appears when a page is first touched, or when mprotect or a discard
 * records something about it, and then the entry decides. */
#define FIXED_FLAGS (PTE_ANON | PTE_W | PTE_NX)

static uint64_t heap_end = UK_HEAP_BASE, stack_floor = UK_STACK_TOP;

static bool in_fixed_reserved(uint64_t va)
{
	return (va >= UK_HEAP_BASE && va < heap_end) || (va >= stack_floor && va < UK_STACK_TOP);
}

/* A page has been touched for the first time: give it memory. */
bool uk_mem_fault(uint64_t va, uint64_t error)
{
	if (error & 1) /* present: a protection violation, not a missing page */
		return false;
	uint64_t *pte = uk_pte(va, false);
	if (!pte || !*pte) {
		if (!in_fixed_reserved(va))
			return false;
		pte = uk_pte(va, true);
		*pte = FIXED_FLAGS;
	}
	if (!(*pte & PTE_ANON) || (*pte & (PTE_NOACCESS | PTE_ADDR)))
		return false;
	uint64_t pa = uk_page_alloc();
	if (!pa) {
		/* Linux's OOM killer would send SIGKILL; say why. */
		uk_printk("ukcc runtime: out of memory: no page for address 0x%lx\n", va);
		uk_shutdown_signal(9, "out of memory (guest RAM exhausted; run with more --mem)");
	}
	*pte = pa | (*pte & ~PTE_ADDR) | PTE_P;
	return true;
}

static bool all_mapped(uint64_t va, uint64_t size)
{
	for (uint64_t p = va; p < va + size; p += PAGE) {
		uint64_t *pte = uk_pte(p, false);
		if ((!pte || !*pte) && !in_fixed_reserved(p))
			return false;
	}
	return true;
}

static uint64_t brk_cur = UK_BRK_BASE;
static uint64_t fixed_reserved; /* bytes of the heap and the initial stack reserved */

/* RLIMIT_AS, from the rlimit component when it is linked (a weak reference does not pull
 * it in): anonymous mappings, the stack and the heap count, as in Linux's total_vm. */
extern struct rlimit uk_rlimits[] __attribute__((weak));

static bool over_limit(uint64_t more)
{
	if (!uk_rlimits || uk_rlimits[RLIMIT_AS].rlim_cur == RLIM_INFINITY)
		return false;
	return uk_va_used() + (brk_cur - UK_BRK_BASE) + fixed_reserved + more > uk_rlimits[RLIMIT_AS].rlim_cur;
}

/* Linux refuses a mapping that could never be backed (heuristic overcommit): one larger
 * than all of memory. Anything smaller is reserved and backed page by page as it is
 * touched, so programs that reserve generously and use a part work as natively. */
static bool could_back(uint64_t len)
{
	return len / PAGE <= uk_pages_total();
}

long uk_mmap_anon(uint64_t addr, size_t len, int prot, int flags)
{
	uint64_t size = UK_ALIGN_UP(len, PAGE);
	if (!len || size < len)
		return len ? -ENOMEM : -EINVAL;
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) && (addr & (PAGE - 1)))
		return -EINVAL;
	if ((!(flags & MAP_NORESERVE) && prot != PROT_NONE && !could_back(size)) || over_limit(size))
		return -ENOMEM;
	uint64_t va;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		/* Fixed mappings may also land in the brk area: musl's malloc puts a guard page
		 * at the bottom of its heap that way. */
		bool anon = in_anon(addr, size);
		if (!anon && !in_brk(addr, size))
			return -ENOMEM;
		if ((flags & MAP_FIXED_NOREPLACE) &&
		    (anon ? !uk_va_is_free(addr, size) : all_mapped(addr, PAGE)))
			return -EEXIST;
		unmap_range(addr, size);
		if (anon)
			uk_va_take(addr, size);
		va = addr;
	} else if (addr && in_anon(UK_ALIGN_DOWN(addr, PAGE), size) &&
		   uk_va_is_free(UK_ALIGN_DOWN(addr, PAGE), size)) {
		va = UK_ALIGN_DOWN(addr, PAGE); /* honour the hint */
		uk_va_take(va, size);
	} else if (!(va = uk_va_alloc(size))) {
		return -ENOMEM;
	}
	if (!reserve_range(va, size, uk_prot_flags(prot)))
		return -ENOMEM;
	if ((flags & MAP_POPULATE) && prot != PROT_NONE)
		uk_mem_populate(va, size);
	return (long)va;
}

void uk_mem_populate(uint64_t va, size_t len)
{
	for (uint64_t p = UK_ALIGN_DOWN(va, PAGE); p < va + len; p += PAGE)
		uk_mem_fault(p, 0);
}

/* A guard: the range stays taken (nothing else is mapped there) but nothing is mapped in it,
 * so touching it faults. */
void uk_mem_guard(uint64_t va, size_t len)
{
	unmap_range(va, UK_ALIGN_UP(len, PAGE));
}

/* Weak default, replaced by the file-system component when an image has one. */
__attribute__((weak)) long uk_mmap_file(uint64_t addr, size_t len, int prot, int flags, int fd,
					 long off)
{
	(void)addr, (void)len, (void)prot, (void)flags, (void)off;
	return fd >= 0 && fd <= 2 ? -ENODEV : -EBADF;
}

static long sys_mmap(long addr, long len, long prot, long flags, long fd, long off)
{
	if (off & (long)(PAGE - 1))
		return -EINVAL;
	if (!(flags & (MAP_PRIVATE | MAP_SHARED)))
		return -EINVAL;
	if (flags & MAP_ANONYMOUS)
		return uk_mmap_anon((uint64_t)addr, (size_t)len, (int)prot, (int)flags);
	return uk_mmap_file((uint64_t)addr, (size_t)len, (int)prot, (int)flags, (int)fd, off);
}
UK_SYSCALL(mmap, sys_mmap);

static long sys_munmap(long addr, long len)
{
	uint64_t va = (uint64_t)addr, size = UK_ALIGN_UP((uint64_t)len, PAGE);
	if ((va & (PAGE - 1)) || !len || size < (uint64_t)len)
		return -EINVAL;
	if (!in_anon(va, size))
		return in_brk(va, size) ? (unmap_range(va, size), 0) : -EINVAL;
	unmap_range(va, size);
	uk_va_take(va, size); /* whatever part was already free, release it all at once */
	uk_va_release(va, size);
	return 0;
}
UK_SYSCALL(munmap, sys_munmap);

long uk_munmap(uint64_t addr, size_t len)
{
	return sys_munmap((long)addr, (long)len);
}

long uk_mprotect(uint64_t va, size_t len, int prot)
{
	uint64_t size = UK_ALIGN_UP(len, PAGE);
	if (va & (PAGE - 1))
		return -EINVAL;
	if (!(in_anon(va, size) || in_fixed(va, size)) || !all_mapped(va, size))
		return -ENOMEM;
	uint64_t flags = uk_prot_flags(prot);
	for (uint64_t p = va; p < va + size; p += PAGE) {
		uint64_t *pte = uk_pte(p, true), pa = *pte & PTE_ADDR; /* tables exist unless fixed */
		*pte = pa | flags | (*pte & PTE_FILE) | (pa && prot != PROT_NONE ? PTE_P : 0);
		uk_invlpg(p);
	}
	return 0;
}

static long sys_mprotect(long addr, long len, long prot)
{
	return uk_mprotect((uint64_t)addr, (size_t)len, (int)prot);
}
UK_SYSCALL(mprotect, sys_mprotect);

static void move_range(uint64_t from, uint64_t to, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += PAGE) {
		uint64_t *src = uk_pte(from + off, false);
		if (!src || !*src)
			continue;
		uint64_t *dst = uk_pte(to + off, true);
		if (!dst)
			uk_panic("mem: out of memory for page tables");
		*dst = *src;
		*src = 0;
		uk_invlpg(from + off);
	}
}

/* mremap(2); the system call itself is registered by runtime/mremap, so images whose
 * program never calls mremap (most: musl calls it only from realloc) carry none of this. */
long uk_mremap(long old_addr, long old_len, long new_len, long flags, long new_addr)
{
	uint64_t va = (uint64_t)old_addr;
	uint64_t old_size = UK_ALIGN_UP((uint64_t)old_len, PAGE);
	uint64_t new_size = UK_ALIGN_UP((uint64_t)new_len, PAGE);
	if ((va & (PAGE - 1)) || !new_len || (flags & ~(long)(MREMAP_MAYMOVE | MREMAP_FIXED)) ||
	    ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)))
		return -EINVAL;
	if (!in_anon(va, old_size) || !all_mapped(va, old_size))
		return -EFAULT;
	uint64_t *first = uk_pte(va, false);
	uint64_t flags_of_old = *first & ~(PTE_ADDR | PTE_P);
	if (flags & MREMAP_FIXED) {
		uint64_t to = (uint64_t)new_addr;
		if ((to & (PAGE - 1)) || !in_anon(to, new_size))
			return -EINVAL;
		sys_munmap((long)to, (long)new_size);
		uk_va_take(to, new_size);
		move_range(va, to, old_size < new_size ? old_size : new_size);
		if (new_size > old_size && !reserve_range(to + old_size, new_size - old_size, flags_of_old))
			return -ENOMEM;
		sys_munmap((long)va, (long)old_size);
		return (long)to;
	}
	if (new_size <= old_size) {
		if (new_size < old_size)
			sys_munmap((long)(va + new_size), (long)(old_size - new_size));
		return (long)va;
	}
	uint64_t grow = new_size - old_size;
	if (!could_back(grow) || over_limit(grow))
		return -ENOMEM;
	if (in_anon(va + old_size, grow) && uk_va_is_free(va + old_size, grow)) {
		uk_va_take(va + old_size, grow);
		return reserve_range(va + old_size, grow, flags_of_old) ? (long)va : -ENOMEM;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	uint64_t to = uk_va_alloc(new_size);
	if (!to)
		return -ENOMEM;
	move_range(va, to, old_size);
	if (!reserve_range(to + old_size, grow, flags_of_old))
		return -ENOMEM;
	uk_va_release(va, old_size);
	return (long)to;
}

void uk_mem_discard(uint64_t va, size_t len)
{
	for (uint64_t p = va; p < va + len; p += PAGE) {
		uint64_t *pte = uk_pte(p, false);
		if (pte && (*pte & PTE_ANON) && (*pte & PTE_ADDR) && !(*pte & (PTE_NOACCESS | PTE_FILE))) {
			uk_page_free(*pte & PTE_ADDR);
			*pte &= ~(PTE_ADDR | PTE_P);
			uk_invlpg(p);
		}
	}
}

static long sys_madvise(long addr, long len, long advice)
{
	uint64_t va = (uint64_t)addr, size = UK_ALIGN_UP((uint64_t)len, PAGE);
	if (va & (PAGE - 1))
		return -EINVAL;
	/* Contents go; the mapping stays and reads back as zeros, as on Linux. Other advice is
	 * a hint Linux may ignore too. */
	if (advice == MADV_DONTNEED || advice == MADV_FREE)
		uk_mem_discard(va, size);
	return 0;
}
UK_SYSCALL(madvise, sys_madvise);


static long sys_brk(long addr)
{
	uint64_t want = (uint64_t)addr;
	if (want < UK_BRK_BASE || want > UK_BRK_BASE + UK_BRK_MAX)
		return (long)brk_cur;
	uint64_t old_top = UK_ALIGN_UP(brk_cur, PAGE), new_top = UK_ALIGN_UP(want, PAGE);
	if (new_top > old_top) {
		if (!could_back(new_top - old_top) || over_limit(new_top - old_top) ||
		    !reserve_range(old_top, new_top - old_top, uk_prot_flags(PROT_READ | PROT_WRITE)))
			return (long)brk_cur;
	} else if (new_top < old_top) {
		unmap_range(new_top, old_top - new_top);
	}
	brk_cur = want;
	return (long)brk_cur;
}
UK_SYSCALL(brk, sys_brk);

/* The fixed areas count in RLIMIT_AS as their reservations grow. */
bool uk_heap_reserve(uint64_t va, size_t len)
{
	uint64_t size = UK_ALIGN_UP(len, PAGE);
	if (va != heap_end || size > UK_HEAP_END - heap_end || !could_back(size) || over_limit(size))
		return false;
	heap_end += size;
	fixed_reserved += size;
	return true;
}

uint64_t uk_mem_stack(size_t len)
{
	uint64_t size = UK_ALIGN_UP(len, PAGE);
	/* Not backed up front (MAP_NORESERVE): a stack uses a fraction of its reservation. */
	if (stack_floor != UK_STACK_TOP || over_limit(size))
		return 0;
	stack_floor = UK_STACK_TOP - size;
	fixed_reserved += size;
	return UK_STACK_TOP;
}
