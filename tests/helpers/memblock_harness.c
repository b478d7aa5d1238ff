// SPDX-License-Identifier: MIT
/*
 * tests/helpers/memblock_harness.c - see memblock_harness.h.
 *
 * The backing memory is mapped once per test process (Criterion runs each
 * test in its own process). We first try a few fixed addresses below
 * 4 GiB with MAP_FIXED_NOREPLACE, so that the identity-mapped "physical"
 * addresses look like a small machine's; if all are taken we take any
 * 2 MiB-aligned address and the tests that need low memory skip.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "helpers/memblock_harness.h"

const struct mb_variant mb_set_all[4] = {
	{ .bottom_up = false, .numa = false },
	{ .bottom_up = true,  .numa = false },
	{ .bottom_up = false, .numa = true },
	{ .bottom_up = true,  .numa = true },
};
const struct mb_variant mb_set_policy[2] = {
	{ .bottom_up = false, .numa = false },
	{ .bottom_up = true,  .numa = false },
};
const struct mb_variant mb_set_numa[2] = {
	{ .bottom_up = false, .numa = false },
	{ .bottom_up = false, .numa = true },
};
const struct mb_variant mb_set_nodes[2] = {
	{ .bottom_up = false, .numa = true },
	{ .bottom_up = true,  .numa = true },
};
const struct mb_variant mb_set_one[1] = {
	{ .bottom_up = false, .numa = false },
};

struct mb_variant mb_var;

static void *backing;
static phys_addr_t node_base[MB_NR_NODES];
static phys_addr_t node_size[MB_NR_NODES];
/* Shares of the memory per node, in 1/32. */
static const unsigned int node_share[MB_NR_NODES] = { 8, 2, 4, 4, 2, 4, 4, 4 };

const char *mb_variant_name(void)
{
	static const char *const names[2][2] = {
		{ "top-down flat", "top-down numa" },
		{ "bottom-up flat", "bottom-up numa" },
	};

	return names[mb_var.bottom_up][mb_var.numa];
}

static void *map_backing(void)
{
	static const uintptr_t hints[] = {
		0x40000000UL, 0x50000000UL, 0x60000000UL, 0x30000000UL,
	};
	size_t len = MB_MEM_SIZE + MB_MEM_ALIGN;
	uintptr_t p;
	void *m;

	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
		m = mmap((void *)hints[i], MB_MEM_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
			 -1, 0);
		if (m == (void *)hints[i])
			return m;
		if (m != MAP_FAILED)
			munmap(m, MB_MEM_SIZE);
	}
	m = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert(m != MAP_FAILED, "cannot map %d bytes of backing memory",
		  (int)len);
	p = ((uintptr_t)m + MB_MEM_ALIGN - 1) & ~(uintptr_t)(MB_MEM_ALIGN - 1);
	return (void *)p;
}

phys_addr_t mb_base(void)
{
	if (!backing)
		backing = map_backing();
	return (phys_addr_t)(uintptr_t)backing;
}

bool mb_base_is_low(void)
{
	return mb_base() + MB_MEM_SIZE <= ARCH_LOW_ADDRESS_LIMIT;
}

void mb_reset(void)
{
	memblock_reset();
	memblock_set_bottom_up(mb_var.bottom_up);
	memblock_set_current_limit(MEMBLOCK_ALLOC_ANYWHERE);
	memblock_debug = 0;
	movable_node_enabled = false;
	kmm_dmesg_clear();
}

static void quiet_console(const char *text, size_t len)
{
	(void)text;
	(void)len;
}

void mb_start(const struct mb_variant *v)
{
	mb_var = *v;
	/* Reports are checked from the log; the terminal only gets them
	 * with MB_VERBOSE=1 in the environment. */
	if (!getenv("MB_VERBOSE"))
		kmm_set_console(quiet_console);
	(void)mb_base();
	mb_reset();
}

void mb_finish(void)
{
	mb_assert_valid();
}

void mb_fill(int byte)
{
	memset((void *)(uintptr_t)mb_base(), byte, MB_MEM_SIZE);
}

bool mb_bytes_are(const void *p, int byte, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		if (c[i] != (unsigned char)byte)
			return false;
	return true;
}

static void split_nodes(phys_addr_t size)
{
	phys_addr_t base = mb_base();

	for (int nid = 0; nid < MB_NR_NODES; nid++) {
		node_base[nid] = base;
		node_size[nid] = size / 32 * node_share[nid];
		base += node_size[nid];
	}
}

static void add_nodes(void)
{
	for (int nid = 0; nid < MB_NR_NODES; nid++) {
		int ret = memblock_add_node(node_base[nid], node_size[nid],
					    nid, MEMBLOCK_NONE);

		cr_assert(ret == 0, "memblock_add_node(node %d) returned %d",
			  nid, ret);
	}
}

void mb_setup(phys_addr_t size)
{
	cr_assert(size <= MB_MEM_SIZE && size % 32 == 0);
	mb_reset();
	split_nodes(size);
	if (mb_var.numa) {
		add_nodes();
	} else {
		int ret = memblock_add(mb_base(), size);

		cr_assert(ret == 0, "memblock_add returned %d", ret);
	}
	memset((void *)(uintptr_t)mb_base(), MB_FILL_BYTE, size);
}

void mb_setup_nodes(phys_addr_t size)
{
	cr_assert(size <= MB_MEM_SIZE && size % 32 == 0);
	mb_reset();
	split_nodes(size);
	add_nodes();
	memset((void *)(uintptr_t)mb_base(), MB_FILL_BYTE, size);
}

phys_addr_t mb_node_base(int nid)
{
	return node_base[nid];
}

phys_addr_t mb_node_size(int nid)
{
	return node_size[nid];
}

int mb_add(phys_addr_t base, phys_addr_t size)
{
	if (mb_var.numa)
		return memblock_add_node(base, size, MB_TEST_NID, MEMBLOCK_NONE);
	return memblock_add(base, size);
}

int mb_nid(void)
{
	/* Linux 6.12: memblock_add() leaves the node unset (MAX_NUMNODES). */
	return mb_var.numa ? MB_TEST_NID : MAX_NUMNODES;
}

const char *mb_describe(const struct memblock_type *type)
{
	static char buf[4096];
	size_t n = 0;

	n += snprintf(buf + n, sizeof(buf) - n, "cnt %lu max %lu total %#llx:",
		      type->cnt, type->max,
		      (unsigned long long)type->total_size);
	for (unsigned long i = 0; i < type->cnt && n < sizeof(buf) - 80; i++) {
		const struct memblock_region *r = &type->regions[i];

		n += snprintf(buf + n, sizeof(buf) - n,
			      " [%#llx-%#llx) f%#x n%d",
			      (unsigned long long)r->base,
			      (unsigned long long)(r->base + r->size),
			      (unsigned)r->flags, r->nid);
	}
	if (n >= sizeof(buf) - 80)
		snprintf(buf + n, sizeof(buf) - n, " ...");
	return buf;
}

/* The log without its "[    0.000000] " prefixes. */
const char *mb_log(void)
{
	static char *buf;
	static size_t cap;
	const char *s = kmm_dmesg();
	size_t len = strlen(s), o = 0;

	if (len + 1 > cap) {
		free(buf);
		cap = len + 1;
		buf = malloc(cap);
		cr_assert(buf);
	}
	while (*s) {
		const char *eol = strchr(s, '\n');
		size_t l = eol ? (size_t)(eol - s) + 1 : strlen(s);

		if (s[0] == '[') {
			const char *close = memchr(s, ']', l);

			if (close && close + 1 < s + l && close[1] == ' ') {
				l -= (size_t)(close + 2 - s);
				s = close + 2;
			}
		}
		memcpy(buf + o, s, l);
		o += l;
		s += l;
	}
	buf[o] = '\0';
	return buf;
}

bool mb_log_has(const char *needle)
{
	return strstr(mb_log(), needle) != NULL;
}

int mb_log_count(const char *needle)
{
	const char *s = mb_log();
	int n = 0;

	while (*s) {
		const char *eol = strchr(s, '\n');
		size_t l = eol ? (size_t)(eol - s) : strlen(s);
		const char *hit = strstr(s, needle);

		if (hit && hit < s + l)
			n++;
		s += l + (eol ? 1 : 0);
	}
	return n;
}

void mb_snap(struct mb_snapshot *snap)
{
	const struct memblock_type *t[2] = { &memblock.memory, &memblock.reserved };

	memset(snap, 0, sizeof(*snap));
	for (int k = 0; k < 2; k++) {
		snap->cnt[k] = t[k]->cnt;
		snap->total[k] = t[k]->total_size;
		for (unsigned long i = 0; i < t[k]->cnt && i < MB_SNAP_MAX; i++)
			snap->r[k][i] = t[k]->regions[i];
	}
}

bool mb_snap_equal(const struct mb_snapshot *snap)
{
	const struct memblock_type *t[2] = { &memblock.memory, &memblock.reserved };

	for (int k = 0; k < 2; k++) {
		if (snap->cnt[k] != t[k]->cnt || snap->total[k] != t[k]->total_size)
			return false;
		for (unsigned long i = 0; i < t[k]->cnt && i < MB_SNAP_MAX; i++) {
			const struct memblock_region *a = &snap->r[k][i];
			const struct memblock_region *b = &t[k]->regions[i];

			if (a->base != b->base || a->size != b->size ||
			    a->flags != b->flags || a->nid != b->nid)
				return false;
		}
	}
	return true;
}

static const char *panic_needle;

static void on_abort(int sig)
{
	(void)sig;
	if (!panic_needle || !strstr(kmm_dmesg(), panic_needle)) {
		static const char msg[] = "abort without the expected panic text\n";

		if (write(2, msg, sizeof(msg) - 1) < 0)
			_exit(4);
		_exit(3);
	}
	signal(SIGABRT, SIG_DFL);
	raise(SIGABRT);
}

void mb_expect_panic(const char *needle)
{
	panic_needle = needle;
	signal(SIGABRT, on_abort);
}
