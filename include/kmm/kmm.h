/* SPDX-License-Identifier: MIT */
/*
 * kmm/kmm.h - the lifecycle of a simulated machine, and the umbrella header
 * that includes every layer's kernel-named API.
 *
 *	struct kmm_config cfg = { .ram_bytes = 2ULL << 30 };
 *	if (kmm_boot(&cfg, "pf_buf_len=512M@0 memblock=debug") == 0) {
 *		puts(kmm_dmesg());
 *		...
 *		kmm_halt();
 *	}
 *
 * One machine exists at a time per process; kmm_halt() releases all of it,
 * and a later kmm_boot() starts afresh.
 */
#ifndef KMM_KMM_H
#define KMM_KMM_H

#include <kmm/types.h>
#include <kmm/compiler.h>
#include <kmm/errno.h>
#include <kmm/sizes.h>
#include <kmm/minmax.h>
#include <kmm/page.h>
#include <kmm/pfn.h>
#include <kmm/numa.h>
#include <kmm/smp.h>
#include <kmm/bug.h>
#include <kmm/printk.h>
#include <kmm/panic.h>
#include <kmm/jiffies.h>
#include <kmm/irqflags.h>
#include <kmm/preempt.h>
#include <kmm/spinlock.h>
#include <kmm/sched.h>
#include <kmm/gfp.h>
#include <kmm/list.h>
#include <kmm/atomic.h>
#include <kmm/mm_types.h>
#include <kmm/page-flags.h>
#include <kmm/page_ref.h>
#include <kmm/memory_model.h>
#include <kmm/mmzone.h>
#include <kmm/percpu.h>
#include <kmm/mm.h>
#include <kmm/pageblock-flags.h>
#include <kmm/page-isolation.h>
#include <kmm/init.h>
#include <kmm/cmdline.h>
#include <kmm/e820.h>
#include <kmm/memblock.h>
#include <kmm/mm_init.h>
#include <kmm/vmstat.h>
#include <kmm/slabinfo.h>
#include <kmm/wait.h>
#include <kmm/completion.h>
#include <kmm/kthread.h>
#include <kmm/shrinker.h>
#include <kmm/swap.h>
#include <kmm/vm_event_item.h>
#include <kmm/rcupdate.h>
#include <kmm/slab.h>
#include <kmm/fault-inject.h>
#include <kmm/random.h>
#include <kmm/rbtree.h>
#include <kmm/pgtable.h>
#include <kmm/vmalloc.h>
#include <kmm/mempool.h>

/**
 * struct kmm_config - the hardware of a simulated machine.
 * @ram_bytes: RAM of the default PC-like map; 0 means 4 GiB. Ignored when
 *	@e820 is given.
 * @e820: NULL, or text holding "BIOS-e820: [mem ...] type" lines (a dmesg).
 * @nr_nodes: NUMA nodes; 0 means 1. numa=fake=N on the command line wins.
 * @nr_cpus: virtual CPUs; 0 means the host's count. nr_cpus= wins.
 * @e820_name: how messages name the @e820 text (a file name); NULL: "e820".
 */
struct kmm_config {
	unsigned long long ram_bytes;
	const char *e820;
	int nr_nodes;
	int nr_cpus;
	const char *e820_name;
};

/**
 * kmm_boot - boot a simulated machine.
 * @cfg: the hardware, or NULL for the default machine (4 GiB, 1 node)
 * @cmdline: the kernel command line, or NULL for none
 *
 * Runs the kernel's early boot in its order and logs its lines (read them
 * with kmm_dmesg()). Bad parameters are reported in the log and skipped,
 * as Linux does.
 * Context: process; not concurrently with another kmm_boot/kmm_halt.
 * Return: 0; -EBUSY if a machine is already running; -EINVAL if @cfg is
 * unusable (RAM too small, no BIOS-e820 lines, too many nodes), -ENOMEM if
 * the host cannot back the memory. The log says why.
 */
int kmm_boot(const struct kmm_config *cfg, const char *cmdline);

/** kmm_halt - tear the machine down and release all its host memory. */
void kmm_halt(void);

/** kmm_is_booted - whether a machine is running. */
bool kmm_is_booted(void);

/* Exported by the pf_buf_len= early parameter (see src/mm/pf_buf.c). */
extern phys_addr_t pf_buf_addr;
extern unsigned long long pf_buf_len;

#endif /* KMM_KMM_H */
