/* sd-seal-drawing.c: draw Chinese seal images (公章, 法人章) as transparent PNGs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything is laid out in millimetres (the cairo CTM is scaled by the
 * resolution), and every text element is drawn from a layout shaped at a
 * fixed reference size and then scaled, so the result does not depend on
 * font hinting at small pixel sizes.
 */
#include "config.h"

#include "sd-seal-drawing.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "sd-atomic-file.h"
#include "sd-error.h"

/* The families, in order: a Song-like (宋体) CJK serif as seal makers use,
 * then anything CJK, then whatever fontconfig offers. */
#define SEAL_FONT_FAMILY "Noto Serif CJK SC, Noto Sans CJK SC, serif"

/* Layouts are shaped at this size (in user units) and scaled to the target. */
#define REF_SIZE 64.0

/* In CJK fonts the ideographic em box spans 0.88 em above the baseline to
 * 0.12 em below it; its centre is what we align on, so that flat glyphs such
 * as 一 stay where a full-height glyph would be. */
#define EM_BOX_CENTER_ABOVE_BASELINE 0.38

#define DEG(x) ((x) * G_PI / 180.0)

static void
spec_resolved (const SdSealSpec *spec,
               double           *size_mm,
               double           *px_per_mm)
{
  *size_mm = spec->size_mm;
  if (*size_mm <= 0)
    *size_mm = spec->shape == SD_SEAL_SHAPE_ROUND ? SD_SEAL_DEFAULT_ROUND_DIAMETER
                                                  : SD_SEAL_DEFAULT_SQUARE_SIZE;
  *px_per_mm = spec->px_per_mm > 0 ? spec->px_per_mm : SD_SEAL_DEFAULT_PX_PER_MM;
}

static gboolean
is_blank (const char *s)
{
  return s == NULL || *s == '\0';
}

/**
 * sd_seal_spec_init:
 * @spec: the spec to fill
 * @shape: round or square
 *
 * Sets every field to its default: no text, default size and resolution.
 */
void
sd_seal_spec_init (SdSealSpec *spec,
                   SdSealShape shape)
{
  g_return_if_fail (spec != NULL);

  memset (spec, 0, sizeof *spec);
  spec->shape = shape;
  spec->size_mm = shape == SD_SEAL_SHAPE_ROUND ? SD_SEAL_DEFAULT_ROUND_DIAMETER
                                               : SD_SEAL_DEFAULT_SQUARE_SIZE;
  spec->px_per_mm = SD_SEAL_DEFAULT_PX_PER_MM;
}

static gboolean
check_text (const char *text,
            const char *what,
            glong       min_chars,
            glong       max_chars,
            GError    **error)
{
  glong n;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   /* TRANSLATORS: %s is what the text is, e.g. "The seal name" */
                   _("%s is not valid UTF-8 text."), what);
      return FALSE;
    }

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                       _("%s must not contain spaces or control characters."), what);
          return FALSE;
        }
    }

  n = g_utf8_strlen (text, -1);
  if (n < min_chars || n > max_chars)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("%s must have %ld to %ld characters; it has %ld."),
                   what, min_chars, max_chars, n);
      return FALSE;
    }

  return TRUE;
}

/**
 * sd_seal_spec_validate:
 * @spec: the spec
 * @error: return location for a %SD_ERROR_INVALID_ARGUMENT error
 *
 * Checks @spec without drawing anything, so that callers can report bad
 * input as a usage error.
 *
 * Returns: %TRUE if sd_seal_draw_png() accepts @spec
 */
gboolean
sd_seal_spec_validate (const SdSealSpec *spec,
                       GError          **error)
{
  double size_mm, px_per_mm;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  spec_resolved (spec, &size_mm, &px_per_mm);

  switch (spec->shape)
    {
    case SD_SEAL_SHAPE_ROUND:
      if (is_blank (spec->name))
        {
          g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                               _("A round seal needs the company name."));
          return FALSE;
        }
      if (!check_text (spec->name, _("The company name"), 2, 40, error))
        return FALSE;
      if (!is_blank (spec->center_text) &&
          !check_text (spec->center_text, _("The text under the star"), 1, 10, error))
        return FALSE;
      if (!is_blank (spec->code))
        {
          gboolean digits = strlen (spec->code) == 13;

          for (const char *p = spec->code; digits && *p; p++)
            digits = g_ascii_isdigit (*p);
          if (!digits)
            {
              g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                                   _("The anti-forgery code must be exactly 13 digits."));
              return FALSE;
            }
        }
      if (size_mm < 20 || size_mm > 60)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                       _("The diameter of a round seal must be 20 to 60 mm, not %g mm."),
                       size_mm);
          return FALSE;
        }
      break;

    case SD_SEAL_SHAPE_SQUARE:
      if (is_blank (spec->name))
        {
          g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                               _("A square seal needs the person’s name."));
          return FALSE;
        }
      if (!check_text (spec->name, _("The person’s name"), 2, 4, error))
        return FALSE;
      if (!is_blank (spec->center_text) || !is_blank (spec->code))
        {
          g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                               _("A square seal has no center text and no anti-forgery code."));
          return FALSE;
        }
      if (size_mm < 10 || size_mm > 40)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                       _("The side of a square seal must be 10 to 40 mm, not %g mm."),
                       size_mm);
          return FALSE;
        }
      break;

    default:
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("Unknown seal shape."));
      return FALSE;
    }

  if (px_per_mm < 2 || px_per_mm > 50)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("The resolution must be 2 to 50 pixels per millimetre, not %g."),
                   px_per_mm);
      return FALSE;
    }

  return TRUE;
}

/**
 * sd_seal_spec_get_pixel_size:
 * @spec: a valid spec
 * @width: (out): the image width in pixels
 * @height: (out): the image height in pixels
 *
 * The size of the image sd_seal_draw_png() makes: the seal size times the
 * resolution, rounded.  The seal touches the image edges.
 */
void
sd_seal_spec_get_pixel_size (const SdSealSpec *spec,
                             int              *width,
                             int              *height)
{
  double size_mm, px_per_mm;
  int px;

  g_return_if_fail (spec != NULL);

  spec_resolved (spec, &size_mm, &px_per_mm);
  px = (int) lround (size_mm * px_per_mm);
  if (width)
    *width = px;
  if (height)
    *height = px;
}

/* --- text helpers --------------------------------------------------------- */

typedef struct
{
  PangoContext *context;
  PangoFontDescription *font;
} SealText;

static void
seal_text_clear (SealText *st)
{
  g_clear_object (&st->context);
  g_clear_pointer (&st->font, pango_font_description_free);
}

static void
seal_text_init (SealText *st,
                cairo_t  *cr)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  st->context = pango_cairo_create_context (cr);
  /* Shape at the reference size, untransformed; see fill_layout_at(). */
  pango_context_set_matrix (st->context, NULL);
  /* zh-cn makes fontconfig pick the Simplified Chinese face of the Noto
   * collection; without it 直, 角 etc. may come out in Japanese forms. */
  pango_context_set_language (st->context, pango_language_from_string ("zh-cn"));
  /* Hinting would snap outlines to a pixel grid that is not the final one. */
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (st->context, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (st->context, FALSE);

  st->font = pango_font_description_from_string (SEAL_FONT_FAMILY);
  pango_font_description_set_weight (st->font, PANGO_WEIGHT_BOLD);
  pango_font_description_set_absolute_size (st->font, REF_SIZE * PANGO_SCALE);
}

static PangoLayout *
seal_text_layout (SealText   *st,
                  const char *text,
                  gssize      len,
                  GError    **error)
{
  g_autoptr (PangoLayout) layout = pango_layout_new (st->context);

  pango_layout_set_font_description (layout, st->font);
  pango_layout_set_text (layout, text, len);

  /* Missing fonts give hex boxes: a seal with those must not be produced. */
  if (pango_layout_get_unknown_glyphs_count (layout) > 0)
    {
      g_autofree char *piece = g_strndup (text, len < 0 ? strlen (text) : (gsize) len);

      g_set_error (error, SD_ERROR, SD_ERROR_IMAGE,
                   _("No installed font can draw “%s”; install a Chinese font such as "
                     "fonts-noto-cjk."),
                   piece);
      return NULL;
    }

  return g_steal_pointer (&layout);
}

/* The advance width of @layout and the distance from its top to the centre
 * of the ideographic em box, in reference units. */
static void
layout_em_metrics (PangoLayout *layout,
                   double      *advance,
                   double      *em_center)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  *advance = (double) logical.width / PANGO_SCALE;
  *em_center = (double) pango_layout_get_baseline (layout) / PANGO_SCALE
               - EM_BOX_CENTER_ABOVE_BASELINE * REF_SIZE;
}

/* Fills @layout with its top left at (@x, @y) in the current user space.
 * The outline is made under the identity matrix and then placed: Pango
 * compensates advances for a non-uniform CTM, which would undo the
 * horizontal condensing, and shaping must not depend on where it goes. */
static void
fill_layout_at (cairo_t     *cr,
                PangoLayout *layout,
                double       x,
                double       y)
{
  cairo_path_t *path;

  cairo_save (cr);
  cairo_identity_matrix (cr);
  cairo_new_path (cr);
  cairo_move_to (cr, x, y);
  pango_cairo_layout_path (cr, layout);
  path = cairo_copy_path (cr);
  cairo_new_path (cr);
  cairo_restore (cr);

  cairo_append_path (cr, path);
  cairo_path_destroy (path);
  cairo_fill (cr);
}

/* --- round seal ----------------------------------------------------------- */

static void
draw_star (cairo_t *cr,
           double   cx,
           double   cy,
           double   radius)
{
  /* A regular star: the inner vertices sit at r·sin 18°/sin 126°. */
  double inner = radius * sin (DEG (18)) / sin (DEG (126));

  cairo_new_path (cr);
  for (int i = 0; i < 10; i++)
    {
      double r = i % 2 == 0 ? radius : inner;
      double a = DEG (36 * i); /* from the top, clockwise */

      cairo_line_to (cr, cx + r * sin (a), cy - r * cos (a));
    }
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* Each character of the name on its own, upright towards the rim. */
static gboolean
draw_name_arc (cairo_t    *cr,
               SealText   *st,
               const char *name,
               double      cx,
               double      cy,
               double      outer_radius,
               double      em,
               double      max_span,
               GError    **error)
{
  glong n = g_utf8_strlen (name, -1);
  double radius = outer_radius - em / 2; /* of the em box centres */
  /* Seal makers use condensed (长宋) characters; 8 % of the width between
   * them.  Longer names are condensed further, down to 55 % (less becomes
   * unreadable, so then the characters get smaller instead). */
  double squeeze = 0.78;
  /* Neighbours come closest at their inner ends: space them there. */
  double natural = n * (em * squeeze * 1.08) / (radius - 0.35 * em);
  double span, step;
  const char *p = name;

  if (natural > max_span)
    {
      span = max_span;
      for (int i = 0; i < 4; i++)
        {
          radius = outer_radius - em / 2;
          squeeze = (span / n) * (radius - 0.35 * em) / (em * 1.08);
          if (squeeze >= 0.55)
            break;
          em *= squeeze / 0.55;
        }
      squeeze = MAX (squeeze, 0.55);
    }
  else
    {
      /* Short names are spread out, as seal makers do, up to 60 % spacing. */
      span = MIN (MAX (natural, DEG (140)), natural * 1.6);
    }
  step = span / n;

  for (glong i = 0; i < n; i++, p = g_utf8_next_char (p))
    {
      g_autoptr (PangoLayout) layout = NULL;
      double angle = -span / 2 + step * (i + 0.5); /* from the top, clockwise */
      double advance, em_center;

      layout = seal_text_layout (st, p, g_utf8_next_char (p) - p, error);
      if (layout == NULL)
        return FALSE;
      layout_em_metrics (layout, &advance, &em_center);

      cairo_save (cr);
      cairo_translate (cr, cx, cy);
      cairo_rotate (cr, angle);
      cairo_translate (cr, 0, -radius);
      cairo_scale (cr, squeeze * em / REF_SIZE, em / REF_SIZE);
      fill_layout_at (cr, layout, -advance / 2, -em_center);
      cairo_restore (cr);
    }

  return TRUE;
}

/* The code reads left to right along the bottom, tops towards the centre. */
static gboolean
draw_code_arc (cairo_t    *cr,
               SealText   *st,
               const char *code,
               double      cx,
               double      cy,
               double      outer_radius,
               double      em,
               GError    **error)
{
  g_autoptr (PangoLayout) all = NULL;
  PangoRectangle ink, logical;
  double ink_center, ink_height, radius, pitch;
  glong n = strlen (code);
  const double squeeze = 0.85;

  all = seal_text_layout (st, code, -1, error);
  if (all == NULL)
    return FALSE;
  pango_layout_get_extents (all, &ink, &logical);
  ink_center = (ink.y + ink.height / 2.0) / PANGO_SCALE;
  ink_height = (double) ink.height / PANGO_SCALE * em / REF_SIZE;
  radius = outer_radius - ink_height / 2;
  /* One pitch for all digits: the font's digits are proportional (1 is
   * narrow), but a code reads best evenly spaced. */
  pitch = (double) logical.width / PANGO_SCALE / n * squeeze * em / REF_SIZE * 1.3;

  for (glong i = 0; i < n; i++)
    {
      g_autoptr (PangoLayout) layout = seal_text_layout (st, code + i, 1, error);
      double advance, em_center;
      double angle = (i - (n - 1) / 2.0) * pitch / radius; /* from the bottom, to the right */

      if (layout == NULL)
        return FALSE;
      layout_em_metrics (layout, &advance, &em_center);

      cairo_save (cr);
      cairo_translate (cr, cx + radius * sin (angle), cy + radius * cos (angle));
      cairo_rotate (cr, -angle);
      cairo_scale (cr, squeeze * em / REF_SIZE, em / REF_SIZE);
      fill_layout_at (cr, layout, -advance / 2, -ink_center);
      cairo_restore (cr);
    }

  return TRUE;
}

static gboolean
draw_round (cairo_t          *cr,
            SealText         *st,
            const SdSealSpec *spec,
            double            d,
            GError          **error)
{
  double r = d / 2, cx = r, cy = r;
  double border = 0.0275 * d;          /* 1.1 mm at 40 mm */
  double inset = 0.04 * d / 40;        /* keeps the anti-aliased rim inside the image */
  double text_top = r - border - 0.025 * d; /* 1 mm gap at 40 mm */
  gboolean has_code = !is_blank (spec->code);

  cairo_set_line_width (cr, border);
  cairo_arc (cr, cx, cy, r - border / 2 - inset, 0, 2 * G_PI);
  cairo_stroke (cr);

  draw_star (cr, cx, cy, 0.175 * d); /* 14 mm across at 40 mm */

  if (!draw_name_arc (cr, st, spec->name, cx, cy, text_top, 0.155 * d,
                      has_code ? DEG (230) : DEG (240), error))
    return FALSE;

  if (has_code && !draw_code_arc (cr, st, spec->code, cx, cy,
                                  r - border - 0.012 * d, 0.07 * d, error))
    return FALSE;

  if (!is_blank (spec->center_text))
    {
      g_autoptr (PangoLayout) layout = seal_text_layout (st, spec->center_text, -1, error);
      double em = 0.12 * d, y = cy + 0.235 * d;
      double bottom = y + em / 2, inner, max_width, advance, em_center, squeeze;

      if (layout == NULL)
        return FALSE;
      layout_em_metrics (layout, &advance, &em_center);

      /* Fit between the code (or the rim) on both sides, with a margin. */
      inner = has_code ? r - border - 0.09 * d : r - border - 0.04 * d;
      max_width = 2 * sqrt (MAX (inner * inner - (bottom - cy) * (bottom - cy), 0)) - 0.05 * d;
      squeeze = MIN (0.9, max_width / (advance * em / REF_SIZE));

      cairo_save (cr);
      cairo_translate (cr, cx, y);
      cairo_scale (cr, squeeze * em / REF_SIZE, em / REF_SIZE);
      fill_layout_at (cr, layout, -advance / 2, -em_center);
      cairo_restore (cr);
    }

  return TRUE;
}

/* --- square seal ---------------------------------------------------------- */

static gboolean
draw_square (cairo_t          *cr,
             SealText         *st,
             const SdSealSpec *spec,
             double            side,
             GError          **error)
{
  double border = 0.06 * side;   /* 1.2 mm at 20 mm */
  double pad = 0.035 * side;     /* between the border and the characters */
  double gutter = 0.03 * side;   /* between the cells */
  double inset = 0.02 * side / 20;
  double cell = (side - 2 * border - 2 * pad - gutter) / 2;
  g_autoptr (GString) text = g_string_new (spec->name);
  glong n = g_utf8_strlen (spec->name, -1);
  const char *p;

  /* 张三 → 张三之印, 王小明 → 王小明印, four characters stay as they are. */
  if (n == 2)
    g_string_append (text, "之印");
  else if (n == 3)
    g_string_append (text, "印");

  cairo_set_line_width (cr, border);
  cairo_rectangle (cr, border / 2 + inset, border / 2 + inset,
                   side - border - 2 * inset, side - border - 2 * inset);
  cairo_stroke (cr);

  p = text->str;
  for (int i = 0; i < 4; i++, p = g_utf8_next_char (p))
    {
      g_autoptr (PangoLayout) layout = seal_text_layout (st, p, g_utf8_next_char (p) - p, error);
      /* Right column top to bottom, then the left column. */
      int col = i < 2 ? 1 : 0, row = i % 2;
      double x0 = border + pad + col * (cell + gutter);
      double y0 = border + pad + row * (cell + gutter);
      double sx, sy, s, ix, iy, iw, ih;
      PangoRectangle ink;

      if (layout == NULL)
        return FALSE;
      pango_layout_get_extents (layout, &ink, NULL);
      ix = (double) ink.x / PANGO_SCALE;
      iy = (double) ink.y / PANGO_SCALE;
      iw = MAX ((double) ink.width / PANGO_SCALE, 1);
      ih = MAX ((double) ink.height / PANGO_SCALE, 1);

      /* Seal characters fill their cell; stretch each axis at most 35 % past
       * the uniform fit so that flat glyphs (一, 三) keep their character. */
      sx = cell / iw;
      sy = cell / ih;
      s = MIN (sx, sy);
      sx = MIN (sx, s * 1.35);
      sy = MIN (sy, s * 1.35);

      cairo_save (cr);
      cairo_translate (cr, x0 + cell / 2, y0 + cell / 2);
      cairo_scale (cr, sx, sy);
      fill_layout_at (cr, layout, -(ix + iw / 2), -(iy + ih / 2));
      cairo_restore (cr);
    }

  return TRUE;
}

/* --- output --------------------------------------------------------------- */

static cairo_status_t
append_to_byte_array (void                *closure,
                      const unsigned char *data,
                      unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * sd_seal_draw_png:
 * @spec: what to draw
 * @error: return location for an error
 *
 * Draws the seal in red on a transparent background.
 *
 * Returns: (transfer full): the PNG file contents, or %NULL with @error set
 */
GBytes *
sd_seal_draw_png (const SdSealSpec *spec,
                  GError          **error)
{
  g_autoptr (GByteArray) png = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  SealText st = { 0 };
  double size_mm, px_per_mm;
  gboolean ok;
  cairo_t *cr;
  int px;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sd_seal_spec_validate (spec, error))
    return NULL;

  spec_resolved (spec, &size_mm, &px_per_mm);
  sd_seal_spec_get_pixel_size (spec, &px, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, px, px);
  cr = cairo_create (surface);
  /* Map millimetres onto exactly the rounded pixel size. */
  cairo_scale (cr, px / size_mm, px / size_mm);
  cairo_set_source_rgb (cr, SD_SEAL_INK_RED / 255.0, SD_SEAL_INK_GREEN / 255.0,
                        SD_SEAL_INK_BLUE / 255.0);
  seal_text_init (&st, cr);

  if (spec->shape == SD_SEAL_SHAPE_ROUND)
    ok = draw_round (cr, &st, spec, size_mm, error);
  else
    ok = draw_square (cr, &st, spec, size_mm, error);

  seal_text_clear (&st);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (ok && status == CAIRO_STATUS_SUCCESS)
    {
      png = g_byte_array_sized_new (64 * 1024);
      status = cairo_surface_write_to_png_stream (surface, append_to_byte_array, png);
    }
  cairo_surface_destroy (surface);

  if (!ok)
    return NULL;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IMAGE, _("Cannot draw the seal: %s"),
                   cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

/**
 * sd_seal_save_png:
 * @spec: what to draw
 * @path: the PNG file to write
 * @overwrite: whether an existing @path may be replaced
 * @error: return location for an error
 *
 * Draws the seal and writes it to @path atomically: the file appears whole or
 * not at all, and without @overwrite an existing file is never replaced.
 *
 * Returns: %TRUE on success
 */
gboolean
sd_seal_save_png (const SdSealSpec *spec,
                  const char       *path,
                  gboolean          overwrite,
                  GError          **error)
{
  g_autoptr (GBytes) png = NULL;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  png = sd_seal_draw_png (spec, error);
  if (png == NULL)
    return FALSE;
  return sd_atomic_file_set_contents (path, png, overwrite, error);
}
