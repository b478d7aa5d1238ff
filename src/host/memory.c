// SPDX-License-Identifier: MIT
/*
 * src/host/memory.c - physical memory (a memfd) and metadata pages (mmap).
 *
 * The memfd is sized to the highest physical address of the firmware map
 * and mapped once with MAP_SHARED|MAP_NORESERVE: the direct map. Holes and
 * reserved ranges are never touched, so they cost nothing. MAP_SHARED lets
 * later layers (vmalloc) map the same pages a second time.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "host.h"

int host_physmem_map(struct host_physmem *pm, u64 size)
{
	void *base;
	int fd;

	if (size == 0 || size != (u64)(off_t)size || (off_t)size < 0)
		return -EINVAL;
	fd = memfd_create("kmm-physmem", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)size) < 0)
		goto fail;
	base = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_NORESERVE, fd, 0);
	if (base == MAP_FAILED)
		goto fail;
	pm->base = base;
	pm->size = size;
	pm->fd = fd;
	return 0;
fail:
	{
		int err = errno;

		close(fd);
		return -err;
	}
}

void host_physmem_unmap(struct host_physmem *pm)
{
	if (!pm->base)
		return;
	munmap(pm->base, pm->size);
	close(pm->fd);
	pm->base = NULL;
	pm->size = 0;
	pm->fd = -1;
}

int host_physmem_discard(struct host_physmem *pm, u64 pa, u64 len)
{
	if (pa > pm->size || len > pm->size - pa)
		return -EINVAL;
	if (madvise((char *)pm->base + pa, len, MADV_REMOVE) < 0)
		return -errno;
	return 0;
}

void *host_pages_alloc(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void host_pages_free(void *addr, size_t bytes)
{
	if (addr)
		munmap(addr, bytes);
}

void *host_va_reserve(size_t len)
{
	void *p = mmap(NULL, len, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void host_va_release(void *va, size_t len)
{
	if (va)
		munmap(va, len);
}

static int physmem_alias(struct host_physmem *pm, void *va, u64 pa, u64 len, int extra)
{
	void *p;

	if (pa > pm->size || len > pm->size - pa)
		return -EINVAL;
	p = mmap(va, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED | extra,
		 pm->fd, (off_t)pa);
	return p == MAP_FAILED ? -errno : 0;
}

int host_physmem_alias(struct host_physmem *pm, void *va, u64 pa, u64 len)
{
	return physmem_alias(pm, va, pa, len, 0);
}

int host_physmem_alias_populate(struct host_physmem *pm, void *va, u64 pa, u64 len)
{
	return physmem_alias(pm, va, pa, len, MAP_POPULATE);
}

int host_va_unalias(void *va, size_t len)
{
	void *p = mmap(va, len, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);

	return p == MAP_FAILED ? -errno : 0;
}
