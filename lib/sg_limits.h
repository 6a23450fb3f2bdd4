/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sg_limits - every named limit in one place. The admin-tunable ones are
 * defaults for config keys (config/config_keys.def refers to these names);
 * the others are hard caps that protect the process from hostile input.
 * Hitting a limit is never silent: the scanner sets a flag and adds an
 * `unscannable` (or `oversize`) finding, and the policy holds the message.
 */
#ifndef SG_LIMITS_H
#define SG_LIMITS_H

/* admin-tunable defaults ([limits] section of sendguard.conf) */
#define SG_DEF_MAX_MESSAGE_SIZE     (50UL * 1024 * 1024)   /* raw message bytes */
#define SG_DEF_MAX_DECODED_BYTES    (200UL * 1024 * 1024)  /* all decoded parts + members */
#define SG_DEF_MAX_PART_BYTES       (50UL * 1024 * 1024)   /* one decoded part / member */
#define SG_DEF_MAX_MIME_DEPTH       20
#define SG_DEF_MAX_MIME_PARTS       1000
#define SG_DEF_MAX_ARCHIVE_DEPTH    4
#define SG_DEF_MAX_ARCHIVE_MEMBERS  1000
#define SG_DEF_MAX_COMPRESSION_RATIO 100
#define SG_DEF_SCAN_TIMEOUT_MS      30000
#define SG_DEF_MAX_TEXT_BYTES       (20UL * 1024 * 1024)   /* UTF-8 text scanned per unit */
#define SG_DEF_SPOOL_MEMORY         (1UL * 1024 * 1024)    /* milter: spool to file above this */

/* hard caps */
#define SG_MAX_LINE                 8192    /* config / rule file line */
#define SG_MAX_FINDING_EVIDENCE     64      /* bytes of masked evidence kept */
#define SG_MAX_FINDINGS_PER_RULE    1000    /* distinct values counted per rule */
#define SG_MAX_RECIPIENTS           1000
#define SG_MAX_HEADER_BYTES         (1UL * 1024 * 1024)
#define SG_MAX_XML_BYTES            (50UL * 1024 * 1024)

#endif
