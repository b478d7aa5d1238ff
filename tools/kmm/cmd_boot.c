// SPDX-License-Identifier: MIT
/* tools/kmm/cmd_boot.c - `kmm boot`: the boot log, as dmesg prints it. */
#include <stdio.h>

#include "kmm_tool.h"

int cmd_boot(int argc, char **argv)
{
	struct machine_opts o;
	int rc = machine_opts_parse(&o, "boot", argc, argv);

	if (rc)
		return rc;
	if (o.help) {
		machine_usage(stdout, "boot", "Boot a simulated machine and print its boot log as dmesg prints it.");
		machine_opts_free(&o);
		return KMM_EXIT_OK;
	}
	rc = machine_boot(&o) ? KMM_EXIT_FAIL : KMM_EXIT_OK;
	if (rc == KMM_EXIT_OK) {
		fputs(kmm_dmesg(), stdout);
		kmm_halt();
	}
	machine_opts_free(&o);
	return rc;
}
