/* SPDX-License-Identifier: MIT */
/*
 * kmm/gfp.h - what the page allocator reads out of a gfp_t.
 *
 * 1. Zone. gfp_zone() maps the four zone-modifier bits to the highest zone
 *    an allocation may use; the allocator then walks the zonelist from
 *    there downwards (MOVABLE -> NORMAL -> DMA32 -> DMA). The map is one
 *    32-bit constant, GFP_ZONE_TABLE: 16 entries of GFP_ZONES_SHIFT (2)
 *    bits, one per combination of the four bits, so the lookup is a shift
 *    and a mask. x86-64 has no HIGHMEM: __GFP_HIGHMEM selects ZONE_NORMAL,
 *    and __GFP_HIGHMEM|__GFP_MOVABLE (GFP_HIGHUSER_MOVABLE) is the only way
 *    to reach ZONE_MOVABLE. The table, with the zones of kmm/mmzone.h:
 *
 *        bits  MOVABLE DMA32 HIGHMEM DMA   zone
 *        0x0      -      -      -     -    NORMAL
 *        0x1      -      -      -     x    DMA
 *        0x2      -      -      x     -    NORMAL (no HIGHMEM)
 *        0x4      -      x      -     -    DMA32
 *        0x8      x      -      -     -    NORMAL
 *        0x9      x      -      -     x    DMA
 *        0xa      x      -      x     -    MOVABLE
 *        0xc      x      x      -     -    DMA32
 *        other: two of DMA, DMA32, HIGHMEM at once -> invalid
 *
 * 2. Invalid combinations are listed in GFP_ZONE_BAD. As in Linux, a debug
 *    build (CONFIG_DEBUG_VM, kmm's default) stops there with VM_BUG_ON's
 *    "kernel BUG at" report; a build without it returns whatever the table
 *    holds for that entry (0, ZONE_DMA), as Linux does.
 *
 * 3. Migratetype. gfp_migratetype() reads MOVABLE and RECLAIMABLE as a
 *    two-bit number: bit 3 is MOVABLE (1) and bit 4 RECLAIMABLE (2), so the
 *    value shifted down by 3 is the migratetype itself. Both at once is a
 *    caller bug (it would read as MIGRATE_HIGHATOMIC); VM_WARN_ON says so.
 *    With page_group_by_mobility_disabled (too little memory to group) every
 *    allocation is MIGRATE_UNMOVABLE.
 *
 * 4. Printing. gfpflag_names[] (src/mm/debug.c) is the one table of flag
 *    names: composites first, most bits first, then single flags, in the
 *    order of Linux's include/trace/events/mmflags.h. %pGg in kmm's printf
 *    (src/lib/vsprintf.c) and gfp_flags_str() print with it, as Linux's
 *    %pGg does: names that match are printed and removed, '|' between
 *    them, leftover bits as 0x... hex, and nothing at all for 0.
 *
 * 5. How kmm differs: Linux declares the name table in mm/internal.h and
 *    its element type in linux/tracepoint-defs.h; kmm declares both here,
 *    so that tests and programs can walk the table. gfp_flags_str() is a
 *    kmm addition. might_alloc() (linux/sched/mm.h) is here too.
 */
#ifndef KMM_GFP_H
#define KMM_GFP_H

#include <kmm/compiler.h>
#include <kmm/bug.h>
#include <kmm/gfp_types.h>
#include <kmm/mmzone.h>
#include <kmm/nodemask.h>
#include <kmm/percpu.h>
#include <kmm/sched.h>

/* Point 3: __GFP_MOVABLE is bit 3, and the two bits are the migratetype. */
#define GFP_MOVABLE_MASK	(__GFP_RECLAIMABLE | __GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT	3

/**
 * gfp_migratetype - the free-list type an allocation with @gfp_flags uses.
 * @gfp_flags: the allocation's flags.
 *
 * Context: any.
 * Return: MIGRATE_UNMOVABLE, MIGRATE_MOVABLE or MIGRATE_RECLAIMABLE.
 */
static inline int gfp_migratetype(const gfp_t gfp_flags)
{
	gfp_t mobility = gfp_flags & GFP_MOVABLE_MASK;

	/* The shift works only while the bits and the enum agree. */
	BUILD_BUG_ON(___GFP_MOVABLE != (MIGRATE_MOVABLE << GFP_MOVABLE_SHIFT));
	BUILD_BUG_ON(___GFP_RECLAIMABLE != (MIGRATE_RECLAIMABLE << GFP_MOVABLE_SHIFT));
	BUILD_BUG_ON(GFP_MOVABLE_MASK != (MIGRATE_HIGHATOMIC << GFP_MOVABLE_SHIFT));
	VM_WARN_ON(mobility == GFP_MOVABLE_MASK);

	if (unlikely(page_group_by_mobility_disabled))
		return MIGRATE_UNMOVABLE;
	return (int)(mobility >> GFP_MOVABLE_SHIFT);
}
#undef GFP_MOVABLE_MASK
#undef GFP_MOVABLE_SHIFT

/** gfpflags_allow_blocking - may an allocation with @gfp_flags sleep? */
static inline bool gfpflags_allow_blocking(const gfp_t gfp_flags)
{
	return !!(gfp_flags & __GFP_DIRECT_RECLAIM);
}

/** gfp_has_io_fs - may reclaim for @gfp both start I/O and enter filesystems? */
static inline bool gfp_has_io_fs(gfp_t gfp)
{
	return (gfp & (__GFP_IO | __GFP_FS)) == (__GFP_IO | __GFP_FS);
}

/**
 * gfp_compaction_allowed - may an allocation with @gfp_mask compact memory?
 * @gfp_mask: the allocation's flags.
 *
 * Migration may need I/O, so GFP_NOIO allocations do not compact.
 * CONFIG_COMPACTION is on in Debian's kernel, so only __GFP_IO decides.
 * Return: true if compaction is allowed.
 */
static inline bool gfp_compaction_allowed(gfp_t gfp_mask)
{
	return !!(gfp_mask & __GFP_IO);
}

/**
 * gfp_nested_mask - the flags for an allocation made inside an allocation.
 * @flags: the outer allocation's flags.
 *
 * Keeps the outer context (may it sleep, do I/O, enter FS), drops the zone
 * and placement bits, and makes the inner allocation fail fast, silently
 * and without the reserves.
 * Return: the inner allocation's flags.
 */
static inline gfp_t gfp_nested_mask(gfp_t flags)
{
	return (flags & (GFP_KERNEL | GFP_ATOMIC | __GFP_NOLOCKDEP)) |
	       (__GFP_NORETRY | __GFP_NOMEMALLOC | __GFP_NOWARN);
}

/**
 * might_alloc - say that an allocation with @gfp_mask happens here.
 * @gfp_mask: its flags.
 *
 * An allocation that may reclaim may sleep: in atomic context this
 * prints the "sleeping function called from invalid context" report
 * (kmm/sched.h). As in Linux it is a function, so the report names this
 * header's line and the stack dump shows the caller. Linux has it in
 * linux/sched/mm.h, with lockdep's fs_reclaim annotations; kmm has no
 * lockdep.
 */
static inline void might_alloc(gfp_t gfp_mask)
{
	might_sleep_if(gfpflags_allow_blocking(gfp_mask));
}

/* x86-64 has no HIGHMEM; DMA and DMA32 exist (CONFIG_ZONE_DMA, _DMA32). */
#define OPT_ZONE_HIGHMEM	ZONE_NORMAL
#define OPT_ZONE_DMA		ZONE_DMA
#define OPT_ZONE_DMA32		ZONE_DMA32

/*
 * Bits per table entry: enough for zone numbers 0..3. (Linux's x86-64 also
 * has ZONE_DEVICE as a fifth zone, which is no GFP target, and uses 2 too.)
 */
#define GFP_ZONES_SHIFT		2

/* One table entry: @zone for the modifier bits @bits. */
#define __GFP_ZT(bits, zone)	((zone) << ((bits) * GFP_ZONES_SHIFT))

/* Point 1: entry i is the zone for modifier bits i; unset entries are 0. */
#define GFP_ZONE_TABLE (						\
	__GFP_ZT(0, ZONE_NORMAL) |					\
	__GFP_ZT(___GFP_DMA, OPT_ZONE_DMA) |				\
	__GFP_ZT(___GFP_HIGHMEM, OPT_ZONE_HIGHMEM) |			\
	__GFP_ZT(___GFP_DMA32, OPT_ZONE_DMA32) |			\
	__GFP_ZT(___GFP_MOVABLE, ZONE_NORMAL) |				\
	__GFP_ZT(___GFP_MOVABLE | ___GFP_DMA, OPT_ZONE_DMA) |		\
	__GFP_ZT(___GFP_MOVABLE | ___GFP_HIGHMEM, ZONE_MOVABLE) |	\
	__GFP_ZT(___GFP_MOVABLE | ___GFP_DMA32, OPT_ZONE_DMA32))

/*
 * Point 2: bit i is set when modifier bits i name two zones at once: any
 * two or three of DMA, DMA32 and HIGHMEM, with or without MOVABLE.
 */
#define __GFP_ZB(bits)		(1 << (bits))
#define GFP_ZONE_BAD (							\
	__GFP_ZB(___GFP_DMA | ___GFP_HIGHMEM) |				\
	__GFP_ZB(___GFP_DMA | ___GFP_DMA32) |				\
	__GFP_ZB(___GFP_DMA32 | ___GFP_HIGHMEM) |			\
	__GFP_ZB(___GFP_DMA | ___GFP_DMA32 | ___GFP_HIGHMEM) |		\
	__GFP_ZB(___GFP_MOVABLE | ___GFP_DMA | ___GFP_HIGHMEM) |	\
	__GFP_ZB(___GFP_MOVABLE | ___GFP_DMA | ___GFP_DMA32) |		\
	__GFP_ZB(___GFP_MOVABLE | ___GFP_DMA32 | ___GFP_HIGHMEM) |	\
	__GFP_ZB(___GFP_MOVABLE | ___GFP_DMA | ___GFP_DMA32 | ___GFP_HIGHMEM))

/**
 * gfp_zone - the highest zone an allocation with @flags may use.
 * @flags: the allocation's flags; only GFP_ZONEMASK is read.
 *
 * Context: any. Costs a shift and a mask (and one test in debug builds).
 * Return: ZONE_DMA, ZONE_DMA32, ZONE_NORMAL or ZONE_MOVABLE. An invalid
 * combination of zone modifiers is a VM_BUG_ON in debug builds.
 */
static inline enum zone_type gfp_zone(gfp_t flags)
{
	int bit = (int)(flags & GFP_ZONEMASK);
	bool bad_zone_modifiers = (GFP_ZONE_BAD >> bit) & 1;
	enum zone_type z;

	z = (enum zone_type)((GFP_ZONE_TABLE >> (bit * GFP_ZONES_SHIFT)) &
			     ((1 << GFP_ZONES_SHIFT) - 1));
	VM_BUG_ON(bad_zone_modifiers);
	return z;
}

/* Point 4: one name for one mask, as Linux's struct trace_print_flags. */
struct trace_print_flags {
	unsigned long mask;
	const char *name;
};

/* The GFP names, in printing order, ending with { 0, NULL } (mm/debug.c). */
extern const struct trace_print_flags gfpflag_names[];

/**
 * gfp_flags_str - @gfp as %pGg prints it, e.g. "GFP_KERNEL|__GFP_ZERO".
 * @gfp: the flags.
 * @buf: where to write; always NUL-terminated when @size > 0.
 * @size: bytes at @buf; GFP_FLAGS_STR_MAX always suffice.
 *
 * Context: any. A kmm addition.
 * Return: @buf.
 */
const char *gfp_flags_str(gfp_t gfp, char *buf, size_t size);

/*
 * The longest text of any 32-bit word is 300 characters (0xfefff57f: 21
 * single-flag names and 0xfe000000), found by trying all 2^25 flag combinations with every unknown bit set.
 */
#define GFP_FLAGS_STR_MAX	301

/*
 * The page allocator (src/mm/page_alloc.c), declared here as Linux does.
 * alloc_pages() and friends return the first struct page of a block of
 * 2^order pages holding one reference; the __get_free_pages() family
 * returns its direct-map address. Free with __free_pages()/free_pages()
 * and the same order (or put_page() for compound pages).
 */
struct page;

struct page *__alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid,
			   nodemask_t *nodemask);
unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order);
unsigned long get_zeroed_page(gfp_t gfp_mask);
void *alloc_pages_exact(size_t size, gfp_t gfp_mask);
void *alloc_pages_exact_nid(int nid, size_t size, gfp_t gfp_mask);
void free_pages_exact(void *virt, size_t size);
void __free_pages(struct page *page, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);
/* Per-CPU lists back to the buddy lists: this CPU's, or every CPU's. */
void drain_local_pages(struct zone *zone);
void drain_all_pages(struct zone *zone);
/* Allocation masks that may be used at this point of boot (GFP_BOOT_MASK). */
extern gfp_t gfp_allowed_mask;

/**
 * alloc_pages_node - allocate 2^@order pages, starting from node @nid.
 * @nid: preferred node, or NUMA_NO_NODE for this CPU's node
 * @gfp_mask: GFP flags
 * @order: block order, 0..MAX_PAGE_ORDER
 *
 * Return: the block's first page, or NULL.
 */
static inline struct page *alloc_pages_node(int nid, gfp_t gfp_mask, unsigned int order)
{
	if (nid == NUMA_NO_NODE)
		nid = numa_node_id();
	return __alloc_pages(gfp_mask, order, nid, NULL);
}

/** alloc_pages - allocate 2^@order pages from this CPU's node first. */
static inline struct page *alloc_pages(gfp_t gfp_mask, unsigned int order)
{
	return __alloc_pages(gfp_mask, order, nr_online_nodes > 1 ? numa_node_id() : 0, NULL);
}

#define alloc_page(gfp_mask)		alloc_pages(gfp_mask, 0)
#define __get_free_page(gfp_mask)	__get_free_pages((gfp_mask), 0)
#define __free_page(page)		__free_pages((page), 0)
#define free_page(addr)			free_pages((addr), 0)

#endif /* KMM_GFP_H */
