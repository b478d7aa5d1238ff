// SPDX-License-Identifier: MIT
/*
 * src/init/params.c - the boot parameter registry and the two passes over
 * the command line, as init/main.c runs them.
 *
 * 1. Registry. early_param() and __setup() (kmm/init.h) link a static
 *    struct obs_kernel_param onto the tail of setup_params from a
 *    constructor, so the registry is complete before main() runs and is
 *    walked in link order, as the kernel walks its .init.setup section
 *    (order decides which of two __setup handlers sharing a prefix wins).
 *    It is read-only afterwards.
 *
 * 2. Early pass. parse_early_param() walks a copy of boot_command_line and
 *    calls every early handler whose name equals the word's ('-' equals
 *    '_'); "console" also runs an "earlycon" handler. A handler that
 *    returns non-zero earns "Malformed early option 'NAME'". Every word is
 *    accepted at this stage.
 *
 * 3. Late pass. parse_late_params() walks another copy as start_kernel()
 *    does with unknown_bootoption(), stopping at "--". A word is consumed,
 *    in this order, by: a sysctl alias (exact name), a bootloader
 *    identifier (BOOT_IMAGE=..., kexec...), a __setup handler whose
 *    "name=" prefixes the word and that returns 1, an early parameter of
 *    exactly that name, or a '.' in its name (an unused module
 *    parameter). What is left would go to init: words with a value into
 *    its environment (a second "name=" replaces the first, and HOME= and
 *    TERM= replace the defaults), the others into its argv. They are
 *    reported once, argv words first, then environment words:
 *      Unknown kernel command line parameters "foo bar=1", will be passed to user space.
 *    More than MAX_INIT_ARGS of either kind is the kernel's "Too many boot
 *    init|env vars at `WORD'"; init= and rdinit= drop the argv words seen
 *    before them.
 *
 * How kmm differs: there is no init process, so the unknown words are only
 * reported; "Too many boot ... vars" is printed and returned as -E2BIG
 * instead of a later panic. The registry is a list, not a linker section
 * (see kmm/init.h). parse_early_param() may run again for each boot, where
 * the kernel runs it once.
 */
#include <kmm/init.h>
#include <kmm/cmdline.h>
#include <kmm/errno.h>
#include <kmm/printk.h>
#include "../lib/string.h"

/* CONFIG_INIT_ENV_ARG_LIMIT: words init may receive, of each kind. */
#define MAX_INIT_ARGS	32
#define MAX_INIT_ENVS	32

char boot_command_line[COMMAND_LINE_SIZE];

static struct obs_kernel_param *setup_params;
static struct obs_kernel_param **setup_params_tail = &setup_params;

void setup_param_register(struct obs_kernel_param *p)
{
	p->next = NULL;
	*setup_params_tail = p;
	setup_params_tail = &p->next;
}

const struct obs_kernel_param *setup_param_find(const char *str)
{
	for (const struct obs_kernel_param *p = setup_params; p; p = p->next)
		if (!strcmp(p->str, str))
			return p;
	return NULL;
}

/* Copy boot_command_line into @buf, cut to fit as strscpy() would. */
static void copy_boot_command_line(char *buf)
{
	size_t n = strnlen(boot_command_line, COMMAND_LINE_SIZE - 1);

	memcpy(buf, boot_command_line, n);
	buf[n] = '\0';
}

/* ---- the early pass ---------------------------------------------------- */

static bool early_param_matches(const struct obs_kernel_param *p, const char *param)
{
	if (p->early && parameq(param, p->str))
		return true;
	/* An early console is named "earlycon" but also set by "console". */
	return strcmp(param, "console") == 0 && strcmp(p->str, "earlycon") == 0;
}

static int do_early_param(char *param, char *val, const char *doing, void *arg)
{
	struct obs_kernel_param *p;

	for (p = setup_params; p; p = p->next) {
		if (early_param_matches(p, param) && p->setup_func(val) != 0)
			pr_warn("Malformed early option '%s'\n", param);
	}
	return 0;
}

void parse_early_options(char *cmdline)
{
	parse_args("early options", cmdline, NULL, do_early_param);
}

void parse_early_param(void)
{
	static char tmp_cmdline[COMMAND_LINE_SIZE];

	copy_boot_command_line(tmp_cmdline);
	parse_early_options(tmp_cmdline);
}

/* ---- the late pass ------------------------------------------------------ */

/*
 * What init would receive: argv[0] is "init", envp starts with HOME and
 * TERM. One slot more than the limit, and the terminating NULL, as in
 * init/main.c. @too_many names the kind that overflowed ("init", "env").
 */
static struct init_words {
	const char *argv[MAX_INIT_ARGS + 2];
	const char *envp[MAX_INIT_ENVS + 2];
	const char *too_many;
	const char *too_many_word;
} init_words;

static void init_words_reset(void)
{
	memset(&init_words, 0, sizeof(init_words));
	init_words.argv[0] = "init";
	init_words.envp[0] = "HOME=/";
	init_words.envp[1] = "TERM=linux";
}

/* An argv word; past the limit, remember the overflow. */
static void init_words_add_arg(const char *word)
{
	unsigned int i;

	for (i = 0; init_words.argv[i]; i++) {
		if (i == MAX_INIT_ARGS) {
			init_words.too_many = "init";
			init_words.too_many_word = word;
			return;
		}
	}
	init_words.argv[i] = word;
}

/* An environment word "name=value"; @name_len: bytes before the '='. */
static void init_words_add_env(const char *word, size_t name_len)
{
	unsigned int i;

	for (i = 0; init_words.envp[i]; i++) {
		if (i == MAX_INIT_ENVS) {
			init_words.too_many = "env";
			init_words.too_many_word = word;
			return;
		}
		if (strncmp(word, init_words.envp[i], name_len + 1) == 0)
			break;	/* the same variable again: replace it */
	}
	init_words.envp[i] = word;
}

/* init= and rdinit= start argv afresh (LILO prepends "auto"). */
static int __init init_setup(char *str)
{
	for (unsigned int i = 1; i < MAX_INIT_ARGS + 2; i++)
		init_words.argv[i] = NULL;
	return 1;
}
__setup("init=", init_setup);

static int __init rdinit_setup(char *str)
{
	return init_setup(str);
}
__setup("rdinit=", rdinit_setup);

/* A word for a __setup handler; true when something consumed it. */
static bool obsolete_checksetup(char *line)
{
	struct obs_kernel_param *p;
	bool had_early_param = false;

	for (p = setup_params; p; p = p->next) {
		size_t n = strlen(p->str);

		if (!parameqn(line, p->str, n))
			continue;
		if (p->early) {
			/* Done in the early pass if the name matched exactly. */
			if (line[n] == '\0' || line[n] == '=')
				had_early_param = true;
		} else if (!p->setup_func) {
			pr_warn("Parameter %s is obsolete, ignored\n", p->str);
			return true;
		} else if (p->setup_func(line + n)) {
			return true;
		}
	}
	return had_early_param;
}

/* Kernel parameters that are really sysctls, set later from /proc/cmdline. */
static bool sysctl_is_alias(const char *param)
{
	static const char *const aliases[] = {
		"hardlockup_all_cpu_backtrace", "hung_task_panic",
		"numa_zonelist_order", "softlockup_all_cpu_backtrace",
	};

	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		if (strcmp(param, aliases[i]) == 0)
			return true;
	return false;
}

/* Put back the '=' next_arg() cut (and the quote it skipped). */
static void repair_env_string(char *param, char *val)
{
	size_t len = strlen(param);

	if (!val)
		return;
	param[len] = '=';
	if (val == param + len + 2)	/* param="val": drop the opening quote */
		memmove(val - 1, val, strlen(val) + 1);
}

static bool is_bootloader_word(const char *param)
{
	static const char *const bootloader[] = { "BOOT_IMAGE=", "kexec" };

	for (size_t i = 0; i < ARRAY_SIZE(bootloader); i++)
		if (strncmp(param, bootloader[i], strlen(bootloader[i])) == 0)
			return true;
	return false;
}

static int unknown_bootoption(char *param, char *val, const char *doing, void *arg)
{
	size_t name_len = strlen(param);

	if (sysctl_is_alias(param))
		return 0;
	repair_env_string(param, val);
	if (is_bootloader_word(param) || obsolete_checksetup(param))
		return 0;
	if (memchr(param, '.', name_len))
		return 0;	/* an unused module parameter */
	if (init_words.too_many)
		return 0;
	if (val)
		init_words_add_env(param, name_len);
	else
		init_words_add_arg(param);
	return 0;
}

/* Append " @word" for each word of @list into @buf, as far as it fits. */
static size_t append_words(char *buf, size_t len, size_t size, const char *const *list)
{
	for (; *list; list++) {
		int n = snprintf(buf + len, size - len, " %s", *list);

		len = len + (size_t)n < size ? len + (size_t)n : size - 1;
	}
	return len;
}

static void print_unknown_bootoptions(void)
{
	/* Every word comes from one command line: this always fits. */
	static char text[COMMAND_LINE_SIZE + 2];
	size_t len = 0;

	if (!init_words.argv[1] && !init_words.envp[2])
		return;
	text[0] = '\0';
	len = append_words(text, len, sizeof(text), &init_words.argv[1]);
	append_words(text, len, sizeof(text), &init_words.envp[2]);
	pr_notice("Unknown kernel command line parameters \"%s\", will be passed to user space.\n",
		  text + 1);
}

int parse_late_params(void)
{
	static char tmp_cmdline[COMMAND_LINE_SIZE];

	copy_boot_command_line(tmp_cmdline);
	init_words_reset();
	parse_args("Booting kernel", tmp_cmdline, NULL, unknown_bootoption);
	if (init_words.too_many) {
		pr_err("Too many boot %s vars at `%s'\n", init_words.too_many,
		       init_words.too_many_word);
		return -E2BIG;
	}
	print_unknown_bootoptions();
	return 0;
}
