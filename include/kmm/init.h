/* SPDX-License-Identifier: MIT */
/*
 * kmm/init.h - boot parameters: early_param() and __setup(), as Linux's.
 *
 * A file declares the parameters it owns next to their handlers:
 *
 *	static int __init parse_memopt(char *p) { ... return 0; }
 *	early_param("mem", parse_memopt);
 *
 * early_param handlers run from parse_early_param(), before memblock is
 * set up, and return 0 on success (non-zero: "Malformed early option").
 * __setup handlers take the text after "name=" and return 1 when they
 * consumed the parameter, 0 to let it fall through as unknown; they run
 * from parse_args() later in boot, as in Linux.
 *
 * How kmm differs: the kernel collects these in a linker section; kmm
 * links each into a list from a constructor (works in static and shared
 * libraries and under ASan, which pads globals in custom sections). With
 * the static library a parameter registers only if its object file is
 * linked in: keep each parameter in a file that boot references (every
 * kmm parameter is; tests/test_params_registry.c checks them all).
 */
#ifndef KMM_INIT_H
#define KMM_INIT_H

#include <kmm/compiler.h>
#include <kmm/types.h>

/* Size of the command line, as x86's COMMAND_LINE_SIZE. */
#define COMMAND_LINE_SIZE 2048

struct obs_kernel_param {
	const char *str;
	int (*setup_func)(char *);
	int early;
	struct obs_kernel_param *next;	/* kmm: registry link */
};

void setup_param_register(struct obs_kernel_param *p);
/* kmm: the registered parameter named @str ("mem", "reserve_mem="), or NULL. */
const struct obs_kernel_param *setup_param_find(const char *str);

#define __setup_param(str, unique_id, fn, early)			\
	static struct obs_kernel_param __setup_##unique_id = {		\
		str, fn, early, NULL };					\
	__attribute__((constructor)) static void			\
	__setup_register_##unique_id(void)				\
	{								\
		setup_param_register(&__setup_##unique_id);		\
	}

#define __setup(str, fn)	__setup_param(str, fn, fn, 0)
#define early_param(str, fn)	__setup_param(str, fn, fn, 1)

/* The command line of the running boot (boot_command_line in Linux). */
extern char boot_command_line[COMMAND_LINE_SIZE];

/* Run every early_param handler named on boot_command_line. */
void parse_early_param(void);
/*
 * Run the __setup handlers on boot_command_line and report the unknown
 * parameters, as start_kernel() does after parse_early_param().
 * Return: 0, or -E2BIG when more than 32 words would go to init's argv or
 * environment (the kernel panics: "Too many boot init vars at `WORD'").
 */
int parse_late_params(void);
/* The early pass over @cmdline itself (it is cut into words in place). */
void parse_early_options(char *cmdline);

/* Set by the "quiet" early parameter (src/init/main.c). */
extern bool kmm_quiet;

#endif /* KMM_INIT_H */
