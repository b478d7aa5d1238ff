/* SPDX-License-Identifier: MIT */
/*
 * kmm/panic.h - taint flags (linux/panic.h): marks that something went
 * wrong earlier, printed by every later stack dump ("Tainted: G    B").
 */
#ifndef KMM_PANIC_H
#define KMM_PANIC_H

#include <kmm/types.h>

#define TAINT_PROPRIETARY_MODULE	0
#define TAINT_FORCED_MODULE		1
#define TAINT_CPU_OUT_OF_SPEC		2
#define TAINT_FORCED_RMMOD		3
#define TAINT_MACHINE_CHECK		4
#define TAINT_BAD_PAGE			5
#define TAINT_USER			6
#define TAINT_DIE			7
#define TAINT_OVERRIDDEN_ACPI_TABLE	8
#define TAINT_WARN			9
#define TAINT_CRAP			10
#define TAINT_FIRMWARE_WORKAROUND	11
#define TAINT_OOT_MODULE		12
#define TAINT_UNSIGNED_MODULE		13
#define TAINT_SOFTLOCKUP		14
#define TAINT_LIVEPATCH			15
#define TAINT_AUX			16
#define TAINT_RANDSTRUCT		17
#define TAINT_TEST			18
#define TAINT_FLAGS_COUNT		19

/* add_taint()'s second argument; kmm has no lockdep, so both are equal. */
enum lockdep_ok { LOCKDEP_STILL_OK, LOCKDEP_NOW_UNRELIABLE };

/** add_taint - set taint @flag (TAINT_*). Context: any. */
void add_taint(unsigned int flag, enum lockdep_ok lockdep_ok);
/** get_taint - the taint flags set so far, one bit per TAINT_*. */
unsigned long get_taint(void);
/* "Not tainted", or "Tainted: G    B             " (one column per flag). */
const char *print_tainted(void);
/* "Tainted: [B]=BAD_PAGE, [W]=WARN": the set flags, named. */
const char *print_tainted_verbose(void);
/* kmm_halt: a new machine starts untainted. */
void taint_reset(void);

#endif /* KMM_PANIC_H */
