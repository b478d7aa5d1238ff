/* SPDX-License-Identifier: MIT */
/*
 * tests/helpers/run_kmm.h - run the kmm program (KMM_BIN, which CMake
 * defines for every suite) with arguments, stdin closed, and collect its
 * exit status and both outputs. Header-only: the suites that drive the
 * program (reports, slabinfo, the demo) include it.
 */
#ifndef TESTS_HELPERS_RUN_KMM_H
#define TESTS_HELPERS_RUN_KMM_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dmesg_lines.h"	/* read_file() */

struct run {
	int status;	/* exit status; 128 + signal if killed */
	char *out;	/* standard output, NUL-terminated (free with run_free) */
	char *err;	/* standard error */
};

static inline char *run_slurp_fd(int fd)
{
	char path[64], *text;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	text = read_file(path);
	cr_assert(text);
	return text;
}

/* Run KMM_BIN with @args (NULL-terminated, at most 30). */
static inline struct run run_kmm(const char *const *args)
{
	char outp[] = "/tmp/kmm-run-out-XXXXXX", errp[] = "/tmp/kmm-run-err-XXXXXX";
	int out = mkstemp(outp), err = mkstemp(errp), status;
	const char *argv[32] = { KMM_BIN };
	struct run r;
	pid_t pid;

	cr_assert(out >= 0 && err >= 0);
	unlink(outp);
	unlink(errp);
	for (int i = 0; args[i] && i < 30; i++)
		argv[i + 1] = args[i];
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		dup2(out, 1);
		dup2(err, 2);
		close(0);
		execv(KMM_BIN, (char *const *)argv);
		_exit(127);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	r.out = run_slurp_fd(out);
	r.err = run_slurp_fd(err);
	close(out);
	close(err);
	return r;
}

static inline void run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

#endif /* TESTS_HELPERS_RUN_KMM_H */
