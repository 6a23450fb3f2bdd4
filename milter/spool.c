/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * spool - the raw bytes of one message while the MTA sends it: kept in
 * memory up to [general] spool_memory, then everything moves to a temporary
 * file in state_dir (mkstemp, unlinked at once so it never outlives the
 * process). spool_view() gives the whole message as one contiguous region
 * (the memory buffer or an mmap of the file) for the scanner and for a hold.
 *
 * Owns: the memory buffer, the file descriptor and the mapping; all freed by
 * spool_free() (safe to call twice). Errors: -1 with the reason logged and
 * sp_failed set; the caller then applies the on-error action.
 */
#include "build-config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "milter.h"
#include "sg_log.h"

void spool_init(spool *s, size_t memory_limit, const char *dir)
{
    memset(s, 0, sizeof(*s));
    sg_buf_init(&s->sp_mem, memory_limit);
    s->sp_limit = memory_limit;
    s->sp_dir = dir;
    s->sp_fd = -1;
}

static int spool_write_all(int fd, const void *p, size_t n)
{
    const char *c = p;

    while (n > 0) {
        ssize_t w = write(fd, c, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Moves the memory content to a new unlinked temporary file. */
static int spool_spill(spool *s)
{
    sg_buf path;
    int fd;

    sg_buf_init(&path, 4096);
    if (sg_buf_printf(&path, "%s/spool.XXXXXX", s->sp_dir) != SG_BUF_OK) {
        sg_buf_free(&path);
        return -1;
    }
    fd = mkstemp(path.data);
    if (fd < 0) {
        msg_error("spool: cannot create a file in %s: %s", s->sp_dir, strerror(errno));
        sg_buf_free(&path);
        return -1;
    }
    (void)unlink(path.data);
    sg_buf_free(&path);
    if (spool_write_all(fd, s->sp_mem.data ? s->sp_mem.data : "", s->sp_mem.len) < 0) {
        msg_error("spool: write: %s", strerror(errno));
        close(fd);
        return -1;
    }
    sg_buf_free(&s->sp_mem);
    s->sp_fd = fd;
    return 0;
}

int spool_write(spool *s, const void *p, size_t n)
{
    if (s->sp_failed)
        return -1;
    if (n == 0)
        return 0;
    if (s->sp_fd < 0 && s->sp_len + n > s->sp_limit && spool_spill(s) < 0)
        goto fail;
    if (s->sp_fd < 0) {
        if (sg_buf_append(&s->sp_mem, p, n) != SG_BUF_OK)
            goto fail;
    } else if (spool_write_all(s->sp_fd, p, n) < 0) {
        msg_error("spool: write: %s", strerror(errno));
        goto fail;
    }
    s->sp_len += n;
    return 0;
fail:
    s->sp_failed = 1;
    return -1;
}

int spool_view(spool *s, const char **data, size_t *len)
{
    if (s->sp_failed)
        return -1;
    *len = s->sp_len;
    if (s->sp_fd < 0) {
        *data = sg_buf_str(&s->sp_mem);
        return 0;
    }
    if (!s->sp_map) {
        void *m = mmap(NULL, s->sp_len, PROT_READ, MAP_PRIVATE, s->sp_fd, 0);
        if (m == MAP_FAILED) {
            msg_error("spool: mmap: %s", strerror(errno));
            return -1;
        }
        s->sp_map = m;
    }
    *data = s->sp_map;
    return 0;
}

void spool_free(spool *s)
{
    sg_buf_free(&s->sp_mem);
    if (s->sp_map)
        munmap(s->sp_map, s->sp_len);
    s->sp_map = NULL;
    if (s->sp_fd >= 0)
        close(s->sp_fd);
    s->sp_fd = -1;
    s->sp_len = 0;
}
