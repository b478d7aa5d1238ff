// SPDX-License-Identifier: MIT
/*
 * tests/test_wait.c - the sleeping primitives reclaim is built on: task
 * sleeps (schedule_timeout, wake_up_process), wait queues (wait_event*,
 * wake_up*), completions and kthreads. No machine is booted: these work
 * in any thread at any time.
 *
 *     waiter                          waker
 *     prepare_to_wait  (state=UN)
 *     condition? no                   condition = true
 *     schedule_timeout ... woken <--  wake_up(&wq)   (entry unlinked)
 *     condition? yes -> finish_wait
 *
 * Timing bounds are generous (a loaded host may delay a thread by tens
 * of milliseconds); what is asserted is the order of magnitude: a woken
 * sleep ends long before its timeout, a timed-out sleep not before it.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <kmm/completion.h>
#include <kmm/errno.h>
#include <kmm/jiffies.h>
#include <kmm/kthread.h>
#include <kmm/printk.h>
#include <kmm/spinlock.h>
#include <kmm/wait.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int count_tasks(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	cr_assert_not_null(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* ---- schedule_timeout ---- */

Test(schedule_timeout, times_out_after_its_jiffies)
{
	double t0 = now_ms();
	long left;

	set_current_state(TASK_UNINTERRUPTIBLE);
	left = schedule_timeout(HZ / 25);	/* 10 jiffies: 40 ms */
	cr_assert_eq(left, 0);
	cr_assert_geq(now_ms() - t0, 39.0);
	cr_assert_eq(task_state(current), TASK_RUNNING);
	cr_assert_eq(current->nvcsw, 1);
}

Test(schedule_timeout, running_task_does_not_sleep)
{
	double t0 = now_ms();

	__set_current_state(TASK_RUNNING);
	cr_assert_eq(schedule_timeout(HZ), HZ);
	cr_assert_lt(now_ms() - t0, 100.0);
	cr_assert_eq(current->nvcsw, 0);
}

struct sleeper {
	struct task_struct *task;
	atomic_int ready;
	long left;
};

static void *timed_sleeper(void *arg)
{
	struct sleeper *s = arg;

	set_current_state(TASK_UNINTERRUPTIBLE);
	s->task = current;
	atomic_store(&s->ready, 1);
	s->left = schedule_timeout(10 * HZ);
	return NULL;
}

Test(schedule_timeout, wake_up_process_ends_the_sleep_early)
{
	struct sleeper s = { 0 };
	pthread_t t;
	double t0 = now_ms();

	pthread_create(&t, NULL, timed_sleeper, &s);
	while (!atomic_load(&s.ready))
		usleep(100);
	usleep(20000);
	cr_assert_eq(wake_up_process(s.task), 1);
	pthread_join(t, NULL);
	cr_assert_gt(s.left, 0);
	cr_assert_lt(now_ms() - t0, 5000.0);
}

Test(schedule_timeout, atomic_context_is_reported)
{
	DEFINE_SPINLOCK(lock);

	kmm_dmesg_clear();
	spin_lock(&lock);
	set_current_state(TASK_UNINTERRUPTIBLE);
	schedule_timeout(1);
	spin_unlock(&lock);
	cr_assert_not_null(strstr(kmm_dmesg(), "BUG: scheduling while atomic: "));
}

/* ---- wait queues ---- */

static DECLARE_WAIT_QUEUE_HEAD(wq);
static atomic_int cond_flag;
static atomic_int waiters_in;

static void *event_waiter(void *arg)
{
	long *ret = arg;

	atomic_fetch_add(&waiters_in, 1);
	*ret = wait_event_timeout(wq, atomic_load(&cond_flag), 10 * HZ);
	return NULL;
}

Test(wait_queue, wake_up_all_releases_every_waiter)
{
	pthread_t t[3];
	long ret[3];
	double t0 = now_ms();

	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, event_waiter, &ret[i]);
	while (atomic_load(&waiters_in) < 3)
		usleep(100);
	usleep(20000);
	cr_assert(waitqueue_active(&wq));
	atomic_store(&cond_flag, 1);
	wake_up_all(&wq);
	for (int i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		cr_assert_gt(ret[i], 0, "waiter %d timed out", i);
	}
	cr_assert_not(waitqueue_active(&wq));
	cr_assert_lt(now_ms() - t0, 5000.0);
}

Test(wait_queue, timeout_returns_zero_when_condition_stays_false)
{
	DECLARE_WAIT_QUEUE_HEAD(q);
	double t0 = now_ms();
	long ret = wait_event_timeout(q, false, 5);

	cr_assert_eq(ret, 0);
	cr_assert_geq(now_ms() - t0, 19.0);
	cr_assert_not(waitqueue_active(&q));
}

Test(wait_queue, true_condition_returns_at_once_without_sleeping)
{
	DECLARE_WAIT_QUEUE_HEAD(q);

	cr_assert_eq(wait_event_timeout(q, true, 7), 7);
	cr_assert_eq(wait_event_interruptible_timeout(q, true, 0), 1);
	cr_assert_eq(current->nvcsw, 0);
}

Test(wait_queue, wake_up_without_waiters_wakes_nobody)
{
	DECLARE_WAIT_QUEUE_HEAD(q);

	cr_assert_eq(wake_up(&q), 0);
	cr_assert_eq(wake_up_all(&q), 0);
}

/* ---- completions ---- */

static struct completion done;

static void *completer(void *arg)
{
	usleep(20000);
	complete(&done);
	return arg;
}

Test(completion, wait_for_completion_waits_for_complete)
{
	pthread_t t;

	init_completion(&done);
	cr_assert_not(completion_done(&done));
	pthread_create(&t, NULL, completer, NULL);
	cr_assert_gt(wait_for_completion_timeout(&done, 10 * HZ), 0);
	pthread_join(t, NULL);
	cr_assert_not(try_wait_for_completion(&done));
}

Test(completion, counts_and_complete_all)
{
	init_completion(&done);
	complete(&done);
	complete(&done);
	cr_assert(try_wait_for_completion(&done));
	cr_assert(try_wait_for_completion(&done));
	cr_assert_not(try_wait_for_completion(&done));
	cr_assert_eq(wait_for_completion_timeout(&done, 2), 0);
	complete_all(&done);
	for (int i = 0; i < 5; i++)
		cr_assert(try_wait_for_completion(&done));
}

/* ---- kthreads ---- */

static atomic_int loops;

static int looping_thread(void *data)
{
	DECLARE_WAIT_QUEUE_HEAD(never);

	cr_assert_str_eq(current->comm, "kloop7");
	cr_assert(current->flags & PF_KTHREAD);
	while (!kthread_should_stop()) {
		atomic_fetch_add(&loops, 1);
		wait_event_interruptible_timeout(never, kthread_should_stop(), HZ);
	}
	return 42 + (int)(long)data;
}

Test(kthread, run_then_stop_returns_the_result_and_joins)
{
	int before = count_tasks();
	struct task_struct *k = kthread_run(looping_thread, (void *)1L, "kloop%d", 7);
	double t0;

	cr_assert_not(IS_ERR(k));
	cr_assert_eq(kthreads_running(), 1);
	while (!atomic_load(&loops))
		usleep(100);
	cr_assert_eq(count_tasks(), before + 1);
	cr_assert_not(kthread_should_stop());
	t0 = now_ms();
	cr_assert_eq(kthread_stop(k), 43);
	cr_assert_lt(now_ms() - t0, 1000.0, "the stop did not wake the thread");
	cr_assert_eq(count_tasks(), before);
	cr_assert_eq(kthreads_running(), 0);
}

static int never_runs(void *data)
{
	(void)data;
	cr_assert_fail("a kthread that was never woken ran");
	return 0;
}

Test(kthread, stop_before_wake_never_runs_the_function)
{
	struct task_struct *k = kthread_create(never_runs, NULL, "kidle");

	cr_assert_not(IS_ERR(k));
	usleep(10000);
	cr_assert_eq(kthread_stop(k), -EINTR);
}

Test(kthread, comm_is_visible_to_the_host)
{
	struct task_struct *k = kthread_run(looping_thread, NULL, "kloop%d", 7);
	char path[300], comm[32] = "";
	bool found = false;
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;

	while (!atomic_load(&loops))
		usleep(100);
	while ((e = readdir(d))) {
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
		f = fopen(path, "r");
		if (f && fgets(comm, sizeof(comm), f) && !strcmp(comm, "kloop7\n"))
			found = true;
		if (f)
			fclose(f);
	}
	closedir(d);
	kthread_stop(k);
	cr_assert(found);
}
