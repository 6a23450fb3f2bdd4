/*
 * t-textnorm - the normaliser: full-width ASCII, every dash variant,
 * U+3000, long-vowel marks only between digits, the ASCII fast path, and the
 * map back to original byte offsets.
 */
#include "t-detect.h"

typedef struct ncase { const char *label, *in, *out; } ncase;

static const ncase cases[] = {
    { "ASCII unchanged", "abc 123-456", "abc 123-456" },
    { "Japanese unchanged", "個人番号です", "個人番号です" },
    { "full-width digits", "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93", "123" },
    { "full-width Latin", "\xEF\xBC\xB4\xEF\xBD\x81", "Ta" },
    { "full-width colon and @", "\xEF\xBC\x9A\xEF\xBC\xA0", ":@" },
    { "U+FF0D", "1\xEF\xBC\x8D" "2", "1-2" },
    { "U+2212 (CP932 minus)", "1\xE2\x88\x92" "2", "1-2" },
    { "U+2010", "1\xE2\x80\x90" "2", "1-2" },
    { "U+2011", "1\xE2\x80\x91" "2", "1-2" },
    { "U+2012", "1\xE2\x80\x92" "2", "1-2" },
    { "U+2013", "1\xE2\x80\x93" "2", "1-2" },
    { "U+2014", "1\xE2\x80\x94" "2", "1-2" },
    { "U+2015", "1\xE2\x80\x95" "2", "1-2" },
    { "U+2043", "1\xE2\x81\x83" "2", "1-2" },
    { "U+207B", "1\xE2\x81\xBB" "2", "1-2" },
    { "U+208B", "1\xE2\x82\x8B" "2", "1-2" },
    { "U+FE63", "1\xEF\xB9\xA3" "2", "1-2" },
    { "U+02D7", "1\xCB\x97" "2", "1-2" },
    { "U+058A", "1\xD6\x8A" "2", "1-2" },
    { "U+2500 box drawing", "\xE2\x94\x80\xE2\x94\x81", "--" },
    { "U+3000 ideographic space", "a\xE3\x80\x80" "b", "a b" },
    { "U+30FC between digits", "1\xE3\x83\xBC" "2", "1-2" },
    { "U+30FC between full-width digits", "\xEF\xBC\x91\xE3\x83\xBC\xEF\xBC\x92", "1-2" },
    { "U+30FC in katakana stays", "\xE3\x83\x87\xE3\x83\xBC\xE3\x82\xBF", "\xE3\x83\x87\xE3\x83\xBC\xE3\x82\xBF" },
    { "U+30FC after a digit, before kana, stays", "1\xE3\x83\xBC\xE3\x82\xBF", "1\xE3\x83\xBC\xE3\x82\xBF" },
    { "U+FF70 between digits", "1\xEF\xBD\xB0" "2", "1-2" },
    { "U+FF70 in kana stays", "\xEF\xBD\xB0" "a", "\xEF\xBD\xB0" "a" },
    { "U+00A0 no-break space", "1\xC2\xA0" "2", "1 2" },
    { "U+2009 thin space", "1\xE2\x80\x89" "2", "1 2" },
    { "U+202F narrow no-break space", "1\xE2\x80\xAF" "2", "1 2" },
    { "U+200B zero-width space deleted", "12\xE2\x80\x8B" "34", "1234" },
    { "U+200D zero-width joiner deleted", "12\xE2\x80\x8D" "34", "1234" },
    { "U+2060 word joiner deleted", "12\xE2\x81\xA0" "34", "1234" },
    { "U+00AD soft hyphen deleted", "12\xC2\xAD" "34", "1234" },
    { "U+FEFF deleted", "\xEF\xBB\xBF" "ab", "ab" },
    { "U+30FB between digits", "1\xE3\x83\xBB" "2", "1-2" },
    { "U+30FB between words stays", "\xE7\xA4\xBE\xE3\x83\xBB\xE9\x83\xA8", "\xE7\xA4\xBE\xE3\x83\xBB\xE9\x83\xA8" },
    { "U+FF65 between digits", "1\xEF\xBD\xA5" "2", "1-2" },
    { "U+00A9 (C2 lead) stays", "\xC2\xA9" "1", "\xC2\xA9" "1" },
    { NULL, NULL, NULL }
};

static void offsets(void)
{
    const char *in = "\xEF\xBC\x91" "a\xE3\x80\x80" "\xE6\x97\xA5" "1\xE2\x88\x92" "2";
    /* norm: "1a 日1-2": 1(0) a(1) ' '(2) 日(3..5) 1(6) -(7) 2(8) */
    static const size_t norm_pos[] = { 0, 1, 2, 3, 6, 7, 8, 9 };
    static const size_t orig_pos[] = { 0, 3, 4, 7, 10, 11, 14, 15 };
    text_norm tn;
    size_t i;

    TAP_OK(text_norm_run(&tn, in, strlen(in)) == 0, "normalise mixed text");
    TAP_IS_STR(tn.s, "1a \xE6\x97\xA5" "1-2", "mixed text normalised");
    for (i = 0; i < sizeof(norm_pos) / sizeof(norm_pos[0]); i++)
        TAP_IS_INT(text_norm_orig(&tn, norm_pos[i]), orig_pos[i], "offset %zu maps to %zu",
                   norm_pos[i], orig_pos[i]);
    TAP_IS_INT(text_norm_orig(&tn, 3), 7, "going back restarts the cursor");
    text_norm_free(&tn);
    text_norm_free(&tn);
    TAP_OK(text_norm_run(&tn, "plain", 5) == 0 && tn.own == NULL && text_norm_orig(&tn, 3) == 3,
           "fast path: no copy, identity map");
    text_norm_free(&tn);
}

/* Reference: the normaliser one character at a time (no fast paths),
 * recording the original offset of every normalised byte. */
static char *ref_norm(const char *in, size_t len, size_t *omap, size_t *olen)
{
    const unsigned char *p = (const unsigned char *)in;
    char *out = malloc(len + 1);
    size_t i = 0, o = 0, w, k;
    int m;

    while (i < len) {
        size_t cw = p[i] < 0xC0 ? 1 : p[i] < 0xE0 ? 2 : p[i] < 0xF0 ? 3 : 4;
        if ((m = text_norm_map(p + i, len - i, &w, o > 0 && out[o - 1] >= '0' && out[o - 1] <= '9'))) {
            if (m == TEXT_NORM_DELETE) {
                i += w;          /* deleted: no normalised byte */
                continue;
            }
            omap[o] = i;
            out[o++] = (char)m;
            i += w;
            continue;
        }
        for (k = 0; k < cw && i < len; k++, i++) {
            omap[o] = i;
            out[o++] = (char)p[i];
        }
    }
    omap[o] = len;
    out[o] = 0;
    *olen = o;
    return out;
}

/* offsets inside a character are not asked for (detectors only map the
 * start of a match) */
#define BOUNDARY(t, i) (((unsigned char)(t)[i] & 0xC0) != 0x80)

/* Random texts of mapped and unmapped characters, several checkpoint
 * strides long: same output as the reference, and every offset (looked
 * up forwards, backwards and at random) maps back like the reference. */
static void differential(void)
{
    static const char *const pieces[] = {
        "1", "a", " ", "\n", "\xEF\xBC\x91", "\xE3\x83\xBC", "\xEF\xBD\xB0", "\xEF\xBC\x8D",
        "\xE3\x81\x82", "\xE6\xBC\xA2", "\xE3\x80\x80", "\xCB\x97", "\xD6\x8A", "\xF0\x9F\x98\x80",
        "\xE2\x94\x81", "\xE2\x80\x99", "abcdefghijkl", "\xE3\x83\x87",
        "\xC2\xA0", "\xE2\x80\x8B", "\xC2\xAD", "\xE3\x83\xBB", "\xE2\x81\xA0", "\xC2\xA9",
    };
    unsigned seed = 12345, round;
    int bad_text = 0, bad_off = 0;

    for (round = 0; round < 40; round++) {
        size_t cap = 6000, len = 0, olen = 0, i;
        char *in = malloc(cap + 16);
        size_t *omap = malloc((cap + 17) * sizeof(size_t));
        char *want;
        text_norm tn;

        while (len < cap) {
            const char *pc;
            seed = seed * 1103515245u + 12345u;
            pc = pieces[(seed >> 16) % (sizeof(pieces) / sizeof(pieces[0]))];
            if (round % 4 == 0 && (seed >> 8) % 3)
                pc = "x";          /* long unmapped stretches too */
            memcpy(in + len, pc, strlen(pc));
            len += strlen(pc);
        }
        in[len] = 0;
        want = ref_norm(in, len, omap, &olen);
        if (text_norm_run(&tn, in, len) < 0 || tn.len != olen || memcmp(tn.s, want, olen) != 0)
            bad_text++;
        else {
            for (i = 0; i <= olen; i += 7)
                bad_off += BOUNDARY(want, i) && text_norm_orig(&tn, i) != omap[i];
            for (i = olen + 1; i-- > 0;)
                bad_off += BOUNDARY(want, i) && text_norm_orig(&tn, i) != omap[i];
            for (i = 0; i < 500; i++) {
                size_t q;
                seed = seed * 1103515245u + 12345u;
                q = (seed >> 4) % (olen + 1);
                bad_off += BOUNDARY(want, q) && text_norm_orig(&tn, q) != omap[q];
            }
        }
        text_norm_free(&tn);
        free(want);
        free(omap);
        free(in);
    }
    TAP_IS_INT(bad_text, 0, "40 random texts normalised like the one-character reference");
    TAP_IS_INT(bad_off, 0, "their offsets (forward, backward, random) map back like the reference");
}

int main(void)
{
    text_norm tn;
    unsigned i;

    for (i = 0; cases[i].label; i++) {
        TAP_OK(text_norm_run(&tn, cases[i].in, strlen(cases[i].in)) == 0, "%s: runs", cases[i].label);
        TAP_IS_STR(tn.s, cases[i].out, "%s", cases[i].label);
        TAP_IS_INT(tn.len, strlen(cases[i].out), "%s: length", cases[i].label);
        text_norm_free(&tn);
    }
    offsets();
    differential();
    return tap_done();
}
