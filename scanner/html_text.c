/*
 * html_text - HTML to text through libxml2; see html_text.h.
 *
 * The document tree is walked iteratively (no recursion on hostile nesting;
 * libxml2 itself bounds the parse depth). Owns nothing past the call: the
 * parsed document is freed before returning.
 */
#include "html_text.h"

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

char *html_text(const char *html, size_t len, size_t cap, size_t *outlen, int *truncated,
                html_cid_cb on_cid, void *arg)
{
    htmlDocPtr doc;
    sg_buf b;
    xmlNode *root;
    int rc = SG_BUF_OK;

    *truncated = 0;
    if (len > INT_MAX) {
        len = INT_MAX;
        *truncated = 1;
    }
    doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                         HTML_PARSE_NOWARNING);
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
    return sg_buf_steal_prefix(&b, outlen, truncated);
}
