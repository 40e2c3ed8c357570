/* sd-der.h: a small DER writer for building CMS structures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything appends to a GByteArray.  Constructed values are written with
 * sd_der_begin() / sd_der_end(): the length is patched in when the content is
 * known, so nesting needs no temporary buffers.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Universal tags (with the constructed bit where it always applies) */
#define SD_DER_BOOLEAN           0x01
#define SD_DER_INTEGER           0x02
#define SD_DER_BIT_STRING        0x03
#define SD_DER_OCTET_STRING      0x04
#define SD_DER_NULL              0x05
#define SD_DER_OID               0x06
#define SD_DER_UTF8_STRING       0x0c
#define SD_DER_PRINTABLE_STRING  0x13
#define SD_DER_UTC_TIME          0x17
#define SD_DER_GENERALIZED_TIME  0x18
#define SD_DER_SEQUENCE          0x30
#define SD_DER_SET               0x31

/* [n] tags: constructed (EXPLICIT, or IMPLICIT over a constructed type) and primitive */
#define SD_DER_CONTEXT(n)            ((guint8) (0xa0 | ((n) & 0x1f)))
#define SD_DER_CONTEXT_PRIMITIVE(n)  ((guint8) (0x80 | ((n) & 0x1f)))

/* Bytes needed to encode a length (1 for short form) */
gsize    sd_der_length_size        (gsize          length);
/* Total size of a TLV with a one-byte tag and @content_length bytes of content */
gsize    sd_der_tlv_size           (gsize          content_length);

void     sd_der_add_length         (GByteArray    *out,
                                    gsize          length);
void     sd_der_add_tlv            (GByteArray    *out,
                                    guint8         tag,
                                    const guint8  *content,
                                    gsize          content_length);
/* Appends already encoded DER as is. */
void     sd_der_add_raw            (GByteArray    *out,
                                    const guint8  *der,
                                    gsize          der_length);
void     sd_der_add_raw_bytes      (GByteArray    *out,
                                    GBytes        *der);

/* Opens a constructed value; returns a mark for sd_der_end(). */
gsize    sd_der_begin              (GByteArray    *out,
                                    guint8         tag);
/* Closes the value opened at @mark, writing its definite length. */
void     sd_der_end                (GByteArray    *out,
                                    gsize          mark);

void     sd_der_add_integer        (GByteArray    *out,
                                    gint64         value);
/* A non-negative INTEGER from big-endian magnitude bytes (leading zeros are
 * dropped, a 0x00 is added when the top bit is set). */
void     sd_der_add_unsigned       (GByteArray    *out,
                                    const guint8  *magnitude,
                                    gsize          length);
void     sd_der_add_null           (GByteArray    *out);
void     sd_der_add_octet_string   (GByteArray    *out,
                                    const guint8  *data,
                                    gsize          length);
/* OBJECT IDENTIFIER from its value bytes (without tag and length) */
void     sd_der_add_oid_bytes      (GByteArray    *out,
                                    const guint8  *value,
                                    gsize          length);
/* OBJECT IDENTIFIER from dotted text such as "1.2.840.113549.1.7.2".
 * Returns FALSE (and writes nothing) when @dotted is not a valid OID. */
gboolean sd_der_add_oid            (GByteArray    *out,
                                    const char    *dotted);
/* The value bytes of an OID written in dotted text, or NULL if invalid. */
GBytes  *sd_der_encode_oid         (const char    *dotted);

/* UTCTime "YYMMDDHHMMSSZ" (years 1950-2049) */
gboolean sd_der_add_utc_time       (GByteArray    *out,
                                    GDateTime     *time);
/* GeneralizedTime "YYYYMMDDHHMMSSZ" */
void     sd_der_add_generalized_time (GByteArray  *out,
                                      GDateTime   *time);
/* The RFC 5280 / RFC 5652 choice: UTCTime up to 2049, GeneralizedTime after. */
void     sd_der_add_time           (GByteArray    *out,
                                    GDateTime     *time);

/* SET OF the given encoded elements (GBytes), sorted as DER requires
 * (X.690 11.6).  The array is sorted in place. */
void     sd_der_add_set_of         (GByteArray    *out,
                                    GPtrArray     *elements);
/* The X.690 11.6 order of two encodings: shorter is padded with zero bytes. */
int      sd_der_compare_encodings  (const guint8  *a,
                                    gsize          a_length,
                                    const guint8  *b,
                                    gsize          b_length);

G_END_DECLS
