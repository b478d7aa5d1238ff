// SPDX-License-Identifier: MIT
/*
 * tools/kmm/cmd_demo.c - `kmm` with no arguments (and `make demo`): boot
 * machines and show each layer of the stack at work, up to a mempool
 * keeping a driver's requests going while a hog holds all memory. Every
 * number printed comes from the running machine.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kmm_tool.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void heading(const char *title)
{
	printf("\n=== %s ===\n", title);
}

static int demo_boot_log(void)
{
	struct kmm_config cfg = { .ram_bytes = 4ULL << 30, .nr_cpus = 2 };
	double t0 = now_ms();
	int err = kmm_boot(&cfg, "pf_buf_len=256M@0");

	if (err) {
		fputs(kmm_dmesg(), stderr);
		return err;
	}
	heading("1. Boot a 4 GiB PC (kmm_boot(&cfg, \"pf_buf_len=256M@0\"))");
	printf("booted in %.2f ms; the boot log, as dmesg prints it:\n\n", now_ms() - t0);
	fputs(kmm_dmesg(), stdout);
	return 0;
}

static void demo_pf_buf(void)
{
	unsigned char *buf = __va(pf_buf_addr);
	unsigned long long bad = 0;

	heading("2. The seed use case: a 256 MiB physically contiguous buffer");
	printf("pf_buf_addr = %#llx, pf_buf_len = %llu MiB, virtual %p\n",
	       (unsigned long long)pf_buf_addr, pf_buf_len >> 20, (void *)buf);
	for (unsigned long long off = 0; off < pf_buf_len; off += 4096)
		buf[off] = (unsigned char)(off >> 12);
	for (unsigned long long off = 0; off < pf_buf_len; off += 4096)
		bad += buf[off] != (unsigned char)(off >> 12);
	printf("wrote and read back one byte in each of its %llu pages: %llu mismatches\n",
	       pf_buf_len >> 12, bad);
	printf("memblock.reserved holds it: memblock_is_region_reserved() = %d\n",
	       memblock_is_region_reserved(pf_buf_addr, pf_buf_len));
}

static void demo_memblock(void)
{
	phys_addr_t a, b;

	heading("3. memblock, the early allocator");
	printf("memory: %lu regions, %llu MiB; reserved: %lu regions, %llu KiB\n",
	       memblock.memory.cnt, (unsigned long long)memblock_phys_mem_size() >> 20,
	       memblock.reserved.cnt, (unsigned long long)memblock_reserved_size() >> 10);
	a = memblock_phys_alloc(1 << 20, 1 << 20);
	memblock_set_bottom_up(true);
	b = memblock_phys_alloc(1 << 20, 1 << 20);
	memblock_set_bottom_up(false);
	printf("memblock_phys_alloc(1M) top-down  -> %#llx\n", (unsigned long long)a);
	printf("memblock_phys_alloc(1M) bottom-up -> %#llx\n", (unsigned long long)b);
	memblock_phys_free(a, 1 << 20);
	memblock_phys_free(b, 1 << 20);
	kmm_dmesg_clear();
	__memblock_dump_all();
	fputs(kmm_dmesg(), stdout);
	kmm_halt();
}

static int demo_numa(void)
{
	struct kmm_config cfg = { .ram_bytes = 64ULL << 30, .nr_nodes = 4 };
	double t0 = now_ms();
	int err = kmm_boot(&cfg, "pf_buf_len=8G@2");
	const char *p;

	if (err)
		return err;
	heading("4. A 64 GiB machine with 4 NUMA nodes (numa=fake=4)");
	printf("booted in %.2f ms; its node lines:\n", now_ms() - t0);
	for (p = kmm_dmesg(); p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		const char *e = strchr(p, '\n');
		int n = e ? (int)(e - p) : (int)strlen(p);

		if (memmem(p, n, "node", 4) || memmem(p, n, "pf_buf", 6) || memmem(p, n, "Memory:", 7))
			printf("%.*s\n", n, p);
	}
	kmm_halt();
	return 0;
}

/* Free blocks per order of every populated zone: /proc/buddyinfo (vmstat.c). */
static void print_buddyinfo(void)
{
	char text[4096];

	kmm_report_buddyinfo(text, sizeof(text));
	fputs(text, stdout);
}

static void print_log_lines(const char *log, const char *const *prefixes, int max)
{
	for (const char *p = log; p && *p && max > 0; ) {
		const char *e = strchr(p, '\n');
		int n = e ? (int)(e - p) : (int)strlen(p);
		const char *text = memchr(p, ']', n) ? (const char *)memchr(p, ']', n) + 2 : p;

		for (int i = 0; prefixes[i]; i++)
			if (!strncmp(text, prefixes[i], strlen(prefixes[i]))) {
				printf("  %.*s\n", (int)(n - (text - p)), text);
				max--;
				break;
			}
		p = e ? e + 1 : NULL;
	}
}

static int demo_page_allocator(void)
{
	static const char *const boot_lines[] = { "On node", "Fallback order", "Built ",
						  "Policy zone", "Memory:", NULL };
	static const char *const report_lines[] = { "BUG: Bad page", "page: ", "flags: ",
						    "page dumped because", "kmm: page allocation",
						    "WARNING:", NULL };
	struct kmm_config cfg = { .ram_bytes = 1ULL << 30, .nr_cpus = 2 };
	struct page *blocks[NR_PAGE_ORDERS][3];
	struct page *dma, *p;
	double t0 = now_ms(), t1;

	if (kmm_boot(&cfg, ""))
		return -1;
	heading("5. The buddy page allocator (1 GiB machine)");
	printf("booted in %.2f ms; the allocator's boot lines:\n", now_ms() - t0);
	print_log_lines(kmm_dmesg(), boot_lines, 20);
	printf("\nfree blocks per order 0..10 after boot (/proc/buddyinfo layout):\n");
	print_buddyinfo();

	t0 = now_ms();
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		for (int i = 0; i < 3; i++)
			blocks[order][i] = alloc_pages(GFP_KERNEL, order);
	t1 = now_ms();
	printf("\nalloc_pages(GFP_KERNEL, order) three times for each order 0..10 (%.3f ms):\n",
	       t1 - t0);
	for (int order = 0; order < NR_PAGE_ORDERS; order += 2) {
		p = blocks[order][0];
		printf("  order %2d: pfn %#7lx (%5lu KiB) zone %-6s node %d, refcount %d\n", order,
		       page_to_pfn(p), (PAGE_SIZE << order) >> 10, page_zone(p)->name,
		       page_to_nid(p), page_ref_count(p));
	}
	dma = alloc_page(GFP_KERNEL | GFP_DMA);
	printf("  GFP_DMA:  pfn %#7lx zone %s (below 16 MiB)\n", page_to_pfn(dma),
	       page_zone(dma)->name);
	printf("\nafter those allocations (each split a larger block, see order 10):\n");
	print_buddyinfo();

	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		for (int i = 0; i < 3; i++)
			__free_pages(blocks[order][i], order);
	__free_page(dma);
	drain_all_pages(NULL);
	printf("\nafter freeing them and draining the per-CPU lists (buddies merged back):\n");
	print_buddyinfo();
	printf("kmm_check_invariants(): %s\n", kmm_check_invariants() ? "every page counted once" :
	       "FAILED");

	kmm_dmesg_clear();
	p = alloc_page(GFP_KERNEL);
	__free_page(p);
	__free_page(p);
	printf("\na double free is reported as Linux reports a bad page, and changes nothing:\n");
	print_log_lines(kmm_dmesg(), report_lines, 6);
	printf("kmm_check_invariants(): %s\n", kmm_check_invariants() ? "still consistent" :
	       "FAILED");
	kmm_halt();
	return 0;
}

/* Runs of physically contiguous pages behind [p, p + nr pages). */
static unsigned int count_runs(const void *p, unsigned int nr)
{
	unsigned int runs = 1;

	for (unsigned int i = 1; i < nr; i++)
		runs += vmalloc_to_pfn((const char *)p + i * PAGE_SIZE) !=
			vmalloc_to_pfn((const char *)p + (i - 1) * PAGE_SIZE) + 1;
	return runs;
}

static void print_report_lines(size_t (*fn)(char *, size_t), const char *const *prefixes)
{
	static char buf[1 << 16];

	fn(buf, sizeof(buf));
	print_log_lines(buf, prefixes, 40);
}

static void demo_vmalloc_areas(unsigned char **big, unsigned char **huge, void **kv)
{
	struct page *pages[4];
	unsigned char *v;
	double t0 = now_ms();

	*big = vmalloc(1 << 20);
	printf("vmalloc(1 MiB) = %p in %.3f ms: 256 pages in %u physically contiguous run(s)\n",
	       (void *)*big, now_ms() - t0, count_runs(*big, 256));
	memset(*big, 0x5a, 1 << 20);
	printf("  written through the vmalloc address; page 100 seen through the direct map"
	       " (pfn %#lx): 0x%02x\n", vmalloc_to_pfn(*big + 100 * PAGE_SIZE),
	       ((unsigned char *)page_address(vmalloc_to_page(*big + 100 * PAGE_SIZE)))[7]);
	*huge = vmalloc_huge(4 << 20, GFP_KERNEL);
	printf("vmalloc_huge(4 MiB) = %p (2 MiB aligned), %u run(s)\n", (void *)*huge,
	       count_runs(*huge, 1024));
	for (int i = 0; i < 4; i++)
		pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
	v = vmap(pages, 4, VM_MAP, PAGE_KERNEL);
	v[3 * PAGE_SIZE] = 42;
	printf("vmap() of 4 caller pages = %p; byte 0 of the 4th page through its direct map: %d\n",
	       (void *)v, ((unsigned char *)page_address(pages[3]))[0]);
	*kv = kvmalloc(64 << 10, GFP_KERNEL);
	printf("kvmalloc(64 KiB) = %p (%s)\n", *kv,
	       is_vmalloc_addr(*kv) ? "vmalloc" : "the kmalloc step");
	printf("the page after each area is a guard page: touching %p would fault\n",
	       (void *)(*big + (1 << 20)));
	vunmap(v);
	for (int i = 0; i < 4; i++)
		__free_page(pages[i]);
}

static int demo_vmalloc(void)
{
	static const char *const info_lines[] = { "0x", NULL };
	static const char *const mem_lines[] = { "PageTables", "Vmalloc", NULL };
	static const char *const warn_lines[] = { "Trying to", "WARNING:", NULL };
	struct kmm_config cfg = { .ram_bytes = 1ULL << 30, .nr_cpus = 2 };
	unsigned char *big, *huge;
	void *kv;

	if (kmm_boot(&cfg, "vmalloc=1G"))
		return -1;
	heading("7. vmalloc: virtually contiguous, physically scattered (vmalloc=1G)");
	printf("vmalloc area [%#lx, %#lx), reserved PROT_NONE on the host\n", VMALLOC_START,
	       VMALLOC_END);
	demo_vmalloc_areas(&big, &huge, &kv);
	printf("\n/proc/vmallocinfo (the vmap area is freed lazily: \"unpurged\"):\n");
	print_report_lines(kmm_report_vmallocinfo, info_lines);
	printf("\n/proc/meminfo, the vmalloc lines:\n");
	print_report_lines(kmm_report_meminfo, mem_lines);
	kmm_dmesg_clear();
	vfree(big);
	vfree(big);
	printf("\na double vfree() is reported as Linux reports it, and changes nothing:\n");
	print_log_lines(kmm_dmesg(), warn_lines, 4);
	vfree(huge);
	kvfree(kv);
	vm_unmap_aliases();
	printf("after vfree() and the purge: VmallocUsed %lu kB, %s\n", vmalloc_nr_pages() * 4,
	       kmm_check_invariants() ? "every page counted once" : "INVARIANTS FAILED");
	kmm_halt();
	return 0;
}

struct demo_inode {
	unsigned long ino;
	char name[40];
	unsigned int ctor_magic;
};

static unsigned int demo_ctor_runs;

static void demo_inode_ctor(void *p)
{
	struct demo_inode *inode = p;

	inode->ctor_magic = 0xc0de;
	demo_ctor_runs++;
}

static void demo_slab_meminfo(const char *when)
{
	size_t n = kmm_report_meminfo(NULL, 0);
	char buf[8192], *line;

	if (n >= sizeof(buf))
		return;
	kmm_report_meminfo(buf, sizeof(buf));
	printf("%s:", when);
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n"))
		if (!strncmp(line, "Slab:", 5) || !strncmp(line, "SReclaimable:", 13) ||
		    !strncmp(line, "SUnreclaim:", 11))
			printf("   %s", line);
	printf("\n");
}

static int demo_slab(void)
{
	static const size_t sizes[] = { 8, 9, 96, 97, 192, 193, 1000, 8192, 8193, 1 << 20 };
	struct kmm_config cfg = { .ram_bytes = 1ULL << 30, .nr_cpus = 2 };
	struct kmem_cache *inodes, *alias;
	void *objs[1000], *p;

	if (kmm_boot(&cfg, ""))
		return -1;
	heading("6. SLUB object caches and kmalloc (1 GiB machine)");
	print_log_lines(kmm_dmesg(), (const char *const[]){ "SLUB:", NULL }, 1);
	demo_slab_meminfo("after boot (boot caches and kmalloc caches)");
	inodes = kmem_cache_create("demo_inode", sizeof(struct demo_inode), 0,
				   SLAB_HWCACHE_ALIGN | SLAB_RECLAIM_ACCOUNT, demo_inode_ctor);
	for (int i = 0; i < 1000; i++)
		objs[i] = kmem_cache_alloc(inodes, GFP_KERNEL);
	printf("kmem_cache_create(\"demo_inode\", %zu, 0, SLAB_HWCACHE_ALIGN|SLAB_RECLAIM_ACCOUNT, ctor)\n",
	       sizeof(struct demo_inode));
	printf("  object size %u, 1000 objects allocated; the constructor ran %u times "
	       "(once per object of each new slab), magic %#x\n",
	       kmem_cache_size(inodes), demo_ctor_runs, ((struct demo_inode *)objs[0])->ctor_magic);
	demo_slab_meminfo("with 1000 inodes");
	for (int i = 0; i < 1000; i++)
		kmem_cache_free(inodes, objs[i]);
	printf("  freed; kmem_cache_shrink() -> %d; kmem_cache_is_valid() = %d\n",
	       kmem_cache_shrink(inodes), kmem_cache_is_valid(inodes));
	p = kmem_cache_create("demo_a", 120, 0, 0, NULL);
	alias = kmem_cache_create("demo_b", 116, 0, 0, NULL);
	printf("kmem_cache_create(\"demo_a\", 120) and (\"demo_b\", 116): %s\n",
	       p == alias ? "merged, demo_b is an alias of demo_a" : "two caches");
	printf("kmalloc size classes (ksize of kmalloc(n)):");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		void *q = kmalloc(sizes[i], GFP_KERNEL);

		printf(" %zu->%zu", sizes[i], ksize(q));
		kfree(q);
	}
	printf("\nkmalloc(0) = %p (ZERO_SIZE_PTR); kmalloc(4 MiB + 1) = %p\n",
	       kmalloc(0, GFP_KERNEL), kmalloc((4 << 20) + 1, GFP_KERNEL | __GFP_NOWARN));
	kmem_cache_destroy(alias);
	kmem_cache_destroy((struct kmem_cache *)p);
	kmem_cache_destroy(inodes);
	kmm_halt();
	return 0;
}

/* ---- 7. mempool: a driver's requests go on while memory is exhausted ---- */

struct hog_block {
	struct hog_block *next;
	unsigned int order;
};

/* Take every page the machine gives; the blocks are chained through themselves. */
static struct hog_block *hog_memory(unsigned long *pages)
{
	static const gfp_t gfps[] = { GFP_ATOMIC | __GFP_NOWARN,
				      GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN };
	struct hog_block *head = NULL, *b;
	struct page *page;

	*pages = 0;
	for (int order = MAX_PAGE_ORDER; order >= 0; order--)
		for (size_t g = 0; g < sizeof(gfps) / sizeof(gfps[0]); g++)
			while ((page = alloc_pages(gfps[g], order))) {
				b = page_address(page);
				b->next = head;
				b->order = order;
				head = b;
				*pages += 1UL << order;
			}
	return head;
}

static void hog_release(struct hog_block *b)
{
	while (b) {
		struct hog_block *next = b->next;

		__free_pages(virt_to_page(b), b->order);
		b = next;
	}
}

static atomic_long demo_backend_ok, demo_backend_failed;

/* The pool's alloc_fn: mempool_alloc_slab, counted. */
static void *demo_counting_alloc(gfp_t gfp, void *cache)
{
	void *e = mempool_alloc_slab(gfp, cache);

	atomic_fetch_add(e ? &demo_backend_ok : &demo_backend_failed, 1);
	return e;
}

struct demo_driver {
	pthread_t thread;
	mempool_t *pool;
	int done, bad;
	unsigned long sleeps;
};

#define DEMO_REQUESTS	500
#define DEMO_DRIVERS	4
#define DEMO_MIN_NR	2	/* fewer than the drivers: some must wait */

/* One "request": a 256-byte descriptor from the pool, filled, completed, freed. */
static void *demo_driver_run(void *arg)
{
	struct demo_driver *d = arg;
	unsigned long nvcsw = current->nvcsw;

	for (int r = 0; r < DEMO_REQUESTS; r++) {
		unsigned char *req = mempool_alloc(d->pool, GFP_NOIO);

		memset(req, r & 0xff, 256);
		sched_yield();		/* the "device" works on it */
		d->bad += req[255] != (r & 0xff);
		mempool_free(req, d->pool);
		d->done++;
	}
	d->sleeps = current->nvcsw - nvcsw;
	return NULL;
}

static int demo_mempool(void)
{
	struct kmm_config cfg = { .ram_bytes = 256ULL << 20, .nr_cpus = 2 };
	struct demo_driver drivers[DEMO_DRIVERS];
	struct kmem_cache *bios;
	struct hog_block *hog;
	unsigned long hogged, sleeps = 0, stolen = 0;
	static void *leftovers[4096];
	mempool_t *pool;
	int done = 0, bad = 0;
	double t0;

	if (kmm_boot(&cfg, ""))
		return -1;
	heading("8. mempool: a driver keeps working while memory is exhausted (256 MiB machine)");
	bios = kmem_cache_create("demo_bio", 256, 0, SLAB_HWCACHE_ALIGN, NULL);
	pool = mempool_create(DEMO_MIN_NR, demo_counting_alloc, mempool_free_slab, bios);
	printf("mempool_create(%d, mempool_alloc_slab, mempool_free_slab, demo_bio): reserve %d/%d\n",
	       DEMO_MIN_NR, pool->curr_nr, pool->min_nr);
	printf("free pages before the hog: %lu\n", nr_free_pages());
	hog = hog_memory(&hogged);
	while (stolen < 4096 && (leftovers[stolen] = kmem_cache_alloc(bios, GFP_NOWAIT | __GFP_NOWARN)))
		stolen++;
	printf("a hog took %lu pages (%lu MiB) and the cache's %lu spare objects; free pages now %lu\n",
	       hogged, hogged >> 8, stolen, nr_free_pages());
	printf("kmem_cache_alloc(demo_bio, GFP_NOIO | __GFP_NORETRY) = %p\n",
	       kmem_cache_alloc(bios, GFP_NOIO | __GFP_NORETRY | __GFP_NOWARN));
	atomic_store(&demo_backend_ok, 0);
	atomic_store(&demo_backend_failed, 0);
	t0 = now_ms();
	for (int i = 0; i < DEMO_DRIVERS; i++) {
		drivers[i] = (struct demo_driver){ .pool = pool };
		pthread_create(&drivers[i].thread, NULL, demo_driver_run, &drivers[i]);
	}
	for (int i = 0; i < DEMO_DRIVERS; i++) {
		pthread_join(drivers[i].thread, NULL);
		done += drivers[i].done;
		bad += drivers[i].bad;
		sleeps += drivers[i].sleeps;
	}
	printf("%d driver threads x %d requests, mempool_alloc(GFP_NOIO) each: %d completed in %.1f ms,\n"
	       "  %d corrupted; the allocator was asked %ld times and gave %ld elements; the drivers\n"
	       "  slept %lu times in all (nvcsw: mostly mempool_alloc waiting for a free); reserve now %d/%d\n",
	       DEMO_DRIVERS, DEMO_REQUESTS, done, now_ms() - t0, bad,
	       atomic_load(&demo_backend_ok) + atomic_load(&demo_backend_failed),
	       atomic_load(&demo_backend_ok), sleeps, pool->curr_nr, pool->min_nr);
	{
		struct hog_block *more = hog_memory(&hogged);	/* what reclaim drained meanwhile */
		void *held[DEMO_MIN_NR], *e;

		for (int i = 0; i < DEMO_MIN_NR; i++)
			held[i] = mempool_alloc_preallocated(pool);
		t0 = now_ms();
		e = mempool_alloc(pool, GFP_ATOMIC);
		printf("reserve handed out: mempool_alloc(GFP_ATOMIC) = %p after %.3f ms (never sleeps)\n",
		       e, now_ms() - t0);
		for (int i = 0; i < DEMO_MIN_NR; i++)
			mempool_free(held[i], pool);
		hog_release(more);
	}
	hog_release(hog);
	while (stolen)
		kmem_cache_free(bios, leftovers[--stolen]);
	printf("hog gone: free pages %lu, mempool_is_saturated() = %d\n", nr_free_pages(),
	       mempool_is_saturated(pool));
	mempool_destroy(pool);
	kmem_cache_destroy(bios);
	kmm_halt();
	return bad || done != DEMO_DRIVERS * DEMO_REQUESTS;
}

int cmd_demo(int argc, char **argv)
{
	if (argc > 1) {
		printf("usage: kmm demo\n\nBoot machines and show the memory-management stack at work.\n");
		return strcmp(argv[1], "--help") && strcmp(argv[1], "-h") ? KMM_EXIT_USAGE : KMM_EXIT_OK;
	}
	if (demo_boot_log())
		return KMM_EXIT_FAIL;
	demo_pf_buf();
	demo_memblock();
	if (demo_numa())
		return KMM_EXIT_FAIL;
	if (demo_page_allocator())
		return KMM_EXIT_FAIL;
	if (demo_slab())
		return KMM_EXIT_FAIL;
	if (demo_vmalloc())
		return KMM_EXIT_FAIL;
	if (demo_mempool())
		return KMM_EXIT_FAIL;
	return KMM_EXIT_OK;
}
