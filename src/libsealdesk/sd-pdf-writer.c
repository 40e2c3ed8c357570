/* sd-pdf-writer.c: incremental updates (ISO 32000 7.5.6)
 *
 * The original bytes are never rewritten: the update only appends.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-error.h"
#include "sd-pdf-writer.h"

typedef struct
{
  guint32   num;
  guint16   gen;
  SdPdfObj *obj;
  guint64   offset;   /* set while serializing */
} UpdateObject;

struct _SdPdfUpdate
{
  SdPdfDocument *document;
  GArray        *objects;   /* UpdateObject */
  guint32        next_num;
};

static void
update_object_clear (gpointer data)
{
  sd_pdf_obj_unref (((UpdateObject *) data)->obj);
}

SdPdfUpdate *
sd_pdf_update_new (SdPdfDocument *document)
{
  SdPdfUpdate *self = g_new0 (SdPdfUpdate, 1);
  SdPdfObj *trailer = sd_pdf_document_get_trailer (document);
  gint64 size = 0;

  self->document = g_object_ref (document);
  self->objects = g_array_new (FALSE, FALSE, sizeof (UpdateObject));
  g_array_set_clear_func (self->objects, update_object_clear);
  /* New numbers start past every number in use, whatever /Size claims. */
  sd_pdf_obj_get_int (sd_pdf_dict_get (trailer, "Size"), &size);
  self->next_num = MAX ((gint64) sd_pdf_xref_get_size (sd_pdf_document_get_xref (document)),
                        MAX (size, 1));
  return self;
}

void
sd_pdf_update_free (SdPdfUpdate *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->objects);
  g_object_unref (self->document);
  g_free (self);
}

SdPdfObj *
sd_pdf_update_add (SdPdfUpdate *self,
                   SdPdfObj    *obj)
{
  UpdateObject uo = { self->next_num++, 0, obj, 0 };

  g_array_append_val (self->objects, uo);
  return sd_pdf_ref_new (uo.num, 0);
}

void
sd_pdf_update_replace (SdPdfUpdate *self,
                       guint32      num,
                       guint16      gen,
                       SdPdfObj    *obj)
{
  UpdateObject uo = { num, gen, obj, 0 };

  for (guint i = 0; i < self->objects->len; i++)
    {
      UpdateObject *existing = &g_array_index (self->objects, UpdateObject, i);

      if (existing->num == num)
        {
          sd_pdf_obj_unref (existing->obj);
          existing->obj = obj;
          return;
        }
    }
  g_array_append_val (self->objects, uo);
}

SdPdfObj *
sd_pdf_update_lookup (SdPdfUpdate *self,
                      guint32      num)
{
  for (guint i = 0; i < self->objects->len; i++)
    if (g_array_index (self->objects, UpdateObject, i).num == num)
      return g_array_index (self->objects, UpdateObject, i).obj;
  return NULL;
}

static void
append (GByteArray *out,
        const char *s)
{
  g_byte_array_append (out, (const guint8 *) s, strlen (s));
}

static void
append_printf (GByteArray *out,
               const char *format,
               ...) G_GNUC_PRINTF (2, 3);

static void
append_printf (GByteArray *out,
               const char *format,
               ...)
{
  g_autofree char *s = NULL;
  va_list args;

  va_start (args, format);
  s = g_strdup_vprintf (format, args);
  va_end (args);
  append (out, s);
}

/* One row of the cross-reference section we write. */
typedef struct
{
  guint32 num;
  guint8  type;     /* SdXrefType */
  guint64 field2;   /* IN_USE: offset; COMPRESSED: object stream number */
  guint32 field3;   /* IN_USE and FREE: generation; COMPRESSED: index */
} XrefRow;

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const XrefRow *ra = a, *rb = b;

  return (ra->num > rb->num) - (ra->num < rb->num);
}

static GArray *
collect_rows (SdPdfUpdate *self,
              gboolean     complete)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (XrefRow));
  SdPdfXref *xref = sd_pdf_document_get_xref (self->document);
  g_autoptr(GHashTable) ours = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < self->objects->len; i++)
    {
      UpdateObject *uo = &g_array_index (self->objects, UpdateObject, i);
      XrefRow row = { uo->num, SD_XREF_IN_USE, uo->offset, uo->gen };

      g_array_append_val (rows, row);
      g_hash_table_add (ours, GUINT_TO_POINTER (uo->num));
    }

  /* A complete section also lists every object of the original file. */
  if (complete)
    {
      for (guint32 num = 0; num < sd_pdf_xref_get_size (xref); num++)
        {
          const SdXrefEntry *e = sd_pdf_xref_lookup (xref, num);
          XrefRow row = { num, SD_XREF_FREE, 0, num == 0 ? 65535 : 0 };

          if (g_hash_table_contains (ours, GUINT_TO_POINTER (num)))
            continue;
          if (e->type == SD_XREF_IN_USE)
            row = (XrefRow) { num, SD_XREF_IN_USE, e->offset, e->gen };
          else if (e->type == SD_XREF_COMPRESSED)
            row = (XrefRow) { num, SD_XREF_COMPRESSED, e->offset, e->index };
          g_array_append_val (rows, row);
        }
    }
  g_array_sort (rows, compare_rows);
  return rows;
}

/* Rows [i, end) with consecutive numbers form one subsection. */
static guint
subsection_end (GArray *rows,
                guint   i)
{
  guint j = i + 1;

  while (j < rows->len
         && g_array_index (rows, XrefRow, j).num == g_array_index (rows, XrefRow, j - 1).num + 1)
    j++;
  return j;
}

static void
write_table (GByteArray *out,
             GArray     *rows)
{
  append (out, "xref\n");
  for (guint i = 0; i < rows->len;)
    {
      guint end = subsection_end (rows, i);

      append_printf (out, "%u %u\n", g_array_index (rows, XrefRow, i).num, end - i);
      for (; i < end; i++)
        {
          XrefRow *r = &g_array_index (rows, XrefRow, i);
          gboolean in_use = r->type == SD_XREF_IN_USE;

          /* Each entry is exactly 20 bytes (7.5.4). */
          append_printf (out, "%010" G_GUINT64_FORMAT " %05u %c\r\n",
                         in_use ? r->field2 : 0, MIN (r->field3, 65535), in_use ? 'n' : 'f');
        }
    }
}

static guint
bytes_for (guint64 v)
{
  guint n = 1;

  while (v > 0xff)
    {
      v >>= 8;
      n++;
    }
  return n;
}

static void
put_field (GByteArray *data,
           guint64     v,
           guint       width)
{
  for (guint i = 0; i < width; i++)
    {
      guint8 b = (v >> (8 * (width - 1 - i))) & 0xff;
      g_byte_array_append (data, &b, 1);
    }
}

static SdPdfObj *
xref_stream_object (GArray   *rows,
                    SdPdfObj *trailer_dict)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(SdPdfObj) index = sd_pdf_array_new ();
  g_autoptr(SdPdfObj) w = sd_pdf_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  guint64 max2 = 0, max3 = 0;
  guint w2, w3;

  for (guint i = 0; i < rows->len; i++)
    {
      max2 = MAX (max2, g_array_index (rows, XrefRow, i).field2);
      max3 = MAX (max3, g_array_index (rows, XrefRow, i).field3);
    }
  w2 = bytes_for (max2);
  w3 = bytes_for (max3);

  for (guint i = 0; i < rows->len;)
    {
      guint end = subsection_end (rows, i);

      sd_pdf_array_append (index, sd_pdf_int_new (g_array_index (rows, XrefRow, i).num));
      sd_pdf_array_append (index, sd_pdf_int_new (end - i));
      for (; i < end; i++)
        {
          XrefRow *r = &g_array_index (rows, XrefRow, i);

          put_field (data, r->type == SD_XREF_IN_USE ? 1 : r->type == SD_XREF_COMPRESSED ? 2 : 0, 1);
          put_field (data, r->field2, w2);
          put_field (data, r->field3, w3);
        }
    }

  sd_pdf_array_append (w, sd_pdf_int_new (1));
  sd_pdf_array_append (w, sd_pdf_int_new (w2));
  sd_pdf_array_append (w, sd_pdf_int_new (w3));
  sd_pdf_dict_set (trailer_dict, "Type", sd_pdf_name_new ("XRef"));
  sd_pdf_dict_set (trailer_dict, "W", g_steal_pointer (&w));
  sd_pdf_dict_set (trailer_dict, "Index", g_steal_pointer (&index));
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&data));
  return sd_pdf_stream_new (trailer_dict, bytes);
}

static SdPdfObj *
new_trailer (SdPdfUpdate *self,
             guint32      size,
             gboolean     complete)
{
  SdPdfObj *old = sd_pdf_document_get_trailer (self->document);
  SdPdfXref *xref = sd_pdf_document_get_xref (self->document);
  SdPdfObj *trailer = sd_pdf_dict_new ();
  SdPdfObj *old_id = sd_pdf_dict_get (old, "ID");
  g_autoptr(SdPdfObj) id = sd_pdf_array_new ();
  guint8 random_id[16];

  sd_pdf_dict_set (trailer, "Size", sd_pdf_int_new (size));
  sd_pdf_dict_set (trailer, "Root", sd_pdf_obj_copy (sd_pdf_dict_get (old, "Root")));
  if (sd_pdf_dict_get (old, "Info") != NULL)
    sd_pdf_dict_set (trailer, "Info", sd_pdf_obj_copy (sd_pdf_dict_get (old, "Info")));

  /* The first ID names the document for good; the second this version (14.4). */
  for (guint i = 0; i < sizeof random_id; i += 4)
    {
      guint32 r = g_random_int ();
      memcpy (random_id + i, &r, 4);
    }
  if (sd_pdf_array_len (old_id) == 2 && sd_pdf_array_get (old_id, 0)->type == SD_PDF_STRING)
    sd_pdf_array_append (id, sd_pdf_obj_copy (sd_pdf_array_get (old_id, 0)));
  else
    sd_pdf_array_append (id, sd_pdf_string_new (random_id, sizeof random_id));
  sd_pdf_array_append (id, sd_pdf_string_new (random_id, sizeof random_id));
  sd_pdf_dict_set (trailer, "ID", g_steal_pointer (&id));

  /* A rebuilt table is complete: nothing to chain to. */
  if (!complete)
    sd_pdf_dict_set (trailer, "Prev", sd_pdf_int_new (xref->startxref));
  return trailer;
}

GByteArray *
sd_pdf_update_serialize (SdPdfUpdate *self,
                         GError     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  SdPdfXref *xref = sd_pdf_document_get_xref (self->document);
  gboolean complete = xref->reconstructed;
  gboolean as_stream = xref->last_is_stream;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(SdPdfObj) trailer = NULL;
  const guint8 *orig;
  gsize base;
  guint64 xref_offset;

  orig = sd_pdf_document_get_data (self->document, &base);
  /* The update starts on a line of its own. */
  if (base > 0 && orig[base - 1] != '\n' && orig[base - 1] != '\r')
    append (out, "\n");

  for (guint i = 0; i < self->objects->len; i++)
    {
      UpdateObject *uo = &g_array_index (self->objects, UpdateObject, i);

      uo->offset = base + out->len;
      append_printf (out, "%u %u obj\n", uo->num, uo->gen);
      sd_pdf_obj_write (uo->obj, out);
      append (out, "\nendobj\n");
    }

  rows = collect_rows (self, complete);
  if (complete)
    {
      /* Compressed entries exist only in xref streams. */
      for (guint i = 0; i < rows->len; i++)
        if (g_array_index (rows, XrefRow, i).type == SD_XREF_COMPRESSED)
          as_stream = TRUE;
    }

  xref_offset = base + out->len;
  if (as_stream)
    {
      guint32 stream_num = self->next_num++;
      XrefRow own = { stream_num, SD_XREF_IN_USE, xref_offset, 0 };
      g_autoptr(SdPdfObj) stream = NULL;

      /* The stream lists itself (7.5.8.2). */
      g_array_append_val (rows, own);
      g_array_sort (rows, compare_rows);
      trailer = new_trailer (self, self->next_num, complete);
      stream = xref_stream_object (rows, trailer);
      append_printf (out, "%u 0 obj\n", stream_num);
      sd_pdf_obj_write (stream, out);
      append (out, "\nendobj\n");
    }
  else
    {
      trailer = new_trailer (self, self->next_num, complete);
      write_table (out, rows);
      append (out, "trailer\n");
      sd_pdf_obj_write (trailer, out);
      append (out, "\n");
    }
  append_printf (out, "startxref\n%" G_GUINT64_FORMAT "\n%%%%EOF\n", xref_offset);
  return g_steal_pointer (&out);
}
