/* SPDX-License-Identifier: MIT */
/*
 * tests/helpers/memblock_harness.h - running memblock with no machine booted.
 *
 * 1. Identity mode. With no machine booted PAGE_OFFSET is 0, so a physical
 *    address is a process address. The harness maps MB_MEM_SIZE bytes of
 *    real memory (preferably below 4 GiB, so that memblock_alloc_low() and
 *    the bootmem "low" wrappers can be tested) and hands its base out as a
 *    physical address. Tests that only add, reserve and remove ranges use
 *    any address they like: memblock never touches those bytes. Tests that
 *    allocate through the virtual API (which zeroes) or make memblock
 *    double its arrays (which copies into the new array) must stay inside
 *    the backing memory.
 *
 * 2. Variants. Every case runs under one struct mb_variant: the allocation
 *    policy (top-down, the kernel's default, or bottom-up) and whether the
 *    memory is split into MB_NR_NODES NUMA nodes. MB_TEST() turns one body
 *    into a Criterion parameterized test over a set of variants, each
 *    variant in its own process; every assertion message starts with the
 *    variant's name ("[bottom-up numa] ...").
 *
 * 3. What a variant changes. mb_setup() adds the test memory either as one
 *    region (memblock_add: nid MAX_NUMNODES in Linux 6.12) or as MB_NR_NODES
 *    node regions. mb_add() adds a range either with memblock_add() (flat)
 *    or with memblock_add_node(MB_TEST_NID) (numa), and mb_nid() says which
 *    nid the regions must then carry. Reserved regions always carry
 *    MAX_NUMNODES: memblock_reserve() sets no node.
 *
 * 4. After each case mb_finish() asserts memblock_is_valid().
 *
 * 5. The console is silenced (reports are read back from the log with
 *    mb_log()); set MB_VERBOSE=1 in the environment to see it.
 */
#ifndef TESTS_HELPERS_MEMBLOCK_HARNESS_H
#define TESTS_HELPERS_MEMBLOCK_HARNESS_H

#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <kmm/memblock.h>
#include <kmm/printk.h>
#include <kmm/sizes.h>

/* 16 MiB of backing memory, 2 MiB aligned: room for 8 nodes of a few MiB,
 * for 130 regions with gaps, and for the doubled arrays. */
#define MB_MEM_SIZE	SZ_16M
#define MB_MEM_ALIGN	SZ_2M
/* As many nodes as the kernel's own simulator uses. */
#define MB_NR_NODES	8
/* The node that mb_add() uses in numa variants (any valid node would do). */
#define MB_TEST_NID	3
/* Byte the backing memory is filled with, to tell zeroed from raw. */
#define MB_FILL_BYTE	0xa5

struct mb_variant {
	bool bottom_up;
	bool numa;
};

/* Sets of variants for MB_TEST(). */
extern const struct mb_variant mb_set_all[4];	  /* both policies x flat/numa */
extern const struct mb_variant mb_set_policy[2];  /* both policies, flat */
extern const struct mb_variant mb_set_numa[2];	  /* top-down, flat and numa */
extern const struct mb_variant mb_set_nodes[2];	  /* both policies, numa */
extern const struct mb_variant mb_set_one[1];	  /* top-down, flat */

/* The variant in force in this process. */
extern struct mb_variant mb_var;
const char *mb_variant_name(void);

/*
 * MB_TEST(suite, name, set, options...) { body }
 * One parameterized Criterion test per variant of mb_set_<set>.
 */
#define MB_TEST(suite, name, set, ...)					\
	static void suite##__##name##__body(void);			\
	ParameterizedTestParameters(suite, name)			\
	{								\
		return cr_make_param_array(struct mb_variant,		\
			(struct mb_variant *)mb_set_##set,		\
			sizeof(mb_set_##set) / sizeof(mb_set_##set[0]));\
	}								\
	ParameterizedTest(struct mb_variant *v, suite, name, ##__VA_ARGS__) \
	{								\
		mb_start(v);						\
		suite##__##name##__body();				\
		mb_finish();						\
	}								\
	static void suite##__##name##__body(void)

/* Begin a case: map the backing memory, reset memblock, apply @v. */
void mb_start(const struct mb_variant *v);
/* End a case: memblock must be valid. */
void mb_finish(void);

/*
 * mb_reset - memblock back to its static empty state, with the variant's
 * policy, current_limit MEMBLOCK_ALLOC_ANYWHERE, memblock_debug 0,
 * movable_node off, and an empty log.
 */
void mb_reset(void);

/* Base of the backing memory, as a physical address (== its address). */
phys_addr_t mb_base(void);
static inline void *mb_va(phys_addr_t pa) { return (void *)(uintptr_t)pa; }
static inline phys_addr_t mb_pa(const void *p) { return (phys_addr_t)(uintptr_t)p; }
/* Whether the backing memory lies below 4 GiB (memblock_alloc_low works). */
bool mb_base_is_low(void);

/*
 * mb_setup - mb_reset(), then add [mb_base(), mb_base() + size) as memory:
 * one region (flat) or MB_NR_NODES node regions (numa), and fill those
 * @size bytes of backing memory with MB_FILL_BYTE.
 */
void mb_setup(phys_addr_t size);
/* As mb_setup(), always split into nodes (whatever the variant). */
void mb_setup_nodes(phys_addr_t size);
/* The node ranges of the last mb_setup*() that split memory. Each node
 * holds a fixed share of the size: 8/32, 2/32, 4/32, 4/32, 2/32, 4/32,
 * 4/32, 4/32: node 0 is the largest, nodes 1 and 4 the smallest. */
phys_addr_t mb_node_base(int nid);
phys_addr_t mb_node_size(int nid);
static inline phys_addr_t mb_node_end(int nid)
{
	return mb_node_base(nid) + mb_node_size(nid);
}

/* Add memory as the variant does: memblock_add (flat) or memblock_add_node
 * (numa, node MB_TEST_NID). Returns what memblock returned. */
int mb_add(phys_addr_t base, phys_addr_t size);
/* The nid a region added by mb_add() carries. */
int mb_nid(void);

/* Fill the whole backing memory with @byte. */
void mb_fill(int byte);
/* True when all @n bytes at @p equal @byte. */
bool mb_bytes_are(const void *p, int byte, size_t n);

/* A one-line description of @type's regions, for assertion messages. */
const char *mb_describe(const struct memblock_type *type);

/* Log helpers. mb_log() is kmm_dmesg() with the "[    0.000000] " time
 * stamps removed; mb_log_has() searches it. */
const char *mb_log(void);
bool mb_log_has(const char *needle);
/* Number of lines of mb_log() that contain @needle. */
int mb_log_count(const char *needle);

/* The end of a region. */
static inline phys_addr_t mb_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

/* Move memblock.current_limit back with the variant's reset. */
#define MB_NO_LIMIT MEMBLOCK_ALLOC_ANYWHERE

/* ---- assertions; each message names the variant ---- */

#define mb_assert(cond, fmt, ...)					\
	cr_assert((cond), "[%s] " fmt, mb_variant_name(), ##__VA_ARGS__)

#define mb_assert_eq(seen, expected) do {				\
	unsigned long long __s = (unsigned long long)(seen);		\
	unsigned long long __e = (unsigned long long)(expected);	\
	cr_assert(__s == __e, "[%s] %s: got %#llx, expected %#llx (%s)",\
		  mb_variant_name(), #seen, __s, __e, #expected);	\
} while (0)

#define mb_assert_ne(seen, unexpected) do {				\
	unsigned long long __s = (unsigned long long)(seen);		\
	unsigned long long __e = (unsigned long long)(unexpected);	\
	cr_assert(__s != __e, "[%s] %s: got %#llx, must differ",	\
		  mb_variant_name(), #seen, __s);			\
} while (0)

/* memblock must be valid: sorted, disjoint, merged, counts right. */
#define mb_assert_valid()						\
	cr_assert(memblock_is_valid(), "[%s] memblock_is_valid() is false;"\
		  " memory: %s", mb_variant_name(),			\
		  mb_describe(&memblock.memory))

/* @type has @cnt regions totalling @total bytes. */
#define mb_assert_type(type, n_, total_) do {				\
	const struct memblock_type *__t = (type);			\
	cr_assert(__t->cnt == (unsigned long)(n_) &&			\
		  __t->total_size == (phys_addr_t)(total_),		\
		  "[%s] %s: expected cnt %lu total %#llx; have %s",	\
		  mb_variant_name(), #type, (unsigned long)(n_),	\
		  (unsigned long long)(total_), mb_describe(__t));	\
} while (0)

/* Region @idx of @type is [base, base + size). */
#define mb_assert_region(type, idx, b, s) do {				\
	const struct memblock_type *__t = (type);			\
	unsigned long __i = (idx);					\
	cr_assert(__i < __t->cnt && __t->regions[__i].base == (phys_addr_t)(b) && \
		  __t->regions[__i].size == (phys_addr_t)(s),		\
		  "[%s] %s[%lu]: expected [%#llx+%#llx); have %s",	\
		  mb_variant_name(), #type, __i, (unsigned long long)(b),\
		  (unsigned long long)(s), mb_describe(__t));		\
} while (0)

/* Region @idx of @type is [base, base + size) with @flags on node @nid. */
#define mb_assert_region_full(type, idx, b, s, f, n) do {		\
	const struct memblock_type *__t = (type);			\
	unsigned long __i = (idx);					\
	cr_assert(__i < __t->cnt && __t->regions[__i].base == (phys_addr_t)(b) && \
		  __t->regions[__i].size == (phys_addr_t)(s) &&		\
		  __t->regions[__i].flags == (enum memblock_flags)(f) &&\
		  __t->regions[__i].nid == (int)(n),			\
		  "[%s] %s[%lu]: expected [%#llx+%#llx) flags %#x nid %d;"\
		  " have %s", mb_variant_name(), #type, __i,		\
		  (unsigned long long)(b), (unsigned long long)(s),	\
		  (unsigned)(f), (int)(n), mb_describe(__t));		\
} while (0)

/* The log contains @needle. */
#define mb_assert_log(needle)						\
	cr_assert(mb_log_has(needle), "[%s] log lacks \"%s\"; log:\n%s",\
		  mb_variant_name(), (needle), mb_log())
#define mb_assert_no_log(needle)					\
	cr_assert(!mb_log_has(needle), "[%s] log has \"%s\"; log:\n%s",	\
		  mb_variant_name(), (needle), mb_log())

/*
 * mb_snapshot - a copy of memblock's region arrays, to prove that a
 * misuse left the state exactly as it was.
 */
#define MB_SNAP_MAX 64
struct mb_snapshot {
	unsigned long cnt[2];
	phys_addr_t total[2];
	struct memblock_region r[2][MB_SNAP_MAX];
};
void mb_snap(struct mb_snapshot *s);
bool mb_snap_equal(const struct mb_snapshot *s);
#define mb_assert_unchanged(snap)					\
	cr_assert(mb_snap_equal(snap), "[%s] state changed; memory: %s",\
		  mb_variant_name(), mb_describe(&memblock.memory))

/*
 * mb_expect_panic - make a coming panic() prove its message: when the
 * process aborts, the log must contain @needle, else the process exits
 * with status 3 instead of dying by SIGABRT (so a test declared with
 * .signal = SIGABRT fails).
 */
void mb_expect_panic(const char *needle);

#endif /* TESTS_HELPERS_MEMBLOCK_HARNESS_H */
