/* SPDX-License-Identifier: MIT */
/*
 * bench/bench_util.h - timing helpers shared by the benchmarks: a
 * monotonic clock in ns, the median of a run's samples, and the total
 * instruction count of a command run under callgrind (for --instr).
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static inline double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of @n samples (sorts @v). */
static inline double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), bench_cmp_double);
	return v[n / 2];
}

/*
 * Instructions callgrind counts for "@self @args" (the whole program);
 * 0 if valgrind failed. Benchmarks run it with N and 2N iterations and
 * divide the difference by N, which cancels boot and setup.
 */
static inline unsigned long long callgrind_total(const char *self, const char *args)
{
	char out[] = "/tmp/bench_cg.XXXXXX", cmd[1024], line[256];
	unsigned long long total = 0;
	FILE *f;
	int fd = mkstemp(out);

	if (fd < 0)
		return 0;
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 "valgrind --tool=callgrind --callgrind-out-file=%s %s %s >/dev/null 2>&1",
		 out, self, args);
	if (system(cmd) != 0) {
		unlink(out);
		return 0;
	}
	f = fopen(out, "r");
	if (f) {
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "summary:", 8) || !strncmp(line, "totals:", 7))
				total = strtoull(strchr(line, ':') + 1, NULL, 10);
		fclose(f);
	}
	unlink(out);
	return total;
}

/*
 * Instructions per operation of "@self @args --iters N": callgrind's total
 * with 2N iterations minus the total with N, divided by N (boot, setup and
 * warm-up cancel out). Return: the count, or -1 if valgrind failed.
 */
static inline double callgrind_per_op(const char *self, const char *args, unsigned long n)
{
	char a[512];
	unsigned long long x, y;

	snprintf(a, sizeof(a), "%s --iters %lu", args, n);
	x = callgrind_total(self, a);
	snprintf(a, sizeof(a), "%s --iters %lu", args, 2 * n);
	y = callgrind_total(self, a);
	if (!x || !y)
		return -1;
	return (double)(y - x) / n;
}

#endif /* BENCH_UTIL_H */
