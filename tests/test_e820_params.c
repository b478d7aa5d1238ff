// SPDX-License-Identifier: MIT
/*
 * tests/test_e820_params.c - mem= and memmap= on the default 4 GiB map,
 * run through the early-parameter parser, then e820__finish_early_params().
 *
 * The 4 GiB map:
 *   [0, 0x9fc00) usable | EBDA | ROM | [1M, 0xbffe0000) usable | ACPI | NVS
 *   | IOAPIC | LAPIC | BIOS ROM | [4G, 5G) usable
 */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <kmm/errno.h>
#include <kmm/init.h>
#include "e820_test.h"

#define MiB	(1ULL << 20)
#define GiB	(1ULL << 30)

#define LOW_FIXED							\
	{ 0x9fc00, 0x400, E820_TYPE_RESERVED },				\
	{ 0xf0000, 0x10000, E820_TYPE_RESERVED }
#define ACPI_AND_HOLE							\
	{ 0xbffe0000, 0x10000, E820_TYPE_ACPI },			\
	{ 0xbfff0000, 0x10000, E820_TYPE_NVS },				\
	{ 0xfec00000, 0x1000, E820_TYPE_RESERVED },			\
	{ 0xfee00000, 0x1000, E820_TYPE_RESERVED },			\
	{ 0xfffc0000, 0x40000, E820_TYPE_RESERVED }

#define USER_LOW							\
	"user: [mem 0x0000000000000000-0x000000000009fbff] usable\n"	\
	"user: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"	\
	"user: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
#define USER_ACPI_AND_HOLE						\
	"user: [mem 0x00000000bffe0000-0x00000000bffeffff] ACPI data\n"	\
	"user: [mem 0x00000000bfff0000-0x00000000bfffffff] ACPI NVS\n"	\
	"user: [mem 0x00000000fec00000-0x00000000fec00fff] reserved\n"	\
	"user: [mem 0x00000000fee00000-0x00000000fee00fff] reserved\n"	\
	"user: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved\n"

static struct e820_table fw;

/* Boot the 4 GiB machine's map and forget its log. */
static void setup_4g(void)
{
	cr_assert_eq(e820__firmware_default(&fw, 4 * GiB), 0);
	e820__memory_setup(&fw);
	kmm_dmesg_clear();
}

/* Run the early handlers on a writable copy of @cmdline. */
static void early(const char *cmdline)
{
	static char buf[COMMAND_LINE_SIZE];

	snprintf(buf, sizeof(buf), "%s", cmdline);
	parse_early_options(buf);
}

TestSuite(e820_mem, .init = setup_4g);
TestSuite(e820_memmap, .init = setup_4g);

/* ---- mem= ---- */

Test(e820_mem, limits_ram)
{
	early("mem=2G");
	e820__finish_early_params();
	ASSERT_TABLE(e820_table,
		{ 0, 0x9fc00, E820_TYPE_RAM }, LOW_FIXED,
		{ 0x100000, 0x7ff00000, E820_TYPE_RAM }, ACPI_AND_HOLE);
	assert_log("e820: remove [mem 0x80000000-0xfffffffffffffffe] usable\n"
		   "user-defined physical RAM map:\n"
		   USER_LOW
		   "user: [mem 0x0000000000100000-0x000000007fffffff] usable\n"
		   USER_ACPI_AND_HOLE);
	/* The firmware's copy keeps all of it. */
	cr_assert_eq(e820_table_firmware->nr_entries, 10);
}

Test(e820_mem, above_4g_in_hex)
{
	early("mem=0x118000000");
	e820__finish_early_params();
	cr_assert_eq(e820_table->nr_entries, 10);
	cr_assert_eq(e820_table->entries[9].addr, 4 * GiB);
	cr_assert_eq(e820_table->entries[9].size, 384 * MiB);
	assert_log_has("e820: remove [mem 0x118000000-0xfffffffffffffffe] usable\n");
	assert_log_has("user: [mem 0x0000000100000000-0x0000000117ffffff] usable\n");
}

/*
 * mem=0 and mem=junk are refused, but the map still counts as
 * user-defined (Linux marks it before it checks the size).
 */
Test(e820_mem, zero_refused)
{
	early("mem=0");
	early("mem=junk");
	e820__finish_early_params();
	assert_table(e820_table, fw.entries, fw.nr_entries);
	assert_log("Malformed early option 'mem'\n"
		   "Malformed early option 'mem'\n"
		   "user-defined physical RAM map:\n"
		   USER_LOW
		   "user: [mem 0x0000000000100000-0x00000000bffdffff] usable\n"
		   USER_ACPI_AND_HOLE
		   "user: [mem 0x0000000100000000-0x000000013fffffff] usable\n");
}

Test(e820_mem, no_value_or_nopentium)
{
	early("mem mem=nopentium");
	e820__finish_early_params();
	assert_table(e820_table, fw.entries, fw.nr_entries);
	assert_log("Malformed early option 'mem'\n"
		   "mem=nopentium ignored! (only supported on x86_32)\n"
		   "Malformed early option 'mem'\n");
}

Test(e820_mem, no_parameter_no_user_map)
{
	early("quiet root=/dev/sda1 mem_other=1");
	e820__finish_early_params();
	assert_table(e820_table, fw.entries, fw.nr_entries);
	assert_log("");
}

/* ---- memmap= ---- */

Test(e820_memmap, exactmap)
{
	early("memmap=exactmap memmap=640K@0 memmap=2047M@1M");
	e820__finish_early_params();
	ASSERT_TABLE(e820_table,
		{ 0, 0xa0000, E820_TYPE_RAM },
		{ 0x100000, 2047 * MiB, E820_TYPE_RAM });
	assert_log("user-defined physical RAM map:\n"
		   "user: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
		   "user: [mem 0x0000000000100000-0x000000007fffffff] usable\n");
	cr_assert_eq(e820_table_firmware->nr_entries, 10);
	cr_assert(e820__mapped_raw_any(4 * GiB, 5 * GiB, E820_TYPE_RAM));
}

Test(e820_memmap, several_in_one_parameter)
{
	early("memmap=exactmap,640K@0,2047M@1M,1M$0xfff00000,64K#0x7fff0000");
	e820__finish_early_params();
	ASSERT_TABLE(e820_table,
		{ 0, 0xa0000, E820_TYPE_RAM },
		{ 0x100000, 0x7fef0000, E820_TYPE_RAM },
		{ 0x7fff0000, 0x10000, E820_TYPE_ACPI },
		{ 0xfff00000, 0x100000, E820_TYPE_RESERVED });
	assert_log("user-defined physical RAM map:\n"
		   "user: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
		   "user: [mem 0x0000000000100000-0x000000007ffeffff] usable\n"
		   "user: [mem 0x000000007fff0000-0x000000007fffffff] ACPI data\n"
		   "user: [mem 0x00000000fff00000-0x00000000ffffffff] reserved\n");
}

/* nn@ss adds usable RAM; next to RAM it merges. */
Test(e820_memmap, add_usable)
{
	early("memmap=64M@5G");
	e820__finish_early_params();
	cr_assert_eq(e820_table->nr_entries, 10);
	cr_assert_eq(e820_table->entries[9].addr, 4 * GiB);
	cr_assert_eq(e820_table->entries[9].size, 1 * GiB + 64 * MiB);
	assert_log_has("user: [mem 0x0000000100000000-0x0000000143ffffff] usable\n");
}

/* nn#ss (ACPI data) and nn$ss (reserved) carve RAM: the higher type wins. */
Test(e820_memmap, add_acpi_and_reserved)
{
	early("memmap=64M#0x8000000 memmap=1M$0x10000000");
	e820__finish_early_params();
	ASSERT_TABLE(e820_table,
		{ 0, 0x9fc00, E820_TYPE_RAM }, LOW_FIXED,
		{ 0x100000, 0x7f00000, E820_TYPE_RAM },
		{ 0x8000000, 64 * MiB, E820_TYPE_ACPI },
		{ 0xc000000, 0x4000000, E820_TYPE_RAM },
		{ 0x10000000, 1 * MiB, E820_TYPE_RESERVED },
		{ 0x10100000, 0xafee0000, E820_TYPE_RAM },
		ACPI_AND_HOLE,
		{ 4 * GiB, 1 * GiB, E820_TYPE_RAM });
	assert_log_has("user: [mem 0x0000000008000000-0x000000000bffffff] ACPI data\n"
		       "user: [mem 0x000000000c000000-0x000000000fffffff] usable\n"
		       "user: [mem 0x0000000010000000-0x00000000100fffff] reserved\n");
}

/*
 * nn!ss: persistent memory (type 12) over the high RAM. It wins over the
 * RAM, and is never merged: it splits where the RAM it hides ends (5G),
 * and where the second range starts (8G).
 */
Test(e820_memmap, add_persistent)
{
	early("memmap=4G!4G memmap=1G!8G");
	e820__finish_early_params();
	ASSERT_TABLE(e820_table,
		{ 0, 0x9fc00, E820_TYPE_RAM }, LOW_FIXED,
		{ 0x100000, 0xbfee0000, E820_TYPE_RAM }, ACPI_AND_HOLE,
		{ 4 * GiB, 1 * GiB, E820_TYPE_PRAM },
		{ 5 * GiB, 3 * GiB, E820_TYPE_PRAM },
		{ 8 * GiB, 1 * GiB, E820_TYPE_PRAM });
	assert_log_has("user: [mem 0x0000000100000000-0x000000013fffffff] persistent (type 12)\n"
		       "user: [mem 0x0000000140000000-0x00000001ffffffff] persistent (type 12)\n"
		       "user: [mem 0x0000000200000000-0x000000023fffffff] persistent (type 12)\n");
}

/* A bare size works as mem=. */
Test(e820_memmap, bare_size_is_mem)
{
	early("memmap=2G");
	e820__finish_early_params();
	ASSERT_TABLE(e820_table,
		{ 0, 0x9fc00, E820_TYPE_RAM }, LOW_FIXED,
		{ 0x100000, 0x7ff00000, E820_TYPE_RAM }, ACPI_AND_HOLE);
	assert_log_has("e820: remove [mem 0x80000000-0xfffffffffffffffe] usable\n");
}

/* nn%ss-from+to retypes, +to adds, -from removes that type, bare removes all. */
Test(e820_memmap, percent_retype)
{
	early("memmap=1M%0x100000-1+2");
	e820__finish_early_params();
	cr_assert_eq(e820__get_entry_type(0x100000, 0x200000), E820_TYPE_RESERVED);
	cr_assert_eq(e820__get_entry_type(0x200000, 0x201000), E820_TYPE_RAM);
	assert_log_has("e820: update [mem 0x00100000-0x001fffff] usable ==> reserved\n"
		       "user-defined physical RAM map:\n");
	/* ...and the new reserved range merges with the ROM shadow below it. */
	assert_log_has("user: [mem 0x00000000000f0000-0x00000000001fffff] reserved\n");
}

Test(e820_memmap, percent_add)
{
	early("memmap=1M%0x100000+5");
	e820__finish_early_params();
	cr_assert_eq(e820__get_entry_type(0x100000, 0x200000), E820_TYPE_UNUSABLE);
	assert_log_has("user: [mem 0x0000000000100000-0x00000000001fffff] unusable\n");
}

Test(e820_memmap, percent_remove_type)
{
	early("memmap=0xa0000%0x9f000-1");
	e820__finish_early_params();
	cr_assert_eq(e820_table->entries[0].size, 0x9f000);
	cr_assert_eq(e820_table->entries[1].type, E820_TYPE_RESERVED);
	assert_log_has("e820: remove [mem 0x0009f000-0x0013efff] usable\n");
	assert_log_has("user: [mem 0x0000000000000000-0x000000000009efff] usable\n"
		       "user: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
		       "user: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
		       "user: [mem 0x000000000013f000-0x00000000bffdffff] usable\n");
}

Test(e820_memmap, percent_remove_all_types)
{
	early("memmap=0x200000%0xf0000");
	e820__finish_early_params();
	assert_log_has("e820: remove [mem 0x000f0000-0x002effff] \n");
	/* The ROM shadow went whole, the RAM after it lost its head. */
	assert_log_has("user: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		       "user: [mem 0x000000000009fc00-0x000000000009ffff] reserved\n"
		       "user: [mem 0x00000000002f0000-0x00000000bffdffff] usable\n");
}

Test(e820_memmap, percent_same_type_is_a_bug, .signal = SIGABRT)
{
	early("memmap=1M%0x100000-1+1");
}

Test(e820_memmap, percent_malformed_does_nothing)
{
	early("memmap=1M%0x100000-1+2x");
	assert_table(e820_table, fw.entries, fw.nr_entries);
	assert_log("Malformed early option 'memmap'\n");
}

/* Junk is refused before the map counts as user-defined. */
Test(e820_memmap, malformed_size)
{
	early("memmap=junk memmap");
	e820__finish_early_params();
	assert_table(e820_table, fw.entries, fw.nr_entries);
	assert_log("Malformed early option 'memmap'\n"
		   "Malformed early option 'memmap'\n");
}

/*
 * As in Linux, a range with trailing junk is applied before the junk is
 * noticed; kmm reports it (Linux would not).
 */
Test(e820_memmap, trailing_junk_applied_and_reported)
{
	early("memmap=64M$1Gx");
	e820__finish_early_params();
	cr_assert_eq(e820__get_entry_type(1 * GiB, 1 * GiB + 64 * MiB), E820_TYPE_RESERVED);
	assert_log_has("Malformed early option 'memmap'\n"
		       "user-defined physical RAM map:\n");
}

/* A bad piece among good ones: the good ones still count. */
Test(e820_memmap, bad_piece_among_good_ones)
{
	early("memmap=exactmap,junk,640K@0,1M@1M");
	e820__finish_early_params();
	ASSERT_TABLE(e820_table,
		{ 0, 0xa0000, E820_TYPE_RAM },
		{ 0x100000, 0x100000, E820_TYPE_RAM });
	assert_log("Malformed early option 'memmap'\n"
		   "user-defined physical RAM map:\n"
		   "user: [mem 0x0000000000000000-0x000000000009ffff] usable\n"
		   "user: [mem 0x0000000000100000-0x00000000001fffff] usable\n");
}

/* Parameters apply in command-line order. */
Test(e820_memmap, order_matters)
{
	early("memmap=1G@6G mem=5G");
	e820__finish_early_params();
	cr_assert_not(e820__mapped_any(5 * GiB, 8 * GiB, 0));
	setup_4g();
	early("mem=5G memmap=1G@6G");
	e820__finish_early_params();
	cr_assert(e820__mapped_all(6 * GiB, 7 * GiB, E820_TYPE_RAM));
}

/* A user map the sanitiser refuses is fatal, as in Linux. */
Test(e820_memmap, exactmap_with_one_entry_panics, .signal = SIGABRT)
{
	early("memmap=exactmap memmap=640K@0");
	e820__finish_early_params();
}

Test(e820_memmap, exactmap_alone_panics, .signal = SIGABRT)
{
	early("memmap=exactmap");
	e820__finish_early_params();
}

/* The panic says why, in the kernel's words (read from a child's stderr). */
Test(e820_memmap, panic_message)
{
	char out[8192] = "";
	int fds[2], status;
	size_t n = 0;
	ssize_t r;
	pid_t pid;

	cr_assert_eq(pipe(fds), 0);
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		early("memmap=exactmap");
		e820__finish_early_params();
		_exit(0);
	}
	close(fds[1]);
	while ((r = read(fds[0], out + n, sizeof(out) - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
	cr_assert(strstr(out, "Kernel panic - not syncing: Invalid user supplied memory map\n"),
		  "%s", out);
}
