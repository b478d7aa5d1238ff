// SPDX-License-Identifier: MIT
/* tests/shim/shim_main.c - the driver of the Criterion stand-in (see
 * shim/criterion/criterion.h): runs each test in a forked child. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "criterion/criterion.h"

static struct shim_test *tests;

void shim_register(struct shim_test *t)
{
	t->next = tests;
	tests = t;
}

void shim_fail(const char *file, int line, const char *expr, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "[----] %s:%d: Assertion failed: %s\n[----]   ", file, line, expr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

static int run_one(const struct shim_test *t)
{
	pid_t pid = fork();
	int status = 0;

	if (pid == 0) {
		t->fn();
		exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(void)
{
	int passed = 0, failed = 0;

	for (const struct shim_test *t = tests; t; t = t->next) {
		int ok = run_one(t);

		printf("[%s] %s::%s\n", ok ? "PASS" : "FAIL", t->suite, t->name);
		fflush(stdout);
		ok ? passed++ : failed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
