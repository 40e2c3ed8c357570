/* sd-digest.c: digest algorithms used for signatures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sd-digest.h"
#include "sd-error.h"
#include "sd-openssl.h"

typedef struct
{
  const char *name;
  const char *alias;
  gsize       length;
  /* OBJECT IDENTIFIER value bytes */
  guint8      oid[9];
  gsize       oid_length;
} DigestInfo;

static const DigestInfo digests[] = {
  /* 2.16.840.1.101.3.4.2.1 */
  [SD_DIGEST_SHA256] = { "sha256", "sha-256", 32,
                         { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 }, 9 },
  /* 2.16.840.1.101.3.4.2.2 */
  [SD_DIGEST_SHA384] = { "sha384", "sha-384", 48,
                         { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02 }, 9 },
  /* 2.16.840.1.101.3.4.2.3 */
  [SD_DIGEST_SHA512] = { "sha512", "sha-512", 64,
                         { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03 }, 9 },
  /* 1.2.156.10197.1.401 */
  [SD_DIGEST_SM3] = { "sm3", "sm-3", 32,
                      { 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x11 }, 8 },
};

static const DigestInfo *
get_info (SdDigestAlgorithm digest)
{
  if ((guint) digest >= G_N_ELEMENTS (digests))
    return NULL;
  return &digests[digest];
}

const char *
sd_digest_to_string (SdDigestAlgorithm digest)
{
  const DigestInfo *info = get_info (digest);

  g_return_val_if_fail (info != NULL, NULL);
  return info->name;
}

gboolean
sd_digest_from_string (const char        *name,
                       SdDigestAlgorithm *digest)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (digests); i++)
    {
      if (g_ascii_strcasecmp (name, digests[i].name) == 0
          || g_ascii_strcasecmp (name, digests[i].alias) == 0)
        {
          if (digest != NULL)
            *digest = (SdDigestAlgorithm) i;
          return TRUE;
        }
    }
  return FALSE;
}

gsize
sd_digest_get_length (SdDigestAlgorithm digest)
{
  const DigestInfo *info = get_info (digest);

  g_return_val_if_fail (info != NULL, 0);
  return info->length;
}

const EVP_MD *
sd_digest_get_md (SdDigestAlgorithm digest)
{
  switch (digest)
    {
    case SD_DIGEST_SHA256:
      return EVP_sha256 ();
    case SD_DIGEST_SHA384:
      return EVP_sha384 ();
    case SD_DIGEST_SHA512:
      return EVP_sha512 ();
    case SD_DIGEST_SM3:
      return EVP_sm3 ();
    default:
      g_return_val_if_reached (NULL);
    }
}

GBytes *
sd_digest_get_oid (SdDigestAlgorithm digest)
{
  const DigestInfo *info = get_info (digest);

  g_return_val_if_fail (info != NULL, NULL);
  return g_bytes_new_static (info->oid, info->oid_length);
}

GBytes *
sd_digest_compute (SdDigestAlgorithm  digest,
                   const guint8      *data,
                   gsize              length,
                   GError           **error)
{
  const EVP_MD *md = sd_digest_get_md (digest);
  guint8 out[EVP_MAX_MD_SIZE];
  unsigned int out_length = 0;

  g_return_val_if_fail (md != NULL, NULL);
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (EVP_Digest (data != NULL ? data : (const guint8 *) "", length, out, &out_length, md,
                  NULL) != 1)
    {
      sd_openssl_set_error (error, SD_ERROR_FAILED, _("Computing the %s digest failed"),
                            sd_digest_to_string (digest));
      return NULL;
    }
  return g_bytes_new (out, out_length);
}
