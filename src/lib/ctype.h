/* SPDX-License-Identifier: MIT */
/* src/lib/ctype.h - ASCII character classes, as linux/ctype.h (no locale). */
#ifndef KMM_LIB_CTYPE_H
#define KMM_LIB_CTYPE_H

static inline int kmm_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
static inline int kmm_isdigit(int c) { return c >= '0' && c <= '9'; }
static inline int kmm_isxdigit(int c)
{
	return kmm_isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static inline int kmm_tolower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

#define isspace kmm_isspace
#define isdigit kmm_isdigit
#define isxdigit kmm_isxdigit
#define tolower kmm_tolower

#endif /* KMM_LIB_CTYPE_H */
