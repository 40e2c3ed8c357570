/* sd-pdf-parser.c: the object syntax of ISO 32000 7.3
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-error.h"
#include "sd-pdf-parser.h"

/* Real files nest a few levels; hostile ones nest until the stack breaks. */
#define MAX_DEPTH 256

static SdPdfObj *parse_value (SdPdfLexer *lexer,
                              SdToken    *token,
                              int         depth,
                              GError    **error);

static gboolean
syntax_error (GError    **error,
              SdPdfLexer *lexer,
              gsize       offset)
{
  g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
               _("The PDF file is damaged: unexpected data at byte %lu."),
               (gulong) offset);
  return FALSE;
}

/* After an integer: "n g R" makes a reference; otherwise rewind. */
static SdPdfObj *
maybe_reference (SdPdfLexer    *lexer,
                 const SdToken *first)
{
  gsize saved = lexer->pos;
  SdToken second, third;

  if (first->integer >= 0 && first->integer <= G_MAXUINT32)
    {
      sd_pdf_lexer_next (lexer, &second);
      if (second.type == SD_TOKEN_INT && second.integer >= 0 && second.integer <= G_MAXUINT16)
        {
          sd_pdf_lexer_next (lexer, &third);
          if (sd_pdf_token_is_keyword (lexer, &third, "R"))
            return sd_pdf_ref_new ((guint32) first->integer, (guint16) second.integer);
        }
    }
  lexer->pos = saved;
  return sd_pdf_int_new (first->integer);
}

static SdPdfObj *
parse_array (SdPdfLexer *lexer,
             int         depth,
             GError    **error)
{
  g_autoptr(SdPdfObj) array = sd_pdf_array_new ();
  SdToken token;

  for (;;)
    {
      SdPdfObj *item;

      sd_pdf_lexer_next (lexer, &token);
      if (token.type == SD_TOKEN_ARRAY_END)
        return g_steal_pointer (&array);
      if (token.type == SD_TOKEN_EOF)
        {
          syntax_error (error, lexer, token.start);
          return NULL;
        }
      if (!(item = parse_value (lexer, &token, depth + 1, error)))
        return NULL;
      sd_pdf_array_append (array, item);
    }
}

static SdPdfObj *
parse_dict (SdPdfLexer *lexer,
            int         depth,
            GError    **error)
{
  g_autoptr(SdPdfObj) dict = sd_pdf_dict_new ();
  SdToken token;

  for (;;)
    {
      g_autofree char *key = NULL;
      SdPdfObj *value;

      sd_pdf_lexer_next (lexer, &token);
      if (token.type == SD_TOKEN_DICT_END)
        return g_steal_pointer (&dict);
      if (token.type != SD_TOKEN_NAME)
        {
          syntax_error (error, lexer, token.start);
          return NULL;
        }
      key = g_strndup (lexer->scratch->len ? (const char *) lexer->scratch->data : "",
                       lexer->scratch->len);

      sd_pdf_lexer_next (lexer, &token);
      if (token.type == SD_TOKEN_DICT_END)
        {
          /* A key without a value: tolerated as null, as other readers do. */
          return g_steal_pointer (&dict);
        }
      if (!(value = parse_value (lexer, &token, depth + 1, error)))
        return NULL;
      sd_pdf_dict_set (dict, key, value);
    }
}

static SdPdfObj *
parse_value (SdPdfLexer *lexer,
             SdToken    *token,
             int         depth,
             GError    **error)
{
  if (depth > MAX_DEPTH)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                   _("The PDF file is damaged: objects are nested too deeply at byte %lu."),
                   (gulong) token->start);
      return NULL;
    }

  switch (token->type)
    {
    case SD_TOKEN_INT:
      return maybe_reference (lexer, token);
    case SD_TOKEN_REAL:
      return sd_pdf_real_new (token->real);
    case SD_TOKEN_STRING:
      return sd_pdf_string_new (lexer->scratch->data, lexer->scratch->len);
    case SD_TOKEN_NAME:
      {
        g_autofree char *name = g_strndup (lexer->scratch->len ? (const char *) lexer->scratch->data : "",
                                           lexer->scratch->len);
        return sd_pdf_name_new (name);
      }
    case SD_TOKEN_ARRAY_BEGIN:
      return parse_array (lexer, depth, error);
    case SD_TOKEN_DICT_BEGIN:
      return parse_dict (lexer, depth, error);
    case SD_TOKEN_KEYWORD:
      if (sd_pdf_token_is_keyword (lexer, token, "true"))
        return sd_pdf_bool_new (TRUE);
      if (sd_pdf_token_is_keyword (lexer, token, "false"))
        return sd_pdf_bool_new (FALSE);
      if (sd_pdf_token_is_keyword (lexer, token, "null"))
        return sd_pdf_null_new ();
      break;
    case SD_TOKEN_EOF:
    case SD_TOKEN_ERROR:
    case SD_TOKEN_ARRAY_END:
    case SD_TOKEN_DICT_END:
    default:
      break;
    }
  syntax_error (error, lexer, token->start);
  return NULL;
}

SdPdfObj *
sd_pdf_parse_object (SdPdfLexer *lexer,
                     GError    **error)
{
  SdToken token;

  sd_pdf_lexer_next (lexer, &token);
  return parse_value (lexer, &token, 0, error);
}

SdPdfObj *
sd_pdf_parse_indirect (SdPdfLexer *lexer,
                       guint32    *num,
                       guint16    *gen,
                       GError    **error)
{
  SdToken t1, t2, t3, token;
  g_autoptr(SdPdfObj) obj = NULL;

  sd_pdf_lexer_next (lexer, &t1);
  sd_pdf_lexer_next (lexer, &t2);
  sd_pdf_lexer_next (lexer, &t3);
  if (t1.type != SD_TOKEN_INT || t2.type != SD_TOKEN_INT
      || t1.integer < 0 || t1.integer > G_MAXUINT32
      || t2.integer < 0 || t2.integer > G_MAXUINT16
      || !sd_pdf_token_is_keyword (lexer, &t3, "obj"))
    {
      syntax_error (error, lexer, t1.start);
      return NULL;
    }
  *num = (guint32) t1.integer;
  *gen = (guint16) t2.integer;

  sd_pdf_lexer_next (lexer, &token);
  if (sd_pdf_token_is_keyword (lexer, &token, "endobj"))
    return sd_pdf_null_new ();  /* an empty object is null */
  if (!(obj = parse_value (lexer, &token, 0, error)))
    return NULL;

  if (obj->type == SD_PDF_DICT)
    {
      gsize saved = lexer->pos;

      sd_pdf_lexer_next (lexer, &token);
      if (sd_pdf_token_is_keyword (lexer, &token, "stream"))
        {
          SdPdfObj *stream = sd_pdf_stream_new (obj, NULL);
          gsize p = token.end;

          /* "stream" is followed by CRLF or LF; a lone CR is tolerated. */
          if (p < lexer->len && lexer->data[p] == '\r')
            p++;
          if (p < lexer->len && lexer->data[p] == '\n')
            p++;
          stream->v.stream.offset = p;
          lexer->pos = p;
          return stream;
        }
      lexer->pos = saved;
    }
  /* "endobj" is expected but often missing in damaged files: not an error. */
  return g_steal_pointer (&obj);
}
