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

/*
 * One set of operations per counter type: atomic_* on int, atomic_long_*
 * on long, the same code (linux/atomic.h generates them likewise).
 */
#define KMM_ATOMIC_OPS(pfx, atype, ctype)					\
static inline ctype pfx##_read(const atype *v)					\
{										\
	return __atomic_load_n(&v->counter, __kmm_relaxed);			\
}										\
static inline void pfx##_set(atype *v, ctype i)					\
{										\
	__atomic_store_n(&v->counter, i, __kmm_relaxed);			\
}										\
static inline void pfx##_add(ctype i, atype *v)					\
{										\
	__atomic_fetch_add(&v->counter, i, __kmm_relaxed);			\
}										\
static inline void pfx##_sub(ctype i, atype *v)					\
{										\
	__atomic_fetch_sub(&v->counter, i, __kmm_relaxed);			\
}										\
static inline void pfx##_inc(atype *v) { pfx##_add(1, v); }			\
static inline void pfx##_dec(atype *v) { pfx##_sub(1, v); }			\
static inline ctype pfx##_add_return(ctype i, atype *v)				\
{										\
	return __atomic_add_fetch(&v->counter, i, __kmm_full);			\
}										\
static inline ctype pfx##_sub_return(ctype i, atype *v)				\
{										\
	return __atomic_sub_fetch(&v->counter, i, __kmm_full);			\
}										\
static inline ctype pfx##_inc_return(atype *v) { return pfx##_add_return(1, v); } \
static inline ctype pfx##_dec_return(atype *v) { return pfx##_sub_return(1, v); } \
static inline bool pfx##_dec_and_test(atype *v) { return pfx##_sub_return(1, v) == 0; } \
static inline bool pfx##_sub_and_test(ctype i, atype *v)			\
{										\
	return pfx##_sub_return(i, v) == 0;					\
}										\
static inline ctype pfx##_cmpxchg(atype *v, ctype old, ctype new)		\
{										\
	__atomic_compare_exchange_n(&v->counter, &old, new, false, __kmm_full,	\
				    __kmm_full);				\
	return old;								\
}										\
static inline bool pfx##_try_cmpxchg(atype *v, ctype *old, ctype new)		\
{										\
	return __atomic_compare_exchange_n(&v->counter, old, new, false,	\
					   __kmm_full, __kmm_full);		\
}										\
/* Add @a unless the value is @u; Return: the old value. */			\
static inline ctype pfx##_fetch_add_unless(atype *v, ctype a, ctype u)		\
{										\
	ctype c = pfx##_read(v);						\
										\
	do {									\
		if (c == u)							\
			break;							\
	} while (!pfx##_try_cmpxchg(v, &c, c + a));				\
	return c;								\
}										\
static inline bool pfx##_add_unless(atype *v, ctype a, ctype u)			\
{										\
	return pfx##_fetch_add_unless(v, a, u) != u;				\
}

KMM_ATOMIC_OPS(atomic, atomic_t, int)
KMM_ATOMIC_OPS(atomic_long, atomic_long_t, long)
#undef KMM_ATOMIC_OPS

#endif /* KMM_ATOMIC_H */
