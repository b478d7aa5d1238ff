/* SPDX-License-Identifier: MIT */
/*
 * kmm/e820.h - the firmware memory map, as x86's asm/e820/{types,api}.h.
 *
 * kmm's "firmware" is either a default PC-like map generated from a RAM size
 * (e820__firmware_default) or the BIOS-e820 lines of a real machine's dmesg
 * (e820__firmware_parse). Boot copies it into e820_table, sanitises it and
 * prints it as Linux does. See src/arch/e820.c.
 */
#ifndef KMM_E820_H
#define KMM_E820_H

#include <kmm/types.h>
#include <kmm/numa.h>

enum e820_type {
	E820_TYPE_RAM		= 1,
	E820_TYPE_RESERVED	= 2,
	E820_TYPE_ACPI		= 3,
	E820_TYPE_NVS		= 4,
	E820_TYPE_UNUSABLE	= 5,
	E820_TYPE_PMEM		= 7,
	E820_TYPE_PRAM		= 12,
	E820_TYPE_SOFT_RESERVED	= 0xefffffff,
	E820_TYPE_RESERVED_KERN	= 128,
};

struct e820_entry {
	u64 addr;
	u64 size;
	enum e820_type type;
} __attribute__((packed));

/* Linux: E820_MAX_ENTRIES_ZEROPAGE (128) + 3 * MAX_NUMNODES. */
#define E820_MAX_ENTRIES_ZEROPAGE	128
#define E820_MAX_ENTRIES		(E820_MAX_ENTRIES_ZEROPAGE + 3 * MAX_NUMNODES)

struct e820_table {
	u32 nr_entries;
	struct e820_entry entries[E820_MAX_ENTRIES];
};

/* The PC's fixed holes (asm/e820/types.h, asm/setup.h). */
#define ISA_START_ADDRESS	0x000a0000
#define ISA_END_ADDRESS		0x00100000
#define BIOS_BEGIN		0x000a0000
#define BIOS_END		0x00100000
#define HIGH_MEMORY		0x00100000
#define MAX_DMA_PFN		((16UL * 1024 * 1024) >> 12)
#define MAX_DMA32_PFN		(1UL << (32 - 12))

/*
 * The physical address space of x86-64 with 4-level paging: 46 bits
 * (asm/sparsemem.h). MAXMEM is the size of that space; MAX_ARCH_PFN is
 * the pfn e820__end_of_ram_pfn() never exceeds (0x400000000).
 */
#define MAX_PHYSMEM_BITS	46
#define MAXMEM			(1ULL << MAX_PHYSMEM_BITS)
#define MAX_ARCH_PFN		((unsigned long)(MAXMEM >> 12))

/* Room for any name e820_type_name() formats: "type 4294967295" + NUL. */
#define E820_TYPE_NAME_LEN	16

extern struct e820_table *e820_table;		/* what the kernel uses */
extern struct e820_table *e820_table_firmware;	/* as the firmware gave it */

/* Queries and edits of e820_table (Linux's e820 API). */
bool e820__mapped_raw_any(u64 start, u64 end, enum e820_type type);
bool e820__mapped_any(u64 start, u64 end, enum e820_type type);
bool e820__mapped_all(u64 start, u64 end, enum e820_type type);
int e820__get_entry_type(u64 start, u64 end);
void e820__range_add(u64 start, u64 size, enum e820_type type);
u64 e820__range_update(u64 start, u64 size, enum e820_type old_type,
		       enum e820_type new_type);
u64 e820__range_remove(u64 start, u64 size, enum e820_type old_type, bool check_type);
u64 e820__range_update_table(struct e820_table *t, u64 start, u64 size,
			     enum e820_type old_type, enum e820_type new_type);
int e820__update_table(struct e820_table *table);	/* sanitise: 0 or -1 */
void e820__update_table_print(void);
void e820__print_table(const char *who);
unsigned long e820__end_of_ram_pfn(void);
unsigned long e820__end_of_low_ram_pfn(void);
void e820__memblock_setup(void);
/* Copy @firmware in, sanitise, print "BIOS-provided physical RAM map:". */
void e820__memory_setup(const struct e820_table *firmware);
/* After parse_early_param(): when mem=/memmap= edited the map, sanitise it
 * and print the "user-defined physical RAM map:" (panics if it is invalid). */
void e820__finish_early_params(void);
/* The type's name as the map prints it ("usable", "ACPI NVS", "type 6");
 * @buf (E820_TYPE_NAME_LEN bytes) holds the "type N" of an unknown type. */
const char *e820_type_name(enum e820_type type, char *buf, size_t size);

/* kmm's firmware sources. */
/**
 * e820__firmware_default - a PC-like map for @ram_bytes of RAM: usable
 * [0, 0x9fc00), reserved [0x9fc00, 0xa0000) (the EBDA) and [0xf0000,
 * 0x100000) (the BIOS ROM shadow), usable from 1 MiB with the ACPI tables
 * at the top of low RAM; the 32-bit hole up to 4 GiB holds the IOAPIC,
 * local APIC and BIOS ROM; RAM beyond 3 GiB is remapped above 4 GiB.
 * @t: the table to fill (its old entries are dropped)
 * @ram_bytes: RAM, rounded down to a page
 * Context: any; touches only @t.
 * Return: 0, or -EINVAL when @ram_bytes is below 32 MiB or the map would
 * not fit in the 2^46-byte physical address space (src/arch/e820_default.c).
 */
int e820__firmware_default(struct e820_table *t, u64 ram_bytes);
/**
 * e820__firmware_parse - read every "BIOS-e820: [mem 0xA-0xB] TYPE" line
 * of @text (dmesg output: timestamps, syslog prefixes and other lines are
 * skipped; the older "BIOS-e820: A - B (TYPE)" form is read too).
 * @t: the table to fill, in the order of the lines (not sanitised)
 * @text: NUL-terminated text of any content
 * @name: how messages name @text (a file name); NULL: "e820"
 * A malformed BIOS-e820 line is reported with @name and its line number
 * and skipped; entries beyond E820_MAX_ENTRIES are reported once and dropped.
 * Context: any; logs with printk.
 * Return: the number of entries read, or -EINVAL if there were none.
 */
int e820__firmware_parse(struct e820_table *t, const char *text, const char *name);

/* kmm: forget every table and parameter (between boots). */
void e820__reset(void);

#endif /* KMM_E820_H */
