// SPDX-License-Identifier: MIT
/*
 * src/kernel/bug.c - the reports behind BUG_ON() and WARN(), in the kernel's
 * words and at its levels (x86, 6.12).
 *
 * BUG: "cut here" and "kernel BUG at FILE:LINE!" (lib/bug.c), then the oops
 * (arch/x86/kernel/dumpstack.c): every message now reaches the console,
 * "Oops: invalid opcode: 0000 [#1] SMP", the stack, the end marker, and
 * panic("Fatal exception") as with panic_on_oops. A BUG ends the process.
 * kmm adds one line, "BUG_ON(condition)", after the location.
 *
 * WARN: "cut here", the message if any, "WARNING: CPU: N PID: N at
 * FILE:LINE caller+0xoff", "Modules linked in:", the stack, the end marker
 * (kernel/panic.c __warn()); then it returns.
 */
#include <stdarg.h>

#include <kmm/bug.h>
#include <kmm/printk.h>
#include <kmm/panic.h>
#include <kmm/smp.h>
#include "../lib/string.h"

#define CUT_HERE "------------[ cut here ]------------\n"

static void print_oops_end_marker(void)
{
	pr_warn("---[ end trace %016llx ]---\n", 0ULL);
}

void __kmm_bug(const char *file, int line, const char *cond)
{
	printk(KERN_DEFAULT CUT_HERE);
	pr_crit("kernel BUG at %s:%d!\n", file, line);
	if (cond)
		pr_crit("BUG_ON(%s)\n", cond);
	console_verbose();
	oops_in_progress = 1;
	printk(KERN_DEFAULT "Oops: invalid opcode: 0000 [#1] SMP\n");
	dump_stack();
	print_oops_end_marker();
	panic("Fatal exception");
}

void __kmm_warn(const char *file, int line, unsigned long caller,
		const char *fmt, ...)
{
	va_list ap;

	pr_warn(CUT_HERE);
	if (fmt) {
		va_start(ap, fmt);
		vprintk(fmt, ap);
		va_end(ap);
	}
	pr_warn("WARNING: CPU: %d PID: %d at %s:%d %pS\n", raw_smp_processor_id(),
		task_pid_nr_current(), file, line, (void *)caller);
	printk(KERN_DEFAULT "Modules linked in:\n");
	dump_stack();
	print_oops_end_marker();
	add_taint(TAINT_WARN, LOCKDEP_STILL_OK);
}
