/* make-demo-contract.c: writes the two-page purchase contract the demo signs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#define MM (72.0 / 25.4)

static void
paragraph (cairo_t    *cr,
           const char *markup,
           double      x,
           double      y,
           double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Noto Serif CJK SC 11");

  pango_context_set_language (pango_layout_get_context (layout), pango_language_from_string ("zh-cn"));
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_markup (layout, markup, -1);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
}

int
main (int    argc,
      char **argv)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  if (argc != 2)
    {
      g_printerr ("usage: %s OUT.pdf\n", argv[0]);
      return 2;
    }
  surface = cairo_pdf_surface_create (argv[1], 210 * MM, 297 * MM);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, "采购合同（演示）");
  cr = cairo_create (surface);

  paragraph (cr, "<span size='x-large' weight='bold'>采购合同</span>", 90 * MM, 25 * MM, 60 * MM);
  paragraph (cr,
             "合同编号：SD-2026-0001\n\n"
             "甲方（采购方）：某某医药有限公司\n"
             "乙方（供货方）：某某科技有限公司\n\n"
             "第一条　标的：乙方向甲方供应电子签章客户端软件一套及其服务。\n"
             "第二条　价款：人民币壹拾万元整（¥100,000.00）。\n"
             "第三条　交付：合同签订之日起三十日内交付。\n"
             "第四条　质量：符合国家标准及双方约定的技术要求。\n"
             "第五条　争议：双方协商解决；协商不成的，向甲方所在地人民法院起诉。",
             25 * MM, 45 * MM, 160 * MM);
  cairo_show_page (cr);

  paragraph (cr,
             "第六条　本合同一式两份，甲乙双方各执一份，自双方盖章之日起生效。\n\n\n"
             "甲方（盖章）：　　　　　　　　　　　　乙方（盖章）：\n\n\n\n\n\n\n\n"
             "日期：2026年11月22日　　　　　　　　日期：2026年11月22日",
             25 * MM, 30 * MM, 160 * MM);
  cairo_show_page (cr);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_printerr ("%s: %s\n", argv[1], cairo_status_to_string (cairo_surface_status (surface)));
      return 1;
    }
  cairo_surface_destroy (surface);
  return 0;
}
