// SPDX-License-Identifier: MIT
/*
 * fuzz/fuzz_slub_debug.c - arbitrary bytes as a slub_debug= value.
 *
 * The input is cut at its first NUL (and to the command line's size) and
 * handed to the registered "slub_debug" __setup handler as the kernel
 * hands it: "=VALUE". Then kmem_cache_flags() is asked about a few cache
 * names, some taken from the input itself (the text between separators),
 * so that per-cache lists and '*' prefixes match now and then. Checks:
 *
 *   1. the handler consumes the parameter (returns 1);
 *   2. every flag kmem_cache_flags() adds is a slub_debug flag (F Z P U T A)
 *      and the flags passed in are kept;
 *   3. SLAB_NO_USER_FLAGS caches get nothing added;
 *   4. a value without ',' names no cache: every name gets the same flags.
 *
 * No machine is booted; slub_debug_reset() forgets each input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kmm/init.h>
#include <kmm/printk.h>
#include "mm/slab.h"
#include "mm/slub_debug.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The console goes nowhere: unknown letters would flood stderr. */
static void no_console(const char *text, size_t len)
{
	(void)text;
	(void)len;
}

#define CHECK(cond) do { if (!(cond)) abort(); } while (0)

#define USER_FLAGS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | \
		    SLAB_STORE_USER | SLAB_TRACE | SLAB_FAILSLAB)

static const char *const fixed_names[] = {
	"kmalloc-64", "kmalloc-8k", "dentry", "", "kmalloc-", "a",
};

/* Names cut from @value at ',' and ';' (at most @max, each < 64 bytes). */
static int names_from(const char *value, char names[][64], int max)
{
	int n = 0;

	while (*value && n < max) {
		size_t len = strcspn(value, ",;");

		if (len < 64) {
			memcpy(names[n], value, len);
			names[n++][len] = '\0';
		}
		value += len;
		if (*value)
			value++;
	}
	return n;
}

static void check_name(const char *name, slab_flags_t global, bool has_list)
{
	slab_flags_t got = kmem_cache_flags(SLAB_HWCACHE_ALIGN, name);

	CHECK(got & SLAB_HWCACHE_ALIGN);
	CHECK(!(got & ~(USER_FLAGS | SLAB_HWCACHE_ALIGN)));
	CHECK(kmem_cache_flags(SLAB_NO_USER_FLAGS, name) == SLAB_NO_USER_FLAGS);
	if (!has_list)
		CHECK(got == (SLAB_HWCACHE_ALIGN | global));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char param[COMMAND_LINE_SIZE + 1];
	const struct obs_kernel_param *p = setup_param_find("slub_debug");
	char names[8][64];
	slab_flags_t global;
	bool has_list;
	int n;

	CHECK(p && p->setup_func);
	if (size > COMMAND_LINE_SIZE - 1)
		size = COMMAND_LINE_SIZE - 1;
	param[0] = '=';
	memcpy(param + 1, data, size);
	param[size + 1] = '\0';
	has_list = strchr(param, ',') != NULL;
	kmm_set_console(no_console);
	CHECK(p->setup_func(param) == 1);
	global = kmem_cache_flags(0, "\x01no such cache\x01");
	CHECK(!(global & ~USER_FLAGS));
	for (size_t i = 0; i < sizeof(fixed_names) / sizeof(fixed_names[0]); i++)
		check_name(fixed_names[i], global, has_list);
	n = names_from(param + 1, names, 8);
	for (int i = 0; i < n; i++)
		check_name(names[i], global, has_list);
	slub_debug_reset();
	kmm_dmesg_clear();
	return 0;
}
