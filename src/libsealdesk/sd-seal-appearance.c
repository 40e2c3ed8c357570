/* sd-seal-appearance.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sd-seal-appearance.h"

/* Marks our image XObjects with the pixels' digest (a second-class name,
 * ISO 32000 annex E) so that later seals can find and reuse them. */
#define DIGEST_KEY "SDsk_SealDigest"

static SdPdfObj *
find_image_in_form (SdPdfDocument *document,
                    SdPdfObj      *form,
                    const char    *digest)
{
  g_autoptr(SdPdfObj) resources = sd_pdf_document_lookup (document, form, "Resources");
  g_autoptr(SdPdfObj) xobjects = sd_pdf_document_lookup (document, resources, "XObject");

  for (guint i = 0; i < sd_pdf_dict_len (xobjects); i++)
    {
      const SdPdfDictEntry *e = sd_pdf_dict_entry (xobjects, i);
      g_autoptr(SdPdfObj) image = NULL;
      SdPdfObj *mark;

      if (e->value->type != SD_PDF_REF)
        continue;
      image = sd_pdf_document_resolve (document, e->value);
      mark = sd_pdf_dict_get (image, DIGEST_KEY);
      if (mark != NULL && mark->type == SD_PDF_STRING
          && mark->v.string.len == strlen (digest)
          && memcmp (mark->v.string.data, digest, mark->v.string.len) == 0)
        return sd_pdf_obj_copy (e->value);
    }
  return NULL;
}

/* Looks through the signature widgets for an image with @digest. */
static SdPdfObj *
find_existing_image (SdPdfDocument *document,
                     const char    *digest)
{
  g_autoptr(SdPdfObj) catalog = sd_pdf_document_get_catalog (document, NULL);
  g_autoptr(SdPdfObj) acroform = sd_pdf_document_lookup (document, catalog, "AcroForm");
  g_autoptr(SdPdfObj) fields = sd_pdf_document_lookup (document, acroform, "Fields");

  for (guint i = 0; i < sd_pdf_array_len (fields); i++)
    {
      g_autoptr(SdPdfObj) field = sd_pdf_document_resolve (document, sd_pdf_array_get (fields, i));
      g_autoptr(SdPdfObj) kids = sd_pdf_document_lookup (document, field, "Kids");
      guint n_widgets = kids ? sd_pdf_array_len (kids) : 1;

      if (!sd_pdf_obj_is_name (sd_pdf_dict_get (field, "FT"), "Sig"))
        continue;
      for (guint k = 0; k < n_widgets; k++)
        {
          g_autoptr(SdPdfObj) widget = kids ? sd_pdf_document_resolve (document, sd_pdf_array_get (kids, k))
                                            : sd_pdf_obj_ref (field);
          g_autoptr(SdPdfObj) ap = sd_pdf_document_lookup (document, widget, "AP");
          g_autoptr(SdPdfObj) normal = sd_pdf_document_lookup (document, ap, "N");
          SdPdfObj *found;

          if (normal != NULL && normal->type == SD_PDF_STREAM
              && (found = find_image_in_form (document, normal, digest)) != NULL)
            return found;
        }
    }
  return NULL;
}

/* An 8-bit image XObject of @image's size holding @plane, compressed. */
static SdPdfObj *
image_stream (const SdSealImage *image,
              GBytes            *plane,
              const char        *color_space)
{
  g_autoptr(SdPdfObj) dict = sd_pdf_dict_new ();

  sd_pdf_dict_set (dict, "Type", sd_pdf_name_new ("XObject"));
  sd_pdf_dict_set (dict, "Subtype", sd_pdf_name_new ("Image"));
  sd_pdf_dict_set (dict, "Width", sd_pdf_int_new (image->width));
  sd_pdf_dict_set (dict, "Height", sd_pdf_int_new (image->height));
  sd_pdf_dict_set (dict, "ColorSpace", sd_pdf_name_new (color_space));
  sd_pdf_dict_set (dict, "BitsPerComponent", sd_pdf_int_new (8));
  sd_pdf_dict_set (dict, "Filter", sd_pdf_name_new ("FlateDecode"));
  return sd_pdf_stream_new (dict, plane);
}

SdPdfObj *
sd_seal_appearance_add_image (SdPdfUpdate       *update,
                              SdPdfDocument     *document,
                              const SdSealImage *image)
{
  g_autoptr(SdPdfObj) stream = NULL;
  SdPdfObj *existing;

  if ((existing = find_existing_image (document, image->digest)) != NULL)
    return existing;

  stream = image_stream (image, image->rgb, "DeviceRGB");
  sd_pdf_dict_set (stream->v.stream.dict, DIGEST_KEY,
                   sd_pdf_string_new ((const guint8 *) image->digest, strlen (image->digest)));
  if (image->alpha != NULL)
    sd_pdf_dict_set (stream->v.stream.dict, "SMask",
                     sd_pdf_update_add (update, image_stream (image, image->alpha, "DeviceGray")));
  return sd_pdf_update_add (update, g_steal_pointer (&stream));
}

SdPdfObj *
sd_seal_appearance_add_font (SdPdfUpdate *update)
{
  g_autoptr(SdPdfObj) font = sd_pdf_dict_new ();
  g_autoptr(SdPdfObj) cid_font = sd_pdf_dict_new ();
  g_autoptr(SdPdfObj) info = sd_pdf_dict_new ();
  g_autoptr(SdPdfObj) descriptor = sd_pdf_dict_new ();
  g_autoptr(SdPdfObj) bbox = sd_pdf_array_new ();
  g_autoptr(SdPdfObj) widths = sd_pdf_array_new ();
  g_autoptr(SdPdfObj) descendants = sd_pdf_array_new ();
  const int box[4] = { -25, -254, 1000, 880 };

  for (guint i = 0; i < 4; i++)
    sd_pdf_array_append (bbox, sd_pdf_int_new (box[i]));
  sd_pdf_dict_set (descriptor, "Type", sd_pdf_name_new ("FontDescriptor"));
  sd_pdf_dict_set (descriptor, "FontName", sd_pdf_name_new ("STSong-Light"));
  sd_pdf_dict_set (descriptor, "Flags", sd_pdf_int_new (6));  /* serif, symbolic */
  sd_pdf_dict_set (descriptor, "FontBBox", g_steal_pointer (&bbox));
  sd_pdf_dict_set (descriptor, "ItalicAngle", sd_pdf_int_new (0));
  sd_pdf_dict_set (descriptor, "Ascent", sd_pdf_int_new (880));
  sd_pdf_dict_set (descriptor, "Descent", sd_pdf_int_new (-120));
  sd_pdf_dict_set (descriptor, "CapHeight", sd_pdf_int_new (880));
  sd_pdf_dict_set (descriptor, "StemV", sd_pdf_int_new (93));

  sd_pdf_dict_set (info, "Registry", sd_pdf_string_new ((const guint8 *) "Adobe", 5));
  sd_pdf_dict_set (info, "Ordering", sd_pdf_string_new ((const guint8 *) "GB1", 3));
  sd_pdf_dict_set (info, "Supplement", sd_pdf_int_new (2));

  /* CIDs 1–95 are the proportional Latin glyphs that UniGB-UCS2-H maps
   * ASCII to; half an em is their average and keeps Latin text tidy. */
  sd_pdf_array_append (widths, sd_pdf_int_new (1));
  sd_pdf_array_append (widths, sd_pdf_int_new (95));
  sd_pdf_array_append (widths, sd_pdf_int_new (500));

  sd_pdf_dict_set (cid_font, "Type", sd_pdf_name_new ("Font"));
  sd_pdf_dict_set (cid_font, "Subtype", sd_pdf_name_new ("CIDFontType0"));
  sd_pdf_dict_set (cid_font, "BaseFont", sd_pdf_name_new ("STSong-Light"));
  sd_pdf_dict_set (cid_font, "CIDSystemInfo", g_steal_pointer (&info));
  sd_pdf_dict_set (cid_font, "FontDescriptor", sd_pdf_update_add (update, g_steal_pointer (&descriptor)));
  sd_pdf_dict_set (cid_font, "DW", sd_pdf_int_new (1000));
  sd_pdf_dict_set (cid_font, "W", g_steal_pointer (&widths));
  sd_pdf_array_append (descendants, g_steal_pointer (&cid_font));

  sd_pdf_dict_set (font, "Type", sd_pdf_name_new ("Font"));
  sd_pdf_dict_set (font, "Subtype", sd_pdf_name_new ("Type0"));
  sd_pdf_dict_set (font, "BaseFont", sd_pdf_name_new ("STSong-Light"));
  sd_pdf_dict_set (font, "Encoding", sd_pdf_name_new ("UniGB-UCS2-H"));
  sd_pdf_dict_set (font, "DescendantFonts", g_steal_pointer (&descendants));
  return sd_pdf_update_add (update, g_steal_pointer (&font));
}

/* Text in UCS-2 (what UniGB-UCS2-H takes) as a hex string; its width in
 * thousandths of the font size. */
static char *
encode_text (const char *utf8,
             double     *width)
{
  GString *hex = g_string_new ("<");

  *width = 0;
  for (const char *p = utf8; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c > 0xffff)
        c = 0x3000;  /* outside UCS-2: an ideographic space stands in */
      g_string_append_printf (hex, "%04X", c);
      *width += c < 0x2e80 ? 500 : 1000;
    }
  g_string_append_c (hex, '>');
  return g_string_free (hex, FALSE);
}

static void
fmt (GString    *s,
     const char *label,
     double      v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.3f", v));
  g_string_append (s, label);
}

/* The form XObject around @content: BBox the widget's upright size, the
 * Matrix that turns it with the page, the seal image as /Seal. */
static SdPdfObj *
form_stream (const SdPlacement *placement,
             SdPdfObj          *image_ref,
             GString           *content,
             SdPdfObj          *resources)
{
  g_autoptr(SdPdfObj) dict = sd_pdf_dict_new ();
  g_autoptr(SdPdfObj) bbox = sd_pdf_array_new ();
  g_autoptr(SdPdfObj) matrix = sd_pdf_array_new ();
  g_autoptr(SdPdfObj) xobjects = sd_pdf_dict_new ();
  gsize len = content->len;
  g_autoptr(GBytes) data = g_bytes_new (content->str, len);

  sd_pdf_array_append (bbox, sd_pdf_int_new (0));
  sd_pdf_array_append (bbox, sd_pdf_int_new (0));
  sd_pdf_array_append (bbox, sd_pdf_real_new (placement->width));
  sd_pdf_array_append (bbox, sd_pdf_real_new (placement->height));
  for (guint i = 0; i < 6; i++)
    sd_pdf_array_append (matrix, sd_pdf_real_new (placement->matrix[i]));
  sd_pdf_dict_set (xobjects, "Seal", sd_pdf_obj_copy (image_ref));
  sd_pdf_dict_set (resources, "XObject", g_steal_pointer (&xobjects));

  sd_pdf_dict_set (dict, "Type", sd_pdf_name_new ("XObject"));
  sd_pdf_dict_set (dict, "Subtype", sd_pdf_name_new ("Form"));
  sd_pdf_dict_set (dict, "BBox", g_steal_pointer (&bbox));
  sd_pdf_dict_set (dict, "Matrix", g_steal_pointer (&matrix));
  sd_pdf_dict_set (dict, "Resources", sd_pdf_obj_ref (resources));
  return sd_pdf_stream_new (dict, data);
}

SdPdfObj *
sd_seal_appearance_new_form (const SdPlacement *placement,
                             const SdSealImage *image,
                             SdPdfObj          *image_ref,
                             const char        *text,
                             SdPdfObj          *font_ref)
{
  g_autoptr(SdPdfObj) resources = sd_pdf_dict_new ();
  g_autoptr(GString) content = g_string_new (NULL);
  double w = placement->width, h = placement->height;
  double area_h = h, band = 0, scale, iw, ih;

  if (text != NULL && *text != '\0' && font_ref != NULL)
    band = MIN (h * 0.2, w * 0.2);
  area_h = h - band;

  /* The image keeps its proportions, centred in the space above the text. */
  scale = MIN (w / image->width, area_h / image->height);
  iw = image->width * scale;
  ih = image->height * scale;
  g_string_append (content, "q\n");
  fmt (content, " 0 0 ", iw);
  fmt (content, " ", ih);
  fmt (content, " ", (w - iw) / 2);
  fmt (content, " cm\n/Seal Do\nQ\n", band + (area_h - ih) / 2);

  if (band > 0)
    {
      g_autoptr(SdPdfObj) fonts = sd_pdf_dict_new ();
      g_autofree char *hex = NULL;
      double text_width, size;

      hex = encode_text (text, &text_width);
      size = MIN (band * 0.8, text_width > 0 ? w * 1000 / text_width : band);
      g_string_append (content, "BT\n0 g\n/F1 ");
      fmt (content, " Tf\n", size);
      fmt (content, " ", (w - text_width * size / 1000) / 2);
      fmt (content, " Td\n", (band - size) / 2 + size * 0.12);
      g_string_append_printf (content, "%s Tj\nET\n", hex);
      sd_pdf_dict_set (fonts, "F1", sd_pdf_obj_copy (font_ref));
      sd_pdf_dict_set (resources, "Font", g_steal_pointer (&fonts));
    }

  return form_stream (placement, image_ref, content, resources);
}

SdPdfObj *
sd_seal_appearance_new_part_form (const SdPlacement *placement,
                                  const SdSealImage *image,
                                  SdPdfObj          *image_ref,
                                  double             seal_width,
                                  double             seal_height,
                                  double             part_x,
                                  double             part_y)
{
  g_autoptr(SdPdfObj) resources = sd_pdf_dict_new ();
  g_autoptr(GString) content = g_string_new (NULL);
  double w = placement->width, h = placement->height;
  double scale = MIN (seal_width / image->width, seal_height / image->height);
  double iw = image->width * scale, ih = image->height * scale;
  /* The seal's bottom-left in the widget's space (y up); the part's top is
   * the widget's top. */
  double seal_x = -part_x, seal_y = h + part_y - seal_height;

  g_string_append (content, "q\n0 0 ");
  fmt (content, " ", w);
  fmt (content, " re W n\n", h);
  fmt (content, " 0 0 ", iw);
  fmt (content, " ", ih);
  fmt (content, " ", seal_x + (seal_width - iw) / 2);
  fmt (content, " cm\n/Seal Do\nQ\n", seal_y + (seal_height - ih) / 2);
  return form_stream (placement, image_ref, content, resources);
}
