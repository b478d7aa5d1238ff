/* SPDX-License-Identifier: MIT */
/*
 * kmm/poison.h - the bytes debugging writes into memory, as linux/poison.h:
 * the one table the SLUB debugging layer, its reports and the tests use.
 */
#ifndef KMM_POISON_H
#define KMM_POISON_H

/* Red zone bytes around a SLUB object: free, and handed out. */
#define SLUB_RED_INACTIVE	0xbb
#define SLUB_RED_ACTIVE		0xcc

/* Object poisoning: padding and unused slab bytes, a free object, its last byte. */
#define POISON_INUSE		0x5a
#define POISON_FREE		0x6b
#define POISON_END		0xa5

#endif /* KMM_POISON_H */
