/* sd-platform-password.c: password hashing (scrypt), policy, temporary
 * passwords
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-platform-password.h"
#include "sd-secure.h"

#define SALT_LENGTH 16
#define HASH_LENGTH 32
#define SCRYPT_R    8
#define SCRYPT_P    1
/* Refuse stored parameters that would take more memory than this. */
#define MAX_MEMORY  (512u * 1024 * 1024)

static GMutex slots_lock;
static GCond slots_cond;
static guint slots_free = 2;

void
sd_password_init (guint max_parallel)
{
  g_mutex_lock (&slots_lock);
  slots_free = MAX (max_parallel, 1);
  g_mutex_unlock (&slots_lock);
}

static gboolean
scrypt (const char   *password,
        const guint8 *salt,
        gsize         salt_length,
        guint         log_n,
        guint         r,
        guint         p,
        guint8       *out,
        gsize         out_length)
{
  g_autoptr(EVP_KDF) kdf = EVP_KDF_fetch (NULL, "SCRYPT", NULL);
  g_autoptr(EVP_KDF_CTX) ctx = kdf != NULL ? EVP_KDF_CTX_new (kdf) : NULL;
  uint64_t n = (uint64_t) 1 << log_n;
  uint32_t r32 = r, p32 = p;
  uint64_t max_memory = MAX_MEMORY;
  OSSL_PARAM params[] = {
    OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_PASSWORD, (void *) password,
                                       strlen (password)),
    OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_SALT, (void *) salt, salt_length),
    OSSL_PARAM_construct_uint64 (OSSL_KDF_PARAM_SCRYPT_N, &n),
    OSSL_PARAM_construct_uint32 (OSSL_KDF_PARAM_SCRYPT_R, &r32),
    OSSL_PARAM_construct_uint32 (OSSL_KDF_PARAM_SCRYPT_P, &p32),
    OSSL_PARAM_construct_uint64 (OSSL_KDF_PARAM_SCRYPT_MAXMEM, &max_memory),
    OSSL_PARAM_construct_end (),
  };
  gboolean ok;

  if (ctx == NULL)
    {
      sd_openssl_clear_error ();
      return FALSE;
    }

  g_mutex_lock (&slots_lock);
  while (slots_free == 0)
    g_cond_wait (&slots_cond, &slots_lock);
  slots_free--;
  g_mutex_unlock (&slots_lock);

  ok = EVP_KDF_derive (ctx, out, out_length, params) == 1;

  g_mutex_lock (&slots_lock);
  slots_free++;
  g_cond_signal (&slots_cond);
  g_mutex_unlock (&slots_lock);

  if (!ok)
    sd_openssl_clear_error ();
  return ok;
}

char *
sd_password_hash (const char  *password,
                  guint        log_n,
                  GError     **error)
{
  guint8 salt[SALT_LENGTH];
  guint8 hash[HASH_LENGTH];
  g_autofree char *salt_text = NULL;
  g_autofree char *hash_text = NULL;

  if (RAND_bytes (salt, sizeof salt) != 1
      || !scrypt (password, salt, sizeof salt, log_n, SCRYPT_R, SCRYPT_P, hash, sizeof hash))
    {
      sd_openssl_set_error (error, SD_ERROR_FAILED, _("Cannot hash the password"));
      return NULL;
    }
  salt_text = g_base64_encode (salt, sizeof salt);
  hash_text = g_base64_encode (hash, sizeof hash);
  sd_secure_wipe (hash, sizeof hash);
  return g_strdup_printf ("$scrypt$ln=%u,r=%u,p=%u$%s$%s", log_n, (guint) SCRYPT_R,
                          (guint) SCRYPT_P, salt_text, hash_text);
}

gboolean
sd_password_verify (const char *password,
                    const char *stored)
{
  g_auto(GStrv) parts = NULL;
  g_autofree guint8 *salt = NULL;
  g_autofree guint8 *expected = NULL;
  guint8 hash[HASH_LENGTH];
  gsize salt_length = 0, expected_length = 0;
  guint log_n = 0, r = 0, p = 0;
  gboolean ok;

  if (password == NULL || stored == NULL)
    return FALSE;
  /* "", "scrypt", "ln=…", salt, hash */
  parts = g_strsplit (stored, "$", 6);
  if (g_strv_length (parts) != 5 || strcmp (parts[1], "scrypt") != 0
      || sscanf (parts[2], "ln=%u,r=%u,p=%u", &log_n, &r, &p) != 3
      || log_n < 10 || log_n > 22 || r == 0 || r > 32 || p == 0 || p > 16)
    return FALSE;
  salt = g_base64_decode (parts[3], &salt_length);
  expected = g_base64_decode (parts[4], &expected_length);
  if (salt_length == 0 || expected_length != HASH_LENGTH)
    return FALSE;
  if (!scrypt (password, salt, salt_length, log_n, r, p, hash, sizeof hash))
    return FALSE;
  ok = CRYPTO_memcmp (hash, expected, HASH_LENGTH) == 0;
  sd_secure_wipe (hash, sizeof hash);
  return ok;
}

void
sd_password_verify_dummy (const char *password,
                          guint       log_n)
{
  static const guint8 salt[SALT_LENGTH] = { 0 };
  guint8 hash[HASH_LENGTH];

  scrypt (password, salt, sizeof salt, log_n, SCRYPT_R, SCRYPT_P, hash, sizeof hash);
  sd_secure_wipe (hash, sizeof hash);
}

gboolean
sd_password_is_acceptable (const char *password,
                           const char *login)
{
  if (password == NULL || !g_utf8_validate (password, -1, NULL)
      || strlen (password) > SD_PASSWORD_MAX_BYTES
      || g_utf8_strlen (password, -1) < SD_PASSWORD_MIN_CHARACTERS)
    return FALSE;
  if (login != NULL && g_ascii_strcasecmp (password, login) == 0)
    return FALSE;
  return TRUE;
}

char *
sd_password_make_temporary (void)
{
  static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const guint n_symbols = sizeof alphabet - 1;
  char *password = g_malloc0 (13);
  gboolean has_letter, has_digit;

  do
    {
      guint n = 0;

      has_letter = has_digit = FALSE;
      while (n < 12)
        {
          guint8 byte;

          if (RAND_bytes (&byte, 1) != 1)
            {
              sd_openssl_clear_error ();
              sd_secure_free (password);
              return NULL;
            }
          /* Rejection sampling: every symbol equally likely. */
          if (byte >= 256 - 256 % n_symbols)
            continue;
          password[n] = alphabet[byte % n_symbols];
          if (g_ascii_isdigit (password[n]))
            has_digit = TRUE;
          else
            has_letter = TRUE;
          n++;
        }
    }
  while (!has_letter || !has_digit);
  return password;
}
