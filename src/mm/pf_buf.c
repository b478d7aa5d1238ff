// SPDX-License-Identifier: MIT
/*
 * src/mm/pf_buf.c - pf_buf_len=size[@nid]: one large physically contiguous
 * buffer reserved at boot, the use case kmm began with (a driver that needs
 * more contiguous memory than the buddy allocator's 4 MiB blocks).
 *
 * 1. The parameter is read early (memparse suffixes; "@nid" optional) and
 *    only remembered: memblock knows no memory yet.
 * 2. After NUMA setup, pf_buf_reserve() allocates it from memblock: with
 *    "@nid" on exactly that node, otherwise anywhere; aligned to 2 MiB when
 *    it is at least that large (huge-page friendly), else to a page. The
 *    range stays reserved: the page allocator never sees it.
 * 3. Results are exported as pf_buf_addr (physical; use __va()) and
 *    pf_buf_len (bytes; 0 when nothing was reserved), with the line
 *    "pf_buf_len: Allocated N bytes at 0x... on node N" or
 *    "pf_buf_len: Failed to allocate N bytes".
 * 4. The memory is not zeroed by boot (the host's fresh pages read as
 *    zero), so reserving many GiB costs nothing until used.
 */
#include <kmm/kmm.h>
#include "pf_buf.h"
#include "numa_emulation.h"

phys_addr_t pf_buf_addr;
unsigned long long pf_buf_len;
static unsigned long long pf_buf_request;
static int pf_buf_nid = NUMA_NO_NODE;

static int parse_pf_buf_len(char *p)
{
	char *end;
	unsigned long long size;
	int nid = NUMA_NO_NODE;

	if (!p)
		return -EINVAL;
	size = memparse(p, &end);
	if (end == p || size == 0)
		return -EINVAL;
	if (*end == '@') {
		char *q = end + 1;

		nid = (int)simple_strtoul(q, &end, 10);
		if (end == q || nid >= MAX_NUMNODES)
			return -EINVAL;
	}
	if (*end)
		return -EINVAL;
	pf_buf_request = size;
	pf_buf_nid = nid;
	return 0;
}
early_param("pf_buf_len", parse_pf_buf_len);

void pf_buf_reserve(void)
{
	phys_addr_t align = pf_buf_request >= SZ_2M ? SZ_2M : PAGE_SIZE;
	phys_addr_t pa;
	bool exact = pf_buf_nid != NUMA_NO_NODE;

	if (!pf_buf_request)
		return;
	if (exact && pf_buf_nid >= nr_online_nodes)
		pa = 0;
	else
		pa = memblock_alloc_range_nid(pf_buf_request, align, 0,
					      MEMBLOCK_ALLOC_ACCESSIBLE, pf_buf_nid, exact);
	if (!pa) {
		pr_err("pf_buf_len: Failed to allocate %llu bytes\n", pf_buf_request);
		return;
	}
	pf_buf_addr = pa;
	pf_buf_len = pf_buf_request;
	pr_info("pf_buf_len: Allocated %llu bytes at %#llx on node %d\n", pf_buf_len,
		(unsigned long long)pa, early_pfn_to_nid(PHYS_PFN(pa)));
}

void pf_buf_reset(void)
{
	pf_buf_addr = 0;
	pf_buf_len = 0;
	pf_buf_request = 0;
	pf_buf_nid = NUMA_NO_NODE;
}
