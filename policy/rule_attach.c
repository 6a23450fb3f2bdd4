/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rule_attach - attachment-unencrypted: an attachment (depth 0, i.e. a MIME
 * attachment, not an archive member) that goes to an external recipient
 * without encryption. attachment_encryption = all: every such attachment;
 * sensitive: only those with findings (nfindings > 0, or a medium/high
 * finding located in it); off: never. Exempt: signatures (.p7s, .asc),
 * calendar invites, inline images of the HTML part. A partly encrypted
 * archive (SG_ENC_PARTIAL: some members readable) counts as unencrypted.
 * The caller calls it only when there is an external recipient.
 * Errors: -1 out of memory.
 */
#include "build-config.h"
#include "sg_alloc.h"
#include "policy_priv.h"

#include <stdlib.h>
#include <string.h>

#include "sg_buf.h"

#define ATTACH_DETAIL_CAP 2048

static int has_located_finding(const sg_scan_result *scan, const sg_attachment *a)
{
    size_t i, ll = a->location ? strlen(a->location) : 0;

    for (i = 0; ll && i < scan->nfindings; i++) {
        const sg_finding *f = &scan->findings[i];
        if (f->confidence < SG_CONF_MEDIUM || !f->location)
            continue;
        if (strncmp(f->location, a->location, ll) == 0 &&
            (f->location[ll] == '\0' || f->location[ll] == '/'))
            return 1;
    }
    return 0;
}

static int concerned(const sg_policy *p, const sg_scan_result *scan, const sg_attachment *a)
{
    if (a->depth != 0 || a->signature || a->calendar || a->inline_image)
        return 0;
    if (a->encrypted != SG_ENC_NO && a->encrypted != SG_ENC_PARTIAL)
        return 0;
    if (p->att_enc == ATT_ENC_ALL)
        return 1;
    return p->att_enc == ATT_ENC_SENSITIVE && (a->nfindings > 0 || has_located_finding(scan, a));
}

int rule_attach(const sg_policy *p, const sg_scan_result *scan, sg_decision *d)
{
    const char **names;
    size_t i, n = 0;
    char *list;
    sg_buf en, ja;
    int rc;

    if (!scan || p->att_enc == ATT_ENC_OFF || scan->natts == 0)
        return 0;
    if (!(names = sg_calloc(scan->natts, sizeof(*names))))
        return -1;
    for (i = 0; i < scan->natts; i++)
        if (concerned(p, scan, &scan->atts[i]))
            names[n++] = scan->atts[i].name;
    if (n == 0) {
        free(names);
        return 0;
    }
    list = hits_names(names, n);
    free(names);
    if (!list)
        return -1;
    sg_buf_init(&en, ATTACH_DETAIL_CAP);
    sg_buf_init(&ja, ATTACH_DETAIL_CAP);
    sg_buf_printf(&en, "%zu attachment%s not encrypted: %s. Send it as an encrypted file and "
                  "the password by another way.", n, n == 1 ? " is" : "s are", list);
    sg_buf_printf(&ja, "暗号化されていない添付ファイルが%zu件あります: %s。暗号化して送り、"
                  "パスワードは別の方法で伝えてください", n, list);
    rc = hits_add(d, "attachment-unencrypted",
                  policy_rule_action(p, "attachment-unencrypted", SG_ACT_HOLD), 1,
                  sg_buf_str(&en), sg_buf_str(&ja));
    sg_buf_free(&en);
    sg_buf_free(&ja);
    free(list);
    return rc;
}
