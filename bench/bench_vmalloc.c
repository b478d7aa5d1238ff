// SPDX-License-Identifier: MIT
/*
 * bench/bench_vmalloc.c - what vmalloc costs, next to the host's mmap.
 *
 * Prints one JSON object per line, in one run:
 *   {"bench":"vmalloc","op":"vmalloc_vfree","bytes":B,"ns_per_op":..,
 *    "mmap_munmap_ns":..,"ratio":..,"mmap_populate_munmap_ns":..,
 *    "ratio_populate":..,"target_ratio":1.3,"meets_target":bool}
 *     vmalloc(B) + vfree() against the host's mmap(B) + munmap() of
 *     private anonymous memory, for B = 4 KiB, 16 KiB, 1 MiB, 16 MiB. The
 *     host's pair does not back its memory until it is touched, vmalloc
 *     does (it allocates and maps every page), so the line also gives the
 *     pair with MAP_POPULATE, which backs it as vmalloc does.
 *   {"op":"vmalloc_touch_1m","gib_per_s":..,"host_gib_per_s":..,"target_gib_per_s":1.0,
 *    "meets_target":bool}
 *     vmalloc(1 MiB), memset every byte, vfree: bytes per second, and the
 *     same with mmap + memset + munmap.
 *   {"op":"kvmalloc_kvfree","bytes":65536,"ns_per_op":..}
 *     kvmalloc(64 KiB, GFP_KERNEL) + kvfree() (the kmalloc step succeeds
 *     on an unfragmented machine: until SLUB lands that is the page allocator).
 * Times are medians of 5 runs after a warm-up, on a 1 GiB machine with
 * one virtual CPU, the thread pinned to host CPU 0. The host is shared:
 * compare the ratios, not the absolute times.
 *
 * Usage: bench_vmalloc [--quick]
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <kmm/kmm.h>
#include <kmm/vmalloc.h>

#define RUNS	5

static bool quick;

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median over RUNS of the ns per iteration of @fn(@bytes, @iters). */
static double median_ns(void (*fn)(size_t, unsigned long), size_t bytes, unsigned long iters)
{
	double t[RUNS];

	fn(bytes, iters);	/* warm-up */
	for (int r = 0; r < RUNS; r++) {
		double t0 = now_ns();

		fn(bytes, iters);
		t[r] = (now_ns() - t0) / (double)iters;
	}
	qsort(t, RUNS, sizeof(t[0]), cmp_double);
	return t[RUNS / 2];
}

static void do_vmalloc(size_t bytes, unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		void *p = vmalloc(bytes);

		if (!p)
			abort();
		vfree(p);
	}
}

static void do_mmap_flags(size_t bytes, unsigned long iters, int extra)
{
	for (unsigned long i = 0; i < iters; i++) {
		void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | extra, -1, 0);

		if (p == MAP_FAILED)
			abort();
		munmap(p, bytes);
	}
}

static void do_mmap(size_t bytes, unsigned long iters)
{
	do_mmap_flags(bytes, iters, 0);
}

static void do_mmap_populate(size_t bytes, unsigned long iters)
{
	do_mmap_flags(bytes, iters, MAP_POPULATE);
}

static void do_vmalloc_touch(size_t bytes, unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		void *p = vmalloc(bytes);

		memset(p, (int)i, bytes);
		vfree(p);
	}
}

static void do_mmap_touch(size_t bytes, unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		memset(p, (int)i, bytes);
		munmap(p, bytes);
	}
}

static void do_kvmalloc(size_t bytes, unsigned long iters)
{
	for (unsigned long i = 0; i < iters; i++) {
		void *p = kvmalloc(bytes, GFP_KERNEL);

		if (!p)
			abort();
		kvfree(p);
	}
}

static unsigned long iters_for(size_t bytes)
{
	unsigned long n = bytes <= (16 << 10) ? 20000 : bytes <= (1 << 20) ? 2000 : 100;

	return quick ? n / 20 + 1 : n;
}

static void bench_pair(size_t bytes)
{
	unsigned long iters = iters_for(bytes);
	double v = median_ns(do_vmalloc, bytes, iters);
	double m = median_ns(do_mmap, bytes, iters);
	double mp = median_ns(do_mmap_populate, bytes, iters);

	printf("{\"bench\":\"vmalloc\",\"op\":\"vmalloc_vfree\",\"bytes\":%zu,\"ns_per_op\":%.1f,"
	       "\"mmap_munmap_ns\":%.1f,\"ratio\":%.2f,\"mmap_populate_munmap_ns\":%.1f,"
	       "\"ratio_populate\":%.2f,\"target_ratio\":1.3,\"meets_target\":%s,\"iters\":%lu}\n",
	       bytes, v, m, v / m, mp, v / mp, v / m <= 1.3 ? "true" : "false", iters);
}

static void bench_touch(void)
{
	size_t bytes = 1 << 20;
	unsigned long iters = iters_for(bytes);
	double v = median_ns(do_vmalloc_touch, bytes, iters);
	double m = median_ns(do_mmap_touch, bytes, iters);
	double gib = (double)bytes / (1 << 30);

	printf("{\"bench\":\"vmalloc\",\"op\":\"vmalloc_touch_1m\",\"ns_per_op\":%.1f,"
	       "\"gib_per_s\":%.2f,\"host_gib_per_s\":%.2f,\"target_gib_per_s\":1.0,"
	       "\"meets_target\":%s}\n", v, gib / (v * 1e-9), gib / (m * 1e-9),
	       gib / (v * 1e-9) >= 1.0 ? "true" : "false");
}

int main(int argc, char **argv)
{
	struct kmm_config cfg = { .ram_bytes = 1ULL << 30, .nr_cpus = 1 };
	static const size_t sizes[] = { 4 << 10, 16 << 10, 1 << 20, 16 << 20 };
	cpu_set_t set;

	quick = argc > 1 && !strcmp(argv[1], "--quick");
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	kmm_set_console(NULL);
	if (kmm_boot(&cfg, "quiet")) {
		fprintf(stderr, "bench_vmalloc: boot failed\n%s", kmm_dmesg());
		return 1;
	}
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		bench_pair(sizes[i]);
	bench_touch();
	printf("{\"bench\":\"vmalloc\",\"op\":\"kvmalloc_kvfree\",\"bytes\":65536,\"ns_per_op\":%.1f}\n",
	       median_ns(do_kvmalloc, 64 << 10, iters_for(64 << 10)));
	kmm_halt();
	return 0;
}
