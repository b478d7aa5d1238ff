/* SPDX-License-Identifier: MIT */
/*
 * tests/shim/criterion/criterion.h - a minimal stand-in for Criterion, used
 * only to build the stress suites under ThreadSanitizer, with which
 * Criterion itself cannot start (its inheritable arena collides with
 * TSan's memory layout: Snaipe/Criterion issue 274).
 *
 * It provides Test() and the cr_assert family the stress suites use. Each
 * test runs in a forked child, as under Criterion, so tests stay isolated;
 * the driver prints Criterion-like lines and a closing "N passed, N failed".
 */
#ifndef KMM_CRITERION_SHIM_H
#define KMM_CRITERION_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct shim_test {
	const char *suite, *name;
	void (*fn)(void);
	struct shim_test *next;
};

void shim_register(struct shim_test *t);
void shim_fail(const char *file, int line, const char *expr, const char *fmt, ...)
	__attribute__((noreturn));

#define Test(suite, name, ...)						\
	static void suite##_##name(void);				\
	static struct shim_test shim_##suite##_##name = {		\
		#suite, #name, suite##_##name, NULL };			\
	__attribute__((constructor)) static void shim_reg_##suite##_##name(void) \
	{ shim_register(&shim_##suite##_##name); }			\
	static void suite##_##name(void)

#define cr_assert(cond, ...) do {					\
	if (!(cond))							\
		shim_fail(__FILE__, __LINE__, #cond, "" __VA_ARGS__);	\
} while (0)
#define cr_assert_not(c, ...)		cr_assert(!(c), __VA_ARGS__)
#define cr_assert_eq(a, b, ...)		cr_assert((a) == (b), __VA_ARGS__)
#define cr_assert_neq(a, b, ...)	cr_assert((a) != (b), __VA_ARGS__)
#define cr_assert_lt(a, b, ...)		cr_assert((a) < (b), __VA_ARGS__)
#define cr_assert_leq(a, b, ...)	cr_assert((a) <= (b), __VA_ARGS__)
#define cr_assert_gt(a, b, ...)		cr_assert((a) > (b), __VA_ARGS__)
#define cr_assert_geq(a, b, ...)	cr_assert((a) >= (b), __VA_ARGS__)
#define cr_assert_null(a, ...)		cr_assert((a) == NULL, __VA_ARGS__)
#define cr_assert_not_null(a, ...)	cr_assert((a) != NULL, __VA_ARGS__)
#define cr_assert_str_eq(a, b, ...)	cr_assert(strcmp((a), (b)) == 0, __VA_ARGS__)
#define cr_expect			cr_assert
#define cr_expect_eq			cr_assert_eq

#endif /* KMM_CRITERION_SHIM_H */
