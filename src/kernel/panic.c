// SPDX-License-Identifier: MIT
/*
 * src/kernel/panic.c - taint flags (the taint half of kernel/panic.c).
 *
 * A bad page, a WARN and other events set a taint bit; from then on every
 * stack dump prints them: a column per flag in "CPU: ... Tainted: G    B"
 * (a letter where set, 'G' or a blank where not) and a line naming them
 * ("Tainted: [B]=BAD_PAGE"), as Linux 6.12 does. The table below is the
 * one place that knows the letters and names.
 *
 * Locking: the mask is updated atomically; the printed strings live in
 * static buffers, so concurrent dumps may interleave text (as on Linux).
 */
#include <kmm/panic.h>
#include <kmm/compiler.h>
#include "../lib/string.h"

struct taint_flag {
	char c_true;	/* shown when set */
	char c_false;	/* shown when not set */
	const char *desc;
};

static const struct taint_flag taint_flags[TAINT_FLAGS_COUNT] = {
	[TAINT_PROPRIETARY_MODULE]	= { 'P', 'G', "PROPRIETARY_MODULE" },
	[TAINT_FORCED_MODULE]		= { 'F', ' ', "FORCED_MODULE" },
	[TAINT_CPU_OUT_OF_SPEC]		= { 'S', ' ', "CPU_OUT_OF_SPEC" },
	[TAINT_FORCED_RMMOD]		= { 'R', ' ', "FORCED_RMMOD" },
	[TAINT_MACHINE_CHECK]		= { 'M', ' ', "MACHINE_CHECK" },
	[TAINT_BAD_PAGE]		= { 'B', ' ', "BAD_PAGE" },
	[TAINT_USER]			= { 'U', ' ', "USER" },
	[TAINT_DIE]			= { 'D', ' ', "DIE" },
	[TAINT_OVERRIDDEN_ACPI_TABLE]	= { 'A', ' ', "OVERRIDDEN_ACPI_TABLE" },
	[TAINT_WARN]			= { 'W', ' ', "WARN" },
	[TAINT_CRAP]			= { 'C', ' ', "CRAP" },
	[TAINT_FIRMWARE_WORKAROUND]	= { 'I', ' ', "FIRMWARE_WORKAROUND" },
	[TAINT_OOT_MODULE]		= { 'O', ' ', "OOT_MODULE" },
	[TAINT_UNSIGNED_MODULE]		= { 'E', ' ', "UNSIGNED_MODULE" },
	[TAINT_SOFTLOCKUP]		= { 'L', ' ', "SOFTLOCKUP" },
	[TAINT_LIVEPATCH]		= { 'K', ' ', "LIVEPATCH" },
	[TAINT_AUX]			= { 'X', ' ', "AUX" },
	[TAINT_RANDSTRUCT]		= { 'T', ' ', "RANDSTRUCT" },
	[TAINT_TEST]			= { 'N', ' ', "TEST" },
};

static unsigned long tainted_mask;

void add_taint(unsigned int flag, enum lockdep_ok lockdep_ok)
{
	(void)lockdep_ok;
	if (flag < TAINT_FLAGS_COUNT)
		__atomic_fetch_or(&tainted_mask, 1UL << flag, __ATOMIC_RELAXED);
}

unsigned long get_taint(void)
{
	return __atomic_load_n(&tainted_mask, __ATOMIC_RELAXED);
}

static const char *format_tainted(bool verbose)
{
	static char buf[TAINT_FLAGS_COUNT * 32 + 16];
	unsigned long mask = get_taint();
	const char *sep = "";
	size_t len;

	if (!mask)
		return "Not tainted";
	len = (size_t)snprintf(buf, sizeof(buf), "Tainted: ");
	for (int i = 0; i < TAINT_FLAGS_COUNT && len < sizeof(buf); i++) {
		const struct taint_flag *t = &taint_flags[i];
		bool set = (mask >> i) & 1;

		if (!verbose) {
			buf[len++] = set ? t->c_true : t->c_false;
		} else if (set) {
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s[%c]=%s", sep,
						t->c_true, t->desc);
			sep = ", ";
		}
	}
	buf[len < sizeof(buf) ? len : sizeof(buf) - 1] = '\0';
	return buf;
}

const char *print_tainted(void)
{
	return format_tainted(false);
}

const char *print_tainted_verbose(void)
{
	return format_tainted(true);
}

void taint_reset(void)
{
	__atomic_store_n(&tainted_mask, 0, __ATOMIC_RELAXED);
}
