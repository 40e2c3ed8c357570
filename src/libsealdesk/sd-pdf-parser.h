/* sd-pdf-parser.h: PDF objects from tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-pdf-lexer.h"
#include "sd-pdf-object.h"

G_BEGIN_DECLS

/* Parses one direct object (with "n g R" references) at the lexer position. */
SdPdfObj *sd_pdf_parse_object   (SdPdfLexer  *lexer,
                                 GError     **error);

/* Parses "n g obj <object> endobj".  A stream comes back as SD_PDF_STREAM
 * with v.stream.offset at its first data byte and no data: the caller knows
 * how to resolve an indirect /Length.  @num/@gen receive the header's numbers. */
SdPdfObj *sd_pdf_parse_indirect (SdPdfLexer  *lexer,
                                 guint32     *num,
                                 guint16     *gen,
                                 GError     **error);

G_END_DECLS
