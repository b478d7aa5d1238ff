// SPDX-License-Identifier: MIT
/*
 * tests/test_params_registry.c - every boot parameter kmm documents is
 * registered in a program that only calls kmm_boot() and links the static
 * library: parameters register from constructors, so a parameter whose
 * file the boot path does not reference would silently vanish.
 */
#include <criterion/criterion.h>

#include <kmm/kmm.h>

static const struct {
	const char *name;
	int early;
} documented[] = {
	{ "mem", 1 }, { "memmap", 1 }, { "pf_buf_len", 1 }, { "numa", 1 },
	{ "movable_node", 1 }, { "nr_cpus", 1 }, { "memblock", 1 }, { "loglevel", 1 },
	{ "quiet", 1 }, { "debug", 1 }, { "reserve_mem=", 0 },
};

Test(params_registry, every_documented_parameter_is_registered)
{
	/* Reference the boot path the way a user program does. */
	cr_assert_eq(kmm_boot(NULL, "quiet"), 0);
	kmm_halt();
	for (size_t i = 0; i < sizeof(documented) / sizeof(documented[0]); i++) {
		const struct obs_kernel_param *p = setup_param_find(documented[i].name);

		cr_assert_not_null(p, "boot parameter '%s' is not registered", documented[i].name);
		cr_assert_eq(p->early, documented[i].early, "'%s' early=%d", p->str, p->early);
	}
}
