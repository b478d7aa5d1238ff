// SPDX-License-Identifier: MIT
/*
 * src/lib/fault-inject.c - should_fail() and the attributes around it
 * (lib/fault-inject.c of Linux 6.12); see kmm/fault-inject.h.
 *
 * 1. The decision (should_fail_ex), in Linux's order: a thread's fail-nth
 *    countdown first (its Nth call fails, whatever the attributes); then
 *    probability 0 means never; the task filter; times left; the caller
 *    stack filter; space still to let through (consumed by size); the
 *    interval (every interval-th eligible call); then a roll against the
 *    probability. A failure prints the notice unless FAULT_NOWARN and
 *    counts down times unless it is -1.
 *
 * 2. The stack filter, as CONFIG_FAULT_INJECTION_STACKTRACE_FILTER: with
 *    a require range or a reject range set, up to stacktrace-depth return
 *    addresses of the caller are taken (host_backtrace) and must contain
 *    one in [require-start, require-end) and none in
 *    [reject-start, reject-end).
 *
 * 3. Instances register themselves (fault_attr_register) from a
 *    constructor, with a copy of their defaults; the files of Linux's
 *    debugfs directory are read and written by name; kmm_halt() puts the
 *    defaults back (fault_inject_reset) so that a later boot starts clean.
 *
 * Concurrency: as in Linux, count and the attributes are read and written
 * without a lock (times and space are atomics); a race may let one more
 * call through or fail one more, never corrupts anything.
 */
#include <kmm/fault-inject.h>
#include <kmm/cmdline.h>
#include <kmm/errno.h>
#include <kmm/preempt.h>
#include <kmm/printk.h>
#include <kmm/panic.h>
#include <kmm/minmax.h>
#include <kmm/random.h>
#include <kmm/task.h>
#include "string.h"
#include "../host/host.h"

#define MAX_STACK_TRACE_DEPTH	32
#define MAX_FAULT_ATTRS		8
#define MAX_OWN_FILES		8

/* Point 3: the registered instances, their defaults and their own files. */
static struct fault_registration {
	struct fault_attr *attr;
	struct fault_attr defaults;
	const struct fault_attr_file *files;
	u32 file_defaults[MAX_OWN_FILES];	/* bools saved as 0/1 */
} registry[MAX_FAULT_ATTRS];
static int nr_registered;

bool fault_fail_nth_used;
bool fault_inject_armed;

/* fault_inject_armed after a change of a probability or of fail-nth. */
static void fault_inject_rearm(void)
{
	bool armed = READ_ONCE(fault_fail_nth_used);

	for (int i = 0; i < nr_registered; i++)
		armed |= READ_ONCE(registry[i].attr->probability) != 0;
	WRITE_ONCE(fault_inject_armed, armed);
}

/* "<interval>,<probability>,<space>,<times>" into four numbers. */
static bool parse_four(char *str, unsigned long *interval, unsigned long *probability,
		       int *space, int *times)
{
	char *field[4];
	int n = 0;

	field[n++] = str;
	for (char *p = str; *p && n < 4; p++)
		if (*p == ',') {
			*p = '\0';
			field[n++] = p + 1;
		}
	return n == 4 && !kstrtoul(field[0], 0, interval) &&
	       !kstrtoul(field[1], 0, probability) && !kstrtoint(field[2], 0, space) &&
	       !kstrtoint(field[3], 0, times);
}

int setup_fault_attr(struct fault_attr *attr, char *str)
{
	unsigned long interval, probability;
	char copy[128];
	int space, times;

	snprintf(copy, sizeof(copy), "%s", str);
	if (!parse_four(copy, &interval, &probability, &space, &times)) {
		printk(KERN_WARNING "FAULT_INJECTION: failed to parse arguments\n");
		return 0;
	}
	attr->probability = probability;
	attr->interval = interval;
	atomic_set(&attr->times, times);
	atomic_set(&attr->space, space);
	fault_inject_rearm();
	return 1;
}

static void fail_dump(struct fault_attr *attr)
{
	if (attr->verbose == 0)
		return;
	printk(KERN_NOTICE "FAULT_INJECTION: forcing a failure.\n"
	       "name %s, interval %lu, probability %lu, space %d, times %d\n",
	       attr->dname, attr->interval, attr->probability,
	       atomic_read(&attr->space), atomic_read(&attr->times));
	if (attr->verbose > 1)
		dump_stack();
}

static bool fail_task(const struct fault_attr *attr)
{
	(void)attr;
	return in_task() && current->make_it_fail;
}

/* Point 2. */
static bool fail_stacktrace(const struct fault_attr *attr)
{
	unsigned long entries[MAX_STACK_TRACE_DEPTH];
	int depth = (int)min_t(unsigned long, attr->stacktrace_depth, MAX_STACK_TRACE_DEPTH);
	bool found = attr->require_start == 0 && attr->require_end == ULONG_MAX;
	int nr;

	if (depth == 0 || (found && !attr->reject_start && !attr->reject_end))
		return found;
	nr = host_backtrace(entries, depth, 1);
	for (int n = 0; n < nr; n++) {
		if (attr->reject_start <= entries[n] && entries[n] < attr->reject_end)
			return false;
		if (attr->require_start <= entries[n] && entries[n] < attr->require_end)
			found = true;
	}
	return found;
}

/* Point 1, the thread's countdown. Return: 1 fail, 0 pass, -1 not armed. */
static int fail_nth_step(const struct fault_attr *attr, bool *stack_checked)
{
	unsigned int nth;

	if (!in_task() || !(nth = READ_ONCE(current->fail_nth)))
		return -1;
	if (!fail_stacktrace(attr))
		return 0;
	*stack_checked = true;
	WRITE_ONCE(current->fail_nth, nth - 1);
	return nth == 1;
}

/* Point 1, the attributes, after the countdown. */
static bool attrs_say_fail(struct fault_attr *attr, long size, bool stack_checked)
{
	if (attr->probability == 0)
		return false;
	if (attr->task_filter && !fail_task(attr))
		return false;
	if (atomic_read(&attr->times) == 0)
		return false;
	if (!stack_checked && !fail_stacktrace(attr))
		return false;
	if (atomic_read(&attr->space) > size) {
		atomic_sub((int)size, &attr->space);
		return false;
	}
	if (attr->interval > 1) {
		attr->count++;
		if (attr->count % attr->interval)
			return false;
	}
	return attr->probability > get_random_u32_below(100);
}

bool should_fail_ex(struct fault_attr *attr, long size, int flags)
{
	bool stack_checked = false;
	int nth = fail_nth_step(attr, &stack_checked);

	if (nth == 0 || (nth < 0 && !attrs_say_fail(attr, size, stack_checked)))
		return false;
	if (!(flags & FAULT_NOWARN))
		fail_dump(attr);
	if (atomic_read(&attr->times) != -1)
		atomic_add_unless(&attr->times, -1, 0);
	return true;
}

/* ---- point 3: instances and their files ---- */

void fault_attr_register(struct fault_attr *attr)
{
	if (nr_registered == MAX_FAULT_ATTRS)
		panic("fault_attr_register: more than %d instances\n", MAX_FAULT_ATTRS);
	registry[nr_registered].attr = attr;
	registry[nr_registered].defaults = *attr;
	nr_registered++;
}

/* Save (@save) or restore the values of @r's own files. */
static void own_files_defaults(struct fault_registration *r, bool save)
{
	for (int i = 0; r->files && r->files[i].name; i++) {
		const struct fault_attr_file *f = &r->files[i];

		if (save)
			r->file_defaults[i] = f->is_bool ? *(bool *)f->value : *(u32 *)f->value;
		else if (f->is_bool)
			*(bool *)f->value = r->file_defaults[i];
		else
			*(u32 *)f->value = r->file_defaults[i];
	}
}

void fault_attr_register_files(struct fault_attr *attr, const struct fault_attr_file *files)
{
	for (int i = 0; i < nr_registered; i++) {
		if (registry[i].attr != attr)
			continue;
		registry[i].files = files;
		for (int n = 0; files[n].name; n++)
			if (n == MAX_OWN_FILES)
				panic("fault_attr_register_files: more than %d files\n",
				      MAX_OWN_FILES);
		own_files_defaults(&registry[i], true);
	}
}

static struct fault_registration *find_instance(const char *name)
{
	for (int i = 0; i < nr_registered; i++)
		if (!strcmp(registry[i].attr->dname, name))
			return &registry[i];
	return NULL;
}

/* The common files: a name and where its unsigned long lives. */
static unsigned long *common_ulong(struct fault_attr *attr, const char *file)
{
	static const struct { const char *name; size_t offset; } files[] = {
		{ "probability", offsetof(struct fault_attr, probability) },
		{ "interval", offsetof(struct fault_attr, interval) },
		{ "verbose", offsetof(struct fault_attr, verbose) },
		{ "stacktrace-depth", offsetof(struct fault_attr, stacktrace_depth) },
		{ "require-start", offsetof(struct fault_attr, require_start) },
		{ "require-end", offsetof(struct fault_attr, require_end) },
		{ "reject-start", offsetof(struct fault_attr, reject_start) },
		{ "reject-end", offsetof(struct fault_attr, reject_end) },
	};

	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		if (!strcmp(files[i].name, file))
			return (unsigned long *)((char *)attr + files[i].offset);
	return NULL;
}

static atomic_t *common_atomic(struct fault_attr *attr, const char *file)
{
	if (!strcmp(file, "times"))
		return &attr->times;
	if (!strcmp(file, "space"))
		return &attr->space;
	return NULL;
}

static const struct fault_attr_file *own_file(const struct fault_registration *r,
					      const char *file)
{
	for (const struct fault_attr_file *f = r->files; f && f->name; f++)
		if (!strcmp(f->name, file))
			return f;
	return NULL;
}

static int write_own(const struct fault_attr_file *f, const char *value)
{
	bool b;
	unsigned int u;

	if (f->is_bool) {
		if (kstrtobool(value, &b))
			return -EINVAL;
		*(bool *)f->value = b;
		return 0;
	}
	if (kstrtouint(value, 0, &u))
		return -EINVAL;
	*(u32 *)f->value = u;
	return 0;
}

int fault_attr_write(const char *name, const char *file, const char *value)
{
	struct fault_registration *r = find_instance(name);
	const struct fault_attr_file *f;
	unsigned long *ul;
	atomic_t *at;
	unsigned long v;
	bool b;
	int i;

	if (!r)
		return -ENOENT;
	if ((ul = common_ulong(r->attr, file))) {
		if (kstrtoul(value, 0, &v))
			return -EINVAL;
		*ul = v;
		fault_inject_rearm();
		return 0;
	}
	if ((at = common_atomic(r->attr, file)))
		return kstrtoint(value, 0, &i) ? -EINVAL : (atomic_set(at, i), 0);
	if (!strcmp(file, "task-filter"))
		return kstrtobool(value, &b) ? -EINVAL : (r->attr->task_filter = b, 0);
	if ((f = own_file(r, file)))
		return write_own(f, value);
	return -ENOENT;
}

int fault_attr_read(const char *name, const char *file, char *buf, size_t size)
{
	struct fault_registration *r = find_instance(name);
	const struct fault_attr_file *f;
	unsigned long *ul;
	atomic_t *at;

	if (!r)
		return -ENOENT;
	if ((ul = common_ulong(r->attr, file)))
		snprintf(buf, size, "%lu", *ul);
	else if ((at = common_atomic(r->attr, file)))
		snprintf(buf, size, "%d", atomic_read(at));
	else if (!strcmp(file, "task-filter"))
		snprintf(buf, size, "%c", r->attr->task_filter ? 'Y' : 'N');
	else if ((f = own_file(r, file)) && f->is_bool)
		snprintf(buf, size, "%c", *(bool *)f->value ? 'Y' : 'N');
	else if (f)
		snprintf(buf, size, "%u", *(u32 *)f->value);
	else
		return -ENOENT;
	return 0;
}

void fault_fail_nth_set(unsigned int nth)
{
	if (nth)
		WRITE_ONCE(fault_fail_nth_used, true);
	WRITE_ONCE(current->fail_nth, nth);
	fault_inject_rearm();
}

unsigned int fault_fail_nth_get(void)
{
	return READ_ONCE(current->fail_nth);
}

void fault_make_it_fail(bool on)
{
	current->make_it_fail = on;
}

void fault_inject_reset(void)
{
	for (int i = 0; i < nr_registered; i++) {
		*registry[i].attr = registry[i].defaults;
		own_files_defaults(&registry[i], false);
	}
	fault_fail_nth_used = false;
	fault_inject_rearm();
}
