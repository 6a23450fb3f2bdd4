/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pdf_lex - the PDF token reader and string operands (literal strings
 * with escapes, hex strings); see pdf_content.h. Works on borrowed bytes,
 * never recurses (nesting in pdf_lex_skip is counted).
 */
#include "pdf_content.h"

#include <string.h>

/* ---- tokens ------------------------------------------------------------- */

static int is_ws(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int is_delim(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' ||
           c == '{' || c == '}' || c == '/' || c == '%';
}

void pdf_lex_init(pdf_lex *lx, const unsigned char *p, size_t n)
{
    lx->p = p;
    lx->end = p + n;
}

static const unsigned char *regular_end(const unsigned char *q, const unsigned char *end)
{
    while (q < end && !is_ws(*q) && !is_delim(*q))
        q++;
    return q;
}

static const unsigned char *literal_end(const unsigned char *q, const unsigned char *end)
{
    int depth = 1;

    for (; q < end; q++) {
        if (*q == '\\') {
            if (++q >= end)
                break;
        } else if (*q == '(') {
            depth++;
        } else if (*q == ')' && --depth == 0) {
            break;
        }
    }
    return q < end ? q : end;
}

static pdf_tk tok(pdf_lex *lx, pdf_tok *t, pdf_tk k, const unsigned char *p, size_t n,
                  const unsigned char *next)
{
    t->k = k;
    t->p = p;
    t->n = n;
    lx->p = next;
    return k;
}

pdf_tk pdf_lex_next(pdf_lex *lx, pdf_tok *t)
{
    const unsigned char *p = lx->p, *end = lx->end, *q;

    for (;;) {
        while (p < end && is_ws(*p))
            p++;
        if (p < end && *p == '%') {
            while (p < end && *p != '\r' && *p != '\n')
                p++;
            continue;
        }
        break;
    }
    if (p >= end)
        return tok(lx, t, PT_EOF, end, 0, end);
    switch (*p) {
    case '(':
        q = literal_end(p + 1, end);
        return tok(lx, t, PT_STR, p + 1, (size_t)(q - p - 1), q < end ? q + 1 : end);
    case '<':
        if (p + 1 < end && p[1] == '<')
            return tok(lx, t, PT_DOPEN, p, 2, p + 2);
        q = memchr(p + 1, '>', (size_t)(end - p - 1));
        q = q ? q : end;
        return tok(lx, t, PT_HEX, p + 1, (size_t)(q - p - 1), q < end ? q + 1 : end);
    case '>':
        if (p + 1 < end && p[1] == '>')
            return tok(lx, t, PT_DCLOSE, p, 2, p + 2);
        return tok(lx, t, PT_KW, p, 1, p + 1);
    case '[':
        return tok(lx, t, PT_AOPEN, p, 1, p + 1);
    case ']':
        return tok(lx, t, PT_ACLOSE, p, 1, p + 1);
    case '/':
        q = regular_end(p + 1, end);
        return tok(lx, t, PT_NAME, p + 1, (size_t)(q - p - 1), q);
    case '{': case '}': case ')':
        return tok(lx, t, PT_KW, p, 1, p + 1);
    default:
        q = regular_end(p, end);
        return tok(lx, t, (*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == '.'
                   ? PT_NUM : PT_KW, p, (size_t)(q - p), q);
    }
}

const unsigned char *pdf_lex_skip(pdf_lex *lx, const pdf_tok *t)
{
    pdf_tok x;
    size_t depth = 1;

    if (t->k != PT_DOPEN && t->k != PT_AOPEN)
        return lx->p;
    while (depth > 0) {
        switch (pdf_lex_next(lx, &x)) {
        case PT_EOF:
            return lx->p;
        case PT_DOPEN: case PT_AOPEN:
            depth++;
            break;
        case PT_DCLOSE: case PT_ACLOSE:
            depth--;
            break;
        default:
            break;
        }
    }
    return lx->p;
}

int pdf_tok_is(const pdf_tok *t, pdf_tk k, const char *s)
{
    size_t n = strlen(s);

    return t->k == k && t->n == n && memcmp(t->p, s, n) == 0;
}

static int hexv(unsigned char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static size_t hex_bytes(const unsigned char *p, size_t n, unsigned char *out)
{
    size_t o = 0, i;
    int hi = -1, v;

    for (i = 0; i < n; i++) {
        if ((v = hexv(p[i])) < 0)
            continue;
        if (hi < 0) {
            hi = v;
        } else {
            out[o++] = (unsigned char)(hi * 16 + v);
            hi = -1;
        }
    }
    if (hi >= 0)
        out[o++] = (unsigned char)(hi * 16);
    return o;
}

static size_t escape(const unsigned char *p, size_t n, size_t *i, unsigned char *out)
{
    static const char from[] = "nrtbf", to[] = "\n\r\t\b\f";
    unsigned char c = p[*i];
    const char *k = strchr(from, c);
    unsigned v = 0, d = 0;

    if (c == '\r' || c == '\n') {          /* line continuation */
        if (c == '\r' && *i + 1 < n && p[*i + 1] == '\n')
            (*i)++;
        return 0;
    }
    if (c >= '0' && c <= '7') {
        while (d < 3 && *i < n && p[*i] >= '0' && p[*i] <= '7') {
            v = v * 8 + (unsigned)(p[*i] - '0');
            (*i)++;
            d++;
        }
        (*i)--;
        *out = (unsigned char)v;
        return 1;
    }
    *out = k && c ? (unsigned char)to[k - from] : c;
    return 1;
}

size_t pdf_str_bytes(const pdf_tok *t, unsigned char *out)
{
    size_t o = 0, i;

    if (t->k == PT_HEX)
        return hex_bytes(t->p, t->n, out);
    for (i = 0; i < t->n; i++) {
        if (t->p[i] == '\\' && i + 1 < t->n) {
            i++;
            o += escape(t->p, t->n, &i, out + o);
        } else {
            out[o++] = t->p[i];
        }
    }
    return o;
}

