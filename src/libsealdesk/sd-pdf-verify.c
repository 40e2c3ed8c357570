/* sd-pdf-verify.c
 *
 * A signature is only as good as the link between what it signs and what
 * the reader shows.  So besides the cryptography, everything a viewer
 * relies on is checked against the bytes themselves, never taken from the
 * parsed document alone: the /ByteRange must start at 0, leave out exactly
 * the /Contents string of this very signature dictionary (found by
 * tokenizing it where the cross-reference table points) and end where a
 * revision ends; the dictionary must lie inside what it signs and be the
 * one of that revision; and every later revision is explained change by
 * change (sd-pdf-changes.c).  That is what defeats the published attacks:
 * universal signature forgery (no or empty /Contents, bogus /ByteRange),
 * signature wrapping (a range moved over a tampered copy), incremental
 * saving and shadow attacks (objects overwritten or redirected later).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "sd-certificate.h"
#include "sd-cms-verify.h"
#include "sd-dss.h"
#include "sd-error.h"
#include "sd-id-codes.h"
#include "sd-openssl.h"
#include "sd-pdf-document.h"
#include "sd-pdf-parser.h"
#include "sd-pdf-revisions.h"
#include "sd-pdf-verify.h"
#include "sd-timestamp.h"

#define MAX_FIELD_DEPTH 32
#define HASH_CHUNK (1024 * 1024)
/* Far more than any CMS signature with a chain and a timestamp needs. */
#define MAX_CONTENTS_SIZE (4 * 1024 * 1024)

/* What every signature's revocation check shares. */
typedef struct
{
  SdRevocationData *dss;       /* the document's /DSS */
  SdRevocationData *fetched;   /* asked of responders during this verification */
  SdVerifyFlags     flags;
} RevocationContext;

typedef struct
{
  char     *name;
  SdPdfObj *value;     /* the field's /V entry as written */
  int       page;
  guint     n_widgets;
  SdRect    rect;      /* the /Rect of the widget on @page */
} SigField;

static void
sig_field_free (SigField *f)
{
  g_free (f->name);
  g_clear_pointer (&f->value, sd_pdf_obj_unref);
  g_free (f);
}

static void
count_widget (SdPdfDocument *doc,
              SdPdfObj      *widget,
              SigField      *f)
{
  SdPdfObj *page = sd_pdf_dict_get (widget, "P");

  f->n_widgets++;
  if (f->page < 0 && page != NULL && page->type == SD_PDF_REF)
    {
      g_autoptr(SdPdfObj) rect = sd_pdf_document_lookup (doc, widget, "Rect");
      double v[4] = { 0 };

      f->page = sd_pdf_document_find_page (doc, page->v.ref.num);
      for (guint i = 0; i < 4 && sd_pdf_array_len (rect) == 4; i++)
        sd_pdf_obj_get_number (sd_pdf_array_get (rect, i), &v[i]);
      /* ISO 32000 12.5.2: any two opposite corners */
      f->rect = (SdRect) { MIN (v[0], v[2]), MIN (v[1], v[3]), MAX (v[0], v[2]), MAX (v[1], v[3]) };
    }
}

static void
collect_fields (SdPdfDocument *doc,
                SdPdfObj      *array,
                const char    *prefix,
                const char    *inherited_type,
                GHashTable    *seen,
                GPtrArray     *out,
                int            depth)
{
  for (guint i = 0; i < sd_pdf_array_len (array) && depth < MAX_FIELD_DEPTH; i++)
    {
      SdPdfObj *item = sd_pdf_array_get (array, i);
      g_autoptr(SdPdfObj) node = NULL;
      g_autoptr(SdPdfObj) kids = NULL;
      g_autofree char *partial = NULL;
      g_autofree char *full = NULL;
      const char *type = inherited_type;
      SdPdfObj *ft, *value;
      gboolean has_field_kids = FALSE;

      if (item->type == SD_PDF_REF)
        {
          if (g_hash_table_contains (seen, GUINT_TO_POINTER (item->v.ref.num)))
            continue;
          g_hash_table_add (seen, GUINT_TO_POINTER (item->v.ref.num));
        }
      node = sd_pdf_document_resolve (doc, item);
      if (node->type != SD_PDF_DICT)
        continue;
      partial = sd_pdf_obj_get_text (sd_pdf_dict_get (node, "T"));
      full = partial == NULL ? g_strdup (prefix)
             : prefix != NULL ? g_strconcat (prefix, ".", partial, NULL) : g_strdup (partial);
      ft = sd_pdf_dict_get (node, "FT");
      if (ft != NULL && ft->type == SD_PDF_NAME)
        type = ft->v.name;
      kids = sd_pdf_document_lookup (doc, node, "Kids");
      for (guint k = 0; k < sd_pdf_array_len (kids); k++)
        {
          g_autoptr(SdPdfObj) kid = sd_pdf_document_resolve (doc, sd_pdf_array_get (kids, k));

          if (sd_pdf_dict_get (kid, "T") != NULL)
            has_field_kids = TRUE;
        }
      if (has_field_kids)
        {
          collect_fields (doc, kids, full, type, seen, out, depth + 1);
          continue;
        }
      value = sd_pdf_dict_get (node, "V");
      if (g_strcmp0 (type, "Sig") != 0 || value == NULL)
        continue;
      {
        SigField *f = g_new0 (SigField, 1);

        f->name = g_strdup (full ? full : "");
        f->value = sd_pdf_obj_ref (value);
        f->page = -1;
        if (kids == NULL)
          count_widget (doc, node, f);
        for (guint k = 0; k < sd_pdf_array_len (kids); k++)
          {
            g_autoptr(SdPdfObj) kid = sd_pdf_document_resolve (doc, sd_pdf_array_get (kids, k));

            count_widget (doc, kid, f);
          }
        g_ptr_array_add (out, f);
      }
    }
}

/* Where the signature dictionary's entries are in the file. */
typedef struct
{
  gsize    obj_start;
  gsize    dict_end;
  gboolean has_contents;
  gsize    contents_start;
  gsize    contents_end;
  gboolean contents_hex;
  gboolean has_byte_range;
  gboolean byte_range_ok;   /* four direct integers, none negative */
  gint64   byte_range[4];
  gboolean repeated;        /* /Contents or /ByteRange given twice */
} SigDictScan;

static gboolean
scan_sig_dict (const guint8 *data,
               gsize         len,
               gsize         offset,
               guint32       num,
               SigDictScan  *scan)
{
  SdPdfLexer lexer;
  SdToken t;
  gboolean ok = FALSE;

  memset (scan, 0, sizeof *scan);
  scan->obj_start = offset;
  sd_pdf_lexer_init (&lexer, data, len, offset);
  sd_pdf_lexer_next (&lexer, &t);
  if (t.type != SD_TOKEN_INT || t.integer != num)
    goto out;
  sd_pdf_lexer_next (&lexer, &t);
  sd_pdf_lexer_next (&lexer, &t);
  if (!sd_pdf_token_is_keyword (&lexer, &t, "obj"))
    goto out;
  sd_pdf_lexer_next (&lexer, &t);
  if (t.type != SD_TOKEN_DICT_BEGIN)
    goto out;
  for (;;)
    {
      g_autofree char *key = NULL;
      g_autoptr(SdPdfObj) value = NULL;
      gsize start;

      sd_pdf_lexer_next (&lexer, &t);
      if (t.type == SD_TOKEN_DICT_END)
        {
          scan->dict_end = t.end;
          ok = TRUE;
          break;
        }
      if (t.type != SD_TOKEN_NAME)
        break;
      key = g_strndup ((const char *) lexer.scratch->data, lexer.scratch->len);
      sd_pdf_lexer_skip_space (&lexer);
      start = lexer.pos;
      value = sd_pdf_parse_object (&lexer, NULL);
      if (value == NULL)
        break;
      if (strcmp (key, "Contents") == 0)
        {
          scan->repeated |= scan->has_contents;
          scan->has_contents = TRUE;
          scan->contents_start = start;
          scan->contents_end = lexer.pos;
          scan->contents_hex = value->type == SD_PDF_STRING && start + 1 < len
                               && data[start] == '<' && data[start + 1] != '<'
                               && data[lexer.pos - 1] == '>';
        }
      else if (strcmp (key, "ByteRange") == 0)
        {
          scan->repeated |= scan->has_byte_range;
          scan->has_byte_range = TRUE;
          scan->byte_range_ok = value->type == SD_PDF_ARRAY && sd_pdf_array_len (value) == 4;
          for (guint i = 0; scan->byte_range_ok && i < 4; i++)
            {
              SdPdfObj *item = sd_pdf_array_get (value, i);

              scan->byte_range_ok = item->type == SD_PDF_INT && item->v.integer >= 0;
              if (scan->byte_range_ok)
                scan->byte_range[i] = item->v.integer;
            }
        }
    }
out:
  sd_pdf_lexer_clear (&lexer);
  return ok;
}

static void
problem (SdSignatureReport *r,
         const char        *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
problem (SdSignatureReport *r,
         const char        *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (r->problems, g_strdup_vprintf (format, args));
  va_end (args);
}

/* The digest of the two ranges, read from the mapped file in chunks. */
static GBytes *
digest_ranges (const guint8      *data,
               const gint64      *br,
               const EVP_MD      *md,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr(EVP_MD_CTX) ctx = EVP_MD_CTX_new ();
  guint8 out[EVP_MAX_MD_SIZE];
  unsigned int out_len = 0;

  if (ctx == NULL || md == NULL || EVP_DigestInit_ex (ctx, md, NULL) != 1)
    {
      sd_openssl_set_error (error, SD_ERROR_FAILED, _("The digest cannot be computed"));
      return NULL;
    }
  for (int part = 0; part < 2; part++)
    {
      gint64 at = br[2 * part], left = br[2 * part + 1];

      while (left > 0)
        {
          gsize n = MIN (left, HASH_CHUNK);

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          EVP_DigestUpdate (ctx, data + at, n);
          at += n;
          left -= n;
        }
    }
  EVP_DigestFinal_ex (ctx, out, &out_len);
  return g_bytes_new (out, out_len);
}

static GBytes *
decode_hex (const guint8 *p,
            gsize         len)
{
  g_autoptr(GByteArray) out = g_byte_array_sized_new (len / 2);
  int high = -1;

  for (gsize i = 0; i < len; i++)
    {
      int v = g_ascii_xdigit_value (p[i]);

      if (v < 0)
        continue;
      if (high < 0)
        high = v;
      else
        {
          guint8 b = (high << 4) | v;

          g_byte_array_append (out, &b, 1);
          high = -1;
        }
    }
  if (high >= 0)
    {
      guint8 b = high << 4;

      g_byte_array_append (out, &b, 1);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static char *
key_description (X509 *cert)
{
  SdKeyType type;
  guint bits;

  if (!sd_certificate_get_key_info (cert, &type, &bits, NULL))
    return g_strdup ("?");
  switch (type)
    {
    case SD_KEY_TYPE_RSA:
      return g_strdup_printf ("RSA %u", bits);
    case SD_KEY_TYPE_EC:
      return g_strdup_printf ("ECDSA %u", bits);
    case SD_KEY_TYPE_SM2:
      return g_strdup_printf ("SM2 %u", bits);
    default:
      return g_strdup ("?");
    }
}

/* "AB:CD:…", as certificate viewers show it */
static char *
fingerprint_text (X509 *cert)
{
  g_autoptr(GBytes) digest = sd_certificate_get_fingerprint (cert, SD_DIGEST_SHA256, NULL);
  GString *text = g_string_new (NULL);
  const guint8 *p;
  gsize n;

  if (digest == NULL)
    return g_string_free (text, TRUE);
  p = g_bytes_get_data (digest, &n);
  for (gsize i = 0; i < n; i++)
    g_string_append_printf (text, i ? ":%02X" : "%02X", p[i]);
  return g_string_free (text, FALSE);
}

static void
describe_signer (SdSignatureReport *r,
                 X509              *cert)
{
  g_autoptr(SdCertificateIdentity) identity = sd_certificate_identity_new (cert);
  g_autofree char *cn = sd_certificate_get_common_name (cert);
  g_auto(GStrv) parts = cn ? g_strsplit (cn, "@", 0) : NULL;

  /* CFCA writes CN=type@name@code@sequence. */
  r->signer_name = parts && g_strv_length (parts) >= 3 && *parts[1] ? g_strdup (parts[1])
                   : g_steal_pointer (&cn);
  r->organization = sd_certificate_get_organization (cert);
  r->enterprise_code = g_strdup (identity->enterprise_code);
  r->id_number = g_strdup (identity->id_number);
  r->unique_id = g_strdup (identity->unique_id);
  r->subject = sd_certificate_get_subject_text (cert);
  r->issuer = sd_certificate_get_issuer_text (cert);
  r->serial = sd_certificate_get_serial_hex (cert);
  r->not_before = sd_certificate_get_not_before (cert);
  r->not_after = sd_certificate_get_not_after (cert);
  r->key_algorithm = key_description (cert);
  r->fingerprint = fingerprint_text (cert);
}

/* The top of @path when it is self-signed: a root, not an intermediate
 * whose issuer the signature left out. */
static void
describe_root (SdSignatureReport *r,
               GPtrArray         *path)
{
  X509 *top;

  if (path == NULL || path->len == 0)
    return;
  top = path->pdata[path->len - 1];
  if (X509_check_issued (top, top) != X509_V_OK)
    return;
  r->root_certificate = sd_certificate_to_der (top, NULL);
  r->root_subject = sd_certificate_get_subject_text (top);
  r->root_fingerprint = fingerprint_text (top);
}

/* Everything about the byte range and the dictionary's place; TRUE when
 * the ranges can be hashed. */
static gboolean
check_coverage (SdSignatureReport *r,
                SdPdfDocument     *doc,
                SdPdfRevisions    *revisions,
                guint32            num,
                SigDictScan       *scan)
{
  gsize len;
  const guint8 *data = sd_pdf_document_get_data (doc, &len);
  const SdXrefEntry *e = sd_pdf_xref_lookup (sd_pdf_document_get_xref (doc), num);
  gint64 *br = r->byte_range;
  gboolean hashable;

  if (e == NULL || e->type == SD_XREF_COMPRESSED)
    {
      problem (r, _("The signature dictionary is stored in an object stream, where its value "
                    "cannot be left out of the signed bytes."));
      return FALSE;
    }
  if (e->type != SD_XREF_IN_USE || !scan_sig_dict (data, len, e->offset, num, scan))
    {
      problem (r, _("The signature dictionary cannot be read."));
      return FALSE;
    }
  if (scan->repeated)
    problem (r, _("The signature dictionary gives /Contents or /ByteRange twice."));
  if (!scan->has_contents)
    problem (r, _("The signature has no value (/Contents is missing)."));
  else if (!scan->contents_hex)
    problem (r, _("The signature value (/Contents) is not a hexadecimal string."));
  if (!scan->has_byte_range)
    {
      problem (r, _("The signature has no byte range: it does not say what it signs."));
      return FALSE;
    }
  if (!scan->byte_range_ok)
    {
      problem (r, _("The byte range is malformed: it must be four whole numbers, none negative."));
      return FALSE;
    }
  r->has_byte_range = TRUE;
  memcpy (r->byte_range, scan->byte_range, sizeof r->byte_range);

  r->starts_at_zero = br[0] == 0;
  if (!r->starts_at_zero)
    problem (r, _("The byte range does not start at the beginning of the file."));
  hashable = br[1] <= G_MAXINT64 - br[0] && br[3] <= G_MAXINT64 - br[2]
             && (guint64) (br[0] + br[1]) <= len && (guint64) (br[2] + br[3]) <= len;
  if (!hashable)
    {
      problem (r, _("The byte range reaches past the end of the file."));
      return FALSE;
    }
  if (br[0] + br[1] > br[2])
    {
      problem (r, _("The two parts of the byte range overlap."));
      return FALSE;
    }
  r->gap_is_contents = scan->has_contents && scan->contents_start == (guint64) (br[0] + br[1])
                       && scan->contents_end == (guint64) br[2];
  if (!r->gap_is_contents && scan->has_contents)
    problem (r, _("The byte range leaves out bytes %lld–%lld, which are not the signature value "
                  "(bytes %lu–%lu): other content is not signed."),
             (long long) (br[0] + br[1]), (long long) br[2],
             (gulong) scan->contents_start, (gulong) scan->contents_end);
  /* The dictionary itself, /ByteRange included, must be signed. */
  if (scan->obj_start < (guint64) br[0] || scan->dict_end > (guint64) (br[2] + br[3])
      || (scan->obj_start >= (guint64) (br[0] + br[1]) && scan->obj_start < (guint64) br[2]))
    problem (r, _("The signature dictionary is not inside the bytes it signs."));

  r->revision = sd_pdf_revisions_find_end (revisions, br[2] + br[3]);
  r->ends_at_revision = r->revision >= 0;
  if (!r->ends_at_revision)
    problem (r, _("The byte range does not end where a revision of the document ends."));
  else
    {
      SdPdfRevision *rev = revisions->revisions->pdata[r->revision];
      const SdXrefEntry *then = sd_pdf_xref_lookup (sd_pdf_document_get_xref (rev->doc), num);

      /* The dictionary verified must be the one of the revision signed. */
      if (then == NULL || then->type != SD_XREF_IN_USE || then->offset != e->offset)
        problem (r, _("The signature dictionary is not the one of the revision it signs."));
    }
  r->covers_whole_file = TRUE;
  for (gsize p = br[2] + br[3]; p < len; p++)
    if (!sd_pdf_is_space (data[p]))
      r->covers_whole_file = FALSE;
  return TRUE;
}

static void
check_timestamp (SdSignatureReport *r,
                 SdCmsCheck        *cms,
                 SdTrustStore      *trust)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdTimestampCheck) ts = NULL;
  g_autoptr(GBytes) hash = NULL;

  r->has_timestamp = TRUE;
  r->timestamp_trust = SD_TRUST_NOT_CHECKED;
  ts = sd_timestamp_check_new (cms->timestamp_token, &error);
  if (ts == NULL)
    {
      r->timestamp_detail = g_strdup (error->message);
      return;
    }
  /* The signature timestamp stamps the signature value (RFC 3161 annex A). */
  if (ts->imprint_known)
    hash = sd_digest_compute (ts->imprint_digest, g_bytes_get_data (cms->signature, NULL),
                              g_bytes_get_size (cms->signature), NULL);
  sd_timestamp_check_verify (ts, hash, trust);
  r->timestamp_valid = ts->valid;
  r->timestamp_time = ts->time ? g_date_time_ref (ts->time) : NULL;
  r->timestamp_authority = g_strdup (ts->authority);
  r->timestamp_trust = ts->trust;
  if (!ts->valid && ts->problems->len > 0)
    r->timestamp_detail = g_strdup (ts->problems->pdata[0]);
  else
    r->timestamp_detail = g_strdup (ts->trust_detail);
}

static char *
format_time (GDateTime *t)
{
  return t ? g_date_time_format (t, "%Y-%m-%d %H:%M:%S UTC") : g_strdup ("?");
}

/* Along @path (leaf first, root last), each certificate but the root. */
static void
check_revocation (SdSignatureReport *r,
                  GPtrArray         *path,
                  RevocationContext *rc,
                  GCancellable      *cancellable)
{
  r->revocation = SD_REVOCATION_NOT_CHECKED;
  for (guint i = 0; path != NULL && i + 1 < path->len; i++)
    {
      X509 *cert = path->pdata[i], *issuer = path->pdata[i + 1];
      g_autofree char *label = sd_certificate_get_common_name (cert);
      SdRevocationResult result = { 0 };
      gboolean from_dss = TRUE;

      if (sd_revocation_check (cert, issuer, rc->dss, &result) == SD_REVOCATION_UNKNOWN
          && !(rc->flags & SD_VERIFY_OFFLINE))
        {
          g_autoptr(GError) error = NULL;

          from_dss = FALSE;
          if (sd_revocation_check (cert, issuer, rc->fetched, &result) == SD_REVOCATION_UNKNOWN
              && sd_revocation_has_sources (cert))
            {
              if (sd_revocation_fetch (cert, issuer, 0, rc->fetched, cancellable, &error))
                sd_revocation_check (cert, issuer, rc->fetched, &result);
              else
                {
                  g_free (result.detail);
                  result.detail = g_strdup (error->message);
                }
            }
        }
      if (result.status == SD_REVOCATION_REVOKED)
        {
          g_autofree char *when = format_time (result.revocation_time);

          r->revocation = SD_REVOCATION_REVOKED;
          r->revocation_time = result.revocation_time ? g_date_time_ref (result.revocation_time)
                                                      : NULL;
          r->revocation_reason = g_strdup (result.reason);
          g_clear_pointer (&r->revocation_detail, g_free);
          r->revocation_detail = g_strdup_printf (_("The certificate “%s” was revoked on %s "
                                                    "(reason: %s)."),
                                                  label ? label : "?", when,
                                                  result.reason ? result.reason : _("not given"));
        }
      else if (result.status == SD_REVOCATION_UNKNOWN && r->revocation != SD_REVOCATION_REVOKED)
        {
          r->revocation = SD_REVOCATION_UNKNOWN;
          g_clear_pointer (&r->revocation_detail, g_free);
          r->revocation_detail = g_strdup_printf (_("The revocation status of the certificate "
                                                    "“%s” is unknown: %s"),
                                                  label ? label : "?",
                                                  result.detail ? result.detail : "?");
        }
      else if (result.status == SD_REVOCATION_GOOD && r->revocation == SD_REVOCATION_NOT_CHECKED)
        r->revocation = SD_REVOCATION_GOOD;
      if (result.source != NULL && (r->revocation_source == NULL
                                    || result.status == SD_REVOCATION_REVOKED))
        {
          g_free (r->revocation_source);
          r->revocation_source = from_dss ? g_strdup_printf ("%s (DSS)", result.source)
                                          : g_strdup (result.source);
        }
      sd_revocation_result_clear (&result);
      if (r->revocation == SD_REVOCATION_REVOKED)
        break;
    }
  if (r->revocation == SD_REVOCATION_REVOKED && r->trust_time != NULL
      && (r->revocation_time == NULL
          || g_date_time_compare (r->revocation_time, r->trust_time) <= 0))
    {
      r->trust = SD_TRUST_REVOKED;
      g_free (r->trust_detail);
      r->trust_detail = g_strdup (r->revocation_detail);
    }
}

static void
check_cms (SdSignatureReport *r,
           const guint8      *data,
           SigDictScan       *scan,
           SdTrustStore      *trust,
           RevocationContext *rc,
           GCancellable      *cancellable)
{
  g_autoptr(GPtrArray) path = NULL;
  g_autoptr(GBytes) der = NULL;
  g_autoptr(SdCmsCheck) cms = NULL;
  g_autoptr(GBytes) digest = NULL;
  g_autoptr(GError) error = NULL;
  gsize hex_len = scan->contents_end - scan->contents_start;

  if (!scan->has_contents || !scan->contents_hex || hex_len > 2 * MAX_CONTENTS_SIZE + 2)
    return;
  der = decode_hex (data + scan->contents_start + 1, hex_len - 2);
  cms = sd_cms_check_new (g_bytes_get_data (der, NULL), g_bytes_get_size (der), &error);
  if (cms == NULL)
    {
      problem (r, "%s", error->message);
      return;
    }
  if (cms->signer != NULL)
    describe_signer (r, cms->signer);
  r->digest_algorithm = g_strdup (cms->digest_name);
  r->signature_algorithm = g_strdup (cms->signature_algorithm);
  r->signing_time = cms->signing_time ? g_date_time_ref (cms->signing_time) : NULL;
  if (cms->content != NULL)
    problem (r, _("The signature carries the signed content inside it; a PDF signature must be "
                  "detached."));
  if (cms->digest_known && r->has_byte_range)
    digest = digest_ranges (data, r->byte_range, sd_digest_get_md (cms->digest), cancellable, NULL);
  sd_cms_check_verify (cms, digest);
  r->digest_matches = cms->digest_matches;
  r->signature_verifies = cms->signature_valid;
  for (guint i = 0; i < cms->problems->len; i++)
    problem (r, "%s", (const char *) cms->problems->pdata[i]);
  if (cms->unsupported)
    r->status = SD_SIGNATURE_UNSUPPORTED;

  if (cms->timestamp_token != NULL)
    {
      check_timestamp (r, cms, trust);
      if (!r->timestamp_valid)
        problem (r, _("Its timestamp is not valid: %s"),
                 r->timestamp_detail ? r->timestamp_detail : "?");
    }
  r->trust_time = r->timestamp_valid && r->timestamp_time ? g_date_time_ref (r->timestamp_time)
                  : g_date_time_new_now_utc ();
  if (cms->signer != NULL)
    {
      g_autoptr(GPtrArray) untrusted = g_ptr_array_new ();

      for (guint i = 0; i < cms->certs->len; i++)
        g_ptr_array_add (untrusted, cms->certs->pdata[i]);
      /* Intermediates a B-LT file keeps in its /DSS count too. */
      for (guint i = 0; i < rc->dss->certs->len; i++)
        {
          X509 *cert = sd_certificate_parse (rc->dss->certs->pdata[i], NULL);

          if (cert != NULL)
            g_ptr_array_add (untrusted, cert);
        }
      r->trust = sd_trust_store_check_path (trust, cms->signer, untrusted, r->trust_time, 0,
                                            &r->trust_detail, &r->chain, &path);
      for (guint i = cms->certs->len; i < untrusted->len; i++)
        X509_free (untrusted->pdata[i]);
      describe_root (r, path);
      if (r->trust == SD_TRUST_TRUSTED || r->trust == SD_TRUST_EXPIRED
          || r->trust == SD_TRUST_NOT_YET_VALID)
        check_revocation (r, path, rc, cancellable);
    }
}

/* A document timestamp (PAdES B-LTA): /Contents is a timestamp token over the ranges. */
static void
check_document_timestamp (SdSignatureReport *r,
                          const guint8      *data,
                          SigDictScan       *scan,
                          SdTrustStore      *trust,
                          GCancellable      *cancellable)
{
  g_autoptr(GBytes) der = NULL;
  g_autoptr(SdTimestampCheck) ts = NULL;
  g_autoptr(GBytes) hash = NULL;
  g_autoptr(GError) error = NULL;
  gsize hex_len = scan->contents_end - scan->contents_start;

  if (!scan->has_contents || !scan->contents_hex || hex_len > 2 * MAX_CONTENTS_SIZE + 2)
    return;
  der = decode_hex (data + scan->contents_start + 1, hex_len - 2);
  {
    gsize n = g_bytes_get_size (der);
    const guint8 *p = g_bytes_get_data (der, NULL);
    GBytes *token;

    /* Trailing zero padding is not part of the token. */
    while (n > 0 && p[n - 1] == 0)
      n--;
    /* @p points into @der: copy before letting it go. */
    token = g_bytes_new (p, n);
    g_bytes_unref (der);
    der = token;
  }
  ts = sd_timestamp_check_new (der, &error);
  if (ts == NULL)
    {
      problem (r, "%s", error->message);
      return;
    }
  if (ts->cms->signer != NULL)
    describe_signer (r, ts->cms->signer);
  r->digest_algorithm = g_strdup (ts->cms->digest_name);
  r->signature_algorithm = g_strdup (ts->cms->signature_algorithm);
  if (ts->imprint_known && r->has_byte_range)
    hash = digest_ranges (data, r->byte_range, sd_digest_get_md (ts->imprint_digest), cancellable,
                          NULL);
  sd_timestamp_check_verify (ts, hash, trust);
  r->digest_matches = hash != NULL && g_bytes_equal (hash, ts->imprint);
  r->signature_verifies = ts->cms->signature_valid;
  for (guint i = 0; i < ts->problems->len; i++)
    problem (r, "%s", (const char *) ts->problems->pdata[i]);
  r->has_timestamp = TRUE;
  r->timestamp_valid = ts->valid;
  r->timestamp_time = ts->time ? g_date_time_ref (ts->time) : NULL;
  r->timestamp_authority = g_strdup (ts->authority);
  r->timestamp_trust = ts->trust;
  r->trust = ts->trust;
  r->trust_detail = g_strdup (ts->trust_detail);
  r->trust_time = ts->time ? g_date_time_ref (ts->time) : NULL;
}

static int
docmdp_of (SdPdfDocument *doc,
           SdPdfObj      *sig)
{
  g_autoptr(SdPdfObj) refs = sd_pdf_document_lookup (doc, sig, "Reference");

  for (guint i = 0; i < sd_pdf_array_len (refs); i++)
    {
      g_autoptr(SdPdfObj) ref = sd_pdf_document_resolve (doc, sd_pdf_array_get (refs, i));
      g_autoptr(SdPdfObj) params = sd_pdf_document_lookup (doc, ref, "TransformParams");
      gint64 p = 2;

      if (!sd_pdf_obj_is_name (sd_pdf_dict_get (ref, "TransformMethod"), "DocMDP"))
        continue;
      sd_pdf_obj_get_int (sd_pdf_dict_get (params, "P"), &p);
      return (int) CLAMP (p, 1, 3);
    }
  return 0;
}

static SdSignatureReport *
verify_signature (SdPdfDocument  *doc,
                  SdPdfRevisions *revisions,
                  SigField       *field,
                  SdTrustStore   *trust,
                  RevocationContext *rc,
                  GCancellable   *cancellable)
{
  SdSignatureReport *r = g_new0 (SdSignatureReport, 1);
  g_autoptr(SdPdfObj) sig = sd_pdf_document_resolve (doc, field->value);
  g_autoptr(SdPdfObj) catalog = sd_pdf_document_get_catalog (doc, NULL);
  g_autoptr(SdPdfObj) perms = sd_pdf_document_lookup (doc, catalog, "Perms");
  SdPdfObj *subfilter = sd_pdf_dict_get (sig, "SubFilter");
  SdPdfObj *docmdp_ref = sd_pdf_dict_get (perms, "DocMDP");
  SigDictScan scan;
  const guint8 *data;
  gsize len;

  data = sd_pdf_document_get_data (doc, &len);
  r->problems = g_ptr_array_new_with_free_func (g_free);
  r->field = g_strdup (field->name);
  r->page = field->page;
  r->n_widgets = field->n_widgets;
  if (field->page >= 0 && field->rect.x1 > field->rect.x0 && field->rect.y1 > field->rect.y0)
    {
      const SdPdfPageInfo *info = sd_pdf_document_get_page (doc, field->page, NULL);

      r->has_place = info != NULL;
      if (info != NULL)
        sd_page_geometry_rect_to_mm (&info->geometry, &field->rect, &r->x_mm, &r->y_mm,
                                     &r->width_mm, &r->height_mm);
    }
  r->revision = -1;
  r->status = SD_SIGNATURE_INVALID;
  r->trust = SD_TRUST_NOT_CHECKED;
  r->timestamp_trust = SD_TRUST_NOT_CHECKED;
  r->subfilter = subfilter && subfilter->type == SD_PDF_NAME ? g_strdup (subfilter->v.name) : NULL;
  r->name = sd_pdf_obj_get_text (sd_pdf_dict_get (sig, "Name"));
  r->reason = sd_pdf_obj_get_text (sd_pdf_dict_get (sig, "Reason"));
  r->location = sd_pdf_obj_get_text (sd_pdf_dict_get (sig, "Location"));
  r->contact_info = sd_pdf_obj_get_text (sd_pdf_dict_get (sig, "ContactInfo"));
  r->claimed_time = sd_pdf_obj_get_text (sd_pdf_dict_get (sig, "M"));
  r->claimed_time_parsed = r->claimed_time ? sd_pdf_date_parse (r->claimed_time) : NULL;
  r->is_document_timestamp = g_strcmp0 (r->subfilter, "ETSI.RFC3161") == 0;
  /* A certification is the signature the catalog's /Perms /DocMDP names. */
  if (docmdp_ref != NULL && field->value->type == SD_PDF_REF && docmdp_ref->type == SD_PDF_REF
      && docmdp_ref->v.ref.num == field->value->v.ref.num)
    r->certification = docmdp_of (doc, sig) ? docmdp_of (doc, sig) : 2;

  if (field->value->type != SD_PDF_REF || sig->type != SD_PDF_DICT)
    {
      problem (r, _("The signature value is not a signature dictionary stored as an object of "
                    "its own."));
      return r;
    }
  if (!check_coverage (r, doc, revisions, field->value->v.ref.num, &scan))
    return r;
  if (r->subfilter == NULL
      || (!r->is_document_timestamp && strcmp (r->subfilter, "adbe.pkcs7.detached") != 0
          && strcmp (r->subfilter, "ETSI.CAdES.detached") != 0))
    {
      problem (r, _("The signature format %s is not supported: only adbe.pkcs7.detached, "
                    "ETSI.CAdES.detached and ETSI.RFC3161 are."),
               r->subfilter ? r->subfilter : "?");
      r->status = SD_SIGNATURE_UNSUPPORTED;
      return r;
    }
  if (r->is_document_timestamp)
    check_document_timestamp (r, data, &scan, trust, cancellable);
  else
    check_cms (r, data, &scan, trust, rc, cancellable);
  if (r->status != SD_SIGNATURE_UNSUPPORTED)
    r->status = r->problems->len == 0 && r->digest_matches && r->signature_verifies
                ? SD_SIGNATURE_VALID : SD_SIGNATURE_INVALID;
  return r;
}

static void
signature_report_free (SdSignatureReport *r)
{
  g_free (r->field);
  g_free (r->subfilter);
  g_ptr_array_unref (r->problems);
  g_free (r->signer_name);
  g_free (r->organization);
  g_free (r->enterprise_code);
  g_free (r->id_number);
  g_free (r->unique_id);
  g_free (r->subject);
  g_free (r->issuer);
  g_free (r->serial);
  g_clear_pointer (&r->not_before, g_date_time_unref);
  g_clear_pointer (&r->not_after, g_date_time_unref);
  g_free (r->key_algorithm);
  g_free (r->digest_algorithm);
  g_free (r->signature_algorithm);
  g_free (r->fingerprint);
  g_free (r->trust_detail);
  g_clear_pointer (&r->trust_time, g_date_time_unref);
  g_clear_pointer (&r->chain, g_ptr_array_unref);
  g_clear_pointer (&r->root_certificate, g_bytes_unref);
  g_free (r->root_subject);
  g_free (r->root_fingerprint);
  g_clear_pointer (&r->revocation_time, g_date_time_unref);
  g_free (r->revocation_reason);
  g_free (r->revocation_source);
  g_free (r->revocation_detail);
  g_free (r->claimed_time);
  g_clear_pointer (&r->claimed_time_parsed, g_date_time_unref);
  g_clear_pointer (&r->signing_time, g_date_time_unref);
  g_clear_pointer (&r->timestamp_time, g_date_time_unref);
  g_free (r->timestamp_authority);
  g_free (r->timestamp_detail);
  g_free (r->name);
  g_free (r->reason);
  g_free (r->location);
  g_free (r->contact_info);
  g_free (r);
}

static void
revision_report_free (SdRevisionReport *r)
{
  g_clear_pointer (&r->changes, sd_pdf_changes_free);
  g_free (r);
}

void
sd_verify_report_free (SdVerifyReport *report)
{
  if (report == NULL)
    return;
  g_free (report->file);
  g_ptr_array_unref (report->signatures);
  g_ptr_array_unref (report->revisions);
  g_free (report->summary);
  g_free (report);
}

static int
compare_by_end (gconstpointer a,
                gconstpointer b)
{
  const SdSignatureReport *ra = *(SdSignatureReport * const *) a;
  const SdSignatureReport *rb = *(SdSignatureReport * const *) b;
  gint64 ea = ra->has_byte_range ? ra->byte_range[2] + ra->byte_range[3] : G_MAXINT64;
  gint64 eb = rb->has_byte_range ? rb->byte_range[2] + rb->byte_range[3] : G_MAXINT64;

  return (ea > eb) - (ea < eb);
}

/* Each revision's changes against the one before it; bytes outside any
 * revision and objects outside the cross-reference data are changes too. */
static void
analyse_revisions (SdVerifyReport *report,
                   SdPdfRevisions *revisions,
                   GCancellable   *cancellable)
{
  for (guint i = 0; i < revisions->revisions->len; i++)
    {
      SdPdfRevision *rev = revisions->revisions->pdata[i];
      SdRevisionReport *rr = g_new0 (SdRevisionReport, 1);

      rr->start = rev->start;
      rr->end = rev->end;
      if (i > 0 && !g_cancellable_is_cancelled (cancellable))
        {
          SdPdfRevision *prev = revisions->revisions->pdata[i - 1];

          rr->changes = sd_pdf_changes_compare (prev->doc, rev->doc);
          for (guint k = 0; k < rev->stray->len; k++)
            {
              g_autofree char *text = g_strdup_printf (
                _("Object %u was added without being listed in the cross-reference table: "
                  "readers disagree on what the document shows."),
                g_array_index (rev->stray, guint32, k));

              sd_pdf_changes_add (rr->changes, SD_CHANGE_OTHER, text);
            }
        }
      g_ptr_array_add (report->revisions, rr);
    }
  if (revisions->tail < report->size)
    {
      SdRevisionReport *rr = g_new0 (SdRevisionReport, 1);
      g_autofree char *text = g_strdup_printf (
        _("%llu bytes were appended after the last complete revision without a valid "
          "cross-reference section: readers that repair the file show what they contain."),
        (unsigned long long) (report->size - revisions->tail));

      rr->start = revisions->tail;
      rr->end = report->size;
      rr->changes = sd_pdf_changes_new ();
      sd_pdf_changes_add (rr->changes, SD_CHANGE_OTHER, text);
      report->unexplained = report->size - revisions->tail;
      g_ptr_array_add (report->revisions, rr);
    }
}

static SdChangeFlags
allowed_changes (int certification)
{
  switch (certification)
    {
    case 1:
      return SD_CHANGE_NONE;
    case 3:
      return SD_CHANGE_SIGNATURES | SD_CHANGE_FORM_FILL | SD_CHANGE_ANNOTATIONS;
    case 2:
    default:
      return SD_CHANGE_SIGNATURES | SD_CHANGE_FORM_FILL;
    }
}

static void
judge (SdVerifyReport *report)
{
  gboolean invalid = FALSE, modified = FALSE, untrusted = FALSE;
  guint n = report->signatures->len;

  for (guint i = 0; i < n; i++)
    {
      SdSignatureReport *r = report->signatures->pdata[i];
      guint first_after = r->revision >= 0 ? (guint) r->revision + 1 : report->revisions->len;
      gboolean any_revision = FALSE;

      for (guint k = first_after; k < report->revisions->len; k++)
        {
          SdRevisionReport *rr = report->revisions->pdata[k];

          if (rr->changes != NULL)
            r->changes_after |= rr->changes->flags;
          any_revision = TRUE;
        }
      r->modified = (r->changes_after & ~SD_CHANGE_SIGNATURES) != 0;
      /* DocMDP P 1 forbids every later revision, signatures included. */
      if (report->certification == 1 && any_revision)
        r->permitted = FALSE;
      else if (report->certification != 0)
        r->permitted = (r->changes_after & ~allowed_changes (report->certification)) == 0;
      else
        r->permitted = (r->changes_after & SD_CHANGE_OTHER) == 0;

      if (r->status != SD_SIGNATURE_VALID)
        r->verdict = SD_VERDICT_INVALID;
      else if (!r->permitted || (i == n - 1 && r->modified))
        r->verdict = SD_VERDICT_MODIFIED;
      else if (r->trust != SD_TRUST_TRUSTED
               || (r->has_timestamp && r->timestamp_valid
                   && r->timestamp_trust != SD_TRUST_TRUSTED))
        r->verdict = SD_VERDICT_UNTRUSTED;
      else
        r->verdict = SD_VERDICT_VALID;
      invalid |= r->status != SD_SIGNATURE_VALID;
      modified |= !r->permitted || (i == n - 1 && r->modified);
      untrusted |= r->trust != SD_TRUST_TRUSTED
                   || (r->has_timestamp && r->timestamp_valid
                       && r->timestamp_trust != SD_TRUST_TRUSTED);
    }

  if (n == 0)
    {
      report->verdict = SD_VERDICT_UNSIGNED;
      report->summary = g_strdup (_("The document is not signed."));
    }
  else if (invalid)
    {
      report->verdict = SD_VERDICT_INVALID;
      report->summary = g_strdup (_("At least one signature is invalid: the document was altered, "
                                    "or the signature is forged or cannot be checked."));
    }
  else if (modified)
    {
      report->verdict = SD_VERDICT_MODIFIED;
      report->summary = g_strdup (_("The signatures are intact, but the document was modified "
                                    "after signing."));
    }
  else if (untrusted)
    {
      report->verdict = SD_VERDICT_UNTRUSTED;
      report->summary = g_strdup (_("The signatures are intact and the document is unchanged, "
                                    "but a signer’s certificate is not trusted or not valid."));
    }
  else
    {
      report->verdict = SD_VERDICT_VALID;
      report->summary = g_strdup (_("Every signature is valid and trusted, and the document was "
                                    "not modified after signing."));
    }
}

SdVerifyReport *
sd_pdf_verify_document (SdPdfDocument  *doc,
                        SdTrustStore   *trust,
                        GCancellable   *cancellable,
                        GError        **error)
{
  return sd_pdf_verify_document_with_flags (doc, trust, SD_VERIFY_FLAGS_NONE, cancellable, error);
}

SdVerifyReport *
sd_pdf_verify_document_with_flags (SdPdfDocument  *doc,
                                   SdTrustStore   *trust,
                                   SdVerifyFlags   flags,
                                   GCancellable   *cancellable,
                                   GError        **error)
{
  g_autoptr(SdRevocationData) dss = NULL;
  g_autoptr(SdRevocationData) fetched = sd_revocation_data_new ();
  RevocationContext rc = { NULL, fetched, flags };
  g_autoptr(SdPdfRevisions) revisions = NULL;
  g_autoptr(SdPdfObj) catalog = NULL;
  g_autoptr(SdPdfObj) acroform = NULL;
  g_autoptr(SdPdfObj) fields_array = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) sig_field_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(SdTrustStore) own_trust = NULL;
  SdVerifyReport *report;
  gsize len;

  if (sd_pdf_document_is_encrypted (doc))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_ENCRYPTED,
                   _("The document is encrypted; verifying the signatures of encrypted PDF files "
                     "is not supported yet."));
      return NULL;
    }
  if (trust == NULL)
    trust = own_trust = sd_trust_store_new (TRUE);

  report = g_new0 (SdVerifyReport, 1);
  report->file = g_strdup (sd_pdf_document_get_path (doc));
  sd_pdf_document_get_data (doc, &len);
  report->size = len;
  report->signatures = g_ptr_array_new_with_free_func ((GDestroyNotify) signature_report_free);
  report->revisions = g_ptr_array_new_with_free_func ((GDestroyNotify) revision_report_free);

  revisions = sd_pdf_revisions_new (doc);
  rc.dss = dss = sd_dss_read (doc);
  catalog = sd_pdf_document_get_catalog (doc, NULL);
  acroform = sd_pdf_document_lookup (doc, catalog, "AcroForm");
  fields_array = sd_pdf_document_lookup (doc, acroform, "Fields");
  collect_fields (doc, fields_array, NULL, NULL, seen, fields, 0);

  for (guint i = 0; i < fields->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      SdSignatureReport *r = verify_signature (doc, revisions, fields->pdata[i], trust, &rc,
                                               cancellable);

      if (r->certification != 0)
        report->certification = r->certification;
      g_ptr_array_add (report->signatures, r);
    }
  g_ptr_array_sort (report->signatures, compare_by_end);
  analyse_revisions (report, revisions, cancellable);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      sd_verify_report_free (report);
      return NULL;
    }
  judge (report);
  return report;
}

SdVerifyReport *
sd_pdf_verify_file (const char    *path,
                    SdTrustStore  *trust,
                    GCancellable  *cancellable,
                    GError       **error)
{
  return sd_pdf_verify_file_with_flags (path, trust, SD_VERIFY_FLAGS_NONE, cancellable, error);
}

SdVerifyReport *
sd_pdf_verify_file_with_flags (const char    *path,
                               SdTrustStore  *trust,
                               SdVerifyFlags  flags,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(SdPdfDocument) doc = sd_pdf_document_new_from_file (path, error);

  if (doc == NULL)
    return NULL;
  return sd_pdf_verify_document_with_flags (doc, trust, flags, cancellable, error);
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SdTrustStore *trust = g_object_get_data (G_OBJECT (task), "trust");
  GError *error = NULL;
  SdVerifyReport *report = sd_pdf_verify_file (task_data, trust, cancellable, &error);

  if (report != NULL)
    g_task_return_pointer (task, report, (GDestroyNotify) sd_verify_report_free);
  else
    g_task_return_error (task, error);
}

void
sd_pdf_verify_file_async (const char          *path,
                          SdTrustStore        *trust,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, sd_pdf_verify_file_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  if (trust != NULL)
    g_object_set_data_full (G_OBJECT (task), "trust", sd_trust_store_ref (trust),
                            (GDestroyNotify) sd_trust_store_unref);
  g_task_run_in_thread (task, verify_thread);
}

SdVerifyReport *
sd_pdf_verify_file_finish (GAsyncResult *result,
                           GError      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
sd_signature_status_to_string (SdSignatureStatus status)
{
  switch (status)
    {
    case SD_SIGNATURE_VALID:
      return "valid";
    case SD_SIGNATURE_UNSUPPORTED:
      return "unsupported";
    case SD_SIGNATURE_INVALID:
    default:
      return "invalid";
    }
}

const char *
sd_verdict_to_string (SdVerdict verdict)
{
  switch (verdict)
    {
    case SD_VERDICT_VALID:
      return "valid";
    case SD_VERDICT_INVALID:
      return "invalid";
    case SD_VERDICT_MODIFIED:
      return "modified";
    case SD_VERDICT_UNTRUSTED:
      return "untrusted";
    case SD_VERDICT_UNSIGNED:
    default:
      return "unsigned";
    }
}
