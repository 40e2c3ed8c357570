/* sd-pdf-object.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sd-pdf-object.h"

static SdPdfObj *
obj_new (SdPdfType type)
{
  SdPdfObj *obj = g_new0 (SdPdfObj, 1);

  obj->ref_count = 1;
  obj->type = type;
  obj->raw_position = -1;
  return obj;
}

SdPdfObj *
sd_pdf_obj_ref (SdPdfObj *obj)
{
  g_return_val_if_fail (obj != NULL, NULL);
  obj->ref_count++;
  return obj;
}

static void
dict_entry_clear (gpointer data)
{
  SdPdfDictEntry *entry = data;

  g_free (entry->key);
  sd_pdf_obj_unref (entry->value);
}

void
sd_pdf_obj_unref (SdPdfObj *obj)
{
  if (obj == NULL || --obj->ref_count > 0)
    return;

  switch (obj->type)
    {
    case SD_PDF_STRING:
    case SD_PDF_RAW:
      g_free (obj->v.string.data);
      break;
    case SD_PDF_NAME:
      g_free (obj->v.name);
      break;
    case SD_PDF_ARRAY:
      g_ptr_array_unref (obj->v.array);
      break;
    case SD_PDF_DICT:
      g_array_unref (obj->v.dict);
      break;
    case SD_PDF_STREAM:
      sd_pdf_obj_unref (obj->v.stream.dict);
      g_clear_pointer (&obj->v.stream.data, g_bytes_unref);
      break;
    case SD_PDF_NULL:
    case SD_PDF_BOOL:
    case SD_PDF_INT:
    case SD_PDF_REAL:
    case SD_PDF_REF:
    default:
      break;
    }
  g_free (obj);
}

SdPdfObj *
sd_pdf_null_new (void)
{
  return obj_new (SD_PDF_NULL);
}

SdPdfObj *
sd_pdf_bool_new (gboolean value)
{
  SdPdfObj *obj = obj_new (SD_PDF_BOOL);

  obj->v.boolean = !!value;
  return obj;
}

SdPdfObj *
sd_pdf_int_new (gint64 value)
{
  SdPdfObj *obj = obj_new (SD_PDF_INT);

  obj->v.integer = value;
  return obj;
}

SdPdfObj *
sd_pdf_real_new (double value)
{
  SdPdfObj *obj = obj_new (SD_PDF_REAL);

  obj->v.real = value;
  return obj;
}

SdPdfObj *
sd_pdf_string_new (const guint8 *data,
                   gsize         len)
{
  SdPdfObj *obj = obj_new (SD_PDF_STRING);

  obj->v.string.data = g_malloc (len + 1);
  if (len > 0)
    memcpy (obj->v.string.data, data, len);
  obj->v.string.data[len] = 0;
  obj->v.string.len = len;
  return obj;
}

SdPdfObj *
sd_pdf_text_string_new (const char *utf8)
{
  gboolean ascii = TRUE;
  g_autofree gunichar2 *utf16 = NULL;
  glong n_items = 0;
  g_autoptr(GByteArray) bytes = NULL;

  for (const char *p = utf8; *p; p++)
    if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
      {
        ascii = FALSE;
        break;
      }
  if (ascii)
    return sd_pdf_string_new ((const guint8 *) utf8, strlen (utf8));

  utf16 = g_utf8_to_utf16 (utf8, -1, NULL, &n_items, NULL);
  bytes = g_byte_array_new ();
  g_byte_array_append (bytes, (const guint8 *) "\xfe\xff", 2);
  for (glong i = 0; utf16 != NULL && i < n_items; i++)
    {
      guint8 be[2] = { utf16[i] >> 8, utf16[i] & 0xff };
      g_byte_array_append (bytes, be, 2);
    }
  return sd_pdf_string_new (bytes->data, bytes->len);
}

SdPdfObj *
sd_pdf_name_new (const char *name)
{
  SdPdfObj *obj = obj_new (SD_PDF_NAME);

  obj->v.name = g_strdup (name);
  return obj;
}

SdPdfObj *
sd_pdf_array_new (void)
{
  SdPdfObj *obj = obj_new (SD_PDF_ARRAY);

  obj->v.array = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_pdf_obj_unref);
  return obj;
}

SdPdfObj *
sd_pdf_dict_new (void)
{
  SdPdfObj *obj = obj_new (SD_PDF_DICT);

  obj->v.dict = g_array_new (FALSE, FALSE, sizeof (SdPdfDictEntry));
  g_array_set_clear_func (obj->v.dict, dict_entry_clear);
  return obj;
}

SdPdfObj *
sd_pdf_ref_new (guint32 num,
                guint16 gen)
{
  SdPdfObj *obj = obj_new (SD_PDF_REF);

  obj->v.ref.num = num;
  obj->v.ref.gen = gen;
  return obj;
}

SdPdfObj *
sd_pdf_stream_new (SdPdfObj *dict,
                   GBytes   *data)
{
  SdPdfObj *obj = obj_new (SD_PDF_STREAM);

  obj->v.stream.dict = sd_pdf_obj_ref (dict);
  obj->v.stream.offset = -1;
  obj->v.stream.data = data ? g_bytes_ref (data) : NULL;
  return obj;
}

SdPdfObj *
sd_pdf_raw_new (const char *bytes,
                gsize       len)
{
  SdPdfObj *obj = sd_pdf_string_new ((const guint8 *) bytes, len);

  obj->type = SD_PDF_RAW;
  return obj;
}

gssize
sd_pdf_raw_get_position (SdPdfObj *raw)
{
  g_return_val_if_fail (raw->type == SD_PDF_RAW, -1);
  return raw->raw_position;
}

SdPdfObj *
sd_pdf_obj_copy (SdPdfObj *obj)
{
  SdPdfObj *copy;

  switch (obj->type)
    {
    case SD_PDF_ARRAY:
      copy = sd_pdf_array_new ();
      for (guint i = 0; i < obj->v.array->len; i++)
        sd_pdf_array_append (copy, sd_pdf_obj_copy (g_ptr_array_index (obj->v.array, i)));
      return copy;
    case SD_PDF_DICT:
      copy = sd_pdf_dict_new ();
      for (guint i = 0; i < obj->v.dict->len; i++)
        {
          const SdPdfDictEntry *e = &g_array_index (obj->v.dict, SdPdfDictEntry, i);
          sd_pdf_dict_set (copy, e->key, sd_pdf_obj_copy (e->value));
        }
      return copy;
    case SD_PDF_STREAM:
      {
        g_autoptr(SdPdfObj) dict = sd_pdf_obj_copy (obj->v.stream.dict);

        copy = sd_pdf_stream_new (dict, obj->v.stream.data);
        copy->v.stream.offset = obj->v.stream.offset;
        return copy;
      }
    case SD_PDF_STRING:
      return sd_pdf_string_new (obj->v.string.data, obj->v.string.len);
    case SD_PDF_RAW:
      return sd_pdf_raw_new ((const char *) obj->v.string.data, obj->v.string.len);
    case SD_PDF_NAME:
      return sd_pdf_name_new (obj->v.name);
    case SD_PDF_NULL:
    case SD_PDF_BOOL:
    case SD_PDF_INT:
    case SD_PDF_REAL:
    case SD_PDF_REF:
    default:
      copy = obj_new (obj->type);
      copy->v = obj->v;
      return copy;
    }
}

void
sd_pdf_array_append (SdPdfObj *array,
                     SdPdfObj *item)
{
  g_return_if_fail (array->type == SD_PDF_ARRAY);
  g_ptr_array_add (array->v.array, item);
}

guint
sd_pdf_array_len (SdPdfObj *array)
{
  if (array == NULL || array->type != SD_PDF_ARRAY)
    return 0;
  return array->v.array->len;
}

SdPdfObj *
sd_pdf_array_get (SdPdfObj *array,
                  guint     index)
{
  if (array == NULL || array->type != SD_PDF_ARRAY || index >= array->v.array->len)
    return NULL;
  return g_ptr_array_index (array->v.array, index);
}

static SdPdfDictEntry *
dict_lookup (SdPdfObj   *dict,
             const char *key)
{
  for (guint i = 0; i < dict->v.dict->len; i++)
    {
      SdPdfDictEntry *e = &g_array_index (dict->v.dict, SdPdfDictEntry, i);

      if (strcmp (e->key, key) == 0)
        return e;
    }
  return NULL;
}

void
sd_pdf_dict_set (SdPdfObj   *dict,
                 const char *key,
                 SdPdfObj   *value)
{
  SdPdfDictEntry *e;
  SdPdfDictEntry entry;

  g_return_if_fail (dict->type == SD_PDF_DICT);

  if ((e = dict_lookup (dict, key)) != NULL)
    {
      sd_pdf_obj_unref (e->value);
      e->value = value;
      return;
    }
  entry.key = g_strdup (key);
  entry.value = value;
  g_array_append_val (dict->v.dict, entry);
}

SdPdfObj *
sd_pdf_dict_get (SdPdfObj   *dict,
                 const char *key)
{
  SdPdfDictEntry *e;

  if (dict != NULL && dict->type == SD_PDF_STREAM)
    dict = dict->v.stream.dict;
  if (dict == NULL || dict->type != SD_PDF_DICT)
    return NULL;
  e = dict_lookup (dict, key);
  /* A null value is the same as an absent key (ISO 32000 7.3.7). */
  if (e == NULL || e->value->type == SD_PDF_NULL)
    return NULL;
  return e->value;
}

gboolean
sd_pdf_dict_remove (SdPdfObj   *dict,
                    const char *key)
{
  for (guint i = 0; i < dict->v.dict->len; i++)
    {
      SdPdfDictEntry *e = &g_array_index (dict->v.dict, SdPdfDictEntry, i);

      if (strcmp (e->key, key) == 0)
        {
          g_array_remove_index (dict->v.dict, i);
          return TRUE;
        }
    }
  return FALSE;
}

guint
sd_pdf_dict_len (SdPdfObj *dict)
{
  if (dict == NULL || dict->type != SD_PDF_DICT)
    return 0;
  return dict->v.dict->len;
}

const SdPdfDictEntry *
sd_pdf_dict_entry (SdPdfObj *dict,
                   guint     index)
{
  g_return_val_if_fail (dict->type == SD_PDF_DICT && index < dict->v.dict->len, NULL);
  return &g_array_index (dict->v.dict, SdPdfDictEntry, index);
}

SdPdfObj *
sd_pdf_obj_get_dict (SdPdfObj *obj)
{
  if (obj == NULL)
    return NULL;
  if (obj->type == SD_PDF_DICT)
    return obj;
  if (obj->type == SD_PDF_STREAM)
    return obj->v.stream.dict;
  return NULL;
}

gboolean
sd_pdf_obj_is_name (SdPdfObj   *obj,
                    const char *name)
{
  return obj != NULL && obj->type == SD_PDF_NAME && strcmp (obj->v.name, name) == 0;
}

gboolean
sd_pdf_obj_get_number (SdPdfObj *obj,
                       double   *value)
{
  if (obj == NULL)
    return FALSE;
  if (obj->type == SD_PDF_INT)
    *value = (double) obj->v.integer;
  else if (obj->type == SD_PDF_REAL)
    *value = obj->v.real;
  else
    return FALSE;
  return TRUE;
}

gboolean
sd_pdf_obj_get_int (SdPdfObj *obj,
                    gint64   *value)
{
  if (obj == NULL || obj->type != SD_PDF_INT)
    return FALSE;
  *value = obj->v.integer;
  return TRUE;
}

/* PDFDocEncoding differs from Latin-1 only in 0x18..0x1f and 0x80..0x9f. */
static const gunichar pdfdoc_high[32] = {
  0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
  0x2039, 0x203a, 0x2212, 0x2030, 0x201e, 0x201c, 0x201d, 0x2018,
  0x2019, 0x201a, 0x2122, 0xfb01, 0xfb02, 0x0141, 0x0152, 0x0160,
  0x0178, 0x017d, 0x0131, 0x0142, 0x0153, 0x0161, 0x017e, 0xfffd,
};

char *
sd_pdf_obj_get_text (SdPdfObj *obj)
{
  const guint8 *d;
  gsize len;
  GString *out;

  if (obj == NULL || obj->type != SD_PDF_STRING)
    return NULL;
  d = obj->v.string.data;
  len = obj->v.string.len;

  if (len >= 2 && d[0] == 0xfe && d[1] == 0xff)
    {
      g_autofree gunichar2 *units = g_new0 (gunichar2, (len - 2) / 2 + 1);
      gsize n = (len - 2) / 2;

      for (gsize i = 0; i < n; i++)
        units[i] = (d[2 + 2 * i] << 8) | d[3 + 2 * i];
      return g_utf16_to_utf8 (units, n, NULL, NULL, NULL);
    }
  if (len >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf)
    {
      if (g_utf8_validate ((const char *) d + 3, len - 3, NULL))
        return g_strndup ((const char *) d + 3, len - 3);
      return NULL;
    }

  out = g_string_sized_new (len);
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = d[i];

      if (c >= 0x80 && c <= 0x9f)
        g_string_append_unichar (out, pdfdoc_high[c - 0x80]);
      else if (c == 0)
        g_string_append_unichar (out, 0xfffd);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
take_digits (const char **p,
             int          n,
             int         *value)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *value = v;
  return TRUE;
}

GDateTime *
sd_pdf_date_parse (const char *text)
{
  int year, month = 1, day = 1, hour = 0, minute = 0, second = 0, tz_h = 0, tz_m = 0;
  const char *p = text;
  g_autoptr(GTimeZone) tz = NULL;
  char sign = 'Z';

  if (p == NULL)
    return NULL;
  if (g_str_has_prefix (p, "D:"))
    p += 2;
  if (!take_digits (&p, 4, &year))
    return NULL;
  /* Each later field is optional, but only in order. */
  if (take_digits (&p, 2, &month) && take_digits (&p, 2, &day) && take_digits (&p, 2, &hour)
      && take_digits (&p, 2, &minute))
    take_digits (&p, 2, &second);
  if (*p == '+' || *p == '-' || *p == 'Z')
    {
      sign = *p++;
      if (sign != 'Z' && take_digits (&p, 2, &tz_h))
        {
          if (*p == '\'')
            p++;
          take_digits (&p, 2, &tz_m);
        }
    }
  if (sign == 'Z')
    tz = g_time_zone_new_utc ();
  else
    tz = g_time_zone_new_offset ((sign == '-' ? -1 : 1) * (tz_h * 3600 + tz_m * 60));
  return g_date_time_new (tz, year, month, day, hour, minute, second);
}

static void
append_str (GByteArray *out,
            const char *s)
{
  g_byte_array_append (out, (const guint8 *) s, strlen (s));
}

static gboolean
is_regular_name_char (guint8 c)
{
  /* Delimiters, white space, '#' and anything outside printable ASCII are escaped. */
  if (c < 0x21 || c > 0x7e)
    return FALSE;
  return strchr ("()<>[]{}/%#", c) == NULL;
}

void
sd_pdf_write_name (GByteArray *out,
                   const char *name)
{
  g_byte_array_append (out, (const guint8 *) "/", 1);
  for (const guint8 *p = (const guint8 *) name; *p; p++)
    {
      if (is_regular_name_char (*p))
        g_byte_array_append (out, p, 1);
      else
        {
          char esc[4];

          g_snprintf (esc, sizeof esc, "#%02X", *p);
          g_byte_array_append (out, (const guint8 *) esc, 3);
        }
    }
}

static void
write_real (GByteArray *out,
            double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *p;

  /* PDF has no exponents: fixed notation, trailing zeros trimmed. */
  g_ascii_formatd (buf, sizeof buf, "%.4f", value);
  p = buf + strlen (buf) - 1;
  while (p > buf && *p == '0')
    *p-- = 0;
  if (p > buf && *p == '.')
    *p = 0;
  if (strcmp (buf, "-0") == 0)
    strcpy (buf, "0");
  append_str (out, buf);
}

static void
write_string (GByteArray   *out,
              const guint8 *data,
              gsize         len)
{
  static const char hex[] = "0123456789ABCDEF";
  gboolean printable = TRUE;

  for (gsize i = 0; i < len; i++)
    if (data[i] < 0x20 || data[i] > 0x7e)
      {
        printable = FALSE;
        break;
      }

  if (printable)
    {
      g_byte_array_append (out, (const guint8 *) "(", 1);
      for (gsize i = 0; i < len; i++)
        {
          if (data[i] == '(' || data[i] == ')' || data[i] == '\\')
            g_byte_array_append (out, (const guint8 *) "\\", 1);
          g_byte_array_append (out, &data[i], 1);
        }
      g_byte_array_append (out, (const guint8 *) ")", 1);
      return;
    }

  g_byte_array_append (out, (const guint8 *) "<", 1);
  for (gsize i = 0; i < len; i++)
    {
      guint8 pair[2] = { hex[data[i] >> 4], hex[data[i] & 0xf] };
      g_byte_array_append (out, pair, 2);
    }
  g_byte_array_append (out, (const guint8 *) ">", 1);
}

void
sd_pdf_obj_write (SdPdfObj   *obj,
                  GByteArray *out)
{
  char buf[64];

  switch (obj->type)
    {
    case SD_PDF_NULL:
      append_str (out, "null");
      break;
    case SD_PDF_BOOL:
      append_str (out, obj->v.boolean ? "true" : "false");
      break;
    case SD_PDF_INT:
      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, obj->v.integer);
      append_str (out, buf);
      break;
    case SD_PDF_REAL:
      write_real (out, obj->v.real);
      break;
    case SD_PDF_STRING:
      write_string (out, obj->v.string.data, obj->v.string.len);
      break;
    case SD_PDF_NAME:
      sd_pdf_write_name (out, obj->v.name);
      break;
    case SD_PDF_ARRAY:
      append_str (out, "[");
      for (guint i = 0; i < obj->v.array->len; i++)
        {
          if (i > 0)
            append_str (out, " ");
          sd_pdf_obj_write (g_ptr_array_index (obj->v.array, i), out);
        }
      append_str (out, "]");
      break;
    case SD_PDF_DICT:
      append_str (out, "<<");
      for (guint i = 0; i < obj->v.dict->len; i++)
        {
          const SdPdfDictEntry *e = &g_array_index (obj->v.dict, SdPdfDictEntry, i);

          sd_pdf_write_name (out, e->key);
          append_str (out, " ");
          sd_pdf_obj_write (e->value, out);
        }
      append_str (out, ">>");
      break;
    case SD_PDF_REF:
      g_snprintf (buf, sizeof buf, "%u %u R", obj->v.ref.num, obj->v.ref.gen);
      append_str (out, buf);
      break;
    case SD_PDF_STREAM:
      {
        gsize len = 0;
        const guint8 *data = NULL;

        g_return_if_fail (obj->v.stream.data != NULL);
        data = g_bytes_get_data (obj->v.stream.data, &len);
        sd_pdf_dict_set (obj->v.stream.dict, "Length", sd_pdf_int_new (len));
        sd_pdf_obj_write (obj->v.stream.dict, out);
        append_str (out, "\nstream\n");
        g_byte_array_append (out, data, len);
        append_str (out, "\nendstream");
      }
      break;
    case SD_PDF_RAW:
      obj->raw_position = out->len;
      g_byte_array_append (out, obj->v.string.data, obj->v.string.len);
      break;
    default:
      g_return_if_reached ();
    }
}
