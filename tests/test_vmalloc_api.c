// SPDX-License-Identifier: MIT
/*
 * tests/test_vmalloc_api.c - the vmalloc API on a 256 MiB machine:
 * vmalloc and friends, aliasing with the direct map, scattered pages,
 * runs, the guard page, vmap, vm_map_ram, lookups, reports, failures.
 *
 * The vmalloc area after "a = vmalloc(3 pages)", "b = vmalloc(1 page)":
 *
 *   VMALLOC_START
 *   | a: 3 pages | guard | b | guard | free ...................... |
 *
 * Every test ends with vmap_area_is_valid() and the page allocator's
 * validators (bh_check()).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <kmm/vmstat.h>
#include <kmm/setup.h>

#include "helpers/buddy_harness.h"
#include "mm/vmalloc_internal.h"

static void boot(void)
{
	bh_boot(&bh_m256, NULL);
	kmm_dmesg_clear();
}

static void finish(void)
{
	cr_assert(vmap_area_is_valid(), "%s", bh_log());
	bh_check();
	bh_halt();
}

TestSuite(vmalloc_api, .init = boot, .fini = finish);

/* Adjacent backing pages of [addr, addr + nr pages) that are not pfn-consecutive. */
static unsigned int discontinuities(const void *addr, unsigned int nr)
{
	unsigned int n = 0;

	for (unsigned int i = 1; i < nr; i++)
		n += vmalloc_to_pfn((char *)addr + i * PAGE_SIZE) !=
		     vmalloc_to_pfn((char *)addr + (i - 1) * PAGE_SIZE) + 1;
	return n;
}

/* Every byte written at the vmalloc address is read back through the direct map. */
static void assert_aliases(unsigned char *p, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		memset(p + i * PAGE_SIZE, (int)(i * 7 + 1) & 0xff, PAGE_SIZE);
	for (unsigned int i = 0; i < nr; i++) {
		struct page *page = vmalloc_to_page(p + i * PAGE_SIZE);
		unsigned char *direct;

		cr_assert_not_null(page, "page %u", i);
		direct = page_address(page);
		cr_assert_eq(direct[0], (i * 7 + 1) & 0xff, "page %u", i);
		cr_assert_eq(direct[PAGE_SIZE - 1], (i * 7 + 1) & 0xff, "page %u", i);
		direct[100] = 0x5a;	/* and the other way round */
		cr_assert_eq(p[i * PAGE_SIZE + 100], 0x5a);
	}
}

Test(vmalloc_api, vmalloc_returns_area_inside_vmalloc_range)
{
	void *p = vmalloc(3 * PAGE_SIZE);
	struct vm_struct *vm;

	cr_assert_not_null(p);
	cr_assert(is_vmalloc_addr(p));
	cr_assert(PAGE_ALIGNED(p));
	cr_assert_geq((unsigned long)p, VMALLOC_START);
	cr_assert_leq((unsigned long)p + 3 * PAGE_SIZE, VMALLOC_END);
	vm = find_vm_area(p);
	cr_assert_not_null(vm);
	cr_assert_eq(vm->addr, p);
	cr_assert_eq(vm->size, 4 * PAGE_SIZE, "the guard page is counted");
	cr_assert_eq(get_vm_area_size(vm), 3 * PAGE_SIZE);
	cr_assert_eq(vm->nr_pages, 3);
	cr_assert(vm->flags & VM_ALLOC);
	cr_assert_eq(find_vm_area((char *)p + 2 * PAGE_SIZE + 5), vm);
	cr_assert_eq(vmalloc_nr_pages(), 3);
	vfree(p);
	cr_assert_eq(vmalloc_nr_pages(), 0);
	cr_assert_null(find_vm_area(p));
	cr_assert(!is_vmalloc_addr(page_address(pfn_to_page(1))));
}

Test(vmalloc_api, aliasing_through_the_direct_map)
{
	unsigned char *p = vmalloc(64 * PAGE_SIZE);

	cr_assert_not_null(p);
	assert_aliases(p, 64);
	vfree(p);
}

/*
 * Forced scattering. vmalloc takes blocks of up to 2 MiB when it can (one
 * host mapping per run), so to make it use scattered single pages:
 * every block of order >= 1 is taken (until the watermarks stop it),
 * then SCATTER_BLOCKS of the order-10 blocks taken are split and every
 * other page of them given back (isolated pages: their buddies are
 * held), which lifts the free count over the watermarks, and the blocks
 * the watermarks hid are taken too. What is left free is single pages.
 */
#define SCATTER_BLOCKS 4
static struct page *scatter_split[SCATTER_BLOCKS];
static struct bh_hold scatter_hold;

static void scatter_fill(void)
{
	for (unsigned int order = MAX_PAGE_ORDER; order >= 1; order--)
		bh_fill(&scatter_hold, GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY, order, 1000000);
}

static void scatter_begin(void)
{
	int n = 0;

	scatter_fill();
	for (size_t i = 0; i < scatter_hold.nr && n < SCATTER_BLOCKS;) {
		if (scatter_hold.b[i].order != MAX_PAGE_ORDER) {
			i++;
			continue;
		}
		scatter_split[n] = scatter_hold.b[i].page;
		split_page(scatter_split[n], MAX_PAGE_ORDER);
		for (unsigned int pg = 0; pg < (1U << MAX_PAGE_ORDER); pg += 2)
			__free_page(scatter_split[n] + pg);
		scatter_hold.b[i] = scatter_hold.b[--scatter_hold.nr];
		n++;
	}
	cr_assert_eq(n, SCATTER_BLOCKS);
	scatter_fill();
}

static void scatter_end(void)
{
	for (int n = 0; n < SCATTER_BLOCKS; n++)
		for (unsigned int pg = 1; pg < (1U << MAX_PAGE_ORDER); pg += 2)
			__free_page(scatter_split[n] + pg);
	bh_release(&scatter_hold);
}

Test(vmalloc_api, aliasing_with_scattered_pages)
{
	enum { N = 128 };
	unsigned char *p;

	scatter_begin();
	p = vmalloc(N * PAGE_SIZE);
	cr_assert_not_null(p);
	cr_assert_eq(discontinuities(p, N), N - 1,
		     "the backing pages are not physically contiguous: %u breaks",
		     discontinuities(p, N));
	assert_aliases(p, N);
	vfree(p);
	scatter_end();
}

Test(vmalloc_api, runs_are_common_on_an_unfragmented_machine)
{
	unsigned char *p = vmalloc(1UL << 20);

	cr_assert_not_null(p);
	cr_assert_leq(discontinuities(p, 256), 2, "%u breaks in 256 pages", discontinuities(p, 256));
	assert_aliases(p, 256);
	vfree(p);
}

Test(vmalloc_api, vmalloc_huge_maps_runs)
{
	unsigned char *p = vmalloc_huge(4UL << 20, GFP_KERNEL);
	struct vm_struct *vm;

	cr_assert_not_null(p);
	cr_assert_eq((unsigned long)p & (PMD_SIZE - 1), 0, "PMD-aligned");
	vm = find_vm_area(p);
	cr_assert_eq(vm->nr_pages, 1024);
	cr_assert_leq(discontinuities(p, 1024), 1, "two 2 MiB blocks at most");
	assert_aliases(p, 1024);
	vfree(p);
}

Test(vmalloc_api, vzalloc_and_friends_zero_and_flag)
{
	unsigned char *z = vzalloc(5 * PAGE_SIZE);
	unsigned char *u = vmalloc_user(PAGE_SIZE);
	unsigned char *d = vmalloc_32(8 * PAGE_SIZE);
	unsigned char *n = vzalloc_node(PAGE_SIZE, 0);
	unsigned char *m = vmalloc_node(PAGE_SIZE, 0);
	unsigned char *g = __vmalloc(2 * PAGE_SIZE, GFP_KERNEL | __GFP_ZERO);

	cr_assert(z && u && d && n && m && g);
	for (unsigned long i = 0; i < 5 * PAGE_SIZE; i++)
		cr_assert_eq(z[i], 0);
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		cr_assert_eq(u[i] | n[i], 0);
	cr_assert(find_vm_area(u)->flags & VM_USERMAP);
	for (int i = 0; i < 8; i++)
		cr_assert_lt(vmalloc_to_pfn(d + i * PAGE_SIZE), (4UL << 30) >> PAGE_SHIFT);
	cr_assert_eq(page_to_nid(vmalloc_to_page(m)), 0);
	cr_assert_eq(g[PAGE_SIZE + 17], 0);
	vfree(z); vfree(u); vfree(d); vfree(n); vfree(m); vfree(g);
}

Test(vmalloc_api, vmap_and_vunmap_caller_pages)
{
	struct page *pages[4];
	unsigned char *p;

	for (int i = 0; i < 4; i++)
		pages[3 - i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
	p = vmap(pages, 4, VM_MAP, PAGE_KERNEL);
	cr_assert_not_null(p);
	cr_assert(find_vm_area(p)->flags & VM_MAP);
	for (int i = 0; i < 4; i++) {
		cr_assert_eq(vmalloc_to_page(p + i * PAGE_SIZE), pages[i]);
		p[i * PAGE_SIZE] = (unsigned char)(i + 1);
		cr_assert_eq(((unsigned char *)page_address(pages[i]))[0], i + 1);
	}
	vunmap(p);
	cr_assert_null(find_vm_area(p));
	cr_assert_null(vmalloc_to_page(p));
	for (int i = 0; i < 4; i++)
		__free_page(pages[i]);
}

Test(vmalloc_api, vm_map_ram_and_unmap)
{
	struct page *pages[3];
	unsigned char *p;

	for (int i = 0; i < 3; i++)
		pages[i] = alloc_page(GFP_KERNEL);
	p = vm_map_ram(pages, 3, NUMA_NO_NODE);
	cr_assert_not_null(p);
	cr_assert_null(find_vm_area(p), "no vm_struct");
	cr_assert_eq(vmalloc_to_page(p + 2 * PAGE_SIZE), pages[2]);
	p[2 * PAGE_SIZE + 1] = 0x77;
	cr_assert_eq(((unsigned char *)page_address(pages[2]))[1], 0x77);
	vm_unmap_ram(p, 3);
	for (int i = 0; i < 3; i++)
		__free_page(pages[i]);
}

static void touch_guard(void)
{
	volatile unsigned char *p = vmalloc(2 * PAGE_SIZE);

	signal(SIGSEGV, SIG_DFL);	/* not ASan's handler: die of the signal */
	p[2 * PAGE_SIZE - 1] = 1;	/* the last byte is fine */
	p[2 * PAGE_SIZE] = 1;		/* the guard page faults */
	_exit(0);
}

Test(vmalloc_api, guard_page_faults_in_a_child)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		touch_guard();
	cr_assert_gt(pid, 0);
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
		  "status %#x: expected SIGSEGV", status);
}

Test(vmalloc_api, guard_page_faults_after_reuse_of_a_freed_area)
{
	void *big = vmalloc(8 * PAGE_SIZE);
	int status;
	pid_t pid;

	memset(big, 1, 8 * PAGE_SIZE);
	vfree(big);
	vm_unmap_aliases();	/* purge: the range is free and PROT_NONE again */
	pid = fork();
	if (pid == 0)
		touch_guard();
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
}

static void touch_recycled_guard(void)
{
	volatile unsigned char *p = vmalloc(3 * PAGE_SIZE);

	vfree((void *)p);
	p = vmalloc(3 * PAGE_SIZE);	/* the same area, taken back whole */
	signal(SIGSEGV, SIG_DFL);
	p[3 * PAGE_SIZE - 1] = 1;
	p[3 * PAGE_SIZE] = 1;		/* its guard page still faults */
	_exit(0);
}

Test(vmalloc_api, lazy_areas_of_the_same_size_are_recycled)
{
	unsigned char *p = vmalloc(3 * PAGE_SIZE), *q, *r;
	int status;
	pid_t pid;

	memset(p, 1, 3 * PAGE_SIZE);
	vfree(p);
	r = vmalloc(2 * PAGE_SIZE);
	cr_assert_neq(r, p, "another size does not take it");
	q = vmalloc(3 * PAGE_SIZE);
	cr_assert_eq(q, p, "the lazy area is taken back");
	cr_assert_eq(vmap_lazy_nr_pages(), 0);
	assert_aliases(q, 3);
	cr_assert(vmap_area_is_valid());
	vfree(q);
	vfree(r);
	pid = fork();
	if (pid == 0)
		touch_recycled_guard();
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "status %#x", status);
}

Test(vmalloc_api, no_guard_areas_are_adjacent)
{
	void *a = __vmalloc_node_range(PAGE_SIZE, PAGE_SIZE, VMALLOC_START, VMALLOC_END,
				       GFP_KERNEL, PAGE_KERNEL, VM_NO_GUARD, NUMA_NO_NODE, NULL);
	void *b = __vmalloc_node_range(PAGE_SIZE, PAGE_SIZE, VMALLOC_START, VMALLOC_END,
				       GFP_KERNEL, PAGE_KERNEL, VM_NO_GUARD, NUMA_NO_NODE, NULL);

	cr_assert(a && b);
	cr_assert_eq((char *)b, (char *)a + PAGE_SIZE);
	vfree(a);
	vfree(b);
}

Test(vmalloc_api, alignment_is_honoured)
{
	void *p[6];

	for (int i = 0; i < 6; i++) {
		unsigned long align = PAGE_SIZE << (2 * i);

		p[i] = __vmalloc_node(PAGE_SIZE, align, GFP_KERNEL, NUMA_NO_NODE, NULL);
		cr_assert_not_null(p[i]);
		cr_assert_eq((unsigned long)p[i] & (align - 1), 0, "align %#lx", align);
		cr_assert(vmap_area_is_valid());
	}
	for (int i = 0; i < 6; i++)
		vfree(p[i]);
}

Test(vmalloc_api, lazy_free_then_purge_in_a_batch)
{
	void *p = vmalloc(16 * PAGE_SIZE);
	void *q = vmalloc(16 * PAGE_SIZE);

	vfree(p);
	vfree(q);
	cr_assert_eq(vmap_lazy_nr_pages(), 34, "two areas with their guard pages wait");
	cr_assert(vmap_area_is_valid());
	vm_unmap_aliases();
	cr_assert_eq(vmap_lazy_nr_pages(), 0);
	cr_assert_eq(vmalloc_largest_free(), VMALLOC_END - VMALLOC_START);
	cr_assert_eq(lazy_max_pages() % (32UL << 20 >> PAGE_SHIFT), 0);
}

Test(vmalloc_api, lazy_threshold_triggers_a_purge)
{
	unsigned long max = lazy_max_pages();
	unsigned long freed = 0;

	while (freed <= max) {
		void *p = vmalloc(255 * PAGE_SIZE);

		cr_assert_not_null(p);
		vfree(p);
		freed += 256;
		cr_assert_leq(vmap_lazy_nr_pages(), max);
	}
}

Test(vmalloc_api, page_tables_are_counted_in_meminfo)
{
	char buf[8192];
	unsigned long before = pgtable_nr_pages();
	void *p;

	cr_assert_eq(before, 0, "booting allocates no table: the PGD comes with the first mapping");
	p = vmalloc(2 * PAGE_SIZE);
	cr_assert_geq(pgtable_nr_pages(), before);
	cr_assert_geq(pgtable_nr_pages(), 4, "PGD, PUD, PMD, PTE tables");
	kmm_report_meminfo(buf, sizeof(buf));
	char want[64];

	snprintf(want, sizeof(want), "PageTables:     %8lu kB", pgtable_nr_pages() * 4);
	cr_assert(strstr(buf, want), "%s\nwanted %s", buf, want);
	snprintf(want, sizeof(want), "VmallocTotal:   %8lu kB", (VMALLOC_END - VMALLOC_START) >> 10);
	cr_assert(strstr(buf, want), "%s", buf);
	cr_assert(strstr(buf, "VmallocUsed:           8 kB"), "%s", buf);
	cr_assert(strstr(buf, "VmallocChunk:          0 kB"), "%s", buf);
	vfree(p);
}

Test(vmalloc_api, vmallocinfo_lines)
{
	char buf[4096], want[256];
	void *p = vmalloc(3 * PAGE_SIZE);
	struct page *pg = alloc_page(GFP_KERNEL);
	void *r = vm_map_ram(&pg, 1, NUMA_NO_NODE);
	void *q = vmalloc(PAGE_SIZE);

	vfree(q);
	kmm_report_vmallocinfo(buf, sizeof(buf));
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx   16384 ", (unsigned long)p,
		 (unsigned long)p + 4 * PAGE_SIZE);
	cr_assert(strstr(buf, want), "%s\nwanted %s", buf, want);
	cr_assert(bh_matches(strtok(buf, "\n"),
			     "0x[0-9a-f]{16}-0x[0-9a-f]{16}   16384 "
			     "vmalloc_api_vmallocinfo_lines_impl\\+0x[0-9a-f]+(/0x[0-9a-f]+)? "
			     "pages=3 vmalloc N0=3"), "line: %s", buf);
	kmm_report_vmallocinfo(buf, sizeof(buf));
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx    4096 vm_map_ram\n",
		 (unsigned long)r, (unsigned long)r + PAGE_SIZE);
	cr_assert(strstr(buf, want), "%s\nwanted %s", buf, want);
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx    8192 unpurged vm_area\n",
		 (unsigned long)q, (unsigned long)q + 2 * PAGE_SIZE);
	cr_assert(strstr(buf, want), "%s\nwanted %s", buf, want);
	kmm_report_vmallocinfo_json(buf, sizeof(buf));
	cr_assert(strstr(buf, "\"pages\":3,\"type\":\"vmalloc\""), "%s", buf);
	cr_assert(strstr(buf, "\"type\":\"vm_map_ram\""), "%s", buf);
	cr_assert(strstr(buf, "\"type\":\"unpurged\""), "%s", buf);
	vm_unmap_ram(r, 1);
	__free_page(pg);
	vfree(p);
}

Test(vmalloc_api, vmalloc_in_atomic_context_reports_sleeping_function)
{
	unsigned long before = kmm_might_sleep_reports();
	void *p;

	preempt_disable();
	p = vmalloc(PAGE_SIZE);
	preempt_enable();
	cr_assert_gt(kmm_might_sleep_reports(), before);
	cr_assert(bh_log_has("BUG: sleeping function called from invalid context at "),
		  "%s", bh_log());
	vfree(p);
}

Test(vmalloc_api, vfree_in_interrupt_is_deferred)
{
	void *p = vmalloc(2 * PAGE_SIZE), *q = vmalloc(PAGE_SIZE);

	kmm_irq_enter();
	vfree(p);
	vfree_atomic(q);
	kmm_irq_exit();
	cr_assert_not_null(find_vm_area(p), "still busy until drained");
	cr_assert_eq(vmalloc_nr_pages(), 3);
	vfree(NULL);	/* process context: drains */
	cr_assert_null(find_vm_area(p));
	cr_assert_null(find_vm_area(q));
	cr_assert_eq(vmalloc_nr_pages(), 0);
}

/* ---- host failures ---- */

static int fail_after;
static int failing_map(void *va, phys_addr_t pa, size_t len)
{
	if (fail_after-- <= 0)
		return -ENOMEM;
	return kmm_physmem_alias(va, pa, len);
}

static int default_unmap(void *va, size_t len);
static const struct vmap_host_ops failing_ops = { .map = failing_map, .unmap = default_unmap };

#include "host/host.h"
static int default_unmap(void *va, size_t len)
{
	return host_va_unalias(va, len);
}

Test(vmalloc_api, host_refusal_fails_cleanly_with_a_warning)
{
	enum { N = 64 };
	unsigned long free_before;
	void *p;

	vfree(vmalloc(N * PAGE_SIZE));	/* page tables and metadata exist now */
	vm_unmap_aliases();
	scatter_begin();
	free_before = bh_free_total();
	fail_after = 10;	/* the 11th run: as vm.max_map_count would */
	vmalloc_set_host_ops(&failing_ops);
	p = vmalloc(N * PAGE_SIZE);
	vmalloc_set_host_ops(NULL);
	cr_assert_null(p);
	cr_assert(bh_log_has("vmalloc error: size 262144, failed to map pages, mode:0xcc0(GFP_KERNEL)"),
		  "%s", bh_log());
	cr_assert_eq(vmalloc_nr_pages(), 0);
	cr_assert(vmap_area_is_valid());
	vm_unmap_aliases();
	cr_assert_eq(bh_free_total(), free_before, "every page came back");
	cr_assert_eq(vmalloc_largest_free(), VMALLOC_END - VMALLOC_START);
	p = vmalloc(N * PAGE_SIZE);
	cr_assert_not_null(p, "and the next vmalloc works");
	vfree(p);
	scatter_end();
}

Test(vmalloc_api, exhausted_area_warns_vmap_allocation)
{
	void *p, *q;

	bh_halt();
	bh_boot(&bh_m256, "vmalloc=64M");
	cr_assert_eq(VMALLOC_END - VMALLOC_START, 64UL << 20);
	p = vmalloc(40UL << 20);
	cr_assert_not_null(p);
	kmm_dmesg_clear();
	q = vmalloc(40UL << 20);
	cr_assert_null(q);
	cr_assert(bh_log_has("vmap allocation for size 41947136 failed: use vmalloc=<size> to increase size"),
		  "%s", bh_log());
	cr_assert(bh_log_has("vmalloc error: size 41943040, vm_struct allocation failed, mode:0xcc0(GFP_KERNEL)"),
		  "%s", bh_log());
	cr_assert(vmap_area_is_valid());
	vfree(p);
	q = vmalloc(40UL << 20);
	cr_assert_not_null(q, "after the lazy purge there is room again");
	vfree(q);
}
