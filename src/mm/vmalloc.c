// SPDX-License-Identifier: MIT
/*
 * src/mm/vmalloc.c - virtually contiguous memory (mm/vmalloc.c).
 *
 * 1. The vmalloc area. vmalloc_init() reserves one host range, PROT_NONE
 *    and MAP_NORESERVE, of vmalloc= bytes (default VMALLOC_DEFAULT_SIZE,
 *    halved while the host refuses, down to VMALLOC_MIN_SIZE), and
 *    publishes it as [VMALLOC_START, VMALLOC_END). Every address of the
 *    range is, at any time, in exactly one vmap_area: free, busy or lazy.
 *
 * 2. vmap_area allocation (Linux since 5.2). Free areas live in an
 *    address-ordered red-black tree augmented with subtree_max_size (the
 *    largest free area in each subtree) and in an address-sorted list.
 *    find_vmap_lowest_match() descends towards the lowest address whose
 *    subtree can hold the request (size + align - 1 when the alignment is
 *    above a page, so any fit found that way can be aligned), then climbs
 *    back to the first right subtree that can. The chosen free area is
 *    clipped (va_clip(): whole fit, left edge, right edge, or a middle
 *    piece, which needs a second vmap_area: when one is needed it is
 *    allocated outside the lock and the search repeated; Linux preloads
 *    one per CPU).
 *    Busy areas live in a second tree (find_vmap_area()). Freeing merges
 *    with free neighbours (merge_or_add_vmap_area()).
 *
 * 3. Locks, in Linux's names (6.12 splits the busy and lazy trees into
 *    per-node vmap_nodes; kmm keeps one of each, as 6.8 did):
 *      free_vmap_area_lock   the free tree and list
 *      vmap_area_lock        the busy tree and list
 *      purge_vmap_area_lock  the lazy (purge) tree and list
 *      vmap_purge_lock       one purge at a time (a mutex in Linux; a
 *                            spinlock here: a purge never sleeps)
 *    The allocation and free paths take one of the first three at a
 *    time; a purge holds vmap_purge_lock around them. Only the validator
 *    and nothing else nests them: free, then busy, then purge.
 *    vmalloc_meta_lock (the metadata pool) and init_mm.page_table_lock
 *    (src/mm/memory.c) are innermost: taken under the others, never
 *    around them.
 *
 * 4. Mapping. The backing pages are allocated as blocks of up to 2 MiB
 *    (order 9), split into order-0 pages as vmalloc_huge() does in Linux;
 *    smaller orders are tried when large blocks are short, down to single
 *    pages. Linux takes order-0 pages with alloc_pages_bulk() for plain
 *    vmalloc; kmm prefers blocks because every run of physically
 *    contiguous pages costs one host call. The PTEs are written in kmm's
 *    4-level page tables (kmm/pgtable.h), and each run is mapped at its
 *    vmalloc address from the physical-memory memfd in one
 *    MAP_FIXED|MAP_SHARED call (with MAP_POPULATE for runs of 64 KiB and
 *    more: the host's page tables filled at once, as Linux's PTEs are),
 *    so the vmalloc address and the direct map are the same bytes. If
 *    the host refuses (ENOMEM, vm.max_map_count), the allocation fails with
 *    warn_alloc()'s "vmalloc error: size N, failed to map pages" and
 *    everything taken is given back.
 *
 * 5. Lazy freeing. vfree() clears the PTEs and frees the pages at once,
 *    but the area goes to the lazy tree (merged with lazy neighbours)
 *    with its host mapping still in place: that mapping is kmm's stale
 *    TLB. When more than lazy_max_pages() (32 MiB times log2 of the CPUs,
 *    Linux's rule) wait, or an allocation finds no room, a purge unmaps
 *    each merged lazy range with one host call (the TLB flush) and merges
 *    it into the free tree. Hence every free-tree address is PROT_NONE on
 *    the host: a new area's guard page always faults.
 *
 *    Recycling (a kmm addition, in the spirit of 6.9's per-node pools of
 *    freed areas by size): a vmalloc area of up to VMAP_RECYCLE_PAGES
 *    pages (guard included) that was fully mapped with its guard page
 *    goes to the lazy tree unmerged and onto vmap_recycle[its pages]. A
 *    later request of exactly that size (page alignment, whole vmalloc
 *    range) takes it back before the free tree is searched and maps its
 *    new pages over the stale ones with MAP_FIXED: one host call instead
 *    of three (map, unmap at purge, map again), and the guard page was
 *    never mapped, so it still faults. Purges take recycled areas too.
 *
 * 6. Atomic context. vmalloc may sleep: alloc_vmap_area() says so with
 *    might_sleep(). vfree() in interrupt context, and vfree_atomic(),
 *    push the address on a lock-free list kept in the area's own first
 *    bytes (Linux's llist); Linux drains it from a workqueue, kmm at the
 *    next vmalloc or process-context vfree (kmm has no workqueues).
 *
 * 7. Misuse, reported as Linux reports it and with nothing changed:
 *    vfree() of a non-page-aligned address ("Trying to vfree() bad
 *    address"), of an address no area starts at, or twice ("Trying to
 *    vfree() nonexistent vm area"); vunmap() likewise. vunmap() of a
 *    vmalloc()ed area is a kmm addition: Linux unmaps it and leaks its
 *    pages; kmm WARNs and leaves the area alone.
 *
 * 8. Metadata. vmap_area, vm_struct and page arrays come from
 *    vmalloc_meta_alloc(), backed by the page allocator until SLUB is
 *    merged (see vmalloc_internal.h). Booting allocates no page: the
 *    first vmap_area is a static chunk and the PGD comes with the first
 *    mapping. Page arrays are never vmalloc'ed (Linux vmallocs arrays
 *    above a page: "vpages" in vmallocinfo).
 *
 * Validators: vmap_area_is_valid() (all three trees, the augmented
 * values, full coverage of the area). Reports: vmalloc_info.c.
 */
#include <stdatomic.h>

#include <kmm/mm.h>
#include <kmm/errno.h>
#include <kmm/err.h>
#include <kmm/smp.h>
#include <kmm/gfp.h>
#include <kmm/init.h>
#include <kmm/cmdline.h>
#include <kmm/printk.h>
#include <kmm/setup.h>
#include <kmm/sched.h>
#include <kmm/vmalloc.h>
#include "../host/host.h"
#include "internal.h"
#include "vmalloc_internal.h"

/*
 * Default size: 32 GiB. x86-64 has 32 TiB, which a host could reserve
 * too, but sanitizer runtimes need most of the address space for their
 * shadows; 32 GiB is eight times the default machine's RAM.
 */
#define VMALLOC_DEFAULT_SIZE	(32UL << 30)
#define VMALLOC_MIN_SIZE	(64UL << 20)
/* vmalloc_user() aligns to SHMLBA, a page on x86. */
#define SHMLBA			PAGE_SIZE

unsigned long kmm_vmalloc_start, kmm_vmalloc_end;
static unsigned long vmalloc_reserve_bytes;	/* vmalloc=, 0: default */
static void *vmalloc_host_base;
static unsigned long vmalloc_host_size;

DEFINE_SPINLOCK(free_vmap_area_lock);
DEFINE_SPINLOCK(vmap_area_lock);
DEFINE_SPINLOCK(purge_vmap_area_lock);
static DEFINE_SPINLOCK(vmap_purge_lock);
struct rb_root free_vmap_area_root, vmap_area_root, purge_vmap_area_root;
LIST_HEAD(free_vmap_area_list);
LIST_HEAD(vmap_area_list);
LIST_HEAD(purge_vmap_area_list);
static atomic_long_t vmap_lazy_nr;
/*
 * Lazy areas kept whole, by size in pages (point 5), under
 * purge_vmap_area_lock: up to 2 MiB areas and their guard page (513
 * pages, an 8 KiB array of list heads).
 */
#define VMAP_RECYCLE_PAGES	((int)(PMD_SIZE >> PAGE_SHIFT) + 1)
static struct list_head vmap_recycle[VMAP_RECYCLE_PAGES + 1];
static atomic_long_t nr_vmalloc_pages;

/* vmalloc=size (arch/x86/mm/pgtable_32.c's parameter; on kmm any size). */
static int parse_vmalloc(char *arg)
{
	if (!arg)
		return -EINVAL;
	vmalloc_reserve_bytes = (unsigned long)memparse(arg, &arg);
	return 0;
}
early_param("vmalloc", parse_vmalloc);

/* ---- metadata (point 8) ---- */

#define META_CHUNK	128UL
#define META_HDR	16UL
#define META_MAGIC_POOL	0x766d706f6f6cUL	/* "vmpool" */
#define META_MAGIC_PAGE	0x766d70616765UL	/* "vmpage" */

struct meta_hdr {
	unsigned long size;	/* bytes asked for */
	unsigned long magic;
};

static DEFINE_SPINLOCK(vmalloc_meta_lock);
static void *meta_free_list;	/* chunks, linked through their first word */
/*
 * The first free vmap_area (the whole vmalloc area) lives in this static
 * chunk, so that booting takes no page from the buddy allocator. It joins
 * the pool when freed, like any chunk.
 */
static unsigned char meta_boot_chunk[META_CHUNK] __attribute__((aligned(64)));

static void meta_refill(void *page)
{
	for (unsigned long off = 0; off < PAGE_SIZE; off += META_CHUNK) {
		void **chunk = (void **)((char *)page + off);

		*chunk = meta_free_list;
		meta_free_list = chunk;
	}
}

static void *meta_pool_alloc(gfp_t gfp)
{
	void *chunk, *page = NULL;

	spin_lock(&vmalloc_meta_lock);
	while (!meta_free_list) {
		spin_unlock(&vmalloc_meta_lock);
		page = (void *)__get_free_page(gfp & ~__GFP_ZERO);
		if (!page)
			return NULL;
		spin_lock(&vmalloc_meta_lock);
		meta_refill(page);
	}
	chunk = meta_free_list;
	meta_free_list = *(void **)chunk;
	spin_unlock(&vmalloc_meta_lock);
	return chunk;
}

void *vmalloc_meta_alloc(size_t size, gfp_t gfp, int node)
{
	struct meta_hdr *h;

	gfp &= ~(__GFP_DMA | __GFP_DMA32 | __GFP_HIGHMEM | __GFP_MOVABLE);
	if (size + META_HDR <= META_CHUNK) {
		h = meta_pool_alloc(gfp);
		if (h)
			h->magic = META_MAGIC_POOL;
	} else {
		h = node == NUMA_NO_NODE ? alloc_pages_exact(size + META_HDR, gfp & ~__GFP_ZERO)
			: alloc_pages_exact_nid(node, size + META_HDR, gfp & ~__GFP_ZERO);
		if (h)
			h->magic = META_MAGIC_PAGE;
	}
	if (!h)
		return NULL;
	h->size = size;
	if (gfp & __GFP_ZERO)
		memset(h + 1, 0, size);
	return h + 1;
}

void vmalloc_meta_free(const void *p)
{
	struct meta_hdr *h;

	if (!p)
		return;
	h = (struct meta_hdr *)p - 1;
	if (h->magic == META_MAGIC_PAGE) {
		free_pages_exact(h, h->size + META_HDR);
		return;
	}
	BUG_ON(h->magic != META_MAGIC_POOL);
	h->magic = 0;
	spin_lock(&vmalloc_meta_lock);
	*(void **)h = meta_free_list;
	meta_free_list = h;
	spin_unlock(&vmalloc_meta_lock);
}

size_t vmalloc_meta_size(const void *p)
{
	return ((const struct meta_hdr *)p - 1)->size;
}

static struct vmap_area *va_alloc(gfp_t gfp, int node)
{
	return vmalloc_meta_alloc(sizeof(struct vmap_area), gfp, node);
}

/* ---- host back-end (point 4) ---- */

/*
 * Runs of at least this many bytes are mapped with MAP_POPULATE: filling
 * the host's page tables at once costs about a fault per page, so it pays
 * when the pages are touched, which large areas are made for; small runs
 * are left to fault on first touch (measured: bench_vmalloc).
 */
#define VMAP_POPULATE_BYTES	(64UL << 10)

static int default_host_map(void *va, phys_addr_t pa, size_t len)
{
	if (len >= VMAP_POPULATE_BYTES)
		return kmm_physmem_alias_populate(va, pa, len);
	return kmm_physmem_alias(va, pa, len);
}

static const struct vmap_host_ops default_host_ops = {
	.map = default_host_map, .unmap = host_va_unalias,
};
static const struct vmap_host_ops *vmap_host = &default_host_ops;

void vmalloc_set_host_ops(const struct vmap_host_ops *ops)
{
	vmap_host = ops ? ops : &default_host_ops;
}

/* ---- the trees (point 2) ---- */

static inline unsigned long get_subtree_max_size(struct rb_node *node)
{
	return node ? rb_entry(node, struct vmap_area, rb_node)->subtree_max_size : 0;
}

RB_DECLARE_CALLBACKS_MAX(static, free_vmap_area_rb_augment_cb, struct vmap_area,
			 rb_node, unsigned long, subtree_max_size, va_size)

/*
 * Where @va would be linked in @root; NULL if it overlaps an area there
 * (a vmalloc bug: WARN). *@parent receives the leaf's parent.
 */
static struct rb_node **find_va_links(struct vmap_area *va, struct rb_root *root,
				      struct rb_node **parent)
{
	struct rb_node **link = &root->rb_node;

	*parent = NULL;
	while (*link) {
		struct vmap_area *tmp = rb_entry(*link, struct vmap_area, rb_node);

		*parent = *link;
		if (va->va_end <= tmp->va_start)
			link = &(*link)->rb_left;
		else if (va->va_start >= tmp->va_end)
			link = &(*link)->rb_right;
		else {
			WARN(1, "vmalloc bug: 0x%lx-0x%lx overlaps with 0x%lx-0x%lx\n",
			     va->va_start, va->va_end, tmp->va_start, tmp->va_end);
			return NULL;
		}
	}
	return link;
}

/* The list element @va goes before: the in-order successor of the new leaf. */
static struct list_head *va_next_sibling(struct rb_node *parent, struct rb_node **link,
					 struct list_head *head)
{
	struct vmap_area *p;

	if (!parent)
		return head;
	p = rb_entry(parent, struct vmap_area, rb_node);
	return link == &parent->rb_right ? p->list.next : &p->list;
}

static void link_va(struct vmap_area *va, struct rb_root *root, struct rb_node *parent,
		    struct rb_node **link, struct list_head *head, bool augment)
{
	list_add_tail(&va->list, va_next_sibling(parent, link, head));
	rb_link_node(&va->rb_node, parent, link);
	if (augment) {
		va->subtree_max_size = 0;
		rb_insert_augmented(&va->rb_node, root, &free_vmap_area_rb_augment_cb);
		free_vmap_area_rb_augment_cb.propagate(&va->rb_node, NULL);
	} else {
		rb_insert_color(&va->rb_node, root);
	}
}

static void unlink_va(struct vmap_area *va, struct rb_root *root, bool augment)
{
	if (augment)
		rb_erase_augmented(&va->rb_node, root, &free_vmap_area_rb_augment_cb);
	else
		rb_erase(&va->rb_node, root);
	list_del(&va->list);
	RB_CLEAR_NODE(&va->rb_node);
}

static bool insert_vmap_area(struct vmap_area *va, struct rb_root *root,
			     struct list_head *head, bool augment)
{
	struct rb_node *parent, **link = find_va_links(va, root, &parent);

	if (!link)
		return false;
	link_va(va, root, parent, link, head, augment);
	return true;
}

/*
 * Put @va into @root, merged with the neighbours it touches.
 * Return: the area that now holds @va's range (@va may have been freed),
 * or NULL if @va overlapped (reported; @va freed).
 */
static struct vmap_area *merge_or_add_vmap_area(struct vmap_area *va, struct rb_root *root,
						struct list_head *head, bool augment)
{
	struct rb_node *parent, **link = find_va_links(va, root, &parent);
	struct list_head *next;
	struct vmap_area *sib;

	if (!link) {
		vmalloc_meta_free(va);
		return NULL;
	}
	next = va_next_sibling(parent, link, head);
	if (next != head) {
		sib = list_entry(next, struct vmap_area, list);
		if (sib->va_start == va->va_end && !(sib->flags & VMAP_RECYCLE)) {
			sib->va_start = va->va_start;
			vmalloc_meta_free(va);
			va = sib;
			goto merge_prev;
		}
	}
	if (next->prev != head) {
		sib = list_entry(next->prev, struct vmap_area, list);
		if (sib->va_end == va->va_start && !(sib->flags & VMAP_RECYCLE)) {
			sib->va_end = va->va_end;
			vmalloc_meta_free(va);
			va = sib;
			goto propagate;
		}
	}
	link_va(va, root, parent, link, head, augment);
	return va;

merge_prev:
	/* @va (was next) grew down; it may now touch its predecessor. */
	if (va->list.prev != head) {
		sib = list_entry(va->list.prev, struct vmap_area, list);
		if (sib->va_end == va->va_start && !(sib->flags & VMAP_RECYCLE)) {
			unsigned long end = va->va_end;

			/*
			 * Erase first, grow after: the erase's rotations must
			 * see the sizes its augmented values were made from.
			 */
			unlink_va(va, root, augment);
			vmalloc_meta_free(va);
			sib->va_end = end;
			va = sib;
		}
	}
propagate:
	if (augment)
		free_vmap_area_rb_augment_cb.propagate(&va->rb_node, NULL);
	return va;
}

/* Can [ALIGN(max(va_start, vstart), align), + size) lie inside @va? */
static bool is_within_this_va(struct vmap_area *va, unsigned long size,
			      unsigned long align, unsigned long vstart)
{
	unsigned long nva_start = va->va_start > vstart ? va->va_start : vstart;

	nva_start = (nva_start + align - 1) & ~(align - 1);
	if (nva_start < va->va_start || nva_start + size < nva_start)
		return false;
	return nva_start + size <= va->va_end;
}

/* The lowest-addressed free area that fits (point 2), or NULL. */
static struct vmap_area *find_vmap_lowest_match(struct rb_root *root, unsigned long size,
						unsigned long align, unsigned long vstart,
						bool adjust_search_size)
{
	unsigned long length = adjust_search_size ? size + align - 1 : size;
	struct rb_node *node = root->rb_node;
	struct vmap_area *va;

	while (node) {
		va = rb_entry(node, struct vmap_area, rb_node);
		if (get_subtree_max_size(node->rb_left) >= length && vstart < va->va_start) {
			node = node->rb_left;
			continue;
		}
		if (is_within_this_va(va, size, align, vstart))
			return va;
		if (get_subtree_max_size(node->rb_right) >= length) {
			node = node->rb_right;
			continue;
		}
		/* Climb to the first ancestor we left by its left side. */
		for (;;) {
			struct rb_node *child = node;

			node = rb_parent(node);
			if (!node)
				return NULL;
			if (node->rb_left != child)
				continue;
			va = rb_entry(node, struct vmap_area, rb_node);
			if (is_within_this_va(va, size, align, vstart))
				return va;
			if (get_subtree_max_size(node->rb_right) >= length &&
			    vstart <= va->va_start) {
				vstart = va->va_start + 1;
				node = node->rb_right;
				break;
			}
		}
	}
	return NULL;
}

/*
 * Cut [nva_start, nva_start + size) out of free area @va. A middle cut
 * needs @*spare for the right-hand rest; it is consumed (set to NULL).
 * Return: false if it needed a spare and had none.
 */
static bool va_clip(struct vmap_area *va, unsigned long nva_start, unsigned long size,
		    struct vmap_area **spare)
{
	unsigned long nva_end = nva_start + size;
	struct vmap_area *rest;

	if (nva_start == va->va_start && nva_end == va->va_end) {
		unlink_va(va, &free_vmap_area_root, true);
		vmalloc_meta_free(va);
		return true;
	}
	if (nva_start == va->va_start) {
		va->va_start = nva_end;
	} else if (nva_end == va->va_end) {
		va->va_end = nva_start;
	} else {
		rest = *spare;
		if (!rest)
			return false;
		*spare = NULL;
		rest->va_start = nva_end;
		rest->va_end = va->va_end;
		rest->flags = 0;
		va->va_end = nva_start;
		free_vmap_area_rb_augment_cb.propagate(&va->rb_node, NULL);
		insert_vmap_area(rest, &free_vmap_area_root, &free_vmap_area_list, true);
		return true;
	}
	free_vmap_area_rb_augment_cb.propagate(&va->rb_node, NULL);
	return true;
}

/*
 * Cut a fitting range out of the free tree. Return: its start, or 0: no
 * fit, or (*@need_spare set) a middle cut with no spare vmap_area at hand.
 */
static unsigned long __alloc_vmap_area(unsigned long size, unsigned long align,
				       unsigned long vstart, unsigned long vend,
				       struct vmap_area **spare, bool *need_spare)
{
	bool adjust = align > PAGE_SIZE && vend - vstart != size;
	struct vmap_area *va;
	unsigned long nva_start;

	va = find_vmap_lowest_match(&free_vmap_area_root, size, align, vstart, adjust);
	if (!va)
		return 0;
	nva_start = va->va_start > vstart ? va->va_start : vstart;
	nva_start = (nva_start + align - 1) & ~(align - 1);
	if (nva_start + size > vend)
		return 0;
	if (!va_clip(va, nva_start, size, spare)) {
		*need_spare = true;
		return 0;
	}
	return nva_start;
}

static void purge_vmap_area_lazy(void);

/* Insert a new busy area. */
static void busy_insert(struct vmap_area *va)
{
	spin_lock(&vmap_area_lock);
	insert_vmap_area(va, &vmap_area_root, &vmap_area_list, false);
	spin_unlock(&vmap_area_lock);
}

/*
 * One try under free_vmap_area_lock; a middle cut needs a second
 * vmap_area, allocated outside the lock and the try repeated (Linux
 * preloads one per CPU instead). Return: the start, or 0.
 */
static unsigned long try_alloc_vmap_area(unsigned long size, unsigned long align,
					 unsigned long vstart, unsigned long vend,
					 gfp_t gfp, int node)
{
	struct vmap_area *spare = NULL;
	bool need_spare = false;
	unsigned long addr;

	for (;;) {
		spin_lock(&free_vmap_area_lock);
		addr = __alloc_vmap_area(size, align, vstart, vend, &spare, &need_spare);
		spin_unlock(&free_vmap_area_lock);
		if (addr || !need_spare || spare)
			break;
		spare = va_alloc(gfp, node);
		if (!spare)
			break;
		need_spare = false;
	}
	if (spare)
		vmalloc_meta_free(spare);
	return addr;
}

/* Point 5: a lazy area of exactly @size pages, taken back whole; Return: its start or 0. */
static unsigned long take_recycled_area(unsigned long size)
{
	unsigned long nr = size >> PAGE_SHIFT, addr = 0;
	struct vmap_area *va = NULL;

	if (nr > VMAP_RECYCLE_PAGES)
		return 0;
	spin_lock(&purge_vmap_area_lock);
	if (!list_empty(&vmap_recycle[nr])) {
		va = list_first_entry(&vmap_recycle[nr], struct vmap_area, recycle);
		list_del(&va->recycle);
		unlink_va(va, &purge_vmap_area_root, false);
		addr = va->va_start;
	}
	spin_unlock(&purge_vmap_area_lock);
	if (!va)
		return 0;
	atomic_long_sub((long)nr, &vmap_lazy_nr);
	vmalloc_meta_free(va);
	return addr;
}

struct vmap_area *alloc_vmap_area(unsigned long size, unsigned long align,
				  unsigned long vstart, unsigned long vend,
				  int node, gfp_t gfp_mask, unsigned long va_flags,
				  struct vm_struct *vm)
{
	gfp_t gfp = gfp_mask & (GFP_KERNEL | __GFP_NOFAIL | __GFP_NORETRY |
				__GFP_RETRY_MAYFAIL | __GFP_NOWARN | __GFP_HIGH);
	struct vmap_area *va;
	unsigned long addr;
	bool purged = false;

	might_sleep();
	if (WARN_ON(!size || (size & ~PAGE_MASK) || !align || (align & (align - 1))))
		return NULL;
	va = va_alloc(gfp, node);
	if (!va)
		return NULL;
	addr = 0;
	if (align <= PAGE_SIZE && vstart == VMALLOC_START && vend == VMALLOC_END)
		addr = take_recycled_area(size);
retry:
	if (!addr)
		addr = try_alloc_vmap_area(size, align, vstart, vend, gfp, node);
	if (!addr) {
		if (!purged && !in_atomic()) {
			purge_vmap_area_lazy();
			purged = true;
			goto retry;
		}
		if (!(gfp_mask & __GFP_NOWARN))
			pr_warn("vmap allocation for size %lu failed: use vmalloc=<size> to increase size\n",
				size);
		vmalloc_meta_free(va);
		return NULL;
	}
	va->va_start = addr;
	va->va_end = addr + size;
	va->vm = vm;
	va->flags = va_flags;
	RB_CLEAR_NODE(&va->rb_node);
	busy_insert(va);
	return va;
}

void free_vmap_area(struct vmap_area *va)
{
	spin_lock(&free_vmap_area_lock);
	merge_or_add_vmap_area(va, &free_vmap_area_root, &free_vmap_area_list, true);
	spin_unlock(&free_vmap_area_lock);
}

void free_busy_vmap_area(struct vmap_area *va)
{
	spin_lock(&vmap_area_lock);
	unlink_va(va, &vmap_area_root, false);
	spin_unlock(&vmap_area_lock);
	free_vmap_area(va);
}

struct vmap_area *find_vmap_area(unsigned long addr)
{
	struct rb_node *n;
	struct vmap_area *va = NULL;

	spin_lock(&vmap_area_lock);
	n = vmap_area_root.rb_node;
	while (n) {
		struct vmap_area *tmp = rb_entry(n, struct vmap_area, rb_node);

		if (addr < tmp->va_start) {
			n = n->rb_left;
		} else if (addr >= tmp->va_end) {
			n = n->rb_right;
		} else {
			va = tmp;
			break;
		}
	}
	spin_unlock(&vmap_area_lock);
	return va;
}

/* Take the busy area that starts at @addr out of the busy tree. */
static struct vmap_area *find_unlink_vmap_area(unsigned long addr, bool want_alloc)
{
	struct rb_node *n;
	struct vmap_area *va = NULL;

	spin_lock(&vmap_area_lock);
	for (n = vmap_area_root.rb_node; n;) {
		struct vmap_area *tmp = rb_entry(n, struct vmap_area, rb_node);

		if (addr < tmp->va_start)
			n = n->rb_left;
		else if (addr >= tmp->va_end)
			n = n->rb_right;
		else {
			va = tmp;
			break;
		}
	}
	if (va && va->va_start == addr) {
		if (want_alloc || !va->vm || !(va->vm->flags & VM_ALLOC))
			unlink_va(va, &vmap_area_root, false);
		else
			va = ERR_PTR(-EBUSY);
	} else {
		va = NULL;
	}
	spin_unlock(&vmap_area_lock);
	return va;
}

/* ---- lazy freeing and purging (point 5) ---- */

unsigned long lazy_max_pages(void)
{
	unsigned int cpus = (unsigned int)nr_cpu_ids, log = 0;

	while (cpus) {
		log++;
		cpus >>= 1;
	}
	return log * (32UL * 1024 * 1024 / PAGE_SIZE);
}

unsigned long vmap_lazy_nr_pages(void)
{
	return (unsigned long)atomic_long_read(&vmap_lazy_nr);
}

/* Unmap one merged lazy range on the host and return it to the free tree. */
static void purge_one(struct vmap_area *va)
{
	unsigned long nr = va_size(va) >> PAGE_SHIFT;
	int err = vmap_host->unmap((void *)va->va_start, va_size(va));

	if (err) {
		pr_warn("vmalloc: cannot unmap 0x%lx-0x%lx from the host (%d): range lost\n",
			va->va_start, va->va_end, err);
		vmalloc_meta_free(va);
	} else {
		free_vmap_area(va);
	}
	atomic_long_sub((long)nr, &vmap_lazy_nr);
}

/* Purge every lazy area: take the list, unmap, merge into the free tree. */
static void __purge_vmap_area_lazy(void)
{
	LIST_HEAD(local);
	struct vmap_area *va, *n;

	spin_lock(&purge_vmap_area_lock);
	purge_vmap_area_root = RB_ROOT;
	list_splice_init(&purge_vmap_area_list, &local);
	for (int i = 0; i <= VMAP_RECYCLE_PAGES; i++)
		INIT_LIST_HEAD(&vmap_recycle[i]);	/* every entry is on @local */
	spin_unlock(&purge_vmap_area_lock);
	list_for_each_entry_safe(va, n, &local, list) {
		va->flags = 0;
		list_del(&va->list);
		RB_CLEAR_NODE(&va->rb_node);
		purge_one(va);
	}
}

static void purge_vmap_area_lazy(void)
{
	spin_lock(&vmap_purge_lock);
	__purge_vmap_area_lazy();
	spin_unlock(&vmap_purge_lock);
}

static void try_purge_vmap_area_lazy(void)
{
	if (spin_trylock(&vmap_purge_lock)) {
		__purge_vmap_area_lazy();
		spin_unlock(&vmap_purge_lock);
	}
}

void vm_unmap_aliases(void)
{
	purge_vmap_area_lazy();
}

/* Queue @va (unlinked from the busy tree, PTEs cleared) for purging. */
static void free_vmap_area_noflush(struct vmap_area *va, bool recycle)
{
	long nr = (long)(va_size(va) >> PAGE_SHIFT), nr_lazy;

	va->vm = NULL;
	va->flags = 0;
	recycle = recycle && nr <= VMAP_RECYCLE_PAGES;
	spin_lock(&purge_vmap_area_lock);
	if (recycle) {
		va->flags = VMAP_RECYCLE;
		insert_vmap_area(va, &purge_vmap_area_root, &purge_vmap_area_list, false);
		list_add(&va->recycle, &vmap_recycle[nr]);
	} else {
		merge_or_add_vmap_area(va, &purge_vmap_area_root, &purge_vmap_area_list, false);
	}
	spin_unlock(&purge_vmap_area_lock);
	nr_lazy = atomic_long_add_return(nr, &vmap_lazy_nr);
	if ((unsigned long)nr_lazy > lazy_max_pages() && !in_atomic())
		try_purge_vmap_area_lazy();
}

/* ---- page tables and host mappings (point 4) ---- */

static pte_t *vmap_pte(unsigned long addr, gfp_t gfp)
{
	pgd_t *pgd = pgd_alloc_k(addr, gfp);
	pud_t *pud = pgd ? pud_alloc(&init_mm, p4d_offset(pgd, addr), addr, gfp) : NULL;
	pmd_t *pmd;

	if (!pud)
		return NULL;
	pmd = pmd_alloc(&init_mm, pud, addr, gfp);
	return pmd ? pte_alloc_kernel(pmd, addr, gfp) : NULL;
}

/* Write the PTEs of [addr, addr + nr pages) for @pages. Return: 0 or -ENOMEM. */
static int vmap_pages_pte_range(unsigned long addr, struct page **pages, unsigned int nr,
				pgprot_t prot, gfp_t gfp)
{
	pte_t *pte = NULL;

	for (unsigned int i = 0; i < nr; i++, addr += PAGE_SIZE) {
		if (!pte || pte_index(addr) == 0) {
			pte = vmap_pte(addr, gfp);
			if (!pte)
				return -ENOMEM;
		} else {
			pte++;
		}
		WARN_ON(!pte_none(ptep_get(pte)));
		set_pte(pte, pfn_pte(page_to_pfn(pages[i]), prot));
	}
	return 0;
}

/* Clear the PTEs of [addr, end); missing tables mean nothing was mapped there. */
static void vunmap_range_noflush(unsigned long addr, unsigned long end)
{
	pte_t *pte = NULL;

	for (; addr < end; addr += PAGE_SIZE) {
		if (!pte || pte_index(addr) == 0)
			pte = kmm_walk_pte(addr);
		else
			pte++;
		if (pte)
			pte_clear(pte);
	}
}

/* Map runs of physically contiguous pages on the host, one call per run. */
static int vmap_host_runs(unsigned long addr, struct page **pages, unsigned int nr)
{
	unsigned int i = 0;

	while (i < nr) {
		unsigned long pfn = page_to_pfn(pages[i]);
		unsigned int run = 1;
		int err;

		while (i + run < nr && page_to_pfn(pages[i + run]) == pfn + run)
			run++;
		err = vmap_host->map((void *)(addr + ((unsigned long)i << PAGE_SHIFT)),
				     PFN_PHYS(pfn), (size_t)run << PAGE_SHIFT);
		if (err)
			return err;
		i += run;
	}
	return 0;
}

/*
 * vmap_pages_range - map @nr @pages at @addr: PTEs, then the host.
 * On failure the caller frees the area lazily: the purge unmaps any run
 * already on the host. Return: 0 or -errno.
 */
static int vmap_pages_range(unsigned long addr, struct page **pages, unsigned int nr,
			    pgprot_t prot, gfp_t gfp)
{
	int err = vmap_pages_pte_range(addr, pages, nr, prot, gfp);

	if (!err)
		err = vmap_host_runs(addr, pages, nr);
	if (err)
		vunmap_range_noflush(addr, addr + ((unsigned long)nr << PAGE_SHIFT));
	return err;
}

/* ---- vm_struct areas ---- */

static struct vm_struct *__get_vm_area_node(unsigned long size, unsigned long align,
					    unsigned long flags, unsigned long start,
					    unsigned long end, int node, gfp_t gfp_mask,
					    const void *caller)
{
	struct vm_struct *area;
	struct vmap_area *va;

	size = PAGE_ALIGN(size);
	if (unlikely(!size))
		return NULL;
	area = vmalloc_meta_alloc(sizeof(*area), (gfp_mask & ~__GFP_ZERO) | __GFP_ZERO, node);
	if (!area)
		return NULL;
	if (!(flags & VM_NO_GUARD))
		size += PAGE_SIZE;
	area->flags = flags | VM_UNINITIALIZED;
	area->caller = caller;
	area->size = size;
	va = alloc_vmap_area(size, align, start, end, node, gfp_mask, 0, area);
	if (!va) {
		vmalloc_meta_free(area);
		return NULL;
	}
	area->addr = (void *)va->va_start;
	return area;
}

/* The area is ready: vmallocinfo may show it. */
static void clear_vm_uninitialized_flag(struct vm_struct *vm)
{
	spin_lock(&vmap_area_lock);
	vm->flags &= ~VM_UNINITIALIZED;
	spin_unlock(&vmap_area_lock);
}

struct vm_struct *get_vm_area_caller(unsigned long size, unsigned long flags,
				     const void *caller)
{
	struct vm_struct *vm = __get_vm_area_node(size, 1, flags, VMALLOC_START, VMALLOC_END,
						  NUMA_NO_NODE, GFP_KERNEL, caller);

	if (vm)
		clear_vm_uninitialized_flag(vm);
	return vm;
}

struct vm_struct *get_vm_area(unsigned long size, unsigned long flags)
{
	return get_vm_area_caller(size, flags, __builtin_return_address(0));
}

struct vm_struct *find_vm_area(const void *addr)
{
	struct vmap_area *va = find_vmap_area((unsigned long)addr);

	return va ? va->vm : NULL;
}

/* Unlink, clear the PTEs, queue for purging. Return: its vm_struct or NULL/ERR. */
static struct vm_struct *__remove_vm_area(const void *addr, bool want_alloc)
{
	struct vmap_area *va;
	struct vm_struct *vm;

	if (WARN(!PAGE_ALIGNED(addr), "Trying to vfree() bad address (%p)\n", addr))
		return NULL;
	va = find_unlink_vmap_area((unsigned long)addr, want_alloc);
	if (IS_ERR_OR_NULL(va))
		return (struct vm_struct *)va;
	vm = va->vm;
	if (!vm) {	/* a vm_map_ram area: not ours to free here */
		busy_insert(va);
		return NULL;
	}
	vunmap_range_noflush(va->va_start, va->va_end);
	free_vmap_area_noflush(va, (vm->flags & (VM_ALLOC | VM_NO_GUARD | VM_UNINITIALIZED)) ==
			       VM_ALLOC);
	return vm;
}

struct vm_struct *remove_vm_area(const void *addr)
{
	might_sleep();
	return __remove_vm_area(addr, true);
}

void free_vm_area(struct vm_struct *area)
{
	struct vm_struct *ret = remove_vm_area(area->addr);

	BUG_ON(ret != area);
	vmalloc_meta_free(area);
}

/* ---- deferred frees (point 6) ---- */

static _Atomic(void *) vfree_deferred_head;

static void vmalloc_drain_deferred(void)
{
	void *p;

	if (!atomic_load_explicit(&vfree_deferred_head, memory_order_relaxed))
		return;
	p = atomic_exchange_explicit(&vfree_deferred_head, NULL, memory_order_acq_rel);
	while (p) {
		void *next = *(void **)p;

		vfree(p);
		p = next;
	}
}

void vfree_atomic(const void *addr)
{
	void *old;

	BUG_ON(in_nmi());
	if (!addr)
		return;
	old = atomic_load_explicit(&vfree_deferred_head, memory_order_relaxed);
	do {
		*(void **)addr = old;
	} while (!atomic_compare_exchange_weak_explicit(&vfree_deferred_head, &old,
							(void *)addr, memory_order_release,
							memory_order_relaxed));
}

/* ---- vmalloc ---- */

static void vm_free_pages(struct page **pages, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		__free_page(pages[i]);
}

/*
 * The largest block an ordinary vmalloc takes at once (point 4): 2 MiB,
 * a PMD. Each run of contiguous pages is one host call, so whole blocks
 * make large areas cheap to map; smaller blocks are tried when larger
 * ones are short, down to single pages.
 */
#define VMALLOC_RUN_ORDER	(PMD_SHIFT - PAGE_SHIFT)

/* The largest order <= @cap whose block fits in @left pages. */
static unsigned int run_order(unsigned int left, unsigned int cap)
{
	unsigned int o = 31 - (unsigned int)__builtin_clz(left);

	return o < cap ? o : cap;
}

/*
 * Allocate @nr pages as blocks of at most 2^@order pages, split into
 * order-0 pages: high orders quietly and without direct reclaim, single
 * pages with the caller's @gfp. Return: pages got.
 */
static unsigned int vm_area_alloc_pages(gfp_t gfp, int nid, unsigned int order,
					unsigned int nr, struct page **pages)
{
	gfp_t high = (gfp | __GFP_NOWARN | __GFP_NORETRY) & ~(__GFP_NOFAIL | __GFP_DIRECT_RECLAIM);
	unsigned int got = 0, cap = order;

	while (got < nr) {
		unsigned int o = run_order(nr - got, cap);
		struct page *page = NULL;

		while (o && !(page = alloc_pages_node(nid, high, o)))
			cap = --o;	/* short of this order: stop asking for it */
		if (!page)
			page = alloc_pages_node(nid, gfp | __GFP_NOWARN, 0);
		if (!page)
			break;
		if (o)
			split_page(page, o);
		for (unsigned int i = 0; i < (1U << o); i++)
			pages[got++] = page + i;
		might_resched();
	}
	return got;
}

/* Back @area with pages and map them. Return: its address, or NULL (area freed). */
static void *__vmalloc_area_node(struct vm_struct *area, gfp_t gfp_mask, pgprot_t prot,
				 unsigned int page_order, int node)
{
	unsigned long size = get_vm_area_size(area);
	unsigned int nr = (unsigned int)(size >> PAGE_SHIFT);
	gfp_t nested = (gfp_mask & (GFP_KERNEL | __GFP_NOWARN | __GFP_NOFAIL)) | __GFP_ZERO;
	const char *what = NULL;

	area->pages = vmalloc_meta_alloc((size_t)nr * sizeof(struct page *), nested, node);
	if (!area->pages) {
		warn_alloc(gfp_mask, NULL,
			   "vmalloc error: size %lu, failed to allocated page array size %lu",
			   size, (unsigned long)nr * sizeof(struct page *));
		goto fail;
	}
	area->page_order = page_order;
	area->nr_pages = vm_area_alloc_pages(gfp_mask, node,
					     page_order ? page_order : VMALLOC_RUN_ORDER,
					     nr, area->pages);
	atomic_long_add(area->nr_pages, &nr_vmalloc_pages);
	if (area->nr_pages != nr) {
		what = "failed to allocate pages";
		goto fail_warn;
	}
	if (vmap_pages_range((unsigned long)area->addr, area->pages, nr, prot, nested)) {
		what = "failed to map pages";
		goto fail_warn;
	}
	return area->addr;

fail_warn:
	warn_alloc(gfp_mask, NULL, "vmalloc error: size %lu, %s", size, what);
fail:
	vfree(area->addr);
	return NULL;
}

void *__vmalloc_node_range(unsigned long size, unsigned long align, unsigned long start,
			   unsigned long end, gfp_t gfp_mask, pgprot_t prot,
			   unsigned long vm_flags, int node, const void *caller)
{
	unsigned long real_size = size;
	unsigned int page_order = 0;
	struct vm_struct *area;
	void *addr;

	if (!in_interrupt())
		vmalloc_drain_deferred();
	if (WARN_ON_ONCE(!size))
		return NULL;
	if ((size >> PAGE_SHIFT) > totalram_pages()) {
		warn_alloc(gfp_mask, NULL, "vmalloc error: size %lu, exceeds total pages",
			   real_size);
		return NULL;
	}
	if ((vm_flags & VM_ALLOW_HUGE_VMAP) && size >= PMD_SIZE) {
		page_order = PMD_SHIFT - PAGE_SHIFT;
		align = align > PMD_SIZE ? align : PMD_SIZE;
		size = (size + PMD_SIZE - 1) & PMD_MASK;
	}
	area = __get_vm_area_node(size, align, VM_ALLOC | vm_flags, start, end, node,
				  gfp_mask, caller);
	if (!area) {
		warn_alloc(gfp_mask, NULL, "vmalloc error: size %lu, vm_struct allocation failed",
			   real_size);
		return NULL;
	}
	addr = __vmalloc_area_node(area, gfp_mask, prot, page_order, node);
	if (addr)
		clear_vm_uninitialized_flag(area);
	return addr;
}

void *__vmalloc_node(unsigned long size, unsigned long align, gfp_t gfp_mask, int node,
		     const void *caller)
{
	return __vmalloc_node_range(size, align, VMALLOC_START, VMALLOC_END, gfp_mask,
				    PAGE_KERNEL, 0, node, caller);
}

void *__vmalloc(unsigned long size, gfp_t gfp_mask)
{
	return __vmalloc_node(size, 1, gfp_mask, NUMA_NO_NODE, __builtin_return_address(0));
}

void *vmalloc(unsigned long size)
{
	return __vmalloc_node(size, 1, GFP_KERNEL, NUMA_NO_NODE, __builtin_return_address(0));
}

void *vmalloc_huge(unsigned long size, gfp_t gfp_mask)
{
	return __vmalloc_node_range(size, 1, VMALLOC_START, VMALLOC_END, gfp_mask, PAGE_KERNEL,
				    VM_ALLOW_HUGE_VMAP, NUMA_NO_NODE,
				    __builtin_return_address(0));
}

void *vzalloc(unsigned long size)
{
	return __vmalloc_node(size, 1, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE,
			      __builtin_return_address(0));
}

void *vmalloc_user(unsigned long size)
{
	return __vmalloc_node_range(size, SHMLBA, VMALLOC_START, VMALLOC_END,
				    GFP_KERNEL | __GFP_ZERO, PAGE_KERNEL, VM_USERMAP,
				    NUMA_NO_NODE, __builtin_return_address(0));
}

void *vmalloc_node(unsigned long size, int node)
{
	return __vmalloc_node(size, 1, GFP_KERNEL, node, __builtin_return_address(0));
}

void *vzalloc_node(unsigned long size, int node)
{
	return __vmalloc_node(size, 1, GFP_KERNEL | __GFP_ZERO, node,
			      __builtin_return_address(0));
}

void *vmalloc_32(unsigned long size)
{
	return __vmalloc_node(size, 1, GFP_KERNEL | GFP_DMA32, NUMA_NO_NODE,
			      __builtin_return_address(0));
}

void *vmalloc_32_user(unsigned long size)
{
	return __vmalloc_node_range(size, SHMLBA, VMALLOC_START, VMALLOC_END,
				    GFP_KERNEL | GFP_DMA32 | __GFP_ZERO, PAGE_KERNEL,
				    VM_USERMAP, NUMA_NO_NODE, __builtin_return_address(0));
}

/* ---- vfree, vmap, vunmap ---- */

static void vfree_pages(struct vm_struct *vm)
{
	vm_free_pages(vm->pages, vm->nr_pages);
	if (!(vm->flags & VM_MAP_PUT_PAGES))
		atomic_long_sub(vm->nr_pages, &nr_vmalloc_pages);
	if (vm->flags & VM_MAP_PUT_PAGES)
		kvfree(vm->pages);
	else
		vmalloc_meta_free(vm->pages);
}

void vfree(const void *addr)
{
	struct vm_struct *vm;

	if (unlikely(in_interrupt())) {
		vfree_atomic(addr);
		return;
	}
	might_sleep();
	vmalloc_drain_deferred();
	if (!addr)
		return;
	vm = __remove_vm_area(addr, true);
	if (unlikely(!vm)) {
		WARN(1, KERN_ERR "Trying to vfree() nonexistent vm area (%p)\n", addr);
		return;
	}
	if (vm->pages)
		vfree_pages(vm);
	vmalloc_meta_free(vm);
}

void vunmap(const void *addr)
{
	struct vm_struct *vm;

	BUG_ON(in_interrupt());
	might_sleep();
	if (!addr)
		return;
	vm = __remove_vm_area(addr, false);
	if (IS_ERR(vm)) {
		WARN(1, KERN_ERR "Trying to vunmap() a vmalloc()ed area (%p): use vfree()\n",
		     addr);
		return;
	}
	if (unlikely(!vm)) {
		WARN(1, KERN_ERR "Trying to vunmap() nonexistent vm area (%p)\n", addr);
		return;
	}
	vmalloc_meta_free(vm);
}

void *vmap(struct page **pages, unsigned int count, unsigned long flags, pgprot_t prot)
{
	struct vm_struct *area;
	unsigned long size;

	might_sleep();
	if (WARN_ON_ONCE(flags & VM_FLUSH_RESET_PERMS) || WARN_ON_ONCE(flags & VM_NO_GUARD))
		return NULL;
	if (!count || count > totalram_pages())
		return NULL;
	size = (unsigned long)count << PAGE_SHIFT;
	area = get_vm_area_caller(size, flags, __builtin_return_address(0));
	if (!area)
		return NULL;
	if (vmap_pages_range((unsigned long)area->addr, pages, count, prot, GFP_KERNEL)) {
		vunmap(area->addr);
		return NULL;
	}
	if (flags & VM_MAP_PUT_PAGES) {
		area->pages = pages;
		area->nr_pages = count;
	}
	return area->addr;
}

void *vm_map_ram(struct page **pages, unsigned int count, int node)
{
	unsigned long size = (unsigned long)count << PAGE_SHIFT;
	struct vmap_area *va;

	if (!count)
		return NULL;
	va = alloc_vmap_area(size, PAGE_SIZE, VMALLOC_START, VMALLOC_END, node, GFP_KERNEL,
			     VMAP_RAM, NULL);
	if (!va)
		return NULL;
	if (vmap_pages_range(va->va_start, pages, count, PAGE_KERNEL, GFP_KERNEL)) {
		vm_unmap_ram((void *)va->va_start, count);
		return NULL;
	}
	return (void *)va->va_start;
}

void vm_unmap_ram(const void *mem, unsigned int count)
{
	unsigned long addr = (unsigned long)mem;
	struct vmap_area *va;

	might_sleep();
	BUG_ON(!addr || addr < VMALLOC_START || addr > VMALLOC_END || !PAGE_ALIGNED(addr));
	va = find_unlink_vmap_area(addr, true);
	if (WARN_ON(IS_ERR_OR_NULL(va)))
		return;
	if (WARN_ON(va->vm || va_size(va) != (unsigned long)count << PAGE_SHIFT)) {
		busy_insert(va);
		return;
	}
	vunmap_range_noflush(va->va_start, va->va_end);
	free_vmap_area_noflush(va, false);
}

/* ---- lookups ---- */

bool is_vmalloc_addr(const void *x)
{
	unsigned long addr = (unsigned long)x;

	return addr >= VMALLOC_START && addr < VMALLOC_END;
}

struct page *vmalloc_to_page(const void *vmalloc_addr)
{
	pte_t *ptep;
	pte_t pte;

	if (!is_vmalloc_addr(vmalloc_addr))
		return NULL;
	ptep = kmm_walk_pte((unsigned long)vmalloc_addr);
	if (!ptep)
		return NULL;
	pte = ptep_get(ptep);
	return pte_present(pte) ? pfn_to_page(pte_pfn(pte)) : NULL;
}

unsigned long vmalloc_to_pfn(const void *vmalloc_addr)
{
	return page_to_pfn(vmalloc_to_page(vmalloc_addr));
}

unsigned long vmalloc_nr_pages(void)
{
	return (unsigned long)atomic_long_read(&nr_vmalloc_pages);
}

/* ---- boot and halt ---- */

static int vmalloc_reserve(void)
{
	unsigned long size = vmalloc_reserve_bytes ? PAGE_ALIGN(vmalloc_reserve_bytes)
						   : VMALLOC_DEFAULT_SIZE;

	for (; size >= VMALLOC_MIN_SIZE; size >>= 1) {
		vmalloc_host_base = host_va_reserve(size);
		if (vmalloc_host_base)
			break;
		pr_warn("vmalloc: the host refused %lu MiB of address space; trying half\n",
			size >> 20);
	}
	if (!vmalloc_host_base)
		return -ENOMEM;
	vmalloc_host_size = size;
	return 0;
}

int vmalloc_init(void)
{
	struct vmap_area *va;
	int err = vmalloc_reserve();

	if (!err)
		err = pgtable_init();
	if (err)
		goto fail;
	((struct meta_hdr *)meta_boot_chunk)->size = sizeof(*va);
	((struct meta_hdr *)meta_boot_chunk)->magic = META_MAGIC_POOL;
	va = (struct vmap_area *)(meta_boot_chunk + META_HDR);
	kmm_vmalloc_start = (unsigned long)vmalloc_host_base;
	kmm_vmalloc_end = kmm_vmalloc_start + vmalloc_host_size;
	va->va_start = kmm_vmalloc_start;
	va->va_end = kmm_vmalloc_end;
	insert_vmap_area(va, &free_vmap_area_root, &free_vmap_area_list, true);
	pr_info("vmalloc: [mem %#lx-%#lx] %lu MiB\n", kmm_vmalloc_start, kmm_vmalloc_end - 1,
		vmalloc_host_size >> 20);
	return 0;
fail:
	pr_err("vmalloc: cannot set up the vmalloc area (%d)\n", err);
	vmalloc_reset();
	return err;
}

void vmalloc_reset(void)
{
	host_va_release(vmalloc_host_base, vmalloc_host_size);
	vmalloc_host_base = NULL;
	vmalloc_host_size = 0;
	kmm_vmalloc_start = kmm_vmalloc_end = 0;
	vmalloc_reserve_bytes = 0;
	free_vmap_area_root = vmap_area_root = purge_vmap_area_root = RB_ROOT;
	INIT_LIST_HEAD(&free_vmap_area_list);
	INIT_LIST_HEAD(&vmap_area_list);
	INIT_LIST_HEAD(&purge_vmap_area_list);
	atomic_long_set(&vmap_lazy_nr, 0);
	atomic_long_set(&nr_vmalloc_pages, 0);
	for (int i = 0; i <= VMAP_RECYCLE_PAGES; i++)
		INIT_LIST_HEAD(&vmap_recycle[i]);
	atomic_store(&vfree_deferred_head, NULL);
	meta_free_list = NULL;
	vmap_host = &default_host_ops;
	pgtable_reset();
}
