// SPDX-License-Identifier: MIT
/*
 * tests/test_memblock_debug.c - memblock=debug: the memblock_dbg() lines
 * and memblock_dump_all(), in Linux 6.12's exact words.
 *
 * The facts checked (mm/memblock.c):
 *  - memblock_dbg() is pr_info() when memblock_debug is set, nothing
 *    otherwise;
 *  - region operations log "%s: [%pa-%pa] %pS\n" (function name, first
 *    and LAST byte, caller); memblock_add_node adds "nid=%d flags=%x";
 *  - memblock_phys_alloc_range logs "%s: %llu bytes align=0x%llx from=%pa
 *    max_addr=%pa %pS\n"; the try_nid/exact_nid family adds "nid=%d";
 *    memblock_free() and memblock_phys_alloc_try_nid() log no line of
 *    their own;
 *  - memblock_dump_all() prints, only under memblock=debug:
 *      "MEMBLOCK configuration:"
 *      " memory size = %pa reserved size = %pa"
 *      " %s.cnt  = 0x%lx"
 *      " %s[%#x]\t[%pa-%pa], %pa bytes%s flags: %#x"
 *    where %s is " on node %d" only for a valid node, and %#x of 0 is
 *    "0x0" (the kernel's vsprintf always prints the prefix).
 *    x86 has no physmem (no CONFIG_HAVE_MEMBLOCK_PHYS_MAP); kmm prints it
 *    only when it has regions, so an empty physmem prints nothing.
 *
 * The caller (%pS) is whatever the host can name: "symbol+0xoff" or a
 * raw "0x..." address; the cases check its shape, not its name.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "helpers/memblock_harness.h"

#define MEM	((phys_addr_t)SZ_1M)

static char *fmt_pa(char *buf, phys_addr_t pa)
{
	sprintf(buf, "0x%016llx", (unsigned long long)pa);
	return buf;
}

/* A caller as %pS prints it: "sym+0xoff" or "0xaddr". */
static bool is_caller(const char *s, size_t len)
{
	size_t i = 0;

	if (len > 2 && s[0] == '0' && s[1] == 'x') {
		for (i = 2; i < len; i++)
			if (!isxdigit((unsigned char)s[i]))
				return false;
		return true;
	}
	while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '.'))
		i++;
	if (i == 0 || i + 3 > len || strncmp(s + i, "+0x", 3) != 0)
		return false;
	for (i += 3; i < len; i++)
		if (!isxdigit((unsigned char)s[i]) && s[i] != '/' && s[i] != 'x')
			return false;
	return true;
}

/*
 * The log has exactly one line that starts with @prefix, and the rest of
 * that line is a caller.
 */
#define assert_dbg_line(prefix) do {					\
	const char *__log = mb_log(), *__l = NULL, *__p = __log;	\
	int __n = 0;							\
	while ((__p = strstr(__p, (prefix))) != NULL) {			\
		if (__p == __log || __p[-1] == '\n') {			\
			__l = __p;					\
			__n++;						\
		}							\
		__p++;							\
	}								\
	mb_assert(__n == 1, "%d lines start with \"%s\"; log:\n%s",	\
		  __n, (prefix), __log);				\
	__l += strlen(prefix);						\
	mb_assert(is_caller(__l, strcspn(__l, "\n")),			\
		  "no caller after \"%s\": \"%.*s\"", (prefix),		\
		  (int)strcspn(__l, "\n"), __l);			\
} while (0)

/*
 * Without memblock=debug nothing is logged.
 *
 *   memory    |##@@     rm            |   reserve, free, remove, alloc
 *   log       |                       |   ->  empty
 */
MB_TEST(memblock_debug, off_logs_nothing, one)
{
	mb_setup(MEM);
	memblock_reserve(mb_base(), SZ_4K);
	memblock_phys_free(mb_base(), SZ_4K);
	memblock_remove(mb_base() + SZ_512K, SZ_4K);
	memblock_alloc(SZ_4K, SZ_4K);
	memblock_dump_all();

	mb_assert_eq(strlen(mb_log()), 0);
}

/*
 * memblock_add and memblock_add_node.
 *
 *   memory  | [r1: 256K]     [r2: 4K, n3, HOTPLUG] |
 *   log     "memblock_add: [first-last] caller"
 *           "memblock_add_node: [first-last] nid=3 flags=1 caller"
 */
MB_TEST(memblock_debug, add_lines, one)
{
	char line[160], a[24], b[24];
	phys_addr_t base = mb_base();

	memblock_debug = 1;
	memblock_add(base, SZ_256K);
	memblock_add_node(base + SZ_1M, SZ_4K, 3, MEMBLOCK_HOTPLUG);

	snprintf(line, sizeof(line), "memblock_add: [%s-%s] ", fmt_pa(a, base),
		 fmt_pa(b, base + SZ_256K - 1));
	assert_dbg_line(line);
	snprintf(line, sizeof(line), "memblock_add_node: [%s-%s] nid=3 flags=1 ",
		 fmt_pa(a, base + SZ_1M), fmt_pa(b, base + SZ_1M + SZ_4K - 1));
	assert_dbg_line(line);
}

/*
 * memblock_reserve, memblock_remove, memblock_phys_free,
 * memblock_physmem_add; memblock_free logs as memblock_phys_free.
 *
 *   memory    | +------------rm-----------+ |
 *   reserved  |   [r 8K]  -> free 4K        |
 *   physmem   [0 ........ 1G)
 */
MB_TEST(memblock_debug, region_lines, one)
{
	char line[160], a[24], b[24];
	phys_addr_t base = mb_base();

	memblock_add(base, MEM);
	memblock_debug = 1;
	kmm_dmesg_clear();

	memblock_reserve(base + SZ_64K, SZ_8K);
	memblock_remove(base + SZ_512K, SZ_4K);
	memblock_physmem_add(0, SZ_1G);
	memblock_free(mb_va(base + SZ_64K), SZ_4K);

	snprintf(line, sizeof(line), "memblock_reserve: [%s-%s] ", fmt_pa(a, base + SZ_64K),
		 fmt_pa(b, base + SZ_64K + SZ_8K - 1));
	assert_dbg_line(line);
	snprintf(line, sizeof(line), "memblock_remove: [%s-%s] ", fmt_pa(a, base + SZ_512K),
		 fmt_pa(b, base + SZ_512K + SZ_4K - 1));
	assert_dbg_line(line);
	assert_dbg_line("memblock_physmem_add: [0x0000000000000000-0x000000003fffffff] ");
	snprintf(line, sizeof(line), "memblock_phys_free: [%s-%s] ", fmt_pa(a, base + SZ_64K),
		 fmt_pa(b, base + SZ_64K + SZ_4K - 1));
	assert_dbg_line(line);
	mb_assert_no_log("memblock_free:");
}

/*
 * A size of 0 logs an end one below the base, as the kernel computes
 * base + size - 1.
 *
 *   reserved  |      (nothing added)      |   log: [0x100000-0xfffff]
 */
MB_TEST(memblock_debug, size_zero_line, one)
{
	memblock_debug = 1;
	memblock_reserve(0x100000, 0);

	assert_dbg_line("memblock_reserve: [0x0000000000100000-0x00000000000fffff] ");
	mb_assert_type(&memblock.reserved, 0, 0);
}

/*
 * memblock_phys_alloc (memblock_phys_alloc_range with start 0, end
 * MEMBLOCK_ALLOC_ACCESSIBLE) logs its request, then the reservation.
 *
 *   |                    @@@@|   log: request line, then memblock_reserve
 */
MB_TEST(memblock_debug, phys_alloc_lines, policy)
{
	char line[160], a[24], b[24];
	phys_addr_t pa;

	mb_setup(MEM);
	memblock_debug = 1;
	kmm_dmesg_clear();

	pa = memblock_phys_alloc(SZ_4K, SZ_4K);

	assert_dbg_line("memblock_phys_alloc_range: 4096 bytes align=0x1000 "
			"from=0x0000000000000000 max_addr=0x0000000000000000 ");
	snprintf(line, sizeof(line), "memblock_reserve: [%s-%s] ", fmt_pa(a, pa),
		 fmt_pa(b, pa + SZ_4K - 1));
	assert_dbg_line(line);
}

/*
 * The virtual allocators name themselves, with nid; memblock_alloc() is
 * memblock_alloc_try_nid(..., 0, 0, NUMA_NO_NODE).
 *
 *   |              @@ @@ @@@@|   three allocations, three request lines
 */
MB_TEST(memblock_debug, alloc_lines, one)
{
	char line[200], a[24], b[24];

	mb_setup(MEM);
	memblock_debug = 1;
	kmm_dmesg_clear();

	memblock_alloc(100, SMP_CACHE_BYTES);
	memblock_alloc_try_nid_raw(SZ_4K, SZ_4K, mb_base(), mb_base() + SZ_512K, 0);
	memblock_alloc_exact_nid_raw(SZ_8K, SZ_4K, 0, MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);

	assert_dbg_line("memblock_alloc_try_nid: 100 bytes align=0x40 nid=-1 "
			"from=0x0000000000000000 max_addr=0x0000000000000000 ");
	snprintf(line, sizeof(line), "memblock_alloc_try_nid_raw: 4096 bytes align=0x1000 nid=0 "
		 "from=%s max_addr=%s ", fmt_pa(a, mb_base()), fmt_pa(b, mb_base() + SZ_512K));
	assert_dbg_line(line);
	assert_dbg_line("memblock_alloc_exact_nid_raw: 8192 bytes align=0x1000 nid=-1 "
			"from=0x0000000000000000 max_addr=0x0000000000000000 ");
}

/*
 * memblock_phys_alloc_try_nid() logs no line of its own: only the
 * reservation.
 *
 *   |                    @@@@|   log: one memblock_reserve line
 */
MB_TEST(memblock_debug, phys_alloc_try_nid_no_own_line, one)
{
	mb_setup(MEM);
	memblock_debug = 1;
	kmm_dmesg_clear();

	memblock_phys_alloc_try_nid(SZ_4K, SZ_4K, NUMA_NO_NODE);

	mb_assert_no_log("memblock_phys_alloc_try_nid");
	mb_assert_no_log("memblock_phys_alloc_range");
	mb_assert_eq(mb_log_count("memblock_reserve: ["), 1);
}

/*
 * memblock_dump_all() under memblock=debug, exactly:
 *
 *   memory    | [r0: no node]   [r1: node 1, HOTPLUG] |
 *   reserved  | [4K]                                  |
 */
MB_TEST(memblock_debug, dump_all_format, one)
{
	char want[1024], a[24], b[24], c[24];
	phys_addr_t base = mb_base();
	const char *log;
	size_t n = 0;

	memblock_add(base, SZ_1M);
	memblock_add_node(base + SZ_2M, SZ_1M, 1, MEMBLOCK_HOTPLUG);
	memblock_reserve(base + SZ_64K, SZ_4K);
	memblock_debug = 1;
	kmm_dmesg_clear();

	memblock_dump_all();

	n += snprintf(want + n, sizeof(want) - n,
		      "MEMBLOCK configuration:\n"
		      " memory size = 0x0000000000200000 reserved size = 0x0000000000001000\n"
		      " memory.cnt  = 0x2\n");
	n += snprintf(want + n, sizeof(want) - n,
		      " memory[0x0]\t[%s-%s], %s bytes flags: 0x0\n",
		      fmt_pa(a, base), fmt_pa(b, base + SZ_1M - 1), fmt_pa(c, SZ_1M));
	n += snprintf(want + n, sizeof(want) - n,
		      " memory[0x1]\t[%s-%s], %s bytes on node 1 flags: 0x1\n",
		      fmt_pa(a, base + SZ_2M), fmt_pa(b, base + SZ_2M + SZ_1M - 1),
		      fmt_pa(c, SZ_1M));
	n += snprintf(want + n, sizeof(want) - n, " reserved.cnt  = 0x1\n");
	snprintf(want + n, sizeof(want) - n,
		 " reserved[0x0]\t[%s-%s], %s bytes flags: 0x0\n",
		 fmt_pa(a, base + SZ_64K), fmt_pa(b, base + SZ_64K + SZ_4K - 1),
		 fmt_pa(c, SZ_4K));

	log = mb_log();
	mb_assert(strcmp(log, want) == 0, "dump differs:\n--- got\n%s--- want\n%s", log, want);
}

/*
 * Node 0 is a valid node: " on node 0"; flags print in hex ("0x14").
 *
 *   memory    | [4K, node 0, NOMAP|RSRV_NOINIT] |
 *   reserved  |            (empty)              |
 */
MB_TEST(memblock_debug, dump_node0_and_hex_flags, one)
{
	char a[24], b[24], c[24], line[200];

	memblock_add_node(SZ_1G, SZ_4K, 0, MEMBLOCK_NOMAP | MEMBLOCK_RSRV_NOINIT);
	memblock_debug = 1;
	kmm_dmesg_clear();

	memblock_dump_all();

	snprintf(line, sizeof(line), " memory[0x0]\t[%s-%s], %s bytes on node 0 flags: 0x14\n",
		 fmt_pa(a, SZ_1G), fmt_pa(b, SZ_1G + SZ_4K - 1), fmt_pa(c, SZ_4K));
	mb_assert_log(line);
	mb_assert_log(" reserved.cnt  = 0x0\n");
	mb_assert_no_log("reserved[");
}

/*
 * The index is printed in hex: the 17th region is "memory[0x10]".
 *
 *   memory  | r0 r1 r2 ... r15 r16 |   17 regions of 4K, 8K apart
 */
MB_TEST(memblock_debug, dump_index_hex, one)
{
	for (int i = 0; i < 17; i++)
		memblock_add(SZ_1G + (phys_addr_t)i * SZ_8K, SZ_4K);
	memblock_debug = 1;
	kmm_dmesg_clear();

	memblock_dump_all();

	mb_assert_log(" memory.cnt  = 0x11\n");
	mb_assert_log(" memory[0x10]\t[0x0000000040020000-0x0000000040020fff], "
		      "0x0000000000001000 bytes flags: 0x0\n");
}

/*
 * Without memblock=debug memblock_dump_all() prints nothing;
 * __memblock_dump_all() prints regardless.
 *
 *   memory  | [4K] |   dump_all -> nothing; __dump_all -> the tables
 */
MB_TEST(memblock_debug, dump_all_needs_debug, one)
{
	memblock_add(SZ_1G, SZ_4K);

	memblock_dump_all();
	mb_assert_eq(strlen(mb_log()), 0);

	__memblock_dump_all();
	mb_assert_log("MEMBLOCK configuration:\n");
	mb_assert_log(" memory.cnt  = 0x1\n");
}

/*
 * An empty physmem prints nothing (as on x86, which has none); a filled
 * one is dumped after reserved, in the same format.
 *
 *   physmem |            | -> no lines;   |  [4G .. 8G)  | -> physmem lines
 */
MB_TEST(memblock_debug, dump_physmem, one)
{
	memblock_debug = 1;
	memblock_dump_all();
	mb_assert_no_log("physmem");
	mb_assert_log(" memory size = 0x0000000000000000 reserved size = 0x0000000000000000\n"
		      " memory.cnt  = 0x0\n reserved.cnt  = 0x0\n");

	memblock_physmem_add(SZ_4G, SZ_4G);
	kmm_dmesg_clear();
	memblock_dump_all();
	mb_assert_log(" reserved.cnt  = 0x0\n physmem.cnt  = 0x1\n"
		      " physmem[0x0]\t[0x0000000100000000-0x00000001ffffffff], "
		      "0x0000000100000000 bytes flags: 0x0\n");
}

/*
 * Misuse under debug: a double free logs both calls and changes nothing
 * the second time.
 *
 *   reserved  | [r 8K] |  -> free -> |  | -> free again -> |  |
 */
MB_TEST(memblock_debug, double_free_logged, one)
{
	memblock_reserve(SZ_1G, SZ_8K);
	memblock_debug = 1;
	kmm_dmesg_clear();

	memblock_phys_free(SZ_1G, SZ_8K);
	memblock_phys_free(SZ_1G, SZ_8K);

	mb_assert_eq(mb_log_count("memblock_phys_free: [0x0000000040000000-0x0000000040001fff] "), 2);
	mb_assert_type(&memblock.reserved, 0, 0);
}
