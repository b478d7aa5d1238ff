// SPDX-License-Identifier: MIT
/*
 * src/kernel/rcu.c - RCU for kmm (kmm/rcupdate.h), on liburcu.
 *
 * 1. Flavour. liburcu's "bp" (bulletproof) flavour registers a reading
 *    thread by itself on its first rcu_read_lock() and unregisters it
 *    when the thread exits; the "memb" flavour would need every reader to
 *    call urcu_memb_register_thread() and unregister before it exits, which
 *    kmm cannot ask of the threads of programs that use it. Reads cost a
 *    little more in bp; grace periods are what SLAB_TYPESAFE_BY_RCU and
 *    kfree_rcu() need, and both flavours give the same guarantee.
 * 2. Callbacks. call_rcu() hands the callback to liburcu's call_rcu
 *    thread, which runs it after a grace period; rcu_barrier() waits for
 *    every callback queued before it. kmm_rcu_halt() runs that barrier so
 *    no callback touches a machine's memory after kmm_halt().
 * 3. kfree_rcu(ptr, field) queues a callback on the rcu_head inside the
 *    object; the callback finds the object's start from the slab (or the
 *    large kmalloc's pages) and kfree()s it, so it needs no offset.
 * 4. How kmm differs: Linux's kfree_rcu batches pointers per CPU; here each
 *    object is one callback.
 */
#include <stddef.h>
#include <urcu/urcu-bp.h>

/*
 * liburcu's map header names its functions rcu_read_lock, call_rcu ...;
 * this file defines kmm's functions of those names on top of them, so it
 * uses liburcu's own struct rcu_head (kmm/rcupdate.h's has the same
 * layout: next, then func) and does not include kmm/rcupdate.h.
 */
#undef rcu_read_lock
#undef rcu_read_unlock
#undef synchronize_rcu
#undef call_rcu
#undef rcu_barrier
_Static_assert(sizeof(struct rcu_head) == 16 &&
	       offsetof(struct rcu_head, func) == 8, "struct rcu_head layout");

void rcu_read_lock(void);
void rcu_read_unlock(void);
void synchronize_rcu(void);
void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head));
void rcu_barrier(void);
void kmm_rcu_init(void);
void kmm_rcu_halt(void);

void rcu_read_lock(void)
{
	urcu_bp_read_lock();
}

void rcu_read_unlock(void)
{
	urcu_bp_read_unlock();
}

/** synchronize_rcu - wait until every reader that started before has left. */
void synchronize_rcu(void)
{
	urcu_bp_synchronize_rcu();
}

void rcu_callback_begin(struct rcu_head *head);

#if defined(__SANITIZE_THREAD__)
void __tsan_acquire(void *addr);
void __tsan_release(void *addr);
#define rcu_tsan_release(p)	__tsan_release(p)
#define rcu_tsan_acquire(p)	__tsan_acquire(p)
#else
#define rcu_tsan_release(p)	((void)(p))
#define rcu_tsan_acquire(p)	((void)(p))
#endif
#if defined(__SANITIZE_THREAD__)
/*
 * liburcu is not built with TSan: its own threads' allocations and
 * ordering look like races. Ignore what happens inside it.
 */
const char *__tsan_default_suppressions(void);
const char *__tsan_default_suppressions(void)
{
	return "called_from_lib:liburcu-bp.so.8\nrace:liburcu-bp.so.8\n";
}
#endif

void rcu_callback_begin(struct rcu_head *head)
{
	rcu_tsan_acquire(head);
}

/**
 * call_rcu - run @func(@head) after a grace period, on liburcu's thread.
 * @head: an rcu_head inside the object.
 * @func: the callback.
 * Context: any thread.
 */
void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *head))
{
	rcu_tsan_release(head);
	urcu_bp_call_rcu(head, func);
}

/** rcu_barrier - wait until every callback queued so far has run. */
void rcu_barrier(void)
{
	urcu_bp_barrier();
}

void kmm_rcu_init(void)
{
}

void kmm_rcu_halt(void)
{
	urcu_bp_barrier();
}

