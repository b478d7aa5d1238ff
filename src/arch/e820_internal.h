/* SPDX-License-Identifier: MIT */
/*
 * src/arch/e820_internal.h - what the e820 files share and nobody else
 * needs: the type-name table read backwards (for the dmesg parser) and a
 * silent append (for the firmware sources, which fill tables that are not
 * yet the kernel's and so must not log "e820:" edits).
 */
#ifndef KMM_ARCH_E820_INTERNAL_H
#define KMM_ARCH_E820_INTERNAL_H

#include <kmm/e820.h>

/**
 * e820_type_prefix - the longest type name at the start of @s.
 * @s: text, not NUL-terminated, as a map line holds it after the range
 * @len: bytes available at @s
 * @type: where to store the type named
 * Names are those e820_type_name() prints ("ACPI NVS", "type 6").
 * Context: any.
 * Return: the length of the name, or 0 if @s does not start with one.
 */
size_t e820_type_prefix(const char *s, size_t len, enum e820_type *type);

/**
 * e820_table_append - add [@addr, @addr + @size) to the end of @t, quietly.
 * @t: the table
 * @addr: first byte
 * @size: length in bytes
 * @type: its type
 * Context: any.
 * Return: false (and nothing added) when @t is full.
 */
bool e820_table_append(struct e820_table *t, u64 addr, u64 size,
		       enum e820_type type);

#endif /* KMM_ARCH_E820_INTERNAL_H */
