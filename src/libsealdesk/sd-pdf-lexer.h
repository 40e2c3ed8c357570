/* sd-pdf-lexer.h: PDF tokens over a byte buffer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SD_TOKEN_EOF,
  SD_TOKEN_ERROR,
  SD_TOKEN_INT,
  SD_TOKEN_REAL,
  SD_TOKEN_STRING,       /* literal or hex; decoded bytes in the lexer's scratch */
  SD_TOKEN_NAME,         /* decoded, without the slash, in the scratch */
  SD_TOKEN_KEYWORD,      /* true false null obj endobj stream R xref trailer ... */
  SD_TOKEN_ARRAY_BEGIN,
  SD_TOKEN_ARRAY_END,
  SD_TOKEN_DICT_BEGIN,
  SD_TOKEN_DICT_END,
} SdTokenType;

typedef struct
{
  SdTokenType type;
  gsize       start;     /* offset of the token's first byte */
  gsize       end;       /* offset just past it */
  gint64      integer;
  double      real;
} SdToken;

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  GByteArray   *scratch;
} SdPdfLexer;

void     sd_pdf_lexer_init          (SdPdfLexer   *lexer,
                                     const guint8 *data,
                                     gsize         len,
                                     gsize         pos);
void     sd_pdf_lexer_clear         (SdPdfLexer   *lexer);
void     sd_pdf_lexer_next          (SdPdfLexer   *lexer,
                                     SdToken      *token);
void     sd_pdf_lexer_skip_space    (SdPdfLexer   *lexer);
gboolean sd_pdf_token_is_keyword    (SdPdfLexer   *lexer,
                                     const SdToken *token,
                                     const char   *keyword);

static inline gboolean
sd_pdf_is_space (guint8 c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static inline gboolean
sd_pdf_is_delimiter (guint8 c)
{
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']'
         || c == '{' || c == '}' || c == '/' || c == '%';
}

G_END_DECLS
