/* sd-pdf-revisions.c
 *
 * Each revision is read as its own document over the first bytes of the
 * file, so that what was signed can be compared with what came after it
 * object by object.  The boundaries are checked rather than trusted: an
 * update that a reader would not follow the same way through its
 * cross-reference chain is not a revision but unexplained bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sd-pdf-parser.h"
#include "sd-pdf-revisions.h"

static void
revision_free (SdPdfRevision *rev)
{
  g_clear_object (&rev->doc);
  g_clear_pointer (&rev->stray, g_array_unref);
  g_free (rev);
}

static gboolean
is_eol (guint8 c)
{
  return c == '\r' || c == '\n';
}

/* Is there an "n g obj" header starting at @p?  Sets the numbers. */
static gboolean
object_header_at (const guint8 *data,
                  gsize         len,
                  gsize         p,
                  guint32      *num,
                  gsize        *after)
{
  SdPdfLexer lexer;
  SdToken t1, t2, t3;
  gboolean ok;

  if (p > 0 && !sd_pdf_is_space (data[p - 1]) && !sd_pdf_is_delimiter (data[p - 1]))
    return FALSE;
  sd_pdf_lexer_init (&lexer, data, len, p);
  sd_pdf_lexer_next (&lexer, &t1);
  sd_pdf_lexer_next (&lexer, &t2);
  sd_pdf_lexer_next (&lexer, &t3);
  ok = t1.start == p && t1.type == SD_TOKEN_INT && t2.type == SD_TOKEN_INT
       && t1.integer > 0 && t1.integer <= G_MAXUINT32 && t2.integer >= 0
       && sd_pdf_token_is_keyword (&lexer, &t3, "obj");
  if (ok)
    {
      *num = t1.integer;
      *after = t3.end;
    }
  sd_pdf_lexer_clear (&lexer);
  return ok;
}

/* Objects written in [start, end) that @doc's cross-reference data does not
 * point to: a reader that rebuilds the table would see them, one that
 * follows it would not, so nobody can say what the document shows. */
static GArray *
find_stray_objects (SdPdfDocument *doc,
                    const guint8  *data,
                    gsize          start,
                    gsize          end)
{
  GArray *stray = g_array_new (FALSE, FALSE, sizeof (guint32));
  SdPdfXref *xref = sd_pdf_document_get_xref (doc);
  gsize p = start;

  while (p < end)
    {
      const guint8 *hit = memmem (data + p, end - p, "obj", 3);
      gsize kw, head, after;
      guint32 num;

      if (hit == NULL)
        break;
      kw = hit - data;
      p = kw + 3;
      /* Back over "n g " to where the header would start. */
      head = kw;
      while (head > start && sd_pdf_is_space (data[head - 1]))
        head--;
      while (head > start && g_ascii_isdigit (data[head - 1]))
        head--;
      while (head > start && sd_pdf_is_space (data[head - 1]))
        head--;
      while (head > start && g_ascii_isdigit (data[head - 1]))
        head--;
      if (!object_header_at (data, end, head, &num, &after) || after != kw + 3)
        continue;

      {
        const SdXrefEntry *e = sd_pdf_xref_lookup (xref, num);
        g_autoptr(SdPdfObj) obj = NULL;

        if (e == NULL || e->type != SD_XREF_IN_USE || e->offset != head)
          {
            SdPdfLexer lexer;
            guint32 n2;
            guint16 g2;

            /* A cross-reference stream need not list itself. */
            sd_pdf_lexer_init (&lexer, data, end, head);
            obj = sd_pdf_parse_indirect (&lexer, &n2, &g2, NULL);
            sd_pdf_lexer_clear (&lexer);
            if (obj == NULL || !sd_pdf_obj_is_name (sd_pdf_dict_get (obj, "Type"), "XRef"))
              g_array_append_val (stray, num);
          }
        else
          obj = sd_pdf_document_get_object (doc, num, NULL);

        /* Stream data may hold anything, "obj" too: skip it. */
        if (obj != NULL && obj->type == SD_PDF_STREAM && obj->v.stream.offset > 0)
          {
            gsize from = MIN (end, obj->v.stream.offset);
            const guint8 *es = memmem (data + from, end - from, "endstream", 9);

            if (es != NULL)
              p = es - data;
          }
      }
    }
  return stray;
}

/* The document as it was at @end, when that is a well-formed revision end. */
static SdPdfDocument *
open_revision (SdPdfDocument *document,
               const guint8  *data,
               guint64        end,
               guint64        previous_end,
               gboolean       first)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, end);
  const char *name = sd_pdf_document_get_path (document);
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_new_from_bytes (bytes, name, NULL);
  SdPdfXref *xref;

  if (doc == NULL || sd_pdf_document_was_repaired (doc))
    return NULL;
  xref = sd_pdf_document_get_xref (doc);
  /* A later revision brings its own cross-reference section. */
  if (!first && xref->startxref < previous_end)
    return NULL;
  return g_steal_pointer (&doc);
}

SdPdfRevisions *
sd_pdf_revisions_new (SdPdfDocument *document)
{
  SdPdfRevisions *self = g_new0 (SdPdfRevisions, 1);
  g_autoptr(GArray) ends = sd_pdf_document_get_revisions (document);
  const guint8 *data;
  gsize len;
  guint64 previous = 0;

  self->document = g_object_ref (document);
  self->revisions = g_ptr_array_new_with_free_func ((GDestroyNotify) revision_free);
  data = sd_pdf_document_get_data (document, &len);

  for (guint i = 0; i < ends->len; i++)
    {
      guint64 end = g_array_index (ends, guint64, i);
      guint64 eof_end = end;
      SdPdfDocument *doc;
      SdPdfRevision *rev;

      while (eof_end > 0 && is_eol (data[eof_end - 1]))
        eof_end--;
      doc = open_revision (document, data, end, previous, self->revisions->len == 0);
      if (doc == NULL)
        continue;
      rev = g_new0 (SdPdfRevision, 1);
      rev->start = previous;
      rev->end = end;
      rev->eof_end = eof_end;
      rev->doc = doc;
      rev->stray = self->revisions->len == 0 ? g_array_new (FALSE, FALSE, sizeof (guint32))
                   : find_stray_objects (doc, data, previous, end);
      g_ptr_array_add (self->revisions, rev);
      previous = end;
    }

  /* Trailing white space is no content. */
  self->tail = len;
  for (gsize p = previous; p < len; p++)
    if (!sd_pdf_is_space (data[p]))
      {
        self->tail = previous;
        break;
      }
  return self;
}

void
sd_pdf_revisions_free (SdPdfRevisions *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->revisions);
  g_object_unref (self->document);
  g_free (self);
}

int
sd_pdf_revisions_find_end (SdPdfRevisions *self,
                           guint64         end)
{
  for (guint i = 0; i < self->revisions->len; i++)
    {
      SdPdfRevision *rev = self->revisions->pdata[i];

      if (end >= rev->eof_end && end <= rev->end)
        return i;
    }
  return -1;
}
