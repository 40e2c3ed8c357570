/* sd-pdf-lexer.c: the tokenizer of ISO 32000 7.2
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sd-pdf-lexer.h"

/* Deeply nested literal strings are legal but pathological; bound them. */
#define MAX_STRING_NESTING 1000

void
sd_pdf_lexer_init (SdPdfLexer   *lexer,
                   const guint8 *data,
                   gsize         len,
                   gsize         pos)
{
  lexer->data = data;
  lexer->len = len;
  lexer->pos = MIN (pos, len);
  lexer->scratch = g_byte_array_new ();
}

void
sd_pdf_lexer_clear (SdPdfLexer *lexer)
{
  g_clear_pointer (&lexer->scratch, g_byte_array_unref);
}

void
sd_pdf_lexer_skip_space (SdPdfLexer *lexer)
{
  while (lexer->pos < lexer->len)
    {
      guint8 c = lexer->data[lexer->pos];

      if (sd_pdf_is_space (c))
        lexer->pos++;
      else if (c == '%')
        {
          while (lexer->pos < lexer->len
                 && lexer->data[lexer->pos] != '\n' && lexer->data[lexer->pos] != '\r')
            lexer->pos++;
        }
      else
        break;
    }
}

static int
hex_value (guint8 c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static void
push (SdPdfLexer *lexer,
      guint8      c)
{
  g_byte_array_append (lexer->scratch, &c, 1);
}

static gboolean
lex_literal_string (SdPdfLexer *lexer)
{
  const guint8 *d = lexer->data;
  int depth = 1;

  lexer->pos++; /* ( */
  while (lexer->pos < lexer->len)
    {
      guint8 c = d[lexer->pos++];

      if (c == '(')
        {
          if (++depth > MAX_STRING_NESTING)
            return FALSE;
          push (lexer, c);
        }
      else if (c == ')')
        {
          if (--depth == 0)
            return TRUE;
          push (lexer, c);
        }
      else if (c == '\r')
        {
          /* An end of line inside a string reads as a single LF. */
          if (lexer->pos < lexer->len && d[lexer->pos] == '\n')
            lexer->pos++;
          push (lexer, '\n');
        }
      else if (c == '\\')
        {
          if (lexer->pos >= lexer->len)
            return FALSE;
          c = d[lexer->pos++];
          switch (c)
            {
            case 'n': push (lexer, '\n'); break;
            case 'r': push (lexer, '\r'); break;
            case 't': push (lexer, '\t'); break;
            case 'b': push (lexer, '\b'); break;
            case 'f': push (lexer, '\f'); break;
            case '\r':
              if (lexer->pos < lexer->len && d[lexer->pos] == '\n')
                lexer->pos++;
              break;
            case '\n':
              break;
            default:
              if (c >= '0' && c <= '7')
                {
                  int v = c - '0';

                  for (int i = 0; i < 2 && lexer->pos < lexer->len
                       && d[lexer->pos] >= '0' && d[lexer->pos] <= '7'; i++)
                    v = v * 8 + (d[lexer->pos++] - '0');
                  push (lexer, v & 0xff);
                }
              else
                push (lexer, c);  /* \( \) \\ and unknown escapes */
              break;
            }
        }
      else
        push (lexer, c);
    }
  return FALSE;
}

static gboolean
lex_hex_string (SdPdfLexer *lexer)
{
  int high = -1;

  lexer->pos++; /* < */
  while (lexer->pos < lexer->len)
    {
      guint8 c = lexer->data[lexer->pos++];
      int v;

      if (c == '>')
        {
          if (high >= 0)
            push (lexer, high << 4);
          return TRUE;
        }
      if (sd_pdf_is_space (c))
        continue;
      if ((v = hex_value (c)) < 0)
        return FALSE;
      if (high < 0)
        high = v;
      else
        {
          push (lexer, (high << 4) | v);
          high = -1;
        }
    }
  return FALSE;
}

static void
lex_name (SdPdfLexer *lexer)
{
  const guint8 *d = lexer->data;

  lexer->pos++; /* / */
  while (lexer->pos < lexer->len)
    {
      guint8 c = d[lexer->pos];

      if (sd_pdf_is_space (c) || sd_pdf_is_delimiter (c))
        break;
      if (c == '#' && lexer->pos + 2 < lexer->len
          && hex_value (d[lexer->pos + 1]) >= 0 && hex_value (d[lexer->pos + 2]) >= 0)
        {
          guint8 v = (hex_value (d[lexer->pos + 1]) << 4) | hex_value (d[lexer->pos + 2]);

          /* A NUL would cut the name short; keep it visible instead. */
          push (lexer, v ? v : '#');
          lexer->pos += 3;
          continue;
        }
      push (lexer, c);
      lexer->pos++;
    }
}

static gboolean
lex_number (SdPdfLexer *lexer,
            SdToken    *token)
{
  const guint8 *d = lexer->data;
  gsize p = lexer->pos;
  gboolean negative = FALSE, seen_digit = FALSE, seen_dot = FALSE;
  guint64 int_part = 0;
  gboolean overflow = FALSE;
  double frac = 0, scale = 1;

  while (p < lexer->len && (d[p] == '+' || d[p] == '-'))
    {
      /* Producers write "--5"; read it as a sign, like other readers. */
      if (d[p] == '-')
        negative = !negative;
      p++;
    }
  for (; p < lexer->len; p++)
    {
      guint8 c = d[p];

      if (c >= '0' && c <= '9')
        {
          seen_digit = TRUE;
          if (seen_dot)
            {
              scale /= 10;
              frac += (c - '0') * scale;
            }
          else if (int_part > (G_MAXINT64 - 9) / 10)
            {
              overflow = TRUE;
              int_part = G_MAXINT64;
            }
          else
            int_part = int_part * 10 + (c - '0');
        }
      else if (c == '.' && !seen_dot)
        seen_dot = TRUE;
      else
        break;
    }
  lexer->pos = p;
  if (!seen_digit && !seen_dot)
    return FALSE;
  if (seen_dot || overflow)
    {
      token->type = SD_TOKEN_REAL;
      token->real = ((double) int_part + frac) * (negative ? -1 : 1);
    }
  else
    {
      token->type = SD_TOKEN_INT;
      token->integer = negative ? -(gint64) int_part : (gint64) int_part;
    }
  return TRUE;
}

void
sd_pdf_lexer_next (SdPdfLexer *lexer,
                   SdToken    *token)
{
  const guint8 *d = lexer->data;
  guint8 c;

  memset (token, 0, sizeof *token);
  g_byte_array_set_size (lexer->scratch, 0);
  sd_pdf_lexer_skip_space (lexer);
  token->start = lexer->pos;

  if (lexer->pos >= lexer->len)
    {
      token->type = SD_TOKEN_EOF;
      token->end = lexer->pos;
      return;
    }

  c = d[lexer->pos];
  switch (c)
    {
    case '(':
      token->type = lex_literal_string (lexer) ? SD_TOKEN_STRING : SD_TOKEN_ERROR;
      break;
    case '<':
      if (lexer->pos + 1 < lexer->len && d[lexer->pos + 1] == '<')
        {
          lexer->pos += 2;
          token->type = SD_TOKEN_DICT_BEGIN;
        }
      else
        token->type = lex_hex_string (lexer) ? SD_TOKEN_STRING : SD_TOKEN_ERROR;
      break;
    case '>':
      if (lexer->pos + 1 < lexer->len && d[lexer->pos + 1] == '>')
        {
          lexer->pos += 2;
          token->type = SD_TOKEN_DICT_END;
        }
      else
        {
          lexer->pos++;
          token->type = SD_TOKEN_ERROR;
        }
      break;
    case '[':
      lexer->pos++;
      token->type = SD_TOKEN_ARRAY_BEGIN;
      break;
    case ']':
      lexer->pos++;
      token->type = SD_TOKEN_ARRAY_END;
      break;
    case '/':
      lex_name (lexer);
      token->type = SD_TOKEN_NAME;
      break;
    case ')':
    case '{':
    case '}':
      lexer->pos++;
      token->type = SD_TOKEN_ERROR;
      break;
    default:
      if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')
        {
          if (!lex_number (lexer, token))
            token->type = SD_TOKEN_ERROR;
        }
      else
        {
          while (lexer->pos < lexer->len
                 && !sd_pdf_is_space (d[lexer->pos]) && !sd_pdf_is_delimiter (d[lexer->pos]))
            lexer->pos++;
          token->type = SD_TOKEN_KEYWORD;
        }
      break;
    }
  token->end = lexer->pos;
}

gboolean
sd_pdf_token_is_keyword (SdPdfLexer    *lexer,
                         const SdToken *token,
                         const char    *keyword)
{
  gsize n = strlen (keyword);

  return token->type == SD_TOKEN_KEYWORD
         && token->end - token->start == n
         && memcmp (lexer->data + token->start, keyword, n) == 0;
}
