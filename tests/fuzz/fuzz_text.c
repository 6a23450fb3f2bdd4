/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_text - libFuzzer entry for the text paths: text_decode() under
 * the label picked by the first byte (none, UTF-8, UTF-16 forms, Japanese
 * charsets: the UTF-16 sniffing and NUL handling included), the HTML
 * reduction (libxml2 with XML_PARSE_HUGE) and the parser-free fallback
 * html_text_strip(), and S/MIME blob decoding. Built and run by
 * tests/fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html_text.h"
#include "scan_ctx.h"
#include "smime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const labels[] = { NULL, "utf-8", "utf-16", "utf-16le", "utf-16be",
                                          "shift_jis", "iso-2022-jp", "euc-jp", "us-ascii" };
    size_t n = 0, hn = 0;
    char *t, *h;
    int fl, cut;
    unsigned char *c;

    if (size < 1)
        return 0;
    t = text_decode((const char *)data + 1, size - 1, labels[data[0] % 9], &n, NULL);
    if (t && strlen(t) != n)
        abort();                           /* NUL-terminated, no NUL inside */
    if (t && (data[0] & 0x80)) {
        h = html_text(t, n, 1 << 20, &hn, &fl, NULL, NULL);
        free(h);
        h = html_text_strip(t, n, 1 << 20, &hn, &cut);
        free(h);
    }
    free(t);
    if (smime_inspect(data, size, 1 << 20, &c, &n, &cut) == SMIME_K_SIGNED)
        free(c);
    return 0;
}
