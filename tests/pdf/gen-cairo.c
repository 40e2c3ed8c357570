/* gen-cairo: writes a small multi-page A4 PDF with text using cairo's PDF
 * backend, as a corpus input produced by a real-world producer.
 *
 * Usage: gen-cairo OUT.pdf [PAGES]
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>

#define A4_WIDTH_PT  595.2755905511812
#define A4_HEIGHT_PT 841.8897637795276

int
main (int argc, char **argv)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  int pages = 3;
  int i;

  if (argc < 2 || argc > 3)
    {
      fprintf (stderr, "usage: gen-cairo OUT.pdf [PAGES]\n");
      return 2;
    }
  if (argc == 3)
    {
      pages = atoi (argv[2]);
      if (pages < 1 || pages > 100)
        {
          fprintf (stderr, "gen-cairo: PAGES must be 1..100\n");
          return 2;
        }
    }

  surface = cairo_pdf_surface_create (argv[1], A4_WIDTH_PT, A4_HEIGHT_PT);
  cr = cairo_create (surface);

  for (i = 0; i < pages; i++)
    {
      char line[64];

      /* A light grey frame, some black text and a blue box: nothing red,
       * so the seal's red pixels are easy to tell apart. */
      cairo_set_source_rgb (cr, 0.8, 0.8, 0.8);
      cairo_set_line_width (cr, 1.0);
      cairo_rectangle (cr, 36, 36, A4_WIDTH_PT - 72, A4_HEIGHT_PT - 72);
      cairo_stroke (cr);

      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                              CAIRO_FONT_WEIGHT_NORMAL);
      cairo_set_font_size (cr, 18);
      snprintf (line, sizeof line, "SealDesk cairo test page %d of %d", i + 1, pages);
      cairo_move_to (cr, 72, 108);
      cairo_show_text (cr, line);
      cairo_set_font_size (cr, 11);
      cairo_move_to (cr, 72, 140);
      cairo_show_text (cr, "The quick brown fox jumps over the lazy dog.");

      cairo_set_source_rgb (cr, 0.1, 0.2, 0.8);
      cairo_rectangle (cr, 72, 180, 120, 40);
      cairo_fill (cr);

      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      fprintf (stderr, "gen-cairo: %s\n", cairo_status_to_string (status));
      return 1;
    }
  return 0;
}
