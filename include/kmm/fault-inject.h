/* SPDX-License-Identifier: MIT */
/*
 * kmm/fault-inject.h - fault injection, as linux/fault-inject.h and
 * Documentation/fault-injection/fault-injection.rst describe it.
 *
 * A struct fault_attr decides, at each call of should_fail(), whether the
 * caller must fail. Its attributes are Linux's:
 *
 *   probability  percent of eligible calls that fail (0 disables)
 *   interval     only every interval-th eligible call may fail
 *   times        failures left; -1 for no limit
 *   space        bytes (pages for fail_page_alloc) to let through first
 *   verbose      0 silent, 1 one message per failure, 2 also a stack trace
 *   task-filter  only threads that set make_it_fail may fail
 *   require-start/require-end, reject-start/reject-end, stacktrace-depth
 *                a caller range the stack must (not) contain
 *
 * and a thread may ask that its Nth call fails whatever the attributes
 * (fault_fail_nth_set(), as writing /proc/thread-self/fail-nth).
 *
 * kmm's instances: fail_page_alloc (src/mm/fail_page_alloc.c) and, once
 * SLUB is in, failslab. Boot parameters as Linux's,
 * "fail_page_alloc=<interval>,<probability>,<space>,<times>"; at run time
 * fault_attr_write(), which takes the names and values of Linux's debugfs
 * files: fault_attr_write("fail_page_alloc", "probability", "100").
 *
 * A failure with verbose > 0 prints at KERN_NOTICE
 *
 *	FAULT_INJECTION: forcing a failure.
 *	name fail_page_alloc, interval 1, probability 100, space 0, times -1
 *
 * and with verbose > 1 a stack dump. How kmm differs: no debugfs (the
 * attributes are read and written by name through fault_attr_read() and
 * fault_attr_write()); the rate limit is Linux's default, none; random
 * numbers come from a per-thread generator (kmm/random.h).
 */
#ifndef KMM_FAULT_INJECT_H
#define KMM_FAULT_INJECT_H

#include <kmm/types.h>
#include <kmm/atomic.h>

#define FAULT_ATTR_DNAME_LEN	32

struct fault_attr {
	unsigned long probability;
	unsigned long interval;
	atomic_t times;
	atomic_t space;
	unsigned long verbose;
	bool task_filter;
	unsigned long stacktrace_depth;
	unsigned long require_start;
	unsigned long require_end;
	unsigned long reject_start;
	unsigned long reject_end;

	unsigned long count;
	char dname[FAULT_ATTR_DNAME_LEN];
};

enum fault_flags {
	FAULT_NOWARN = 1 << 0,	/* the caller asked for no warnings: fail silently */
};

/* Linux's defaults: every call eligible, one failure, verbose with a stack. */
#define FAULT_ATTR_INITIALIZER(name) {					\
		.interval = 1,						\
		.times = ATOMIC_INIT(1),				\
		.require_end = ULONG_MAX,				\
		.stacktrace_depth = 32,					\
		.verbose = 2,						\
		.dname = name,						\
	}
#define DECLARE_FAULT_ATTR(var, name) struct fault_attr var = FAULT_ATTR_INITIALIZER(name)

/**
 * setup_fault_attr - set @attr from "<interval>,<probability>,<space>,<times>".
 * @attr: the attributes
 * @str: the text after "fail_page_alloc=" (or another instance's name)
 *
 * Return: 1 if parsed (as a __setup handler returns), 0 after the kernel's
 * "FAULT_INJECTION: failed to parse arguments" warning, @attr unchanged.
 */
int setup_fault_attr(struct fault_attr *attr, char *str);

/**
 * should_fail_ex - must this call fail?
 * @attr: the instance's attributes
 * @size: bytes (or pages) the call asks for, counted against space
 * @flags: FAULT_NOWARN to fail without the message
 *
 * Context: any; never sleeps.
 * Return: true if the caller must fail, as Linux's lib/fault-inject.c decides.
 */
bool should_fail_ex(struct fault_attr *attr, long size, int flags);

static inline bool should_fail(struct fault_attr *attr, long size)
{
	return should_fail_ex(attr, size, 0);
}

/**
 * fault_attr_register - make @attr known by its dname to fault_attr_read()
 * and fault_attr_write(), as fault_create_debugfs_attr() creates its files.
 * @attr: an instance living as long as the process
 */
void fault_attr_register(struct fault_attr *attr);

/**
 * fault_attr_write - set one attribute of the instance @name, as writing
 * its debugfs file does.
 * @name: "fail_page_alloc", "failslab", ...
 * @file: "probability", "interval", "times", "space", "verbose",
 *        "task-filter" (Y/N/1/0), "stacktrace-depth", "require-start",
 *        "require-end", "reject-start", "reject-end", or an instance's own
 *        ("ignore-gfp-wait", "ignore-gfp-highmem", "min-order", ...)
 * @value: the text written, decimal or 0x-hex
 *
 * Return: 0, -ENOENT for an unknown instance or file, -EINVAL for a bad value.
 */
int fault_attr_write(const char *name, const char *file, const char *value);

/**
 * fault_attr_read - an attribute's value as its debugfs file shows it.
 * @name: the instance
 * @file: the attribute, as for fault_attr_write()
 * @buf: where the text goes, NUL-terminated
 * @size: bytes at @buf
 *
 * Return: 0, or -ENOENT.
 */
int fault_attr_read(const char *name, const char *file, char *buf, size_t size);

/*
 * An instance's own files (fail_page_alloc's ignore-gfp-wait, ...): a
 * name and a word of the instance, a bool or an unsigned int.
 */
struct fault_attr_file {
	const char *name;
	void *value;
	bool is_bool;
};

/**
 * fault_attr_register_files - add @files (ending with a NULL name) to the
 * instance @attr, after fault_attr_register().
 */
void fault_attr_register_files(struct fault_attr *attr, const struct fault_attr_file *files);

/**
 * fault_fail_nth_set - make the calling thread's @nth call of any
 * should_fail() fail (1: the next), whatever the attributes; 0 cancels.
 * As writing /proc/thread-self/fail-nth.
 */
void fault_fail_nth_set(unsigned int nth);

/** fault_fail_nth_get - calls left before the thread's forced failure; 0: none. */
unsigned int fault_fail_nth_get(void);

/** fault_make_it_fail - mark the calling thread for task-filter (make-it-fail). */
void fault_make_it_fail(bool on);

/* Has any thread used fail-nth since boot? */
extern bool fault_fail_nth_used;

/*
 * Could any instance fail a call now: some probability set, or fail-nth
 * used? One byte for the allocators' fast paths, which leave every call
 * to their general paths while it is set. Kept by this library: set the
 * attributes through setup_fault_attr() and fault_attr_write().
 */
extern bool fault_inject_armed;

/* Forget every instance's changes: boot defaults again (kmm_halt()). */
void fault_inject_reset(void);

#endif /* KMM_FAULT_INJECT_H */
