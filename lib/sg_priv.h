/*
 * sg_priv - the change to the run-time user. A program started as root
 * (the daemon after binding its socket, sendguardctl, `sendguard-milter -t`)
 * becomes USER (initgroups, setgid, setuid) so that every file it creates
 * belongs to the user the daemon runs as. Not root, or USER empty: nothing
 * to do. Errors: -1 with a reason in err (no such user, setuid failed, root
 * could be regained).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef SG_PRIV_H
#define SG_PRIV_H

#include <stddef.h>
#include <sys/types.h>

/* uid/gid of USER; -1 with "no such user: USER" in err. */
int sg_priv_lookup(const char *user, uid_t *uid, gid_t *gid, char *err, size_t errlen);
int sg_priv_drop(const char *user, char *err, size_t errlen);

#endif
