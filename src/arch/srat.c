// SPDX-License-Identifier: MIT
/*
 * src/arch/srat.c - a machine's NUMA description, read from its dmesg.
 *
 * 1. Why. A real machine learns its nodes from the ACPI SRAT table; kmm
 *    has no ACPI, but the dmesg of a real machine records what its SRAT
 *    said, in lines the kernel printed while parsing it:
 *        ACPI: SRAT: Node 1 PXM 1 [mem 0x480000000-0x87fffffff] hotplug
 *        SRAT: PXM 1 -> APIC 0x20 -> Node 1
 *    Reading them back lets kmm boot that machine with the same nodes.
 * 2. What is kept. Each memory line becomes a numa_memblk (nid, [start,
 *    end + 1), hotplug). Each processor line marks its node as one that
 *    exists even without memory (a memoryless node).
 * 3. Robustness. Lines that do not match exactly are ignored (they are
 *    not ours to judge: the e820 parser reports the firmware map's lines);
 *    node numbers beyond MAX_NUMNODES and ranges that end before they
 *    start are ignored too. Never reads past a line's end.
 */
#include <kmm/numa_memblks.h>
#include <kmm/cmdline.h>
#include "../lib/string.h"
#include "../lib/ctype.h"

/* Expect @word at *p; advance past it. */
static bool expect(const char **p, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(*p, word, n))
		return false;
	*p += n;
	return true;
}

static bool read_num(const char **p, unsigned int base, u64 *v)
{
	char *end;

	if (base == 16 ? !isxdigit(**p) : !isdigit(**p))
		return false;
	*v = simple_strtoull(*p, &end, base);
	*p = end;
	return true;
}

/* "Node N PXM P [mem 0xA-0xB]" after "SRAT: " */
static void parse_memory(struct numa_meminfo *mi, const char *p)
{
	u64 nid, pxm, start, end;
	struct numa_memblk *b;

	if (!read_num(&p, 10, &nid) || !expect(&p, " PXM ") || !read_num(&p, 10, &pxm) ||
	    !expect(&p, " [mem 0x") || !read_num(&p, 16, &start) || !expect(&p, "-0x") ||
	    !read_num(&p, 16, &end) || !expect(&p, "]"))
		return;
	if (nid >= MAX_NUMNODES || end < start || end == U64_MAX || mi->nr_blks >= NR_NODE_MEMBLKS)
		return;
	b = &mi->blk[mi->nr_blks++];
	b->nid = (int)nid;
	b->pxm = (int)pxm;
	b->start = start;
	b->end = end + 1;
	b->hotplug = expect(&p, " hotplug");
}

/* "PXM P -> APIC 0xA -> Node N" after "SRAT: " */
static void parse_cpu(struct numa_meminfo *mi, const char *p)
{
	u64 pxm, apic, nid;

	if (!read_num(&p, 10, &pxm) || !expect(&p, " -> APIC 0x") || !read_num(&p, 16, &apic) ||
	    !expect(&p, " -> Node ") || !read_num(&p, 10, &nid) || nid >= MAX_NUMNODES)
		return;
	mi->cpu_node[nid] = true;
}

static void parse_line(struct numa_meminfo *mi, const char *line)
{
	const char *p = strstr(line, "SRAT: ");

	if (!p)
		return;
	p += strlen("SRAT: ");
	if (expect(&p, "Node "))
		parse_memory(mi, p);
	else if (expect(&p, "PXM "))
		parse_cpu(mi, p);
}

int srat_parse(struct numa_meminfo *mi, const char *text)
{
	char line[256];

	memset(mi, 0, sizeof(*mi));
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);

		if (n < sizeof(line)) {
			memcpy(line, text, n);
			line[n] = '\0';
			parse_line(mi, line);
		}
		text += nl ? n + 1 : n;
	}
	return mi->nr_blks;
}
