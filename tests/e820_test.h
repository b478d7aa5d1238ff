/* SPDX-License-Identifier: MIT */
/*
 * tests/e820_test.h - what the e820 suites share: building tables, checking
 * them entry by entry, and reading the log without its timestamps.
 *
 * Addresses in the ASCII pictures of the tests are in units of E820_UNIT
 * (one page), one character per unit: "__22____" is [2, 4) pages of type 2.
 */
#ifndef KMM_TESTS_E820_TEST_H
#define KMM_TESTS_E820_TEST_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <kmm/e820.h>
#include <kmm/printk.h>

#define E820_UNIT	0x1000ULL

/* The log as dmesg prints it minus the "[    0.000000] " stamps. */
static inline const char *log_text(void)
{
	static char *buf;
	const char *in = kmm_dmesg();
	char *out;

	free(buf);
	buf = malloc(strlen(in) + 1);
	out = buf;
	while (*in) {
		const char *nl = strchr(in, '\n');
		size_t n = nl ? (size_t)(nl - in) + 1 : strlen(in);
		const char *close = in[0] == '[' ? memchr(in, ']', n) : NULL;

		if (close && close[1] == ' ') {
			n -= (size_t)(close + 2 - in);
			in = close + 2;
		}
		memcpy(out, in, n);
		out += n;
		in += n;
	}
	*out = '\0';
	return buf;
}

/* Assert that the log, stamps removed, is exactly @expected. */
#define assert_log(expected)						\
	cr_assert_str_eq(log_text(), expected)

/* Assert that the log contains @needle. */
#define assert_log_has(needle)						\
	cr_assert(strstr(log_text(), needle), "log lacks \"%s\":\n%s",	\
		  needle, log_text())

static inline void table_set(struct e820_table *t, const struct e820_entry *e,
			     unsigned int n)
{
	t->nr_entries = n;
	memcpy(t->entries, e, n * sizeof(*e));
}

/* Assert that @t holds exactly the @n entries @e, in order. */
static inline void assert_table(const struct e820_table *t,
				const struct e820_entry *e, unsigned int n)
{
	cr_assert_eq(t->nr_entries, n, "%u entries, expected %u",
		     t->nr_entries, n);
	for (unsigned int i = 0; i < n; i++) {
		const struct e820_entry *a = &t->entries[i];

		cr_assert(a->addr == e[i].addr && a->size == e[i].size &&
			  a->type == e[i].type,
			  "entry %u: {%#llx, %#llx, %u}, expected {%#llx, %#llx, %u}",
			  i, (unsigned long long)a->addr,
			  (unsigned long long)a->size, (unsigned int)a->type,
			  (unsigned long long)e[i].addr,
			  (unsigned long long)e[i].size, (unsigned int)e[i].type);
	}
}

#define ASSERT_TABLE(t, ...) do {					\
	const struct e820_entry __exp[] = { __VA_ARGS__ };			\
	assert_table(t, __exp, sizeof(__exp) / sizeof(__exp[0]));	\
} while (0)

/* One row of a picture: the run of digits (the type, 1-9) it draws. */
static inline struct e820_entry picture_entry(const char *row)
{
	struct e820_entry e = { 0, 0, 0 };
	size_t start = strcspn(row, "123456789");
	size_t len = strspn(row + start, "123456789");

	e.addr = start * E820_UNIT;
	e.size = len * E820_UNIT;
	e.type = (enum e820_type)(row[start] - '0');
	return e;
}

static inline void picture_table(struct e820_table *t, const char *const *rows,
				 unsigned int n)
{
	t->nr_entries = 0;
	for (unsigned int i = 0; i < n; i++)
		t->entries[t->nr_entries++] = picture_entry(rows[i]);
}

/* Sorted, non-overlapping, no empty entry. */
static inline bool table_is_sane(const struct e820_table *t)
{
	for (unsigned int i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (!e->size || e->addr + e->size < e->addr)
			return false;
		if (i && t->entries[i - 1].addr + t->entries[i - 1].size > e->addr)
			return false;
	}
	return true;
}

static inline unsigned long long table_bytes(const struct e820_table *t,
					     enum e820_type type)
{
	unsigned long long sum = 0;

	for (unsigned int i = 0; i < t->nr_entries; i++)
		if (t->entries[i].type == type)
			sum += t->entries[i].size;
	return sum;
}

#endif /* KMM_TESTS_E820_TEST_H */
