/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ooxml - text and document properties of Office Open XML files (docx,
 * xlsx, pptx), which are ZIP archives of XML parts, read with libxml2's
 * streaming xmlReader (no DTD loading, no entity substitution, no network).
 *
 * What is read:
 *   docx: word/document.xml, headers, footers, footnotes, endnotes,
 *         comments (w:t, w:delText; w:p ends a line, w:tab is a tab);
 *   pptx: ppt/slides/slideN.xml in slide order, then notes (a:t, a:p);
 *   xlsx: xl/workbook.xml (sheet names) + xl/_rels/workbook.xml.rels
 *         (sheet parts) + xl/sharedStrings.xml; each worksheet becomes one
 *         table: rows '\n', cells '\t', empty cells kept by column letter;
 *   xlsx sheet headers and footers ("SHEET (headers, footers)"), and for
 *   each kind the parts outside the main text, one unit per group:
 *   xlsx comments, text boxes and shapes, charts, pivot caches (their
 *   records hold the source rows), external link caches; pptx masters and
 *   layouts, comments, charts; docx charts and VML watermarks (in
 *   headers); embedded files (word/, xl/, ppt/embeddings/) through io->file;
 *   all:  docProps/core.xml (title, subject, creator, keywords, ...) and
 *         docProps/custom.xml (custom properties such as a classification
 *         label "Classification: 社外秘") as "name: value" lines.
 *
 * The XML parts are fetched through io->read (the caller's bounded,
 * accounted extraction) and the results handed to io->emit, one call per
 * unit; nothing is kept after ooxml_extract() returns.
 * Limits: each unit's text is capped at max_text bytes (OX_TRUNCATED);
 * SG_MAX_OOXML_SHEETS sheets, SG_MAX_OOXML_SLIDES slides,
 * SG_MAX_SHARED_STRINGS shared strings (file_type.h).
 * Errors: OX_CORRUPT when a part is not well-formed XML (what was read
 * before the error is still emitted), OX_NOMEM, OX_STOP when a callback
 * asked to stop (a limit was hit).
 */
#ifndef SG_OOXML_H
#define SG_OOXML_H

#include <stddef.h>

#include "scan_ctx.h"
#include "zip_reader.h"

enum { OX_OK = 0, OX_TRUNCATED = 1, OX_NOMEM = -1, OX_CORRUPT = -2, OX_STOP = -3 };

typedef enum { OOXML_NONE = 0, OOXML_DOCX, OOXML_XLSX, OOXML_PPTX } ooxml_kind;

typedef struct ooxml_io {
    void *arg;
    /* Extracts member idx (bounded); 0 ok, 1 skip this part, -1 stop. */
    int (*read)(void *arg, long idx, unsigned char **out, size_t *outlen);
    /* One unit: sub is the sheet name for SG_UNIT_TABLE, else NULL or the
     * name of the parts ("comments", "pivot caches" ...). 0 ok, -1 stop. */
    int (*emit)(void *arg, sg_unit_kind kind, const char *sub, const char *text, size_t len);
    size_t max_text;
    /* An embedded file (word/embeddings/...): inspected one level deeper.
     * NULL: embedded files make the result OX_TRUNCATED. 0 ok, -1 stop. */
    int (*file)(void *arg, const char *name, const unsigned char *d, size_t len);
    /* Like read, bounded by max_part_bytes instead of the XML cap. */
    int (*read_any)(void *arg, long idx, unsigned char **out, size_t *outlen);
} ooxml_io;

/* Which members of a package the readers used, so that the rest can be
 * read as well: nothing in a package is skipped silently. Readers are
 * handed t->io, which marks each member read through it and forwards to
 * the caller's io. */
typedef struct ooxml_track {
    const ooxml_io *inner;
    ooxml_io io;
    unsigned char *seen;     /* one byte per member */
    long n;
} ooxml_track;

/* OX_OK, or OX_NOMEM. */
int ooxml_track_init(ooxml_track *t, zip_reader *zr, const ooxml_io *io);
void ooxml_track_free(ooxml_track *t);
/* Reads every member that no reader used and that ignored() does not
 * name (formatting parts: styles, themes, relationships ...): XML parts
 * (.xml, .vml, .svg) as text into one unit "other parts", any other file
 * through io->file (inspected one level deeper, like embedded objects).
 * An image member is left only when both its name and its first bytes
 * say image. Returns the worst OX_* code seen. */
int ooxml_rest(zip_reader *zr, ooxml_track *t, int (*ignored)(const char *name));

/* Which OOXML kind a ZIP is, by its main part ([Content_Types].xml plus
 * word/document.xml, xl/workbook.xml or ppt/presentation.xml). */
ooxml_kind ooxml_detect(zip_reader *zr);
/* Extracts text and properties; returns the worst OX_* code seen. */
int ooxml_extract(zip_reader *zr, ooxml_kind kind, const ooxml_io *io);

#endif
