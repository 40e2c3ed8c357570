/* sd-seal-drawing.h: draw Chinese seal images (公章, 法人章) as transparent PNGs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The ink colour of every seal: the red of Chinese seal paste, #E60012. */
#define SD_SEAL_INK_RED   0xE6
#define SD_SEAL_INK_GREEN 0x00
#define SD_SEAL_INK_BLUE  0x12

#define SD_SEAL_DEFAULT_PX_PER_MM      12.0
#define SD_SEAL_DEFAULT_ROUND_DIAMETER 40.0 /* mm; limited companies use 40 mm */
#define SD_SEAL_DEFAULT_SQUARE_SIZE    20.0 /* mm */

typedef enum
{
  SD_SEAL_SHAPE_ROUND,  /* company seal (公章) and its special-purpose variants */
  SD_SEAL_SHAPE_SQUARE, /* legal representative's seal (法人章) */
} SdSealShape;

/**
 * SdSealSpec:
 * @shape: round or square
 * @name: UTF-8; the company name (round, 2–40 characters) or the person's
 *   name (square, 2–4 characters)
 * @center_text: (nullable): round only: horizontal text under the star,
 *   e.g. 合同专用章 (at most 10 characters)
 * @code: (nullable): round only: the 13-digit anti-forgery code printed
 *   along the bottom arc
 * @size_mm: the diameter (round, 20–60 mm) or the side (square, 10–40 mm);
 *   0 for the default
 * @px_per_mm: resolution, 2–50; 0 for %SD_SEAL_DEFAULT_PX_PER_MM
 *
 * What to draw.  A plain struct: initialise it with sd_seal_spec_init() and
 * set the fields; the strings are borrowed.
 */
typedef struct
{
  SdSealShape shape;
  const char *name;
  const char *center_text;
  const char *code;
  double size_mm;
  double px_per_mm;
} SdSealSpec;

void sd_seal_spec_init (SdSealSpec *spec,
                        SdSealShape shape);

gboolean sd_seal_spec_validate (const SdSealSpec *spec,
                                GError          **error);

void sd_seal_spec_get_pixel_size (const SdSealSpec *spec,
                                  int              *width,
                                  int              *height);

GBytes *sd_seal_draw_png (const SdSealSpec *spec,
                          GError          **error);

gboolean sd_seal_save_png (const SdSealSpec *spec,
                           const char       *path,
                           gboolean          overwrite,
                           GError          **error);

G_END_DECLS
