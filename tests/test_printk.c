// SPDX-License-Identifier: MIT
/*
 * tests/test_printk.c - the log buffer, levels, continuation lines, the
 * console, and the fatal reports (panic, BUG_ON, WARN_ON).
 *
 * The log is read back with kmm_dmesg() and split into lines; every line
 * must carry the dmesg stamp "[SSSSS.UUUUUU] ". Levels are not stored in
 * the text, so they are observed through the console: a console callback
 * collects what passes console_loglevel. Fatal reports end the process,
 * so they run in a child whose stderr (the default console) is a pipe.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <kmm/bug.h>
#include <kmm/printk.h>

#define STAMP_RE "^\\[ *[0-9]+\\.[0-9]{6}\\] "

/* ---- helpers ------------------------------------------------------------ */

static char console[1 << 16];
static size_t console_len;

static void capture(const char *text, size_t len)
{
	if (console_len + len < sizeof(console)) {
		memcpy(console + console_len, text, len);
		console_len += len;
		console[console_len] = '\0';
	}
}

static void capture_start(int loglevel)
{
	console_len = 0;
	console[0] = '\0';
	console_loglevel = loglevel;
	kmm_set_console(capture);
}

/*
 * Split @log into lines, check each has a stamp, and store the text after
 * the stamp in @out (at most @max, each truncated to 255 bytes).
 * Return: the number of lines.
 */
static int log_lines(const char *log, char (*out)[256], int max)
{
	regex_t re;
	regmatch_t m;
	int n = 0;

	cr_assert_eq(regcomp(&re, STAMP_RE, REG_EXTENDED), 0);
	while (*log) {
		const char *nl = strchr(log, '\n');
		size_t len = nl ? (size_t)(nl - log) : strlen(log);
		char line[2048];

		cr_assert_lt(len, sizeof(line));
		memcpy(line, log, len);
		line[len] = '\0';
		cr_assert_eq(regexec(&re, line, 1, &m, 0), 0, "no stamp: \"%s\"", line);
		if (n < max)
			snprintf(out[n], 256, "%s", line + m.rm_eo);
		n++;
		log += nl ? len + 1 : len;
	}
	regfree(&re);
	return n;
}

/* The log must be exactly these texts, one per line. */
static void expect_log(const char *const *want, int n)
{
	char lines[32][256];
	int got = log_lines(kmm_dmesg(), lines, 32);

	cr_assert_eq(got, n, "%d lines, want %d; log:\n%s", got, n, kmm_dmesg());
	for (int i = 0; i < n; i++)
		cr_expect_str_eq(lines[i], want[i], "line %d", i);
}

#define EXPECT_LOG(...) do {						\
	static const char *const __want[] = { __VA_ARGS__ };		\
	expect_log(__want, (int)(sizeof(__want) / sizeof(__want[0])));	\
} while (0)

/* How often @needle occurs in @hay. */
static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (; (hay = strstr(hay, needle)); hay += strlen(needle))
		n++;
	return n;
}

/* ---- the log and its format --------------------------------------------- */

Test(printk, empty_log)
{
	char buf[8] = "xxxxxxx";

	cr_expect_str_eq(kmm_dmesg(), "");
	cr_expect_eq(kmm_dmesg_copy(buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "");
}

Test(printk, stamp_format)
{
	regex_t re;

	printk(KERN_INFO "hello %s %d\n", "world", 42);
	cr_assert_eq(regcomp(&re, STAMP_RE "hello world 42\n$", REG_EXTENDED), 0);
	cr_expect_eq(regexec(&re, kmm_dmesg(), 0, NULL, 0), 0, "%s", kmm_dmesg());
	regfree(&re);
	/* The seconds field is at least five characters wide. */
	cr_expect_eq(kmm_dmesg()[6], '.', "%s", kmm_dmesg());
}

Test(printk, stamps_do_not_go_backwards)
{
	unsigned long prev = 0;
	const char *p;

	for (int i = 0; i < 100; i++)
		printk("line %d\n", i);
	for (p = kmm_dmesg(); *p; p = strchr(p, '\n') + 1) {
		unsigned long s, us;

		cr_assert_eq(sscanf(p, "[%lu.%lu]", &s, &us), 2);
		cr_assert_geq(s * 1000000 + us, prev);
		prev = s * 1000000 + us;
	}
}

Test(printk, return_value)
{
	cr_expect_eq(printk(KERN_INFO "hello\n"), 5, "no prefix, no newline");
	cr_expect_eq(printk("abc"), 3);
	cr_expect_eq(pr_cont("de\n"), 2);
}

Test(printk, embedded_newlines)
{
	printk(KERN_INFO "one\ntwo\n\nthree\n");
	EXPECT_LOG("one", "two", "", "three");
	/* One message, one stamp for each of its lines. */
	cr_expect_eq(strncmp(kmm_dmesg(), strstr(kmm_dmesg(), "\n") + 1, 15), 0);
}

Test(printk, continuation)
{
	printk(KERN_INFO "a");
	pr_cont("b");
	pr_cont("c\n");
	printk(KERN_INFO "d\n");
	EXPECT_LOG("abc", "d");
}

Test(printk, implicit_line_close)
{
	printk(KERN_INFO "open");
	printk(KERN_INFO "next\n");
	printk("open again");
	pr_info("and closed by pr_info\n");
	pr_cont("cont without open line\n");
	EXPECT_LOG("open", "next", "open again", "and closed by pr_info",
		   "cont without open line");
	cr_expect(kmm_dmesg()[strlen(kmm_dmesg()) - 1] == '\n');
}

Test(printk, continuation_with_newline_inside)
{
	printk("x");
	pr_cont("y\nz");
	pr_cont("!\n");
	EXPECT_LOG("xy", "z!");
}

Test(printk, open_line_stays_open)
{
	printk("partial");
	cr_expect(strstr(kmm_dmesg(), "] partial") &&
		  kmm_dmesg()[strlen(kmm_dmesg()) - 1] == 'l',
		  "no newline until the line is closed");
}

static void *cont_from_other_thread(void *arg)
{
	pr_cont("%s", (const char *)arg);
	return NULL;
}

/* A fragment of another thread never joins this thread's line. */
Test(printk, continuation_is_per_thread)
{
	pthread_t t;

	printk(KERN_INFO "mine");
	pthread_create(&t, NULL, cont_from_other_thread, "theirs\n");
	pthread_join(t, NULL);
	pr_cont(" more\n");
	EXPECT_LOG("mine", "theirs", " more");
}

Test(printk, level_prefixes_are_removed)
{
	printk(KERN_ERR "e\n");
	printk(KERN_DEBUG "%s\n", "d");
	printk("%sfrom arg\n", KERN_NOTICE);
	printk(KERN_ERR KERN_CONT "both\n");
	EXPECT_LOG("e", "d", "from arg", "both");
}

Test(printk, unknown_soh_is_text)
{
	printk("\001zfoo\n");
	cr_expect(strstr(kmm_dmesg(), "] \001zfoo\n"), "kept as text");
}

Test(printk, long_message_truncated)
{
	static char big[3000];
	char lines[4][256];

	memset(big, 'x', sizeof(big) - 1);
	printk("%s\n", big);
	printk("after\n");
	cr_assert_eq(log_lines(kmm_dmesg(), lines, 4), 2);
	cr_expect_str_eq(lines[1], "after");
	cr_expect_lt(strlen(kmm_dmesg()), 1100, "cut at 1023 bytes of text");
}

/* ---- the console and the levels ----------------------------------------- */

Test(printk, default_loglevel_is_quiet)
{
	cr_expect_eq(console_loglevel, CONSOLE_LOGLEVEL_QUIET);
	cr_expect_eq(console_loglevel, 4);
}

Test(printk, console_below_loglevel_only)
{
	static const char *const lv[] = { KERN_EMERG, KERN_ALERT, KERN_CRIT,
		KERN_ERR, KERN_WARNING, KERN_NOTICE, KERN_INFO, KERN_DEBUG };

	for (int loglevel = 0; loglevel <= 8; loglevel++) {
		capture_start(loglevel);
		for (int level = 0; level < 8; level++)
			printk("%smsg%d\n", lv[level], level);
		for (int level = 0; level < 8; level++) {
			char want[16];

			snprintf(want, sizeof(want), "] msg%d\n", level);
			cr_expect_eq(strstr(console, want) != NULL, level < loglevel,
				     "level %d, console_loglevel %d", level, loglevel);
		}
	}
}

Test(printk, default_four_passes_err_not_warning)
{
	capture_start(CONSOLE_LOGLEVEL_QUIET);
	pr_err("an error\n");
	pr_warn("a warning\n");
	printk("default level\n");
	cr_expect(strstr(console, "] an error\n"));
	cr_expect_null(strstr(console, "warning"));
	cr_expect_null(strstr(console, "default"), "default level is 4");
	capture_start(5);
	printk("default level\n");
	cr_expect(strstr(console, "] default level\n"));
}

Test(printk, console_loglevel_8_passes_all)
{
	capture_start(8);
	pr_debug("debug\n");
	pr_info("info\n");
	cr_expect(strstr(console, "] debug\n") && strstr(console, "] info\n"));
	cr_expect_str_eq(console, kmm_dmesg(), "the console saw the log");
}

Test(printk, first_level_wins)
{
	capture_start(4);
	printk(KERN_ERR KERN_DEBUG "err\n");
	printk(KERN_DEBUG KERN_ERR "debug\n");
	cr_expect(strstr(console, "err"));
	cr_expect_null(strstr(console, "debug"));
}

Test(printk, level_from_string_argument)
{
	capture_start(7);
	printk("%sinfo\n", KERN_INFO);
	printk("%sdebug\n", KERN_DEBUG);
	cr_expect(strstr(console, "] info\n"));
	cr_expect_null(strstr(console, "debug"));
}

Test(printk, continuation_keeps_line_level)
{
	capture_start(4);
	printk(KERN_ERR "err");
	pr_cont(" and more\n");		/* KERN_CONT alone: level of the line */
	printk(KERN_INFO "info");
	printk(KERN_CONT KERN_ERR " cont\n");
	cr_expect(strstr(console, "] err and more\n"), "%s", console);
	cr_expect_null(strstr(console, "cont"), "continues an info line");
}

Test(printk, console_back_to_stderr)
{
	capture_start(8);
	kmm_set_console(NULL);
	pr_err("to stderr\n");
	cr_expect_str_eq(console, "");
}

/* ---- copy and clear ----------------------------------------------------- */

Test(printk, dmesg_copy_truncates)
{
	char big[256], small[10];
	size_t len;

	printk("0123456789\n");
	printk("abcdef\n");
	len = strlen(kmm_dmesg());
	cr_expect_eq(kmm_dmesg_copy(big, sizeof(big)), len);
	cr_expect_str_eq(big, kmm_dmesg());
	memset(small, 'x', sizeof(small));
	cr_expect_eq(kmm_dmesg_copy(small, sizeof(small)), len, "the whole length");
	cr_expect_eq(strlen(small), sizeof(small) - 1);
	cr_expect_eq(strncmp(small, kmm_dmesg(), sizeof(small) - 1), 0);
	memset(small, 'x', sizeof(small));
	cr_expect_eq(kmm_dmesg_copy(small, 0), len);
	cr_expect_eq(small[0], 'x', "size 0 writes nothing");
	cr_expect_eq(kmm_dmesg_copy(small, 1), len);
	cr_expect_eq(small[0], '\0');
}

Test(printk, dmesg_clear)
{
	printk("old\n");
	printk("open");
	kmm_dmesg_clear();
	cr_expect_str_eq(kmm_dmesg(), "");
	pr_cont("fresh\n");	/* the open line went with the clear */
	EXPECT_LOG("fresh");
}

/* ---- wrap-around ------------------------------------------------------ */

#define LOG_BUF_LEN (16UL << 20)

/* 20 MiB of numbered lines through a 16 MiB log. */
Test(printk, wraps_dropping_oldest_lines, .timeout = 60)
{
	static char pad[1001];
	const char *log, *p, *nl;
	unsigned long first, expect;
	int last = 20 * 1024;

	memset(pad, '.', sizeof(pad) - 1);
	for (int i = 0; i <= last; i++)
		printk(KERN_INFO "n=%06d %s\n", i, pad);
	log = kmm_dmesg();
	cr_assert_leq(strlen(log), LOG_BUF_LEN);
	cr_assert_gt(strlen(log), LOG_BUF_LEN / 4, "kept a good part");
	cr_assert_eq(log[0], '[', "starts at a line's stamp");
	cr_assert_eq(sscanf(strstr(log, "n="), "n=%lu", &first), 1);
	cr_expect_gt(first, 0, "the oldest lines are gone");
	/* Every line well-formed, numbers consecutive up to the newest. */
	expect = first;
	for (p = log; *p; p = nl + 1) {
		unsigned long s, us, n;

		nl = strchr(p, '\n');
		cr_assert_not_null(nl, "the last line is closed");
		cr_assert_eq(sscanf(p, "[%lu.%lu] n=%lu ", &s, &us, &n), 3);
		cr_assert_eq(n, expect, "line %lu after %lu", n, expect - 1);
		cr_assert_eq(nl - p, 15 + 9 + 1000, "a whole line");
		expect++;
	}
	cr_expect_eq(expect, (unsigned long)last + 1, "the newest line is there");
}

/*
 * A line left open and continued past half the buffer: when room is
 * needed, the whole log goes, the open line with it; the next fragment
 * must start a stamped line rather than continue a line that is gone.
 */
Test(printk, wraps_inside_a_huge_open_line, .timeout = 60)
{
	static char pad[1001];
	regex_t re;

	memset(pad, '.', sizeof(pad) - 1);
	for (int i = 0; i < 7 * 1024; i++)
		printk(KERN_INFO "n=%06d %s\n", i, pad);
	printk(KERN_INFO "huge ");
	for (int i = 0; i < 10 * 1024; i++)
		pr_cont("%s", pad);
	pr_cont("end\n");
	cr_assert_eq(regcomp(&re, STAMP_RE "\\.+end\n$", REG_EXTENDED), 0);
	cr_expect_eq(regexec(&re, kmm_dmesg(), 0, NULL, 0), 0, "%.40s...", kmm_dmesg());
	regfree(&re);
	cr_expect_leq(strlen(kmm_dmesg()), LOG_BUF_LEN);
}

/* ---- panic, BUG, WARN ----------------------------------------------------- */

/* Run @fn in a child with stderr into a pipe; Return: what it wrote. */
static char *run_child(void (*fn)(void), int *status)
{
	static char out[1 << 16];
	size_t len = 0;
	int fds[2];
	ssize_t n;
	pid_t pid;

	cr_assert_eq(pipe(fds), 0);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDERR_FILENO);
		fn();
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	waitpid(pid, status, 0);
	return out;
}

static void do_panic(void)
{
	panic("boom %d\n", 42);
}

Test(panic, aborts, .signal = SIGABRT)
{
	panic("as expected");
}

Test(panic, report)
{
	int status;
	char *out = run_child(do_panic, &status);

	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	cr_expect(strstr(out, "] Kernel panic - not syncing: boom 42\n"), "%s", out);
	cr_expect(strstr(out, "] ---[ end Kernel panic - not syncing: boom 42 ]---\n"),
		  "%s", out);
	/* Verbose console: the stack (default level) shows too. */
	cr_expect(strstr(out, "] Call Trace:\n"), "%s", out);
}

/* The line of the BUG_ON below: four lines down. */
enum { DO_BUG_LINE = __LINE__ + 4 };
static void do_bug(void)
{
	volatile int x = 1;
	BUG_ON(x == 1);
}

Test(bug, bug_on_aborts, .signal = SIGABRT)
{
	do_bug();
}

Test(bug, bug_on_report)
{
	char want[512];
	int status;
	char *out = run_child(do_bug, &status);

	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	snprintf(want, sizeof(want), "] kernel BUG at %s:%d!\n", __FILE__, DO_BUG_LINE);
	cr_expect(strstr(out, want), "want %s in:\n%s", want, out);
	cr_expect(strstr(out, "] BUG_ON(x == 1)\n"), "%s", out);
	cr_expect(strstr(out, "] Oops: invalid opcode: 0000 [#1] SMP\n"), "%s", out);
	cr_expect(strstr(out, "] Call Trace:\n"), "%s", out);
	cr_expect(strstr(out, "] ---[ end trace 0000000000000000 ]---\n"), "%s", out);
	cr_expect(strstr(out, "] Kernel panic - not syncing: Fatal exception\n"), "%s", out);
	cr_expect_null(strstr(out, "cut here"), "KERN_DEFAULT, before the oops");
	cr_expect_eq(count(out, "Call Trace:"), 1, "panic does not dump it again");
}

Test(bug, bug_on_false_is_silent)
{
	BUG_ON(0);
	cr_expect_str_eq(kmm_dmesg(), "");
}

Test(warn, warn_on_report)
{
	char want[512];
	int line = __LINE__ + 1;
	bool ret = WARN_ON(1 + 1 == 2);
	regex_t re;

	cr_expect(ret, "WARN_ON returns its condition");
	cr_expect(strstr(kmm_dmesg(), "] ------------[ cut here ]------------\n"));
	snprintf(want, sizeof(want),
		 "\\] WARNING: CPU: [0-9]+ PID: [0-9]+ at %s:%d [^\n]+\n", __FILE__, line);
	cr_assert_eq(regcomp(&re, want, REG_EXTENDED), 0);
	cr_expect_eq(regexec(&re, kmm_dmesg(), 0, NULL, 0), 0, "%s\n%s", want, kmm_dmesg());
	regfree(&re);
	cr_expect(strstr(kmm_dmesg(), "] Call Trace:\n"));
	cr_expect(strstr(kmm_dmesg(), "] ---[ end trace 0000000000000000 ]---\n"));
	log_lines(kmm_dmesg(), NULL, 0);	/* every line stamped */
}

Test(warn, warn_on_false_is_silent)
{
	cr_expect_not(WARN_ON(0));
	cr_expect_str_eq(kmm_dmesg(), "");
}

Test(warn, warn_with_message)
{
	cr_expect(WARN(1, "bad value %d\n", 7));
	cr_expect(strstr(kmm_dmesg(), "] bad value 7\n"));
	/* The message comes between "cut here" and "WARNING:" (x86). */
	cr_expect_lt(strstr(kmm_dmesg(), "bad value"), strstr(kmm_dmesg(), "WARNING:"));
}

Test(warn, warn_once)
{
	for (int i = 0; i < 3; i++)
		cr_expect(WARN_ON_ONCE(i >= 0), "returns the condition every time");
	cr_expect_eq(count(kmm_dmesg(), "WARNING:"), 1, "printed once");
}

Test(warn, not_on_quiet_console)
{
	capture_start(CONSOLE_LOGLEVEL_QUIET);
	WARN_ON(1);
	cr_expect_str_eq(console, "", "a WARN is level 4: not shown under quiet");
}
