/* sd-pdf-filter.c: FlateDecode with PNG/TIFF predictors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <zlib.h>

#include "sd-error.h"
#include "sd-pdf-filter.h"

static GByteArray *
inflate_bytes (const guint8 *data,
               gsize         len,
               gsize         max_output,
               GError      **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  z_stream zs = { 0 };
  guint8 buf[16384];
  int ret;

  if (inflateInit (&zs) != Z_OK)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_FAILED, _("Out of memory while decompressing."));
      return NULL;
    }
  zs.next_in = (Bytef *) data;
  zs.avail_in = len;
  do
    {
      zs.next_out = buf;
      zs.avail_out = sizeof buf;
      ret = inflate (&zs, Z_NO_FLUSH);
      g_byte_array_append (out, buf, sizeof buf - zs.avail_out);
      if (out->len > max_output)
        {
          inflateEnd (&zs);
          g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                       _("The PDF file is damaged: a compressed stream expands beyond %lu bytes."),
                       (gulong) max_output);
          return NULL;
        }
    }
  while (ret == Z_OK && (zs.avail_in > 0 || zs.avail_out == 0));
  inflateEnd (&zs);

  /* Truncated streams are common; keep what decoded, as other readers do,
   * unless nothing did. */
  if (ret != Z_STREAM_END && ret != Z_OK && ret != Z_BUF_ERROR && out->len == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                   _("The PDF file is damaged: a compressed stream cannot be decompressed."));
      return NULL;
    }
  return g_steal_pointer (&out);
}

static guint8
paeth (guint8 a,
       guint8 b,
       guint8 c)
{
  int p = a + b - c;
  int pa = ABS (p - a), pb = ABS (p - b), pc = ABS (p - c);

  if (pa <= pb && pa <= pc)
    return a;
  return pb <= pc ? b : c;
}

static GByteArray *
unpredict (GByteArray *in,
           SdPdfObj   *parms,
           GError    **error)
{
  gint64 predictor = 1, colors = 1, bpc = 8, columns = 1;
  gsize bpp, row_len;
  g_autoptr(GByteArray) out = NULL;

  sd_pdf_obj_get_int (sd_pdf_dict_get (parms, "Predictor"), &predictor);
  if (predictor == 1)
    return g_byte_array_ref (in);
  sd_pdf_obj_get_int (sd_pdf_dict_get (parms, "Colors"), &colors);
  sd_pdf_obj_get_int (sd_pdf_dict_get (parms, "BitsPerComponent"), &bpc);
  sd_pdf_obj_get_int (sd_pdf_dict_get (parms, "Columns"), &columns);
  if (colors < 1 || colors > 32 || (bpc != 1 && bpc != 2 && bpc != 4 && bpc != 8 && bpc != 16)
      || columns < 1 || columns > (1 << 24))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                   _("The PDF file is damaged: invalid predictor parameters."));
      return NULL;
    }
  bpp = MAX (1, (colors * bpc) / 8);
  row_len = (colors * bpc * columns + 7) / 8;
  out = g_byte_array_sized_new (in->len);

  if (predictor == 2)
    {
      if (bpc != 8)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_PDF_UNSUPPORTED,
                       _("This PDF uses a TIFF predictor with %d bits per component, which is not supported: "
                         "open it in a PDF viewer and save a new copy."),
                       (int) bpc);
          return NULL;
        }
      g_byte_array_append (out, in->data, in->len);
      for (gsize row = 0; row * row_len < out->len; row++)
        for (gsize i = bpp; i < row_len && row * row_len + i < out->len; i++)
          out->data[row * row_len + i] += out->data[row * row_len + i - bpp];
      return g_steal_pointer (&out);
    }

  if (predictor >= 10)
    {
      g_autofree guint8 *prev = g_malloc0 (row_len);

      for (gsize pos = 0; pos + 1 + row_len <= in->len; pos += row_len + 1)
        {
          guint8 type = in->data[pos];
          guint8 *row = in->data + pos + 1;

          for (gsize i = 0; i < row_len; i++)
            {
              guint8 left = i >= bpp ? row[i - bpp] : 0;
              guint8 up = prev[i];
              guint8 upleft = i >= bpp ? prev[i - bpp] : 0;

              switch (type)
                {
                case 0: break;
                case 1: row[i] += left; break;
                case 2: row[i] += up; break;
                case 3: row[i] += (left + up) / 2; break;
                case 4: row[i] += paeth (left, up, upleft); break;
                default:
                  g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                               _("The PDF file is damaged: invalid PNG predictor row."));
                  return NULL;
                }
            }
          memcpy (prev, row, row_len);
          g_byte_array_append (out, row, row_len);
        }
      return g_steal_pointer (&out);
    }

  g_set_error (error, SD_ERROR, SD_ERROR_PDF_UNSUPPORTED,
               _("This PDF uses predictor %d, which is not supported: open it in a PDF viewer and "
                 "save a new copy."), (int) predictor);
  return NULL;
}

GBytes *
sd_pdf_filter_decode (SdPdfObj *dict,
                      GBytes   *raw,
                      gsize     max_output,
                      GError  **error)
{
  SdPdfObj *filter = sd_pdf_dict_get (dict, "Filter");
  SdPdfObj *parms = sd_pdf_dict_get (dict, "DecodeParms");
  g_autoptr(GByteArray) data = NULL;
  guint n_filters;

  if (filter == NULL)
    return g_bytes_ref (raw);

  n_filters = filter->type == SD_PDF_ARRAY ? sd_pdf_array_len (filter) : 1;
  data = g_byte_array_new ();
  g_byte_array_append (data, g_bytes_get_data (raw, NULL), g_bytes_get_size (raw));

  for (guint i = 0; i < n_filters; i++)
    {
      SdPdfObj *f = filter->type == SD_PDF_ARRAY ? sd_pdf_array_get (filter, i) : filter;
      SdPdfObj *p = parms && parms->type == SD_PDF_ARRAY ? sd_pdf_array_get (parms, i) : parms;
      g_autoptr(GByteArray) decoded = NULL;

      if (sd_pdf_obj_is_name (f, "FlateDecode") || sd_pdf_obj_is_name (f, "Fl"))
        {
          g_autoptr(GByteArray) inflated = inflate_bytes (data->data, data->len, max_output, error);

          if (inflated == NULL)
            return NULL;
          if (p != NULL && p->type == SD_PDF_DICT)
            decoded = unpredict (inflated, p, error);
          else
            decoded = g_steal_pointer (&inflated);
          if (decoded == NULL)
            return NULL;
        }
      else
        {
          g_set_error (error, SD_ERROR, SD_ERROR_PDF_UNSUPPORTED,
                       _("This PDF uses the stream filter %s where only FlateDecode is supported: open it "
                         "in a PDF viewer and save a new copy."),
                       f && f->type == SD_PDF_NAME ? f->v.name : "?");
          return NULL;
        }
      g_byte_array_unref (data);
      data = g_steal_pointer (&decoded);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

GBytes *
sd_pdf_flate_encode (const guint8 *data,
                     gsize         len,
                     int           level)
{
  uLongf out_len = compressBound (len);
  guint8 *out = g_malloc (out_len);

  if (compress2 (out, &out_len, data, len, level) != Z_OK)
    {
      g_free (out);
      return NULL;
    }
  return g_bytes_new_take (g_realloc (out, out_len), out_len);
}
