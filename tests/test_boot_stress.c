// SPDX-License-Identifier: MIT
/*
 * tests/test_boot_stress.c - two threads against the foundation: one boots
 * and halts machines, allocating from memblock and writing what it gets,
 * while the other logs with printk, reads the log and asks whether a
 * machine runs. The log must stay well-formed, every allocation must hold
 * its pattern, and every validator must pass. Run under TSan by `make tsan`.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include <kmm/kmm.h>

#define BOOTS 40

static atomic_bool done;

static void *logger(void *arg)
{
	static char copy[1 << 16];
	unsigned long n = 0;

	while (!atomic_load(&done)) {
		pr_info("stress logger line %lu\n", n++);
		(void)kmm_is_booted();
		kmm_dmesg_copy(copy, sizeof(copy));
		cr_assert(strlen(copy) < sizeof(copy));
	}
	return NULL;
}

static void use_memory(void)
{
	for (int i = 0; i < 64; i++) {
		size_t size = 4096u << (i % 6);
		unsigned char *p = memblock_alloc(size, SMP_CACHE_BYTES);

		cr_assert(p);
		for (size_t j = 0; j < size; j++)
			cr_assert_eq(p[j], 0, "memblock_alloc memory is zeroed");
		memset(p, i, size);
		cr_assert_eq(p[size - 1], (unsigned char)i);
	}
	cr_assert(memblock_is_valid());
}

Test(boot_stress, boots_while_another_thread_logs)
{
	pthread_t t;

	cr_assert_eq(pthread_create(&t, NULL, logger, NULL), 0);
	for (int i = 0; i < BOOTS; i++) {
		struct kmm_config cfg = { .ram_bytes = (1ULL + i % 4) << 30, .nr_nodes = 1 + i % 2 };

		cr_assert_eq(kmm_boot(&cfg, "pf_buf_len=32M"), 0, "%s", kmm_dmesg());
		use_memory();
		kmm_halt();
	}
	atomic_store(&done, true);
	pthread_join(t, NULL);
}

/* Every line of the log is "[sssss.uuuuuu] text": no interleaving. */
Test(boot_stress, log_lines_stay_whole)
{
	pthread_t t;
	const char *p;

	cr_assert_eq(pthread_create(&t, NULL, logger, NULL), 0);
	cr_assert_eq(kmm_boot(NULL, "memblock=debug"), 0);
	for (int i = 0; i < 2000; i++)
		pr_info("stress main line %d\n", i);
	atomic_store(&done, true);
	pthread_join(t, NULL);
	for (p = kmm_dmesg(); *p; p = strchr(p, '\n') + 1) {
		cr_assert_eq(p[0], '[', "bad line start: %.40s", p);
		cr_assert_eq(p[13], ']', "bad stamp: %.40s", p);
		if (!strchr(p, '\n'))
			break;
	}
	kmm_halt();
}
