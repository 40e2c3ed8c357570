/* test-pdf-document.c: reading every kind of cross-reference, repair, the
 * page tree, and incremental updates read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <zlib.h>
#include <glib/gstdio.h>

#include "sd-error.h"
#include "sd-pdf-document.h"
#include "sd-pdf-writer.h"

static char *tmp_dir;

/* Builds a file from object bodies (object i + 1 is bodies[i]) with a
 * classic table; @offset_shift corrupts every offset. */
static GByteArray *
build_classic (const char * const *bodies,
               guint               n,
               const char         *trailer_extra,
               gssize              offset_shift)
{
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GString) s = g_string_new ("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize xref_at;

  for (guint i = 0; i < n; i++)
    {
      gsize at = s->len;

      g_array_append_val (offsets, at);
      g_string_append_printf (s, "%u 0 obj\n%s\nendobj\n", i + 1, bodies[i]);
    }
  xref_at = s->len;
  g_string_append_printf (s, "xref\n0 %u\n0000000000 65535 f\r\n", n + 1);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%010" G_GSIZE_FORMAT " 00000 n\r\n",
                            g_array_index (offsets, gsize, i) + offset_shift);
  g_string_append_printf (s, "trailer\n<< /Size %u /Root 1 0 R %s >>\nstartxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n",
                          n + 1, trailer_extra ? trailer_extra : "", xref_at);
  g_byte_array_append (out, (const guint8 *) s->str, s->len);
  return out;
}

static const char *simple_bodies[] = {
  "<< /Type /Catalog /Pages 2 0 R >>",
  "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 595 842] /Rotate 90 >>",
  "<< /Type /Page /Parent 2 0 R >>",
  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /CropBox [10 10 110 60] /Rotate 0 /UserUnit 2 >>",
};

static char *
save (GByteArray *data,
      const char *name)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, (const char *) data->data, data->len, NULL));
  return path;
}

static void
check_simple_pages (SdPdfDocument *doc)
{
  const SdPdfPageInfo *p1, *p2;
  double w, h;

  g_assert_cmpuint (sd_pdf_document_get_n_pages (doc), ==, 2);
  p1 = sd_pdf_document_get_page (doc, 0, NULL);
  p2 = sd_pdf_document_get_page (doc, 1, NULL);
  g_assert_cmpuint (p1->num, ==, 3);
  /* inherited MediaBox and Rotate */
  g_assert_cmpint (p1->geometry.rotate, ==, 90);
  g_assert_cmpfloat (p1->geometry.media.x1, ==, 595);
  sd_page_geometry_get_size_mm (&p1->geometry, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 842 / 72.0 * 25.4, 1e-6);
  g_assert_cmpfloat_with_epsilon (h, 595 / 72.0 * 25.4, 1e-6);
  /* own boxes, CropBox and UserUnit */
  g_assert_cmpint (p2->geometry.rotate, ==, 0);
  g_assert_cmpfloat (p2->geometry.crop.x0, ==, 10);
  sd_page_geometry_get_size_mm (&p2->geometry, &w, &h);
  g_assert_cmpfloat_with_epsilon (w, 100 * 2 / 72.0 * 25.4, 1e-6);
  g_assert_cmpfloat_with_epsilon (h, 50 * 2 / 72.0 * 25.4, 1e-6);
}

static void
test_classic (void)
{
  g_autoptr(GByteArray) data = build_classic (simple_bodies, 4, NULL, 0);
  g_autofree char *path = save (data, "classic.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_new_from_file (path, &error);
  g_autofree char *version = NULL;

  g_assert_no_error (error);
  g_assert_false (sd_pdf_document_was_repaired (doc));
  g_assert_false (sd_pdf_document_get_xref (doc)->last_is_stream);
  version = sd_pdf_document_get_version (doc);
  g_assert_cmpstr (version, ==, "1.4");
  check_simple_pages (doc);
}

static void
test_repair_shifted_offsets (void)
{
  g_autoptr(GByteArray) data = build_classic (simple_bodies, 4, NULL, 7);
  g_autofree char *path = save (data, "shifted.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_true (sd_pdf_document_was_repaired (doc));
  check_simple_pages (doc);
}

static void
test_repair_no_startxref (void)
{
  g_autoptr(GByteArray) data = build_classic (simple_bodies, 4, NULL, 0);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = NULL;
  guint8 *hit = memmem (data->data, data->len, "xref\n0 5", 8);

  /* Truncate the file at its table: no xref, no trailer, no startxref. */
  g_byte_array_set_size (data, hit - data->data);
  path = save (data, "truncated.pdf");
  doc = sd_pdf_document_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (sd_pdf_document_was_repaired (doc));
  check_simple_pages (doc);
}

static void
test_refuse_garbage (void)
{
  const char *cases[] = { "", "not a pdf at all", "%PDF-1.7\nnothing here\n%%EOF\n" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (tmp_dir, "garbage.pdf", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SdPdfDocument) doc = NULL;

      g_assert_true (g_file_set_contents (path, cases[i], -1, NULL));
      doc = sd_pdf_document_new_from_file (path, &error);
      g_assert_null (doc);
      g_assert_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED);
    }
}

static void
append_update (GByteArray *data,
               const char *objects,
               guint       first_num,
               guint       count,
               guint       size,
               gboolean    prev_loops)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_auto(GStrv) bodies = g_strsplit (objects, "|", -1);
  gsize prev = 0, xref_at;
  guint8 *hit = NULL, *p = data->data;

  /* the previous startxref value */
  while ((p = memmem (p, data->len - (p - data->data), "startxref", 9)) != NULL)
    {
      hit = p;
      p += 9;
    }
  prev = g_ascii_strtoull ((const char *) hit + 10, NULL, 10);

  for (guint i = 0; i < count; i++)
    {
      gsize at = data->len + s->len;

      g_array_append_val (offsets, at);
      g_string_append_printf (s, "%u 0 obj\n%s\nendobj\n", first_num + i, bodies[i]);
    }
  xref_at = data->len + s->len;
  g_string_append_printf (s, "xref\n%u %u\n", first_num, count);
  for (guint i = 0; i < count; i++)
    g_string_append_printf (s, "%010" G_GSIZE_FORMAT " 00000 n\r\n", g_array_index (offsets, gsize, i));
  g_string_append_printf (s, "trailer\n<< /Size %u /Root 1 0 R /Prev %" G_GSIZE_FORMAT " >>\nstartxref\n%"
                          G_GSIZE_FORMAT "\n%%%%EOF\n", size, prev_loops ? xref_at : prev, xref_at);
  g_byte_array_append (data, (const guint8 *) s->str, s->len);
}

static void
test_prev_chain (void)
{
  g_autoptr(GByteArray) data = build_classic (simple_bodies, 4, NULL, 0);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(SdPdfObj) page = NULL;
  g_autoptr(GArray) revisions = NULL;

  append_update (data, "<< /Type /Page /Parent 2 0 R /Rotate 180 >>", 3, 1, 5, FALSE);
  path = save (data, "updated.pdf");
  doc = sd_pdf_document_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_false (sd_pdf_document_was_repaired (doc));
  /* the newest version of object 3 wins */
  g_assert_cmpint (sd_pdf_document_get_page (doc, 0, NULL)->geometry.rotate, ==, 180);
  page = sd_pdf_document_get_object (doc, 4, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sd_pdf_dict_get (page, "CropBox"));
  revisions = sd_pdf_document_get_revisions (doc);
  g_assert_cmpuint (revisions->len, ==, 2);
  g_assert_cmpuint (g_array_index (revisions, guint64, 1), ==, data->len);
}

static void
test_prev_loop (void)
{
  g_autoptr(GByteArray) data = build_classic (simple_bodies, 4, NULL, 0);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = NULL;

  append_update (data, "<< /Type /Page /Parent 2 0 R /Rotate 180 >>", 3, 1, 5, TRUE);
  path = save (data, "loop.pdf");
  doc = sd_pdf_document_new_from_file (path, &error);
  /* a /Prev pointing at itself is repaired by scanning, not followed forever */
  g_assert_no_error (error);
  g_assert_true (sd_pdf_document_was_repaired (doc));
  g_assert_cmpint (sd_pdf_document_get_page (doc, 0, NULL)->geometry.rotate, ==, 180);
}

static void
put (GByteArray *b,
     guint64     v,
     guint       width)
{
  for (guint i = 0; i < width; i++)
    {
      guint8 c = (v >> (8 * (width - 1 - i))) & 0xff;
      g_byte_array_append (b, &c, 1);
    }
}

/* A PNG "Up" predictor (as producers write xref streams) over rows of @width. */
static GByteArray *
predict_up (GByteArray *rows,
            guint       width)
{
  GByteArray *out = g_byte_array_new ();
  g_autofree guint8 *prev = g_malloc0 (width);

  for (guint r = 0; r < rows->len / width; r++)
    {
      guint8 tag = 2;

      g_byte_array_append (out, &tag, 1);
      for (guint i = 0; i < width; i++)
        {
          guint8 c = rows->data[r * width + i] - prev[i];
          g_byte_array_append (out, &c, 1);
        }
      memcpy (prev, rows->data + r * width, width);
    }
  return out;
}

/* Objects 2–4 live in object stream 5; the xref stream is object 6,
 * Flate-compressed with a PNG predictor.  With @hybrid, a classic table lists
 * objects 1 and 5 and points to the stream with /XRefStm. */
static GByteArray *
build_xref_stream_file (gboolean hybrid)
{
  g_autoptr(GString) s = g_string_new ("%PDF-1.5\n%\xe2\xe3\xcf\xd3\n");
  g_autoptr(GString) objstm = g_string_new (NULL);
  g_autoptr(GString) objstm_body = g_string_new (NULL);
  g_autoptr(GByteArray) rows = g_byte_array_new ();
  g_autoptr(GByteArray) predicted = NULL;
  GByteArray *out = g_byte_array_new ();
  const char *members[] = { simple_bodies[1], simple_bodies[2], simple_bodies[3] };
  gsize off1, off5, off6, table_at = 0;
  guint8 zbuf[4096];
  uLongf zlen = sizeof zbuf;

  off1 = s->len;
  g_string_append_printf (s, "1 0 obj\n%s\nendobj\n", simple_bodies[0]);

  for (guint i = 0; i < 3; i++)
    {
      g_string_append_printf (objstm, "%u %" G_GSIZE_FORMAT " ", i + 2, objstm_body->len);
      g_string_append_printf (objstm_body, "%s\n", members[i]);
    }
  off5 = s->len;
  g_string_append_printf (s, "5 0 obj\n<< /Type /ObjStm /N 3 /First %" G_GSIZE_FORMAT " /Length %"
                          G_GSIZE_FORMAT " >>\nstream\n%s%s\nendstream\nendobj\n",
                          objstm->len, objstm->len + objstm_body->len, objstm->str, objstm_body->str);

  off6 = s->len;
  /* rows: type(1) offset(2) gen/index(1) for objects 0..6 */
  put (rows, 0, 1); put (rows, 0, 2); put (rows, 255, 1);
  put (rows, 1, 1); put (rows, off1, 2); put (rows, 0, 1);
  for (guint i = 0; i < 3; i++)
    {
      put (rows, 2, 1); put (rows, 5, 2); put (rows, i, 1);
    }
  put (rows, 1, 1); put (rows, off5, 2); put (rows, 0, 1);
  put (rows, 1, 1); put (rows, off6, 2); put (rows, 0, 1);
  predicted = predict_up (rows, 4);
  g_assert_cmpint (compress (zbuf, &zlen, predicted->data, predicted->len), ==, Z_OK);

  g_string_append_printf (s, "6 0 obj\n<< /Type /XRef /Size 7 /W [1 2 1] /Root 1 0 R /Filter /FlateDecode "
                          "/DecodeParms << /Predictor 12 /Columns 4 >> /Length %lu >>\nstream\n",
                          (unsigned long) zlen);
  g_byte_array_append (out, (const guint8 *) s->str, s->len);
  g_byte_array_append (out, zbuf, zlen);
  g_string_assign (s, "\nendstream\nendobj\n");

  if (hybrid)
    {
      table_at = out->len + s->len;
      g_string_append_printf (s, "xref\n0 2\n0000000000 65535 f\r\n%010" G_GSIZE_FORMAT " 00000 n\r\n"
                              "5 1\n%010" G_GSIZE_FORMAT " 00000 n\r\n"
                              "trailer\n<< /Size 7 /Root 1 0 R /XRefStm %" G_GSIZE_FORMAT " >>\n",
                              off1, off5, off6);
    }
  g_string_append_printf (s, "startxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", hybrid ? table_at : off6);
  g_byte_array_append (out, (const guint8 *) s->str, s->len);
  return out;
}

static void
test_xref_stream (void)
{
  g_autoptr(GByteArray) data = build_xref_stream_file (FALSE);
  g_autofree char *path = save (data, "xrefstream.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_false (sd_pdf_document_was_repaired (doc));
  g_assert_true (sd_pdf_document_get_xref (doc)->last_is_stream);
  check_simple_pages (doc);
}

static void
test_hybrid (void)
{
  g_autoptr(GByteArray) data = build_xref_stream_file (TRUE);
  g_autofree char *path = save (data, "hybrid.pdf");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_false (sd_pdf_document_was_repaired (doc));
  g_assert_false (sd_pdf_document_get_xref (doc)->last_is_stream);
  check_simple_pages (doc);
}

static void
test_repair_object_streams (void)
{
  g_autoptr(GByteArray) data = build_xref_stream_file (FALSE);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = NULL;
  guint8 *hit = memmem (data->data, data->len, "startxref\n", 10);

  /* point startxref nowhere: members of the object stream must still be found */
  memcpy (hit + 10, "9", 1);
  path = save (data, "broken-objstm.pdf");
  doc = sd_pdf_document_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_true (sd_pdf_document_was_repaired (doc));
  check_simple_pages (doc);
}

/* Appends an update made by the writer, re-reads the result. */
static SdPdfDocument *
write_update_and_reopen (const char *name,
                         GByteArray *data,
                         gboolean   *was_stream,
                         GByteArray **combined_out)
{
  g_autofree char *path = save (data, name);
  g_autofree char *out_path = g_strconcat (path, ".out.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_new_from_file (path, &error);
  g_autoptr(SdPdfUpdate) update = NULL;
  g_autoptr(GByteArray) tail = NULL;
  g_autoptr(SdPdfObj) marker = sd_pdf_dict_new ();
  g_autoptr(SdPdfObj) marker_ref = NULL;
  g_autoptr(SdPdfObj) catalog = NULL;
  GByteArray *combined;
  SdPdfDocument *reopened;

  g_assert_no_error (error);
  *was_stream = sd_pdf_document_get_xref (doc)->last_is_stream;
  update = sd_pdf_update_new (doc);
  sd_pdf_dict_set (marker, "Marker", sd_pdf_text_string_new ("新对象"));
  marker_ref = sd_pdf_update_add (update, g_steal_pointer (&marker));
  catalog = sd_pdf_document_get_catalog (doc, NULL);
  {
    SdPdfObj *copy = sd_pdf_obj_copy (catalog);

    sd_pdf_dict_set (copy, "SDskMarker", sd_pdf_obj_copy (marker_ref));
    sd_pdf_update_replace (update, 1, 0, copy);
  }
  tail = sd_pdf_update_serialize (update, &error);
  g_assert_no_error (error);

  combined = g_byte_array_new ();
  g_byte_array_append (combined, data->data, data->len);
  g_byte_array_append (combined, tail->data, tail->len);
  g_assert_true (g_file_set_contents (out_path, (const char *) combined->data, combined->len, NULL));
  *combined_out = combined;
  reopened = sd_pdf_document_new_from_file (out_path, &error);
  g_assert_no_error (error);
  return reopened;
}

static void
check_marker (SdPdfDocument *doc)
{
  g_autoptr(SdPdfObj) catalog = sd_pdf_document_get_catalog (doc, NULL);
  g_autoptr(SdPdfObj) marker = sd_pdf_document_lookup (doc, catalog, "SDskMarker");
  g_autofree char *text = sd_pdf_obj_get_text (sd_pdf_dict_get (marker, "Marker"));

  g_assert_cmpstr (text, ==, "新对象");
  check_simple_pages (doc);
}

static void
test_writer_classic (void)
{
  g_autoptr(GByteArray) data = build_classic (simple_bodies, 4, NULL, 0);
  g_autoptr(GByteArray) combined = NULL;
  gboolean was_stream;
  g_autoptr(SdPdfDocument) doc = write_update_and_reopen ("w-classic.pdf", data, &was_stream, &combined);

  g_assert_false (was_stream);
  g_assert_false (sd_pdf_document_was_repaired (doc));
  g_assert_false (sd_pdf_document_get_xref (doc)->last_is_stream);
  g_assert_true (memcmp (combined->data, data->data, data->len) == 0);
  check_marker (doc);
}

static void
test_writer_stream (void)
{
  g_autoptr(GByteArray) data = build_xref_stream_file (FALSE);
  g_autoptr(GByteArray) combined = NULL;
  gboolean was_stream;
  g_autoptr(SdPdfDocument) doc = write_update_and_reopen ("w-stream.pdf", data, &was_stream, &combined);

  g_assert_true (was_stream);
  g_assert_false (sd_pdf_document_was_repaired (doc));
  /* the update keeps the file's style */
  g_assert_true (sd_pdf_document_get_xref (doc)->last_is_stream);
  check_marker (doc);
}

static void
test_writer_repaired (void)
{
  g_autoptr(GByteArray) data = build_classic (simple_bodies, 4, NULL, 7);
  g_autoptr(GByteArray) combined = NULL;
  gboolean was_stream;
  g_autoptr(SdPdfDocument) doc = write_update_and_reopen ("w-repaired.pdf", data, &was_stream, &combined);

  /* the update's complete table makes the whole file readable without repair */
  g_assert_false (sd_pdf_document_was_repaired (doc));
  g_assert_null (sd_pdf_dict_get (sd_pdf_document_get_trailer (doc), "Prev"));
  check_marker (doc);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("sealdesk-test-XXXXXX", NULL);
  g_test_add_func ("/pdf/document/classic", test_classic);
  g_test_add_func ("/pdf/document/xref-stream", test_xref_stream);
  g_test_add_func ("/pdf/document/hybrid", test_hybrid);
  g_test_add_func ("/pdf/document/prev-chain", test_prev_chain);
  g_test_add_func ("/pdf/document/prev-loop", test_prev_loop);
  g_test_add_func ("/pdf/document/repair-shifted-offsets", test_repair_shifted_offsets);
  g_test_add_func ("/pdf/document/repair-no-startxref", test_repair_no_startxref);
  g_test_add_func ("/pdf/document/repair-object-streams", test_repair_object_streams);
  g_test_add_func ("/pdf/document/refuse-garbage", test_refuse_garbage);
  g_test_add_func ("/pdf/writer/classic", test_writer_classic);
  g_test_add_func ("/pdf/writer/stream", test_writer_stream);
  g_test_add_func ("/pdf/writer/repaired", test_writer_repaired);
  ret = g_test_run ();
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmp_dir, name, NULL);
        g_unlink (p);
      }
    g_rmdir (tmp_dir);
  }
  g_free (tmp_dir);
  return ret;
}
