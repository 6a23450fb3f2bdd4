/*
 * sg-gendoc - prints documentation generated from the config key table:
 *   sg-gendoc sample   the annotated sample sendguard.conf
 *   sg-gendoc man      the PARAMETERS section of sendguard.conf(5) (roff)
 * Build-time helper; not installed.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "sample") == 0)
        config_write_sample(stdout);
    else if (argc == 2 && strcmp(argv[1], "man") == 0)
        config_write_man(stdout);
    else {
        fprintf(stderr, "usage: sg-gendoc sample|man\n");
        return 2;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
