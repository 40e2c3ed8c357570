/* sd-pdf-xref.c: reading cross-reference tables and streams (ISO 32000 7.5.4,
 * 7.5.8), hybrid files (7.5.8.4), and rebuilding a lost table the way poppler
 * and mupdf do: by scanning the file for object headers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-error.h"
#include "sd-pdf-filter.h"
#include "sd-pdf-parser.h"
#include "sd-pdf-xref.h"

/* More objects than any real document has; bounds memory on hostile input. */
#define MAX_OBJECTS (8 * 1024 * 1024)
#define MAX_SECTIONS 10000
#define MAX_XREF_STREAM_SIZE (256 * 1024 * 1024)

void
sd_pdf_xref_init (SdPdfXref *xref)
{
  memset (xref, 0, sizeof *xref);
  xref->entries = g_array_new (FALSE, TRUE, sizeof (SdXrefEntry));
}

void
sd_pdf_xref_clear (SdPdfXref *xref)
{
  g_clear_pointer (&xref->entries, g_array_unref);
  g_clear_pointer (&xref->trailer, sd_pdf_obj_unref);
}

const SdXrefEntry *
sd_pdf_xref_lookup (SdPdfXref *xref,
                    guint32    num)
{
  if (num >= xref->entries->len)
    return NULL;
  return &g_array_index (xref->entries, SdXrefEntry, num);
}

guint32
sd_pdf_xref_get_size (SdPdfXref *xref)
{
  return xref->entries->len;
}

static gboolean
damaged (GError    **error,
         const char *what)
{
  g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
               _("The PDF file is damaged: %s."), what);
  return FALSE;
}

/* Newer sections are read first, so an entry already set is never replaced. */
static void
set_entry (SdPdfXref         *xref,
           guint32            num,
           const SdXrefEntry *entry)
{
  SdXrefEntry *slot;

  if (num >= MAX_OBJECTS)
    return;
  if (num >= xref->entries->len)
    g_array_set_size (xref->entries, num + 1);
  slot = &g_array_index (xref->entries, SdXrefEntry, num);
  if (slot->type == SD_XREF_UNSET)
    *slot = *entry;
}

gboolean
sd_pdf_stream_extent (const guint8 *data,
                      gsize         len,
                      gsize         offset,
                      gint64        length,
                      gsize        *out_length)
{
  const guint8 *end;

  if (offset > len)
    return FALSE;
  if (length >= 0 && (guint64) length <= len - offset)
    {
      gsize p = offset + length;

      while (p < len && sd_pdf_is_space (data[p]))
        p++;
      if (len - p >= 9 && memcmp (data + p, "endstream", 9) == 0)
        {
          *out_length = length;
          return TRUE;
        }
    }
  /* The declared length is wrong: the data ends before "endstream". */
  end = memmem (data + offset, len - offset, "endstream", 9);
  if (end == NULL)
    return FALSE;
  *out_length = end - (data + offset);
  if (*out_length > 0 && data[offset + *out_length - 1] == '\n')
    (*out_length)--;
  if (*out_length > 0 && data[offset + *out_length - 1] == '\r')
    (*out_length)--;
  return TRUE;
}

static gboolean
find_startxref (const guint8 *data,
                gsize         len,
                guint64      *offset)
{
  gsize window = MIN (len, 4096);
  const guint8 *tail = data + len - window;
  SdPdfLexer lexer;
  SdToken token;
  gboolean ok = FALSE;

  /* The last "startxref" in the file's tail; trailing garbage is tolerated. */
  for (gssize i = window - 9; i >= 0; i--)
    {
      if (memcmp (tail + i, "startxref", 9) != 0)
        continue;
      sd_pdf_lexer_init (&lexer, data, len, (len - window) + i + 9);
      sd_pdf_lexer_next (&lexer, &token);
      if (token.type == SD_TOKEN_INT && token.integer >= 0)
        {
          *offset = token.integer;
          ok = TRUE;
        }
      sd_pdf_lexer_clear (&lexer);
      break;
    }
  return ok;
}

static gboolean
read_table (SdPdfXref    *xref,
            SdPdfLexer   *lexer,
            SdPdfObj    **trailer,
            GError      **error)
{
  SdToken token;

  sd_pdf_lexer_next (lexer, &token); /* xref */
  for (;;)
    {
      gint64 first, count;

      sd_pdf_lexer_next (lexer, &token);
      if (sd_pdf_token_is_keyword (lexer, &token, "trailer"))
        break;
      if (token.type != SD_TOKEN_INT || token.integer < 0)
        return damaged (error, _("a cross-reference table is malformed"));
      first = token.integer;
      sd_pdf_lexer_next (lexer, &token);
      if (token.type != SD_TOKEN_INT || token.integer < 0 || token.integer > MAX_OBJECTS)
        return damaged (error, _("a cross-reference table is malformed"));
      count = token.integer;

      for (gint64 i = 0; i < count; i++)
        {
          SdToken t_off, t_gen, t_kind;
          SdXrefEntry entry = { 0 };

          sd_pdf_lexer_next (lexer, &t_off);
          sd_pdf_lexer_next (lexer, &t_gen);
          sd_pdf_lexer_next (lexer, &t_kind);
          if (t_off.type != SD_TOKEN_INT || t_gen.type != SD_TOKEN_INT || t_off.integer < 0)
            return damaged (error, _("a cross-reference entry is malformed"));
          if (sd_pdf_token_is_keyword (lexer, &t_kind, "n"))
            entry.type = SD_XREF_IN_USE;
          else if (sd_pdf_token_is_keyword (lexer, &t_kind, "f"))
            entry.type = SD_XREF_FREE;
          else
            return damaged (error, _("a cross-reference entry is malformed"));
          entry.offset = t_off.integer;
          entry.gen = CLAMP (t_gen.integer, 0, G_MAXUINT16);
          /* Tables that start at 1 instead of 0 are a known producer bug. */
          if (first == 1 && i == 0 && entry.type == SD_XREF_FREE && entry.gen == 65535)
            first = 0;
          if (first + i < MAX_OBJECTS)
            set_entry (xref, first + i, &entry);
        }
    }

  *trailer = sd_pdf_parse_object (lexer, error);
  if (*trailer == NULL)
    return FALSE;
  if ((*trailer)->type != SD_PDF_DICT)
    {
      g_clear_pointer (trailer, sd_pdf_obj_unref);
      return damaged (error, _("the trailer is not a dictionary"));
    }
  return TRUE;
}

static guint64
read_field (const guint8 *p,
            gint64        width)
{
  guint64 v = 0;

  for (gint64 i = 0; i < width; i++)
    v = (v << 8) | p[i];
  return v;
}

static gboolean
read_stream (SdPdfXref    *xref,
             const guint8 *data,
             gsize         len,
             guint64       offset,
             SdPdfObj    **trailer,
             GError      **error)
{
  SdPdfLexer lexer;
  g_autoptr(SdPdfObj) obj = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GBytes) decoded = NULL;
  SdPdfObj *dict, *w, *index;
  gint64 widths[3], size = 0, length = -1;
  gsize data_len, row, n_rows;
  const guint8 *rows;
  guint32 num;
  guint16 gen;

  sd_pdf_lexer_init (&lexer, data, len, offset);
  obj = sd_pdf_parse_indirect (&lexer, &num, &gen, error);
  sd_pdf_lexer_clear (&lexer);
  if (obj == NULL)
    return FALSE;
  if (obj->type != SD_PDF_STREAM || !sd_pdf_obj_is_name (sd_pdf_dict_get (obj, "Type"), "XRef"))
    return damaged (error, _("the cross-reference stream is missing"));

  dict = obj->v.stream.dict;
  sd_pdf_obj_get_int (sd_pdf_dict_get (dict, "Length"), &length);
  if (!sd_pdf_stream_extent (data, len, obj->v.stream.offset, length, &data_len))
    return damaged (error, _("the cross-reference stream is truncated"));
  raw = g_bytes_new_static (data + obj->v.stream.offset, data_len);
  decoded = sd_pdf_filter_decode (dict, raw, MAX_XREF_STREAM_SIZE, error);
  if (decoded == NULL)
    return FALSE;

  w = sd_pdf_dict_get (dict, "W");
  if (sd_pdf_array_len (w) != 3)
    return damaged (error, _("the cross-reference stream has no valid /W"));
  for (int i = 0; i < 3; i++)
    if (!sd_pdf_obj_get_int (sd_pdf_array_get (w, i), &widths[i]) || widths[i] < 0 || widths[i] > 8)
      return damaged (error, _("the cross-reference stream has no valid /W"));
  if (widths[0] + widths[1] + widths[2] == 0)
    return damaged (error, _("the cross-reference stream has no valid /W"));
  sd_pdf_obj_get_int (sd_pdf_dict_get (dict, "Size"), &size);

  rows = g_bytes_get_data (decoded, NULL);
  n_rows = g_bytes_get_size (decoded) / (widths[0] + widths[1] + widths[2]);
  index = sd_pdf_dict_get (dict, "Index");
  row = 0;
  for (guint s = 0; s < (index ? sd_pdf_array_len (index) / 2 : 1); s++)
    {
      gint64 first = 0, count = size;

      if (index != NULL
          && (!sd_pdf_obj_get_int (sd_pdf_array_get (index, 2 * s), &first)
              || !sd_pdf_obj_get_int (sd_pdf_array_get (index, 2 * s + 1), &count)
              || first < 0 || count < 0))
        return damaged (error, _("the cross-reference stream has an invalid /Index"));

      for (gint64 i = 0; i < count && row < n_rows; i++, row++)
        {
          const guint8 *r = rows + row * (widths[0] + widths[1] + widths[2]);
          guint64 type = widths[0] ? read_field (r, widths[0]) : 1;
          guint64 f2 = read_field (r + widths[0], widths[1]);
          guint64 f3 = read_field (r + widths[0] + widths[1], widths[2]);
          SdXrefEntry entry = { 0 };

          if (type == 0)
            {
              entry.type = SD_XREF_FREE;
              entry.gen = MIN (f3, G_MAXUINT16);
            }
          else if (type == 1)
            {
              entry.type = SD_XREF_IN_USE;
              entry.offset = f2;
              entry.gen = MIN (f3, G_MAXUINT16);
            }
          else if (type == 2)
            {
              entry.type = SD_XREF_COMPRESSED;
              entry.offset = f2;
              entry.index = MIN (f3, G_MAXUINT32);
            }
          else
            continue;  /* unknown types are null references (7.5.8.3) */
          if (first + i < MAX_OBJECTS)
            set_entry (xref, first + i, &entry);
        }
    }

  *trailer = sd_pdf_obj_ref (dict);
  return TRUE;
}

static gboolean
is_at_keyword (const guint8 *data,
               gsize         len,
               guint64       offset,
               const char   *keyword)
{
  gsize n = strlen (keyword);

  while (offset < len && sd_pdf_is_space (data[offset]))
    offset++;
  return offset <= len && len - offset >= n && memcmp (data + offset, keyword, n) == 0;
}

static gboolean
read_section (SdPdfXref    *xref,
              const guint8 *data,
              gsize         len,
              guint64       offset,
              gboolean      newest,
              SdPdfObj    **trailer,
              GError      **error)
{
  if (offset >= len)
    return damaged (error, _("a cross-reference offset points past the end of the file"));

  if (is_at_keyword (data, len, offset, "xref"))
    {
      SdPdfLexer lexer;
      gboolean ok;

      sd_pdf_lexer_init (&lexer, data, len, offset);
      ok = read_table (xref, &lexer, trailer, error);
      sd_pdf_lexer_clear (&lexer);
      if (ok && newest)
        xref->last_is_stream = FALSE;
      return ok;
    }

  if (!read_stream (xref, data, len, offset, trailer, error))
    return FALSE;
  if (newest)
    xref->last_is_stream = TRUE;
  return TRUE;
}

static gboolean
object_is_at (const guint8 *data,
              gsize         len,
              guint64       offset,
              guint32       num)
{
  SdPdfLexer lexer;
  SdToken t1, t2, t3;
  gboolean ok;

  if (offset >= len)
    return FALSE;
  sd_pdf_lexer_init (&lexer, data, len, offset);
  sd_pdf_lexer_next (&lexer, &t1);
  sd_pdf_lexer_next (&lexer, &t2);
  sd_pdf_lexer_next (&lexer, &t3);
  ok = t1.type == SD_TOKEN_INT && t1.integer == num && t2.type == SD_TOKEN_INT
       && sd_pdf_token_is_keyword (&lexer, &t3, "obj");
  sd_pdf_lexer_clear (&lexer);
  return ok;
}

static gboolean
check_offsets (SdPdfXref    *xref,
               const guint8 *data,
               gsize         len,
               GError      **error)
{
  for (guint32 num = 1; num < xref->entries->len; num++)
    {
      const SdXrefEntry *e = &g_array_index (xref->entries, SdXrefEntry, num);

      if (e->type == SD_XREF_IN_USE && !object_is_at (data, len, e->offset, num))
        {
          g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                       _("The PDF file is damaged: object %u is not where the cross-reference table says."),
                       num);
          return FALSE;
        }
      if (e->type == SD_XREF_COMPRESSED)
        {
          const SdXrefEntry *container = sd_pdf_xref_lookup (xref, e->offset);

          if (container == NULL || container->type != SD_XREF_IN_USE)
            {
              g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                           _("The PDF file is damaged: object %u is in a missing object stream."),
                           num);
              return FALSE;
            }
        }
    }
  return TRUE;
}

gboolean
sd_pdf_xref_load (SdPdfXref    *xref,
                  const guint8 *data,
                  gsize         len,
                  GError      **error)
{
  g_autoptr(GHashTable) visited = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                        g_free, NULL);
  guint64 offset;
  gboolean newest = TRUE;

  if (!find_startxref (data, len, &offset))
    return damaged (error, _("the startxref marker is missing"));
  xref->startxref = offset;

  for (guint n = 0; ; n++)
    {
      g_autoptr(SdPdfObj) trailer = NULL;
      SdPdfObj *prev, *xref_stm;
      gint64 next;

      if (n >= MAX_SECTIONS)
        return damaged (error, _("the chain of cross-reference sections is too long"));
      if (g_hash_table_contains (visited, &offset))
        return damaged (error, _("the chain of cross-reference sections loops"));
      g_hash_table_add (visited, g_memdup2 (&offset, sizeof offset));

      if (!read_section (xref, data, len, offset, newest, &trailer, error))
        return FALSE;

      /* Hybrid files: the table's /XRefStm entries rank just below the table's own. */
      xref_stm = sd_pdf_dict_get (trailer, "XRefStm");
      if (xref_stm != NULL && sd_pdf_obj_get_int (xref_stm, &next) && next >= 0)
        {
          g_autoptr(SdPdfObj) ignored = NULL;

          if (!read_section (xref, data, len, next, FALSE, &ignored, error))
            return FALSE;
        }

      if (xref->trailer == NULL)
        xref->trailer = sd_pdf_obj_ref (trailer);
      else if (sd_pdf_dict_get (xref->trailer, "Root") == NULL
               && sd_pdf_dict_get (trailer, "Root") != NULL)
        sd_pdf_dict_set (xref->trailer, "Root", sd_pdf_obj_copy (sd_pdf_dict_get (trailer, "Root")));

      newest = FALSE;
      prev = sd_pdf_dict_get (trailer, "Prev");
      if (prev == NULL || !sd_pdf_obj_get_int (prev, &next) || next < 0)
        break;
      /* A /Prev of 0 written by some tools means "none" when nothing is there. */
      if (next == 0 && !is_at_keyword (data, len, 0, "xref"))
        break;
      offset = next;
    }

  if (sd_pdf_dict_get (xref->trailer, "Root") == NULL)
    return damaged (error, _("the trailer names no document catalog"));
  /* Entry 0 is always the head of the free list. */
  if (xref->entries->len > 0)
    {
      SdXrefEntry *zero = &g_array_index (xref->entries, SdXrefEntry, 0);

      if (zero->type == SD_XREF_UNSET || zero->type == SD_XREF_IN_USE)
        {
          zero->type = SD_XREF_FREE;
          zero->gen = 65535;
          zero->offset = 0;
        }
    }
  return check_offsets (xref, data, len, error);
}

/* Object streams found while scanning give their members a place too. */
static void
add_object_stream_members (SdPdfXref    *xref,
                           const guint8 *data,
                           gsize         len,
                           guint32       stm_num,
                           SdPdfObj     *stream)
{
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GBytes) decoded = NULL;
  gint64 n = 0, length = -1;
  gsize data_len;
  SdPdfLexer lexer;

  sd_pdf_obj_get_int (sd_pdf_dict_get (stream, "N"), &n);
  sd_pdf_obj_get_int (sd_pdf_dict_get (stream, "Length"), &length);
  if (n <= 0 || n > MAX_OBJECTS
      || !sd_pdf_stream_extent (data, len, stream->v.stream.offset, length, &data_len))
    return;
  raw = g_bytes_new_static (data + stream->v.stream.offset, data_len);
  decoded = sd_pdf_filter_decode (stream->v.stream.dict, raw, MAX_XREF_STREAM_SIZE, NULL);
  if (decoded == NULL)
    return;

  sd_pdf_lexer_init (&lexer, g_bytes_get_data (decoded, NULL), g_bytes_get_size (decoded), 0);
  for (gint64 i = 0; i < n; i++)
    {
      SdToken t_num, t_off;
      SdXrefEntry entry = { SD_XREF_COMPRESSED, 0, stm_num, i };

      sd_pdf_lexer_next (&lexer, &t_num);
      sd_pdf_lexer_next (&lexer, &t_off);
      if (t_num.type != SD_TOKEN_INT || t_off.type != SD_TOKEN_INT
          || t_num.integer <= 0 || t_num.integer >= MAX_OBJECTS)
        break;
      /* A member never replaces an object found as itself in the file. */
      if (t_num.integer < xref->entries->len
          && g_array_index (xref->entries, SdXrefEntry, t_num.integer).type == SD_XREF_IN_USE)
        continue;
      if (t_num.integer >= xref->entries->len)
        g_array_set_size (xref->entries, t_num.integer + 1);
      g_array_index (xref->entries, SdXrefEntry, t_num.integer) = entry;
    }
  sd_pdf_lexer_clear (&lexer);
}

static void
merge_trailer (SdPdfXref *xref,
               SdPdfObj  *dict)
{
  static const char *keys[] = { "Root", "Info", "ID", "Encrypt" };

  if (xref->trailer == NULL)
    xref->trailer = sd_pdf_dict_new ();
  /* Later trailers describe later revisions: their values win. */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      SdPdfObj *v = sd_pdf_dict_get (dict, keys[i]);

      if (v != NULL)
        sd_pdf_dict_set (xref->trailer, keys[i], sd_pdf_obj_copy (v));
    }
}

/* Is data[p] at the start of "n g obj"?  Sets the numbers and the end. */
static gboolean
match_object_header (const guint8 *data,
                     gsize         len,
                     gsize         p,
                     guint32      *num,
                     guint16      *gen,
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
       && t1.integer > 0 && t1.integer < MAX_OBJECTS
       && t2.integer >= 0 && t2.integer <= G_MAXUINT16
       && sd_pdf_token_is_keyword (&lexer, &t3, "obj");
  if (ok)
    {
      *num = t1.integer;
      *gen = t2.integer;
      *after = t3.end;
    }
  sd_pdf_lexer_clear (&lexer);
  return ok;
}

gboolean
sd_pdf_xref_reconstruct (SdPdfXref    *xref,
                         const guint8 *data,
                         gsize         len,
                         GError      **error)
{
  g_autoptr(GArray) object_streams = g_array_new (FALSE, FALSE, sizeof (guint32));
  gsize p = 0;

  g_array_set_size (xref->entries, 0);
  g_clear_pointer (&xref->trailer, sd_pdf_obj_unref);
  xref->reconstructed = TRUE;
  xref->last_is_stream = FALSE;

  while (p < len)
    {
      const guint8 *hit = memmem (data + p, len - p, "obj", 3);
      gsize obj_kw, start;
      guint32 num;
      guint16 gen;
      gsize after;

      if (hit == NULL)
        break;
      obj_kw = hit - data;
      p = obj_kw + 3;

      /* Walk back over "n g " to where the header would start. */
      start = obj_kw;
      while (start > 0 && sd_pdf_is_space (data[start - 1]))
        start--;
      while (start > 0 && g_ascii_isdigit (data[start - 1]))
        start--;
      while (start > 0 && sd_pdf_is_space (data[start - 1]))
        start--;
      while (start > 0 && g_ascii_isdigit (data[start - 1]))
        start--;

      if (match_object_header (data, len, start, &num, &gen, &after) && after == obj_kw + 3)
        {
          SdXrefEntry entry = { SD_XREF_IN_USE, gen, start, 0 };
          SdPdfLexer lexer;
          g_autoptr(SdPdfObj) obj = NULL;
          guint32 n2;
          guint16 g2;

          if (num >= xref->entries->len)
            g_array_set_size (xref->entries, num + 1);
          /* Later copies of an object belong to later revisions. */
          g_array_index (xref->entries, SdXrefEntry, num) = entry;

          sd_pdf_lexer_init (&lexer, data, len, start);
          obj = sd_pdf_parse_indirect (&lexer, &n2, &g2, NULL);
          sd_pdf_lexer_clear (&lexer);
          if (obj != NULL && obj->type == SD_PDF_STREAM)
            {
              gint64 length = -1;
              gsize data_len;
              SdPdfObj *type = sd_pdf_dict_get (obj, "Type");

              if (sd_pdf_obj_is_name (type, "XRef"))
                merge_trailer (xref, obj->v.stream.dict);
              else if (sd_pdf_obj_is_name (type, "ObjStm"))
                g_array_append_val (object_streams, num);
              /* Skip the stream's data: it may contain anything, "obj" too. */
              sd_pdf_obj_get_int (sd_pdf_dict_get (obj, "Length"), &length);
              if (sd_pdf_stream_extent (data, len, obj->v.stream.offset, length, &data_len))
                p = obj->v.stream.offset + data_len;
            }
        }
    }

  /* Classic trailers, oldest first so that the newest wins. */
  for (const guint8 *hit = data; hit < data + len
       && (hit = memmem (hit, len - (hit - data), "trailer", 7)) != NULL; hit += 7)
    {
      SdPdfLexer lexer;
      g_autoptr(SdPdfObj) dict = NULL;

      sd_pdf_lexer_init (&lexer, data, len, (hit - data) + 7);
      dict = sd_pdf_parse_object (&lexer, NULL);
      sd_pdf_lexer_clear (&lexer);
      if (dict != NULL && dict->type == SD_PDF_DICT)
        merge_trailer (xref, dict);
    }

  for (guint i = 0; i < object_streams->len; i++)
    {
      guint32 num = g_array_index (object_streams, guint32, i);
      const SdXrefEntry *e = sd_pdf_xref_lookup (xref, num);
      SdPdfLexer lexer;
      g_autoptr(SdPdfObj) obj = NULL;
      guint32 n2;
      guint16 g2;

      sd_pdf_lexer_init (&lexer, data, len, e->offset);
      obj = sd_pdf_parse_indirect (&lexer, &n2, &g2, NULL);
      sd_pdf_lexer_clear (&lexer);
      if (obj != NULL && obj->type == SD_PDF_STREAM)
        add_object_stream_members (xref, data, len, num, obj);
    }

  if (xref->entries->len == 0)
    return damaged (error, _("no objects were found in it"));
  g_array_index (xref->entries, SdXrefEntry, 0).type = SD_XREF_FREE;
  g_array_index (xref->entries, SdXrefEntry, 0).gen = 65535;
  for (guint32 i = 1; i < xref->entries->len; i++)
    if (g_array_index (xref->entries, SdXrefEntry, i).type == SD_XREF_UNSET)
      g_array_index (xref->entries, SdXrefEntry, i).type = SD_XREF_FREE;

  if (xref->trailer == NULL)
    xref->trailer = sd_pdf_dict_new ();
  /* The trailer's /Size from the damaged file is meaningless now. */
  sd_pdf_dict_remove (xref->trailer, "Size");
  return TRUE;
}
