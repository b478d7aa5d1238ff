/* SPDX-License-Identifier: MIT */
/*
 * kmm/errno.h - the errno values kmm returns (negated, as the kernel does).
 * The numbers are Linux's asm-generic/errno-base.h values, so they compare
 * equal to the host's <errno.h> constants on Linux.
 */
#ifndef KMM_ERRNO_H
#define KMM_ERRNO_H

#define KMM_EPERM	1
#define KMM_ENOENT	2
#define KMM_EINTR	4
#define KMM_EIO		5
#define KMM_E2BIG	7
#define KMM_ENOMEM	12
#define KMM_EFAULT	14
#define KMM_EBUSY	16
#define KMM_EEXIST	17
#define KMM_EINVAL	22
#define KMM_ENOSPC	28
#define KMM_ERANGE	34
#define KMM_ENOSYS	38

/* Same tokens as the host <errno.h>, so either may come first. */
#ifndef EPERM
#define EPERM 1
#endif
#ifndef ENOENT
#define ENOENT 2
#endif
#ifndef EINTR
#define EINTR 4
#endif
#ifndef EIO
#define EIO 5
#endif
#ifndef E2BIG
#define E2BIG 7
#endif
#ifndef ENOMEM
#define ENOMEM 12
#endif
#ifndef EFAULT
#define EFAULT 14
#endif
#ifndef EBUSY
#define EBUSY 16
#endif
#ifndef EEXIST
#define EEXIST 17
#endif
#ifndef EINVAL
#define EINVAL 22
#endif
#ifndef ENOSPC
#define ENOSPC 28
#endif
#ifndef ERANGE
#define ERANGE 34
#endif
#ifndef ENOSYS
#define ENOSYS 38
#endif

#endif /* KMM_ERRNO_H */
