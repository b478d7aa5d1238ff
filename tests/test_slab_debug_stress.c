// SPDX-License-Identifier: MIT
/*
 * tests/test_slab_debug_stress.c - SLUB debugging under two threads: a
 * cache with every check (slub_debug=FZPU, owner tracking with its stack
 * depot) used from two host threads that free each other's objects.
 * Correct use must never earn a report, and the cache must validate
 * afterwards. Built under ThreadSanitizer too (make tsan).
 *
 *   thread A: alloc 64 -> write a pattern -> hand 32 to B, free 32 itself
 *   thread B: the same, handing to A
 *   each frees what it is handed, after checking the pattern
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <kmm/kmm.h>
#include <kmm/slab.h>

#define ROUNDS	1000
#define BATCH	64
#define OBJ	72

struct mailbox {
	pthread_mutex_t lock;
	void *objs[BATCH * 4];
	int nr;
};

static struct kmem_cache *cache;
static struct mailbox box[2] = {
	{ .lock = PTHREAD_MUTEX_INITIALIZER },
	{ .lock = PTHREAD_MUTEX_INITIALIZER },
};
static int failures;

static void fill(uint8_t *p, uintptr_t tag)
{
	for (int i = 0; i < OBJ; i++)
		p[i] = (uint8_t)(tag + (uintptr_t)i);
}

static bool filled(const uint8_t *p, uintptr_t tag)
{
	for (int i = 0; i < OBJ; i++)
		if (p[i] != (uint8_t)(tag + (uintptr_t)i))
			return false;
	return true;
}

/* Free what the other thread handed us; Return: how many. */
static int drain(struct mailbox *mb)
{
	void *objs[BATCH * 4];
	int n;

	pthread_mutex_lock(&mb->lock);
	n = mb->nr;
	memcpy(objs, mb->objs, (size_t)n * sizeof(void *));
	mb->nr = 0;
	pthread_mutex_unlock(&mb->lock);
	for (int i = 0; i < n; i++) {
		if (!filled(objs[i], (uintptr_t)objs[i]))
			__atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
		kmem_cache_free(cache, objs[i]);
	}
	return n;
}

/*
 * Hand @n objects to the other thread. If its box is full (it may have
 * finished its rounds already), free them here instead: never wait.
 */
static void post(struct mailbox *mb, void **objs, int n)
{
	bool posted = false;

	pthread_mutex_lock(&mb->lock);
	if (mb->nr + n <= (int)(sizeof(mb->objs) / sizeof(mb->objs[0]))) {
		memcpy(mb->objs + mb->nr, objs, (size_t)n * sizeof(void *));
		mb->nr += n;
		posted = true;
	}
	pthread_mutex_unlock(&mb->lock);
	for (int i = 0; !posted && i < n; i++)
		kmem_cache_free(cache, objs[i]);
}

static void *worker(void *arg)
{
	int me = (int)(uintptr_t)arg;
	void *objs[BATCH];

	for (int round = 0; round < ROUNDS; round++) {
		for (int i = 0; i < BATCH; i++) {
			objs[i] = kmem_cache_alloc(cache, GFP_KERNEL);
			if (!objs[i]) {
				__atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
				return NULL;
			}
			fill(objs[i], (uintptr_t)objs[i]);
		}
		post(&box[!me], objs, BATCH / 2);
		for (int i = BATCH / 2; i < BATCH; i++)
			kmem_cache_free(cache, objs[i]);
		drain(&box[me]);
	}
	return NULL;
}

Test(slab_debug_stress, two_threads_cross_free_a_fully_debugged_cache)
{
	struct kmm_config cfg = { .ram_bytes = 256ULL << 20, .nr_cpus = 2 };
	pthread_t t[2];

	cr_assert(kmm_boot(&cfg, "slub_debug=FZPU,stress-72") == 0);
	cache = kmem_cache_create("stress-72", OBJ, 0, 0, NULL);
	cr_assert(cache != NULL);
	kmm_dmesg_clear();
	for (int i = 0; i < 2; i++)
		cr_assert(pthread_create(&t[i], NULL, worker, (void *)(uintptr_t)i) == 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	drain(&box[0]);
	drain(&box[1]);
	cr_assert(failures == 0, "%d objects lost their contents", failures);
	cr_assert(strstr(kmm_dmesg(), "BUG ") == NULL, "a report:\n%s", kmm_dmesg());
	cr_assert(kmem_cache_validate(cache) == 0, "%s", kmm_dmesg());
	cr_assert(kmem_cache_is_valid(cache), "%s", kmm_dmesg());
	kmem_cache_destroy(cache);
	cr_assert(strstr(kmm_dmesg(), "still has objects") == NULL, "%s", kmm_dmesg());
	kmm_halt();
}
