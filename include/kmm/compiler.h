/* SPDX-License-Identifier: MIT */
/*
 * kmm/compiler.h - compiler helpers with the kernel's names.
 */
#ifndef KMM_COMPILER_H
#define KMM_COMPILER_H

#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif
#ifndef noinline
#define noinline	__attribute__((__noinline__))
#endif
#ifndef __always_inline
#define __always_inline	inline __attribute__((__always_inline__))
#endif
#ifndef __maybe_unused
#define __maybe_unused	__attribute__((__unused__))
#endif
#ifndef __printf
#define __printf(a, b)	__attribute__((__format__(printf, a, b)))
#endif
#ifndef __noreturn
#define __noreturn	__attribute__((__noreturn__))
#endif
#ifndef __cold
#define __cold		__attribute__((__cold__))
#endif
#ifndef __weak
#define __weak		__attribute__((__weak__))
#endif
#ifndef __aligned
#define __aligned(x)	__attribute__((__aligned__(x)))
#endif
#ifndef __used
#define __used		__attribute__((__used__))
#endif

/* Boot-time section markers: documentation only in a process. */
#define __init
#define __initdata
#define __meminit
#define __init_memblock
#define __initdata_memblock

#define _RET_IP_	((unsigned long)__builtin_return_address(0))
#define _THIS_IP_	({ __label__ __here; __here: (unsigned long)&&__here; })

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), "BUILD_BUG_ON: " #cond)

#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
/*
 * The same for scalars that other threads change while the reader holds no
 * lock (kernel "data races" by design): relaxed atomics, plain loads and
 * stores on x86-64, which ThreadSanitizer also understands.
 */
#define READ_ONCE_RELAXED(x)	 __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE_RELAXED(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

#endif /* KMM_COMPILER_H */
