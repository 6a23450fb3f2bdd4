/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * msock.h - listening socket and change of user (see msock.c).
 */
#ifndef SG_MSOCK_H
#define SG_MSOCK_H

#include <stddef.h>

#include "config.h"

int msock_open(const sg_config *cfg, char *err, size_t errlen);
int msock_drop_privileges(const char *user, char *err, size_t errlen);
/* Removes the Unix socket msock_open made (a start that failed after it). */
void msock_remove(void);

#endif
