/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * xml_walk - a streaming XML walker for the document readers (OOXML,
 * OpenDocument): libxml2 xmlReader from memory with XML_PARSE_NONET, no
 * DTD, no entity substitution, quiet errors. Documents larger than
 * SG_MAX_XML_BYTES are refused.
 */
#ifndef SG_XML_WALK_H
#define SG_XML_WALK_H

#include <stddef.h>

#include <libxml/xmlreader.h>

typedef struct xwalk {
    void (*start)(void *arg, xmlTextReaderPtr r, const char *local);
    void (*end)(void *arg, const char *local);
    void (*text)(void *arg, const char *s);
    void *arg;
} xwalk;

/* Walks one document; 0 when well-formed, -1 otherwise (callbacks have
 * seen everything up to the error), -2 out of memory. */
int xml_walk(const unsigned char *xml, size_t len, const xwalk *w);
/* Value of the current element's attribute with this local name (any
 * namespace; want_ns: only a namespaced one); xmlFree() it. */
char *xml_attr_local(xmlTextReaderPtr r, const char *local, int want_ns);

#endif
