// SPDX-License-Identifier: MIT
/*
 * fuzz/fuzz_page_alloc.c - libFuzzer target: sequences of page allocator
 * calls, misuse and fault injection included, with validators after every
 * step.
 *
 * 1. The input. Byte 0 picks the machine (RAM, nodes, CPUs) and byte 1
 *    the boot options (init_on_free, fail_page_alloc, a min_free_kbytes);
 *    then every 3 bytes are one operation: an opcode and two arguments.
 *
 * 2. The operations: allocate (order 0..10, one of a table of GFP masks,
 *    none of which may wait forever: no __GFP_NOFAIL), free by page, by
 *    address or by put_page, split_page and free the pieces,
 *    alloc_pages_exact/free_pages_exact, get_page + put_page, drain the
 *    per-CPU lists, change a watermark tunable, arm a thread's fail-nth;
 *    and misuse: a double free of a page nobody holds, a free with the
 *    wrong order, a free of an address outside the direct map. Misuse must
 *    be reported and change nothing.
 *
 * 3. The model: every block held, with its order and the byte written
 *    over it. After every operation: each zone passes zone_is_valid(),
 *    free pages (buddy + per-CPU) plus held pages equal what boot left,
 *    and every held block still holds its byte (no page handed out
 *    twice): the counts and the newest block after every operation, the
 *    zones (zone_is_valid() walks every free page) after every 8th and
 *    after every misuse, every block and the whole memmap
 *    (kmm_check_invariants()) after every 64th and at the end, when
 *    everything is freed and the free count must be back where boot left it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kmm/kmm.h>
#include "mm/internal.h"

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)
#define MAX_HELD	256
#define MAX_OPS		1000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct held {
	struct page *page;
	unsigned int order;
	unsigned char byte;
	bool exact;		/* from alloc_pages_exact(): size in pages = 1 << order */
};

static struct held held[MAX_HELD];
static int nr_held;
static unsigned long held_pages, start_free;
static struct page *freed[16];	/* recently freed order-0 pages, for double frees */
static unsigned int nr_freed;

static const gfp_t gfps[] = {
	GFP_KERNEL | __GFP_NORETRY, GFP_ATOMIC, GFP_NOWAIT, GFP_KERNEL | __GFP_NORETRY | __GFP_ZERO,
	GFP_DMA | __GFP_NORETRY, GFP_DMA32 | __GFP_NORETRY, GFP_HIGHUSER_MOVABLE | __GFP_NORETRY,
	GFP_KERNEL | __GFP_COMP | __GFP_NORETRY, GFP_ATOMIC | __GFP_NOWARN,
	GFP_KERNEL | __GFP_RECLAIMABLE | __GFP_NORETRY, GFP_NOWAIT | __GFP_COMP | __GFP_NOWARN,
	GFP_KERNEL | __GFP_THISNODE | __GFP_NORETRY,
};

static unsigned long pcp_pages(void)
{
	unsigned long sum = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		sum += zone_pcp_free_pages(zone);
	return sum;
}

static unsigned long free_total(void)
{
	return nr_free_pages() + pcp_pages();
}

static void fill(struct page *page, unsigned int order, unsigned char byte)
{
	memset(page_address(page), byte, PAGE_SIZE << order);
}

static bool holds(const struct held *h)
{
	const unsigned char *p = page_address(h->page);
	size_t len = PAGE_SIZE << h->order;

	for (size_t i = 0; i < len; i += 512)
		if (p[i] != h->byte)
			return false;
	return true;
}

static void keep(struct page *page, unsigned int order, bool exact, unsigned char byte)
{
	struct held *h = &held[nr_held++];

	*h = (struct held){ page, order, byte, exact };
	held_pages += 1UL << order;
	fill(page, order, byte);
}

static void forget(int i)
{
	held_pages -= 1UL << held[i].order;
	held[i] = held[--nr_held];
}

static void op_alloc(uint8_t a, uint8_t b)
{
	gfp_t gfp = gfps[b % ARRAY_SIZE(gfps)];
	unsigned int order = a % 11;
	struct page *page;

	if (nr_held == MAX_HELD)
		return;
	page = alloc_pages(gfp, order);
	if (!page)
		return;
	if (gfp & __GFP_ZERO)
		CHECK(((unsigned char *)page_address(page))[0] == 0);
	keep(page, order, false, (unsigned char)(a ^ b ^ 0x5a));
}

static void op_free(uint8_t a, uint8_t b)
{
	struct held *h;
	int i;

	if (!nr_held)
		return;
	i = a % nr_held;
	h = &held[i];
	if (h->exact)
		free_pages_exact(page_address(h->page), PAGE_SIZE << h->order);
	else if (b % 3 == 0)
		__free_pages(h->page, h->order);
	else if (b % 3 == 1)
		free_pages((unsigned long)page_address(h->page), h->order);
	else if (h->order && !PageHead(h->page))
		__free_pages(h->page, h->order);	/* put_page frees compound pages only */
	else
		put_page(h->page);
	if (!h->order)
		freed[nr_freed++ % ARRAY_SIZE(freed)] = h->page;
	forget(i);
}

static void op_split(uint8_t a)
{
	struct held h;
	int i;

	if (!nr_held)
		return;
	i = a % nr_held;
	h = held[i];
	if (!h.order || h.exact || PageHead(h.page) || nr_held + (1 << h.order) > MAX_HELD)
		return;
	forget(i);
	split_page(h.page, h.order);
	for (unsigned int p = 0; p < (1U << h.order); p++)
		keep(h.page + p, 0, false, h.byte);
}

static void op_exact(uint8_t a, uint8_t b)
{
	unsigned int order = a % 6;
	void *p;

	if (nr_held == MAX_HELD)
		return;
	p = alloc_pages_exact(PAGE_SIZE << order, gfps[b % 3]);
	if (p)
		keep(virt_to_page(p), order, true, (unsigned char)(a + 1));
}

static void op_get_put(uint8_t a)
{
	struct page *page;

	if (!nr_held)
		return;
	page = held[a % nr_held].page;
	get_page(page);
	CHECK(page_ref_count(compound_head(page)) >= 2 || page_ref_count(page) >= 2);
	put_page(page);
}

/* Misuse: each must be reported and change nothing. */
static void op_misuse(uint8_t a, uint8_t b)
{
	struct page *page;
	struct held *h;

	switch (a % 3) {
	case 0:		/* double free of a page nobody holds */
		page = freed[b % ARRAY_SIZE(freed)];
		if (!page || page_ref_count(page) != 0)
			return;
		__free_pages(page, 0);
		break;
	case 1:		/* wrong order */
		if (!nr_held)
			return;
		h = &held[b % nr_held];
		if (h->exact || PageHead(h->page) || h->order == MAX_PAGE_ORDER)
			return;
		__free_pages(h->page, h->order + 1);
		break;
	default:	/* not a direct-map address */
		free_pages(0x1000UL * (b + 1), 0);
		break;
	}
}

static void op_tune(uint8_t a, uint8_t b)
{
	if (a % 2)
		kmm_sysctl_min_free_kbytes(64 + b * 16);
	else
		kmm_sysctl_watermark_scale_factor(1 + b * 4);
}

/*
 * Point 3: the counts after every operation; zone_is_valid() every 8th
 * and after misuse (it walks every free page: the bulk of the cost);
 * every held block's bytes and the memmap walk every 64th.
 */
static void check_state(size_t step, bool misuse)
{
	struct zone *zone;

	CHECK(free_total() + held_pages == start_free);
	if (nr_held)
		CHECK(holds(&held[nr_held - 1]));
	if (step % 8 == 7 || misuse) {
		for_each_populated_zone(zone)
			CHECK(zone_is_valid(zone));
	}
	if (step % 64 != 63)
		return;
	for (int i = 0; i < nr_held; i++)
		CHECK(holds(&held[i]));
	CHECK(kmm_check_invariants());
}

static void run_op(const uint8_t *op)
{
	switch (op[0] % 12) {
	case 0: case 1: case 2: case 3: op_alloc(op[1], op[2]); break;
	case 4: case 5: case 6: op_free(op[1], op[2]); break;
	case 7: op_split(op[1]); break;
	case 8: op_exact(op[1], op[2]); break;
	case 9: op_get_put(op[1]); break;
	case 10: op_misuse(op[1], op[2]); break;
	default:
		if (op[1] % 4 == 0)
			drain_all_pages(NULL);
		else if (op[1] % 4 == 1)
			op_tune(op[1], op[2]);
		else if (op[1] % 4 == 2)
			fault_fail_nth_set(op[2] % 8);
		break;
	}
}

static const char *const options[] = {
	"", "init_on_free=1", "init_on_alloc=1", "fail_page_alloc=3,100,0,-1",
	"min_free_kbytes=4096", "numa=fake=2", "fail_page_alloc=1,30,0,-1 init_on_free=1",
	"watermark_scale_factor=500",
};

static bool boot(uint8_t machine, uint8_t opts)
{
	struct kmm_config cfg = {
		.ram_bytes = (64ULL << 20) << (machine % 3),
		.nr_nodes = 1 + (machine >> 2) % 2,
		.nr_cpus = 1 + (machine >> 3) % 3,
	};

	return kmm_boot(&cfg, options[opts % ARRAY_SIZE(options)]) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t nops;

	if (size < 2 || !boot(data[0], data[1]))
		return 0;
	fault_attr_write("fail_page_alloc", "verbose", "0");
	nr_held = 0;
	held_pages = 0;
	nr_freed = 0;
	memset(freed, 0, sizeof(freed));
	start_free = free_total();
	nops = (size - 2) / 3;
	if (nops > MAX_OPS)
		nops = MAX_OPS;
	for (size_t i = 0; i < nops; i++) {
		run_op(data + 2 + 3 * i);
		check_state(i, data[2 + 3 * i] % 12 == 10);
	}
	fault_fail_nth_set(0);
	while (nr_held)
		op_free(0, 0);
	drain_all_pages(NULL);
	check_state(63, true);
	CHECK(free_total() == start_free);
	kmm_halt();
	return 0;
}
