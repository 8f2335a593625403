/* SPDX-License-Identifier: MIT */
/* Bump allocator in chained blocks; debug mode chains single mallocs. */
#include "base/common.h"
#include "base/arena.h"

#include <sys/mman.h>

/* Under LeakSanitizer the mapped blocks are roots it scans: it does not
 * see into mmap'd memory, and the malloc'd blocks before them (and big
 * objects) are linked from there, so an arena that lives to the end of
 * the process (the deparse memo) would be reported as leaked. */
#if defined(__SANITIZE_ADDRESS__)
#define RT_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define RT_LSAN 1
#endif
#endif
#ifdef RT_LSAN
#include <sanitizer/lsan_interface.h>
#define lsan_root(p, n)	  __lsan_register_root_region(p, n)
#define lsan_unroot(p, n) __lsan_unregister_root_region(p, n)
#else
#define lsan_root(p, n)	  ((void)(p), (void)(n))
#define lsan_unroot(p, n) ((void)(p), (void)(n))
#endif

#define BLOCK_SIZE (64 * 1024)
#define ALIGN	   16

/*
 * Once an arena holds BIG_AFTER bytes (a model being loaded: 200 MB per
 * side at 16,000 tables), its blocks are BIG_BLOCK bytes mapped straight
 * from the kernel: memory that comes zeroed, so no memset over it (the
 * memset was what first touched every page, one page fault per 4 KB:
 * 115,000 faults and a tenth of the CPU time of a diff of two
 * 16,000-table files). A block's pages are populated POP_STEP bytes at a
 * time as allocations reach them (MADV_POPULATE_WRITE: one system call
 * instead of a fault per page), not all at once: a block populated whole
 * made the kernel zero up to 4 MB per arena that was never used (7.4 of
 * the 32 MB populated while loading 1,000 SQLModel tables), which is also
 * why big blocks start early (BIG_AFTER: the 64 KB malloc'd blocks before
 * it were memset, a fault per page). The big blocks are aligned to and
 * ask for transparent huge pages (MADV_HUGEPAGE: the kernel's setting is
 * "madvise" on many systems), so they fault and zero 2 MB at a time.
 * Objects of BIG_OWN bytes or more get their own mapping. Small arenas (one per
 * statement, or per table while a model loads) stay on malloc, whose memory is
 * reused.
 */
#define BIG_AFTER (512 * 1024)
#define BIG_BLOCK (4 * 1024 * 1024)
#define BIG_OWN	  (256 * 1024)
#define HUGE	  (2 * 1024 * 1024) /* a transparent huge page (x86-64) */
#define POP_STEP  HUGE

typedef struct block {
	struct block *next;
	size_t used, size;
	size_t mapped;	  /* bytes mapped (munmap on free), or 0: malloc'd */
	size_t populated; /* mapped: bytes of data populated so far */
	_Alignas(ALIGN) unsigned char data[];
} block;

struct rt_arena {
	block *head;
	size_t total;
};

rt_arena *rt_arena_new(void)
{
	return rt_xcalloc(1, sizeof(rt_arena));
}

void rt_arena_free(rt_arena *a)
{
	if (!a)
		return;
	block *b = a->head;
	while (b) {
		block *next = b->next;
		if (b->mapped) {
			lsan_unroot(b, b->mapped);
			munmap(b, b->mapped);
		} else
			free(b);
		b = next;
	}
	free(a);
}

#ifndef RT_ARENA_DEBUG
/* Populates the pages of mapped block b up to data + end (a hint: pages
 * the kernel does not populate fault in on first use, zeroed all the
 * same). */
static void populate(block *b, size_t end)
{
	if (end <= b->populated)
		return;
	size_t to = (end + POP_STEP - 1) / POP_STEP * POP_STEP;
	if (to > b->size)
		to = b->size;
	uintptr_t from =
	    ((uintptr_t)(b->data + b->populated) + 4095) & ~(uintptr_t)4095;
	uintptr_t upto = ((uintptr_t)(b->data + to) + 4095) & ~(uintptr_t)4095;
	if (upto > (uintptr_t)b + b->mapped)
		upto = (uintptr_t)b + b->mapped;
#ifdef MADV_POPULATE_WRITE
	if (upto > from) /* failing (Linux < 5.14) is harmless */
		(void)madvise((void *)from, upto - from, MADV_POPULATE_WRITE);
#else
	(void)from;
	(void)upto;
#endif
	b->populated = to;
}

/* populate(b, b->used), then p: rt_arena_alloc's tail call. */
static __attribute__((noinline)) void *populate_for(block *b, void *p)
{
	populate(b, b->used);
	return p;
}

/* A zeroed block of at least size bytes of data mapped from the kernel,
 * populated for its first need bytes; NULL when the kernel refuses. */
static block *map_block(size_t size, size_t need)
{
	size_t len = sizeof(block) + size;
	void *p;
	if (len == BIG_BLOCK) {
		/* aligned to HUGE, and asking for huge pages: one fault, one
		 * zeroing and one page-table entry per 2 MB instead of 512
		 * (the kernel's per-page work was most of the system time:
		 * 22 -> 9-15 ms loading 1,000 SQLModel tables) */
		void *q = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (q == MAP_FAILED)
			return NULL;
		uintptr_t at =
		    ((uintptr_t)q + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
		size_t head = at - (uintptr_t)q;
		if (head)
			munmap(q, head);
		munmap((char *)at + len, HUGE - head);
		p = (void *)at;
#ifdef MADV_HUGEPAGE
		(void)madvise(p, len, MADV_HUGEPAGE); /* a hint */
#endif
	} else {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
	}
	lsan_root(p, len);
	block *b = p;
	b->mapped = len;
	b->size = size;
	b->used = 0;
	b->populated = 0;
	populate(b, need);
	return b;
}
#endif

static block *new_block(rt_arena *a, size_t size)
{
	block *b = NULL;
#ifndef RT_ARENA_DEBUG
	if (a->total >= BIG_AFTER)
		b = map_block(BIG_BLOCK - sizeof(block), 0);
#endif
	if (!b) {
		b = rt_xmalloc(sizeof(block) + size);
		b->mapped = 0;
		b->size = size;
		b->used = 0;
	}
	b->next = a->head;
	a->head = b;
	return b;
}

#ifndef RT_ARENA_DEBUG
/* rt_arena_alloc when the head block has no room for n (aligned) bytes:
 * kept out of line so that the common path stays a few instructions. */
static __attribute__((noinline)) void *alloc_slow(rt_arena *a, size_t n)
{
	if (n > BLOCK_SIZE / 4) {
		/* big objects get their own block behind the head */
		block *big = n >= BIG_OWN ? map_block(n, n) : NULL;
		bool zero = big != NULL;
		if (!big) {
			big = rt_xmalloc(sizeof(block) + n);
			big->mapped = 0;
		}
		big->size = big->used = n;
		if (a->head) {
			big->next = a->head->next;
			a->head->next = big;
		} else {
			big->next = NULL;
			a->head = big;
		}
		if (!zero)
			memset(big->data, 0, n);
		return big->data;
	}
	block *b = new_block(a, BLOCK_SIZE);
	void *p = b->data;
	b->used = n;
	if (b->mapped) /* comes zeroed, and is never reused */
		populate(b, n);
	else
		memset(p, 0, n);
	return p;
}
#endif

void *rt_arena_alloc(rt_arena *a, size_t n)
{
	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (n == 0)
		n = ALIGN;
	a->total += n;
#ifdef RT_ARENA_DEBUG
	block *b = new_block(a, n);
	b->used = n;
	memset(b->data, 0, n);
	return b->data;
#else
	block *b = a->head;
	if (!b || b->size - b->used < n)
		return alloc_slow(a, n);
	void *p = b->data + b->used;
	b->used += n;
	/* tail calls: nothing to keep across them (half a million calls
	 * while a model loads) */
	if (!b->mapped) /* a mapped block comes zeroed, never reused */
		return memset(p, 0, n);
	if (b->used > b->populated)
		return populate_for(b, p);
	return p;
#endif
}

char *rt_arena_strndup(rt_arena *a, const char *s, size_t n)
{
	char *p = rt_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *rt_arena_strlower(rt_arena *a, const char *s)
{
	char *r = rt_arena_strdup(a, s);
	for (char *p = r; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return r;
}

char *rt_arena_strdup(rt_arena *a, const char *s)
{
	return s ? rt_arena_strndup(a, s, strlen(s)) : NULL;
}

char *rt_arena_printf(rt_arena *a, const char *fmt, ...)
{
	/* one formatting pass when the text fits the stack buffer (nearly
	 * always: names, types): vsnprintf is most of the cost */
	char small[256];
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	RT_ASSERT(n >= 0);
	char *p;
	if ((size_t)n < sizeof(small)) {
		p = rt_arena_strndup(a, small, (size_t)n);
	} else {
		p = rt_arena_alloc(a, (size_t)n + 1);
		vsnprintf(p, (size_t)n + 1, fmt, ap2);
	}
	va_end(ap2);
	return p;
}

void rt_arena_adopt(rt_arena *into, rt_arena *from)
{
	if (!from)
		return;
	block *tail = from->head;
	while (tail && tail->next)
		tail = tail->next;
	if (tail) {
		/* behind into's head, which stays the block allocated from */
		if (into->head) {
			tail->next = into->head->next;
			into->head->next = from->head;
		} else {
			into->head = from->head;
		}
	}
	into->total += from->total;
	free(from);
}

size_t rt_arena_used(const rt_arena *a)
{
	return a->total;
}
