/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * csv_table - CSV/TSV (RFC 4180) to the scanner's table form: rows
 * separated by '\n', cells by '\t'. Quoted fields may hold the delimiter,
 * doubled quotes and line breaks; line breaks and tabs inside a cell become
 * spaces so that rows and cells stay aligned. CRLF and LF both end a row.
 * The input must already be UTF-8 (the caller decodes CP932 / EUC-JP with
 * text_decode()); a UTF-8 BOM is dropped.
 *
 * Output is never longer than the input: one malloc of len+1, no growth.
 */
#ifndef SG_CSV_TABLE_H
#define SG_CSV_TABLE_H

#include <stddef.h>

/* The delimiter of the first line (outside quotes): ',', '\t' or ';'. */
char csv_table_sniff(const char *text, size_t len);
/* malloc'd NUL-terminated table text, *outlen set; NULL when out of memory. */
char *csv_table_convert(const char *text, size_t len, char delim, size_t *outlen);

#endif
