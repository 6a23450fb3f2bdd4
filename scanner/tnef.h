/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tnef - winmail.dat (TNEF, [MS-OXTNEF]) to a subject, a body (plain,
 * HTML or compressed RTF) and its attachments (handed to io->file; an
 * attached message is TNEF again and comes back through file_inspect);
 * see tnef.c. Pure, bounded.
 */
#ifndef SG_TNEF_H
#define SG_TNEF_H

#include <stddef.h>

#include "reader_io.h"

/* 1 when d starts with the TNEF signature. */
int tnef_is_tnef(const unsigned char *d, size_t n);
/* Returns RD_FULL, RD_PARTLY, RD_NONE (no TNEF), RD_STOP or RD_NOMEM. */
int tnef_read(const unsigned char *d, size_t n, const reader_io *io);

#endif
