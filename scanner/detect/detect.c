/*
 * detect - the detectors' driver (see detect.h): one walk over a unit's
 * normalised text hands each detector its anchors (digit chains, '@',
 * trigger characters such as 様 or パ), then each detector scores and emits
 * what the unit gave. Detectors by unit kind:
 *   SUBJECT      classification-label, mynumber, credit-card
 *   BODY, TEXT   everything (password-in-body: BODY only)
 *   TABLE        mynumber, credit-card, personal-data, sensitive-personal,
 *                classification-label (a label alone in a cell)
 *   PROPERTIES   classification-label
 *   FILENAME     classification-label
 * The detect_state lives for one scan: it keeps password candidates until
 * detect_finish() knows whether an attachment is encrypted.
 */
#include "detect_int.h"
#include "sg_alloc.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

detect_state *detect_state_new(void)
{
    return sg_calloc(1, sizeof(detect_state));
}

detect_state *detect_state_free(detect_state *st)
{
    if (st) {
        password_free(st);
        free(st);
    }
    return NULL;
}

/* Decodes the 3-byte UTF-8 character at p (0 if it is not one). */
static unsigned cp3(const unsigned char *p, size_t n)
{
    if (n < 3 || (p[0] & 0xF0) != 0xE0)
        return 0;
    return ((unsigned)(p[0] & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
}

static int personal_trigger(unsigned cp)
{
    switch (cp) {
    case 0x69D8: /* 様 */ case 0x6BBF: /* 殿 */ case 0x3055: /* さ */
    case 0x6C0F: /* 氏 */ case 0x540D: /* 名 */ case 0x30D5: /* フ */ case 0x3075: /* ふ */
        return 1;
    default:
        return 0;
    }
}

static int password_trigger(unsigned cp)
{
    return cp == 0x30D1 /* パ */ || cp == 0x89E3 /* 解 */ || cp == 0x6697 /* 暗 */ ||
           cp == ':' || cp == '=';
}

static int label_trigger(unsigned cp)
{
    return cp == 0x79D8 /* 秘 */ || cp == 0x6A5F /* 機 */ || cp == 0x793E /* 社 */;
}

static int label_letter(unsigned char c)
{
    c |= 0x20;
    return c == 'c' || c == 's' || c == 'i' || c == 't';
}

/* Every trigger character above, one bit per BMP code point (8 KiB, built
 * once from the three functions): one lookup per character in the walk. */
static uint64_t trigger_bits[65536 / 64];
static pthread_once_t trigger_once = PTHREAD_ONCE_INIT;

static void trigger_bits_init(void)
{
    unsigned cp;

    for (cp = 0x800; cp < 0x10000; cp++)
        if (personal_trigger(cp) || password_trigger(cp) || label_trigger(cp))
            trigger_bits[cp / 64] |= UINT64_C(1) << (cp % 64);
}

static int any_trigger(unsigned cp)
{
    return (trigger_bits[cp / 64] >> (cp % 64)) & 1;
}

typedef struct walk_opts { int numbers, personal, password, label; } walk_opts;

static void walk(dunit *du, const walk_opts *o)
{
    const unsigned char *s = (const unsigned char *)du->s;
    size_t i = 0, n = du->len, num_next = 0;

    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c >= '0' && c <= '9') {
                dchain ch, id;
                size_t e;
                dunit_chain(du->s, n, i, &ch);
                e = ch.end;
                if (o->numbers && i >= num_next) {
                    /* identifiers with the separators people produce; the
                     * personal signals keep the plain chains (a phone
                     * after "/" is a phone of its own) */
                    dunit_idchain(du->s, n, i, &id);
                    mynumber_chain(du, &id);
                    card_chain(du, &id);
                    num_next = id.end;
                }
                if (o->personal) {
                    size_t pe = personal_chain(du, &ch);
                    if (pe > e)
                        e = pe;
                }
                i = e > i ? e : i + 1;
                continue;
            }
            if (c == '@' && o->personal)
                personal_at(du, i, '@');
            else if ((c == ':' || c == '=') && o->password)
                password_at(du, i, c);
            else if (o->label && label_letter(c) && (i == 0 || !dunit_isalnum((unsigned char)s[i - 1])))
                label_at(du, i, c);
            i++;
            continue;
        }
        if (c >= 0xE0 && c < 0xF0) {
            unsigned cp = cp3(s + i, n - i);
            if (!any_trigger(cp)) {
                i += 3;
                continue;
            }
            if (o->personal && personal_trigger(cp))
                personal_at(du, i, cp);
            if (o->password && password_trigger(cp))
                password_at(du, i, cp);
            if (o->label && label_trigger(cp))
                label_at(du, i, cp);
            i += 3;
            continue;
        }
        i++;
    }
}

void detect_unit(detect_state *st, scan_ctx *ctx, const sg_text_unit *u)
{
    walk_opts o = { 0, 0, 0, 1 };
    dunit du;

    if (!u || !u->text)
        return;
    switch (u->kind) {
    case SG_UNIT_BODY:
        o.password = st != NULL;
        /* fall through */
    case SG_UNIT_TEXT:
    case SG_UNIT_TABLE:
        o.numbers = o.personal = 1;
        break;
    case SG_UNIT_SUBJECT:
        o.numbers = 1;
        break;
    case SG_UNIT_PROPERTIES:
    case SG_UNIT_FILENAME:
        break;
    }
    if (dunit_init(&du, st, ctx, u) < 0)
        return;
    (void)pthread_once(&trigger_once, trigger_bits_init);
    walk(&du, &o);
    if (o.numbers) {
        mynumber_end(&du);
        card_end(&du);
    }
    if (o.personal) {
        personal_end(&du);
        sensitive_end(&du);
    }
    dunit_done(&du);
}

void detect_finish(detect_state *st, scan_ctx *ctx)
{
    if (st && ctx)
        password_finish(st, ctx);
}
