/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fuzz_archive - libFuzzer entry point for the containers: the bytes are
 * scanned as a file through scanner_scan_file(), which sends them through
 * libmagic, libzip, libarchive, the OOXML/XML reader, the CFB directory
 * reader, the PDF and CSV readers. The scanner is built once from the
 * default config with small limits so every input ends quickly.
 * Built and run by tests/fuzz/run.sh (clang -fsanitize=fuzzer,address).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "config.h"
#include "scan.h"

static sg_scanner *sc;

static sg_scanner *fuzz_scanner(void)
{
    static const char conf[] =
        "[scan]\nrules_dir =\n[limits]\nmax_part_bytes = 4M\nmax_decoded_bytes = 16M\nmax_archive_members = 200\n"
        "max_archive_depth = 3\nscan_timeout = 5s\n";
    char err[256];
    sg_config *cfg;

    if (sc)
        return sc;
    cfg = config_load_string(conf, "fuzz", err, sizeof(err));
    if (cfg)
        sc = scanner_new(cfg, err, sizeof(err));
    /* the scanner copies what it needs from the config at build time */
    config_free(cfg);
    return sc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sg_scan_result r;
    sg_scanner *s = fuzz_scanner();

    if (!s)
        return 0;
    memset(&r, 0, sizeof(r));
    (void)scanner_scan_file(s, "fuzz.bin", (const char *)data, size, &r);
    scan_result_free(&r);
    return 0;
}
