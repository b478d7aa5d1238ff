/* SPDX-License-Identifier: MIT */
/*
 * kmm/rcupdate.h - RCU (linux/rcupdate.h): read-side critical sections,
 * grace periods and callbacks, on liburcu's "memb" flavour
 * (src/kernel/rcu.c).
 *
 * The memb flavour needs no per-thread registration for the read side
 * beyond what rcu.c does itself: every rcu_read_lock() registers its
 * thread on first use, so any thread may read. A grace period waits for
 * every reader that started before it. call_rcu() callbacks run on
 * liburcu's callback thread after a grace period; rcu_barrier() waits
 * until all callbacks queued so far have run.
 */
#ifndef KMM_RCUPDATE_H
#define KMM_RCUPDATE_H

#include <kmm/types.h>
#include <kmm/compiler.h>

/*
 * struct rcu_head - embed in an object to free it after a grace period.
 * Its layout matches liburcu's struct rcu_head (checked in rcu.c).
 */
struct rcu_head {
	struct rcu_head *next;
	void (*func)(struct rcu_head *head);
};
#define callback_head rcu_head

void rcu_read_lock(void);
void rcu_read_unlock(void);
void synchronize_rcu(void);
void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head));
void rcu_barrier(void);
/*
 * kmm: the first call of a callback queued with call_rcu(). ThreadSanitizer
 * cannot see liburcu's ordering (it is not instrumented): this tells it
 * that what happened before call_rcu() happened before the callback.
 * No-op without TSan.
 */
void rcu_callback_begin(struct rcu_head *head);
/* kmm: start RCU at boot and drain it at halt (src/kernel/rcu.c). */
void kmm_rcu_init(void);
void kmm_rcu_halt(void);

void kvfree_call_rcu(struct rcu_head *head, void *ptr);

/*
 * kfree_rcu(ptr, rhf) - kfree(@ptr) after a grace period; @rhf is the
 * name of @ptr's struct rcu_head field.
 */
#define kfree_rcu(ptr, rhf)						\
	do {								\
		__typeof__(ptr) ___p = (ptr);				\
		if (___p)						\
			kvfree_call_rcu(&___p->rhf, (void *)___p);	\
	} while (0)
#define kvfree_rcu(ptr, rhf)	kfree_rcu(ptr, rhf)

/* kfree_rcu_mightsleep(ptr) - wait for a grace period, then kfree(@ptr). */
#define kfree_rcu_mightsleep(ptr)					\
	do {								\
		void *___q = (void *)(ptr);				\
		if (___q)						\
			kvfree_call_rcu(NULL, ___q);			\
	} while (0)

#define rcu_dereference(p)	READ_ONCE(p)
#define rcu_assign_pointer(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)

#endif /* KMM_RCUPDATE_H */
