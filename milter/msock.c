/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * msock - the milter's listening socket and the change of user.
 *
 * msock_open() hands [general] socket to libmilter (smfi_setconn +
 * smfi_opensocket, which removes a stale Unix socket), then:
 *  - Unix socket: applies socket_mode and gives it to the run-time user's
 *    group, so the MTA (in that group) can connect;
 *  - TCP socket: sets TCP_NODELAY on the listening socket. Linux copies it to
 *    every accepted connection. Without it each message stalls ~40 ms: the
 *    filter's reply is held by Nagle's algorithm while the MTA delays its
 *    ACK (see bench/milter/README.md). libmilter keeps its listening fd to
 *    itself, so we find it: the one listening TCP socket among our fds.
 * SENDGUARD_TCP_NODELAY=0 in the environment leaves Nagle on (to measure
 * the difference; see bench/milter/run.sh).
 * msock_drop_privileges() does initgroups/setgid/setuid to [general] user
 * when running as root (lib/sg_priv). msock_remove() removes the Unix socket
 * again when the start fails after it was made. Errors: -1 with a reason in
 * err (start-up only).
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <errno.h>
#include <grp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mlfi.h"
#include "msock.h"
#include "sg_log.h"
#include "sg_priv.h"

#define MSOCK_MAX_FD_SCAN 1024

static char msock_path[4096];   /* the Unix socket made by msock_open, for msock_remove */

/* Sets TCP_NODELAY on every listening TCP socket of this process. */
static int msock_nodelay(void)
{
    int fd, found = 0;

    for (fd = 3; fd < MSOCK_MAX_FD_SCAN; fd++) {
        struct stat sb;
        int v = 0, dom = 0, one = 1;
        socklen_t l = sizeof(v), dl = sizeof(dom);

        if (fstat(fd, &sb) < 0 || !S_ISSOCK(sb.st_mode))
            continue;
        if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &l) < 0 || !v)
            continue;
        if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &dom, &dl) < 0 ||
            (dom != AF_INET && dom != AF_INET6))
            continue;
        if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0)
            found++;
    }
    return found;
}

/* Creates the directory of a Unix socket when it is missing (as root: owned
 * by the run-time user). */
static void msock_make_dir(const char *path, const char *user)
{
    char *dir = sg_strdup(path), *slash;
    uid_t uid;
    gid_t gid;
    char err[256];

    if (!dir)
        return;
    slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        if (mkdir(dir, 0755) == 0 && geteuid() == 0 && user && *user &&
            sg_priv_lookup(user, &uid, &gid, err, sizeof(err)) == 0)
            (void)chown(dir, uid, gid);
    }
    free(dir);
}

int msock_open(const sg_config *cfg, char *err, size_t errlen)
{
    const char *where = cfg_str(cfg, CFG_GENERAL_SOCKET);
    const char *user = cfg_str(cfg, CFG_GENERAL_USER);
    const char *path = NULL;

    if (strncmp(where, "unix:", 5) == 0 || strncmp(where, "local:", 6) == 0) {
        path = strchr(where, ':') + 1;
        msock_make_dir(path, user);
    } else if (where[0] == '/') {
        path = where;
    }
    if (smfi_setconn((char *)where) != MI_SUCCESS || smfi_opensocket(1) != MI_SUCCESS) {
        snprintf(err, errlen, "[general] socket: cannot listen on %s", where);
        return -1;
    }
    if (path) {
        snprintf(msock_path, sizeof(msock_path), "%s", path);
        char *end;
        unsigned long mode = strtoul(cfg_str(cfg, CFG_GENERAL_SOCKET_MODE), &end, 8);
        uid_t uid;
        gid_t gid;
        if (*end || mode > 07777) {
            snprintf(err, errlen, "[general] socket_mode: not an octal mode: %s",
                     cfg_str(cfg, CFG_GENERAL_SOCKET_MODE));
            return -1;
        }
        if (chmod(path, (mode_t)mode) < 0) {
            snprintf(err, errlen, "chmod %s: %s", path, strerror(errno));
            return -1;
        }
        if (geteuid() == 0 && *user && sg_priv_lookup(user, &uid, &gid, err, errlen) == 0 &&
            chown(path, uid, gid) < 0) {
            snprintf(err, errlen, "chown %s: %s", path, strerror(errno));
            return -1;
        }
    } else if (getenv("SENDGUARD_TCP_NODELAY") && strcmp(getenv("SENDGUARD_TCP_NODELAY"), "0") == 0) {
        msg_info("TCP_NODELAY left off (SENDGUARD_TCP_NODELAY=0, for measurements)");
    } else if (msock_nodelay() == 0) {
        msg_warn("could not set TCP_NODELAY on the milter socket: expect ~40 ms per message");
    }
    return 0;
}

int msock_drop_privileges(const char *user, char *err, size_t errlen)
{
    return sg_priv_drop(user, err, errlen);
}

void msock_remove(void)
{
    if (msock_path[0] && unlink(msock_path) < 0 && errno != ENOENT)
        msg_warn("cannot remove %s: %s", msock_path, strerror(errno));
    msock_path[0] = '\0';
}
