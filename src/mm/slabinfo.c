// SPDX-License-Identifier: MIT
/*
 * src/mm/slabinfo.c - the slab allocator's reports: /proc/slabinfo
 * (mm/slab_common.c's slab_show/cache_show and mm/slub.c's
 * get_slabinfo in Linux 6.12) as text and JSON, and a cache's
 * /sys/kernel/slab/NAME files (mm/slub.c's sysfs attributes).
 *
 * 1. Contract. Every report writes as snprintf() does and returns the
 *    length of the whole report (kmm/vmstat.h), through one appender.
 *
 * 2. /proc/slabinfo. The header of version 2.1, then one line per cache
 *    on slab_caches, in list order (6.12 adds each new cache at the head,
 *    so the newest comes first):
 *        name (%-17s) active_objs num_objs objsize objperslab pagesperslab
 *        : tunables 0 0 0 : slabdata active_slabs num_slabs 0
 *    num_objs and the slab counts are the nodes' counters; active_objs is
 *    num_objs minus the free objects on the nodes' partial lists (6.12's
 *    count_partial_free_approx(): exact up to 10000 partial slabs, then
 *    estimated from 5000 at each end). Objects free on a CPU's slab or
 *    CPU partial list count as active, as they do in Linux. SLUB has no
 *    tunables: limit, batchcount, sharedfactor and sharedavail are 0, and
 *    active_slabs equals num_slabs.
 *
 * 3. /sys/kernel/slab/NAME. The readable files of a 6.12 kernel with
 *    CONFIG_SLUB_DEBUG, NUMA, ZONE_DMA, FAILSLAB, HARDENED_USERCOPY and
 *    KFENCE, without SLUB_STATS, in alphabetical order, each as
 *    "file:content" (what `grep . DIR/\*` prints). Counts over nodes end
 *    with " N<node>=<count>" for each node with a non-zero count.
 *
 * How kmm differs: the sysfs files are one report, not a directory;
 * remote_node_defrag_ratio shows 6.12's default (100) because kmm has no
 * remote defragmentation. Aliases (merged caches) have no entry of their
 * own: ask for the cache they were merged into.
 */
#include <kmm/slabinfo.h>
#include <kmm/percpu.h>
#include <kmm/printk.h>
#include <kmm/spinlock.h>
#include "../lib/string.h"
#include "report.h"
#include "slab.h"

/* 6.12's bound on the partial slabs count_partial_free_approx() walks. */
#define MAX_PARTIAL_TO_SCAN	10000

/* ---- 1. The output buffer ---- */

/* struct report, report_init() and rp(): report.h. */

/* A JSON string: cache names are plain, but quote what must be quoted. */
static void rp_json_string(struct report *r, const char *s)
{
	rp(r, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			rp(r, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			rp(r, "\\u%04x", (unsigned char)*s);
		else
			rp(r, "%c", *s);
	}
	rp(r, "\"");
}

/* ---- 2. /proc/slabinfo ---- */

struct slabinfo {
	unsigned long active_objs;
	unsigned long num_objs;
	unsigned long active_slabs;
	unsigned long num_slabs;
	unsigned int objects_per_slab;
	unsigned int cache_order;
};

/* Free objects on @n's partial list (6.12's count_partial_free_approx()). */
static unsigned long partial_free_approx(struct kmem_cache_node *n)
{
	unsigned long x = 0, scanned = 0, flags;
	struct slab *slab;

	spin_lock_irqsave(&n->list_lock, flags);
	if (n->nr_partial <= MAX_PARTIAL_TO_SCAN) {
		list_for_each_entry(slab, &n->partial, slab_list)
			x += slab->objects - slab->inuse;
		goto out;
	}
	list_for_each_entry(slab, &n->partial, slab_list) {
		x += slab->objects - slab->inuse;
		if (++scanned == MAX_PARTIAL_TO_SCAN / 2)
			break;
	}
	list_for_each_entry_reverse(slab, &n->partial, slab_list) {
		x += slab->objects - slab->inuse;
		if (++scanned == MAX_PARTIAL_TO_SCAN)
			break;
	}
	x = x * n->nr_partial / scanned;
	if (x > node_nr_objs(n))
		x = node_nr_objs(n);
out:
	spin_unlock_irqrestore(&n->list_lock, flags);
	return x;
}

static void get_slabinfo(struct kmem_cache *s, struct slabinfo *sinfo)
{
	unsigned long nr_slabs = 0, nr_objs = 0, nr_free = 0;
	struct kmem_cache_node *n;
	int node;

	for_each_kmem_cache_node(s, node, n) {
		nr_slabs += node_nr_slabs(n);
		nr_objs += node_nr_objs(n);
		nr_free += partial_free_approx(n);
	}
	sinfo->active_objs = nr_objs - nr_free;
	sinfo->num_objs = nr_objs;
	sinfo->active_slabs = nr_slabs;
	sinfo->num_slabs = nr_slabs;
	sinfo->objects_per_slab = oo_objects(s->oo);
	sinfo->cache_order = oo_order(s->oo);
}

static void slabinfo_header(struct report *r)
{
	rp(r, "slabinfo - version: 2.1\n");
	rp(r, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>");
	rp(r, " : tunables <limit> <batchcount> <sharedfactor>");
	rp(r, " : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
}

static void slabinfo_line(struct report *r, struct kmem_cache *s)
{
	struct slabinfo si;

	get_slabinfo(s, &si);
	rp(r, "%-17s %6lu %6lu %6u %4u %4d", s->name, si.active_objs, si.num_objs, s->size,
	   si.objects_per_slab, 1 << si.cache_order);
	rp(r, " : tunables %4u %4u %4u", 0U, 0U, 0U);
	rp(r, " : slabdata %6lu %6lu %6lu\n", si.active_slabs, si.num_slabs, 0UL);
}

static void slabinfo_json(struct report *r, struct kmem_cache *s, bool first)
{
	struct slabinfo si;

	get_slabinfo(s, &si);
	rp(r, "%s{\"name\":", first ? "" : ",");
	rp_json_string(r, s->name);
	rp(r, ",\"active_objs\":%lu,\"num_objs\":%lu,\"objsize\":%u,\"objperslab\":%u,"
	      "\"pagesperslab\":%d,\"limit\":0,\"batchcount\":0,\"sharedfactor\":0,"
	      "\"active_slabs\":%lu,\"num_slabs\":%lu,\"sharedavail\":0}",
	   si.active_objs, si.num_objs, s->size, si.objects_per_slab, 1 << si.cache_order,
	   si.active_slabs, si.num_slabs);
}

size_t kmm_report_slabinfo(char *buf, size_t size)
{
	struct kmem_cache *s;
	struct report r;

	report_init(&r, buf, size);
	slab_mutex_lock();
	list_for_each_entry(s, &slab_caches, list) {
		if (s->list.prev == &slab_caches)
			slabinfo_header(&r);
		slabinfo_line(&r, s);
	}
	slab_mutex_unlock();
	return r.len;
}

size_t kmm_report_slabinfo_json(char *buf, size_t size)
{
	struct kmem_cache *s;
	struct report r;
	bool first = true;

	report_init(&r, buf, size);
	rp(&r, "{\"version\":\"2.1\",\"caches\":[");
	slab_mutex_lock();
	list_for_each_entry(s, &slab_caches, list) {
		slabinfo_json(&r, s, first);
		first = false;
	}
	slab_mutex_unlock();
	rp(&r, "]}\n");
	return r.len;
}

/* ---- 3. /sys/kernel/slab/NAME ---- */

/* What show_slab_objects() counts (6.12's SO_* flags). */
enum so_what {
	SO_PARTIAL_SLABS,	/* partial */
	SO_PARTIAL_OBJECTS,	/* objects_partial */
	SO_CPU_SLABS,		/* cpu_slabs */
	SO_ALL_SLABS,		/* slabs */
	SO_ALL_OBJECTS,		/* objects */
	SO_ALL_TOTAL,		/* total_objects */
};

static void count_cpu_slabs(struct kmem_cache *s, unsigned long *nodes)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct kmem_cache_cpu *c = per_cpu_ptr(s->cpu_slab, cpu);
		struct slab *slab = READ_ONCE(c->slab);

		if (slab)
			nodes[slab_nid(slab)]++;
		slab = READ_ONCE(c->partial);
		if (slab)
			nodes[slab_nid(slab)] += (unsigned long)READ_ONCE(slab->slabs);
	}
}

static unsigned long count_node(struct kmem_cache_node *n, enum so_what what)
{
	switch (what) {
	case SO_PARTIAL_SLABS:
		return n->nr_partial;
	case SO_PARTIAL_OBJECTS:
		return count_partial(n, count_inuse);
	case SO_ALL_SLABS:
		return node_nr_slabs(n);
	case SO_ALL_OBJECTS:
		return node_nr_objs(n) - count_partial(n, count_free);
	case SO_ALL_TOTAL:
		return node_nr_objs(n);
	default:
		return 0;
	}
}

/* "total N0=x N1=y\n", as show_slab_objects() prints it. */
static void show_slab_objects(struct report *r, struct kmem_cache *s, enum so_what what)
{
	unsigned long nodes[MAX_NUMNODES] = { 0 }, total = 0;
	struct kmem_cache_node *n;
	int node;

	if (what == SO_CPU_SLABS)
		count_cpu_slabs(s, nodes);
	else
		for_each_kmem_cache_node(s, node, n)
			nodes[node] = count_node(n, what);
	for (node = 0; node < nr_node_ids; node++)
		total += nodes[node];
	rp(r, "%lu", total);
	for (node = 0; node < nr_node_ids; node++)
		if (nodes[node])
			rp(r, " N%d=%lu", node, nodes[node]);
	rp(r, "\n");
}

static void show_slabs_cpu_partial(struct report *r, struct kmem_cache *s)
{
	int cpu, slabs = 0;

	for_each_online_cpu(cpu) {
		struct slab *slab = READ_ONCE(per_cpu_ptr(s->cpu_slab, cpu)->partial);

		if (slab)
			slabs += READ_ONCE(slab->slabs);
	}
	rp(r, "%d(%d)", slabs * (int)oo_objects(s->oo) / 2, slabs);
	for_each_online_cpu(cpu) {
		struct slab *slab = READ_ONCE(per_cpu_ptr(s->cpu_slab, cpu)->partial);

		if (slab) {
			slabs = READ_ONCE(slab->slabs);
			rp(r, " C%d=%d(%d)", cpu, slabs * (int)oo_objects(s->oo) / 2, slabs);
		}
	}
	rp(r, "\n");
}

static void flag_file(struct report *r, const char *file, struct kmem_cache *s,
		      slab_flags_t flag)
{
	rp(r, "%s:%d\n", file, !!(s->flags & flag));
}

static void slab_sysfs(struct report *r, struct kmem_cache *s)
{
	rp(r, "aliases:%d\n", s->refcount < 0 ? 0 : s->refcount - 1);
	rp(r, "align:%u\n", s->align);
	flag_file(r, "cache_dma", s, SLAB_CACHE_DMA);
	rp(r, "cpu_partial:%u\n", s->cpu_partial);
	rp(r, "cpu_slabs:");
	show_slab_objects(r, s, SO_CPU_SLABS);
	if (s->ctor)
		rp(r, "ctor:%pS\n", (void *)s->ctor);
	flag_file(r, "destroy_by_rcu", s, SLAB_TYPESAFE_BY_RCU);
	flag_file(r, "failslab", s, SLAB_FAILSLAB);
	flag_file(r, "hwcache_align", s, SLAB_HWCACHE_ALIGN);
	rp(r, "min_partial:%lu\n", s->min_partial);
	rp(r, "object_size:%u\n", s->object_size);
	rp(r, "objects:");
	show_slab_objects(r, s, SO_ALL_OBJECTS);
	rp(r, "objects_partial:");
	show_slab_objects(r, s, SO_PARTIAL_OBJECTS);
	rp(r, "objs_per_slab:%u\n", oo_objects(s->oo));
	rp(r, "order:%u\n", oo_order(s->oo));
	rp(r, "partial:");
	show_slab_objects(r, s, SO_PARTIAL_SLABS);
	flag_file(r, "poison", s, SLAB_POISON);
	flag_file(r, "reclaim_account", s, SLAB_RECLAIM_ACCOUNT);
	flag_file(r, "red_zone", s, SLAB_RED_ZONE);
	rp(r, "remote_node_defrag_ratio:%u\n", 100U);
	flag_file(r, "sanity_checks", s, SLAB_CONSISTENCY_CHECKS);
	flag_file(r, "skip_kfence", s, SLAB_SKIP_KFENCE);
	rp(r, "slab_size:%u\n", s->size);
	rp(r, "slabs:");
	show_slab_objects(r, s, SO_ALL_SLABS);
	rp(r, "slabs_cpu_partial:");
	show_slabs_cpu_partial(r, s);
	flag_file(r, "store_user", s, SLAB_STORE_USER);
	rp(r, "total_objects:");
	show_slab_objects(r, s, SO_ALL_TOTAL);
	flag_file(r, "trace", s, SLAB_TRACE);
	rp(r, "usersize:%u\n", s->usersize);
}

size_t kmm_report_slab_sysfs(const char *name, char *buf, size_t size)
{
	struct kmem_cache *s;
	struct report r;

	report_init(&r, buf, size);
	slab_mutex_lock();
	list_for_each_entry(s, &slab_caches, list) {
		if (!strcmp(s->name, name)) {
			slab_sysfs(&r, s);
			break;
		}
	}
	slab_mutex_unlock();
	return r.len;
}
