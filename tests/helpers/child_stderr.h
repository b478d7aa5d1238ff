/* SPDX-License-Identifier: MIT */
/*
 * tests/helpers/child_stderr.h - run a function in a forked child and
 * collect what it wrote to stderr: for reports that end the process
 * (BUG, panic), whose text a test cannot read from its own log.
 */
#ifndef KMM_TEST_CHILD_STDERR_H
#define KMM_TEST_CHILD_STDERR_H

#include <stddef.h>

/*
 * Run @fn in a child whose stderr goes to @out (NUL-terminated, at most
 * @size - 1 bytes kept). Return: the child's wait status, or -1.
 */
int run_child_stderr(void (*fn)(void), char *out, size_t size);

#endif
