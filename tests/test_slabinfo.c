// SPDX-License-Identifier: MIT
/*
 * tests/test_slabinfo.c - /proc/slabinfo and /sys/kernel/slab/NAME
 * (src/mm/slabinfo.c), their JSON, and `kmm stat slabinfo|slab`.
 *
 * 6.12 prints (mm/slab_common.c print_slabinfo_header, cache_show):
 *
 *   slabinfo - version: 2.1
 *   # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
 *   %-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu
 *
 * A cache with slub_debug=FZPU has no CPU slabs, so its numbers are known
 * exactly: three objects of 64 bytes (160 with the metadata) live in one
 * slab on the node's partial list:
 *
 *   info-64                3     NN    160   NN    P : tunables    0    0    0 : slabdata      1      1      0
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <kmm/kmm.h>
#include <kmm/slab.h>
#include <kmm/slabinfo.h>
#include "mm/slab.h"
#include "helpers/slab_harness.h"
#include "helpers/json.h"
#include "helpers/run_kmm.h"

#define MAX_LINES 512

static void halt(void)
{
	kmm_halt();
}

TestSuite(slabinfo, .fini = halt);

static char *report(size_t (*fn)(char *, size_t))
{
	size_t len = fn(NULL, 0);
	char *buf = malloc(len + 1);

	cr_assert_not_null(buf);
	cr_assert_eq(fn(buf, len + 1), len);
	cr_assert_eq(strlen(buf), len);
	return buf;
}

static int split_lines(char *text, char **lines, int max)
{
	int n = 0;

	for (char *p = strtok(text, "\n"); p && n < max; p = strtok(NULL, "\n"))
		lines[n++] = p;
	return n;
}

static const char header2[] =
	"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
	" : tunables <limit> <batchcount> <sharedfactor>"
	" : slabdata <active_slabs> <num_slabs> <sharedavail>";

/* cache_show() of 6.12 for a cache whose counts the test knows. */
static void cache_line(char *buf, size_t size, const char *name, unsigned long active,
		       unsigned long num, unsigned int objsize, unsigned int perslab,
		       int pages, unsigned long slabs)
{
	snprintf(buf, size, "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u"
		 " : slabdata %6lu %6lu %6lu", name, active, num, objsize, perslab, pages,
		 0U, 0U, 0U, slabs, slabs, 0UL);
}

Test(slabinfo, header_and_a_known_cache)
{
	struct kmem_cache *s;
	char *text, *lines[MAX_LINES], want[256];
	void *p[3];
	int n;

	sh_boot(&bh_m256, "slub_debug=FZPU,info-64");
	s = kmem_cache_create("info-64", 64, 0, 0, NULL);
	for (int i = 0; i < 3; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	text = report(kmm_report_slabinfo);
	n = split_lines(text, lines, MAX_LINES);
	cr_assert_geq(n, 3);
	cr_assert_str_eq(lines[0], "slabinfo - version: 2.1");
	cr_assert_str_eq(lines[1], header2);
	/* The newest cache comes first (list_add at the head of slab_caches). */
	cache_line(want, sizeof(want), "info-64", 3, oo_objects(s->oo), 160, oo_objects(s->oo),
		   1 << oo_order(s->oo), 1);
	cr_assert_str_eq(lines[2], want);
	free(text);
	for (int i = 0; i < 3; i++)
		kmem_cache_free(s, p[i]);
	text = report(kmm_report_slabinfo);
	n = split_lines(text, lines, MAX_LINES);
	cache_line(want, sizeof(want), "info-64", 0, oo_objects(s->oo), 160, oo_objects(s->oo),
		   1 << oo_order(s->oo), 1);
	cr_assert_str_eq(lines[2], want, "an empty slab stays on the partial list (min_partial)");
	free(text);
	kmem_cache_destroy(s);
}

/* Every line against get_slabinfo()'s rules, read from the caches' counters. */
Test(slabinfo, every_line_follows_get_slabinfo)
{
	char *text, *lines[MAX_LINES], want[256];
	struct kmem_cache *s;
	int n, i = 2;
	void *keep[100];

	sh_boot(&bh_m256, "");
	for (int k = 0; k < 100; k++)
		keep[k] = kmalloc(8 << (k % 8), GFP_KERNEL);
	text = report(kmm_report_slabinfo);
	n = split_lines(text, lines, MAX_LINES);
	slab_mutex_lock();
	list_for_each_entry(s, &slab_caches, list) {
		unsigned long slabs = 0, objs = 0, free_ = 0;
		struct kmem_cache_node *nd;
		int node;

		for_each_kmem_cache_node(s, node, nd) {
			slabs += node_nr_slabs(nd);
			objs += node_nr_objs(nd);
			free_ += count_partial(nd, count_free);
		}
		cr_assert_lt(i, n, "fewer lines than caches");
		cache_line(want, sizeof(want), s->name, objs - free_, objs, s->size,
			   oo_objects(s->oo), 1 << oo_order(s->oo), slabs);
		cr_expect_str_eq(lines[i], want);
		i++;
	}
	slab_mutex_unlock();
	cr_assert_eq(i, n, "one line per cache");
	free(text);
	for (int k = 0; k < 100; k++)
		kfree(keep[k]);
}

Test(slabinfo, json_parses_and_agrees_with_the_text)
{
	char *text, *js, *lines[MAX_LINES], err[128];
	const struct json *caches;
	struct json *j;
	int n;

	sh_boot(&bh_m256, "");
	text = report(kmm_report_slabinfo);
	js = report(kmm_report_slabinfo_json);
	n = split_lines(text, lines, MAX_LINES);
	j = json_parse(js, err, sizeof(err));
	cr_assert_not_null(j, "%s:\n%s", err, js);
	cr_assert_str_eq(json_get(j, "version")->string, "2.1");
	caches = json_get(j, "caches");
	cr_assert_eq(caches->n, (size_t)n - 2);
	for (int i = 2; i < n; i++) {
		const struct json *c = json_at(caches, (size_t)i - 2);
		char name[64];
		unsigned long v[9];

		cr_assert_eq(sscanf(lines[i], "%63s %lu %lu %lu %lu %lu : tunables %lu %lu %lu",
				    name, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]),
			     9, "\"%s\"", lines[i]);
		cr_assert_str_eq(json_get(c, "name")->string, name);
		cr_assert_eq(json_ul(json_get(c, "active_objs")), v[0]);
		cr_assert_eq(json_ul(json_get(c, "num_objs")), v[1]);
		cr_assert_eq(json_ul(json_get(c, "objsize")), v[2]);
		cr_assert_eq(json_ul(json_get(c, "objperslab")), v[3]);
		cr_assert_eq(json_ul(json_get(c, "pagesperslab")), v[4]);
		cr_assert_eq(json_ul(json_get(c, "limit")), 0);
		cr_assert_eq(json_ul(json_get(c, "sharedavail")), 0);
		cr_assert_eq(json_ul(json_get(c, "active_slabs")),
			     json_ul(json_get(c, "num_slabs")));
	}
	json_free(j);
	free(text);
	free(js);
}

Test(slabinfo, the_contract_of_a_short_buffer)
{
	size_t len;
	char small[40];

	sh_boot(&bh_m256, "");
	len = kmm_report_slabinfo(NULL, 0);
	cr_assert_eq(kmm_report_slabinfo(small, sizeof(small)), len);
	cr_assert_eq(strlen(small), sizeof(small) - 1);
	cr_assert_eq(strncmp(small, "slabinfo - version: 2.1\n", 24), 0);
}

static char *sysfs(const char *name)
{
	size_t len = kmm_report_slab_sysfs(name, NULL, 0);
	char *buf = malloc(len + 1);

	kmm_report_slab_sysfs(name, buf, len + 1);
	return buf;
}

static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, line, n) && (p[n] == '\n' || p[n] == '\0'))
			return true;
	return false;
}

Test(slabinfo, sysfs_files_of_a_debug_cache)
{
	struct kmem_cache *s;
	char want[64], *t, *copy, *lines[64], *prev = NULL;
	void *p[3];
	int n;

	sh_boot(&bh_m256, "slub_debug=FZPU,info-64");
	s = kmem_cache_create("info-64", 64, 0, 0, NULL);
	for (int i = 0; i < 3; i++)
		p[i] = kmem_cache_alloc(s, GFP_KERNEL);
	t = sysfs("info-64");
	cr_assert(has_line(t, "object_size:64"), "%s", t);
	cr_assert(has_line(t, "slab_size:160"), "%s", t);
	cr_assert(has_line(t, "aliases:0"), "%s", t);
	cr_assert(has_line(t, "align:8"), "%s", t);
	cr_assert(has_line(t, "sanity_checks:1"), "%s", t);
	cr_assert(has_line(t, "red_zone:1"), "%s", t);
	cr_assert(has_line(t, "poison:1"), "%s", t);
	cr_assert(has_line(t, "store_user:1"), "%s", t);
	cr_assert(has_line(t, "trace:0"), "%s", t);
	cr_assert(has_line(t, "partial:1 N0=1"), "%s", t);
	cr_assert(has_line(t, "slabs:1 N0=1"), "%s", t);
	cr_assert(has_line(t, "objects:3 N0=3"), "%s", t);
	cr_assert(has_line(t, "objects_partial:3 N0=3"), "%s", t);
	cr_assert(has_line(t, "cpu_slabs:0"), "%s", t);
	snprintf(want, sizeof(want), "order:%u", oo_order(s->oo));
	cr_assert(has_line(t, want), "%s", t);
	snprintf(want, sizeof(want), "objs_per_slab:%u", oo_objects(s->oo));
	cr_assert(has_line(t, want), "%s", t);
	snprintf(want, sizeof(want), "total_objects:%u N0=%u", oo_objects(s->oo),
		 oo_objects(s->oo));
	cr_assert(has_line(t, want), "%s", t);
	cr_assert_not(strstr(t, "ctor:"), "no constructor, no line");
	/* In the directory's order. */
	copy = strdup(t);
	n = split_lines(copy, lines, 64);
	for (int i = 0; i < n; i++) {
		*strchr(lines[i], ':') = '\0';
		if (prev)
			cr_assert_lt(strcmp(prev, lines[i]), 0, "%s before %s", prev, lines[i]);
		prev = lines[i];
	}
	free(copy);
	free(t);
	cr_assert_eq(kmm_report_slab_sysfs("no-such-cache", NULL, 0), 0);
	for (int i = 0; i < 3; i++)
		kmem_cache_free(s, p[i]);
	kmem_cache_destroy(s);
}

/* Global, so that %pS can name it (dladdr sees exported symbols). */
void slabinfo_test_ctor(void *p);
void slabinfo_test_ctor(void *p)
{
	memset(p, 0, 32);
}

Test(slabinfo, sysfs_ctor_and_aliases)
{
	struct kmem_cache *s, *a;
	char *t;

	sh_boot(&bh_m256, "");
	s = kmem_cache_create("ctor-32", 32, 0, 0, slabinfo_test_ctor);
	t = sysfs("ctor-32");
	cr_assert(strstr(t, "\nctor:slabinfo_test_ctor+0x0\n"), "%s", t);
	free(t);
	/* A compatible cache merges into ctor-less "merge-base": aliases:1. */
	s = kmem_cache_create("merge-base", 200, 0, SLAB_HWCACHE_ALIGN, NULL);
	a = kmem_cache_create("merge-alias", 200, 0, SLAB_HWCACHE_ALIGN, NULL);
	if (a == s) {
		t = sysfs("merge-base");
		cr_assert(has_line(t, "aliases:1"), "%s", t);
		free(t);
	}
}

/* ---- kmm stat ---- */

/* The program's standard output and exit status (helpers/run_kmm.h). */
static char *run_kmm_out(const char *const *args, int *status)
{
	struct run r = run_kmm(args);

	*status = r.status;
	free(r.err);
	return r.out;
}

Test(slabinfo, kmm_stat_slabinfo_and_slab)
{
	const char *ta[] = { "stat", "slabinfo", "--ram", "512M", "--cpus", "2", NULL };
	const char *ja[] = { "stat", "slabinfo", "--json", "--ram", "512M", "--cpus", "2", NULL };
	const char *sa[] = { "stat", "slab", "kmalloc-64", "--ram", "512M", "--cpus", "2", NULL };
	const char *da[] = { "stat", "slabinfo", "--ram", "512M", "--cpus", "2",
			     "slub_debug=FZPU,kmalloc-64", NULL };
	char err[128], *t;
	struct json *j;
	int st;

	t = run_kmm_out(ta, &st);
	cr_assert_eq(st, 0, "%s", t);
	cr_assert_eq(strncmp(t, "slabinfo - version: 2.1\n# name ", 31), 0, "%s", t);
	cr_assert(strstr(t, "\nkmalloc-64 "), "%s", t);
	free(t);
	t = run_kmm_out(ja, &st);
	cr_assert_eq(st, 0);
	j = json_parse(t, err, sizeof(err));
	cr_assert_not_null(j, "%s: %s", err, t);
	json_free(j);
	free(t);
	t = run_kmm_out(sa, &st);
	cr_assert_eq(st, 0, "%s", t);
	cr_assert(has_line(t, "object_size:64"), "%s", t);
	cr_assert(has_line(t, "red_zone:0"), "%s", t);
	free(t);
	t = run_kmm_out(da, &st);
	cr_assert_eq(st, 0, "%s", t);
	/* Debugging makes kmalloc-64's objects 256 bytes apart (test_slab_debug.c). */
	{
		char *line = strstr(t, "\nkmalloc-64 ") + 1;

		*strchr(line, '\n') = '\0';
		cr_assert(bh_matches(line, "kmalloc-64 +[0-9]+ +[0-9]+ +256 +[0-9]+ +[0-9]+ : .*"),
			  "%s", line);
	}
	free(t);
}
