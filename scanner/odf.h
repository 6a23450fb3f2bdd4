/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * odf - OpenDocument files (odt, ods, odp, odg; Writer, Calc, Impress):
 * text, comments, notes and footnotes as text units, spreadsheet tables as
 * table units (one per table, same column logic as xlsx), headers/footers
 * and master pages, metadata as properties, embedded sub-documents; see
 * odf.c. Uses the OOXML reader's io (ooxml_io: bounded, accounted member
 * reads and unit emission) and return codes (OX_*).
 */
#ifndef SG_ODF_H
#define SG_ODF_H

#include "ooxml.h"
#include "zip_reader.h"

/* 1 when the zip is an OpenDocument package (content.xml + manifest or mimetype). */
int odf_detect(zip_reader *zr);
/* 1 when META-INF/manifest.xml declares encrypted parts. */
int odf_encrypted(zip_reader *zr, const ooxml_io *io);
/* Reads text, tables and properties; returns the worst OX_* code seen. */
int odf_extract(zip_reader *zr, const ooxml_io *io);

#endif
