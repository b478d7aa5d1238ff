/* SPDX-License-Identifier: MIT */
/*
 * src/lib/string.h - the one door from the freestanding core to libc.
 *
 * The core (init, arch, mm, lib, kernel) includes only freestanding headers
 * and this file. It gives the string functions the kernel also has
 * (lib/string.c) and maps snprintf/vsnprintf to kmm's own vsprintf, which
 * knows the kernel's formats (%pa, %pS). A port to a real kernel replaces
 * this file and nothing else.
 */
#ifndef KMM_LIB_STRING_H
#define KMM_LIB_STRING_H

#include <string.h>
#include <kmm/printk.h>

#define snprintf	kmm_snprintf
#define vsnprintf	kmm_vsnprintf

#endif /* KMM_LIB_STRING_H */
