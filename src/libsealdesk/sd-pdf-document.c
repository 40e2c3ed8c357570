/* sd-pdf-document.c
 *
 * The file is mapped, not read: opening a 1 GB document costs the pages of
 * its cross-reference data and the objects actually looked at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-error.h"
#include "sd-pdf-document.h"
#include "sd-pdf-filter.h"
#include "sd-pdf-parser.h"

#define MAX_OBJSTM_SIZE (256 * 1024 * 1024)
#define MAX_PAGE_TREE_DEPTH 64
#define MAX_RESOLVE_DEPTH 32

typedef struct
{
  GBytes *data;        /* decoded */
  gsize   first;       /* /First */
  GArray *offsets;     /* guint64 pairs: number, offset */
} ObjectStream;

struct _SdPdfDocument
{
  GObject       parent_instance;

  char         *path;
  GMappedFile  *map;
  GBytes       *bytes;
  const guint8 *data;
  gsize         len;
  int           major;
  int           minor;

  SdPdfXref     xref;
  GHashTable   *objects;        /* num → SdPdfObj */
  GHashTable   *object_streams; /* num → ObjectStream */
  GHashTable   *resolving;      /* nums being read: /Length loops */

  GArray       *pages;          /* SdPdfPageInfo, NULL until walked */
  GError       *pages_error;
};

G_DEFINE_FINAL_TYPE (SdPdfDocument, sd_pdf_document, G_TYPE_OBJECT)

static void
object_stream_free (gpointer data)
{
  ObjectStream *os = data;

  g_bytes_unref (os->data);
  g_array_unref (os->offsets);
  g_free (os);
}

static void
sd_pdf_document_finalize (GObject *object)
{
  SdPdfDocument *self = SD_PDF_DOCUMENT (object);

  sd_pdf_xref_clear (&self->xref);
  g_clear_pointer (&self->objects, g_hash_table_unref);
  g_clear_pointer (&self->object_streams, g_hash_table_unref);
  g_clear_pointer (&self->resolving, g_hash_table_unref);
  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_error (&self->pages_error);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->map, g_mapped_file_unref);
  g_free (self->path);

  G_OBJECT_CLASS (sd_pdf_document_parent_class)->finalize (object);
}

static void
sd_pdf_document_class_init (SdPdfDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_pdf_document_finalize;
}

static void
sd_pdf_document_init (SdPdfDocument *self)
{
  sd_pdf_xref_init (&self->xref);
  self->objects = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) sd_pdf_obj_unref);
  self->object_streams = g_hash_table_new_full (NULL, NULL, NULL, object_stream_free);
  self->resolving = g_hash_table_new (NULL, NULL);
}

static gboolean
read_header (SdPdfDocument *self,
             const char    *name,
             GError       **error)
{
  gsize window = MIN (self->len, 1024);
  const guint8 *hit = memmem (self->data, window, "%PDF-", 5);

  /* Readers accept the header anywhere in the first KB (Acrobat does). */
  if (hit == NULL || (gsize) (hit - self->data) + 8 > self->len
      || !g_ascii_isdigit (hit[5]) || hit[6] != '.' || !g_ascii_isdigit (hit[7]))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                   _("“%s” is not a PDF file: it does not start with a PDF header."), name);
      return FALSE;
    }
  self->major = hit[5] - '0';
  self->minor = hit[7] - '0';
  return TRUE;
}

static void
find_catalog_by_scanning (SdPdfDocument *self)
{
  for (guint32 num = 1; num < sd_pdf_xref_get_size (&self->xref); num++)
    {
      g_autoptr(SdPdfObj) obj = sd_pdf_document_get_object (self, num, NULL);

      if (obj != NULL && obj->type == SD_PDF_DICT
          && sd_pdf_obj_is_name (sd_pdf_dict_get (obj, "Type"), "Catalog"))
        {
          const SdXrefEntry *e = sd_pdf_xref_lookup (&self->xref, num);

          sd_pdf_dict_set (self->xref.trailer, "Root", sd_pdf_ref_new (num, e->gen));
          return;
        }
    }
}

/* Reads the structure of self->bytes; @name is for messages. */
static gboolean
load (SdPdfDocument *self,
      const char    *name,
      GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) load_error = NULL;
  g_autoptr(SdPdfObj) catalog = NULL;

  self->data = g_bytes_get_data (self->bytes, &self->len);
  if (self->len == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED, _("“%s” is empty."), name);
      return FALSE;
    }
  if (!read_header (self, name, error))
    return FALSE;

  if (!sd_pdf_xref_load (&self->xref, self->data, self->len, &load_error))
    {
      g_debug ("%s: %s; reconstructing the cross-reference table", name, load_error->message);
      sd_pdf_xref_clear (&self->xref);
      sd_pdf_xref_init (&self->xref);
      if (!sd_pdf_xref_reconstruct (&self->xref, self->data, self->len, &local_error))
        {
          g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                       _("“%s” could not be repaired. %s Open it in a PDF viewer and save a new copy."),
                       name, load_error->message);
          return FALSE;
        }
      if (sd_pdf_dict_get (self->xref.trailer, "Root") == NULL)
        find_catalog_by_scanning (self);
    }

  catalog = sd_pdf_document_get_catalog (self, &local_error);
  if (catalog == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                   _("“%s” could not be repaired. %s Open it in a PDF viewer and save a new copy."),
                   name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

SdPdfDocument *
sd_pdf_document_new_from_file (const char *path,
                               GError    **error)
{
  g_autoptr(SdPdfDocument) self = g_object_new (SD_TYPE_PDF_DOCUMENT, NULL);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = g_filename_display_basename (path);

  self->path = g_strdup (path);
  self->map = g_mapped_file_new (path, FALSE, &local_error);
  if (self->map == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Cannot open “%s”: %s"),
                   name, local_error->message);
      return NULL;
    }
  self->bytes = g_mapped_file_get_bytes (self->map);
  if (!load (self, name, error))
    return NULL;
  return g_steal_pointer (&self);
}

SdPdfDocument *
sd_pdf_document_new_from_bytes (GBytes     *bytes,
                                const char *name,
                                GError    **error)
{
  g_autoptr(SdPdfDocument) self = g_object_new (SD_TYPE_PDF_DOCUMENT, NULL);

  self->path = g_strdup (name);
  self->bytes = g_bytes_ref (bytes);
  if (!load (self, name, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
sd_pdf_document_get_path (SdPdfDocument *self)
{
  return self->path;
}

const guint8 *
sd_pdf_document_get_data (SdPdfDocument *self,
                          gsize         *len)
{
  *len = self->len;
  return self->data;
}

char *
sd_pdf_document_get_version (SdPdfDocument *self)
{
  g_autoptr(SdPdfObj) catalog = sd_pdf_document_get_catalog (self, NULL);
  SdPdfObj *v = sd_pdf_dict_get (catalog, "Version");
  int major = self->major, minor = self->minor;

  /* The catalog's /Version overrides the header when it is later (7.7.2). */
  if (v != NULL && v->type == SD_PDF_NAME && strlen (v->v.name) == 3
      && g_ascii_isdigit (v->v.name[0]) && v->v.name[1] == '.' && g_ascii_isdigit (v->v.name[2]))
    {
      int cmajor = v->v.name[0] - '0', cminor = v->v.name[2] - '0';

      if (cmajor > major || (cmajor == major && cminor > minor))
        {
          major = cmajor;
          minor = cminor;
        }
    }
  return g_strdup_printf ("%d.%d", major, minor);
}

SdPdfXref *
sd_pdf_document_get_xref (SdPdfDocument *self)
{
  return &self->xref;
}

SdPdfObj *
sd_pdf_document_get_trailer (SdPdfDocument *self)
{
  return self->xref.trailer;
}

gboolean
sd_pdf_document_is_encrypted (SdPdfDocument *self)
{
  return sd_pdf_dict_get (self->xref.trailer, "Encrypt") != NULL;
}

gboolean
sd_pdf_document_was_repaired (SdPdfDocument *self)
{
  return self->xref.reconstructed;
}

static gboolean
object_error (GError **error,
              guint32  num,
              GError  *cause)
{
  g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
               _("The PDF file is damaged: object %u cannot be read (%s)."),
               num, cause ? cause->message : _("no such object"));
  return FALSE;
}

/* Gives an in-file stream its data, resolving an indirect /Length. */
static gboolean
attach_stream_data (SdPdfDocument *self,
                    SdPdfObj      *stream,
                    guint32        num,
                    GError       **error)
{
  g_autoptr(SdPdfObj) length_obj = sd_pdf_document_lookup (self, stream->v.stream.dict, "Length");
  gint64 length = -1;
  gsize data_len;

  sd_pdf_obj_get_int (length_obj, &length);
  if (!sd_pdf_stream_extent (self->data, self->len, stream->v.stream.offset, length, &data_len))
    return object_error (error, num, NULL);
  stream->v.stream.data = g_bytes_new_from_bytes (self->bytes, stream->v.stream.offset, data_len);
  return TRUE;
}

static ObjectStream *
get_object_stream (SdPdfDocument *self,
                   guint32        num,
                   GError       **error)
{
  ObjectStream *os = g_hash_table_lookup (self->object_streams, GUINT_TO_POINTER (num));
  g_autoptr(SdPdfObj) stream = NULL;
  g_autoptr(GBytes) decoded = NULL;
  gint64 n = 0, first = 0;
  SdPdfLexer lexer;
  GArray *offsets;

  if (os != NULL)
    return os;

  stream = sd_pdf_document_get_object (self, num, error);
  if (stream == NULL)
    return NULL;
  if (stream->type != SD_PDF_STREAM
      || !sd_pdf_obj_get_int (sd_pdf_dict_get (stream, "N"), &n)
      || !sd_pdf_obj_get_int (sd_pdf_dict_get (stream, "First"), &first)
      || n < 0 || first < 0)
    {
      object_error (error, num, NULL);
      return NULL;
    }
  decoded = sd_pdf_filter_decode (stream->v.stream.dict, stream->v.stream.data,
                                  MAX_OBJSTM_SIZE, error);
  if (decoded == NULL)
    return NULL;

  offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  sd_pdf_lexer_init (&lexer, g_bytes_get_data (decoded, NULL), g_bytes_get_size (decoded), 0);
  for (gint64 i = 0; i < n; i++)
    {
      SdToken t_num, t_off;
      guint64 pair[2];

      sd_pdf_lexer_next (&lexer, &t_num);
      sd_pdf_lexer_next (&lexer, &t_off);
      if (t_num.type != SD_TOKEN_INT || t_off.type != SD_TOKEN_INT
          || t_num.integer < 0 || t_off.integer < 0)
        break;
      pair[0] = t_num.integer;
      pair[1] = t_off.integer;
      g_array_append_vals (offsets, pair, 2);
    }
  sd_pdf_lexer_clear (&lexer);

  os = g_new0 (ObjectStream, 1);
  os->data = g_steal_pointer (&decoded);
  os->first = first;
  os->offsets = offsets;
  g_hash_table_insert (self->object_streams, GUINT_TO_POINTER (num), os);
  return os;
}

static SdPdfObj *
read_compressed (SdPdfDocument     *self,
                 guint32            num,
                 const SdXrefEntry *e,
                 GError           **error)
{
  ObjectStream *os = get_object_stream (self, e->offset, error);
  const guint8 *data;
  gsize len;
  guint64 *pair;
  SdPdfLexer lexer;
  SdPdfObj *obj;

  if (os == NULL)
    return NULL;
  if (e->index >= os->offsets->len / 2)
    {
      object_error (error, num, NULL);
      return NULL;
    }
  pair = &g_array_index (os->offsets, guint64, 2 * e->index);
  if (pair[0] != num)
    {
      object_error (error, num, NULL);
      return NULL;
    }
  data = g_bytes_get_data (os->data, &len);
  if (os->first + pair[1] >= len)
    {
      object_error (error, num, NULL);
      return NULL;
    }
  sd_pdf_lexer_init (&lexer, data, len, os->first + pair[1]);
  obj = sd_pdf_parse_object (&lexer, error);
  sd_pdf_lexer_clear (&lexer);
  return obj;
}

static SdPdfObj *
read_in_file (SdPdfDocument     *self,
              guint32            num,
              const SdXrefEntry *e,
              GError           **error)
{
  SdPdfLexer lexer;
  g_autoptr(SdPdfObj) obj = NULL;
  g_autoptr(GError) local_error = NULL;
  guint32 got_num;
  guint16 got_gen;

  sd_pdf_lexer_init (&lexer, self->data, self->len, e->offset);
  obj = sd_pdf_parse_indirect (&lexer, &got_num, &got_gen, &local_error);
  sd_pdf_lexer_clear (&lexer);
  if (obj == NULL || got_num != num)
    {
      object_error (error, num, local_error);
      return NULL;
    }
  if (obj->type == SD_PDF_STREAM && !attach_stream_data (self, obj, num, error))
    return NULL;
  return g_steal_pointer (&obj);
}

SdPdfObj *
sd_pdf_document_get_object (SdPdfDocument *self,
                            guint32        num,
                            GError       **error)
{
  const SdXrefEntry *e = sd_pdf_xref_lookup (&self->xref, num);
  SdPdfObj *obj;

  if ((obj = g_hash_table_lookup (self->objects, GUINT_TO_POINTER (num))) != NULL)
    return sd_pdf_obj_ref (obj);
  if (e == NULL || (e->type != SD_XREF_IN_USE && e->type != SD_XREF_COMPRESSED))
    return sd_pdf_null_new ();  /* 7.3.10: a reference to nothing is null */

  if (g_hash_table_contains (self->resolving, GUINT_TO_POINTER (num))
      || g_hash_table_size (self->resolving) > MAX_RESOLVE_DEPTH)
    {
      object_error (error, num, NULL);
      return NULL;
    }
  g_hash_table_add (self->resolving, GUINT_TO_POINTER (num));
  if (e->type == SD_XREF_IN_USE)
    obj = read_in_file (self, num, e, error);
  else
    obj = read_compressed (self, num, e, error);
  g_hash_table_remove (self->resolving, GUINT_TO_POINTER (num));

  if (obj != NULL)
    g_hash_table_insert (self->objects, GUINT_TO_POINTER (num), sd_pdf_obj_ref (obj));
  return obj;
}

SdPdfObj *
sd_pdf_document_resolve (SdPdfDocument *self,
                         SdPdfObj      *obj)
{
  SdPdfObj *target;

  if (obj == NULL)
    return NULL;
  if (obj->type != SD_PDF_REF)
    return sd_pdf_obj_ref (obj);
  target = sd_pdf_document_get_object (self, obj->v.ref.num, NULL);
  return target ? target : sd_pdf_null_new ();
}

SdPdfObj *
sd_pdf_document_lookup (SdPdfDocument *self,
                        SdPdfObj      *dict,
                        const char    *key)
{
  SdPdfObj *value = sd_pdf_dict_get (dict, key);
  SdPdfObj *resolved;

  if (value == NULL)
    return NULL;
  resolved = sd_pdf_document_resolve (self, value);
  if (resolved->type == SD_PDF_NULL)
    g_clear_pointer (&resolved, sd_pdf_obj_unref);
  return resolved;
}

GBytes *
sd_pdf_document_get_stream_data (SdPdfDocument *self,
                                 SdPdfObj      *stream,
                                 GError       **error)
{
  g_return_val_if_fail (stream->type == SD_PDF_STREAM && stream->v.stream.data != NULL, NULL);
  return sd_pdf_filter_decode (stream->v.stream.dict, stream->v.stream.data,
                               MAX_OBJSTM_SIZE, error);
}

SdPdfObj *
sd_pdf_document_get_catalog (SdPdfDocument *self,
                             GError       **error)
{
  SdPdfObj *root = sd_pdf_document_lookup (self, self->xref.trailer, "Root");

  if (root == NULL || root->type != SD_PDF_DICT)
    {
      g_clear_pointer (&root, sd_pdf_obj_unref);
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                   _("The PDF file is damaged: the document catalog is missing."));
    }
  return root;
}

static gboolean
read_box (SdPdfDocument *self,
          SdPdfObj      *dict,
          const char    *key,
          SdRect        *rect)
{
  g_autoptr(SdPdfObj) box = sd_pdf_document_lookup (self, dict, key);
  double v[4];

  if (sd_pdf_array_len (box) != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(SdPdfObj) item = sd_pdf_document_resolve (self, sd_pdf_array_get (box, i));

      if (!sd_pdf_obj_get_number (item, &v[i]))
        return FALSE;
    }
  rect->x0 = v[0];
  rect->y0 = v[1];
  rect->x1 = v[2];
  rect->y1 = v[3];
  return TRUE;
}

typedef struct
{
  SdRect   media;
  SdRect   crop;
  gboolean has_media;
  gboolean has_crop;
  int      rotate;
} Inherited;

static gboolean
walk_pages (SdPdfDocument *self,
            SdPdfObj      *node_ref,
            Inherited      inherited,
            GHashTable    *seen,
            int            depth,
            GError       **error)
{
  g_autoptr(SdPdfObj) node = NULL;
  g_autoptr(SdPdfObj) kids = NULL;
  g_autoptr(SdPdfObj) rotate = NULL;
  gint64 r;

  if (node_ref == NULL || node_ref->type != SD_PDF_REF
      || depth > MAX_PAGE_TREE_DEPTH
      || g_hash_table_contains (seen, GUINT_TO_POINTER (node_ref->v.ref.num)))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                   _("The PDF file is damaged: the page tree is malformed."));
      return FALSE;
    }
  g_hash_table_add (seen, GUINT_TO_POINTER (node_ref->v.ref.num));
  node = sd_pdf_document_get_object (self, node_ref->v.ref.num, error);
  if (node == NULL)
    return FALSE;
  if (node->type != SD_PDF_DICT)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                   _("The PDF file is damaged: the page tree is malformed."));
      return FALSE;
    }

  if (read_box (self, node, "MediaBox", &inherited.media))
    inherited.has_media = TRUE;
  if (read_box (self, node, "CropBox", &inherited.crop))
    inherited.has_crop = TRUE;
  rotate = sd_pdf_document_lookup (self, node, "Rotate");
  if (sd_pdf_obj_get_int (rotate, &r))
    inherited.rotate = (int) (r % 360);

  kids = sd_pdf_document_lookup (self, node, "Kids");
  /* A node with /Kids is an intermediate node whatever its /Type says. */
  if (kids != NULL && kids->type == SD_PDF_ARRAY
      && !sd_pdf_obj_is_name (sd_pdf_dict_get (node, "Type"), "Page"))
    {
      for (guint i = 0; i < sd_pdf_array_len (kids); i++)
        if (!walk_pages (self, sd_pdf_array_get (kids, i), inherited, seen, depth + 1, error))
          return FALSE;
      return TRUE;
    }

  {
    SdPdfPageInfo info = { 0 };
    g_autoptr(SdPdfObj) unit = sd_pdf_document_lookup (self, node, "UserUnit");

    info.num = node_ref->v.ref.num;
    info.gen = node_ref->v.ref.gen;
    /* A page without a MediaBox is invalid; US Letter is what readers assume. */
    info.geometry.media = inherited.has_media ? inherited.media : (SdRect) { 0, 0, 612, 792 };
    info.geometry.crop = inherited.has_crop ? inherited.crop : info.geometry.media;
    info.geometry.rotate = inherited.rotate;
    info.geometry.user_unit = 1.0;
    sd_pdf_obj_get_number (unit, &info.geometry.user_unit);
    sd_page_geometry_normalize (&info.geometry);
    g_array_append_val (self->pages, info);
  }
  return TRUE;
}

static void
ensure_pages (SdPdfDocument *self)
{
  g_autoptr(SdPdfObj) catalog = NULL;
  g_autoptr(GHashTable) seen = NULL;
  Inherited inherited = { 0 };

  if (self->pages != NULL)
    return;
  self->pages = g_array_new (FALSE, FALSE, sizeof (SdPdfPageInfo));
  seen = g_hash_table_new (NULL, NULL);
  catalog = sd_pdf_document_get_catalog (self, &self->pages_error);
  if (catalog != NULL)
    walk_pages (self, sd_pdf_dict_get (catalog, "Pages"), inherited, seen, 0, &self->pages_error);
  if (self->pages_error != NULL)
    g_array_set_size (self->pages, 0);
}

guint
sd_pdf_document_get_n_pages (SdPdfDocument *self)
{
  ensure_pages (self);
  return self->pages->len;
}

const SdPdfPageInfo *
sd_pdf_document_get_page (SdPdfDocument *self,
                          guint          index,
                          GError       **error)
{
  ensure_pages (self);
  if (self->pages_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->pages_error));
      return NULL;
    }
  if (index >= self->pages->len)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("Page %u does not exist: the document has %u pages."),
                   index + 1, self->pages->len);
      return NULL;
    }
  return &g_array_index (self->pages, SdPdfPageInfo, index);
}

int
sd_pdf_document_find_page (SdPdfDocument *self,
                           guint32        num)
{
  ensure_pages (self);
  for (guint i = 0; i < self->pages->len; i++)
    if (g_array_index (self->pages, SdPdfPageInfo, i).num == num)
      return i;
  return -1;
}

GArray *
sd_pdf_document_get_revisions (SdPdfDocument *self)
{
  GArray *ends = g_array_new (FALSE, FALSE, sizeof (guint64));
  const guint8 *p = self->data;
  gsize left = self->len;
  const guint8 *hit;

  while ((hit = memmem (p, left, "%%EOF", 5)) != NULL)
    {
      guint64 end = (hit - self->data) + 5;

      /* The revision includes the end-of-line marker that follows. */
      if (end < self->len && self->data[end] == '\r')
        end++;
      if (end < self->len && self->data[end] == '\n')
        end++;
      g_array_append_val (ends, end);
      p = self->data + end;
      left = self->len - end;
    }
  return ends;
}
