/*
 * text_norm - maps text to a matching form in one pass: full-width ASCII
 * (U+FF01..U+FF5E) to ASCII, every dash variant of the detection spec
 * (§4.0: U+02D7, U+058A, U+2010..U+2015, U+2043, U+207B, U+208B, U+2212,
 * U+2500, U+2501, U+FE63, U+FF0D) to '-', U+3000, U+00A0 (no-break space),
 * U+2000..U+200A, U+202F and U+205F to ' ', and the long-vowel marks U+30FC /
 * U+FF70 and the middle dots ・ U+30FB / ･ U+FF65 to '-' only between two
 * digits. Zero-width characters people's tools insert (U+200B..U+200D,
 * U+2060 word joiner, U+FEFF, U+00AD soft hyphen) are deleted. Every other
 * mapping is one character to one character, so character distances are
 * the same in both forms but for deleted characters; byte offsets are
 * mapped back with text_norm_orig().
 *
 * Fast path: when the input has nothing to map, s points at the input and
 * nothing is copied. Otherwise s is an owned copy (len <= input length).
 * Owner: the caller; text_norm_free() releases the copy (safe twice).
 * Errors: text_norm_run() returns -1 only when out of memory.
 */
#ifndef SG_TEXT_NORM_H
#define SG_TEXT_NORM_H

#include <stddef.h>

typedef struct text_norm {
    const char *s;        /* normalised text, NUL-terminated */
    size_t len;
    const char *orig;     /* the input (not owned) */
    size_t orig_len;
    char *own;            /* owned copy, NULL on the fast path */
    size_t cur_n, cur_o;  /* offset-map cursor: norm offset -> orig offset */
    size_t *ck, nck;      /* ck[k]: orig offset of norm offset k*TEXT_NORM_CK_STRIDE */
} text_norm;

/* norm bytes between offset-map checkpoints (text_norm_orig walks at most
 * this far from one) */
#define TEXT_NORM_CK_STRIDE 512

int text_norm_run(text_norm *tn, const char *in, size_t len);
/* Byte offset in the original text of normalised byte offset pos. A
 * forward cursor; a jump back (or far ahead) restarts from the nearest
 * checkpoint, so any lookup walks at most TEXT_NORM_CK_STRIDE bytes. */
size_t text_norm_orig(text_norm *tn, size_t pos);
void text_norm_free(text_norm *tn);

/* The ASCII byte a UTF-8 sequence at p (n bytes available) maps to, with its
 * length in *w; 0 if it is not mapped. prev_digit/next_digit decide U+30FC. */
int text_norm_map(const unsigned char *p, size_t n, size_t *w, int prev_digit);
/* text_norm_map's answer for a character that is deleted */
#define TEXT_NORM_DELETE 0x100
/* Width of the deleted character at p (0 if it is not one). */
int text_norm_deleted(const unsigned char *p, size_t n);

#endif
