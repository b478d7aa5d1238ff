// SPDX-License-Identifier: MIT
/*
 * src/mm/slub_debug.c - SLUB's debugging layer: slub_debug=, red zones,
 * poisoning, owner tracking, consistency checks, and the reports that
 * Linux 6.12's mm/slub.c prints when one of them finds damage.
 *
 * 1. Switching it on. slub_debug= (and 6.12's new name slab_debug=) is
 *    parsed as 6.12 parses it: blocks separated by ';', each a set of
 *    letters, optionally followed by ",cache,cache*,...":
 *        F SLAB_CONSISTENCY_CHECKS   Z SLAB_RED_ZONE   P SLAB_POISON
 *        U SLAB_STORE_USER           T SLAB_TRACE      A SLAB_FAILSLAB
 *        O no debugging for caches whose order it would raise
 *        - everything off (letters after it count again)
 *    No value (or "=" alone, or a block that starts with ',') means
 *    FZPU. A block without a cache list sets the global flags; blocks with
 *    lists apply to the caches they name (a '*' ends a prefix), the first
 *    matching block wins. Unknown letters earn "slab_debug option 'x'
 *    unknown. skipped". kmem_cache_flags() applies all this when a cache
 *    is created; SLAB_NO_USER_FLAGS caches (the boot caches) never get
 *    debugging. kmem_cache_init() prints the no_hash_pointers notice when
 *    any debugging is on, as 6.12 does (kmm never hashes pointers anyway).
 *
 * 2. Object layout (calculate_sizes() in slub.c, src/mm/slab.h point 3):
 *        [left red zone][object][right red zone to s->inuse][free pointer]
 *        [alloc track][free track][orig_size][padding to s->size]
 *    Bytes (kmm/poison.h): a free object's red zones hold 0xbb, a live
 *    one's 0xcc; a free poisoned object holds 0x6b with 0xa5 in its last
 *    byte; padding and a new slab's unused bytes hold 0x5a. A kmalloc
 *    object remembers the size asked for, and with red zones the bytes
 *    between it and the size class count as red zone ("kmalloc Redzone").
 *
 * 3. Owner tracking (U). struct track holds the caller, cpu, pid, jiffies
 *    and a stack depot handle (src/lib/stackdepot.c): 32 bytes, as 6.12's
 *    with CONFIG_STACKDEPOT, so object sizes match 6.12's under U.
 *
 * 4. Checks (F), on every allocation and free of a debug cache (the core
 *    sends debug caches down its slow paths), and on demand by
 *    kmem_cache_validate():
 *      - the slab: a slab page, objects <= what its order holds, inuse <=
 *        objects, not disabled by an earlier failure; the slab's unused
 *        tail still 0x5a (with P);
 *      - the object: a valid pointer (inside the slab, on an object
 *        boundary), not on the freelist already (a double free), red zones,
 *        poison, padding, and a free pointer that points into the slab;
 *      - the cache: the object's slab belongs to the cache it is freed to.
 *
 * 5. Reports are 6.12's, line for line: check_bytes_and_report() prints
 *        [Right Redzone overwritten] 0x...-0x... @offset=N. First byte 0x.. instead of 0xcc
 *    then object_err()'s block:
 *        =============================================================================
 *        BUG kmalloc-64 (Not tainted): Object corrupt
 *        -----------------------------------------------------------------------------
 *        (blank)
 *        Allocated in CALLER age=N cpu=N pid=N      + stack lines (U)
 *        Freed in CALLER age=N cpu=N pid=N          + stack lines (U)
 *        Slab 0x... objects=N used=N fp=0x... flags=0x...(...)
 *        Object 0x... @offset=N fp=0x...
 *        (blank)
 *        Redzone  ADDR: bb bb ...  (16 bytes a line, print_hex_dump layout)
 *        Object   ADDR: ...
 *        Redzone  ADDR: ...
 *        Padding  ADDR: ...
 *    then a WARN (the "cut here" block, stack, TAINT_WARN), the taint
 *    TAINT_BAD_PAGE ('B'), and what was repaired:
 *        FIX kmalloc-64: Restoring Right Redzone 0x...-0x...=0xcc
 *    A free that fails its checks is not done ("FIX ...: Object at 0x...
 *    not freed"): the object leaks rather than corrupting the freelist. An
 *    allocation that fails them disables the slab ("Marking all objects
 *    used"). Messages go to the log at KERN_ERR, as in 6.12 (so they reach
 *    stderr with kmm's default console level).
 *
 * 6. Counting. Every report adds to slab_errors; kmem_cache_validate()
 *    returns how many it added. Tests read the count the way 6.12's KUnit
 *    tests read their "slab_errors" resource.
 *
 * Locking: the checks of a free run under the node's list_lock (the core
 * takes it); validation takes each node's list_lock after flushing the CPU
 * slabs. Reports never allocate.
 *
 * Free to the wrong cache: slub.c's kmem_cache_free() prints 6.12's
 * cache_from_obj() warning and calls print_tracking() from here.
 *
 * How kmm differs: pointers print raw (Linux hashes them unless
 * no_hash_pointers, which slub_debug turns on); no KASAN/KMSAN metadata;
 * stack traces come from the host's backtrace() and name functions as
 * dladdr() can (exported symbols; static ones show as a neighbour or an
 * address); kmem_cache_validate() also exists without sysfs, and it walks
 * the full slabs of every debug cache (6.12 lists them only with U). The
 * parser keeps 6.12's quirks: a list's last name is compared with what
 * follows it up to the next block ("Z,dentry;;" does not match dentry).
 */
#include <kmm/slab.h>
#include <kmm/bitops.h>
#include <kmm/init.h>
#include <kmm/jiffies.h>
#include <kmm/panic.h>
#include <kmm/printk.h>
#include <kmm/smp.h>
#include <kmm/bug.h>
#include <kmm/mm.h>
#include "../lib/ctype.h"
#include "../lib/string.h"
#include "../lib/stackdepot.h"
#include "internal.h"
#include "slab.h"
#include "slub_debug.h"

/* ---- Small string and bitmap helpers (lib/string.c, bitmap.h) -------- */

static void strscpy_local(char *dst, const char *src, size_t size)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static const char *strchrnul_local(const char *s, int c)
{
	while (*s && *s != (char)c)
		s++;
	return s;
}

/* The first @c in the first @count bytes of @s, stopping at its NUL. */
static const char *strnchr_local(const char *s, size_t count, int c)
{
	for (; count-- && *s; s++)
		if (*s == (char)c)
			return s;
	return NULL;
}

/* ---- slub_debug= (point 1) -------------------------------------------- */

slab_flags_t slub_debug;
static char *slub_debug_string;
int disable_higher_order_debug;
/* The parameter's text outlives the command line copy it came from. */
static char slub_debug_buf[COMMAND_LINE_SIZE];

atomic_long_t slab_errors;

static void slab_add_error(void)
{
	atomic_long_inc(&slab_errors);
}

/*
 * One block of flags: its letters into *@flags, its cache list (or NULL)
 * into *@slabs. Return: the next block, or NULL after the last one.
 */
static char *parse_slub_debug_flags(char *str, slab_flags_t *flags, char **slabs, bool init)
{
	bool higher_order_disable = false;

	while (*str == ';')
		str++;
	if (*str == ',') {
		*flags = DEBUG_DEFAULT_FLAGS;	/* only a cache list: full debugging */
		goto check_slabs;
	}
	*flags = 0;
	for (; *str && *str != ',' && *str != ';'; str++) {
		switch (tolower(*str)) {
		case '-': *flags = 0; break;
		case 'f': *flags |= SLAB_CONSISTENCY_CHECKS; break;
		case 'z': *flags |= SLAB_RED_ZONE; break;
		case 'p': *flags |= SLAB_POISON; break;
		case 'u': *flags |= SLAB_STORE_USER; break;
		case 't': *flags |= SLAB_TRACE; break;
		case 'a': *flags |= SLAB_FAILSLAB; break;
		case 'o': higher_order_disable = true; break;
		default:
			if (init)
				pr_err("slab_debug option '%c' unknown. skipped\n", *str);
		}
	}
check_slabs:
	*slabs = *str == ',' ? ++str : NULL;
	while (*str && *str != ';')
		str++;
	while (*str == ';')
		str++;
	if (init && higher_order_disable)
		disable_higher_order_debug = 1;
	return *str ? str : NULL;
}

static int setup_slub_debug(char *str)
{
	slab_flags_t flags, global_flags = DEBUG_DEFAULT_FLAGS;
	bool global_changed = false, list_specified = false;
	char *slab_list;

	if (*str++ != '=' || !*str)
		goto out;	/* "slub_debug" alone: full debugging everywhere */
	strscpy_local(slub_debug_buf, str, sizeof(slub_debug_buf));
	str = slub_debug_buf;
	while (str) {
		str = parse_slub_debug_flags(str, &flags, &slab_list, true);
		if (!slab_list) {
			global_flags = flags;
			global_changed = true;
		} else {
			list_specified = true;
		}
	}
	/* Lists alone change only the caches they name. */
	if (list_specified) {
		if (!global_changed)
			global_flags = slub_debug;
		slub_debug_string = slub_debug_buf;
	}
out:
	slub_debug = global_flags;
	if ((init_on_alloc || init_on_free) && (slub_debug & SLAB_POISON))
		pr_info("mem auto-init: SLAB_POISON will take precedence over init_on_alloc/init_on_free\n");
	return 1;
}
__setup("slab_debug", setup_slub_debug);
__setup_param("slub_debug", slub_debug, setup_slub_debug, 0);

/* Does the cache list starting at @iter (block ends at @next_block) name @name? */
static bool slab_list_matches(const char *iter, const char *next_block, const char *name)
{
	size_t len = strlen(name);

	while (*iter) {
		const char *end = strchrnul_local(iter, ',');
		const char *glob;
		size_t cmplen;

		if (next_block && next_block < end)
			end = next_block - 1;
		/*
		 * As in 6.12, end may fall before iter (a list that ends in
		 * ";,name"): the length then wraps, and the search and the
		 * compare stop at the string's end instead.
		 */
		glob = strnchr_local(iter, (size_t)(end - iter), '*');
		cmplen = glob ? (size_t)(glob - iter) : max_t(size_t, len, (size_t)(end - iter));
		if (!strncmp(name, iter, cmplen))
			return true;
		if (!*end || *end == ';')
			break;
		iter = end + 1;
	}
	return false;
}

/**
 * kmem_cache_flags - the flags of a new cache, with slub_debug= applied.
 * @flags: the flags kmem_cache_create() was given
 * @name: the cache's name
 *
 * Context: cache creation (slab_mutex held). Return: @flags plus the
 * debug flags of the first block naming @name, or plus the global ones.
 */
slab_flags_t kmem_cache_flags(slab_flags_t flags, const char *name)
{
	slab_flags_t block_flags, local = slub_debug;
	char *next_block = slub_debug_string;
	char *iter;

	if (flags & SLAB_NO_USER_FLAGS)
		return flags;
	if (flags & SLAB_NOLEAKTRACE)
		local &= ~SLAB_STORE_USER;
	while (next_block) {
		next_block = parse_slub_debug_flags(next_block, &block_flags, &iter, false);
		if (iter && slab_list_matches(iter, next_block, name))
			return flags | block_flags;
	}
	return flags | local;
}

/**
 * slub_debug_enabled - is any debugging asked for (globally or per cache)?
 * Return: true after slub_debug= switched something on.
 */
bool slub_debug_enabled(void)
{
	return slub_debug || slub_debug_string;
}

/**
 * slub_debug_boot_notice - what 6.12's kmem_cache_init() prints when
 * slub_debug is on: the no_hash_pointers notice (once per boot).
 */
void slub_debug_boot_notice(void)
{
	static const char *const notice[] = {
		"**********************************************************",
		"**   NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE   **",
		"**                                                      **",
		"** This system shows unhashed kernel memory addresses   **",
		"** via the console, logs, and other interfaces. This    **",
		"** might reduce the security of your system.            **",
		"**                                                      **",
		"** If you see this message and you are not debugging    **",
		"** the kernel, report this immediately to your system   **",
		"** administrator!                                       **",
		"**                                                      **",
		"**   NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE   **",
		"**********************************************************",
	};

	if (!slub_debug_enabled())
		return;
	for (size_t i = 0; i < ARRAY_SIZE(notice); i++)
		pr_warn("%s\n", notice[i]);
}

/* kmm_halt: the next boot parses its own command line. */
void slub_debug_reset(void)
{
	slub_debug = 0;
	slub_debug_string = NULL;
	disable_higher_order_debug = 0;
	slub_debug_buf[0] = '\0';
}

/* ---- Layout helpers (point 2) ------------------------------------------ */

static unsigned int size_from_object(struct kmem_cache *s)
{
	return s->flags & SLAB_RED_ZONE ? s->size - s->red_left_pad : s->size;
}

static void *restore_red_left(struct kmem_cache *s, void *p)
{
	return s->flags & SLAB_RED_ZONE ? (u8 *)p - s->red_left_pad : p;
}

/* Is @object where an object of @slab starts (NULL counts as valid)? */
int check_valid_pointer(struct kmem_cache *s, struct slab *slab, void *object)
{
	u8 *base, *p;

	if (!object)
		return 1;
	base = slab_address(slab);
	p = restore_red_left(s, object);
	if (p < base || p >= base + (size_t)slab->objects * s->size ||
	    (size_t)(p - base) % s->size)
		return 0;
	return 1;
}

/* Objects of @size bytes that fit in a slab of 2^@order pages. */
static unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

/* The first byte of [start, start + bytes) that is not @c, or NULL. */
static u8 *memchr_inv_local(u8 *start, u8 c, size_t bytes)
{
	for (size_t i = 0; i < bytes; i++)
		if (start[i] != c)
			return start + i;
	return NULL;
}

static struct track *get_track(struct kmem_cache *s, void *object, enum track_item alloc)
{
	struct track *p = (struct track *)((u8 *)object + get_info_end(s));

	return p + alloc;
}

static unsigned long *orig_size_slot(struct kmem_cache *s, void *object)
{
	return (unsigned long *)((u8 *)object + get_info_end(s) + 2 * sizeof(struct track));
}

/**
 * set_orig_size - remember the size a kmalloc caller asked for (kmalloc
 * caches with SLAB_STORE_USER only; the word after the two tracks).
 * @s: the cache
 * @object: the object
 * @orig_size: bytes asked for
 */
void set_orig_size(struct kmem_cache *s, void *object, unsigned int orig_size)
{
	if (slub_debug_orig_size(s))
		*orig_size_slot(s, object) = orig_size;
}

static unsigned int get_orig_size(struct kmem_cache *s, void *object)
{
	if (!slub_debug_orig_size(s))
		return s->object_size;
	return (unsigned int)*orig_size_slot(s, object);
}

/* ---- Owner tracking (point 3) ------------------------------------------ */

/**
 * set_track - record who allocates or frees @object now (SLAB_STORE_USER).
 * @s: the cache
 * @object: the object
 * @alloc: TRACK_ALLOC or TRACK_FREE
 * @addr: the caller (_RET_IP_ of the API function)
 *
 * Context: any; the stack goes to the stack depot (no allocation from kmm).
 */
void set_track(struct kmem_cache *s, void *object, enum track_item alloc, unsigned long addr)
{
	struct track *t = get_track(s, object, alloc);
	unsigned long entries[STACK_DEPOT_MAX_FRAMES];
	unsigned int nr;

	/* Leave out set_track itself: the trace starts in the core's slow path. */
	nr = stack_trace_save(entries, ARRAY_SIZE(entries), 1);
	t->handle = stack_depot_save(entries, nr, GFP_NOWAIT);
	t->addr = addr;
	t->cpu = raw_smp_processor_id();
	t->pid = task_pid_nr_current();
	t->when = jiffies;
}

/** init_tracking - clear both tracks of a new object (SLAB_STORE_USER). */
void init_tracking(struct kmem_cache *s, void *object)
{
	if (s->flags & SLAB_STORE_USER)
		memset(get_track(s, object, TRACK_ALLOC), 0, 2 * sizeof(struct track));
}

static void print_track(const char *what, struct track *t, unsigned long pr_time)
{
	if (!t->addr)
		return;
	pr_err("%s in %pS age=%lu cpu=%u pid=%d\n", what, (void *)t->addr, pr_time - t->when,
	       t->cpu, t->pid);
	if (t->handle)
		stack_depot_print(t->handle);
	else
		pr_err("object allocation/free stack trace missing\n");
}

/**
 * print_tracking - "Allocated in ..." and "Freed in ..." with their stacks,
 * for the tracks that were ever set (SLAB_STORE_USER caches only).
 * @s: the cache
 * @object: the object
 */
void print_tracking(struct kmem_cache *s, void *object)
{
	unsigned long pr_time = jiffies;

	if (!(s->flags & SLAB_STORE_USER))
		return;
	print_track("Allocated", get_track(s, object, TRACK_ALLOC), pr_time);
	print_track("Freed", get_track(s, object, TRACK_FREE), pr_time);
}

/* ---- Report pieces (point 5) -------------------------------------------- */

static void print_section(const char *level, const char *text, u8 *addr, unsigned int length)
{
	print_hex_dump(level, text, DUMP_PREFIX_ADDRESS, 16, 1, addr, length, true);
}

static void print_slab_info(const struct slab *slab)
{
	pr_err("Slab 0x%p objects=%u used=%u fp=0x%p flags=%pGp\n", (const void *)slab,
	       slab->objects, slab->inuse, slab->freelist, &slab->__page_flags);
}

static void __slab_bug(struct kmem_cache *s, const char *fmt, va_list args)
{
	char msg[256];

	vsnprintf(msg, sizeof(msg), fmt, args);
	pr_err("=============================================================================\n");
	pr_err("BUG %s (%s): %s\n", s ? s->name : "<unknown>", print_tainted(), msg);
	pr_err("-----------------------------------------------------------------------------\n\n");
}

/**
 * slab_bug - the head of every report: the separator, "BUG NAME (taint):
 * message", the dashed line and a blank line (6.12's slab_bug()).
 * @s: the cache, or NULL ("<unknown>")
 * @fmt: the message
 */
void slab_bug(struct kmem_cache *s, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	__slab_bug(s, fmt, args);
	va_end(args);
}

__printf(2, 3) static void slab_fix(struct kmem_cache *s, const char *fmt, ...)
{
	char msg[256];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	pr_err("FIX %s: %s\n", s->name, msg);
}

static void print_trailer(struct kmem_cache *s, struct slab *slab, u8 *p)
{
	u8 *addr = slab_address(slab);
	unsigned int off;

	print_tracking(s, p);
	print_slab_info(slab);
	pr_err("Object 0x%p @offset=%tu fp=0x%p\n\n", (void *)p, p - addr, get_freepointer(s, p));
	if (s->flags & SLAB_RED_ZONE)
		print_section(KERN_ERR, "Redzone  ", p - s->red_left_pad, s->red_left_pad);
	else if (p > addr + 16)
		print_section(KERN_ERR, "Bytes b4 ", p - 16, 16);
	print_section(KERN_ERR, "Object   ", p, min_t(unsigned int, s->object_size, PAGE_SIZE));
	if (s->flags & SLAB_RED_ZONE)
		print_section(KERN_ERR, "Redzone  ", p + s->object_size, s->inuse - s->object_size);
	off = get_info_end(s);
	if (s->flags & SLAB_STORE_USER)
		off += 2 * sizeof(struct track);
	if (slub_debug_orig_size(s))
		off += sizeof(unsigned long);
	if (off != size_from_object(s))
		print_section(KERN_ERR, "Padding  ", p + off, size_from_object(s) - off);
}

/*
 * "BUG cache: reason" with the object's details, a WARN, taint 'B'.
 * object_err() and __slab_err() are global so that the WARN names them
 * (dladdr() sees exported symbols only), as 6.12's names object_err+0x...
 */
void object_err(struct kmem_cache *s, struct slab *slab, u8 *object, const char *reason)
{
	slab_add_error();
	slab_bug(s, "%s", reason);
	if (!object || !check_valid_pointer(s, slab, object)) {
		print_slab_info(slab);
		pr_err("Invalid pointer 0x%p\n", (void *)object);
	} else {
		print_trailer(s, slab, object);
	}
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
	WARN_ON(1);
}

void __slab_err(struct slab *slab)
{
	print_slab_info(slab);
	add_taint(TAINT_BAD_PAGE, LOCKDEP_NOW_UNRELIABLE);
	WARN_ON(1);
}

__printf(3, 4) static void slab_err(struct kmem_cache *s, struct slab *slab, const char *fmt, ...)
{
	va_list args;

	slab_add_error();
	va_start(args, fmt);
	__slab_bug(s, fmt, args);
	va_end(args);
	__slab_err(slab);
}

/* ---- Filling and checking bytes ----------------------------------------- */

/* Red zones and poison for an object becoming free (0xbb) or live (0xcc). */
static void init_object(struct kmem_cache *s, void *object, u8 val)
{
	u8 *p = object;
	unsigned int poison_size = s->object_size;

	if (s->flags & SLAB_RED_ZONE) {
		memset(p - s->red_left_pad, val, s->red_left_pad);
		/* kmalloc: the bytes past the size asked for are red zone too. */
		if (slub_debug_orig_size(s) && val == SLUB_RED_ACTIVE)
			poison_size = get_orig_size(s, object);
	}
	if (s->flags & SLAB_OBJECT_POISON) {
		memset(p, POISON_FREE, poison_size - 1);
		p[poison_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + poison_size, val, s->inuse - poison_size);
}

static void restore_bytes(struct kmem_cache *s, const char *message, u8 data, u8 *from, u8 *to)
{
	slab_fix(s, "Restoring %s 0x%p-0x%p=0x%x", message, (void *)from, (void *)(to - 1), data);
	memset(from, data, (size_t)(to - from));
}

static int check_bytes_and_report(struct kmem_cache *s, struct slab *slab, u8 *object,
				  const char *what, u8 *start, unsigned int value,
				  unsigned int bytes, bool slab_obj_print)
{
	u8 *addr = slab_address(slab);
	u8 *fault = memchr_inv_local(start, (u8)value, bytes);
	u8 *end;

	if (!fault)
		return 1;
	end = start + bytes;
	while (end > fault && end[-1] == value)
		end--;
	pr_err("[%s overwritten] 0x%p-0x%p @offset=%tu. First byte 0x%x instead of 0x%x\n",
	       what, (void *)fault, (void *)(end - 1), fault - addr, fault[0], value);
	if (slab_obj_print)
		object_err(s, slab, object, "Object corrupt");
	else
		slab_add_error();
	restore_bytes(s, what, (u8)value, fault, end);
	return 0;
}

static int check_pad_bytes(struct kmem_cache *s, struct slab *slab, u8 *p)
{
	unsigned long off = get_info_end(s);

	if (s->flags & SLAB_STORE_USER) {
		off += 2 * sizeof(struct track);
		if (s->flags & SLAB_KMALLOC)
			off += sizeof(unsigned long);
	}
	if (size_from_object(s) == off)
		return 1;
	return check_bytes_and_report(s, slab, p, "Object padding", p + off, POISON_INUSE,
				      size_from_object(s) - (unsigned int)off, true);
}

/* The tail of a slab that holds no object must stay 0x5a (with P). */
void slab_pad_check(struct kmem_cache *s, struct slab *slab)
{
	u8 *start, *end, *pad, *fault;
	size_t length, remainder;

	if (!(s->flags & SLAB_POISON))
		return;
	start = slab_address(slab);
	length = slab_size(slab);
	end = start + length;
	remainder = length % s->size;
	if (!remainder)
		return;
	pad = end - remainder;
	fault = memchr_inv_local(pad, POISON_INUSE, remainder);
	if (!fault)
		return;
	while (end > fault && end[-1] == POISON_INUSE)
		end--;
	slab_add_error();
	slab_bug(s, "Padding overwritten. 0x%p-0x%p @offset=%tu", (void *)fault,
		 (void *)(end - 1), fault - start);
	print_section(KERN_ERR, "Padding ", pad, (unsigned int)remainder);
	__slab_err(slab);
	restore_bytes(s, "slab padding", POISON_INUSE, fault, end);
}

static int check_redzones(struct kmem_cache *s, struct slab *slab, u8 *p, u8 val, int ret)
{
	u8 *endobject = p + s->object_size;
	unsigned int orig_size;

	if (!check_bytes_and_report(s, slab, p, "Left Redzone", p - s->red_left_pad, val,
				    s->red_left_pad, ret))
		ret = 0;
	if (!check_bytes_and_report(s, slab, p, "Right Redzone", endobject, val,
				    s->inuse - s->object_size, ret))
		ret = 0;
	if (slub_debug_orig_size(s) && val == SLUB_RED_ACTIVE) {
		orig_size = get_orig_size(s, p);
		if (s->object_size > orig_size &&
		    !check_bytes_and_report(s, slab, p, "kmalloc Redzone", p + orig_size, val,
					    s->object_size - orig_size, ret))
			ret = 0;
	}
	return ret;
}

static int check_poison(struct kmem_cache *s, struct slab *slab, u8 *p, u8 val, int ret)
{
	if (val != SLUB_RED_ACTIVE && (s->flags & SLAB_OBJECT_POISON)) {
		if (s->object_size > 1 &&
		    !check_bytes_and_report(s, slab, p, "Poison", p, POISON_FREE,
					    s->object_size - 1, ret))
			ret = 0;
		if (!check_bytes_and_report(s, slab, p, "End Poison", p + s->object_size - 1,
					    POISON_END, 1, ret))
			ret = 0;
	}
	if (!check_pad_bytes(s, slab, p))
		ret = 0;
	return ret;
}

/**
 * check_object - check one object's red zones, poison, padding and free
 * pointer, repairing what it reports.
 * @s: the cache
 * @slab: the object's slab
 * @object: the object
 * @val: SLUB_RED_ACTIVE for a live object, SLUB_RED_INACTIVE for a free one
 *
 * Return: 1 if all was well, 0 if something was reported.
 */
int check_object(struct kmem_cache *s, struct slab *slab, u8 *object, u8 val)
{
	int ret = 1;

	if (s->flags & SLAB_RED_ZONE) {
		ret = check_redzones(s, slab, object, val, ret);
	} else if ((s->flags & SLAB_POISON) && s->object_size < s->inuse &&
		   !check_bytes_and_report(s, slab, object, "Alignment padding",
					   object + s->object_size, POISON_INUSE,
					   s->inuse - s->object_size, ret)) {
		ret = 0;
	}
	if (s->flags & SLAB_POISON)
		ret = check_poison(s, slab, object, val, ret);
	/* A live object may hold data where its free pointer would be. */
	if ((freeptr_outside_object(s) || val != SLUB_RED_ACTIVE) &&
	    !check_valid_pointer(s, slab, get_freepointer(s, object))) {
		object_err(s, slab, object, "Freepointer corrupt");
		/* The rest of this slab's free objects are lost (as in 6.12). */
		set_freepointer(s, object, NULL);
		ret = 0;
	}
	return ret;
}

static int check_slab(struct kmem_cache *s, struct slab *slab)
{
	unsigned int maxobj;

	if (!folio_test_slab(slab_folio(slab))) {
		slab_err(s, slab, "Not a valid slab page");
		return 0;
	}
	maxobj = order_objects(slab_order(slab), s->size);
	if (slab->objects > maxobj) {
		slab_err(s, slab, "objects %u > max %u", slab->objects, maxobj);
		return 0;
	}
	if (slab->inuse > slab->objects) {
		slab_err(s, slab, "inuse %u > max %u", slab->inuse, slab->objects);
		return 0;
	}
	if (slab->frozen) {
		slab_err(s, slab, "Slab disabled since SLUB metadata consistency check failed");
		return 0;
	}
	slab_pad_check(s, slab);
	return 1;
}

/* Is @search on @slab's freelist? With @search NULL: check the list and counts. */
static int on_freelist(struct kmem_cache *s, struct slab *slab, void *search)
{
	void *fp = slab->freelist, *object = NULL;
	unsigned int max_objects;
	int nr = 0;

	while (fp && nr <= (int)slab->objects) {
		if (fp == search)
			return 1;
		if (!check_valid_pointer(s, slab, fp)) {
			if (object) {
				object_err(s, slab, object, "Freechain corrupt");
				set_freepointer(s, object, NULL);
			} else {
				slab_err(s, slab, "Freepointer corrupt");
				slab->freelist = NULL;
				slab->inuse = slab->objects;
				slab_fix(s, "Freelist cleared");
				return 0;
			}
			break;
		}
		object = fp;
		fp = get_freepointer(s, object);
		nr++;
	}
	max_objects = min_t(unsigned int, order_objects(slab_order(slab), s->size),
			    MAX_OBJS_PER_PAGE);
	if (slab->objects != max_objects) {
		slab_err(s, slab, "Wrong number of objects. Found %d but should be %d",
			 slab->objects, max_objects);
		slab->objects = max_objects;
		slab_fix(s, "Number of objects adjusted");
	}
	if (slab->inuse != slab->objects - nr) {
		slab_err(s, slab, "Wrong object count. Counter is %d but counted were %d",
			 slab->inuse, slab->objects - nr);
		slab->inuse = slab->objects - nr;
		slab_fix(s, "Object count adjusted");
	}
	return search == NULL;
}

static void trace(struct kmem_cache *s, struct slab *slab, void *object, int alloc)
{
	if (!(s->flags & SLAB_TRACE))
		return;
	pr_info("TRACE %s %s 0x%p inuse=%d fp=0x%p\n", s->name, alloc ? "alloc" : "free",
		object, slab->inuse, slab->freelist);
	if (!alloc)
		print_section(KERN_INFO, "Object ", object, s->object_size);
	dump_stack();
}

/* ---- The core's hooks ---------------------------------------------------- */

/** setup_object_debug - a new slab's object: free red zones, poison, no tracks. */
void setup_object_debug(struct kmem_cache *s, void *object)
{
	if (!kmem_cache_debug_flags(s, SLAB_STORE_USER | SLAB_RED_ZONE | SLAB_OBJECT_POISON))
		return;
	init_object(s, object, SLUB_RED_INACTIVE);
	init_tracking(s, object);
}

/** setup_slab_debug - a new slab of a poisoning cache starts as all 0x5a. */
void setup_slab_debug(struct kmem_cache *s, struct slab *slab, void *addr)
{
	if (kmem_cache_debug_flags(s, SLAB_POISON))
		memset(addr, POISON_INUSE, slab_size(slab));
}

static int alloc_consistency_checks(struct kmem_cache *s, struct slab *slab, void *object)
{
	if (!check_slab(s, slab))
		return 0;
	if (!check_valid_pointer(s, slab, object)) {
		object_err(s, slab, object, "Freelist Pointer check fails");
		return 0;
	}
	return check_object(s, slab, object, SLUB_RED_INACTIVE);
}

/**
 * alloc_debug_processing - check an object about to be handed out and
 * mark it live.
 * @s: the cache
 * @slab: its slab
 * @object: the object (first on the slab's freelist)
 * @orig_size: the size asked for (kmalloc), else @s->object_size
 *
 * Context: the core's allocation slow path. Return: false if the checks
 * failed: the slab is then disabled (no object of it is handed out again).
 */
bool alloc_debug_processing(struct kmem_cache *s, struct slab *slab, void *object, int orig_size)
{
	if ((s->flags & SLAB_CONSISTENCY_CHECKS) && !alloc_consistency_checks(s, slab, object))
		goto bad;
	trace(s, slab, object, 1);
	set_orig_size(s, object, (unsigned int)orig_size);
	init_object(s, object, SLUB_RED_ACTIVE);
	return true;
bad:
	if (folio_test_slab(slab_folio(slab))) {
		slab_fix(s, "Marking all objects used");
		slab->inuse = slab->objects;
		slab->freelist = NULL;
		slab->frozen = 1;	/* check_slab() refuses it from now on */
	}
	return false;
}

static int free_consistency_checks(struct kmem_cache *s, struct slab *slab, void *object,
				   unsigned long addr)
{
	if (!check_valid_pointer(s, slab, object)) {
		slab_err(s, slab, "Invalid object pointer 0x%p", object);
		return 0;
	}
	if (on_freelist(s, slab, object)) {
		object_err(s, slab, object, "Object already free");
		return 0;
	}
	if (!check_object(s, slab, object, SLUB_RED_ACTIVE))
		return 0;
	if (unlikely(s != slab->slab_cache)) {
		if (!folio_test_slab(slab_folio(slab)))
			slab_err(s, slab, "Attempt to free object(0x%p) outside of slab", object);
		else if (!slab->slab_cache)
			slab_err(NULL, slab, "No slab cache for object 0x%p", object);
		else
			object_err(s, slab, object, "page slab pointer corrupt.");
		return 0;
	}
	return 1;
}

/**
 * free_debug_processing - check objects being freed and mark them free.
 * @s: the cache
 * @slab: their slab
 * @head: the first object of the chain being freed
 * @tail: the last one (@head for a single object)
 * @bulk_cnt: in: the chain's length; out: the length found, if different
 * @addr: the caller, for the free track
 *
 * As 6.12: if any object fails the checks, nothing of the chain is freed
 * (the objects leak; "Object at 0x... not freed"), so a double free or a
 * stray pointer never reaches the freelist.
 * Context: the node's list_lock held. Return: true if the chain may be freed.
 */
bool free_debug_processing(struct kmem_cache *s, struct slab *slab, void *head, void *tail,
			   int *bulk_cnt, unsigned long addr)
{
	void *object = head;
	bool checks_ok = false;
	int cnt = 0;

	if ((s->flags & SLAB_CONSISTENCY_CHECKS) && !check_slab(s, slab))
		goto out;
	if ((int)slab->inuse < *bulk_cnt) {
		slab_err(s, slab, "Slab has %d allocated objects but %d are to be freed\n",
			 slab->inuse, *bulk_cnt);
		goto out;
	}
	for (;;) {
		if (++cnt > *bulk_cnt)
			goto out_cnt;
		if ((s->flags & SLAB_CONSISTENCY_CHECKS) &&
		    !free_consistency_checks(s, slab, object, addr))
			goto out;
		if (s->flags & SLAB_STORE_USER)
			set_track(s, object, TRACK_FREE, addr);
		trace(s, slab, object, 0);
		init_object(s, object, SLUB_RED_INACTIVE);
		if (object == tail)
			break;
		object = get_freepointer(s, object);
	}
	checks_ok = true;
out_cnt:
	if (cnt != *bulk_cnt) {
		slab_err(s, slab, "Bulk free expected %d objects but found %d\n", *bulk_cnt, cnt);
		*bulk_cnt = cnt;
	}
out:
	if (!checks_ok)
		slab_fix(s, "Object at 0x%p not freed", object);
	return checks_ok;
}

/* ---- Validation on demand ------------------------------------------------ */

static void validate_slab(struct kmem_cache *s, struct slab *slab, unsigned long *obj_map)
{
	u8 *addr = slab_address(slab);
	u8 *p;

	if (!check_slab(s, slab) || !on_freelist(s, slab, NULL))
		return;
	memset(obj_map, 0, BITS_TO_LONGS(slab->objects) * sizeof(long));
	for (void *fp = slab->freelist; fp; fp = get_freepointer(s, fp))
		__set_bit(__obj_to_index(s, addr, fp), obj_map);
	for_each_object(p, s, addr, slab->objects) {
		u8 val = test_bit(__obj_to_index(s, addr, p), obj_map) ? SLUB_RED_INACTIVE
								     : SLUB_RED_ACTIVE;

		if (!check_object(s, slab, p, val))
			break;
	}
}

static unsigned long validate_slab_node(struct kmem_cache *s, struct kmem_cache_node *n,
					unsigned long *obj_map)
{
	unsigned long count = 0, flags;
	struct slab *slab;

	spin_lock_irqsave(&n->list_lock, flags);
	list_for_each_entry(slab, &n->partial, slab_list) {
		validate_slab(s, slab, obj_map);
		count++;
	}
	if (count != n->nr_partial) {
		pr_err("SLUB %s: %ld partial slabs counted but counter=%ld\n", s->name,
		       count, n->nr_partial);
		slab_add_error();
	}
	/* kmm lists the full slabs of every debug cache (6.12: with U only). */
	if (!kmem_cache_debug(s))
		goto out;
	list_for_each_entry(slab, &n->full, slab_list) {
		validate_slab(s, slab, obj_map);
		count++;
	}
	if (count != node_nr_slabs(n)) {
		pr_err("SLUB: %s %ld slabs counted but counter=%ld\n", s->name, count,
		       node_nr_slabs(n));
		slab_add_error();
	}
out:
	spin_unlock_irqrestore(&n->list_lock, flags);
	return count;
}

/**
 * kmem_cache_validate - run the debugging checks over every slab of @s, as
 * writing 1 to /sys/kernel/slab/NAME/validate does (validate_slab_cache()).
 * @s: the cache
 *
 * Flushes the CPU slabs to the node lists first, then checks each slab on
 * a node's partial list (and, for a debug cache, full list): its
 * freelist and counters, and every object's red zones, poison and padding.
 * What is found is reported and repaired as on an allocation or free.
 * Context: process; takes each node's list_lock. A debug cache may be in
 * use meanwhile (its frees take the same lock); any other cache must be
 * quiet, because its frees change slabs without that lock (6.12 refuses
 * to validate such caches at all). Return: the number of errors reported
 * (0: the cache is sound).
 */
int kmem_cache_validate(struct kmem_cache *s)
{
	unsigned long obj_map[BITS_TO_LONGS(MAX_OBJS_PER_PAGE)];
	long before = atomic_long_read(&slab_errors);
	struct kmem_cache_node *n;
	int node;

	flush_all(s);
	for_each_kmem_cache_node(s, node, n)
		validate_slab_node(s, n, obj_map);
	return (int)(atomic_long_read(&slab_errors) - before);
}
