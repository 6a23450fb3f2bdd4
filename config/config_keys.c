/*
 * config_keys - the key table (config_keys.def expanded: section, name,
 * type, default, bounds, choices, doc) and the look-up of a key by section
 * and name. The loader (config.c), the value checks (config_check.c) and the
 * generators (sg-gendoc) read it; it calls nothing.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include "build-config.h"
#include "config.h"

#include <string.h>

const struct cfg_key_info cfg_keys[CFG__COUNT] = {
#define SG_KEY(id, sec, name, type, def, min, max, choices, doc) \
    [CFG_##id] = {sec, name, type, def, min, max, choices, doc},
#include "config_keys.def"
#undef SG_KEY
};

int config_find_key(const char *section, const char *name)
{
    int i;

    for (i = 0; i < CFG__COUNT; i++)
        if (strcmp(cfg_keys[i].section, section) == 0 && strcmp(cfg_keys[i].name, name) == 0)
            return i;
    return -1;
}
