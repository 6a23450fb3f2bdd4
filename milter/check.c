/*
 * check - `sendguard-milter -t`: everything the daemon needs, checked as the
 * user it runs as. The config's syntax and values are checked by the loader
 * (config/); here: the run-time user exists and can be changed to (when
 * started as root), then, as that user, the state directory, the directory
 * of the Unix socket (when not started as root: the daemon then creates the
 * socket as this user, as under the systemd unit), the rules, templates, key
 * file and ClamAV database (a full snapshot load), and the database (opened,
 * created when missing, and writable with its -wal/-shm files). Every error
 * names FILE:LINE (or FILE: ... (default)) and the key. Warnings (exit 0):
 * an empty internal_domains, a relay that does not answer now (the MTA may
 * start after the milter).
 * Output: errors and warnings on stderr, "FILE: configuration and rules OK"
 * on stdout. Returns the exit status: 0 ok, 1 error.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include "build-config.h"
#include "sg_alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "milter.h"
#include "msock.h"
#include "sg_priv.h"
#include "store.h"

#define CHECK_RELAY_TIMEOUT_MS 2000

static const char *check_me(void)
{
    struct passwd *pw = getpwuid(geteuid());

    return pw ? pw->pw_name : "?";
}

__attribute__((format(printf, 3, 4)))
static int check_fail(const sg_config *c, int k, const char *fmt, ...)
{
    char where[1024];
    va_list ap;

    config_where(c, k, where, sizeof(where));
    fprintf(stderr, "%s: ", where);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 1;
}

/* A directory this user can create files in. */
static int check_dir(const sg_config *c, int k, const char *dir)
{
    struct stat sb;

    if (stat(dir, &sb) < 0) {
        const char *why = strerror(errno);
        return check_fail(c, k, "%s: %s (user %s)", dir, why, check_me());
    }
    if (!S_ISDIR(sb.st_mode))
        return check_fail(c, k, "%s: not a directory", dir);
    if (access(dir, W_OK | X_OK) < 0)
        return check_fail(c, k, "%s: user %s cannot create files there (owner uid %ld, mode "
                          "%04o)", dir, check_me(), (long)sb.st_uid,
                          (unsigned)(sb.st_mode & 07777));
    return 0;
}

/* The SQLite file and its -wal/-shm must be readable and writable by this
 * user when they exist (a file created by root stops the daemon), and the
 * directory writable (SQLite creates -wal/-shm next to it). */
static int check_database(const sg_config *c)
{
    const char *uri = cfg_str(c, CFG_RECORD_DATABASE), *path = uri + 7;
    static const char *const sfx[] = { "", "-wal", "-shm" };
    char f[4096], err[1024], *dir, *slash;
    sg_store *st;
    size_t i;
    int rc = 0;

    if (strncmp(uri, "sqlite:", 7) != 0) {
        /* PostgreSQL: connect, and bring the schema up to date */
        if (!(st = store_open(uri, err, sizeof(err))))
            return check_fail(c, CFG_RECORD_DATABASE, "%s", err);
        store_close(st);
        return 0;
    }
    if (!(dir = sg_strdup(path)))
        return check_fail(c, CFG_RECORD_DATABASE, "out of memory");
    if ((slash = strrchr(dir, '/')) && slash != dir)
        *slash = '\0';
    rc = check_dir(c, CFG_RECORD_DATABASE, slash ? dir : ".");
    free(dir);
    for (i = 0; i < 3 && !rc; i++) {
        snprintf(f, sizeof(f), "%s%s", path, sfx[i]);
        if (access(f, F_OK) == 0 && access(f, R_OK | W_OK) < 0) {
            const char *why = strerror(errno);
            rc = check_fail(c, CFG_RECORD_DATABASE, "%s: user %s cannot read and write it (%s)",
                            f, check_me(), why);
        }
    }
    if (rc)
        return rc;
    if (!(st = store_open(uri, err, sizeof(err))))
        return check_fail(c, CFG_RECORD_DATABASE, "%s (user %s)", err, check_me());
    store_close(st);
    return 0;
}

/* Warns when nothing answers at [hold] relay now. */
static void check_relay(const sg_config *c)
{
    char host[256], port_s[8], where[1024];
    unsigned port;
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai = NULL;
    int fd = -1, ok = 0;

    if (config_hostport(cfg_str(c, CFG_HOLD_RELAY), host, sizeof(host), &port) < 0)
        return;
    snprintf(port_s, sizeof(port_s), "%u", port);
    if (getaddrinfo(host, port_s, &hints, &ai) == 0 && ai &&
        (fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK, 0)) >= 0) {
        struct pollfd p = { .fd = fd, .events = POLLOUT };
        int e = 0;
        socklen_t el = sizeof(e);
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            ok = 1;
        else if (errno == EINPROGRESS && poll(&p, 1, CHECK_RELAY_TIMEOUT_MS) == 1 &&
                 getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) == 0 && e == 0)
            ok = 1;
    }
    if (fd >= 0)
        close(fd);
    if (ai)
        freeaddrinfo(ai);
    if (!ok) {
        config_where(c, CFG_HOLD_RELAY, where, sizeof(where));
        fprintf(stderr, "%s: warning: nothing answers at %s now (released mail and "
                "notifications wait and are retried until it does)\n", where,
                cfg_str(c, CFG_HOLD_RELAY));
    }
}

int check_run(const char *conf)
{
    char err[1024], where[1024];
    const char *user, *sock;
    sg_config *c;
    snapshot *s;
    uid_t uid;
    gid_t gid;
    int root = geteuid() == 0, rc = 0;

    if (!(c = config_load(conf, err, sizeof(err)))) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    user = cfg_str(c, CFG_GENERAL_USER);
    if (root && *user && (sg_priv_lookup(user, &uid, &gid, err, sizeof(err)) < 0 ||
                          sg_priv_drop(user, err, sizeof(err)) < 0)) {
        rc = check_fail(c, CFG_GENERAL_USER, "%s", err);
        goto out;
    }
    if (!root && *user && strcmp(check_me(), user) != 0) {
        config_where(c, CFG_GENERAL_USER, where, sizeof(where));
        fprintf(stderr, "%s: warning: checking as user %s, not %s (run -t as root or as %s)\n",
                where, check_me(), user, user);
    }
    if ((rc = check_dir(c, CFG_GENERAL_STATE_DIR, cfg_str(c, CFG_GENERAL_STATE_DIR))))
        goto out;
    sock = cfg_str(c, CFG_GENERAL_SOCKET);
    if (!root && strncmp(sock, "unix:", 5) == 0) {
        char *dir = sg_strdup(sock + 5), *slash = dir ? strrchr(dir, '/') : NULL;
        if (slash && slash != dir)
            *slash = '\0';
        rc = dir ? check_dir(c, CFG_GENERAL_SOCKET, dir) : 1;
        free(dir);
        if (rc)
            goto out;
    }
    {
        /* directories and files loaded below: a missing one named by its key */
        static const struct { int k, dir; } need[] = {
            { CFG_SCAN_RULES_DIR, 1 }, { CFG_HOLD_TEMPLATES_DIR, 1 }, { CFG_HOLD_APPROVERS_FILE, 0 },
        };
        size_t i;
        for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
            const char *v = cfg_str(c, need[i].k);
            if (*v && access(v, need[i].dir ? R_OK | X_OK : R_OK) < 0) {
                const char *why = strerror(errno);
                rc = check_fail(c, need[i].k, "%s: %s (user %s)", v, why, check_me());
                goto out;
            }
        }
    }
    if (*cfg_str(c, CFG_SCAN_CLAMAV_DB) && access(cfg_str(c, CFG_SCAN_CLAMAV_DB), R_OK) < 0) {
        const char *why = strerror(errno);
        rc = check_fail(c, CFG_SCAN_CLAMAV_DB, "%s: %s (user %s)", cfg_str(c, CFG_SCAN_CLAMAV_DB),
                        why, check_me());
        goto out;
    }
    if (access(cfg_str(c, CFG_HOLD_SECRET_FILE), F_OK) == 0 &&
        access(cfg_str(c, CFG_HOLD_SECRET_FILE), R_OK) < 0) {
        const char *why = strerror(errno);
        rc = check_fail(c, CFG_HOLD_SECRET_FILE, "%s: %s (user %s)",
                        cfg_str(c, CFG_HOLD_SECRET_FILE), why, check_me());
        goto out;
    }
    if ((rc = check_database(c)))
        goto out;
    if (!(s = snapshot_load(conf, err, sizeof(err)))) {
        fprintf(stderr, "%s\n", err);
        rc = 1;
        goto out;
    }
    snapshot_discard(s);
    if (!cfg_list(c, CFG_GENERAL_INTERNAL_DOMAINS)[0]) {
        config_where(c, CFG_GENERAL_INTERNAL_DOMAINS, where, sizeof(where));
        fprintf(stderr, "%s: warning: empty: no sender is internal, so only client_networks "
                "and SMTP AUTH make a message outgoing (most mail passes uninspected)\n", where);
    }
    check_relay(c);
    printf("%s: configuration and rules OK (checked as user %s)\n", conf, check_me());
out:
    config_free(c);
    return rc;
}
