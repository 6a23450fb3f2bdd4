/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * detect_int - what the detector modules share inside scanner/detect/:
 * the per-unit context (dunit: normalised text, table geometry, signature
 * spans), digit chains (digit groups joined by single separators), the
 * personal-data signals and person records, and the named limits of the
 * detectors. Not part of the scanner's contract (that is detect.h).
 */
#ifndef SG_DETECT_INT_H
#define SG_DETECT_INT_H

#include <stddef.h>

#include "detect.h"
#include "findings.h"
#include "text_norm.h"

/* named limits and windows of the built-in detectors */
#define DETECT_KW_WINDOW_CHARS      300   /* keyword proximity, each side (spec §1, §5.2 C) */
#define DETECT_NEG_WINDOW_CHARS     30    /* negative keyword, before the number */
#define DETECT_PERSON_WINDOW_CHARS  200   /* one person's fields in prose */
#define DETECT_LIST_MIN_ROWS        3     /* rows of a pasted list (no header) that make persons */
#define DETECT_NAME_BEFORE_CHARS    40    /* a named person's sentence: before the name (same line) */
#define DETECT_NAME_AFTER_CHARS     120   /* ... and after it (same line) */
#define DETECT_FIELD_WINDOW_CHARS   100   /* "another personal field nearby" for My Number */
#define DETECT_SEP_RUN_MAX          6     /* bytes of one separator run inside an id number */
#define DETECT_PARA_MAX_CHARS       2000  /* a paragraph/table looked through for a keyword, each side */
#define DETECT_LIST_MAX_LINES       2000  /* lines walked up for a label heading a list (per walk) */
#define DETECT_MAX_COLUMNS          256   /* table columns analysed; more are ignored */
#define DETECT_MAX_HITS_PER_UNIT    100000 /* values kept per detector per unit */
#define DETECT_MAX_SIGNALS          200000 /* personal signals kept per unit */
#define DETECT_MAX_GROUPS           8     /* digit groups remembered per chain */
#define DETECT_MAX_CHAIN_DIGITS     24    /* digits remembered per chain */
#define DETECT_MAX_PASSWORDS        16    /* password candidates kept per message */
#define DETECT_SIG_MAX_LINES        12    /* lines a signature block may span */
#define DETECT_SIG_MAX_LINE_BYTES   160   /* longest line of a signature without rules */
#define DETECT_HDR_CACHE            16    /* keyword lists whose header hits a table caches */
#define DETECT_SIGNAL_MAX_BYTES     512   /* longest personal signal span looked back for */

/* A digit chain: maximal digit groups joined by one separator each
 * ('-', ' ', '.') in the normalised text. */
typedef struct dchain {
    size_t start, end;                  /* [start, end) in the normalised text */
    unsigned ngroups;                   /* all groups (may exceed DETECT_MAX_GROUPS) */
    unsigned glen[DETECT_MAX_GROUPS];
    size_t gpos[DETECT_MAX_GROUPS];
    char sep[DETECT_MAX_GROUPS];        /* sep[i] joins group i and i+1 */
    unsigned ndigits;                   /* all digits */
    char digits[DETECT_MAX_CHAIN_DIGITS + 1]; /* the first digits, NUL-terminated */
    int singles;                        /* every group is one digit (one digit per cell) */
    int float_tail;                     /* ended by ".0" of a number stored as a float */
    int wrapped;                        /* a line break inside (hard wrap, flowed) */
} dchain;

/* Table geometry of a TABLE unit (normalised offsets). */
typedef struct dtable {
    size_t nrows;
    size_t *row_start;                  /* nrows + 1 entries (last = len) */
    unsigned ncols;                     /* min(max cells in a row, DETECT_MAX_COLUMNS) */
    int header;                         /* row 0 is a header row */
    size_t hstart[DETECT_MAX_COLUMNS], hend[DETECT_MAX_COLUMNS]; /* header cells */
    unsigned nonempty[DETECT_MAX_COLUMNS]; /* non-empty data cells per column */
    /* dunit_header_kw() results, per keyword list, found once per table */
    const char *const *hk_list[DETECT_HDR_CACHE];
    const char **hk_res[DETECT_HDR_CACHE];  /* ncols entries each */
} dtable;

/* Personal-data signal kinds (bit values, a record keeps a set). */
enum {
    PK_NAME = 0x01, PK_ADDRESS = 0x02, PK_PHONE = 0x04, PK_EMAIL = 0x08,
    PK_DOB = 0x10, PK_BANK = 0x20
};
/* signal strength flags */
#define PS_LABELLED  0x01u  /* a field label says what it is (氏名：, 電話：, 生年月日 ...) */
#define PS_PERSONAL  0x02u  /* personal-type value (mobile phone, labelled name) */
#define PS_WEAK      0x04u  /* honorific name, role mailbox */
#define PS_NAMEONLY  0x08u  /* precord: a named person with no other identifier (only
                             * sensitive-personal looks at it: a name identifies a person) */

typedef struct psignal {
    unsigned kind;          /* one PK_* */
    unsigned flags;         /* PS_* */
    size_t start, end;      /* normalised offsets */
} psignal;

/* A person: fields of one person found together (a prose cluster or a row). */
typedef struct precord {
    size_t start, end;      /* span (row, or paragraph around the cluster) */
    unsigned kinds;
    unsigned flags;         /* OR of the signals' flags */
    size_t first;           /* offset of the first signal */
    long row;               /* table row, -1 in prose */
} precord;

typedef struct dunit {
    detect_state *st;
    scan_ctx *ctx;
    const sg_text_unit *u;
    text_norm tn;
    const char *s;          /* normalised text */
    size_t len;
    dtable *tab;            /* TABLE units only */
    size_t *sig_start, *sig_end; size_t nsig, asig;  /* signature blocks (bodies) */
    size_t sig_hint;                       /* dunit_in_signature's forward cursor */
    psignal *ps; size_t nps, aps;          /* personal signals, sorted by start */
    precord *pr; size_t npr, apr;          /* persons (filled by personal.c) */
    struct dhit *mn; size_t nmn, amn;      /* My Number candidates */
    struct dhit *cd; size_t ncd, acd;      /* card candidates */
    /* mynumber's list/column label walk, remembered for the next number
     * below (a list of n numbers costs n line checks, not n * lines) */
    size_t ln_line; unsigned ln_col; const char *ln_res; int ln_valid;
    int mkw_state;          /* mynumber keyword anywhere in the unit: 0 not looked, 1 no, 2 yes */
} dunit;

/* A number candidate (My Number or card) before scoring. */
typedef struct dhit {
    size_t start, end;                  /* normalised offsets */
    char value[DETECT_MAX_CHAIN_DIGITS * 2]; /* as written (normalised), for masking */
    char digits[DETECT_MAX_CHAIN_DIGITS + 1];
    unsigned flags;                     /* SG_FF_* */
    int grouped;                        /* written in its usual groups, consistent separators */
    int corporate;                      /* 13-digit 法人番号 */
    int testnum;                        /* a published test/sample value */
    long row; int col;                  /* table cell, -1 in prose */
    int whole_cell;                     /* the cell holds only this number */
    const char *layout;                 /* how it was written, for --explain (static) */
    int lossy;                          /* E notation: digits lost, never checked or invented */
} dhit;
/* appends a hit (copy); -1 when full or out of memory */
int dunit_add_hit(dhit **arr, size_t *n, size_t *a, const dhit *h);

/* password candidate kept across units until detect_finish() */
typedef struct dpass {
    char *location, *part, *evidence, *detail;
    size_t offset;
} dpass;

struct detect_state {
    dpass pw[DETECT_MAX_PASSWORDS];
    unsigned npw;
};

/* --- dunit.c: unit context and shared text helpers ------------------------ */
int dunit_init(dunit *du, detect_state *st, scan_ctx *ctx, const sg_text_unit *u);
void dunit_done(dunit *du);
/* byte offset nchars characters before / after pos */
size_t dunit_back(const char *s, size_t pos, size_t nchars);
size_t dunit_fwd(const char *s, size_t len, size_t pos, size_t nchars);
/* Searches keywords (ASCII ones case-insensitively) lying within before
 * characters before [start,end) or after characters after it. Returns the
 * keyword found (and its offset in *at) or NULL. */
const char *dunit_kw_near(const dunit *du, size_t start, size_t end, size_t before,
                          size_t after, const char *const *kws, size_t *at);
/* First keyword occurring in [from,to) or NULL. */
const char *dunit_kw_in(const char *s, size_t from, size_t to, const char *const *kws,
                        size_t *at);
/* --- kwset.c: one-pass multi-keyword search (what dunit_kw_* use) --------- */
typedef struct kwset kwset;
/* The compiled form of a static keyword list (cached for the process);
 * NULL when out of memory or the list is too long (search plainly then). */
const kwset *kwset_get(const char *const *kws);
/* Bytes of the longest keyword of the set. */
size_t kwset_maxlen(const kwset *ks);
/* First keyword in list order occurring inside [from,to); its first
 * position in *at. */
const char *kwset_in(const kwset *ks, const char *s, size_t from, size_t to, size_t *at);
/* dunit_kw_near on byte bounds: before (if set) a keyword inside [bs,start)
 * ending at or after ws; after (if set) one starting in [end,we] and
 * ending by lim. First in list order; *at its position (before wins). */
const char *kwset_near(const kwset *ks, const char *s, size_t bs, size_t ws, size_t start,
                       size_t end, size_t we, size_t lim, int before, int after, size_t *at);

/* Case-insensitive (ASCII) search. */
const char *dunit_memcasemem(const char *h, size_t hl, const char *n, size_t nl);
/* Reads a digit chain starting at pos (a digit). */
void dunit_chain(const char *s, size_t len, size_t pos, dchain *c);
/* Reads an identifier chain (My Number, card) starting at pos: digit groups
 * joined by the separators people produce - a run of at most
 * DETECT_SEP_RUN_MAX of ' ' '-' '.' '/' tab '(' ')' (after text_norm: no-break
 * and other spaces, every dash, ・), with at most one line break right after
 * a separator (a hard wrap, a format=flowed soft break). sep[i] is the run's
 * class: its first non-space character, ' ' for spaces, '\t' for a tab.
 * A trailing ".0"/".00" after a group of 12 or more digits (a number stored
 * as a float) ends the chain with float_tail set. */
void dunit_idchain(const char *s, size_t len, size_t pos, dchain *c);
/* The chain of groups a..b of c (b < DETECT_MAX_GROUPS); -1 if out of range. */
int dunit_subchain(const char *s, const dchain *c, unsigned a, unsigned b, dchain *out);
/* Groups a..b stand apart from the rest of c: the separators joining them
 * to their neighbours are of another class than theirs ("1. 1234-5678-9012",
 * "2026/12/02 1234 5678 9012"; not the first 12 digits of a 4-4-4-4 card). */
int dunit_window_ok(const dchain *c, unsigned a, unsigned b);
/* Table: row and column of a normalised offset (-1 outside a table). */
long dunit_row_of(const dunit *du, size_t pos, int *col);
/* Header cell of col contains one of kws. */
const char *dunit_header_kw(const dunit *du, int col, const char *const *kws);
/* Start/end of the cell (or the line in non-table units) around pos. */
void dunit_cell_span(const dunit *du, size_t pos, size_t *from, size_t *to);
void dunit_line_span(const dunit *du, size_t pos, size_t *from, size_t *to);
/* Index of the first personal signal starting at or after pos. */
size_t dunit_signal_from(const dunit *du, size_t pos);
/* pos lies in a mail signature block (bodies only). */
int dunit_in_signature(dunit *du, size_t pos);
/* Adds a finding from this unit (value is masked here unless evidence_plain). */
void dunit_emit(dunit *du, const char *rule, sg_confidence conf, const char *value, size_t vlen,
                int evidence_plain, size_t pos, const char *detail, const char *key,
                unsigned persons, unsigned flags);
/* ASCII helpers */
int dunit_isdigit(int c);
int dunit_isalnum(int c);

/* --- per-detector entry points (called by detect.c) -----------------------
 * detect.c walks the normalised text once and hands each detector its
 * anchors (digit chains, '@', trigger characters); *_end() then scores and
 * emits what the unit gave. */
void mynumber_chain(dunit *du, const dchain *c);
void mynumber_end(dunit *du);
void card_chain(dunit *du, const dchain *c);
void card_end(dunit *du);
size_t personal_chain(dunit *du, const dchain *c);   /* returns the end it used */
void personal_at(dunit *du, size_t pos, unsigned cp);
void personal_end(dunit *du);
void sensitive_end(dunit *du);
void label_at(dunit *du, size_t pos, unsigned cp);
void password_at(dunit *du, size_t pos, unsigned cp);
void password_finish(detect_state *st, scan_ctx *ctx);
void password_free(detect_state *st);

/* checksum helpers (exported for the unit tests) */
int mynumber_check_digit(const char *d11);      /* -1 on non-digits */
int mynumber_valid(const char *d12);
int mynumber_corporate_valid(const char *d13);
int card_luhn(const char *digits, size_t n);
const char *card_brand(const char *digits, size_t n);

#endif
