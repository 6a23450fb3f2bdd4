/*
 * sg_priv - the change to the run-time user; see sg_priv.h.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include "build-config.h"
#include "sg_priv.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int sg_priv_lookup(const char *user, uid_t *uid, gid_t *gid, char *err, size_t errlen)
{
    struct passwd *pw = getpwnam(user);

    if (!pw) {
        snprintf(err, errlen, "no such user: %s", user);
        return -1;
    }
    *uid = pw->pw_uid;
    *gid = pw->pw_gid;
    return 0;
}

int sg_priv_drop(const char *user, char *err, size_t errlen)
{
    uid_t uid;
    gid_t gid;

    if (geteuid() != 0 || !user || !*user)
        return 0;
    if (sg_priv_lookup(user, &uid, &gid, err, errlen) < 0)
        return -1;
    if (initgroups(user, gid) < 0 || setgid(gid) < 0 || setuid(uid) < 0) {
        snprintf(err, errlen, "cannot change to user %s: %s", user, strerror(errno));
        return -1;
    }
    if (uid != 0 && setuid(0) == 0) {
        snprintf(err, errlen, "could regain root after changing to %s", user);
        return -1;
    }
    return 0;
}
