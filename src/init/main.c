// SPDX-License-Identifier: MIT
/*
 * src/init/main.c - kmm_boot() and kmm_halt(): the start_kernel() of a
 * simulated machine, and the boot parameters init/main.c owns.
 *
 * 1. Boot order (Linux 6.12, memory-related steps only):
 *    banner -> setup_arch() (firmware map, early parameters, memblock,
 *    NUMA, memmap, zones; see src/arch/setup.c) -> setup_per_cpu_areas()
 *    -> "Kernel command line:" -> the late parameters and the report of
 *    unknown ones -> mm_core_init(): zonelists, memblock_free_all() into
 *    the buddy allocator -> setup_per_cpu_pageset() -> watermarks
 *    (init_per_zone_wmark_min, an initcall on Linux) ->
 *    page_alloc_init_late(): the "Memory:" line -> kswapd_init(): a
 *    kswapd thread per node with memory (an initcall on Linux).
 *
 * 2. One machine per process. kmm_boot() refuses a second machine with
 *    -EBUSY; kmm_halt() releases the physical memory and the vmemmap,
 *    resets memblock, e820, NUMA, the page allocator and every boot
 *    parameter, so the next kmm_boot() starts from the same state as the
 *    first. kmm_halt() first stops the kswapd threads and unregisters
 *    every shrinker, so no thread of the machine outlives it.
 *    kmm_dmesg() keeps the last log.
 *
 * 3. Errors. A machine that cannot be built (no BIOS-e820 line, RAM too
 *    small, host out of memory) makes kmm_boot() return -errno after
 *    logging why, with everything released again.
 *
 * Locking: kmm_boot/kmm_halt must not race each other (documented);
 * `booted` is atomic so kmm_is_booted() may be asked from any thread.
 */
#include <stdatomic.h>

#include <kmm/kmm.h>
#include <kmm/setup.h>
#include <kmm/panic.h>
#include <kmm/numa_memblks.h>
#include "../lib/string.h"
#include "../host/host.h"
#include "../mm/pf_buf.h"
#include "../mm/numa_emulation.h"
#include "../mm/internal.h"
#include "../mm/vmscan.h"

#define KMM_UTS_RELEASE "6.12.0-kmm"

static atomic_bool booted;
static struct e820_table firmware;
static struct numa_meminfo firmware_numa;
bool kmm_quiet;

/* loglevel=N, quiet, debug (init/main.c) */
static int loglevel(char *str)
{
	int newlevel;

	if (get_option(&str, &newlevel)) {
		console_loglevel = newlevel;
		return 0;
	}
	return -EINVAL;
}
early_param("loglevel", loglevel);

static int quiet_kernel(char *str)
{
	console_loglevel = CONSOLE_LOGLEVEL_QUIET;
	kmm_quiet = true;
	return 0;
}
early_param("quiet", quiet_kernel);

static int debug_kernel(char *str)
{
	console_loglevel = 10;	/* CONSOLE_LOGLEVEL_DEBUG */
	return 0;
}
early_param("debug", debug_kernel);

/* nr_cpus=N (kernel/smp.c): the most CPUs this boot uses. */
static int nr_cpus_param;
static int nrcpus(char *str)
{
	int n;

	if (!str || get_option(&str, &n) == 0 || n < 1)
		return -EINVAL;
	nr_cpus_param = n < NR_CPUS ? n : NR_CPUS;
	return 0;
}
early_param("nr_cpus", nrcpus);

/* The page allocator's state, back to what a fresh process has. */
static void reset_page_allocator(void)
{
	sparse_reset();
	percpu_reset();
	mm_init_reset();
	page_alloc_reset();
	page_alloc_wmark_reset();
	page_alloc_slowpath_reset();
	debug_page_reset();
	page_alloc_valid_reset();
	vmscan_reset();
	fault_inject_reset();
}

static void reset_machine_state(void)
{
	kmem_cache_halt();
	reset_page_allocator();
	taint_reset();
	memblock_reset();
	e820__reset();
	numa_reset();
	pf_buf_reset();
	kmm_physmem_release();
	nr_cpus_param = 0;
	kmm_quiet = false;
	max_pfn = max_low_pfn = max_possible_pfn = 0;
}

static int load_firmware(const struct kmm_config *cfg)
{
	if (cfg && cfg->e820)
		return e820__firmware_parse(&firmware, cfg->e820,
					    cfg->e820_name ? cfg->e820_name : "e820") < 0
			? -EINVAL : 0;
	return e820__firmware_default(&firmware, cfg && cfg->ram_bytes ?
				      cfg->ram_bytes : 4ULL << 30);
}

static int set_command_line(const char *cmdline)
{
	size_t n = cmdline ? strlen(cmdline) : 0;

	if (n >= COMMAND_LINE_SIZE) {
		pr_err("kmm: the command line is %zu bytes, more than %d\n", n,
		       COMMAND_LINE_SIZE - 1);
		return -E2BIG;
	}
	memcpy(boot_command_line, cmdline ? cmdline : "", n + 1);
	return 0;
}

static void setup_nr_cpus(const struct kmm_config *cfg)
{
	int n = cfg && cfg->nr_cpus > 0 ? cfg->nr_cpus : host_nr_cpus();

	if (nr_cpus_param && nr_cpus_param < n)
		n = nr_cpus_param;
	nr_cpu_ids = n < NR_CPUS ? n : NR_CPUS;
	pr_info("setup_percpu: NR_CPUS:%d nr_cpumask_bits:%d nr_cpu_ids:%d nr_node_ids:%d\n",
		NR_CPUS, nr_cpu_ids, nr_cpu_ids, nr_node_ids);
}

static int start_kernel(const struct kmm_config *cfg)
{
	int err;

	pr_notice("Linux version %s (kmm) (%s) #1 SMP PREEMPT_DYNAMIC\n",
		  KMM_UTS_RELEASE, __VERSION__);
	err = load_firmware(cfg);
	if (err)
		return err;
	if (cfg && cfg->nr_nodes > MAX_NUMNODES) {
		pr_err("kmm: %d NUMA nodes requested, at most %d\n", cfg->nr_nodes,
		       MAX_NUMNODES);
		return -EINVAL;
	}
	if (cfg && cfg->e820)
		srat_parse(&firmware_numa, cfg->e820);
	else
		memset(&firmware_numa, 0, sizeof(firmware_numa));
	err = setup_arch(&firmware, &firmware_numa, cfg ? cfg->nr_nodes : 1);
	if (err)
		return err;
	setup_nr_cpus(cfg);
	setup_per_cpu_areas();
	pr_notice("Kernel command line: %s\n", boot_command_line);
	parse_late_params();
	mm_core_init();
	setup_per_cpu_pageset();
	init_per_zone_wmark_min();
	page_alloc_init_late();
	kswapd_init();
	return 0;
}

int kmm_boot(const struct kmm_config *cfg, const char *cmdline)
{
	int err;

	if (atomic_exchange(&booted, true))
		return -EBUSY;
	printk_reset();
	reset_machine_state();
	err = set_command_line(cmdline);
	if (!err)
		err = start_kernel(cfg);
	if (err) {
		console_init();
		reset_machine_state();
		atomic_store(&booted, false);
	}
	return err;
}

void kmm_halt(void)
{
	if (!atomic_load(&booted))
		return;
	kswapd_halt();
	shrinker_halt();
	/* RCU callbacks (SLAB_TYPESAFE_BY_RCU slabs, kfree_rcu) touch memory. */
	kmm_rcu_halt();
	reset_machine_state();
	nr_cpu_ids = 1;
	atomic_store(&booted, false);
}

bool kmm_is_booted(void)
{
	return atomic_load(&booted);
}
