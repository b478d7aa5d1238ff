// SPDX-License-Identifier: MIT
/*
 * tests/test_params.c - the early_param()/__setup() registry and the two
 * passes over the command line (src/init/params.c), checked against what
 * init/main.c of Linux 6.12 does with the same command line.
 *
 * The parameters below register from constructors, exactly as a layer's
 * own parameters do. Each handler appends "name(value)" to a trace, so a
 * test reads which handlers ran, with what, in which order.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include <kmm/cmdline.h>
#include <kmm/errno.h>
#include <kmm/init.h>
#include <kmm/printk.h>

static char trace[1024];

static int note(const char *name, const char *val)
{
	size_t len = strlen(trace);

	snprintf(trace + len, sizeof(trace) - len, "%s(%s)", name,
		 val ? val : "NULL");
	return 0;
}

/* Early: 0 is success, anything else is "Malformed early option". */
static int t_early(char *val)
{
	note("early", val);
	return val && strcmp(val, "bad") == 0 ? -EINVAL : 0;
}
early_param("kmmtest_early", t_early);

static int t_dash(char *val) { return note("dash", val); }
early_param("kmmtest-dash", t_dash);

/* Two early handlers of one name both run, in registration order. */
static int t_twice1(char *val) { return note("twice1", val); }
static int t_twice2(char *val) { return note("twice2", val); }
early_param("kmmtest_twice", t_twice1);
early_param("kmmtest_twice", t_twice2);

static int t_earlycon(char *val) { return note("earlycon", val); }
early_param("earlycon", t_earlycon);

/* __setup: 1 consumes the word, 0 lets it fall through as unknown. */
static int t_setup(char *val)
{
	note("setup", val);
	return 1;
}
__setup("kmmtest_setup=", t_setup);

static int t_decline(char *val)
{
	note("decline", val);
	return 0;
}
__setup("kmmtest_decline=", t_decline);

/* A name without '=' matches as a prefix of any word, as in Linux. */
static int t_flag(char *val)
{
	note("flag", val);
	return 1;
}
__setup("kmmtest_flag", t_flag);

/* An early parameter and a __setup of the same name. */
static int t_both_early(char *val) { return note("both_early", val); }
early_param("kmmtest_both", t_both_early);
static int t_both_setup(char *val)
{
	note("both_setup", val);
	return 1;
}
__setup("kmmtest_both=", t_both_setup);

/* A registry entry without a handler: the kernel's obsolete parameter. */
static struct obs_kernel_param obsolete = { "kmmtest_obsolete", NULL, 0, NULL };

__attribute__((constructor)) static void register_obsolete(void)
{
	setup_param_register(&obsolete);
}

static void set_cmdline(const char *line)
{
	cr_assert_lt(strlen(line), sizeof(boot_command_line));
	strcpy(boot_command_line, line);
	trace[0] = '\0';
	kmm_dmesg_clear();
}

/* True if the log holds a line whose text (after the stamp) is @text. */
static bool log_has_line(const char *text)
{
	char want[4200];

	snprintf(want, sizeof(want), "] %s\n", text);
	return strstr(kmm_dmesg(), want) != NULL;
}

static void expect_unknown(const char *words)
{
	char line[4096];

	snprintf(line, sizeof(line),
		 "Unknown kernel command line parameters \"%s\", will be passed to user space.",
		 words);
	cr_expect(log_has_line(line), "missing: %s\nlog:\n%s", line, kmm_dmesg());
}

static void expect_no_unknown(void)
{
	cr_expect_null(strstr(kmm_dmesg(), "Unknown kernel command line"),
		       "log:\n%s", kmm_dmesg());
}

/* ---- the early pass ---------------------------------------------------- */

Test(early, exact_names_only)
{
	set_cmdline("kmmtest_early=1 kmmtest-early=2 kmmtest_earlyx=3 "
		    "xkmmtest_early=4 kmmtest_earl=5 KMMTEST_EARLY=6");
	parse_early_param();
	cr_expect_str_eq(trace, "early(1)early(2)");
}

Test(early, dash_and_underscore_both_ways)
{
	set_cmdline("kmmtest_dash=a kmmtest-dash=b");
	parse_early_param();
	cr_expect_str_eq(trace, "dash(a)dash(b)");
}

Test(early, values)
{
	set_cmdline("kmmtest_early kmmtest_early= kmmtest_early=\"a b\" "
		    "\"kmmtest_early=c d\" kmmtest_early=x=y");
	parse_early_param();
	cr_expect_str_eq(trace, "early(NULL)early()early(a b)early(c d)early(x=y)");
}

Test(early, all_handlers_of_a_name)
{
	set_cmdline("kmmtest_twice=7");
	parse_early_param();
	cr_expect_str_eq(trace, "twice1(7)twice2(7)");
}

Test(early, malformed_option)
{
	set_cmdline("kmmtest_early=bad kmmtest-early=bad kmmtest_early=good");
	parse_early_param();
	cr_expect_str_eq(trace, "early(bad)early(bad)early(good)");
	cr_expect(log_has_line("Malformed early option 'kmmtest_early'"));
	cr_expect(log_has_line("Malformed early option 'kmmtest-early'"),
		  "the name as written on the command line");
	cr_expect_null(strstr(kmm_dmesg(), "Unknown"), "every word is accepted");
}

Test(early, ignores_setup_and_stops_at_dashes)
{
	set_cmdline("kmmtest_setup=1 kmmtest_both=2 -- kmmtest_early=3");
	parse_early_param();
	cr_expect_str_eq(trace, "both_early(2)");
	cr_expect_str_eq(kmm_dmesg(), "", "nothing to say");
}

Test(early, console_runs_earlycon)
{
	set_cmdline("console=ttyS0,115200 earlycon=uart8250,io,0x3f8");
	parse_early_param();
	cr_expect_str_eq(trace, "earlycon(ttyS0,115200)earlycon(uart8250,io,0x3f8)");
}

Test(early, leaves_boot_command_line_alone)
{
	const char *line = "kmmtest_early=\"a b\" x=1";

	set_cmdline(line);
	parse_early_param();
	cr_expect_str_eq(boot_command_line, line);
}

Test(early, parse_early_options_on_own_buffer)
{
	char line[] = "  kmmtest_early=q  ";

	trace[0] = '\0';
	parse_early_options(line);
	cr_expect_str_eq(trace, "early(q)");
}

Test(early, unterminated_boot_command_line)
{
	memset(boot_command_line, 'a', sizeof(boot_command_line));
	trace[0] = '\0';
	parse_early_param();	/* cut at COMMAND_LINE_SIZE - 1, no overrun */
	parse_late_params();
	cr_expect_str_eq(trace, "");
}

Test(early, loglevel_quiet_debug)
{
	set_cmdline("loglevel=8");
	parse_early_param();
	cr_expect_eq(console_loglevel, 8);
	set_cmdline("loglevel=x");
	parse_early_param();
	cr_expect_eq(console_loglevel, 8, "a bad level changes nothing");
	cr_expect(log_has_line("Malformed early option 'loglevel'"));
	set_cmdline("loglevel");
	parse_early_param();
	cr_expect(log_has_line("Malformed early option 'loglevel'"));
	set_cmdline("debug");
	parse_early_param();
	cr_expect_eq(console_loglevel, CONSOLE_LOGLEVEL_DEBUG);
	cr_expect_not(kmm_quiet);
	set_cmdline("quiet");
	parse_early_param();
	cr_expect_eq(console_loglevel, CONSOLE_LOGLEVEL_QUIET);
	cr_expect(kmm_quiet);
}

/* ---- the late pass ------------------------------------------------------ */

Test(late, setup_handlers_by_prefix)
{
	set_cmdline("kmmtest_setup=abc kmmtest-setup=d\"e f\"g kmmtest_setup= "
		    "kmmtest_setup");
	cr_expect_eq(parse_late_params(), 0);
	cr_expect_str_eq(trace, "setup(abc)setup(d\"e f\"g)setup()");
	expect_unknown("kmmtest_setup");
}

Test(late, quoted_value_reaches_setup)
{
	set_cmdline("kmmtest_setup=\"a b\"");
	parse_late_params();
	cr_expect_str_eq(trace, "setup(a b)");
}

Test(late, name_prefix_quirk)
{
	set_cmdline("kmmtest_flag kmmtest_flagged kmmtest_flag=1");
	parse_late_params();
	cr_expect_str_eq(trace, "flag()flag(ged)flag(=1)");
	expect_no_unknown();
}

Test(late, declined_setup_is_unknown)
{
	set_cmdline("kmmtest_decline=1");
	parse_late_params();
	cr_expect_str_eq(trace, "decline(1)");
	expect_unknown("kmmtest_decline=1");
}

Test(late, early_names_known_but_not_run)
{
	set_cmdline("kmmtest_early=1 kmmtest_early kmmtest-early=2 kmmtest_earlyx");
	parse_late_params();
	cr_expect_str_eq(trace, "");
	expect_unknown("kmmtest_earlyx");
}

Test(late, early_and_setup_of_one_name)
{
	set_cmdline("kmmtest_both=5");
	parse_late_params();
	cr_expect_str_eq(trace, "both_setup(5)");
	expect_no_unknown();
}

Test(late, bootloader_words_and_module_params)
{
	set_cmdline("BOOT_IMAGE=/boot/vmlinuz-6.12 kexec kexec_jump_back_entry=0x1 "
		    "usbcore.autosuspend=-1 i915.modeset rd.lvm.vg=x foo=1.5");
	parse_late_params();
	expect_unknown("foo=1.5");
}

Test(late, exact_message_argv_then_env)
{
	set_cmdline("bar=1 foo");
	parse_late_params();
	expect_unknown("foo bar=1");
	cr_expect(strstr(kmm_dmesg(), "\nUnknown") == NULL &&
		  strncmp(kmm_dmesg(), "[", 1) == 0, "a stamped line");
}

Test(late, stops_at_dashes)
{
	set_cmdline("foo -- bar=1 baz");
	parse_late_params();
	expect_unknown("foo");
	cr_expect_null(strstr(kmm_dmesg(), "baz"));
}

Test(late, nothing_unknown_nothing_said)
{
	set_cmdline("kmmtest_setup=1 BOOT_IMAGE=x a.b=c");
	parse_late_params();
	cr_expect_str_eq(kmm_dmesg(), "");
	set_cmdline("");
	parse_late_params();
	cr_expect_str_eq(kmm_dmesg(), "");
}

Test(late, environment_words)
{
	set_cmdline("a=1 b=2 a=3 HOME=/root TERM=xterm c");
	parse_late_params();
	expect_unknown("c a=3 b=2");
}

Test(late, quoted_words_reported_unquoted)
{
	set_cmdline("x=\"a b\" \"y=c d\" \"e f\"");
	parse_late_params();
	expect_unknown("e f x=a b y=c d");
}

Test(late, init_drops_earlier_argv)
{
	set_cmdline("auto single init=/bin/sh emergency v=1");
	parse_late_params();
	expect_unknown("emergency v=1");
	set_cmdline("auto rdinit=/init");
	parse_late_params();
	expect_no_unknown();
}

Test(late, sysctl_aliases)
{
	set_cmdline("numa_zonelist_order=Node hung_task_panic=1 numa-zonelist-order=x");
	parse_late_params();
	/* The alias is matched with strcmp: '-' is not '_' here. */
	expect_unknown("numa-zonelist-order=x");
}

Test(late, console_is_known)
{
	set_cmdline("console=ttyS0,115200 console=tty0");
	parse_late_params();
	expect_no_unknown();
}

Test(late, obsolete_parameter)
{
	set_cmdline("kmmtest_obsolete=1");
	parse_late_params();
	cr_expect(log_has_line("Parameter kmmtest_obsolete is obsolete, ignored"));
	expect_no_unknown();
}

/* Up to 32 words of each kind go to init; one more is too many. */
static void make_words(char *line, size_t size, int n, const char *fmt)
{
	size_t len = 0;

	line[0] = '\0';
	for (int i = 1; i <= n; i++)
		len += (size_t)snprintf(line + len, size - len, fmt, i);
}

Test(late, thirty_two_words_fit)
{
	char line[1024];

	make_words(line, sizeof(line), 32, "w%d ");
	set_cmdline(line);
	cr_expect_eq(parse_late_params(), 0);
	cr_expect(strstr(kmm_dmesg(), "\"w1 w2 w3 ") && strstr(kmm_dmesg(), " w32\""));
	make_words(line, sizeof(line), 31, "e%d=1 ");
	set_cmdline(line);
	cr_expect_eq(parse_late_params(), 0);
	cr_expect(strstr(kmm_dmesg(), " e31=1\""));
}

Test(late, too_many_words)
{
	char line[1024];

	make_words(line, sizeof(line), 33, "w%d ");
	set_cmdline(line);
	cr_expect_eq(parse_late_params(), -E2BIG);
	cr_expect(log_has_line("Too many boot init vars at `w33'"));
	expect_no_unknown();
	make_words(line, sizeof(line), 32, "e%d=1 ");
	set_cmdline(line);
	cr_expect_eq(parse_late_params(), -E2BIG);
	cr_expect(log_has_line("Too many boot env vars at `e32=1'"));
}

Test(late, leaves_boot_command_line_alone)
{
	const char *line = "x=\"a b\" kmmtest_setup=1";

	set_cmdline(line);
	parse_late_params();
	cr_expect_str_eq(boot_command_line, line);
}

/* The passes can run again (a process may boot many machines). */
Test(late, repeatable)
{
	set_cmdline("foo");
	parse_late_params();
	set_cmdline("bar");
	parse_late_params();
	expect_unknown("bar");
}
