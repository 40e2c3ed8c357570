/* sd-test-fixtures.c: the files the GUI tests sign, and the checks of the
 * signed ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "sd-poppler-private.h"

#include "sd-test-fixtures.h"
#include "sd-test-gui.h"

#define PT(mm) ((mm) / SD_TEST_MM_PER_POINT)

void
sd_test_make_pdf_with (const char     *path,
                       guint           n_pages,
                       SdTestDrawPage  draw,
                       gpointer        data)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  for (guint i = 0; i < n_pages; i++)
    {
      cairo_save (cr);
      draw (cr, i, data);
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static void
draw_block (cairo_t *cr,
            guint    index,
            gpointer block_height)
{
  cairo_rectangle (cr, 100, 100, 200, *(double *) block_height);
  cairo_fill (cr);
}

void
sd_test_make_pdf (const char *path,
                  guint       n_pages,
                  double      block_height)
{
  sd_test_make_pdf_with (path, n_pages, draw_block, &block_height);
}

void
sd_test_show_text (cairo_t    *cr,
                   double      x,
                   double      y,
                   int         size,
                   const char *text,
                   double     *width,
                   double     *height)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autofree char *name = g_strdup_printf ("Noto Serif CJK SC %d", size);
  PangoFontDescription *font = pango_font_description_from_string (name);
  int w, h;

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_size (layout, &w, &h);
  if (width != NULL)
    *width = w / (double) PANGO_SCALE;
  if (height != NULL)
    *height = h / (double) PANGO_SCALE;
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

void
sd_test_make_seal (const char *path)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 400);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.85, 0, 0);
  cairo_arc (cr, 200, 200, 200, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

char *
sd_test_make_key_file (const char *dir)
{
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *command = NULL;
  char *p12 = g_build_filename (dir, "signer.p12", NULL);

  command = g_strdup_printf ("openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout '%s' -out '%s' "
                             "-subj '/CN=Zhang San/O=Baijia Pharma/serialNumber=91350100M000100Y43' "
                             "-addext keyUsage=critical,digitalSignature,nonRepudiation",
                             key, cert);
  sd_test_run (command);
  g_free (command);
  command = g_strdup_printf ("openssl pkcs12 -export -inkey '%s' -in '%s' -out '%s' -passout 'pass:%s'",
                             key, cert, p12, SD_TEST_KEY_FILE_PASSWORD);
  sd_test_run (command);
  return p12;
}

SdVerifyReport *
sd_test_verify (const char    *path,
                SdVerifyFlags  flags,
                guint          n_signatures,
                const char    *signer)
{
  g_autoptr(GError) error = NULL;
  SdVerifyReport *report = sd_pdf_verify_file_with_flags (path, NULL, flags, NULL, &error);
  SdSignatureReport *last;

  g_assert_no_error (error);
  g_assert_cmpuint (report->signatures->len, ==, n_signatures);
  for (guint i = 0; i < n_signatures; i++)
    {
      SdSignatureReport *signature = g_ptr_array_index (report->signatures, i);

      g_assert_cmpint (signature->status, ==, SD_SIGNATURE_VALID);
      g_assert_false (signature->modified);
    }
  last = g_ptr_array_index (report->signatures, n_signatures - 1);
  g_assert_true (last->digest_matches);
  g_assert_true (last->signature_verifies);
  g_assert_true (last->covers_whole_file);
  g_assert_cmpstr (last->signer_name, ==, signer);
  return report;
}

void
sd_test_assert_pdfsig (const char *path,
                       const char *signer)
{
  g_autofree char *pdfsig = g_find_program_in_path ("pdfsig");
  const char *argv[] = { pdfsig, path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (pdfsig);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_test_message ("pdfsig: %s", out);
  g_assert_nonnull (strstr (out, "Signature is Valid"));
  g_assert_null (strstr (out, "Signature is Invalid"));
  g_assert_nonnull (strstr (out, signer));
}

SdTestRedBox
sd_test_red_box (const char *path,
                 guint       index,
                 double      from_x_mm,
                 double      to_x_mm)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) document = poppler_document_new_from_file (uri, NULL, &error);
  g_autoptr(PopplerPage) page = NULL;
  const double scale = 4;  /* px per point */
  int width = (int) (595 * scale), height = (int) (842 * scale), stride;
  int left = G_MAXINT, top = G_MAXINT, right = -1, bottom = -1;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint8 *data;
  SdTestRedBox box = { FALSE, 0, 0, 0, 0 };

  g_assert_no_error (error);
  page = poppler_document_get_page (document, index);
  g_assert_nonnull (page);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < height; y++)
    for (int x = (int) (PT (from_x_mm) * scale); x < MIN (width, (int) (PT (to_x_mm) * scale)); x++)
      {
        guint8 *p = data + (gsize) y * stride + x * 4;  /* B G R A */

        if (p[2] > 150 && p[1] < 80 && p[0] < 80)
          {
            left = MIN (left, x);
            right = MAX (right, x);
            top = MIN (top, y);
            bottom = MAX (bottom, y);
          }
      }
  cairo_surface_destroy (surface);
  if (right < 0)
    return box;
  box.found = TRUE;
  box.left = left / scale * SD_TEST_MM_PER_POINT;
  box.top = top / scale * SD_TEST_MM_PER_POINT;
  box.right = (right + 1) / scale * SD_TEST_MM_PER_POINT;
  box.bottom = (bottom + 1) / scale * SD_TEST_MM_PER_POINT;
  g_test_message ("page %u: red from (%.2f, %.2f) mm to (%.2f, %.2f) mm", index + 1, box.left,
                  box.top, box.right, box.bottom);
  return box;
}
