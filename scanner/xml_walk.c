/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * xml_walk - one streaming pass over an XML document with libxml2's
 * xmlReader (no DTD loading, no entity substitution, no network, errors
 * silent), calling start / end / text callbacks; shared by ooxml.c and
 * odf.c. See xml_walk.h.
 */
#include "xml_walk.h"

#include <string.h>

#include "sg_limits.h"


static void xml_quiet(void *arg, xmlErrorPtr err)
{
    (void)arg; (void)err;
}

/* Walks one XML document; 0 when well-formed, -1 otherwise (callbacks have
 * seen everything up to the error), -2 out of memory. */
int xml_walk(const unsigned char *xml, size_t len, const xwalk *w)
{
    xmlTextReaderPtr r;
    int ret;

    if (len > SG_MAX_XML_BYTES || len > (size_t)0x7fffffff)
        return -1;
    r = xmlReaderForMemory((const char *)xml, (int)len, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                           XML_PARSE_COMPACT);
    if (!r)
        return -2;
    xmlTextReaderSetStructuredErrorHandler(r, xml_quiet, NULL);
    while ((ret = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        const char *local = (const char *)xmlTextReaderConstLocalName(r);

        if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(r);
            if (w->start)
                w->start(w->arg, r, local ? local : "");
            if (empty && w->end)
                w->end(w->arg, local ? local : "");
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (w->end)
                w->end(w->arg, local ? local : "");
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            if (v && w->text)
                w->text(w->arg, v);
        }
    }
    xmlFreeTextReader(r);
    return ret == 0 ? 0 : -1;
}

/* Value of the attribute with this local name (any namespace); malloc'd by libxml2. */
char *xml_attr_local(xmlTextReaderPtr r, const char *local, int want_ns)
{
    char *val = NULL;

    if (xmlTextReaderMoveToFirstAttribute(r) != 1)
        return NULL;
    do {
        const char *ln = (const char *)xmlTextReaderConstLocalName(r);
        const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
        if (ln && strcmp(ln, local) == 0 && (!want_ns || ns)) {
            val = (char *)xmlTextReaderValue(r);
            break;
        }
    } while (xmlTextReaderMoveToNextAttribute(r) == 1);
    xmlTextReaderMoveToElement(r);
    return val;
}

