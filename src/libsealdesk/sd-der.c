/* sd-der.c: a small DER writer for building CMS structures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sd-der.h"

gsize
sd_der_length_size (gsize length)
{
  gsize size = 1;

  if (length < 0x80)
    return 1;
  while (length > 0)
    {
      size++;
      length >>= 8;
    }
  return size;
}

gsize
sd_der_tlv_size (gsize content_length)
{
  return 1 + sd_der_length_size (content_length) + content_length;
}

static void
write_length (guint8 *p,
              gsize   length)
{
  gsize size = sd_der_length_size (length);

  if (size == 1)
    {
      p[0] = (guint8) length;
      return;
    }
  p[0] = (guint8) (0x80 | (size - 1));
  for (gsize i = size - 1; i >= 1; i--)
    {
      p[i] = (guint8) (length & 0xff);
      length >>= 8;
    }
}

void
sd_der_add_length (GByteArray *out,
                   gsize       length)
{
  guint8 buf[sizeof (gsize) + 1];

  write_length (buf, length);
  g_byte_array_append (out, buf, (guint) sd_der_length_size (length));
}

void
sd_der_add_tlv (GByteArray   *out,
                guint8        tag,
                const guint8 *content,
                gsize         content_length)
{
  g_byte_array_append (out, &tag, 1);
  sd_der_add_length (out, content_length);
  if (content_length > 0)
    g_byte_array_append (out, content, (guint) content_length);
}

void
sd_der_add_raw (GByteArray   *out,
                const guint8 *der,
                gsize         der_length)
{
  if (der_length > 0)
    g_byte_array_append (out, der, (guint) der_length);
}

void
sd_der_add_raw_bytes (GByteArray *out,
                      GBytes     *der)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (der, &length);

  sd_der_add_raw (out, data, length);
}

gsize
sd_der_begin (GByteArray *out,
              guint8      tag)
{
  /* Tag plus a one-byte length placeholder; sd_der_end() widens it if needed. */
  guint8 header[2] = { tag, 0 };

  g_byte_array_append (out, header, 2);
  return out->len - 1;
}

void
sd_der_end (GByteArray *out,
            gsize       mark)
{
  gsize content_length;
  gsize size;

  g_return_if_fail (mark < out->len);

  content_length = out->len - mark - 1;
  size = sd_der_length_size (content_length);
  if (size > 1)
    {
      g_byte_array_set_size (out, (guint) (out->len + size - 1));
      memmove (out->data + mark + size, out->data + mark + 1, content_length);
    }
  write_length (out->data + mark, content_length);
}

void
sd_der_add_unsigned (GByteArray   *out,
                     const guint8 *magnitude,
                     gsize         length)
{
  gsize mark;

  while (length > 1 && magnitude[0] == 0)
    {
      magnitude++;
      length--;
    }

  mark = sd_der_begin (out, SD_DER_INTEGER);
  if (length == 0)
    {
      guint8 zero = 0;

      g_byte_array_append (out, &zero, 1);
    }
  else
    {
      if (magnitude[0] & 0x80)
        {
          guint8 zero = 0;

          g_byte_array_append (out, &zero, 1);
        }
      g_byte_array_append (out, magnitude, (guint) length);
    }
  sd_der_end (out, mark);
}

void
sd_der_add_integer (GByteArray *out,
                    gint64      value)
{
  guint8 buf[8];
  gsize start = 0;

  for (int i = 7; i >= 0; i--)
    {
      buf[i] = (guint8) (value & 0xff);
      value >>= 8;  /* arithmetic shift keeps the sign for negative values */
    }

  /* Minimal two's complement: drop a leading byte that only repeats the sign. */
  while (start < 7
         && ((buf[start] == 0x00 && (buf[start + 1] & 0x80) == 0)
             || (buf[start] == 0xff && (buf[start + 1] & 0x80) != 0)))
    start++;

  sd_der_add_tlv (out, SD_DER_INTEGER, buf + start, 8 - start);
}

void
sd_der_add_null (GByteArray *out)
{
  sd_der_add_tlv (out, SD_DER_NULL, NULL, 0);
}

void
sd_der_add_octet_string (GByteArray   *out,
                         const guint8 *data,
                         gsize         length)
{
  sd_der_add_tlv (out, SD_DER_OCTET_STRING, data, length);
}

void
sd_der_add_oid_bytes (GByteArray   *out,
                      const guint8 *value,
                      gsize         length)
{
  sd_der_add_tlv (out, SD_DER_OID, value, length);
}

static void
append_base128 (GByteArray *out,
                guint64     arc)
{
  guint8 buf[10];
  int n = 0;

  do
    {
      buf[n++] = (guint8) (arc & 0x7f);
      arc >>= 7;
    }
  while (arc > 0);

  while (n > 0)
    {
      guint8 b = buf[--n];

      if (n > 0)
        b |= 0x80;
      g_byte_array_append (out, &b, 1);
    }
}

GBytes *
sd_der_encode_oid (const char *dotted)
{
  g_autoptr(GByteArray) value = NULL;
  g_auto(GStrv) arcs = NULL;
  guint64 first = 0;
  guint n_arcs;

  g_return_val_if_fail (dotted != NULL, NULL);

  arcs = g_strsplit (dotted, ".", -1);
  n_arcs = g_strv_length (arcs);
  if (n_arcs < 2)
    return NULL;

  value = g_byte_array_new ();
  for (guint i = 0; i < n_arcs; i++)
    {
      guint64 arc;

      if (arcs[i][0] == '\0' || !g_ascii_string_to_unsigned (arcs[i], 10, 0, G_MAXUINT32,
                                                             &arc, NULL))
        return NULL;

      if (i == 0)
        {
          if (arc > 2)
            return NULL;
          first = arc;
        }
      else if (i == 1)
        {
          if (first < 2 && arc >= 40)
            return NULL;
          append_base128 (value, first * 40 + arc);
        }
      else
        {
          append_base128 (value, arc);
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&value));
}

gboolean
sd_der_add_oid (GByteArray *out,
                const char *dotted)
{
  g_autoptr(GBytes) value = sd_der_encode_oid (dotted);
  gsize length = 0;
  const guint8 *data;

  if (value == NULL)
    return FALSE;

  data = g_bytes_get_data (value, &length);
  sd_der_add_oid_bytes (out, data, length);
  return TRUE;
}

static void
add_time (GByteArray *out,
          guint8      tag,
          GDateTime  *time,
          const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *text = g_date_time_format (utc, format);

  sd_der_add_tlv (out, tag, (const guint8 *) text, strlen (text));
}

gboolean
sd_der_add_utc_time (GByteArray *out,
                     GDateTime  *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  int year = g_date_time_get_year (utc);

  if (year < 1950 || year > 2049)
    return FALSE;

  add_time (out, SD_DER_UTC_TIME, utc, "%y%m%d%H%M%SZ");
  return TRUE;
}

void
sd_der_add_generalized_time (GByteArray *out,
                             GDateTime  *time)
{
  /* DER: no fractional seconds, always Z. */
  add_time (out, SD_DER_GENERALIZED_TIME, time, "%Y%m%d%H%M%SZ");
}

void
sd_der_add_time (GByteArray *out,
                 GDateTime  *time)
{
  if (!sd_der_add_utc_time (out, time))
    sd_der_add_generalized_time (out, time);
}

int
sd_der_compare_encodings (const guint8 *a,
                          gsize         a_length,
                          const guint8 *b,
                          gsize         b_length)
{
  gsize common = MIN (a_length, b_length);
  int cmp = common > 0 ? memcmp (a, b, common) : 0;

  if (cmp != 0)
    return cmp;

  /* The shorter one is padded with zeros: the longer is greater only if its
   * tail holds a non-zero byte. */
  for (gsize i = common; i < a_length; i++)
    if (a[i] != 0)
      return 1;
  for (gsize i = common; i < b_length; i++)
    if (b[i] != 0)
      return -1;
  return 0;
}

static int
compare_elements (gconstpointer a,
                  gconstpointer b)
{
  GBytes *ba = *(GBytes * const *) a;
  GBytes *bb = *(GBytes * const *) b;
  gsize la = 0;
  gsize lb = 0;
  const guint8 *da = g_bytes_get_data (ba, &la);
  const guint8 *db = g_bytes_get_data (bb, &lb);

  return sd_der_compare_encodings (da, la, db, lb);
}

void
sd_der_add_set_of (GByteArray *out,
                   GPtrArray  *elements)
{
  gsize mark;

  g_ptr_array_sort (elements, compare_elements);

  mark = sd_der_begin (out, SD_DER_SET);
  for (guint i = 0; i < elements->len; i++)
    sd_der_add_raw_bytes (out, g_ptr_array_index (elements, i));
  sd_der_end (out, mark);
}
