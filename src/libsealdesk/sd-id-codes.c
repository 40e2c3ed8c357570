/* sd-id-codes.c: Chinese identity codes and where certificates carry them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include "sd-id-codes.h"

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const guint uscc_weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
static const guint org_weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
static const guint id_weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
static const char id_checks[] = "10X98765432";

/* The first character of a USCC is the registering authority (GB 32100
 * table 1); anything else is a random string that happens to pass. */
static const char uscc_authorities[] = "123456789ANY";

static int
uscc_value (char c)
{
  const char *p = c != '\0' ? strchr (uscc_alphabet, c) : NULL;

  return p != NULL ? (int) (p - uscc_alphabet) : -1;
}

gboolean
sd_uscc_is_valid (const char *code)
{
  guint sum = 0;

  if (code == NULL || strlen (code) != SD_USCC_LENGTH || strchr (uscc_authorities, code[0]) == NULL)
    return FALSE;
  for (guint i = 0; i < 17; i++)
    {
      int v = uscc_value (code[i]);

      if (v < 0)
        return FALSE;
      sum += (guint) v * uscc_weights[i];
    }
  if (uscc_value (code[17]) < 0)
    return FALSE;
  return uscc_alphabet[(31 - sum % 31) % 31] == code[17];
}

char *
sd_uscc_get_organization_code (const char *uscc)
{
  if (!sd_uscc_is_valid (uscc))
    return NULL;
  return g_strndup (uscc + 8, SD_ORGANIZATION_CODE_LENGTH);
}

static int
org_value (char c)
{
  if (g_ascii_isdigit (c))
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return -1;
}

char *
sd_organization_code_normalize (const char *code)
{
  char body[SD_ORGANIZATION_CODE_LENGTH + 1];
  gsize n = 0;
  guint sum = 0;
  guint check;

  if (code == NULL)
    return NULL;
  for (const char *p = code; *p != '\0'; p++)
    {
      /* the dash is only allowed before the check character */
      if (*p == '-' && n == 8 && p[1] != '\0' && p[2] == '\0')
        continue;
      if (n == SD_ORGANIZATION_CODE_LENGTH)
        return NULL;
      body[n++] = g_ascii_toupper (*p);
    }
  if (n != SD_ORGANIZATION_CODE_LENGTH)
    return NULL;
  body[n] = '\0';

  for (guint i = 0; i < 8; i++)
    {
      int v = org_value (body[i]);

      if (v < 0)
        return NULL;
      sum += (guint) v * org_weights[i];
    }
  check = 11 - sum % 11;
  if ((check == 10 && body[8] != 'X') || (check == 11 && body[8] != '0')
      || (check < 10 && body[8] != (char) ('0' + check)))
    return NULL;
  return g_strdup (body);
}

gboolean
sd_organization_code_is_valid (const char *code)
{
  g_autofree char *normal = sd_organization_code_normalize (code);

  return normal != NULL;
}

char *
sd_id_number_normalize (const char *id_number)
{
  g_autofree char *upper = NULL;
  guint sum = 0;
  guint year, month, day;

  if (id_number == NULL || strlen (id_number) != SD_ID_NUMBER_LENGTH)
    return NULL;
  upper = g_ascii_strup (id_number, -1);
  for (guint i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (upper[i]))
        return NULL;
      sum += (guint) (upper[i] - '0') * id_weights[i];
    }
  if (id_checks[sum % 11] != upper[17])
    return NULL;

  /* Characters 7–14 are the birth date. */
  year = (guint) ((upper[6] - '0') * 1000 + (upper[7] - '0') * 100 + (upper[8] - '0') * 10
                  + (upper[9] - '0'));
  month = (guint) ((upper[10] - '0') * 10 + (upper[11] - '0'));
  day = (guint) ((upper[12] - '0') * 10 + (upper[13] - '0'));
  if (year < 1900 || year > 2100 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month,
                                                       (GDateYear) year))
    return NULL;
  return g_steal_pointer (&upper);
}

gboolean
sd_id_number_is_valid (const char *id_number)
{
  g_autofree char *normal = sd_id_number_normalize (id_number);

  return normal != NULL;
}

char *
sd_id_number_mask (const char *id_number)
{
  gsize length;

  if (id_number == NULL)
    return NULL;
  length = strlen (id_number);
  if (length <= 10)
    return g_strnfill (length, '*');
  return g_strdup_printf ("%.6s%s%s", id_number, "********", id_number + length - 4);
}

gboolean
sd_enterprise_code_matches (const char *uscc,
                            const char *code)
{
  g_autofree char *own_org = sd_uscc_get_organization_code (uscc);
  g_autofree char *org = NULL;

  if (own_org == NULL || code == NULL)
    return FALSE;
  if (strcmp (uscc, code) == 0)
    return TRUE;
  org = sd_organization_code_normalize (code);
  return org != NULL && strcmp (org, own_org) == 0;
}

/* --- finding the codes in a certificate ------------------------------- */

typedef enum
{
  LOOK_FOR_ENTERPRISE = 1 << 0,
  LOOK_FOR_PERSON     = 1 << 1,
} LookFor;

/* Upper-cased text without spaces and dashes: "N 9131-0107…" → "N91310107…" */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != ' ' && *p != '-' && *p != '\t')
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

/* Free text passes the organization code's check one time in eleven
 * ("Individual-1" → "DIVIDUAL1" does): issued codes are mostly digits
 * ("12345678-9", "MA1234567"), so a body of fewer than half digits is not
 * taken for one. */
static gboolean
mostly_digits (const char *body)
{
  guint digits = 0;

  for (guint i = 0; i < SD_ORGANIZATION_CODE_LENGTH - 1; i++)
    if (g_ascii_isdigit (body[i]))
      digits++;
  return digits >= (SD_ORGANIZATION_CODE_LENGTH - 1) / 2;
}

/* Looks at one token such as "N91310107570775676M", "SF11010519491231002X"
 * or "D2143569-X": the code is at its end, after a CA's type prefix. */
static void
consider_token (SdCertificateIdentity *identity,
                const char            *token,
                LookFor                look_for)
{
  g_autofree char *text = squeeze (token);
  gsize length = strlen (text);

  if ((look_for & LOOK_FOR_PERSON) && identity->id_number == NULL && length >= SD_ID_NUMBER_LENGTH)
    identity->id_number = sd_id_number_normalize (text + length - SD_ID_NUMBER_LENGTH);
  if ((look_for & LOOK_FOR_ENTERPRISE) && identity->enterprise_code == NULL)
    {
      const char *tail;

      if (length >= SD_USCC_LENGTH && sd_uscc_is_valid (text + length - SD_USCC_LENGTH))
        {
          tail = text + length - SD_USCC_LENGTH;
          /* an ID number that also passes the USCC check is still a person's */
          if (identity->id_number == NULL || strcmp (identity->id_number, tail) != 0)
            identity->enterprise_code = g_strdup (tail);
        }
      else if (length >= SD_ORGANIZATION_CODE_LENGTH && length <= SD_ORGANIZATION_CODE_LENGTH + 2
               && mostly_digits (text + length - SD_ORGANIZATION_CODE_LENGTH))
        {
          identity->enterprise_code =
            sd_organization_code_normalize (text + length - SD_ORGANIZATION_CODE_LENGTH);
        }
    }
}

/* A text field can hold several tokens: CFCA writes
 * CN=051@ACME@N91310107570775676M@1. */
static void
consider_text (SdCertificateIdentity *identity,
               const char            *text,
               LookFor                look_for)
{
  g_auto(GStrv) tokens = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return;
  tokens = g_strsplit_set (text, "@,;:/|", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    consider_token (identity, tokens[i], look_for);
}

static char *
asn1_string_to_text (const ASN1_STRING *string)
{
  unsigned char *utf8 = NULL;
  int length = ASN1_STRING_to_UTF8 (&utf8, string);
  char *text;

  if (length < 0)
    {
      ERR_clear_error ();
      return NULL;
    }
  text = g_strndup ((const char *) utf8, (gsize) length);
  OPENSSL_free (utf8);
  return text;
}

static void
consider_name_entries (SdCertificateIdentity *identity,
                       X509_NAME             *name,
                       int                    nid,
                       LookFor                look_for)
{
  int index = -1;

  while ((index = X509_NAME_get_index_by_NID (name, nid, index)) >= 0)
    {
      g_autofree char *text =
        asn1_string_to_text (X509_NAME_ENTRY_get_data (X509_NAME_get_entry (name, index)));

      consider_text (identity, text, look_for);
    }
}

/* The first string inside an extension value: CAs write a bare string, an
 * OCTET STRING or a SET / SEQUENCE around one. */
static char *
first_string_in_der (const unsigned char *der,
                     long                 length,
                     guint                depth)
{
  const unsigned char *p = der;
  ASN1_TYPE *value;
  char *text = NULL;

  if (depth > 4 || length <= 0)
    return NULL;
  value = d2i_ASN1_TYPE (NULL, &p, length);
  if (value == NULL)
    {
      ERR_clear_error ();
      /* Some CAs put the plain text in the extension without any DER. */
      text = g_strndup ((const char *) der, (gsize) length);
      if (!g_utf8_validate (text, -1, NULL) || strlen (text) != (gsize) length)
        g_clear_pointer (&text, g_free);
      return text;
    }

  switch (value->type)
    {
    case V_ASN1_UTF8STRING:
    case V_ASN1_PRINTABLESTRING:
    case V_ASN1_IA5STRING:
    case V_ASN1_BMPSTRING:
    case V_ASN1_T61STRING:
    case V_ASN1_VISIBLESTRING:
    case V_ASN1_NUMERICSTRING:
      text = asn1_string_to_text (value->value.asn1_string);
      break;
    case V_ASN1_OCTET_STRING:
      text = first_string_in_der (ASN1_STRING_get0_data (value->value.octet_string),
                                  ASN1_STRING_length (value->value.octet_string), depth + 1);
      break;
    case V_ASN1_SEQUENCE:
    case V_ASN1_SET:
      {
        /* Skip the outer tag and length and read the members in turn. */
        const unsigned char *inner = ASN1_STRING_get0_data (value->value.sequence);
        long inner_length = ASN1_STRING_length (value->value.sequence);
        const unsigned char *q = inner;
        long content_length = 0;
        int tag = 0, klass = 0;

        if (ASN1_get_object (&q, &content_length, &tag, &klass, inner_length) & 0x80)
          {
            ERR_clear_error ();
            break;
          }
        while (text == NULL && content_length > 0)
          {
            const unsigned char *member = q;
            long member_length = 0;
            long header;

            if (ASN1_get_object (&q, &member_length, &tag, &klass, content_length) & 0x80)
              {
                ERR_clear_error ();
                break;
              }
            header = (long) (q - member);
            text = first_string_in_der (member, header + member_length, depth + 1);
            q += member_length;
            content_length -= header + member_length;
          }
      }
      break;
    default:
      break;
    }
  ASN1_TYPE_free (value);
  return text;
}

static char *
extension_text (X509       *cert,
                const char *oid)
{
  ASN1_OBJECT *object = OBJ_txt2obj (oid, 1);
  X509_EXTENSION *extension;
  ASN1_OCTET_STRING *data;
  int index;

  if (object == NULL)
    {
      ERR_clear_error ();
      return NULL;
    }
  index = X509_get_ext_by_OBJ (cert, object, -1);
  ASN1_OBJECT_free (object);
  if (index < 0)
    return NULL;
  extension = X509_get_ext (cert, index);
  data = X509_EXTENSION_get_data (extension);
  return first_string_in_der (ASN1_STRING_get0_data (data), ASN1_STRING_length (data), 0);
}

typedef struct
{
  const char *oid;
  LookFor     look_for;
  gboolean    unique_id;
} ExtensionPlace;

/* See docs: GM/T 0015-2012 arc 1.2.156.10260.4.1, the legacy 1.2.86.11.7
 * arc, BJCA, NETCA/GDCA and SHECA. */
static const ExtensionPlace extension_places[] = {
  { "1.2.156.10260.4.1.1", LOOK_FOR_PERSON, FALSE },
  { "1.2.156.10260.4.1.3", LOOK_FOR_ENTERPRISE, FALSE },
  { "1.2.156.10260.4.1.4", LOOK_FOR_ENTERPRISE, FALSE },
  { "1.2.156.10260.4.1.5", LOOK_FOR_ENTERPRISE, FALSE },
  { "1.2.86.11.7.1", LOOK_FOR_PERSON, FALSE },
  { "1.2.86.11.7.3", LOOK_FOR_ENTERPRISE, FALSE },
  { "1.2.156.112562.2.1.1.1", LOOK_FOR_PERSON, TRUE },
  { "2.16.840.1.113732.2", LOOK_FOR_PERSON, TRUE },
  { "1.3.6.1.4.1.18760.1.12.11", LOOK_FOR_PERSON | LOOK_FOR_ENTERPRISE, TRUE },
  { "1.2.156.1.8888.148", LOOK_FOR_ENTERPRISE, FALSE },
};

SdCertificateIdentity *
sd_certificate_identity_new (X509 *cert)
{
  SdCertificateIdentity *identity = g_new0 (SdCertificateIdentity, 1);
  X509_NAME *subject;

  g_return_val_if_fail (cert != NULL, identity);

  /* Extensions first: they are typed, the subject is free text. */
  for (guint i = 0; i < G_N_ELEMENTS (extension_places); i++)
    {
      g_autofree char *text = extension_text (cert, extension_places[i].oid);

      if (text == NULL)
        continue;
      g_strstrip (text);
      if (extension_places[i].unique_id && identity->unique_id == NULL && text[0] != '\0')
        identity->unique_id = g_strdup (text);
      consider_text (identity, text, extension_places[i].look_for);
    }

  subject = X509_get_subject_name (cert);
  consider_name_entries (identity, subject, NID_serialNumber,
                         LOOK_FOR_ENTERPRISE | LOOK_FOR_PERSON);
  consider_name_entries (identity, subject, NID_commonName,
                         LOOK_FOR_ENTERPRISE | LOOK_FOR_PERSON);
  consider_name_entries (identity, subject, NID_organizationalUnitName, LOOK_FOR_ENTERPRISE);
  consider_name_entries (identity, subject, NID_organizationName, LOOK_FOR_ENTERPRISE);
  return identity;
}

void
sd_certificate_identity_free (SdCertificateIdentity *identity)
{
  if (identity == NULL)
    return;
  g_free (identity->enterprise_code);
  g_free (identity->id_number);
  g_free (identity->unique_id);
  g_free (identity);
}
