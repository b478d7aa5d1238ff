// SPDX-License-Identifier: MIT
/*
 * src/init/params.c - the boot parameter registry and the two passes over
 * the command line, as init/main.c runs them.
 *
 * 1. Registry. early_param() and __setup() (kmm/init.h) link a static
 *    struct obs_kernel_param into setup_params from a constructor, so the
 *    registry is complete before main() runs. It is read-only afterwards.
 *
 * 2. Early pass. parse_early_param() walks a copy of boot_command_line and
 *    calls every early handler whose name matches ('-' equals '_'); a
 *    handler that returns non-zero earns "Malformed early option 'NAME'".
 *    Every word is accepted at this stage.
 *
 * 3. Late pass. parse_late_params() walks another copy as start_kernel()
 *    does: __setup handlers (prefix match on "name="), bootloader words
 *    (BOOT_IMAGE=, kexec) and module parameters (with a '.') are consumed;
 *    names of early parameters are known; everything else is collected and
 *    reported once: Unknown kernel command line parameters "...", will be
 *    passed to user space.
 *
 * How kmm differs: there is no init process, so the unknown words are only
 * reported. The registry is a list, not a linker section (see kmm/init.h).
 */
#include <kmm/init.h>
#include <kmm/cmdline.h>
#include <kmm/printk.h>
#include "../lib/string.h"

char boot_command_line[COMMAND_LINE_SIZE];
static struct obs_kernel_param *setup_params;

void setup_param_register(struct obs_kernel_param *p)
{
	p->next = setup_params;
	setup_params = p;
}

static int do_early_param(char *param, char *val, const char *doing, void *arg)
{
	struct obs_kernel_param *p;

	for (p = setup_params; p; p = p->next) {
		if (p->early && parameq(param, p->str) && p->setup_func(val) != 0)
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

	strcpy(tmp_cmdline, boot_command_line);
	parse_early_options(tmp_cmdline);
}

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
			if (line[n] == '\0' || line[n] == '=')
				had_early_param = true;
		} else if (p->setup_func(line + n)) {
			return true;
		}
	}
	return had_early_param;
}

struct unknown_words {
	char text[COMMAND_LINE_SIZE];
	size_t len;
};

static void unknown_add(struct unknown_words *u, const char *word)
{
	size_t n = strlen(word);

	if (u->len + n + 2 > sizeof(u->text))
		return;
	if (u->len)
		u->text[u->len++] = ' ';
	memcpy(u->text + u->len, word, n + 1);
	u->len += n;
}

static int unknown_bootoption(char *param, char *val, const char *doing, void *arg)
{
	static const char *const bootloader[] = { "BOOT_IMAGE=", "kexec" };
	size_t len = strlen(param);

	/* Put back the '=' next_arg() cut, as repair_env_string() does. */
	if (val) {
		param[len] = '=';
		if (val == param + len + 2)	/* an opening quote was skipped */
			memmove(val - 1, val, strlen(val) + 1);
		len = strlen(param);
	}
	for (size_t i = 0; i < sizeof(bootloader) / sizeof(bootloader[0]); i++)
		if (strncmp(param, bootloader[i], strlen(bootloader[i])) == 0)
			return 0;
	if (obsolete_checksetup(param))
		return 0;
	if (memchr(param, '.', len))
		return 0;	/* an unused module parameter */
	unknown_add(arg, param);
	return 0;
}

void parse_late_params(void)
{
	static char tmp_cmdline[COMMAND_LINE_SIZE];
	static struct unknown_words unknown;

	strcpy(tmp_cmdline, boot_command_line);
	unknown.len = 0;
	unknown.text[0] = '\0';
	parse_args("Booting kernel", tmp_cmdline, &unknown, unknown_bootoption);
	if (unknown.len)
		pr_notice("Unknown kernel command line parameters \"%s\", will be passed to user space.\n",
			  unknown.text);
}
