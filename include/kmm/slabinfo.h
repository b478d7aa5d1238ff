/* SPDX-License-Identifier: MIT */
/*
 * kmm/slabinfo.h - the reports of the slab allocator (src/mm/slabinfo.c):
 * /proc/slabinfo as text and JSON, and one cache's /sys/kernel/slab/NAME.
 *
 * Each report follows kmm/vmstat.h's contract: it writes at most @size
 * bytes into @buf (NUL included) and returns the length of the whole
 * report, so (NULL, 0) asks for the length. All need a booted machine.
 *
 * slabinfo: Linux 6.12's /proc/slabinfo (CONFIG_SLUB_DEBUG), one line per
 * cache in the order of the slab_caches list (the newest cache first; a
 * cache merged into another has no line of its own). Objects on the CPU
 * slabs count as active, as in Linux; tunables and sharedavail are 0.
 *	{"version":"2.1","caches":[{"name":"kmalloc-64","active_objs":512,
 *	  "num_objs":512,"objsize":64,"objperslab":64,"pagesperslab":1,
 *	  "limit":0,"batchcount":0,"sharedfactor":0,
 *	  "active_slabs":8,"num_slabs":8,"sharedavail":0}, ...]}
 *
 * slab sysfs: the files of /sys/kernel/slab/NAME that can be read, one
 * line each, as `grep . /sys/kernel/slab/NAME/\*` shows them without the
 * directory: "aliases:0", "order:0", "partial:2 N0=2", ... in the
 * directory's (alphabetical) order; files that read empty (validate,
 * shrink, ctor without a constructor) have no line.
 */
#ifndef KMM_SLABINFO_H
#define KMM_SLABINFO_H

#include <kmm/types.h>

/**
 * kmm_report_slabinfo - /proc/slabinfo.
 * @buf: where to write, or NULL when @size is 0
 * @size: bytes at @buf, including room for the terminating NUL
 *
 * Context: process; takes slab_mutex and each node's list_lock in turn.
 * Return: the length of the whole report (see kmm/vmstat.h).
 */
size_t kmm_report_slabinfo(char *buf, size_t size);
/** kmm_report_slabinfo_json - /proc/slabinfo as JSON (schema above). */
size_t kmm_report_slabinfo_json(char *buf, size_t size);

/**
 * kmm_report_slab_sysfs - the readable files of /sys/kernel/slab/@name.
 * @name: a cache's name, as /proc/slabinfo shows it
 * @buf: where to write, or NULL when @size is 0
 * @size: bytes at @buf, including room for the terminating NUL
 *
 * Context: process; takes slab_mutex and the cache's list_locks.
 * Return: the length of the whole report; 0 (and an empty @buf) when no
 * cache has that name.
 */
size_t kmm_report_slab_sysfs(const char *name, char *buf, size_t size);

#endif /* KMM_SLABINFO_H */
