/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vcard - vCard files (.vcf: one table of persons, a row per card, with
 * labelled columns) and iCalendar files (.ics: the text of events and
 * tasks, attendees included); quoted-printable, base64, CHARSET=SHIFT_JIS
 * and line folding handled. See vcard.c.
 */
#ifndef SG_VCARD_H
#define SG_VCARD_H

#include <stddef.h>

#include "reader_io.h"

int vcard_is_vcard(const unsigned char *d, size_t n);   /* BEGIN:VCARD first */
int vcard_is_ical(const unsigned char *d, size_t n);    /* BEGIN:VCALENDAR first */
/* Return RD_FULL, RD_STOP or RD_NOMEM (what was cut: io->partly). */
int vcard_read(const unsigned char *d, size_t n, const reader_io *io);
int ical_read(const unsigned char *d, size_t n, const reader_io *io);

#endif
