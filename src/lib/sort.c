// SPDX-License-Identifier: MIT
/*
 * src/lib/sort.c - heapsort, as lib/sort.c offers it to the kernel.
 *
 * Why heapsort: it needs no memory and no recursion and its worst case is
 * O(n log n), which matters for inputs an attacker or a fuzzer chooses
 * (the e820 sanitiser sorts firmware-supplied change points). It is not
 * stable: callers whose equal keys must keep their order compare more.
 *
 * Without a caller's swap function, elements are exchanged 8 bytes at a
 * time when their size and the array allow it, else byte by byte.
 *
 * The heap is the usual implicit binary tree in the array: the children of
 * element i are 2i+1 and 2i+2. Build it bottom-up, then repeatedly swap
 * the root (the largest) to the end and sift the new root down.
 */
#include <kmm/sort.h>

/* Elements whose size and address are multiples of 8 swap a word at a
 * time, as the kernel's sort() does; the rest byte by byte. */
static void swap_words_64(void *a, void *b, int size)
{
	unsigned long long *x = a, *y = b;

	for (; size > 0; size -= 8) {
		unsigned long long t = *x;

		*x++ = *y;
		*y++ = t;
	}
}

static void swap_bytes(void *a, void *b, int size)
{
	char *x = a, *y = b;

	while (size-- > 0) {
		char t = *x;

		*x++ = *y;
		*y++ = t;
	}
}

static void sift_down(char *base, size_t root, size_t n, size_t size,
		      cmp_func_t cmp, swap_func_t swap)
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0)
			child++;
		if (cmp(base + root * size, base + child * size) >= 0)
			return;
		swap(base + root * size, base + child * size, (int)size);
		root = child;
	}
}

void sort(void *base, size_t num, size_t size, cmp_func_t cmp, swap_func_t swap)
{
	char *b = base;

	if (num < 2)
		return;
	if (!swap)
		swap = size % 8 == 0 && (unsigned long)base % 8 == 0 ? swap_words_64 : swap_bytes;
	for (size_t i = num / 2; i-- > 0;)
		sift_down(b, i, num, size, cmp, swap);
	for (size_t end = num - 1; end > 0; end--) {
		swap(b, b + end * size, (int)size);
		sift_down(b, 0, end, size, cmp, swap);
	}
}
