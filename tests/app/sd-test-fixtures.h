/* sd-test-fixtures.h: the files the GUI tests sign and what they check in
 * the signed ones: A4 PDFs drawn with cairo, a seal PNG, a PKCS#12 key
 * file made by openssl; libsealdesk's verifier, pdfsig, and where a
 * seal's red is on a page as poppler renders it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "sd-pdf-verify.h"

G_BEGIN_DECLS

#define SD_TEST_MM_PER_POINT (25.4 / 72.0)

/* The key file's password; its certificate's subject is CN=Zhang San,
 * O=Baijia Pharma, serialNumber=91350100M000100Y43 */
#define SD_TEST_KEY_FILE_PASSWORD "correct horse"

typedef void (*SdTestDrawPage) (cairo_t *cr,
                                guint    index,
                                gpointer data);

/* An A4 PDF (595 × 842 pt) of @n_pages, page @index drawn by @draw
 * (black to begin with) */
void            sd_test_make_pdf_with   (const char     *path,
                                         guint           n_pages,
                                         SdTestDrawPage  draw,
                                         gpointer        data);
/* ... each page with a black block at 100–300 × 100–(100 + @block_height) pt */
void            sd_test_make_pdf        (const char     *path,
                                         guint           n_pages,
                                         double          block_height);
/* @text in Noto Serif CJK SC at @size pt (a font poppler finds), its
 * top-left at (@x, @y) pt; its size in points to @width and @height
 * (either may be NULL) */
void            sd_test_show_text       (cairo_t        *cr,
                                         double          x,
                                         double          y,
                                         int             size,
                                         const char     *text,
                                         double         *width,
                                         double         *height);
/* A red disc that touches the edges of its transparent 400 px square */
void            sd_test_make_seal       (const char     *path);
/* A self-signed signing certificate and its RSA key as DIR/signer.p12,
 * the path returned; key.pem and cert.pem are left beside it */
char           *sd_test_make_key_file   (const char     *dir);

/* libsealdesk's verifier (with @flags) finds @n_signatures in @path, each
 * valid and not modified after it; the last one's digest matches, its
 * signature verifies, it covers the whole file and names @signer.  The
 * report is returned for the caller's own checks. */
SdVerifyReport *sd_test_verify          (const char     *path,
                                         SdVerifyFlags   flags,
                                         guint           n_signatures,
                                         const char     *signer);
/* pdfsig (poppler) finds @path's signatures valid, none invalid, and
 * names @signer */
void            sd_test_assert_pdfsig   (const char     *path,
                                         const char     *signer);

typedef struct
{
  gboolean found;
  double   left, top, right, bottom;  /* mm */
} SdTestRedBox;

/* Where a seal's red is on page @index of @path as poppler renders it at
 * 4 px a point, looking only from @from_x_mm to @to_x_mm (other seals
 * left out) */
SdTestRedBox    sd_test_red_box         (const char     *path,
                                         guint           index,
                                         double          from_x_mm,
                                         double          to_x_mm);

G_END_DECLS
