// SPDX-License-Identifier: MIT
/* tools/kmm/cmd_memblock.c - `kmm memblock`: memblock's regions after boot. */
#include <stdio.h>

#include "kmm_tool.h"

int cmd_memblock(int argc, char **argv)
{
	struct machine_opts o;
	int rc = machine_opts_parse(&o, "memblock", argc, argv);

	if (rc)
		return rc;
	if (o.help) {
		machine_usage(stdout, "memblock",
			      "Boot a simulated machine and print memblock's memory and reserved regions\n"
			      "(memblock_dump_all() in the kernel's format).");
		machine_opts_free(&o);
		return KMM_EXIT_OK;
	}
	rc = machine_boot(&o) ? KMM_EXIT_FAIL : KMM_EXIT_OK;
	if (rc == KMM_EXIT_OK) {
		kmm_dmesg_clear();
		__memblock_dump_all();
		fputs(kmm_dmesg(), stdout);
		kmm_halt();
	}
	machine_opts_free(&o);
	return rc;
}
