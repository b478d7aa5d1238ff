/* SPDX-License-Identifier: MIT */
/*
 * kmm/atomic.h - atomic_t and atomic_long_t with the kernel's operations
 * (linux/atomic.h), on the compiler's __atomic builtins.
 *
 * Ordering follows the kernel's rules: atomic_read/atomic_set and the
 * operations that return nothing are relaxed; operations that return a
 * value (atomic_inc_return, atomic_dec_and_test, cmpxchg, ...) are fully
 * ordered.
 */
#ifndef KMM_ATOMIC_H
#define KMM_ATOMIC_H

#include <kmm/types.h>

typedef struct { int counter; } atomic_t;
typedef struct { long counter; } atomic_long_t;

#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC_LONG_INIT(i)	{ (i) }

#define __kmm_relaxed	__ATOMIC_RELAXED
#define __kmm_full	__ATOMIC_SEQ_CST

static inline int atomic_read(const atomic_t *v)
{
	return __atomic_load_n(&v->counter, __kmm_relaxed);
}

static inline void atomic_set(atomic_t *v, int i)
{
	__atomic_store_n(&v->counter, i, __kmm_relaxed);
}

static inline void atomic_add(int i, atomic_t *v)
{
	__atomic_fetch_add(&v->counter, i, __kmm_relaxed);
}

static inline void atomic_sub(int i, atomic_t *v)
{
	__atomic_fetch_sub(&v->counter, i, __kmm_relaxed);
}

static inline void atomic_inc(atomic_t *v) { atomic_add(1, v); }
static inline void atomic_dec(atomic_t *v) { atomic_sub(1, v); }

static inline int atomic_add_return(int i, atomic_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __kmm_full);
}

static inline int atomic_sub_return(int i, atomic_t *v)
{
	return __atomic_sub_fetch(&v->counter, i, __kmm_full);
}

static inline int atomic_inc_return(atomic_t *v) { return atomic_add_return(1, v); }
static inline int atomic_dec_return(atomic_t *v) { return atomic_sub_return(1, v); }
static inline bool atomic_dec_and_test(atomic_t *v) { return atomic_sub_return(1, v) == 0; }
static inline bool atomic_sub_and_test(int i, atomic_t *v) { return atomic_sub_return(i, v) == 0; }

static inline int atomic_cmpxchg(atomic_t *v, int old, int new)
{
	__atomic_compare_exchange_n(&v->counter, &old, new, false, __kmm_full, __kmm_full);
	return old;
}

static inline bool atomic_try_cmpxchg(atomic_t *v, int *old, int new)
{
	return __atomic_compare_exchange_n(&v->counter, old, new, false, __kmm_full,
					   __kmm_full);
}

/* Add @a unless the value is @u; Return: the old value. */
static inline int atomic_fetch_add_unless(atomic_t *v, int a, int u)
{
	int c = atomic_read(v);

	do {
		if (c == u)
			break;
	} while (!atomic_try_cmpxchg(v, &c, c + a));
	return c;
}

static inline bool atomic_add_unless(atomic_t *v, int a, int u)
{
	return atomic_fetch_add_unless(v, a, u) != u;
}

static inline long atomic_long_read(const atomic_long_t *v)
{
	return __atomic_load_n(&v->counter, __kmm_relaxed);
}

static inline void atomic_long_set(atomic_long_t *v, long i)
{
	__atomic_store_n(&v->counter, i, __kmm_relaxed);
}

static inline void atomic_long_add(long i, atomic_long_t *v)
{
	__atomic_fetch_add(&v->counter, i, __kmm_relaxed);
}

static inline void atomic_long_sub(long i, atomic_long_t *v)
{
	__atomic_fetch_sub(&v->counter, i, __kmm_relaxed);
}

static inline void atomic_long_inc(atomic_long_t *v) { atomic_long_add(1, v); }
static inline void atomic_long_dec(atomic_long_t *v) { atomic_long_sub(1, v); }

static inline long atomic_long_add_return(long i, atomic_long_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __kmm_full);
}

#endif /* KMM_ATOMIC_H */
