/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_pdf - libFuzzer entry for the PDF reader: pdf_info_text() on the
 * bytes (object scan, object streams, the filter chain: Flate, LZW,
 * ASCII85, ASCIIHex, RunLength, predictors; the standard security
 * handler with the empty user password; fonts, CMaps, the positioned
 * text layout, annotations and form values), with small caps so every
 * input ends quickly; and the non-Flate filters and predictors alone on
 * the raw bytes. Built and run by tests/fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_filter.h"
#include "pdf_info.h"

static int check(void *arg, size_t n)
{
    (void)arg; (void)n;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pdf_text_opts o = { 1 << 20, 100, 1 << 20, check, NULL };
    char *t = NULL;
    size_t n = 0;
    unsigned fl = 0;
    unsigned char *out;
    int cut;

    (void)pdf_info_encrypted(data, size);
    if (pdf_info_text(data, size, &o, &t, &n, &fl) == 0 && strlen(t) > n)
        abort();
    free(t);
    if (size > 1 && pdf_filter_decode((pdf_filter_kind)(PDF_FILTER_AHX + data[0] % 4), data + 1,
                                      size - 1, data[0] & 0x10, 1 << 20, &out, &n, &cut) >= 0) {
        pdf_predict pp = { 10 + data[0] % 6, 1 + (data[0] >> 5), 8, 1 + (data[0] & 7) };
        (void)pdf_filter_predict(&pp, out, &n);
        free(out);
    }
    return 0;
}
