// SPDX-License-Identifier: MIT
/*
 * tests/test_vmstat_stress.c - the /proc reports read while another
 * thread allocates and frees.
 *
 * One thread allocates and frees blocks of orders 0..6 (so both the
 * per-CPU lists and the buddy lists change under the reports); the other
 * renders every report, text and JSON, again and again. Each rendering
 * must be whole: the length of the second call of a pair may differ from
 * the first (the machine moved), so the reader retries with a larger
 * buffer until a report fits, then checks its shape: one buddyinfo line
 * per populated zone, balanced JSON. At the end the allocator's
 * validators pass. Under ThreadSanitizer (`make tsan`) this shows that
 * the reports' lockless reads are the intended relaxed ones.
 *
 * It uses no Criterion feature beyond Test() and cr_assert*, as the TSan
 * stand-in in tests/shim provides only those.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <kmm/kmm.h>

#ifdef __SANITIZE_THREAD__
#define ROUNDS	40
#else
#define ROUNDS	2000
#endif
#define HOLD	64

typedef size_t (*report_fn)(char *buf, size_t size);

static const report_fn reports[] = {
	kmm_report_buddyinfo, kmm_report_buddyinfo_json, kmm_report_pagetypeinfo,
	kmm_report_pagetypeinfo_json, kmm_report_zoneinfo, kmm_report_zoneinfo_json,
	kmm_report_meminfo, kmm_report_meminfo_json,
};

static atomic_bool stop;

static void *churn(void *arg)
{
	struct page *held[HOLD] = { 0 };
	unsigned int order[HOLD] = { 0 };
	unsigned int seed = 12345;

	(void)arg;
	while (!atomic_load(&stop)) {
		int i = (int)(rand_r(&seed) % HOLD);

		if (held[i]) {
			__free_pages(held[i], order[i]);
			held[i] = NULL;
		} else {
			order[i] = (unsigned int)(rand_r(&seed) % 7);
			held[i] = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order[i]);
		}
	}
	for (int i = 0; i < HOLD; i++)
		if (held[i])
			__free_pages(held[i], order[i]);
	return NULL;
}

/* One whole rendering of @fn, malloc'd, however the machine moves. */
static char *render(report_fn fn)
{
	size_t size = fn(NULL, 0) + 1;

	for (;;) {
		char *buf = malloc(size);
		size_t len = fn(buf, size);

		cr_assert(buf);
		if (len < size) {
			cr_assert_eq(strlen(buf), len);
			return buf;
		}
		free(buf);
		size = len + 1 + 4096;
	}
}

/* Brackets and braces balance outside strings, and the text is one value. */
static bool json_balanced(const char *s)
{
	int depth = 0;
	bool in_string = false;

	for (; *s; s++) {
		if (in_string) {
			in_string = *s != '"';
			continue;
		}
		if (*s == '"')
			in_string = true;
		else if (*s == '{' || *s == '[')
			depth++;
		else if ((*s == '}' || *s == ']') && --depth < 0)
			return false;
	}
	return depth == 0 && !in_string;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static int populated_zones(void)
{
	struct zone *zone;
	int n = 0;

	for_each_populated_zone(zone)
		n++;
	return n;
}

Test(vmstat_stress, reports_while_another_thread_allocates)
{
	struct kmm_config cfg = { .ram_bytes = 512ULL << 20, .nr_cpus = 2 };
	unsigned long free0;
	pthread_t t;

	cr_assert_eq(kmm_boot(&cfg, ""), 0, "%s", kmm_dmesg());
	drain_all_pages(NULL);
	free0 = nr_free_pages();
	cr_assert_eq(pthread_create(&t, NULL, churn, NULL), 0);
	for (int round = 0; round < ROUNDS; round++) {
		for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++) {
			char *text = render(reports[i]);

			if (i % 2)
				cr_assert(json_balanced(text) && text[0] == '{', "round %d report %zu", round, i);
			else if (i == 0)
				cr_assert_eq(count_lines(text), populated_zones());
			free(text);
		}
	}
	atomic_store(&stop, true);
	pthread_join(t, NULL);
	drain_all_pages(NULL);
	cr_assert_eq(nr_free_pages(), free0, "every block came back");
	cr_assert(kmm_check_invariants());
	kmm_halt();
}
