/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * html_text - HTML to text through libxml2; see html_text.h.
 *
 * The document tree is walked iteratively (no recursion on hostile nesting;
 * XML_PARSE_HUGE lifts libxml2's depth limit of 256, its parser and
 * xmlFreeDoc do not recurse per level). Owns nothing past the call: the
 * parsed document is freed before returning.
 */
#define _GNU_SOURCE 1
#include "html_text.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "sg_buf.h"

static int is_skipped(const xmlNode *n)
{
    const char *name = (const char *)n->name;

    return strcasecmp(name, "script") == 0 || strcasecmp(name, "style") == 0;
}

static const char *separator(const xmlNode *n)
{
    static const char *const blocks[] = {
        "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
        "blockquote", "pre", "hr", "ul", "ol", "dt", "dd", "title", "address", "section",
    };
    const char *name = (const char *)n->name;

    if (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0)
        return "\t";
    for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
        if (strcasecmp(name, blocks[i]) == 0)
            return "\n";
    return NULL;
}

static void report_cids(const xmlNode *n, html_cid_cb on_cid, void *arg)
{
    for (const xmlAttr *a = n->properties; a && on_cid; a = a->next) {
        const xmlNode *v = a->children;
        if (!v || !v->content)
            continue;
        if (strcasecmp((const char *)a->name, "src") != 0 &&
            strcasecmp((const char *)a->name, "background") != 0)
            continue;
        if (strncasecmp((const char *)v->content, "cid:", 4) == 0)
            on_cid(arg, (const char *)v->content + 4);
    }
}

/* Appends a text node, whitespace and NBSP as single spaces. Returns an
 * SG_BUF_* code. */
static int put_text(sg_buf *b, const unsigned char *s)
{
    int rc = SG_BUF_OK;

    for (; *s && rc == SG_BUF_OK; s++) {
        if (s[0] == 0xC2 && s[1] == 0xA0) {
            s++;
            rc = sg_buf_putc(b, ' ');
        } else if (*s == '\r' || *s == '\n' || *s == '\t') {
            rc = sg_buf_putc(b, ' ');
        } else {
            rc = sg_buf_putc(b, (char)*s);
        }
    }
    return rc;
}

/* Returns an SG_BUF_* code. */
static int walk(const xmlNode *root, sg_buf *b, html_cid_cb on_cid, void *arg)
{
    const xmlNode *n = root;
    int rc = SG_BUF_OK;

    while (n) {
        int descend = 0;
        const char *sep;

        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content && (rc = put_text(b, n->content)) != SG_BUF_OK)
                return rc;
        } else if (n->type == XML_ELEMENT_NODE && n->name) {
            report_cids(n, on_cid, arg);
            if ((sep = separator(n)) && (rc = sg_buf_puts(b, sep)) != SG_BUF_OK)
                return rc;
            descend = !is_skipped(n);
        }
        if (descend && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) {
            n = n->parent;
            if (n && n->type == XML_ELEMENT_NODE && n->name && (sep = separator(n)) &&
                sep[0] == '\n' && (rc = sg_buf_puts(b, sep)) != SG_BUF_OK)
                return rc;
        }
        if (!n || n == root)
            break;
        n = n->next;
    }
    return rc;
}

/* A "<!--" after which no "-->" follows. */
static int open_comment(const char *h, size_t n)
{
    const char *p = h, *end = h + n, *c;

    while (p < end && (c = memmem(p, (size_t)(end - p), "<!--", 4)) != NULL) {
        const char *e = memmem(c + 4, (size_t)(end - c - 4), "-->", 3);
        if (!e)
            return 1;
        p = e + 3;
    }
    return 0;
}

char *html_text(const char *html, size_t len, size_t cap, size_t *outlen, int *flags,
                html_cid_cb on_cid, void *arg)
{
    htmlParserCtxtPtr ctxt;
    htmlDocPtr doc;
    sg_buf b;
    xmlNode *root;
    int rc = SG_BUF_OK, stopped;

    *flags = 0;
    if (len > INT_MAX) {
        len = INT_MAX;
        *flags |= HTML_TEXT_TRUNCATED;
    }
    if (open_comment(html, len))
        *flags |= HTML_TEXT_OPEN_COMMENT;
    if (!(ctxt = htmlNewParserCtxt()))
        return NULL;
    doc = htmlCtxtReadMemory(ctxt, html, (int)len, NULL, "UTF-8",
                             HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                             HTML_PARSE_NOWARNING | XML_PARSE_HUGE);
    /* libxml2 reports its nesting limit as an internal error and stops */
    stopped = ctxt->errNo == XML_ERR_INTERNAL_ERROR || ctxt->disableSAX;
    htmlFreeParserCtxt(ctxt);
    if (stopped)
        *flags |= HTML_TEXT_STOPPED;
    if (!doc)
        return NULL;
    sg_buf_init(&b, cap);
    root = xmlDocGetRootElement(doc);
    if (root)
        rc = walk(root, &b, on_cid, arg);
    xmlFreeDoc(doc);
    if (rc == SG_BUF_NOMEM) {
        sg_buf_free(&b);
        return NULL;
    }
    {
        int cut = 0;
        char *t = sg_buf_steal_prefix(&b, outlen, &cut);
        if (cut)
            *flags |= HTML_TEXT_TRUNCATED;
        return t;
    }
}

/* One character reference at p ("&...;"), appended; returns bytes used (0: none). */
static size_t entity(const char *p, const char *end, sg_buf *b, int *rc)
{
    static const struct { const char *name; const char *text; } tab[] = {
        { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
        { "&apos;", "'" }, { "&nbsp;", " " },
    };
    const char *q;
    unsigned long cp = 0;
    char u[4];
    size_t n;

    for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
        if ((size_t)(end - p) >= strlen(tab[i].name) &&
            strncasecmp(p, tab[i].name, strlen(tab[i].name)) == 0) {
            *rc = sg_buf_puts(b, tab[i].text);
            return strlen(tab[i].name);
        }
    if (end - p < 4 || p[1] != '#')
        return 0;
    q = p + 2;
    if (*q == 'x' || *q == 'X') {
        for (q++; q < end && isxdigit((unsigned char)*q) && cp <= 0x10FFFF; q++)
            cp = cp * 16 + (unsigned long)(isdigit((unsigned char)*q) ? *q - '0'
                                           : (tolower((unsigned char)*q) - 'a' + 10));
    } else {
        for (; q < end && isdigit((unsigned char)*q) && cp <= 0x10FFFF; q++)
            cp = cp * 10 + (unsigned long)(*q - '0');
    }
    if (q >= end || *q != ';' || q == p + 2)
        return 0;
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) { u[0] = (char)(0xE0 | cp >> 12); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                             u[2] = (char)(0x80 | (cp & 0x3F)); n = 3; }
    else { u[0] = (char)(0xF0 | cp >> 18); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
           u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4; }
    *rc = sg_buf_append(b, u, n);
    return (size_t)(q + 1 - p);
}

char *html_text_strip(const char *html, size_t len, size_t cap, size_t *outlen, int *truncated)
{
    const char *p = html, *end = html + len;
    sg_buf b;
    int rc = SG_BUF_OK;

    *truncated = 0;
    sg_buf_init(&b, cap);
    while (p < end && rc == SG_BUF_OK) {
        size_t k;
        if (*p == '<' && end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            p += 4;                              /* comment text is kept */
            rc = sg_buf_putc(&b, ' ');
        } else if (*p == '-' && end - p >= 3 && memcmp(p, "-->", 3) == 0) {
            p += 3;
        } else if (*p == '<' && p + 1 < end && (isalpha((unsigned char)p[1]) || p[1] == '/' ||
                                                p[1] == '!' || p[1] == '?')) {
            const char *gt = memchr(p, '>', (size_t)(end - p));
            p = gt ? gt + 1 : end;
            rc = sg_buf_putc(&b, ' ');
        } else if (*p == '&' && (k = entity(p, end, &b, &rc)) > 0) {
            p += k;
        } else {
            rc = sg_buf_putc(&b, *p == '\r' ? '\n' : *p);
            p++;
        }
    }
    if (rc == SG_BUF_NOMEM) {
        sg_buf_free(&b);
        return NULL;
    }
    return sg_buf_steal_prefix(&b, outlen, truncated);
}
