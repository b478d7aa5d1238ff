/* SPDX-License-Identifier: MIT */
/* src/mm/pf_buf.h - internal: the pf_buf_len= boot reservation. */
#ifndef KMM_MM_PF_BUF_H
#define KMM_MM_PF_BUF_H

void pf_buf_reserve(void);
void pf_buf_reset(void);

#endif
