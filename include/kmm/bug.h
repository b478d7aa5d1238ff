/* SPDX-License-Identifier: MIT */
/*
 * kmm/bug.h - the three assertion tiers and the kernel's WARN/BUG family.
 *
 *   KMM_BUG_ON(c)       always checked; on failure prints the kernel's
 *                       "kernel BUG at FILE:LINE!" report and panics.
 *   VM_BUG_ON(c)        checked in debug builds (CONFIG_DEBUG_VM).
 *   VM_BUG_ON_EXPENSIVE(c)  full validators, debug builds with
 *                       CONFIG_DEBUG_VM_EXPENSIVE.
 *
 * Disabled assertions still type-check their argument (the sizeof trick)
 * and never evaluate it. The failure path never allocates.
 */
#ifndef KMM_BUG_H
#define KMM_BUG_H

#include <kmm/compiler.h>
#include <kmm/types.h>

__noreturn __cold void __kmm_bug(const char *file, int line, const char *cond);
__cold void __kmm_warn(const char *file, int line, unsigned long caller,
		       const char *fmt, ...) __printf(4, 5);

#define BUG() __kmm_bug(__FILE__, __LINE__, NULL)
#define KMM_BUG_ON(cond) do {						\
	if (unlikely(cond))						\
		__kmm_bug(__FILE__, __LINE__, #cond);			\
} while (0)
#define BUG_ON(cond) KMM_BUG_ON(cond)

#define __WARN_printf(fmt, ...) \
	__kmm_warn(__FILE__, __LINE__, _THIS_IP_, fmt, ##__VA_ARGS__)
#define WARN(cond, fmt, ...) ({						\
	int __ret_warn_on = !!(cond);					\
	if (unlikely(__ret_warn_on))					\
		__WARN_printf(fmt, ##__VA_ARGS__);			\
	unlikely(__ret_warn_on);					\
})
#define WARN_ON(cond)	WARN(cond, NULL)
#define WARN_ONCE(cond, fmt, ...) ({					\
	static bool __warned;						\
	int __ret_warn_once = !!(cond);					\
	if (unlikely(__ret_warn_once && !__warned)) {			\
		__warned = true;					\
		__WARN_printf(fmt, ##__VA_ARGS__);			\
	}								\
	unlikely(__ret_warn_once);					\
})
#define WARN_ON_ONCE(cond) WARN_ONCE(cond, NULL)

#define BUILD_BUG_ON_INVALID(e) ((void)(sizeof((__force_long)(e))))
#define __force_long long

#ifdef CONFIG_DEBUG_VM
#define VM_BUG_ON(cond)		KMM_BUG_ON(cond)
#define VM_WARN_ON(cond)	(void)WARN_ON(cond)
#else
#define VM_BUG_ON(cond)		BUILD_BUG_ON_INVALID(cond)
#define VM_WARN_ON(cond)	BUILD_BUG_ON_INVALID(cond)
#endif

#ifdef CONFIG_DEBUG_VM_EXPENSIVE
#define VM_BUG_ON_EXPENSIVE(cond) KMM_BUG_ON(cond)
#else
#define VM_BUG_ON_EXPENSIVE(cond) BUILD_BUG_ON_INVALID(cond)
#endif

#endif /* KMM_BUG_H */
