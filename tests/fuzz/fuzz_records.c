/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_records - libFuzzer entry for the record readers of legacy Office
 * files, called on raw stream bytes (no CFB container around them, so the
 * fuzzer reaches the records at once): the first byte picks the reader
 * (BIFF8 workbook, Word piece table with the rest split into WordDocument
 * and table stream, PowerPoint atoms, Outlook compressed RTF + RTF text,
 * TNEF, vCard, iCalendar). Built and run by tests/fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "biff8.h"
#include "lzfu.h"
#include "ppt97.h"
#include "rtf_text.h"
#include "tnef.h"
#include "vcard.h"
#include "word97.h"

static int emit(void *arg, sg_unit_kind kind, const char *sub, const char *text, size_t len)
{
    (void)arg; (void)kind; (void)sub;
    /* touch every byte: the text must be readable to its length */
    volatile unsigned char x = 0;
    for (size_t i = 0; i < len; i++)
        x ^= (unsigned char)text[i];
    return 0;
}

static int file(void *arg, const char *name, const unsigned char *d, size_t len)
{
    (void)arg;
    volatile unsigned char x = name ? (unsigned char)name[0] : 0;
    for (size_t i = 0; i < len; i++)
        x ^= d[i];
    return 0;
}

static void partly(void *arg, unsigned flag, const char *why)
{
    (void)arg; (void)flag; (void)why;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader_io io = { NULL, emit, file, partly, 1 << 20, 4 << 20 };
    size_t half, n;
    unsigned char *r;
    int cut;

    if (size < 1)
        return 0;
    switch (data[0] % 8) {
    case 0: (void)biff8_read(data + 1, size - 1, &io); break;
    case 1:
        half = (size - 1) / 2;
        (void)word97_read(data + 1, half, data + 1 + half, size - 1 - half,
                          data + 1 + half, size - 1 - half, &io);
        break;
    case 2: (void)ppt97_read(data + 1, size - 1, &io); break;
    case 3: (void)rtf_text_read(data + 1, size - 1, &io); break;
    case 4:
        if ((r = lzfu_decompress(data + 1, size - 1, 1 << 20, &n, &cut)) != NULL) {
            (void)rtf_text_read(r, n, &io);
            free(r);
        }
        break;
    case 5: (void)tnef_read(data + 1, size - 1, &io); break;
    case 6: (void)vcard_read(data + 1, size - 1, &io); break;
    default: (void)ical_read(data + 1, size - 1, &io); break;
    }
    return 0;
}
