// SPDX-License-Identifier: MIT
/*
 * src/kernel/bug.c - the reports behind BUG_ON() and WARN(), in the kernel's
 * words. A BUG ends the process (the kernel would kill the task or panic);
 * a WARN prints and returns.
 */
#include <stdarg.h>

#include <kmm/bug.h>
#include <kmm/printk.h>
#include <kmm/panic.h>
#include <kmm/smp.h>
#include "../lib/string.h"

void __kmm_bug(const char *file, int line, const char *cond)
{
	pr_emerg("------------[ cut here ]------------\n");
	pr_emerg("kernel BUG at %s:%d!\n", file, line);
	if (cond)
		pr_emerg("BUG_ON(%s)\n", cond);
	panic("Fatal exception");
}

void __kmm_warn(const char *file, int line, unsigned long caller,
		const char *fmt, ...)
{
	va_list ap;

	pr_warn("------------[ cut here ]------------\n");
	if (fmt) {
		va_start(ap, fmt);
		vprintk(fmt, ap);
		va_end(ap);
	}
	pr_warn("WARNING: CPU: %d PID: %d at %s:%d %pS\n", raw_smp_processor_id(),
		task_pid_nr_current(), file, line, (void *)caller);
	dump_stack();
	pr_warn("---[ end trace 0000000000000000 ]---\n");
	add_taint(TAINT_WARN, LOCKDEP_STILL_OK);
}
