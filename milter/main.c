/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main - sendguard-milter: options, daemon set-up, signals.
 *
 *   sendguard-milter [-f] [-c CONF] [-t] [-d] [-v]
 *
 * Start-up: load the config, (daemonize: the parent waits until the child is
 * ready and exits with its status), open syslog, bind the socket, drop to
 * [general] user, build the first snapshot (config + scanner + policy +
 * holdflow), then run libmilter's smfi_main() in its own thread while the
 * main thread waits for signals:
 *   SIGHUP          reload: a new snapshot is built beside the old one; a bad
 *                   config keeps the old one and logs why
 *   SIGTERM/SIGINT  smfi_stop(), wait (bounded) for messages in flight, exit 0
 * The main thread (the thread-group leader) sits in sigwait(), so the kernel
 * gives it process-directed signals before libmilter's own signal thread
 * (which would treat SIGHUP as "stop").
 *
 * Exit status: 0 ok; 1 bad config, cannot bind, cannot change user, or
 * libmilter failed. -t: 0 config + rules load, 1 with "FILE:LINE: reason".
 */
#include "build-config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mlfi.h"
#include "msock.h"
#include "sg_log.h"
#include "sg_priv.h"

#define MAIN_DEFAULT_CONF SG_SYSCONFDIR "/sendguard.conf"
#define MAIN_PID_DIR SG_RUNSTATEDIR
#define MAIN_PID_FILE MAIN_PID_DIR "/sendguard-milter.pid"
#define MAIN_STOP_WAIT_S 30

typedef struct main_opts {
    const char *conf;
    int conf_given;
    int foreground, test, dump, verbose;
} main_opts;

static int main_ready_fd = -1;
static int main_pidfile_written;

static void main_usage(void)
{
    fprintf(stderr, "usage: sendguard-milter [-f] [-c CONF] [-t] [-d] [-v]\n"
                    "  -f  stay in the foreground (log to stderr too)\n"
                    "  -c  config file (default " MAIN_DEFAULT_CONF ")\n"
                    "  -t  check config and rules, then exit (0 ok, 1 error)\n"
                    "  -d  print the effective config (the annotated sample without -c)\n"
                    "  -v  more log output (repeat for more)\n");
    exit(1);
}

static void main_parse(int argc, char **argv, main_opts *o)
{
    int ch;

    memset(o, 0, sizeof(*o));
    o->conf = MAIN_DEFAULT_CONF;
    while ((ch = getopt(argc, argv, "fc:tdvh")) != -1) {
        switch (ch) {
        case 'f': o->foreground = 1; break;
        case 'c': o->conf = optarg; o->conf_given = 1; break;
        case 't': o->test = 1; break;
        case 'd': o->dump = 1; break;
        case 'v': o->verbose++; break;
        default: main_usage();
        }
    }
    if (optind != argc)
        main_usage();
}

static int main_dump(const main_opts *o)
{
    char err[1024];
    sg_config *cfg;

    if (!o->conf_given) {
        config_write_sample(stdout);
        return 0;
    }
    if (!(cfg = config_load(o->conf, err, sizeof(err)))) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    config_write_current(cfg, stdout);
    config_free(cfg);
    return 0;
}

/* -t: milter/check.c, as the run-time user. */
static int main_test(const main_opts *o)
{
    return check_run(o->conf);
}

/* Forks; the parent waits for the child's "ready" (or its error text) on a
 * pipe and exits with 0 or 1. The child returns. */
static void main_daemonize(void)
{
    int p[2];
    pid_t pid;
    char buf[1024];
    ssize_t n;

    if (pipe(p) < 0)
        msg_fatal("pipe: %s", strerror(errno));
    if ((pid = fork()) < 0)
        msg_fatal("fork: %s", strerror(errno));
    if (pid > 0) {
        close(p[1]);
        n = read(p[0], buf, sizeof(buf) - 1);
        if (n == 1 && buf[0] == '0')
            _exit(0);
        if (n > 0) {
            buf[n] = '\0';
            fprintf(stderr, "sendguard-milter: %s\n", buf);
        } else {
            fprintf(stderr, "sendguard-milter: failed to start (see the mail log)\n");
        }
        _exit(1);
    }
    close(p[0]);
    main_ready_fd = p[1];
    if (setsid() < 0)
        msg_fatal("setsid: %s", strerror(errno));
    if (chdir("/") < 0)
        msg_fatal("chdir /: %s", strerror(errno));
    {
        int nul = open("/dev/null", O_RDWR);
        if (nul >= 0) {
            dup2(nul, 0);
            dup2(nul, 1);
            dup2(nul, 2);
            if (nul > 2)
                close(nul);
        }
    }
}

/* Start-up failure: tell the waiting parent, log, exit 1. */
__attribute__((noreturn)) static void main_fail(const char *why)
{
    msock_remove();
    if (main_ready_fd >= 0) {
        (void)!write(main_ready_fd, why, strlen(why));
        close(main_ready_fd);
    }
    msg_fatal("%s", why);
}

static void main_ready(void)
{
    if (main_ready_fd >= 0) {
        (void)!write(main_ready_fd, "0", 1);
        close(main_ready_fd);
        main_ready_fd = -1;
    }
}

static void main_write_pidfile(void)
{
    FILE *fp;

    (void)mkdir(MAIN_PID_DIR, 0755);
    if (!(fp = fopen(MAIN_PID_FILE, "w")))
        return;
    fprintf(fp, "%ld\n", (long)getpid());
    main_pidfile_written = fclose(fp) == 0;
}

static void *main_smfi_thread(void *arg)
{
    int *status = arg;

    *status = smfi_main() == MI_SUCCESS ? 0 : 1;
    kill(getpid(), SIGUSR1);    /* wake the main thread */
    return NULL;
}

static void main_reload(const char *conf)
{
    char err[1024];
    snapshot *s = snapshot_load(conf, err, sizeof(err));

    if (!s) {
        msg_error("reload failed, keeping the running configuration: %s", err);
        return;
    }
    snapshot_install(s);
    msg_info("reloaded %s", conf);
}

/* Waits (bounded) for messages in flight after smfi_stop(). */
static void main_drain(void)
{
    int i;

    for (i = 0; i < MAIN_STOP_WAIT_S * 10 && conn_inflight() > 0; i++)
        usleep(100000);
    if (conn_inflight() > 0)
        msg_warn("stopping with %d messages in flight", conn_inflight());
}

static int main_run(const main_opts *o)
{
    char err[1024];
    sg_config *cfg;
    snapshot *s;
    char *conf;
    sigset_t set;
    pthread_t th;
    int sig, status = 1, stopping = 0;

    if (!(cfg = config_load(o->conf, err, sizeof(err)))) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    /* the daemon runs in / and reloads the file on SIGHUP: keep its full path */
    if (!(conf = realpath(o->conf, NULL))) {
        fprintf(stderr, "%s: %s\n", o->conf, strerror(errno));
        config_free(cfg);
        return 1;
    }
    if (!o->foreground)
        main_daemonize();
    sg_log_open_syslog(o->foreground);
    if (smfi_register(mlfi_desc) != MI_SUCCESS)
        main_fail("smfi_register failed");
    if (msock_open(cfg, err, sizeof(err)) < 0)
        main_fail(err);
    if (msock_drop_privileges(cfg_str(cfg, CFG_GENERAL_USER), err, sizeof(err)) < 0) {
        char where[1024], why[2100];
        config_where(cfg, CFG_GENERAL_USER, where, sizeof(where));
        snprintf(why, sizeof(why), "%s: %s", where, err);
        main_fail(why);
    }
    config_free(cfg);
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, NULL);    /* every thread inherits this */
    signal(SIGPIPE, SIG_IGN);
    mstore_init();
    if (!(s = snapshot_load(conf, err, sizeof(err))))
        main_fail(err);
    snapshot_install(s);
    if (!o->foreground)
        main_write_pidfile();
    if (pthread_create(&th, NULL, main_smfi_thread, &status) != 0)
        main_fail("cannot start the milter thread");
    msg_info("started, listening on %s", cfg_str(s->cfg, CFG_GENERAL_SOCKET));
    main_ready();
    for (;;) {
        if (sigwait(&set, &sig) != 0)
            continue;
        if (sig == SIGHUP && !stopping) {
            main_reload(conf);
        } else if (sig == SIGTERM || sig == SIGINT) {
            msg_info("stopping on signal %d", sig);
            stopping = 1;
            smfi_stop();
        } else if (sig == SIGUSR1) {
            break;              /* smfi_main returned */
        }
    }
    pthread_join(th, NULL);
    main_drain();
    if (main_pidfile_written)
        (void)unlink(MAIN_PID_FILE);
    msg_info("stopped");
    free(conf);
    return stopping ? 0 : status;
}

int main(int argc, char **argv)
{
    main_opts o;

    sg_log_init("sendguard-milter");
    main_parse(argc, argv, &o);
    sg_log_set_verbose(o.verbose);
    if (o.dump)
        return main_dump(&o);
    if (o.test)
        return main_test(&o);
    return main_run(&o);
}
