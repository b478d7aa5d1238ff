// SPDX-License-Identifier: MIT
/*
 * bench/bench_boot.c - how long a machine takes to boot, and what
 * memblock's region operations cost.
 *
 * Prints one JSON object per line:
 *   {"bench":"physmem_map","ram":"64G","map_us":..}   the memfd direct map alone
 *   {"bench":"boot","ram":"1G","ms":..,"runs":N}      median of N boots
 *   {"bench":"memblock_reserve_scattered","calls":10000,"ns_per_call":..}
 *   {"bench":"memblock_add_scattered","calls":10000,"ns_per_call":..}
 * Times are medians over several runs; this machine is noisy, so compare
 * ratios, and use scripts/bench.sh --callgrind for instruction counts.
 *
 * Usage: bench_boot [--quick]
 *   --quick: one run of each, on machines valgrind can map (1 GiB, 4 GiB),
 *   for scripts/bench.sh --callgrind, which counts the instructions spent
 *   inside kmm_boot, memblock_reserve and memblock_add per call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kmm/kmm.h>
#include "bench_util.h"
#include "host/host.h"

static int runs = 9;

static void bench_boot(const char *label, unsigned long long ram)
{
	struct kmm_config cfg = { .ram_bytes = ram };
	double t[32];

	for (int i = 0; i < runs; i++) {
		double t0 = now_ns();

		if (kmm_boot(&cfg, "")) {
			fprintf(stderr, "boot %s failed:\n%s", label, kmm_dmesg());
			exit(1);
		}
		t[i] = now_ns() - t0;
		kmm_halt();
	}
	printf("{\"bench\":\"boot\",\"ram\":\"%s\",\"ms\":%.3f,\"runs\":%d}\n", label,
	       median(t, runs) / 1e6, runs);
}

/* The host layer alone: map (and unmap) a memfd of @bytes as the direct map. */
static void bench_physmem(const char *label, unsigned long long bytes)
{
	double t[32], u[32];

	for (int i = 0; i < runs; i++) {
		struct host_physmem pm;
		double t0 = now_ns();

		if (host_physmem_map(&pm, bytes)) {
			fprintf(stderr, "cannot map %s\n", label);
			exit(1);
		}
		t[i] = now_ns() - t0;
		t0 = now_ns();
		host_physmem_unmap(&pm);
		u[i] = now_ns() - t0;
	}
	printf("{\"bench\":\"physmem_map\",\"ram\":\"%s\",\"map_us\":%.1f,\"unmap_us\":%.1f,\"runs\":%d}\n",
	       label, median(t, runs) / 1e3, median(u, runs) / 1e3, runs);
}

/* A scattered order of @n slots: i * a prime stride, modulo n. */
static unsigned long scatter(unsigned long i, unsigned long n)
{
	return (i * 7919UL) % n;
}

static void bench_regions(const char *name, int (*op)(phys_addr_t, phys_addr_t),
			  phys_addr_t base, unsigned long calls)
{
	struct kmm_config cfg = { .ram_bytes = 4ULL << 30 };
	double t[32];

	for (int r = 0; r < runs; r++) {
		double t0;

		kmm_boot(&cfg, "");
		t0 = now_ns();
		for (unsigned long i = 0; i < calls; i++)
			op(base + scatter(i, calls) * 2 * SZ_64K, SZ_64K);
		t[r] = now_ns() - t0;
		if (!memblock_is_valid())
			exit(1);
		kmm_halt();
	}
	printf("{\"bench\":\"%s\",\"calls\":%lu,\"ns_per_call\":%.1f,\"runs\":%d}\n", name,
	       calls, median(t, runs) / calls, runs);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--quick")) {
		runs = 1;
		bench_physmem("1G", 1ULL << 30);
		bench_boot("1G", 1ULL << 30);
		bench_boot("4G", 4ULL << 30);
		bench_regions("memblock_reserve_scattered", memblock_reserve, 0x80000000ULL, 10000);
		bench_regions("memblock_add_scattered", memblock_add, 0x200000000ULL, 10000);
		return 0;
	}
	bench_physmem("64G", 64ULL << 30);
	bench_physmem("1T", 1ULL << 40);
	bench_boot("1G", 1ULL << 30);
	bench_boot("64G", 64ULL << 30);
	bench_boot("1T", 1ULL << 40);
	/* Reserve inside RAM (2 GiB + 1.25 GiB of 64 KiB holes); add above it. */
	bench_regions("memblock_reserve_scattered", memblock_reserve, 0x80000000ULL, 10000);
	bench_regions("memblock_add_scattered", memblock_add, 0x200000000ULL, 10000);
	return 0;
}
