// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock_model.c - randomised model test of memblock.
 *
 * 1. The model. A window of W units of UNIT bytes inside the backing
 *    memory; for each unit the model knows whether it is memory (and its
 *    nid and flags) and whether it is reserved (and its nid and flags).
 *    Linux 6.12's rules are simple at this level:
 *      - adding fills only the units that are not yet memory (or not yet
 *        reserved), with the given nid and flags; memblock_add() gives
 *        MAX_NUMNODES, memblock_reserve() MAX_NUMNODES and no flags;
 *      - removing and freeing clear units; marking flags and setting
 *        nodes change only units that are present;
 *      - the regions are the maximal runs of present units with equal
 *        nid and flags (memblock keeps its arrays merged);
 *      - an allocation looks at the free pieces: runs of units that are
 *        memory and not reserved, with equal memory nid and flags,
 *        skipping pieces of another node (unless NUMA_NO_NODE), NOMAP and
 *        driver-managed pieces, and hotplug pieces when movable_node is
 *        on; top-down it takes round_down(end - size, align) of the
 *        highest piece that fits in [max(start, PAGE_SIZE), end),
 *        bottom-up round_up(start, align) of the lowest; then the node
 *        fallback (unless exact_nid), then, for the virtual API, the
 *        retry without min_addr, with max_addr capped by current_limit.
 *
 * 2. The check, after EVERY step: memblock_is_valid(), memory and
 *    reserved region by region (base, size, flags, nid) and total_size
 *    against the model's runs, and for an allocation the exact address
 *    predicted by the model, that the block was free memory before, is
 *    aligned, and (virtual API) zeroed.
 *
 * 3. The steps. Random add, add_node, remove, reserve, phys_free,
 *    memblock_free, mark/clear hotplug and nomap, reserved noinit,
 *    set_node on memory and reserved, and the allocators
 *    (phys_alloc_range, alloc_range_nid, try_nid, try_nid_raw,
 *    exact_nid_raw) with random size, alignment, range and node, under a
 *    random policy, movable_node and current_limit. Every RESET_EVERY
 *    steps memblock and the model start empty again.
 *
 * 4. Bounds. W = 96 units, so no type ever has more than 96 regions and
 *    memblock never needs to grow its arrays (that is
 *    test_memblock_resize.c's business). Four suites of STEPS steps each:
 *    10^5 steps in all. The seed is fixed per suite (reproducible); set
 *    MB_SEED to try another. Every failure message prints seed and step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/memblock_harness.h"

#define UNIT		256
#define W		96
#define STEPS		25000
#define RESET_EVERY	1500

struct model {
	bool mem[W], rsv[W];
	int mnid[W], rnid[W];
	unsigned mflags[W], rflags[W];
};

static struct model m;
static phys_addr_t win;			/* address of unit 0 */
static unsigned long long seed;
static unsigned long long rng;
static long step;
static char op[256];			/* the current step, for messages */

static unsigned long long next_rand(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static unsigned rnd(unsigned n)
{
	return (unsigned)(next_rand() % n);
}

static phys_addr_t A(int u)
{
	return win + (phys_addr_t)u * UNIT;
}

#define model_assert(cond, fmt, ...)					\
	cr_assert((cond), "seed %#llx step %ld [%s]: " fmt,		\
		  seed, step, op, ##__VA_ARGS__)

/* ---- the model's view of regions ---- */

struct mrun {
	int start, end;
	int nid;
	unsigned flags;
};

static int runs(const bool *present, const int *nid, const unsigned *flags,
		struct mrun *out)
{
	int n = 0;

	for (int u = 0; u < W; u++) {
		if (!present[u])
			continue;
		if (u == 0 || !present[u - 1] || nid[u - 1] != nid[u] ||
		    flags[u - 1] != flags[u])
			out[n++] = (struct mrun){ u, u + 1, nid[u], flags[u] };
		else
			out[n - 1].end = u + 1;
	}
	return n;
}

static void compare_type(const char *name, const struct memblock_type *t,
			 const bool *present, const int *nid, const unsigned *flags)
{
	struct mrun r[W];
	int n = runs(present, nid, flags, r);
	phys_addr_t total = 0;

	model_assert(t->cnt == (unsigned long)n, "%s: %lu regions, model %d: %s",
		     name, t->cnt, n, mb_describe(t));
	for (int i = 0; i < n; i++) {
		const struct memblock_region *g = &t->regions[i];

		model_assert(g->base == A(r[i].start) &&
			     g->size == (phys_addr_t)(r[i].end - r[i].start) * UNIT &&
			     g->nid == r[i].nid && g->flags == (enum memblock_flags)r[i].flags,
			     "%s[%d]: expected units [%d, %d) nid %d flags %#x; have %s",
			     name, i, r[i].start, r[i].end, r[i].nid, r[i].flags,
			     mb_describe(t));
		total += g->size;
	}
	model_assert(t->total_size == total, "%s total %#llx, model %#llx", name,
		     (unsigned long long)t->total_size, (unsigned long long)total);
}

static void check_all(void)
{
	model_assert(memblock_is_valid(), "memblock_is_valid() false: %s",
		     mb_describe(&memblock.memory));
	compare_type("memory", &memblock.memory, m.mem, m.mnid, m.mflags);
	compare_type("reserved", &memblock.reserved, m.rsv, m.rnid, m.rflags);
	for (int k = 0; k < 3; k++) {
		int u = rnd(W);

		model_assert(memblock_is_memory(A(u)) == m.mem[u], "is_memory(unit %d)", u);
		model_assert(memblock_is_reserved(A(u) + UNIT - 1) == m.rsv[u],
			     "is_reserved(unit %d)", u);
	}
}

/* ---- the model's allocator ---- */

static bool skip_piece(int u, int nid)
{
	if (numa_valid_node(nid) && m.mnid[u] != nid)
		return true;
	if (movable_node_enabled && (m.mflags[u] & MEMBLOCK_HOTPLUG))
		return true;
	if (m.mflags[u] & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED))
		return true;
	return false;
}

static phys_addr_t clampa(phys_addr_t v, phys_addr_t lo, phys_addr_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static phys_addr_t model_find(phys_addr_t size, phys_addr_t align, phys_addr_t start,
			      phys_addr_t end, int nid)
{
	struct mrun p[W];
	int n = 0;

	if (end == MEMBLOCK_ALLOC_ACCESSIBLE || end == MEMBLOCK_ALLOC_NOLEAKTRACE)
		end = memblock.current_limit;
	if (start < PAGE_SIZE)
		start = PAGE_SIZE;
	if (end < start)
		end = start;

	/* free pieces: memory, not reserved, equal memory nid and flags */
	for (int u = 0; u < W; u++) {
		bool f = m.mem[u] && !m.rsv[u];

		if (!f)
			continue;
		if (n && p[n - 1].end == u && p[n - 1].nid == m.mnid[u] &&
		    p[n - 1].flags == m.mflags[u])
			p[n - 1].end = u + 1;
		else
			p[n++] = (struct mrun){ u, u + 1, m.mnid[u], m.mflags[u] };
	}
	for (int k = 0; k < n; k++) {
		struct mrun *q = &p[memblock_bottom_up() ? k : n - 1 - k];
		phys_addr_t s, e, cand;

		if (skip_piece(q->start, nid))
			continue;
		s = clampa(A(q->start), start, end);
		e = clampa(A(q->end), start, end);
		if (memblock_bottom_up()) {
			cand = (s + align - 1) & ~(align - 1);
			if (cand < e && e - cand >= size)
				return cand;
		} else {
			if (e < size)
				continue;
			cand = (e - size) & ~(align - 1);
			if (cand >= s)
				return cand;
		}
	}
	return 0;
}

static void model_fill(bool *present, int *nids, unsigned *flags, int u0, int u1,
		       int nid, unsigned fl)
{
	for (int u = u0; u < u1; u++) {
		if (present[u])
			continue;
		present[u] = true;
		nids[u] = nid;
		flags[u] = fl;
	}
}

static int unit_of(phys_addr_t pa)
{
	return (int)((pa - win) / UNIT);
}

static phys_addr_t model_range_nid(phys_addr_t size, phys_addr_t align, phys_addr_t start,
				   phys_addr_t end, int nid, bool exact)
{
	phys_addr_t found = model_find(size, align, start, end, nid);

	if (!found && numa_valid_node(nid) && !exact)
		found = model_find(size, align, start, end, NUMA_NO_NODE);
	return found;
}

static phys_addr_t model_internal(phys_addr_t size, phys_addr_t align, phys_addr_t min,
				  phys_addr_t max, int nid, bool exact)
{
	phys_addr_t a;

	if (max > memblock.current_limit)
		max = memblock.current_limit;
	a = model_range_nid(size, align, min, max, nid, exact);
	if (!a && min)
		a = model_range_nid(size, align, 0, max, nid, exact);
	return a;
}

/* ---- steps ---- */

struct profile {
	bool nodes;		/* add_node, set_node, node-aware allocations */
	bool flags;		/* hotplug, nomap, driver-managed, noinit */
	bool movable;		/* toggle movable_node */
	bool limits;		/* current_limit, min/max ranges */
};

static void rand_range(int *u0, int *u1)
{
	int a = rnd(W), n;

	if (rnd(20) == 0)
		n = W - a;
	else
		n = 1 + rnd((W - a) < 24 ? (W - a) : 24);
	*u0 = a;
	*u1 = a + n;
}

static int rand_nid(const struct profile *pf)
{
	if (!pf->nodes || rnd(2))
		return NUMA_NO_NODE;
	return rnd(4);
}

static phys_addr_t rand_end(const struct profile *pf)
{
	unsigned r = rnd(10);

	if (!pf->limits || r < 4)
		return MEMBLOCK_ALLOC_ACCESSIBLE;
	if (r < 6)
		return MEMBLOCK_ALLOC_ANYWHERE;
	return A(1 + rnd(W));
}

static phys_addr_t rand_start(const struct profile *pf)
{
	if (!pf->limits || rnd(2))
		return 0;
	return A(rnd(W));
}

static void step_alloc(const struct profile *pf)
{
	static const phys_addr_t aligns[] = { SMP_CACHE_BYTES, UNIT, 2 * UNIT, 4 * UNIT, PAGE_SIZE };
	phys_addr_t size = (phys_addr_t)(1 + rnd(8)) * UNIT;
	phys_addr_t align = aligns[rnd(5)];
	phys_addr_t start = rand_start(pf), end = rand_end(pf);
	int nid = rand_nid(pf), api = rnd(5);
	bool exact = pf->nodes && rnd(2);
	phys_addr_t want, got = 0;
	void *p = NULL;

	switch (api) {
	case 0:
		snprintf(op, sizeof(op), "phys_alloc_range(%#llx, %#llx, %#llx, %#llx)",
			 (unsigned long long)size, (unsigned long long)align,
			 (unsigned long long)start, (unsigned long long)end);
		want = model_range_nid(size, align, start, end, NUMA_NO_NODE, false);
		got = memblock_phys_alloc_range(size, align, start, end);
		break;
	case 1:
		snprintf(op, sizeof(op), "alloc_range_nid(%#llx, %#llx, %#llx, %#llx, %d, %d)",
			 (unsigned long long)size, (unsigned long long)align,
			 (unsigned long long)start, (unsigned long long)end, nid, exact);
		want = model_range_nid(size, align, start, end, nid, exact);
		got = memblock_alloc_range_nid(size, align, start, end, nid, exact);
		break;
	default:
		snprintf(op, sizeof(op), "%s(%#llx, %#llx, %#llx, %#llx, %d)",
			 api == 2 ? "alloc_try_nid" : api == 3 ? "alloc_try_nid_raw"
							: "alloc_exact_nid_raw",
			 (unsigned long long)size, (unsigned long long)align,
			 (unsigned long long)start, (unsigned long long)end, nid);
		want = model_internal(size, align, start, end, nid, api == 4);
		if (api == 2)
			p = memblock_alloc_try_nid(size, align, start, end, nid);
		else if (api == 3)
			p = memblock_alloc_try_nid_raw(size, align, start, end, nid);
		else
			p = memblock_alloc_exact_nid_raw(size, align, start, end, nid);
		got = mb_pa(p);
		break;
	}
	model_assert(got == want, "allocated %#llx, model says %#llx (bottom-up %d, "
		     "movable %d, limit %#llx); memory: %s", (unsigned long long)got,
		     (unsigned long long)want, memblock_bottom_up(), movable_node_enabled,
		     (unsigned long long)memblock.current_limit,
		     mb_describe(&memblock.memory));
	if (!got)
		return;
	model_assert(got % align == 0, "misaligned");
	for (int u = unit_of(got); u < unit_of(got + size); u++)
		model_assert(u >= 0 && u < W && m.mem[u] && !m.rsv[u] &&
			     !(m.mflags[u] & (MEMBLOCK_NOMAP | MEMBLOCK_DRIVER_MANAGED)),
			     "unit %d was not free memory", u);
	if (api == 2)
		model_assert(mb_bytes_are(p, 0, size), "not zeroed");
	model_fill(m.rsv, m.rnid, m.rflags, unit_of(got), unit_of(got + size),
		   MAX_NUMNODES, 0);
}

static void step_once(const struct profile *pf)
{
	int u0, u1, nid, ret = 0;
	unsigned r = rnd(100), fl;

	rand_range(&u0, &u1);
	if (rnd(40) == 0)
		u1 = u0;			/* size 0: must change nothing */
	op[0] = '\0';

	if (r < 10) {
		snprintf(op, sizeof(op), "add [%d, %d)", u0, u1);
		ret = memblock_add(A(u0), A(u1) - A(u0));
		model_fill(m.mem, m.mnid, m.mflags, u0, u1, MAX_NUMNODES, 0);
	} else if (r < 18 && pf->nodes) {
		nid = rnd(4);
		fl = pf->flags ? (rnd(4) == 0 ? MEMBLOCK_HOTPLUG :
				  rnd(12) == 0 ? MEMBLOCK_DRIVER_MANAGED : 0) : 0;
		snprintf(op, sizeof(op), "add_node [%d, %d) nid %d flags %#x", u0, u1, nid, fl);
		ret = memblock_add_node(A(u0), A(u1) - A(u0), nid, fl);
		model_fill(m.mem, m.mnid, m.mflags, u0, u1, nid, fl);
	} else if (r < 25) {
		snprintf(op, sizeof(op), "remove [%d, %d)", u0, u1);
		ret = memblock_remove(A(u0), A(u1) - A(u0));
		for (int u = u0; u < u1; u++)
			m.mem[u] = false;
	} else if (r < 40) {
		snprintf(op, sizeof(op), "reserve [%d, %d)", u0, u1);
		ret = memblock_reserve(A(u0), A(u1) - A(u0));
		model_fill(m.rsv, m.rnid, m.rflags, u0, u1, MAX_NUMNODES, 0);
	} else if (r < 50) {
		bool virt = rnd(2);

		snprintf(op, sizeof(op), "%s [%d, %d)", virt ? "memblock_free" : "phys_free",
			 u0, u1);
		if (virt)
			memblock_free(mb_va(A(u0)), A(u1) - A(u0));
		else
			ret = memblock_phys_free(A(u0), A(u1) - A(u0));
		for (int u = u0; u < u1; u++)
			m.rsv[u] = false;
	} else if (r < 60 && pf->flags) {
		unsigned which = rnd(5);
		static const unsigned flag[5] = { MEMBLOCK_HOTPLUG, MEMBLOCK_HOTPLUG,
			MEMBLOCK_NOMAP, MEMBLOCK_NOMAP, MEMBLOCK_RSRV_NOINIT };
		bool set = which == 0 || which == 2 || which == 4;

		snprintf(op, sizeof(op), "%s %#x [%d, %d)", set ? "mark" : "clear",
			 flag[which], u0, u1);
		switch (which) {
		case 0: ret = memblock_mark_hotplug(A(u0), A(u1) - A(u0)); break;
		case 1: ret = memblock_clear_hotplug(A(u0), A(u1) - A(u0)); break;
		case 2: ret = memblock_mark_nomap(A(u0), A(u1) - A(u0)); break;
		case 3: ret = memblock_clear_nomap(A(u0), A(u1) - A(u0)); break;
		default: ret = memblock_reserved_mark_noinit(A(u0), A(u1) - A(u0)); break;
		}
		for (int u = u0; u < u1; u++) {
			bool *present = which == 4 ? m.rsv : m.mem;
			unsigned *fls = which == 4 ? m.rflags : m.mflags;

			if (!present[u])
				continue;
			if (set)
				fls[u] |= flag[which];
			else
				fls[u] &= ~flag[which];
		}
	} else if (r < 66 && pf->nodes) {
		bool on_rsv = rnd(4) == 0;

		nid = rnd(4);
		snprintf(op, sizeof(op), "set_node %s [%d, %d) %d",
			 on_rsv ? "reserved" : "memory", u0, u1, nid);
		ret = memblock_set_node(A(u0), A(u1) - A(u0),
					on_rsv ? &memblock.reserved : &memblock.memory, nid);
		for (int u = u0; u < u1; u++) {
			if (on_rsv && m.rsv[u])
				m.rnid[u] = nid;
			if (!on_rsv && m.mem[u])
				m.mnid[u] = nid;
		}
	} else if (r < 70) {
		memblock_set_bottom_up(!memblock_bottom_up());
		snprintf(op, sizeof(op), "bottom_up = %d", memblock_bottom_up());
	} else if (r < 72 && pf->movable) {
		movable_node_enabled = !movable_node_enabled;
		snprintf(op, sizeof(op), "movable_node = %d", movable_node_enabled);
	} else if (r < 74 && pf->limits) {
		phys_addr_t l = rnd(3) ? MEMBLOCK_ALLOC_ANYWHERE : A(W / 2 + rnd(W / 2 + 1));

		memblock_set_current_limit(l);
		snprintf(op, sizeof(op), "current_limit = %#llx", (unsigned long long)l);
	} else {
		step_alloc(pf);
	}
	model_assert(ret == 0, "returned %d", ret);
	check_all();
}

static void model_reset(void)
{
	mb_reset();
	memblock_set_bottom_up(rnd(2));
	memset(&m, 0, sizeof(m));
	for (int u = 0; u < W; u++)
		m.mnid[u] = m.rnid[u] = MAX_NUMNODES;
}

static void run(const struct profile *pf, unsigned long long default_seed)
{
	const char *env = getenv("MB_SEED");

	seed = env ? strtoull(env, NULL, 0) : default_seed;
	rng = seed ? seed : 1;
	/* 64 KiB into the backing memory, far from its first page */
	win = mb_base() + SZ_64K;
	memset(mb_va(win), MB_FILL_BYTE, W * UNIT);

	for (step = 0; step < STEPS; step++) {
		if (step % RESET_EVERY == 0)
			model_reset();
		if (step % 256 == 0)
			kmm_dmesg_clear();	/* WARNs from overlapping adds */
		step_once(pf);
	}
}

/*
 * Memory and reservations without nodes or flags; both policies.
 *
 *   window  |u0 u1 u2 ...                                   u95|
 *           random add / remove / reserve / free / alloc, checked
 *           unit by unit against the model after every step
 */
MB_TEST(memblock_model, flat, one)
{
	static const struct profile pf = { 0 };

	run(&pf, 0x6b6d6d0000000001ULL);
}

/*
 * Nodes: add_node, set_node, node-aware and exact-node allocations.
 *
 *   window  |n0 n0 n2 n2 n1 -- n3 n3 ...                    |
 */
MB_TEST(memblock_model, nodes, one)
{
	static const struct profile pf = { .nodes = true };

	run(&pf, 0x6b6d6d0000000002ULL);
}

/*
 * Nodes and flags: hotplug, nomap, driver-managed, noinit, movable_node.
 *
 *   window  |n0 n0HOT n2NOMAP -- n1 n1DRV ...              |
 */
MB_TEST(memblock_model, flags, one)
{
	static const struct profile pf = { .nodes = true, .flags = true, .movable = true };

	run(&pf, 0x6b6d6d0000000003ULL);
}

/*
 * Everything, with current_limit and min/max ranges.
 *
 *   window  |   [min ....... max]   |limit                  |
 */
MB_TEST(memblock_model, everything, one)
{
	static const struct profile pf = {
		.nodes = true, .flags = true, .movable = true, .limits = true,
	};

	run(&pf, 0x6b6d6d0000000004ULL);
}
