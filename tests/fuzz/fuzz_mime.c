/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_mime - libFuzzer entry point for the MIME walk: every input is a raw
 * message given to scanner_scan_message() of a scanner built from the
 * default limits (scan_timeout lowered to 5s so libFuzzer's -timeout=10
 * means a real hang). Admin rules come from $SG_FUZZ_RULES_DIR when set
 * (tests/fuzz/run.sh points it at the source rules/), else none.
 * Built and run by tests/fuzz/run.sh; not part of `make`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sg_scanner *fuzz_scanner(void)
{
    static sg_scanner *sc;
    const char *rules = getenv("SG_FUZZ_RULES_DIR");
    char err[512], text[1024];
    sg_config *cfg;

    if (sc)
        return sc;
    snprintf(text, sizeof(text), "[scan]\nrules_dir = %s\n[limits]\nscan_timeout = 5s\n",
             rules ? rules : "");
    if (!(cfg = config_load_string(text, "fuzz.conf", err, sizeof(err))) ||
        !(sc = scanner_new(cfg, err, sizeof(err)))) {
        fprintf(stderr, "fuzz_mime: %s\n", err);
        abort();
    }
    config_free(cfg);
    return sc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sg_scan_result r;

    if (scanner_scan_message(fuzz_scanner(), (const char *)data, size, &r) == 0)
        scan_result_free(&r);
    return 0;
}
