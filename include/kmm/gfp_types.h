/* SPDX-License-Identifier: MIT */
/*
 * kmm/gfp_types.h - the GFP flags: how an allocation may be satisfied.
 *
 * 1. What a gfp_t is. Every allocation names, in one word of bits, which
 *    zones it may use (the four zone modifiers in the low bits), how mobile
 *    its memory will be (__GFP_MOVABLE, __GFP_RECLAIMABLE), how deep into
 *    the reserves it may go (__GFP_HIGH, __GFP_MEMALLOC), whether it may
 *    sleep to reclaim (__GFP_DIRECT_RECLAIM) or wake kswapd
 *    (__GFP_KSWAPD_RECLAIM), how hard to retry (__GFP_NORETRY,
 *    __GFP_RETRY_MAYFAIL, __GFP_NOFAIL) and what to do with the result
 *    (__GFP_ZERO, __GFP_COMP, __GFP_NOWARN). Callers start from a composite
 *    (GFP_KERNEL, GFP_ATOMIC, ...) and add or remove single flags.
 *
 * 2. The values are Linux 6.12's, bit for bit, so that a flags word printed
 *    by a kernel (a "gfp_mask=0xcc0(GFP_KERNEL)" line, a tracepoint) means
 *    the same thing here. Some bits exist only in some kernel builds; the
 *    enum below then shifts the later bits down. kmm follows the x86-64
 *    kernel built with Debian's configuration (linux-config-6.12,
 *    config.amd64_none_amd64):
 *      CONFIG_KASAN_HW_TAGS  off (an arm64 MTE feature; x86-64 never has it)
 *                            -> no SKIP_ZERO / SKIP_KASAN bits, both flags 0
 *      CONFIG_LOCKDEP        off (PROVE_LOCKING, DEBUG_LOCK_ALLOC are off)
 *                            -> no NOLOCKDEP bit, __GFP_NOLOCKDEP is 0
 *      CONFIG_SLAB_OBJ_EXT   on  (selected by MEMCG=y)
 *                            -> __GFP_NO_OBJ_EXT is bit 24
 *    so __GFP_BITS_SHIFT is 25 and every valid flag lies in 0x1ffffff.
 *
 * 3. Bit 9 (0x200) is unused in 6.12: it was __GFP_ATOMIC until 6.3.
 *
 * 4. The seed-era names. Code written for older kernels uses three flags
 *    that no longer exist; kmm keeps them as aliases with today's meaning:
 *      __GFP_WAIT    4.4 split "may sleep" into direct reclaim and waking
 *                    kswapd; callers that passed __GFP_WAIT were converted
 *                    to __GFP_RECLAIM, which is what the alias is.
 *      __GFP_REPEAT  renamed __GFP_RETRY_MAYFAIL in 4.13 (try hard, but
 *                    may fail); the alias is the new flag.
 *      __GFP_COLD    a hint for cache-cold pages from the per-CPU lists,
 *                    removed in 4.15; it is 0 and changes nothing.
 *
 * 5. How kmm differs from Linux: gfp_t is a plain unsigned int (Linux marks
 *    it __bitwise for sparse). Nothing else.
 */
#ifndef KMM_GFP_TYPES_H
#define KMM_GFP_TYPES_H

typedef unsigned int gfp_t;

#ifndef BIT
#define BIT(nr)		(1UL << (nr))
#endif

/* Bit numbers, in 6.12's order; the three config-dependent bits follow. */
enum {
	___GFP_DMA_BIT,
	___GFP_HIGHMEM_BIT,
	___GFP_DMA32_BIT,
	___GFP_MOVABLE_BIT,
	___GFP_RECLAIMABLE_BIT,
	___GFP_HIGH_BIT,
	___GFP_IO_BIT,
	___GFP_FS_BIT,
	___GFP_ZERO_BIT,
	___GFP_UNUSED_BIT,		/* 0x200: free since __GFP_ATOMIC went */
	___GFP_DIRECT_RECLAIM_BIT,
	___GFP_KSWAPD_RECLAIM_BIT,
	___GFP_WRITE_BIT,
	___GFP_NOWARN_BIT,
	___GFP_RETRY_MAYFAIL_BIT,
	___GFP_NOFAIL_BIT,
	___GFP_NORETRY_BIT,
	___GFP_MEMALLOC_BIT,
	___GFP_COMP_BIT,
	___GFP_NOMEMALLOC_BIT,
	___GFP_HARDWALL_BIT,
	___GFP_THISNODE_BIT,
	___GFP_ACCOUNT_BIT,
	___GFP_ZEROTAGS_BIT,
	/* CONFIG_KASAN_HW_TAGS off: no ___GFP_SKIP_ZERO_BIT, ___GFP_SKIP_KASAN_BIT */
	/* CONFIG_LOCKDEP off: no ___GFP_NOLOCKDEP_BIT */
	___GFP_NO_OBJ_EXT_BIT,		/* CONFIG_SLAB_OBJ_EXT=y */
	___GFP_LAST_BIT
};

/* The raw masks; code uses the __GFP_ names below. */
#define ___GFP_DMA		BIT(___GFP_DMA_BIT)
#define ___GFP_HIGHMEM		BIT(___GFP_HIGHMEM_BIT)
#define ___GFP_DMA32		BIT(___GFP_DMA32_BIT)
#define ___GFP_MOVABLE		BIT(___GFP_MOVABLE_BIT)
#define ___GFP_RECLAIMABLE	BIT(___GFP_RECLAIMABLE_BIT)
#define ___GFP_HIGH		BIT(___GFP_HIGH_BIT)
#define ___GFP_IO		BIT(___GFP_IO_BIT)
#define ___GFP_FS		BIT(___GFP_FS_BIT)
#define ___GFP_ZERO		BIT(___GFP_ZERO_BIT)
#define ___GFP_DIRECT_RECLAIM	BIT(___GFP_DIRECT_RECLAIM_BIT)
#define ___GFP_KSWAPD_RECLAIM	BIT(___GFP_KSWAPD_RECLAIM_BIT)
#define ___GFP_WRITE		BIT(___GFP_WRITE_BIT)
#define ___GFP_NOWARN		BIT(___GFP_NOWARN_BIT)
#define ___GFP_RETRY_MAYFAIL	BIT(___GFP_RETRY_MAYFAIL_BIT)
#define ___GFP_NOFAIL		BIT(___GFP_NOFAIL_BIT)
#define ___GFP_NORETRY		BIT(___GFP_NORETRY_BIT)
#define ___GFP_MEMALLOC		BIT(___GFP_MEMALLOC_BIT)
#define ___GFP_COMP		BIT(___GFP_COMP_BIT)
#define ___GFP_NOMEMALLOC	BIT(___GFP_NOMEMALLOC_BIT)
#define ___GFP_HARDWALL		BIT(___GFP_HARDWALL_BIT)
#define ___GFP_THISNODE		BIT(___GFP_THISNODE_BIT)
#define ___GFP_ACCOUNT		BIT(___GFP_ACCOUNT_BIT)
#define ___GFP_ZEROTAGS		BIT(___GFP_ZEROTAGS_BIT)
#define ___GFP_SKIP_ZERO	0	/* CONFIG_KASAN_HW_TAGS off */
#define ___GFP_SKIP_KASAN	0	/* CONFIG_KASAN_HW_TAGS off */
#define ___GFP_NOLOCKDEP	0	/* CONFIG_LOCKDEP off */
#define ___GFP_NO_OBJ_EXT	BIT(___GFP_NO_OBJ_EXT_BIT)

/*
 * Zone modifiers: the four low bits, which gfp_zone() turns into the
 * highest zone the allocation may use. At most one of DMA, HIGHMEM and
 * DMA32 may be set; MOVABLE combines with any one of them.
 */
#define __GFP_DMA	((gfp_t)___GFP_DMA)
#define __GFP_HIGHMEM	((gfp_t)___GFP_HIGHMEM)
#define __GFP_DMA32	((gfp_t)___GFP_DMA32)
#define __GFP_MOVABLE	((gfp_t)___GFP_MOVABLE)	/* may use ZONE_MOVABLE */
#define GFP_ZONEMASK	(__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)

/*
 * Mobility and placement. MOVABLE (also a zone modifier) and RECLAIMABLE
 * choose the migratetype, hence the pageblocks the page comes from;
 * WRITE says the page will be dirtied; HARDWALL keeps to the cpuset;
 * THISNODE forbids falling back to other nodes; ACCOUNT charges kmemcg;
 * NO_OBJ_EXT asks slab not to attach object extensions.
 */
#define __GFP_RECLAIMABLE ((gfp_t)___GFP_RECLAIMABLE)
#define __GFP_WRITE	((gfp_t)___GFP_WRITE)
#define __GFP_HARDWALL	((gfp_t)___GFP_HARDWALL)
#define __GFP_THISNODE	((gfp_t)___GFP_THISNODE)
#define __GFP_ACCOUNT	((gfp_t)___GFP_ACCOUNT)
#define __GFP_NO_OBJ_EXT ((gfp_t)___GFP_NO_OBJ_EXT)

/*
 * Watermarks. HIGH: the caller must succeed for the system to progress,
 * so it may go below the min watermark (GFP_ATOMIC). MEMALLOC: all
 * reserves, for callers that free memory soon after. NOMEMALLOC: never the
 * reserves; it wins over MEMALLOC.
 */
#define __GFP_HIGH	((gfp_t)___GFP_HIGH)
#define __GFP_MEMALLOC	((gfp_t)___GFP_MEMALLOC)
#define __GFP_NOMEMALLOC ((gfp_t)___GFP_NOMEMALLOC)

/*
 * Reclaim. IO: may start I/O; FS: may call into filesystems;
 * DIRECT_RECLAIM: may sleep to reclaim in the caller's context;
 * KSWAPD_RECLAIM: wakes kswapd at the low watermark. The three retry
 * policies only mean something with DIRECT_RECLAIM: NORETRY gives up
 * after a light attempt, RETRY_MAYFAIL retries while progress is made,
 * NOFAIL never returns NULL (and must be able to sleep).
 */
#define __GFP_IO	((gfp_t)___GFP_IO)
#define __GFP_FS	((gfp_t)___GFP_FS)
#define __GFP_DIRECT_RECLAIM	((gfp_t)___GFP_DIRECT_RECLAIM)
#define __GFP_KSWAPD_RECLAIM	((gfp_t)___GFP_KSWAPD_RECLAIM)
#define __GFP_RECLAIM	((gfp_t)(___GFP_DIRECT_RECLAIM | ___GFP_KSWAPD_RECLAIM))
#define __GFP_RETRY_MAYFAIL	((gfp_t)___GFP_RETRY_MAYFAIL)
#define __GFP_NOFAIL	((gfp_t)___GFP_NOFAIL)
#define __GFP_NORETRY	((gfp_t)___GFP_NORETRY)

/*
 * Actions. NOWARN: no allocation-failure report; COMP: set up a compound
 * page; ZERO: return zeroed memory; ZEROTAGS, SKIP_ZERO, SKIP_KASAN: memory
 * tagging (KASAN HW tags), without effect on x86-64; NOLOCKDEP: lockdep's
 * reclaim tracking, without effect when lockdep is off.
 */
#define __GFP_NOWARN	((gfp_t)___GFP_NOWARN)
#define __GFP_COMP	((gfp_t)___GFP_COMP)
#define __GFP_ZERO	((gfp_t)___GFP_ZERO)
#define __GFP_ZEROTAGS	((gfp_t)___GFP_ZEROTAGS)
#define __GFP_SKIP_ZERO	((gfp_t)___GFP_SKIP_ZERO)
#define __GFP_SKIP_KASAN ((gfp_t)___GFP_SKIP_KASAN)
#define __GFP_NOLOCKDEP	((gfp_t)___GFP_NOLOCKDEP)

/* How many flag bits exist (25 with the configuration of point 2). */
#define __GFP_BITS_SHIFT ___GFP_LAST_BIT
#define __GFP_BITS_MASK	((gfp_t)((1 << __GFP_BITS_SHIFT) - 1))

/*
 * The composites. Start from one of these.
 *   GFP_ATOMIC    cannot sleep, must succeed: reserves below min, wakes kswapd
 *   GFP_KERNEL    ordinary kernel allocation: may sleep, do I/O, enter FS
 *   GFP_KERNEL_ACCOUNT  GFP_KERNEL charged to the memory cgroup
 *   GFP_NOWAIT    cannot sleep, no reserves, silent on failure
 *   GFP_NOIO      may reclaim, but start no I/O
 *   GFP_NOFS      may reclaim and do I/O, but not enter filesystems
 *   GFP_USER      for user-visible buffers the kernel also touches (cpuset)
 *   GFP_DMA, GFP_DMA32  the 16 MiB / 4 GiB zones
 *   GFP_HIGHUSER  user pages that need no kernel mapping (no HIGHMEM on
 *                 x86-64: it behaves as GFP_USER)
 *   GFP_HIGHUSER_MOVABLE  user pages that can migrate (page cache, anon)
 *   GFP_TRANSHUGE_LIGHT, GFP_TRANSHUGE  huge pages: fail fast, never wake
 *                 kswapd; the non-light one may reclaim directly
 */
#define GFP_ATOMIC	(__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL	(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT	(__GFP_KSWAPD_RECLAIM | __GFP_NOWARN)
#define GFP_NOIO	(__GFP_RECLAIM)
#define GFP_NOFS	(__GFP_RECLAIM | __GFP_IO)
#define GFP_USER	(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA		__GFP_DMA
#define GFP_DMA32	__GFP_DMA32
#define GFP_HIGHUSER	(GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE | __GFP_SKIP_KASAN)
#define GFP_TRANSHUGE_LIGHT ((GFP_HIGHUSER_MOVABLE | __GFP_COMP |	\
			      __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM)
#define GFP_TRANSHUGE	(GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM)

/* The seed-era names (point 4): aliases with today's meaning. */
#define __GFP_WAIT	__GFP_RECLAIM		/* replaced in 4.4 */
#define __GFP_REPEAT	__GFP_RETRY_MAYFAIL	/* renamed in 4.13 */
#define __GFP_COLD	((gfp_t)0)		/* removed in 4.15: no effect */

#endif /* KMM_GFP_TYPES_H */
