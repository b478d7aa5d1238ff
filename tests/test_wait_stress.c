// SPDX-License-Identifier: MIT
/*
 * tests/test_wait_stress.c - the sleeping primitives under real
 * concurrency: no lost wakeup, no use of a task after it is gone, clean
 * under ThreadSanitizer (`make tsan` runs it with tests/shim).
 *
 *   ping-pong:   two threads hand a token back and forth through one wait
 *                queue, each waiting (bounded) for its turn: a lost
 *                wakeup shows as a timeout, a race as a TSan report.
 *   completion:  a producer completes N times, a consumer waits N times.
 *   kthreads:    start and stop kthreads in a loop while another thread
 *                wakes them at random: every stop returns, no thread is
 *                left.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include <kmm/completion.h>
#include <kmm/jiffies.h>
#include <kmm/kthread.h>
#include <kmm/wait.h>

#ifdef __SANITIZE_THREAD__
#define ROUNDS		5000
#define KTHREADS	100
#else
#define ROUNDS		50000
#define KTHREADS	500
#endif

/* ---- ping-pong through one wait queue ---- */

static DECLARE_WAIT_QUEUE_HEAD(turn_wq);
static atomic_int turn;
static atomic_long timeouts;

static void *player(void *arg)
{
	int me = (int)(long)arg;

	for (int i = 0; i < ROUNDS; i++) {
		if (!wait_event_timeout(turn_wq, atomic_load(&turn) == me, 10 * HZ))
			atomic_fetch_add(&timeouts, 1);
		atomic_store(&turn, !me);
		wake_up_all(&turn_wq);
	}
	return NULL;
}

Test(wait_stress, ping_pong_loses_no_wakeup)
{
	pthread_t t[2];

	for (long i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, player, (void *)i);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	cr_assert_eq(atomic_load(&timeouts), 0);
}

/* ---- completions ---- */

static struct completion items;

static void *producer(void *arg)
{
	for (int i = 0; i < ROUNDS; i++)
		complete(&items);
	return arg;
}

Test(wait_stress, every_complete_is_consumed_once)
{
	pthread_t t;
	int got = 0;

	init_completion(&items);
	pthread_create(&t, NULL, producer, NULL);
	for (int i = 0; i < ROUNDS; i++)
		got += wait_for_completion_timeout(&items, 10 * HZ) != 0;
	pthread_join(t, NULL);
	cr_assert_eq(got, ROUNDS);
	cr_assert(!try_wait_for_completion(&items));
}

/* ---- kthreads started, woken at random, stopped ---- */

static _Atomic(struct task_struct *) victim;
static atomic_bool stop_waker;

static atomic_int started;

static int sleeper_fn(void *data)
{
	DECLARE_WAIT_QUEUE_HEAD(never);

	atomic_store(&started, 1);
	while (!kthread_should_stop())
		wait_event_interruptible_timeout(never, kthread_should_stop(), HZ);
	return (int)(long)data;
}

static atomic_int waker_busy;

/*
 * A task may only be woken while it is alive. The waker announces itself
 * (waker_busy) before it reads victim; the stopper clears victim, then
 * waits until no waker is busy before kthread_stop() frees the task.
 */
static void *random_waker(void *arg)
{
	while (!atomic_load(&stop_waker)) {
		struct task_struct *k;

		atomic_fetch_add(&waker_busy, 1);
		k = atomic_load(&victim);
		if (k)
			wake_up_process(k);
		atomic_fetch_sub(&waker_busy, 1);
	}
	return arg;
}

Test(wait_stress, kthreads_start_and_stop_under_random_wakeups)
{
	pthread_t w;
	int before = kthreads_running();

	pthread_create(&w, NULL, random_waker, NULL);
	for (int i = 0; i < KTHREADS; i++) {
		struct task_struct *k = kthread_run(sleeper_fn, (void *)(long)i, "kstress%d", i);

		cr_assert(!IS_ERR(k));
		atomic_store(&victim, k);
		/* Stopped before threadfn runs, a kthread returns -EINTR, as Linux's. */
		while (!atomic_load(&started))
			sched_yield();
		atomic_store(&started, 0);
		atomic_store(&victim, NULL);
		while (atomic_load(&waker_busy))
			sched_yield();
		cr_assert_eq(kthread_stop(k), i);
	}
	atomic_store(&stop_waker, true);
	pthread_join(w, NULL);
	cr_assert_eq(kthreads_running(), before);
}
