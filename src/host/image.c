// SPDX-License-Identifier: MIT
/*
 * src/host/image.c - the size of kmm's own program image, which a machine
 * reserves as its "kernel image" and reports in the boot's Memory: line
 * (kernel code, rwdata, rodata, bss).
 *
 * The sizes come from the ELF program headers of the object that holds
 * this function: the program when kmm is linked statically, libkmm.so
 * when it is shared. Executable segments count as code, read-only ones as
 * rodata, writable ones as rwdata (file-backed part) and bss (the rest).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <string.h>

#include "host.h"

struct image_search {
	unsigned long base;
	struct host_image *img;
	bool found;
};

static void count_segment(struct host_image *img, const ElfW(Phdr) *ph)
{
	if (ph->p_type != PT_LOAD)
		return;
	if (ph->p_flags & PF_X) {
		img->code_bytes += ph->p_memsz;
	} else if (ph->p_flags & PF_W) {
		img->rwdata_bytes += ph->p_filesz;
		img->bss_bytes += ph->p_memsz - ph->p_filesz;
	} else {
		img->rodata_bytes += ph->p_memsz;
	}
}

static int image_visit(struct dl_phdr_info *info, size_t size, void *data)
{
	struct image_search *s = data;

	if (info->dlpi_addr != s->base && s->base)
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++)
		count_segment(s->img, &info->dlpi_phdr[i]);
	s->found = true;
	return 1;
}

int host_image_sizes(struct host_image *img)
{
	struct image_search s = { .img = img };
	Dl_info info;

	memset(img, 0, sizeof(*img));
	if (!dladdr((void *)host_image_sizes, &info))
		return -1;
	/* dladdr gives the load address of a shared object; 0 for a non-PIE program. */
	s.base = (unsigned long)info.dli_fbase;
	dl_iterate_phdr(image_visit, &s);
	if (!s.found) {
		s.base = 0;	/* the main program */
		dl_iterate_phdr(image_visit, &s);
	}
	return s.found ? 0 : -1;
}
