// SPDX-License-Identifier: MIT
/*
 * tests/test_printk_stress.c - two threads print, a third reads the log.
 *
 * Each writer prints NR_LINES numbered messages; every odd one is built
 * from three KERN_CONT fragments. Every fragment is a token
 * "T<thread>.<number>.<fragment>", so the final log can be checked
 * exactly:
 *
 *   - every line carries the dmesg stamp and ends with a newline;
 *   - a line holds tokens of one thread and one message, fragments in
 *     order (a fragment may start a line of its own when the other thread
 *     printed in between, never land inside the other thread's line);
 *   - every token appears exactly once (nothing lost: the log is large
 *     enough for all of it).
 *
 * Meanwhile the reader copies the log with kmm_dmesg_copy() again and
 * again (into 1 MiB, so most copies are cut) and checks each snapshot
 * starts at a stamp, has the promised length, and only grows.
 *
 * Under ThreadSanitizer this suite builds against tests/shim/ (Criterion
 * cannot start under TSan). The checks run in plain functions that return
 * NULL or what went wrong, asserted in the test's own thread: Criterion's
 * assertions must not fire in the threads a test starts.
 */
#include <fcntl.h>
#include <pthread.h>
#include <regex.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <kmm/printk.h>

#define NR_WRITERS	2
#define NR_LINES	100000
#define COPY_SIZE	(16UL << 20)	/* the whole log, at the end */
#define SNAPSHOT_SIZE	(1UL << 20)	/* the reader's copies: often cut */

/* Format a failure; Return: its text (one static buffer). */
static const char *fail(const char *fmt, ...)
{
	static char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return msg;
}

/* ---- two writers, one reader ------------------------------------------- */

static atomic_int writers_done;

static void *writer(void *arg)
{
	int t = (int)(long)arg;

	for (int i = 0; i < NR_LINES; i++) {
		if (i % 2 == 0) {
			printk(KERN_INFO "T%d.%d.0\n", t, i);
			continue;
		}
		printk(KERN_INFO "T%d.%d.0", t, i);
		pr_cont(" T%d.%d.1", t, i);
		pr_cont(" T%d.%d.2\n", t, i);
	}
	atomic_fetch_add(&writers_done, 1);
	return NULL;
}

struct reader_result {
	long copies;
	const char *error;
};

static const char *check_snapshot(const char *buf, size_t len, size_t prev)
{
	if (len < prev)
		return "the log shrank (no wrap expected here)";
	if (len && buf[0] != '[')
		return "a snapshot does not start at a stamp";
	if (strlen(buf) != (len < SNAPSHOT_SIZE ? len : SNAPSHOT_SIZE - 1))
		return "a snapshot has the wrong length";
	return NULL;
}

static void *reader(void *arg)
{
	struct reader_result *res = arg;
	char *buf = malloc(SNAPSHOT_SIZE);
	size_t prev = 0;

	if (!buf) {
		res->error = "no memory";
		return NULL;
	}
	while (!res->error && atomic_load(&writers_done) < NR_WRITERS) {
		size_t len = kmm_dmesg_copy(buf, SNAPSHOT_SIZE);

		res->error = check_snapshot(buf, len, prev);
		prev = len;
		res->copies++;
		/* Megabytes copied under the log's lock: let the writers run. */
		nanosleep(&(struct timespec){ .tv_nsec = 200000 }, NULL);
	}
	free(buf);
	return NULL;
}

/* seen[t][i]: the fragments of message i of thread t found, as bits. */
static unsigned char seen[NR_WRITERS][NR_LINES];

/* The tokens of one line (the text after the stamp). */
static const char *check_line(char *text)
{
	int t0 = -1, i0 = -1, k_prev = -1;
	char *save;

	for (char *tok = strtok_r(text, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		int t, i, k;

		if (sscanf(tok, "T%d.%d.%d", &t, &i, &k) != 3 || t < 0 ||
		    t >= NR_WRITERS || i < 0 || i >= NR_LINES || k < 0 || k > 2)
			return fail("bad token \"%s\"", tok);
		if (t0 < 0) {
			t0 = t;
			i0 = i;
		}
		if (t != t0 || i != i0)
			return fail("two messages in one line: T%d.%d.x and %s", t0, i0, tok);
		if (k <= k_prev)
			return fail("fragments out of order: %s", tok);
		if (seen[t][i] & (1 << k))
			return fail("%s twice", tok);
		seen[t][i] |= (unsigned char)(1 << k);
		k_prev = k;
	}
	return t0 < 0 ? "an empty line" : NULL;
}

static const char *check_log(char *log)
{
	const char *err = NULL;
	regmatch_t m;
	regex_t re;

	if (regcomp(&re, "^\\[ *[0-9]+\\.[0-9]{6}\\] ", REG_EXTENDED))
		return "regcomp";
	for (char *line = log, *nl; !err && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			return "the last line is not closed";
		*nl = '\0';
		if (regexec(&re, line, 1, &m, 0))
			err = fail("no stamp: \"%.80s\"", line);
		else
			err = check_line(line + m.rm_eo);
	}
	regfree(&re);
	return err;
}

static const char *check_all_seen(void)
{
	for (int t = 0; t < NR_WRITERS; t++)
		for (int i = 0; i < NR_LINES; i++)
			if (seen[t][i] != (i % 2 ? 7 : 1))
				return fail("T%d.%d: fragments found %#x", t, i, seen[t][i]);
	return NULL;
}

static const char *two_writers_one_reader(void)
{
	struct reader_result rr = { 0, NULL };
	pthread_t w[NR_WRITERS], r;
	char *log = malloc(COPY_SIZE);
	const char *err;
	size_t len;

	if (!log || pthread_create(&r, NULL, reader, &rr))
		return "setup";
	for (long t = 0; t < NR_WRITERS; t++)
		if (pthread_create(&w[t], NULL, writer, (void *)t))
			return "pthread_create";
	for (int t = 0; t < NR_WRITERS; t++)
		pthread_join(w[t], NULL);
	pthread_join(r, NULL);
	if (rr.error)
		return fail("reader (after %ld copies): %s", rr.copies, rr.error);
	len = kmm_dmesg_copy(log, COPY_SIZE);
	err = len >= COPY_SIZE ? "the log did not fit the copy" : check_log(log);
	free(log);
	return err ? err : check_all_seen();
}

/* ---- the console changes while others print ---------------------------- */

static void sink(const char *text, size_t len)
{
	(void)text;
	(void)len;
}

static atomic_int emerg_done;

/* Flip the console until the writer is done (at least 1000 times). */
static void *console_flipper(void *arg)
{
	for (int i = 0; i < 1000 || !atomic_load(&emerg_done); i++)
		kmm_set_console(i % 2 ? sink : NULL);
	kmm_set_console(sink);
	return NULL;
}

static void *emerg_writer(void *arg)
{
	for (int i = 0; i < 20000; i++)
		printk(KERN_EMERG "to the console %d\n", i);
	atomic_store(&emerg_done, 1);
	return NULL;
}

/* In sanitizer runtimes: where reports go (weak: absent in plain builds). */
void __sanitizer_set_report_fd(void *fd) __attribute__((weak));

/*
 * The default console is stderr: send it to /dev/null meanwhile, but keep
 * a sanitizer's reports on the real stderr.
 */
static int silence_stderr(void)
{
	int devnull = open("/dev/null", O_WRONLY);
	int saved = dup(STDERR_FILENO);

	if (devnull < 0 || saved < 0 || dup2(devnull, STDERR_FILENO) < 0)
		return -1;
	if (__sanitizer_set_report_fd)
		__sanitizer_set_report_fd((void *)(long)saved);
	close(devnull);
	return 0;
}

static const char *console_changes_while_printing(void)
{
	pthread_t a, b;

	if (silence_stderr())
		return "cannot redirect stderr";
	if (pthread_create(&a, NULL, emerg_writer, NULL) ||
	    pthread_create(&b, NULL, console_flipper, NULL))
		return "pthread_create";
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	if (!strstr(kmm_dmesg(), "] to the console 19999\n"))
		return "the last message is missing";
	return NULL;
}

/* ---- the tests ------------------------------------------------------------ */

#include <criterion/criterion.h>

Test(printk_stress, two_writers_one_reader, .timeout = 600)
{
	const char *err = two_writers_one_reader();

	cr_assert_null(err, "%s", err);
}

Test(printk_stress, console_changes_while_printing, .timeout = 300)
{
	const char *err = console_changes_while_printing();

	cr_assert_null(err, "%s", err);
}
