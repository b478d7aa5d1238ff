/* SPDX-License-Identifier: MIT */
/* kmm/sort.h - sort(), as linux/sort.h: an in-place heapsort. */
#ifndef KMM_SORT_H
#define KMM_SORT_H

#include <stddef.h>

typedef int (*cmp_func_t)(const void *a, const void *b);
typedef void (*swap_func_t)(void *a, void *b, int size);

/**
 * sort - sort @num elements of @size bytes at @base by @cmp.
 * @swap: exchanges two elements, or NULL for a bytewise swap
 *
 * Heapsort, as the kernel's: O(n log n) comparisons in the worst case,
 * no recursion, no allocation, not stable.
 * Context: any.
 */
void sort(void *base, size_t num, size_t size, cmp_func_t cmp, swap_func_t swap);

#endif /* KMM_SORT_H */
