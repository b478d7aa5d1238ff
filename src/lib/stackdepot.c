// SPDX-License-Identifier: MIT
/*
 * src/lib/stackdepot.c - stack traces stored once, named by a handle
 * (lib/stackdepot.c in Linux, much simplified).
 *
 * 1. Why. With slub_debug=U every object remembers who allocated and who
 *    freed it last. Sixteen return addresses per event would double the
 *    size of small objects; a 32-bit handle to a shared, deduplicated
 *    trace costs four bytes, as in Linux's struct track.
 *
 * 2. Layout. One array of fixed-size records (a hash, a length, the next
 *    record of the same bucket, STACK_DEPOT_MAX_FRAMES addresses), reserved
 *    from the host at first use (host_pages_alloc: pages are only backed
 *    when written) and a table of DEPOT_BUCKETS chains. A handle is the
 *    record's index + 1, so 0 means "no trace". Records are never freed:
 *    the distinct call paths of a program are few.
 *
 * 3. Locking. Saving takes depot_lock; records are published before their
 *    handle is, and never change afterwards, so fetching and printing take
 *    no lock (the count of used records is read with acquire ordering).
 *
 * 4. How kmm differs: a full depot drops traces (handle 0) instead of
 *    growing pools; traces come from the host's backtrace(), not from an
 *    unwinder, and outlive kmm_halt() (they name code, not memory).
 */
#include <kmm/printk.h>
#include <kmm/spinlock.h>
#include "../host/host.h"
#include "string.h"
#include "stackdepot.h"

/* 2^16 distinct traces, about 9 MiB of address space, touched as used. */
#define DEPOT_MAX_RECORDS	(1U << 16)
#define DEPOT_BUCKETS		(1U << 12)

struct depot_record {
	u32 hash;
	u32 nr;
	u32 next;	/* handle of the next record in the bucket, or 0 */
	u32 pad;
	unsigned long entries[STACK_DEPOT_MAX_FRAMES];
};

static DEFINE_SPINLOCK(depot_lock);
static struct depot_record *depot_records;
static u32 depot_buckets[DEPOT_BUCKETS];
static u32 depot_used;		/* records handed out; read with acquire */

unsigned int stack_trace_save(unsigned long *store, unsigned int size, unsigned int skipnr)
{
	return (unsigned int)host_backtrace(store, (int)size, (int)skipnr + 1);
}

void stack_trace_print(const unsigned long *entries, unsigned int nr_entries, int spaces)
{
	for (unsigned int i = 0; i < nr_entries; i++)
		printk("%*c%pS\n", 1 + spaces, ' ', (void *)entries[i]);
}

/* Jenkins' one-at-a-time hash over the addresses. */
static u32 depot_hash(const unsigned long *entries, unsigned int nr)
{
	const unsigned char *p = (const unsigned char *)entries;
	u32 h = 0;

	for (size_t i = 0; i < nr * sizeof(*entries); i++) {
		h += p[i];
		h += h << 10;
		h ^= h >> 6;
	}
	h += h << 3;
	h ^= h >> 11;
	return h + (h << 15);
}

static struct depot_record *depot_record(depot_stack_handle_t handle)
{
	if (!handle || handle > __atomic_load_n(&depot_used, __ATOMIC_ACQUIRE))
		return NULL;
	return &depot_records[handle - 1];
}

static depot_stack_handle_t depot_find(u32 hash, const unsigned long *entries, unsigned int nr)
{
	for (u32 h = depot_buckets[hash % DEPOT_BUCKETS]; h; h = depot_records[h - 1].next) {
		const struct depot_record *r = &depot_records[h - 1];

		if (r->hash == hash && r->nr == nr && !memcmp(r->entries, entries, nr * sizeof(*entries)))
			return h;
	}
	return 0;
}

/* Caller holds depot_lock. */
static depot_stack_handle_t depot_add(u32 hash, const unsigned long *entries, unsigned int nr)
{
	struct depot_record *r;
	u32 handle;

	if (!depot_records) {
		depot_records = host_pages_alloc(DEPOT_MAX_RECORDS * sizeof(*depot_records));
		if (!depot_records)
			return 0;
	}
	if (depot_used == DEPOT_MAX_RECORDS)
		return 0;
	handle = depot_used + 1;
	r = &depot_records[handle - 1];
	r->hash = hash;
	r->nr = nr;
	memcpy(r->entries, entries, nr * sizeof(*entries));
	r->next = depot_buckets[hash % DEPOT_BUCKETS];
	depot_buckets[hash % DEPOT_BUCKETS] = handle;
	__atomic_store_n(&depot_used, handle, __ATOMIC_RELEASE);
	return handle;
}

depot_stack_handle_t stack_depot_save(unsigned long *entries, unsigned int nr_entries,
				      gfp_t alloc_flags)
{
	depot_stack_handle_t handle;
	unsigned long flags;
	u32 hash;

	(void)alloc_flags;
	if (!nr_entries)
		return 0;
	if (nr_entries > STACK_DEPOT_MAX_FRAMES)
		nr_entries = STACK_DEPOT_MAX_FRAMES;
	hash = depot_hash(entries, nr_entries);
	spin_lock_irqsave(&depot_lock, flags);
	handle = depot_records ? depot_find(hash, entries, nr_entries) : 0;
	if (!handle)
		handle = depot_add(hash, entries, nr_entries);
	spin_unlock_irqrestore(&depot_lock, flags);
	return handle;
}

unsigned int stack_depot_fetch(depot_stack_handle_t handle, unsigned long **entries)
{
	struct depot_record *r = depot_record(handle);

	*entries = r ? r->entries : NULL;
	return r ? r->nr : 0;
}

void stack_depot_print(depot_stack_handle_t handle)
{
	unsigned long *entries;
	unsigned int nr = stack_depot_fetch(handle, &entries);

	if (nr)
		stack_trace_print(entries, nr, 0);
}
