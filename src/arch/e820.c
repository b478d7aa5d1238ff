// SPDX-License-Identifier: MIT
/*
 * src/arch/e820.c - the x86 firmware memory map, as arch/x86/kernel/e820.c.
 *
 * 1. Concepts. A PC's firmware describes physical memory as a list of
 *    (address, size, type) entries, the "e820 map" after the BIOS call
 *    that returns it. Type 1 is usable RAM; every other type is memory the
 *    kernel must leave alone (firmware data, ACPI tables and their NVS
 *    save area, broken RAM, persistent memory) or a hole it may not assume
 *    is RAM. Linux copies the map early, repairs it, lets boot parameters
 *    edit it, and hands the RAM to memblock; after that it is only read.
 *
 * 2. The tables. e820_table_firmware keeps the map as the firmware gave it
 *    (sanitised, before any boot parameter); e820_table is the working
 *    copy that mem=, memmap= and the arch code edit. Both are static: no
 *    allocator exists yet when they are needed. Entries describe half-open
 *    ranges [addr, addr + size); the printed form is inclusive, so an
 *    entry prints as [mem addr-(addr+size-1)].
 *
 * 3. Edits. e820__range_add() appends and does nothing else: the table may
 *    then be unsorted and overlapping. e820__range_update() retypes, and
 *    e820__range_remove() cuts, the parts of entries inside a range; an
 *    entry cut in the middle leaves its tail appended at the end of the
 *    table, and an entry removed whole stays behind as a zero-sized entry
 *    of type 0. Only the sanitiser (4) restores order, so edits are
 *    batched and followed by one e820__update_table().
 *
 * 4. The sanitiser, e820__update_table(). Firmware maps overlap, repeat
 *    and come unsorted. The repair is a sweep over change points:
 *    a. every entry of non-zero size contributes its start and its end;
 *    b. the points are sorted by address (insertion sort: firmware maps
 *       are nearly sorted, so this is linear in practice and at most
 *       (2 * E820_MAX_ENTRIES)^2 / 2 steps otherwise);
 *    c. after all points at one address are applied, the type there is
 *       the highest type number among the entries covering it: higher
 *       numbers are the more restrictive types (1 usable, 2 reserved,
 *       3 ACPI, 4 NVS, 5 unusable, ...), so a conflict never hands the
 *       kernel memory that any entry says is not RAM. The rule is purely
 *       numeric, as 6.12's: an unknown type 6 beats ACPI NVS, and
 *       E820_TYPE_SOFT_RESERVED (0xefffffff) beats everything;
 *    d. a new entry starts wherever that type changes, so neighbours of
 *       one type merge, except the "no merge" types (PRAM and
 *       SOFT_RESERVED), which are split at every change point because
 *       their boundaries may be NUMA or device boundaries;
 *    e. uncovered space (type 0) makes no entry.
 *    The result is sorted, non-overlapping, without empty entries, and
 *    merged. A table of fewer than two entries, or one whose entry wraps
 *    past 2^64, is left untouched (return -1), as Linux does. A result
 *    longer than the table is cut at E820_MAX_ENTRIES, silently, as Linux.
 *
 * 5. Types have one name table (e820_type_names), read by the printer,
 *    the dmesg parser (e820_type_prefix) and the tests.
 *
 * 6. Boot parameters. mem=SIZE removes all RAM above SIZE. memmap= takes
 *    comma-separated pieces: "exactmap" (forget the firmware's map),
 *    nn@ss (add usable), nn#ss (ACPI data), nn$ss (reserved), nn!ss
 *    (persistent, type 12), nn%ss-from+to (retype, add or remove by type
 *    number; from == to is a BUG, as in 6.12), or a bare nn (as mem=,
 *    without its refusal of 0). Any of them marks the map as
 *    user-defined, and e820__finish_early_params() then sanitises it and
 *    prints "user-defined physical RAM map:"; a user map the sanitiser
 *    refuses is fatal ("Invalid user supplied memory map"), as in Linux.
 *
 * 7. Context. Everything here is boot-time and single-threaded, as in
 *    Linux, where these are __init functions: the sanitiser's scratch
 *    arrays are static, and nothing takes a lock.
 *
 * 8. How kmm differs from Linux 6.12.
 *    - The firmware map is an argument of e820__memory_setup() (from
 *      e820__firmware_default() or e820__firmware_parse()), not
 *      boot_params. A firmware map of fewer than two entries is used as
 *      it is; Linux would instead fake one from the BIOS-88/e801 sizes,
 *      which kmm's firmware does not have. A firmware entry whose end
 *      wraps past 2^64 is dropped with a warning (Linux gives up on the
 *      whole firmware map and fakes one).
 *    - There is no e820_table_kexec (kmm has no kexec), and the tables are
 *      never reallocated (e820__reallocate_tables() has no job in a
 *      process). e820__reset() empties everything between two boots.
 *    - memmap=: Linux ignores the result of each piece, so a malformed
 *      piece goes unreported (whatever part of it was already applied
 *      stays applied). kmm applies every piece exactly as Linux does, but
 *      returns -EINVAL when one is malformed, so that the log says
 *      "Malformed early option 'memmap'".
 *    - mem= does not set max_mem_size (kmm has no memory hotplug), and
 *      mem=nopentium is answered as an x86-64 kernel answers it.
 */
#include <kmm/e820.h>
#include <kmm/sort.h>
#include <kmm/bug.h>
#include <kmm/cmdline.h>
#include <kmm/errno.h>
#include <kmm/init.h>
#include <kmm/minmax.h>
#include <kmm/pfn.h>
#include <kmm/printk.h>
#include "../lib/string.h"
#include "e820_internal.h"

static struct e820_table e820_table_init;
static struct e820_table e820_table_firmware_init;

struct e820_table *e820_table = &e820_table_init;
struct e820_table *e820_table_firmware = &e820_table_firmware_init;

/* Set by mem= and memmap=: the map was edited by the user. */
static bool userdef;

/* ---- Type names: the one table (5) ---- */

static const struct {
	enum e820_type type;
	const char *name;
} e820_type_names[] = {
	/* RAM first: it is what "usable" reads back as. */
	{ E820_TYPE_RAM,		"usable" },
	{ E820_TYPE_RESERVED_KERN,	"usable" },
	{ E820_TYPE_RESERVED,		"reserved" },
	{ E820_TYPE_SOFT_RESERVED,	"soft reserved" },
	{ E820_TYPE_ACPI,		"ACPI data" },
	{ E820_TYPE_NVS,		"ACPI NVS" },
	{ E820_TYPE_UNUSABLE,		"unusable" },
	{ E820_TYPE_PMEM,		"persistent (type 7)" },
	{ E820_TYPE_PRAM,		"persistent (type 12)" },
};

#define E820_UNKNOWN_PREFIX	"type "

/**
 * e820_type_name - the name of @type as the kernel prints it in the map.
 * @type: any type number
 * @buf: room for the name of a type without one ("type 6")
 * @size: size of @buf; E820_TYPE_NAME_LEN always suffices
 * Context: any.
 * Return: a constant string, or @buf holding "type N".
 */
const char *e820_type_name(enum e820_type type, char *buf, size_t size)
{
	for (size_t i = 0; i < ARRAY_SIZE(e820_type_names); i++)
		if (e820_type_names[i].type == type)
			return e820_type_names[i].name;
	snprintf(buf, size, E820_UNKNOWN_PREFIX "%u", (unsigned int)type);
	return buf;
}

/* "type N" with N decimal, at most a u32. Return: its length, or 0. */
static size_t e820_type_number_prefix(const char *s, size_t len,
				      enum e820_type *type)
{
	size_t plen = sizeof(E820_UNKNOWN_PREFIX) - 1, i;
	u64 n = 0;

	if (len <= plen || memcmp(s, E820_UNKNOWN_PREFIX, plen) != 0)
		return 0;
	for (i = plen; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		n = n * 10 + (u64)(s[i] - '0');
		if (n > UINT32_MAX)
			return 0;
	}
	if (i == plen)
		return 0;
	*type = (enum e820_type)n;
	return i;
}

size_t e820_type_prefix(const char *s, size_t len, enum e820_type *type)
{
	size_t best = e820_type_number_prefix(s, len, type);

	for (size_t i = 0; i < ARRAY_SIZE(e820_type_names); i++) {
		const char *n = e820_type_names[i].name;
		size_t nlen = strlen(n);

		/* Strictly longer: RAM, not RESERVED_KERN, reads as "usable". */
		if (nlen > best && nlen <= len && memcmp(s, n, nlen) == 0) {
			*type = e820_type_names[i].type;
			best = nlen;
		}
	}
	return best;
}

static void e820_print_type(enum e820_type type)
{
	char buf[E820_TYPE_NAME_LEN];

	pr_cont("%s", e820_type_name(type, buf, sizeof(buf)));
}

/* ---- Queries ---- */

static bool e820_entry_overlaps(const struct e820_entry *e, u64 start, u64 end)
{
	return e->addr < end && e->addr + e->size > start;
}

static bool __e820__mapped_any(const struct e820_table *t, u64 start, u64 end,
			       enum e820_type type)
{
	for (u32 i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if ((!type || e->type == type) && e820_entry_overlaps(e, start, end))
			return true;
	}
	return false;
}

/**
 * e820__mapped_raw_any - whether any part of [@start, @end) has @type in
 * the firmware's map.
 * @start: first byte
 * @end: one past the last byte
 * @type: the type, or 0 for any type
 * Context: any.
 * Return: true if some entry of @type overlaps the range.
 */
bool e820__mapped_raw_any(u64 start, u64 end, enum e820_type type)
{
	return __e820__mapped_any(e820_table_firmware, start, end, type);
}

/**
 * e820__mapped_any - whether any part of [@start, @end) has @type in
 * e820_table.
 * @start: first byte
 * @end: one past the last byte
 * @type: the type, or 0 for any type
 * Context: any.
 * Return: true if some entry of @type overlaps the range.
 */
bool e820__mapped_any(u64 start, u64 end, enum e820_type type)
{
	return __e820__mapped_any(e820_table, start, end, type);
}

/*
 * The entry that completes the coverage of [start, end) by entries of
 * @type (0: any), walking the table in order; NULL if a gap remains. Only
 * meaningful on a sanitised table, as in Linux.
 */
static const struct e820_entry *__e820__mapped_all(u64 start, u64 end,
						   enum e820_type type)
{
	for (u32 i = 0; i < e820_table->nr_entries; i++) {
		const struct e820_entry *e = &e820_table->entries[i];

		if (type && e->type != type)
			continue;
		if (!e820_entry_overlaps(e, start, end))
			continue;
		if (e->addr <= start)
			start = e->addr + e->size;
		if (start >= end)
			return e;
	}
	return NULL;
}

/**
 * e820__mapped_all - whether all of [@start, @end) has @type in e820_table.
 * @start: first byte
 * @end: one past the last byte
 * @type: the type, or 0 for any type
 * Context: any; e820_table must be sanitised.
 * Return: true if entries of @type cover the whole range.
 */
bool e820__mapped_all(u64 start, u64 end, enum e820_type type)
{
	return __e820__mapped_all(start, end, type) != NULL;
}

/**
 * e820__get_entry_type - the type of the entry that covers [@start, @end).
 * @start: first byte
 * @end: one past the last byte
 * Context: any; e820_table must be sanitised.
 * Return: the type of the entry that completes the coverage, or -EINVAL
 * when the range is not wholly covered.
 */
int e820__get_entry_type(u64 start, u64 end)
{
	const struct e820_entry *e = __e820__mapped_all(start, end, 0);

	return e ? (int)e->type : -EINVAL;
}

/* ---- Edits (3) ---- */

bool e820_table_append(struct e820_table *t, u64 addr, u64 size,
		       enum e820_type type)
{
	struct e820_entry *e;

	if (t->nr_entries >= E820_MAX_ENTRIES)
		return false;
	e = &t->entries[t->nr_entries++];
	e->addr = addr;
	e->size = size;
	e->type = type;
	return true;
}

static void __e820__range_add(struct e820_table *t, u64 start, u64 size,
			      enum e820_type type)
{
	if (!e820_table_append(t, start, size, type))
		pr_err("too many entries; ignoring [mem %#010llx-%#010llx]\n",
		       (unsigned long long)start,
		       (unsigned long long)(start + size - 1));
}

/**
 * e820__range_add - append [@start, @start + @size) of @type to e820_table.
 * @start: first byte
 * @size: length in bytes
 * @type: its type
 * The table is not sorted or merged; call e820__update_table() after a
 * batch of edits. A full table drops the range with an error.
 * Context: boot.
 */
void e820__range_add(u64 start, u64 size, enum e820_type type)
{
	__e820__range_add(e820_table, start, size, type);
}

/* An edit covers [start, end); end is capped so that it cannot wrap. */
static u64 e820_edit_end(u64 start, u64 size)
{
	return size > ULLONG_MAX - start ? ULLONG_MAX : start + size;
}

static void e820_log_range(const char *what, u64 start, u64 end)
{
	printk(KERN_DEBUG "e820: %s [mem %#010llx-%#010llx] ", what,
	       (unsigned long long)start, (unsigned long long)(end - 1));
}

/*
 * Retype (@new_type != 0) or cut out (@new_type == 0) the part of entry
 * @i of @t inside [start, end). An entry wholly inside is retyped, or
 * zeroed, in place; a range inside the entry splits it, the tail being
 * appended to @t; otherwise the entry loses its head or its tail.
 * Return: the bytes affected.
 */
static u64 e820_entry_edit(struct e820_table *t, u32 i, u64 start, u64 end,
			   enum e820_type new_type)
{
	struct e820_entry *e = &t->entries[i];
	u64 e_end = e->addr + e->size;
	u64 lo = max(start, e->addr), hi = min(end, e_end);

	if (e->addr >= start && e_end <= end) {
		u64 size = e->size;

		if (new_type)
			e->type = new_type;
		else
			memset(e, 0, sizeof(*e));
		return size;
	}
	if (lo >= hi)
		return 0;
	if (new_type)
		__e820__range_add(t, lo, hi - lo, new_type);
	if (e->addr < start && e_end > end) {
		__e820__range_add(t, end, e_end - end, e->type);
		e->size = start - e->addr;
	} else if (e->addr < lo) {
		e->size = lo - e->addr;		/* the tail went */
	} else {
		e->addr = hi;			/* the head went */
		e->size = e_end - hi;
	}
	return hi - lo;
}

static u64 __e820__range_update(struct e820_table *t, u64 start, u64 size,
				enum e820_type old_type, enum e820_type new_type)
{
	u64 end = e820_edit_end(start, size), done = 0;
	u32 nr = t->nr_entries;	/* pieces appended below are never old_type */

	BUG_ON(old_type == new_type);
	e820_log_range("update", start, end);
	e820_print_type(old_type);
	pr_cont(" ==> ");
	e820_print_type(new_type);
	pr_cont("\n");

	for (u32 i = 0; i < nr; i++)
		if (t->entries[i].type == old_type)
			done += e820_entry_edit(t, i, start, end, new_type);
	return done;
}

/**
 * e820__range_update - retype the parts of @old_type entries of e820_table
 * that lie in [@start, @start + @size) to @new_type.
 * @start: first byte
 * @size: length in bytes (capped at the end of the address space)
 * @old_type: entries of this type are changed
 * @new_type: their new type; must differ from @old_type (BUG otherwise)
 * Logs "e820: update [mem ...] old ==> new" at KERN_DEBUG.
 * Context: boot. The table needs e820__update_table() afterwards.
 * Return: the number of bytes retyped.
 */
u64 e820__range_update(u64 start, u64 size, enum e820_type old_type,
		       enum e820_type new_type)
{
	return __e820__range_update(e820_table, start, size, old_type, new_type);
}

/**
 * e820__range_update_table - e820__range_update() on table @t.
 * @t: the table to edit
 * @start: first byte
 * @size: length in bytes
 * @old_type: entries of this type are changed
 * @new_type: their new type; must differ from @old_type
 * Context: boot.
 * Return: the number of bytes retyped.
 */
u64 e820__range_update_table(struct e820_table *t, u64 start, u64 size,
			     enum e820_type old_type, enum e820_type new_type)
{
	return __e820__range_update(t, start, size, old_type, new_type);
}

/**
 * e820__range_remove - cut [@start, @start + @size) out of e820_table.
 * @start: first byte
 * @size: length in bytes (capped at the end of the address space)
 * @old_type: only entries of this type are cut, if @check_type
 * @check_type: false to cut entries of every type
 * Logs "e820: remove [mem ...] type" at KERN_DEBUG. An entry removed whole
 * stays as an empty entry of type 0 until the next e820__update_table().
 * Context: boot.
 * Return: the number of bytes removed.
 */
u64 e820__range_remove(u64 start, u64 size, enum e820_type old_type, bool check_type)
{
	u64 end = e820_edit_end(start, size), done = 0;
	u32 nr = e820_table->nr_entries;	/* appended tails lie past end */

	e820_log_range("remove", start, end);
	if (check_type)
		e820_print_type(old_type);
	pr_cont("\n");

	for (u32 i = 0; i < nr; i++)
		if (!check_type || e820_table->entries[i].type == old_type)
			done += e820_entry_edit(e820_table, i, start, end, 0);
	return done;
}

/* ---- The sanitiser (4) ---- */

struct e820_change {
	u64 addr;
	u32 idx;	/* the entry that starts or ends here */
	bool end;
};

/* A run of one type being built; open_type 0: none is open. */
struct e820_sweep {
	u32 nr_active;
	u32 nr_out;
	enum e820_type open_type;
	u64 open_addr;
};

static struct e820_change e820_changes[2 * E820_MAX_ENTRIES];
static u32 e820_active[E820_MAX_ENTRIES];
static struct e820_entry e820_sanitized[E820_MAX_ENTRIES];

/* PRAM and soft-reserved ranges keep their boundaries (4d). */
static bool e820_nomerge(enum e820_type type)
{
	return type == E820_TYPE_PRAM || type == E820_TYPE_SOFT_RESERVED;
}

static bool e820_table_wraps(const struct e820_table *t)
{
	for (u32 i = 0; i < t->nr_entries; i++)
		if (t->entries[i].addr + t->entries[i].size < t->entries[i].addr)
			return true;
	return false;
}

/* Record the start and end of every non-empty entry (4a). */
static u32 e820_collect_changes(const struct e820_table *t)
{
	u32 n = 0;

	for (u32 i = 0; i < t->nr_entries; i++) {
		const struct e820_entry *e = &t->entries[i];

		if (!e->size)
			continue;
		e820_changes[n++] = (struct e820_change){ e->addr, i, false };
		e820_changes[n++] = (struct e820_change){ e->addr + e->size, i, true };
	}
	return n;
}

static int e820_change_cmp(const void *a, const void *b)
{
	const struct e820_change *x = a, *y = b;

	return (x->addr > y->addr) - (x->addr < y->addr);
}

/* Sort by address (4b); the order within one address does not matter,
 * so the kernel's unstable heapsort serves. */
static void e820_sort_changes(u32 n)
{
	sort(e820_changes, n, sizeof(e820_changes[0]), e820_change_cmp, NULL);
}

static void e820_sweep_apply(struct e820_sweep *s, const struct e820_change *c)
{
	if (!c->end) {
		e820_active[s->nr_active++] = c->idx;
		return;
	}
	for (u32 i = 0; i < s->nr_active; i++) {
		if (e820_active[i] == c->idx) {
			e820_active[i] = e820_active[--s->nr_active];
			return;
		}
	}
}

/* The highest type among the entries covering the sweep's position (4c). */
static enum e820_type e820_sweep_type(const struct e820_sweep *s,
				      const struct e820_table *t)
{
	enum e820_type type = 0;

	for (u32 i = 0; i < s->nr_active; i++)
		if (t->entries[e820_active[i]].type > type)
			type = t->entries[e820_active[i]].type;
	return type;
}

/* End the open run at @addr. Return: false when the output is full. */
static bool e820_sweep_close(struct e820_sweep *s, u64 addr)
{
	struct e820_entry *out;

	if (!s->open_type)
		return true;
	out = &e820_sanitized[s->nr_out++];
	out->addr = s->open_addr;
	out->size = addr - s->open_addr;
	out->type = s->open_type;
	return s->nr_out < E820_MAX_ENTRIES;
}

/* Walk the sorted change points, building runs (4c-4e). Return: runs. */
static u32 e820_sweep(const struct e820_table *t, u32 nr_changes)
{
	struct e820_sweep s = { 0 };
	u32 i = 0;

	while (i < nr_changes) {
		u64 addr = e820_changes[i].addr;
		enum e820_type type;

		for (; i < nr_changes && e820_changes[i].addr == addr; i++)
			e820_sweep_apply(&s, &e820_changes[i]);
		type = e820_sweep_type(&s, t);
		if (type == s.open_type && !e820_nomerge(type))
			continue;
		if (!e820_sweep_close(&s, addr))
			break;
		s.open_type = type;
		s.open_addr = addr;
	}
	return s.nr_out;
}

/**
 * e820__update_table - sanitise @table: sort it, resolve overlaps in
 * favour of the highest type number, merge neighbours of one type, drop
 * empty entries (see 4. at the top of this file).
 * @table: the table, changed in place
 * Context: boot; uses static scratch space (not reentrant).
 * Return: 0, or -1 with @table untouched when it has fewer than two
 * entries or an entry wraps past the end of the address space.
 */
int e820__update_table(struct e820_table *table)
{
	u32 nr_changes, nr;

	if (table->nr_entries < 2)
		return -1;
	BUG_ON(table->nr_entries > E820_MAX_ENTRIES);
	if (e820_table_wraps(table))
		return -1;

	nr_changes = e820_collect_changes(table);
	e820_sort_changes(nr_changes);
	nr = e820_sweep(table, nr_changes);
	memcpy(table->entries, e820_sanitized, nr * sizeof(*e820_sanitized));
	table->nr_entries = nr;
	return 0;
}

/* ---- Printing ---- */

/**
 * e820__print_table - log every entry of e820_table as
 * "@who: [mem 0x...-0x...] type".
 * @who: the prefix naming the map ("BIOS-e820", "user", "modified")
 * Context: boot.
 */
void e820__print_table(const char *who)
{
	for (u32 i = 0; i < e820_table->nr_entries; i++) {
		const struct e820_entry *e = &e820_table->entries[i];

		pr_info("%s: [mem %#018llx-%#018llx] ", who,
			(unsigned long long)e->addr,
			(unsigned long long)(e->addr + e->size - 1));
		e820_print_type(e->type);
		pr_cont("\n");
	}
}

/**
 * e820__update_table_print - sanitise e820_table and, if that changed
 * anything, print it as the "modified physical RAM map:".
 * Context: boot.
 */
void e820__update_table_print(void)
{
	if (e820__update_table(e820_table))
		return;
	pr_info("modified physical RAM map:\n");
	e820__print_table("modified");
}

/* ---- The end of RAM ---- */

/*
 * The highest pfn below @limit_pfn that ends RAM, counting ACPI data as
 * RAM (it is reclaimable), as Linux does. Logs "last_pfn = ...".
 */
static unsigned long e820__end_ram_pfn(unsigned long limit_pfn)
{
	unsigned long last_pfn = 0;

	for (u32 i = 0; i < e820_table->nr_entries; i++) {
		const struct e820_entry *e = &e820_table->entries[i];
		unsigned long start_pfn = e->addr >> PAGE_SHIFT;
		unsigned long end_pfn = (e->addr + e->size) >> PAGE_SHIFT;

		if (e->type != E820_TYPE_RAM && e->type != E820_TYPE_ACPI)
			continue;
		if (start_pfn >= limit_pfn)
			continue;
		if (end_pfn > limit_pfn) {
			last_pfn = limit_pfn;
			break;
		}
		last_pfn = max(last_pfn, end_pfn);
	}
	last_pfn = min(last_pfn, MAX_ARCH_PFN);
	pr_info("last_pfn = %#lx max_arch_pfn = %#lx\n", last_pfn, MAX_ARCH_PFN);
	return last_pfn;
}

/**
 * e820__end_of_ram_pfn - the pfn just past the last page of RAM.
 * Context: boot; e820_table must be sanitised.
 * Return: that pfn, at most MAX_ARCH_PFN.
 */
unsigned long e820__end_of_ram_pfn(void)
{
	return e820__end_ram_pfn(MAX_ARCH_PFN);
}

/**
 * e820__end_of_low_ram_pfn - the pfn just past the last page of RAM below
 * 4 GiB.
 * Context: boot; e820_table must be sanitised.
 * Return: that pfn, at most 4 GiB >> PAGE_SHIFT.
 */
unsigned long e820__end_of_low_ram_pfn(void)
{
	return e820__end_ram_pfn(1UL << (32 - PAGE_SHIFT));
}

/* ---- Setup ---- */

/* Copy the firmware's entries into e820_table, dropping wrapping ones. */
static void e820_copy_firmware(const struct e820_table *fw)
{
	u32 nr = min_t(u32, fw->nr_entries, E820_MAX_ENTRIES);

	for (u32 i = 0; i < nr; i++) {
		const struct e820_entry *e = &fw->entries[i];

		if (e->size && e->addr + e->size - 1 < e->addr) {
			pr_warn("e820: ignoring firmware entry at %#llx: size %#llx wraps past the end of memory\n",
				(unsigned long long)e->addr,
				(unsigned long long)e->size);
			continue;
		}
		__e820__range_add(e820_table, e->addr, e->size, e->type);
	}
}

/**
 * e820__memory_setup - take the firmware's map: copy @firmware into
 * e820_table, sanitise it, keep it as e820_table_firmware and print it
 * under "BIOS-provided physical RAM map:".
 * @firmware: the map (not changed), or NULL for an empty one
 * Context: boot, before parse_early_param().
 */
void e820__memory_setup(const struct e820_table *firmware)
{
	e820_table->nr_entries = 0;
	if (firmware)
		e820_copy_firmware(firmware);
	e820__update_table(e820_table);
	memcpy(e820_table_firmware, e820_table, sizeof(*e820_table_firmware));

	pr_info("BIOS-provided physical RAM map:\n");
	e820__print_table("BIOS-e820");
}

/**
 * e820__reset - forget both tables and the boot parameters' effects.
 * Context: between boots (kmm_halt()).
 */
void e820__reset(void)
{
	memset(e820_table, 0, sizeof(*e820_table));
	memset(e820_table_firmware, 0, sizeof(*e820_table_firmware));
	userdef = false;
}

/* ---- Boot parameters (6) ---- */

/* mem=SIZE: drop all RAM above SIZE. */
static int parse_memopt(char *p)
{
	u64 mem_size;

	if (!p)
		return -EINVAL;
	if (strcmp(p, "nopentium") == 0) {
		/* Turns off 4 MiB pages on 32-bit kernels only. */
		pr_warn("mem=nopentium ignored! (only supported on x86_32)\n");
		return -EINVAL;
	}

	userdef = true;
	mem_size = memparse(p, &p);
	/* "mem=0" or "mem=junk" would leave no RAM at all: refuse it. */
	if (mem_size == 0)
		return -EINVAL;
	e820__range_remove(mem_size, ULLONG_MAX - mem_size, E820_TYPE_RAM, true);
	return 0;
}
early_param("mem", parse_memopt);

/* The separators of memmap=nn<sep>ss that add a range of one type. */
static const struct {
	char sep;
	enum e820_type type;
} memmap_adds[] = {
	{ '@', E820_TYPE_RAM },
	{ '#', E820_TYPE_ACPI },
	{ '$', E820_TYPE_RESERVED },
	{ '!', E820_TYPE_PRAM },
};

static bool memmap_add_type(char sep, enum e820_type *type)
{
	for (size_t i = 0; i < ARRAY_SIZE(memmap_adds); i++) {
		if (memmap_adds[i].sep == sep) {
			*type = memmap_adds[i].type;
			return true;
		}
	}
	return false;
}

/*
 * memmap=nn%ss-from+to, @p after the '%': with both types retype, with
 * only +to add, with only -from remove that type, with neither remove all.
 */
static int memmap_retype(u64 size, char *p)
{
	enum e820_type from = 0, to = 0;
	u64 start = memparse(p, &p);

	if (*p == '-')
		from = (enum e820_type)simple_strtoull(p + 1, &p, 0);
	if (*p == '+')
		to = (enum e820_type)simple_strtoull(p + 1, &p, 0);
	if (*p != '\0')
		return -EINVAL;

	if (from && to)
		e820__range_update(start, size, from, to);
	else if (to)
		e820__range_add(start, size, to);
	else if (from)
		e820__range_remove(start, size, from, true);
	else
		e820__range_remove(start, size, 0, false);
	return 0;
}

/* One piece of memmap=. Return: 0, or -EINVAL when it is malformed. */
static int parse_memmap_one(char *p)
{
	char *oldp = p;
	enum e820_type type;
	u64 size;

	if (strncmp(p, "exactmap", 8) == 0) {
		e820_table->nr_entries = 0;
		userdef = true;
		return 0;
	}

	size = memparse(p, &p);
	if (p == oldp)
		return -EINVAL;
	userdef = true;

	if (*p == '%')
		return memmap_retype(size, p + 1);
	if (memmap_add_type(*p, &type)) {
		u64 start = memparse(p + 1, &p);

		e820__range_add(start, size, type);
	} else {
		/* A bare size: as mem=, and even when trailing junk follows. */
		e820__range_remove(size, ULLONG_MAX - size, E820_TYPE_RAM, true);
	}
	return *p == '\0' ? 0 : -EINVAL;
}

/* memmap=piece[,piece...]: every piece is applied; see 8. for the result. */
static int parse_memmap_opt(char *str)
{
	int ret = str ? 0 : -EINVAL;

	while (str) {
		char *next = strchr(str, ',');

		if (next)
			*next++ = '\0';
		if (parse_memmap_one(str))
			ret = -EINVAL;
		str = next;
	}
	return ret;
}
early_param("memmap", parse_memmap_opt);

/**
 * e820__finish_early_params - settle a map that mem=/memmap= changed:
 * sanitise it and print it as the "user-defined physical RAM map:".
 * Context: boot, after parse_early_param(). Panics with "Invalid user
 * supplied memory map" when the sanitiser refuses the edited map (fewer
 * than two entries, or an entry wrapping past 2^64), as Linux does.
 */
void e820__finish_early_params(void)
{
	if (!userdef)
		return;
	if (e820__update_table(e820_table) < 0)
		panic("Invalid user supplied memory map");

	pr_info("user-defined physical RAM map:\n");
	e820__print_table("user");
}
