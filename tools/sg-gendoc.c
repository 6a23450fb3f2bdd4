/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sg-gendoc - prints documentation generated from the config key table:
 *   sg-gendoc sample [SECTION.KEY=VALUE...]
 *                      the annotated sample sendguard.conf with this build's
 *                      paths (installed as $(sysconfdir)/sendguard/); the
 *                      given keys are written as active settings (the Debian
 *                      package sets its socket this way)
 *   sg-gendoc man      the PARAMETERS section of sendguard.conf(5) (roff)
 * Build-time helper; not installed.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "sample") == 0) {
        if (config_write_sample_as(stdout, 0, argv + 2) < 0) {
            fprintf(stderr, "sg-gendoc: sample: expected SECTION.KEY=VALUE of a known key\n");
            return 2;
        }
    } else if (argc == 2 && strcmp(argv[1], "man") == 0) {
        config_write_man(stdout);
    } else {
        fprintf(stderr, "usage: sg-gendoc sample [SECTION.KEY=VALUE...] | man\n");
        return 2;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
