/* sd-pdf-object.h: PDF objects as plain reference-counted values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SD_PDF_NULL,
  SD_PDF_BOOL,
  SD_PDF_INT,
  SD_PDF_REAL,
  SD_PDF_STRING,
  SD_PDF_NAME,
  SD_PDF_ARRAY,
  SD_PDF_DICT,
  SD_PDF_REF,
  SD_PDF_STREAM,
  /* Bytes written verbatim; the writer reports where they landed.  Used for
   * the /Contents and /ByteRange placeholders of a signature. */
  SD_PDF_RAW,
} SdPdfType;

typedef struct _SdPdfObj SdPdfObj;

typedef struct
{
  char     *key;
  SdPdfObj *value;
} SdPdfDictEntry;

struct _SdPdfObj
{
  guint     ref_count;
  SdPdfType type;
  gssize    raw_position;    /* RAW only: where it was last written, or -1 */
  union
  {
    gboolean boolean;
    gint64   integer;
    double   real;
    struct
    {
      guint8  *data;
      gsize    len;
    } string;                /* also RAW */
    char    *name;           /* without the slash, decoded (#xx resolved) */
    GPtrArray *array;        /* of SdPdfObj* */
    GArray  *dict;           /* of SdPdfDictEntry, in file order */
    struct
    {
      guint32 num;
      guint16 gen;
    } ref;
    struct
    {
      SdPdfObj *dict;
      goffset   offset;      /* of the raw data in the file, or -1 */
      GBytes   *data;        /* raw (still encoded) data when in memory */
    } stream;
  } v;
};

SdPdfObj   *sd_pdf_obj_ref          (SdPdfObj       *obj);
void        sd_pdf_obj_unref        (SdPdfObj       *obj);

SdPdfObj   *sd_pdf_null_new         (void);
SdPdfObj   *sd_pdf_bool_new         (gboolean        value);
SdPdfObj   *sd_pdf_int_new          (gint64          value);
SdPdfObj   *sd_pdf_real_new         (double          value);
SdPdfObj   *sd_pdf_string_new       (const guint8   *data,
                                     gsize           len);
/* A text string: PDFDocEncoding-safe ASCII as is, anything else UTF-16BE with BOM. */
SdPdfObj   *sd_pdf_text_string_new  (const char     *utf8);
SdPdfObj   *sd_pdf_name_new         (const char     *name);
SdPdfObj   *sd_pdf_array_new        (void);
SdPdfObj   *sd_pdf_dict_new         (void);
SdPdfObj   *sd_pdf_ref_new          (guint32         num,
                                     guint16         gen);
/* Takes a reference on @dict; @data is the encoded stream data. */
SdPdfObj   *sd_pdf_stream_new       (SdPdfObj       *dict,
                                     GBytes         *data);
SdPdfObj   *sd_pdf_raw_new          (const char     *bytes,
                                     gsize           len);
/* A deep copy of arrays and dicts (streams share their data). */
SdPdfObj   *sd_pdf_obj_copy         (SdPdfObj       *obj);

/* Arrays: the array takes ownership of @item. */
void        sd_pdf_array_append     (SdPdfObj       *array,
                                     SdPdfObj       *item);
guint       sd_pdf_array_len        (SdPdfObj       *array);
SdPdfObj   *sd_pdf_array_get        (SdPdfObj       *array,
                                     guint           index);

/* Dicts: set takes ownership of @value and replaces an existing key. */
void        sd_pdf_dict_set         (SdPdfObj       *dict,
                                     const char     *key,
                                     SdPdfObj       *value);
SdPdfObj   *sd_pdf_dict_get         (SdPdfObj       *dict,
                                     const char     *key);
gboolean    sd_pdf_dict_remove      (SdPdfObj       *dict,
                                     const char     *key);
guint       sd_pdf_dict_len         (SdPdfObj       *dict);
const SdPdfDictEntry *sd_pdf_dict_entry (SdPdfObj   *dict,
                                     guint           index);

/* The dict of a dict or of a stream, else NULL. */
SdPdfObj   *sd_pdf_obj_get_dict     (SdPdfObj       *obj);
gboolean    sd_pdf_obj_is_name      (SdPdfObj       *obj,
                                     const char     *name);
gboolean    sd_pdf_obj_get_number   (SdPdfObj       *obj,
                                     double         *value);
gboolean    sd_pdf_obj_get_int      (SdPdfObj       *obj,
                                     gint64         *value);
/* A text string decoded to UTF-8 (UTF-16BE with BOM, UTF-8 with BOM, or PDFDocEncoding). */
char       *sd_pdf_obj_get_text     (SdPdfObj       *obj);

/* A PDF date string (7.9.4: "D:YYYYMMDDHHmmSSOHH'mm'", later parts optional),
 * or NULL when it is not one. */
GDateTime  *sd_pdf_date_parse       (const char     *text);

/* Serializes @obj in PDF syntax.  A RAW object remembers where in @out it
 * was written (sd_pdf_raw_get_position()). */
void        sd_pdf_obj_write        (SdPdfObj       *obj,
                                     GByteArray     *out);
gssize      sd_pdf_raw_get_position (SdPdfObj       *raw);
void        sd_pdf_write_name       (GByteArray     *out,
                                     const char     *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPdfObj, sd_pdf_obj_unref)

G_END_DECLS
