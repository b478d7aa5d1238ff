// SPDX-License-Identifier: MIT
/*
 * tests/test_vmalloc_stress.c - two threads against vmalloc.
 *
 * Each thread vmallocs areas of mixed sizes (1..64 pages, now and then
 * vmalloc_huge of 2 MiB or a vzalloc), writes a pattern through the
 * vmalloc address and checks it through the direct map of each backing
 * page (vmalloc_to_page), then either frees the area itself, hands it to
 * the other thread through a mailbox (which checks and vfrees it), frees
 * it "in interrupt context" (deferred), or vmaps its pages a second time
 * and compares the two views. One thread now and then prints
 * /proc/vmallocinfo while the other allocates. Frees cross the lazy
 * threshold many times, so purges run concurrently with allocations.
 * At the end every area is freed, vm_unmap_aliases() purges, and the
 * trees and the page allocator validate.
 *
 * `make tsan` builds this file under ThreadSanitizer with the Criterion
 * stand-in of tests/shim (Test() and cr_assert* only): no harness here.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kmm/kmm.h>
#include <kmm/vmstat.h>
#include "mm/vmalloc_internal.h"

#ifdef __SANITIZE_THREAD__
#define OPS_PER_THREAD	3000
#elif defined(KMM_SANITIZED)
#define OPS_PER_THREAD	5000
#else
#define OPS_PER_THREAD	10000
#endif
#define HOLD_MAX	32
#define MAILBOX		64

static _Atomic(unsigned char *) mailbox[MAILBOX];

struct worker {
	unsigned long long rng;
	int id;
	unsigned long checked;
};

static void quiet(const char *text, size_t len)
{
	(void)text;
	(void)len;
}

static unsigned long rnd(struct worker *w)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return (unsigned long)w->rng;
}

/* The pattern of page @i of area @p: the area's address and the index. */
static unsigned char pattern(const unsigned char *p, unsigned long i)
{
	return (unsigned char)(((uintptr_t)p >> 12) * 31 + i * 7 + 1);
}

static void fill(unsigned char *p)
{
	unsigned long size = get_vm_area_size(find_vm_area(p));

	for (unsigned long i = 0; i < size >> PAGE_SHIFT; i++) {
		p[i * PAGE_SIZE] = pattern(p, i);
		p[i * PAGE_SIZE + PAGE_SIZE - 1] = pattern(p, i);
	}
}

/* Check through the direct map; Return: pages checked. */
static unsigned long check(unsigned char *p)
{
	struct vm_struct *vm = find_vm_area(p);
	unsigned long n;

	cr_assert_not_null(vm);
	n = get_vm_area_size(vm) >> PAGE_SHIFT;
	for (unsigned long i = 0; i < n; i++) {
		unsigned char *direct = page_address(vmalloc_to_page(p + i * PAGE_SIZE));

		cr_assert_eq(direct[0], pattern(p, i), "area %p page %lu", (void *)p, i);
		cr_assert_eq(direct[PAGE_SIZE - 1], pattern(p, i));
	}
	return n;
}

static unsigned char *alloc_one(struct worker *w)
{
	unsigned long r = rnd(w) % 100;

	if (r < 2)
		return vmalloc_huge(2UL << 20, GFP_KERNEL);
	if (r < 10)
		return vzalloc((rnd(w) % 64 + 1) * PAGE_SIZE);
	return vmalloc((rnd(w) % 64 + 1) * PAGE_SIZE);
}

/* A second view through vmap of the same pages shows the same bytes. */
static void vmap_view(unsigned char *p)
{
	struct vm_struct *vm = find_vm_area(p);
	unsigned int n = vm->nr_pages < 8 ? vm->nr_pages : 8;
	unsigned char *q = vmap(vm->pages, n, VM_MAP, PAGE_KERNEL);

	cr_assert_not_null(q);
	for (unsigned int i = 0; i < n; i++)
		cr_assert_eq(q[i * PAGE_SIZE], pattern(p, i));
	vunmap(q);
}

static void dispose(struct worker *w, unsigned char *p)
{
	unsigned long r = rnd(w) % 10;
	unsigned char *old;

	w->checked += check(p);
	if (r < 3) {
		old = atomic_exchange(&mailbox[rnd(w) % MAILBOX], p);
		if (!old)
			return;
		w->checked += check(old);	/* the other thread's area */
		p = old;
	} else if (r == 3) {
		vmap_view(p);
	} else if (r == 4) {
		kmm_irq_enter();
		vfree(p);		/* deferred */
		kmm_irq_exit();
		return;
	}
	vfree(p);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	unsigned char *hold[HOLD_MAX] = { 0 };
	char *report = malloc(1 << 20);

	for (int op = 0; op < OPS_PER_THREAD; op++) {
		int slot = (int)(rnd(w) % HOLD_MAX);

		if (hold[slot]) {
			dispose(w, hold[slot]);
			hold[slot] = NULL;
		} else {
			hold[slot] = alloc_one(w);
			cr_assert_not_null(hold[slot]);
			fill(hold[slot]);
		}
		if (w->id == 0 && op % 500 == 0)
			kmm_report_vmallocinfo(report, 1 << 20);
	}
	for (int i = 0; i < HOLD_MAX; i++)
		if (hold[i])
			dispose(w, hold[i]);
	free(report);
	return NULL;
}

static void run(int nr_cpus)
{
	struct kmm_config cfg = { .ram_bytes = 512ULL << 20, .nr_cpus = nr_cpus };
	struct worker w[2] = { { .rng = 88172645463325252ULL, .id = 0 },
			       { .rng = 0x2545F4914F6CDD1DULL, .id = 1 } };
	pthread_t t[2];

	kmm_set_console(quiet);
	cr_assert_eq(kmm_boot(&cfg, NULL), 0, "%s", kmm_dmesg());
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, work, &w[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < MAILBOX; i++) {
		unsigned char *p = atomic_exchange(&mailbox[i], NULL);

		if (p) {
			check(p);
			vfree(p);
		}
	}
	vfree(NULL);		/* drain deferred frees */
	vm_unmap_aliases();
	cr_assert_eq(vmalloc_nr_pages(), 0);
	cr_assert_eq(vmap_lazy_nr_pages(), 0);
	cr_assert(vmap_area_is_valid(), "%s", kmm_dmesg());
	cr_assert_eq(vmalloc_largest_free(), VMALLOC_END - VMALLOC_START);
	cr_assert(kmm_check_invariants(), "%s", kmm_dmesg());
	cr_assert_gt(w[0].checked + w[1].checked, 0);
	kmm_halt();
}

Test(vmalloc_stress, two_threads_two_cpus, .timeout = 600)
{
	run(2);
}

Test(vmalloc_stress, two_threads_share_one_cpu, .timeout = 600)
{
	run(1);
}
