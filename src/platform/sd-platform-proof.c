/* sd-platform-proof.c: challenges and proof of possession
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/rand.h>

#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-platform-permissions.h"
#include "sd-platform-proof.h"
#include "sd-signature.h"

/* base64 of a certificate / signature: certificates of a few KiB, RSA-4096
 * signatures of 512 bytes */
const SdField sd_proof_fields[] = {
  { "challenge_id", SD_FIELD_STRING, TRUE, FALSE, 1, 64 },
  { "certificate", SD_FIELD_STRING, TRUE, FALSE, 1, 65536 },
  { "signature", SD_FIELD_STRING, TRUE, FALSE, 1, 4096 },
  { "digest", SD_FIELD_STRING, FALSE, FALSE, 1, 16 },
  { "scheme", SD_FIELD_STRING, FALSE, FALSE, 1, 16 },
};
const gsize sd_proof_n_fields = G_N_ELEMENTS (sd_proof_fields);

static GBytes *
decode_base64 (const char *text)
{
  gsize length = 0;
  guchar *data;

  /* g_base64_decode skips junk silently: insist on the alphabet. */
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("+/=\r\n", *p) == NULL)
      return NULL;
  data = g_base64_decode (text, &length);
  if (length == 0)
    {
      g_free (data);
      return NULL;
    }
  return g_bytes_new_take (data, length);
}

gboolean
sd_proof_read (SdPlatformRequest  *request,
               JsonObject         *body,
               SdProof            *proof,
               GError            **error)
{
  const char *digest = json_object_get_string_member_with_default (body, "digest", NULL);
  const char *scheme = json_object_get_string_member_with_default (body, "scheme", "pkcs1");

  memset (proof, 0, sizeof *proof);
  proof->challenge_id = g_strdup (json_object_get_string_member (body, "challenge_id"));
  proof->certificate = decode_base64 (json_object_get_string_member (body, "certificate"));
  if (proof->certificate == NULL)
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "certificate");
  proof->signature = decode_base64 (json_object_get_string_member (body, "signature"));
  if (proof->signature == NULL)
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "signature");
  if (digest != NULL)
    {
      if (!sd_digest_from_string (digest, &proof->digest))
        return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "digest");
      proof->has_digest = TRUE;
    }
  if (strcmp (scheme, "pkcs1") == 0)
    proof->scheme = SD_SIGNATURE_SCHEME_DEFAULT;
  else if (strcmp (scheme, "pss") == 0)
    proof->scheme = SD_SIGNATURE_SCHEME_RSA_PSS;
  else
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "scheme");
  return TRUE;
}

void
sd_proof_clear (SdProof *proof)
{
  g_clear_pointer (&proof->challenge_id, g_free);
  g_clear_pointer (&proof->certificate, g_bytes_unref);
  g_clear_pointer (&proof->signature, g_bytes_unref);
}

char *
sd_proof_certificate_key (X509 *cert)
{
  g_autoptr(GBytes) issuer = sd_certificate_get_issuer_der (cert);
  g_autoptr(GBytes) serial = sd_certificate_get_serial_der (cert);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  if (issuer == NULL || serial == NULL)
    return NULL;
  g_checksum_update (checksum, g_bytes_get_data (issuer, NULL), g_bytes_get_size (issuer));
  g_checksum_update (checksum, g_bytes_get_data (serial, NULL), g_bytes_get_size (serial));
  return g_strdup (g_checksum_get_string (checksum));
}

static char *
make_to_sign (const char *purpose,
              const char *id,
              const char *nonce)
{
  return g_strdup_printf ("sealdesk-platform challenge v1 %s %s %s", purpose, id, nonce);
}

/* --- using a challenge --------------------------------------------------- */

typedef struct
{
  const char *id;
  gboolean    found;
  char       *purpose;
  char       *nonce;
  gint64      account_id;
  gint64      expires_at;
} TakeChallenge;

static gboolean
take_challenge_run (SdPlatformConn  *conn,
                    gpointer         user_data,
                    GError         **error)
{
  TakeChallenge *data = user_data;
  g_autoptr(SdPlatformRows) rows =
    sd_platform_query (conn,
                       "DELETE FROM challenges WHERE id = $1"
                       " RETURNING purpose, nonce, account_id, expires_at",
                       SD_ARGS (SD_TEXT (data->id)), error);

  if (rows == NULL)
    return FALSE;
  data->found = sd_platform_rows_get_n_rows (rows) == 1;
  if (data->found)
    {
      g_free (data->purpose);
      g_free (data->nonce);
      data->purpose = g_strdup (sd_platform_rows_get_text (rows, 0, 0));
      data->nonce = g_strdup (sd_platform_rows_get_text (rows, 0, 1));
      data->account_id = sd_platform_rows_get_int (rows, 0, 2);
      data->expires_at = sd_platform_rows_get_int (rows, 0, 3);
    }
  return TRUE;
}

static SdDigestAlgorithm
default_digest (X509 *cert)
{
  SdKeyType key_type = SD_KEY_TYPE_RSA;

  if (sd_certificate_get_key_info (cert, &key_type, NULL, NULL) && key_type == SD_KEY_TYPE_SM2)
    return SD_DIGEST_SM3;
  sd_openssl_clear_error ();
  return SD_DIGEST_SHA256;
}

X509 *
sd_proof_check (SdPlatformRequest  *request,
                SdProof            *proof,
                const char         *purpose,
                GError            **error)
{
  TakeChallenge challenge = { proof->challenge_id };
  g_autoptr(X509) cert = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (request->now);
  g_autoptr(GDateTime) not_before = NULL;
  g_autofree char *to_sign = NULL;
  gboolean challenge_ok;

  if (!sd_platform_store_write (request->store, take_challenge_run, &challenge, error))
    return NULL;
  challenge_ok = challenge.found && g_strcmp0 (challenge.purpose, purpose) == 0
                 && challenge.expires_at > request->now
                 && (strcmp (purpose, "login") == 0
                     || challenge.account_id == request->caller.account_id);
  if (challenge_ok)
    to_sign = make_to_sign (challenge.purpose, proof->challenge_id, challenge.nonce);
  g_free (challenge.purpose);
  g_free (challenge.nonce);

  cert = sd_certificate_parse (proof->certificate, &local_error);
  if (cert == NULL)
    {
      sd_platform_fail (request, error, SD_API_ERROR_CERTIFICATE_INVALID, "certificate");
      return NULL;
    }
  if (!sd_certificate_is_signing (cert))
    {
      sd_platform_fail (request, error, SD_API_ERROR_CERTIFICATE_NOT_SIGNING, "certificate");
      return NULL;
    }
  if (!sd_certificate_is_valid_at (cert, now))
    {
      not_before = sd_certificate_get_not_before (cert);
      sd_platform_fail (request, error,
                        not_before != NULL && g_date_time_compare (now, not_before) < 0
                        ? SD_API_ERROR_CERTIFICATE_NOT_YET_VALID
                        : SD_API_ERROR_CERTIFICATE_EXPIRED,
                        "certificate");
      return NULL;
    }
  if (!challenge_ok)
    {
      sd_platform_fail (request, error, SD_API_ERROR_CHALLENGE_INVALID, "challenge_id");
      return NULL;
    }
  if (!sd_signature_verify (cert, proof->has_digest ? proof->digest : default_digest (cert),
                            proof->scheme, (const guint8 *) to_sign, strlen (to_sign),
                            g_bytes_get_data (proof->signature, NULL),
                            g_bytes_get_size (proof->signature), &local_error))
    {
      g_autofree char *message =
        g_strdup_printf ("%s %s", sd_api_error_get_message (SD_API_ERROR_PROOF_OF_POSSESSION_FAILED),
                         local_error->message);

      sd_platform_fail_message (request, error, SD_API_ERROR_PROOF_OF_POSSESSION_FAILED,
                                "signature", message);
      return NULL;
    }
  return g_steal_pointer (&cert);
}

/* --- POST /challenges ----------------------------------------------------- */

static const SdField challenge_fields[] = {
  { "purpose", SD_FIELD_STRING, TRUE, FALSE, 1, 16 },
};

typedef struct
{
  SdPlatformRequest *request;
  const char        *id;
  const char        *purpose;
  const char        *nonce;
} CreateChallenge;

static gboolean
create_challenge_run (SdPlatformConn  *conn,
                      gpointer         user_data,
                      GError         **error)
{
  CreateChallenge *data = user_data;
  SdPlatformRequest *request = data->request;

  return sd_platform_exec (conn, "DELETE FROM challenges WHERE expires_at < $1",
                           SD_ARGS (SD_INT (request->now)), error) >= 0
         && sd_platform_exec (conn,
                              "INSERT INTO challenges (id, purpose, nonce, account_id, expires_at)"
                              " VALUES ($1, $2, $3, $4, $5)",
                              SD_ARGS (SD_TEXT (data->id), SD_TEXT (data->purpose),
                                       SD_TEXT (data->nonce),
                                       SD_ID_OR_NULL (request->authenticated
                                                      ? request->caller.account_id : 0),
                                       SD_INT (request->now + SD_CHALLENGE_SECONDS)),
                              error) >= 0;
}

gboolean
sd_proof_create_challenge (SdPlatformRequest  *request,
                           GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *id = NULL;
  g_autofree char *nonce = NULL;
  g_autofree char *to_sign = NULL;
  g_autofree char *to_sign_base64 = NULL;
  guint8 id_bytes[16], nonce_bytes[32];
  CreateChallenge data = { request };
  const char *purpose;
  JsonObject *object;

  /* Anyone may ask for a login challenge: each is a row written. */
  if (!request->authenticated
      && !sd_platform_rate_limit_take (request->config->challenge_limit, request->remote_address,
                                       g_get_monotonic_time (), &request->retry_after))
    return sd_platform_fail (request, error, SD_API_ERROR_RATE_LIMITED, NULL);
  body = sd_platform_read_body (request, challenge_fields, G_N_ELEMENTS (challenge_fields), error);
  if (body == NULL)
    return FALSE;
  purpose = json_object_get_string_member (body, "purpose");
  if (strcmp (purpose, "bind") == 0)
    {
      if (!request->authenticated)
        return sd_platform_fail (request, error, SD_API_ERROR_AUTHENTICATION_REQUIRED, NULL);
      if (request->caller.must_change_password)
        return sd_platform_fail (request, error, SD_API_ERROR_PASSWORD_CHANGE_REQUIRED, NULL);
      if (!sd_platform_require (request,
                                SD_PERMISSION_CERTIFICATES_MANAGE
                                | SD_PERMISSION_CERTIFICATES_BIND_OWN,
                                error))
        return FALSE;
    }
  else if (strcmp (purpose, "login") != 0)
    {
      return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, "purpose");
    }

  if (RAND_bytes (id_bytes, sizeof id_bytes) != 1 || RAND_bytes (nonce_bytes, sizeof nonce_bytes) != 1)
    {
      sd_openssl_clear_error ();
      sd_api_set_error (error, SD_API_ERROR_INTERNAL);
      return FALSE;
    }
  id = g_malloc0 (sizeof id_bytes * 2 + 1);
  for (gsize i = 0; i < sizeof id_bytes; i++)
    g_snprintf (id + 2 * i, 3, "%02x", id_bytes[i]);
  nonce = g_base64_encode (nonce_bytes, sizeof nonce_bytes);

  data.id = id;
  data.purpose = purpose;
  data.nonce = nonce;
  if (!sd_platform_store_write (request->store, create_challenge_run, &data, error))
    return FALSE;

  to_sign = make_to_sign (purpose, id, nonce);
  to_sign_base64 = g_base64_encode ((const guchar *) to_sign, strlen (to_sign));
  object = json_object_new ();
  json_object_set_string_member (object, "id", id);
  json_object_set_string_member (object, "nonce", nonce);
  json_object_set_string_member (object, "to_sign", to_sign_base64);
  sd_json_set_time (object, "expires_at", request->now + SD_CHALLENGE_SECONDS, FALSE);
  sd_platform_respond_json (request, 201, sd_json_node_take_object (object));
  return TRUE;
}
