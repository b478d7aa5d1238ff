// SPDX-License-Identifier: MIT
/*
 * src/mm/vmalloc_info.c - what is known about the vmalloc area from
 * outside: /proc/vmallocinfo (mm/vmalloc.c's vmalloc_info_show() in 6.12)
 * as text and JSON, and the validator of vmalloc's trees.
 *
 * 1. vmallocinfo. One line per busy area, in address order, under
 *    vmap_area_lock:
 *      "0x%pK-0x%pK %7ld" start, end (guard page included), size, then
 *      " %pS" caller, " pages=%d", " phys=%pa" (ioremap), the type words
 *      " ioremap" " sparse" " vmalloc" " vmap" " user" " dma-coherent",
 *      " vpages" when the page array is itself vmalloc'ed (never in kmm),
 *      and " N%u=%u" pages per node (CONFIG_NUMA), then a newline.
 *    vm_map_ram areas print "0x%pK-0x%pK %7ld vm_map_ram"; areas still
 *    VM_UNINITIALIZED are skipped; then, under purge_vmap_area_lock, each
 *    lazily freed (merged) range: "0x%pK-0x%pK %7ld unpurged vm_area".
 *    kmm prints %pK as the address itself (kptr_restrict=0 as root).
 *
 * 2. JSON: the schema in kmm/vmalloc.h, from the same walk. The caller
 *    names come from the symboliser and are JSON-safe (no quotes).
 *
 * 3. The validator, vmap_area_is_valid(), checks under all three locks
 *    (free, busy, purge; vmap_purge_lock is not needed: a purge moves an
 *    area from the lazy list to the free tree, and the check holds
 *    both): each tree in order without overlap and its list in the same
 *    order; each free node's subtree_max_size is the max of its size and
 *    its children's; no two free areas touch (they would have merged);
 *    the free, busy and lazy areas tile [VMALLOC_START, VMALLOC_END).
 *    The red-black colouring is checked too (no red node with a red
 *    child, equal black heights).
 */
#include <stdarg.h>

#include <kmm/mm.h>
#include <kmm/printk.h>
#include <kmm/vmalloc.h>
#include "../lib/string.h"
#include "report.h"
#include "internal.h"
#include "vmalloc_internal.h"

/* struct report, report_init() and rp(): report.h. */

/* Pages of @v per node; Return: how many nodes have some. */
static void count_nodes(const struct vm_struct *v, unsigned int *counters)
{
	memset(counters, 0, sizeof(unsigned int) * MAX_NUMNODES);
	for (unsigned int i = 0; v->pages && i < v->nr_pages; i++)
		counters[page_to_nid(v->pages[i])]++;
}

/* The type words of one line, in 6.12's order. */
static void vmallocinfo_flags(struct report *r, const struct vm_struct *v)
{
	static const struct { unsigned long flag; const char *word; } words[] = {
		{ VM_IOREMAP, " ioremap" }, { VM_SPARSE, " sparse" }, { VM_ALLOC, " vmalloc" },
		{ VM_MAP, " vmap" }, { VM_USERMAP, " user" }, { VM_DMA_COHERENT, " dma-coherent" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (v->flags & words[i].flag)
			rp(r, "%s", words[i].word);
	if (is_vmalloc_addr(v->pages))
		rp(r, " vpages");
}

static void vmallocinfo_line(struct report *r, const struct vm_struct *v)
{
	unsigned int counters[MAX_NUMNODES];

	rp(r, "0x%pK-0x%pK %7ld", v->addr, (char *)v->addr + v->size, (long)v->size);
	if (v->caller)
		rp(r, " %pS", v->caller);
	if (v->nr_pages)
		rp(r, " pages=%d", (int)v->nr_pages);
	if (v->phys_addr)
		rp(r, " phys=%pa", &v->phys_addr);
	vmallocinfo_flags(r, v);
	count_nodes(v, counters);
	for (int nid = 0; nid < nr_online_nodes; nid++)
		if (counters[nid])
			rp(r, " N%d=%u", nid, counters[nid]);
	rp(r, "\n");
}

size_t kmm_report_vmallocinfo(char *buf, size_t size)
{
	struct vmap_area *va;
	struct report r;

	report_init(&r, buf, size);
	spin_lock(&vmap_area_lock);
	list_for_each_entry(va, &vmap_area_list, list) {
		if (!va->vm) {
			if (va->flags & VMAP_RAM)
				rp(&r, "0x%pK-0x%pK %7ld vm_map_ram\n", (void *)va->va_start,
				   (void *)va->va_end, (long)va_size(va));
			continue;
		}
		if (!(va->vm->flags & VM_UNINITIALIZED))
			vmallocinfo_line(&r, va->vm);
	}
	spin_unlock(&vmap_area_lock);
	spin_lock(&purge_vmap_area_lock);
	list_for_each_entry(va, &purge_vmap_area_list, list)
		rp(&r, "0x%pK-0x%pK %7ld unpurged vm_area\n", (void *)va->va_start,
		   (void *)va->va_end, (long)va_size(va));
	spin_unlock(&purge_vmap_area_lock);
	return r.len;
}

static const char *vm_type(const struct vm_struct *v)
{
	if (v->flags & VM_ALLOC)
		return "vmalloc";
	if (v->flags & VM_MAP)
		return "vmap";
	if (v->flags & VM_IOREMAP)
		return "ioremap";
	return "other";
}

static void json_area(struct report *r, const struct vm_struct *v, bool *first)
{
	unsigned int counters[MAX_NUMNODES];
	char caller[128] = "";
	bool nfirst = true;

	if (v->caller)
		snprintf(caller, sizeof(caller), "%pS", v->caller);
	rp(r, "%s{\"start\":%lu,\"end\":%lu,\"size\":%lu,\"caller\":\"%s\",\"pages\":%u,"
	   "\"type\":\"%s\",\"user\":%s,\"vpages\":%s,\"nodes\":{", *first ? "" : ",",
	   (unsigned long)v->addr, (unsigned long)v->addr + v->size, v->size, caller,
	   v->nr_pages, vm_type(v), v->flags & VM_USERMAP ? "true" : "false",
	   is_vmalloc_addr(v->pages) ? "true" : "false");
	*first = false;
	count_nodes(v, counters);
	for (int nid = 0; nid < nr_online_nodes; nid++) {
		if (!counters[nid])
			continue;
		rp(r, "%s\"N%d\":%u", nfirst ? "" : ",", nid, counters[nid]);
		nfirst = false;
	}
	rp(r, "}}");
}

static void json_bare(struct report *r, const struct vmap_area *va, const char *type,
		      bool *first)
{
	rp(r, "%s{\"start\":%lu,\"end\":%lu,\"size\":%lu,\"caller\":\"\",\"pages\":0,"
	   "\"type\":\"%s\",\"user\":false,\"vpages\":false,\"nodes\":{}}", *first ? "" : ",",
	   va->va_start, va->va_end, va_size(va), type);
	*first = false;
}

size_t kmm_report_vmallocinfo_json(char *buf, size_t size)
{
	struct vmap_area *va;
	bool first = true;
	struct report r;

	report_init(&r, buf, size);
	rp(&r, "{\"vmalloc_start\":%lu,\"vmalloc_end\":%lu,\"largest_free\":%lu,"
	   "\"lazy_pages\":%lu,\"areas\":[", VMALLOC_START, VMALLOC_END,
	   vmalloc_largest_free(), vmap_lazy_nr_pages());
	spin_lock(&vmap_area_lock);
	list_for_each_entry(va, &vmap_area_list, list) {
		if (!va->vm && (va->flags & VMAP_RAM))
			json_bare(&r, va, "vm_map_ram", &first);
		else if (va->vm && !(va->vm->flags & VM_UNINITIALIZED))
			json_area(&r, va->vm, &first);
	}
	spin_unlock(&vmap_area_lock);
	spin_lock(&purge_vmap_area_lock);
	list_for_each_entry(va, &purge_vmap_area_list, list)
		json_bare(&r, va, "unpurged", &first);
	spin_unlock(&purge_vmap_area_lock);
	rp(&r, "]}\n");
	return r.len;
}

unsigned long vmalloc_largest_free(void)
{
	unsigned long max = 0;
	struct rb_node *root;

	spin_lock(&free_vmap_area_lock);
	root = free_vmap_area_root.rb_node;
	if (root)
		max = rb_entry(root, struct vmap_area, rb_node)->subtree_max_size;
	spin_unlock(&free_vmap_area_lock);
	return max;
}

/* ---- 3. The validator ---- */

#define va_fail(...) ({ pr_err("vmap_area_is_valid: " __VA_ARGS__); false; })

/* Black height of @n's subtree, or -1 if the colouring is wrong somewhere. */
static int rb_black_height(const struct rb_node *n)
{
	int l, r;

	if (!n)
		return 1;
	if (rb_is_red(n) && ((n->rb_left && rb_is_red(n->rb_left)) ||
			     (n->rb_right && rb_is_red(n->rb_right))))
		return -1;
	if ((n->rb_left && rb_parent(n->rb_left) != n) ||
	    (n->rb_right && rb_parent(n->rb_right) != n))
		return -1;
	l = rb_black_height(n->rb_left);
	r = rb_black_height(n->rb_right);
	if (l < 0 || l != r)
		return -1;
	return l + (rb_is_black(n) ? 1 : 0);
}

/* The max that @n's subtree_max_size must hold; -1 (as ULONG_MAX) on a mismatch below. */
static unsigned long check_augment(const struct rb_node *n, bool *ok)
{
	const struct vmap_area *va;
	unsigned long max, c;

	if (!n)
		return 0;
	va = rb_entry(n, struct vmap_area, rb_node);
	max = va_size(va);
	c = check_augment(n->rb_left, ok);
	max = c > max ? c : max;
	c = check_augment(n->rb_right, ok);
	max = c > max ? c : max;
	if (va->subtree_max_size != max) {
		pr_err("vmap_area_is_valid: free 0x%lx-0x%lx subtree_max_size %lu, want %lu\n",
		       va->va_start, va->va_end, va->subtree_max_size, max);
		*ok = false;
	}
	return max;
}

/* @root and @head list the same areas in the same (increasing) order. */
static bool tree_matches_list(struct rb_root *root, struct list_head *head, const char *name,
			      bool free_tree)
{
	struct rb_node *n = rb_first(root);
	struct vmap_area *va, *prev = NULL;

	if (root->rb_node && (rb_is_red(root->rb_node) || rb_black_height(root->rb_node) < 0))
		return va_fail("%s tree: bad colouring or parent links\n", name);
	list_for_each_entry(va, head, list) {
		if (!n || rb_entry(n, struct vmap_area, rb_node) != va)
			return va_fail("%s list and tree differ at 0x%lx\n", name, va->va_start);
		if (va->va_start >= va->va_end || (va->va_start | va->va_end) & ~PAGE_MASK)
			return va_fail("%s area 0x%lx-0x%lx is empty or unaligned\n", name,
				       va->va_start, va->va_end);
		if (prev && prev->va_end > va->va_start)
			return va_fail("%s areas overlap at 0x%lx\n", name, va->va_start);
		if (free_tree && prev && prev->va_end == va->va_start)
			return va_fail("free areas 0x%lx-0x%lx and 0x%lx-0x%lx not merged\n",
				       prev->va_start, prev->va_end, va->va_start, va->va_end);
		prev = va;
		n = rb_next(n);
	}
	if (n)
		return va_fail("%s tree has more areas than its list\n", name);
	return true;
}

/* The three lists, merged by address, tile the area. */
static bool areas_tile(void)
{
	struct list_head *heads[3] = { &free_vmap_area_list, &vmap_area_list,
				       &purge_vmap_area_list };
	struct list_head *pos[3];
	unsigned long addr = VMALLOC_START;

	for (int i = 0; i < 3; i++)
		pos[i] = heads[i]->next;
	while (addr < VMALLOC_END) {
		int hit = -1;

		for (int i = 0; i < 3; i++)
			if (pos[i] != heads[i] &&
			    list_entry(pos[i], struct vmap_area, list)->va_start == addr)
				hit = i;
		if (hit < 0)
			return va_fail("no area starts at 0x%lx\n", addr);
		addr = list_entry(pos[hit], struct vmap_area, list)->va_end;
		pos[hit] = pos[hit]->next;
	}
	for (int i = 0; i < 3; i++)
		if (pos[i] != heads[i])
			return va_fail("areas beyond VMALLOC_END\n");
	return addr == VMALLOC_END;
}

bool vmap_area_is_valid(void)
{
	bool ok = true;

	spin_lock(&free_vmap_area_lock);
	spin_lock(&vmap_area_lock);
	spin_lock(&purge_vmap_area_lock);
	ok = tree_matches_list(&free_vmap_area_root, &free_vmap_area_list, "free", true) &&
	     tree_matches_list(&vmap_area_root, &vmap_area_list, "busy", false) &&
	     tree_matches_list(&purge_vmap_area_root, &purge_vmap_area_list, "lazy", false);
	if (ok)
		check_augment(free_vmap_area_root.rb_node, &ok);
	if (ok && VMALLOC_START)
		ok = areas_tile();
	spin_unlock(&purge_vmap_area_lock);
	spin_unlock(&vmap_area_lock);
	spin_unlock(&free_vmap_area_lock);
	return ok;
}
