/* SPDX-License-Identifier: MIT */
/*
 * kmm/types.h - the kernel's fixed-width and address types.
 *
 * phys_addr_t is 64 bits as on x86-64 (CONFIG_PHYS_ADDR_T_64BIT), so a
 * simulated machine may describe up to 2^64 bytes even though only what the
 * host can map is ever backed.
 */
#ifndef KMM_TYPES_H
#define KMM_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <limits.h>

typedef uint8_t  u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t   s8;
typedef int16_t  s16;
typedef int32_t  s32;
typedef int64_t  s64;

typedef u64 phys_addr_t;
typedef u64 resource_size_t;
typedef long ssize_t_kmm;

#define PHYS_ADDR_MAX	(~(phys_addr_t)0)
#define ULLONG_MAX_KMM	(~0ULL)

#ifndef U64_MAX
#define U64_MAX		((u64)~0ULL)
#endif

#endif /* KMM_TYPES_H */
