/* sd-skf-store.c: the encrypted key store of the software SKF token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "sd-openssl.h"
#include "sd-skf-store.h"

#define NONCE_LENGTH 12
#define TAG_LENGTH   16
#define SALT_LENGTH  16
/* scrypt: 16 MiB and about 50 ms per PIN check on a laptop core */
#define SCRYPT_N     16384
#define SCRYPT_R     8
#define SCRYPT_P     1

char *
sd_skf_store_root (void)
{
  const char *dir = g_getenv ("SDSKF_SOFT_DIR");

  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  return g_build_filename (g_get_user_data_dir (), "sealdesk", "skf-soft", NULL);
}

gboolean
sd_skf_store_name_is_valid (const char *name)
{
  gsize length;

  if (name == NULL || name[0] == '\0' || name[0] == '.')
    return FALSE;
  length = strlen (name);
  if (length > 64 || !g_utf8_validate (name, (gssize) length, NULL))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (*p == '/' || (guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

GStrv
sd_skf_store_list (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (sd_skf_store_name_is_valid (name) && g_file_test (path, G_FILE_TEST_IS_DIR))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/* Key files */

static GKeyFile *
load_ini (const char  *dir,
          const char  *name,
          GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GKeyFile) ini = g_key_file_new ();

  if (!g_key_file_load_from_file (ini, path, G_KEY_FILE_NONE, error))
    return NULL;
  return g_steal_pointer (&ini);
}

static gboolean
save_ini (GKeyFile    *ini,
          const char  *dir,
          const char  *name,
          GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *data = NULL;
  gsize length = 0;

  data = g_key_file_to_data (ini, &length, NULL);
  /* Written to a temporary file, synced and renamed: never half a store */
  return g_file_set_contents_full (path, data, (gssize) length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

static void
set_base64 (GKeyFile     *ini,
            const char   *group,
            const char   *key,
            const guint8 *data,
            gsize         length)
{
  g_autofree char *text = g_base64_encode (data, length);

  g_key_file_set_string (ini, group, key, text);
}

static GBytes *
get_base64 (GKeyFile   *ini,
            const char *group,
            const char *key)
{
  g_autofree char *text = g_key_file_get_string (ini, group, key, NULL);
  gsize length = 0;
  guint8 *data;

  if (text == NULL || *text == '\0')
    return NULL;
  data = g_base64_decode (text, &length);
  return g_bytes_new_take (data, length);
}

/* Cryptography */

static gboolean
derive_key (const char   *pin,
            const guint8 *salt,
            gsize         salt_length,
            guint64       n,
            guint32       r,
            guint32       p,
            guint8        out[SD_SKF_STORE_KEY_LENGTH])
{
  g_autoptr(EVP_KDF) kdf = EVP_KDF_fetch (NULL, "SCRYPT", NULL);
  g_autoptr(EVP_KDF_CTX) ctx = kdf != NULL ? EVP_KDF_CTX_new (kdf) : NULL;
  OSSL_PARAM params[6];

  if (ctx == NULL)
    return FALSE;
  params[0] = OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_PASSWORD, (void *) pin,
                                                 strlen (pin));
  params[1] = OSSL_PARAM_construct_octet_string (OSSL_KDF_PARAM_SALT, (void *) salt, salt_length);
  params[2] = OSSL_PARAM_construct_uint64 (OSSL_KDF_PARAM_SCRYPT_N, &n);
  params[3] = OSSL_PARAM_construct_uint32 (OSSL_KDF_PARAM_SCRYPT_R, &r);
  params[4] = OSSL_PARAM_construct_uint32 (OSSL_KDF_PARAM_SCRYPT_P, &p);
  params[5] = OSSL_PARAM_construct_end ();
  return EVP_KDF_derive (ctx, out, SD_SKF_STORE_KEY_LENGTH, params) == 1;
}

/* nonce ‖ ciphertext ‖ tag */
static GBytes *
seal (const guint8 key[SD_SKF_STORE_KEY_LENGTH],
      const char  *aad,
      const guint8 *plain,
      gsize        length)
{
  g_autoptr(EVP_CIPHER_CTX) ctx = EVP_CIPHER_CTX_new ();
  guint8 *out = g_malloc (NONCE_LENGTH + length + TAG_LENGTH);
  int written = 0, final = 0;

  if (ctx == NULL || RAND_bytes (out, NONCE_LENGTH) != 1
      || EVP_EncryptInit_ex (ctx, EVP_aes_256_gcm (), NULL, key, out) != 1
      || EVP_EncryptUpdate (ctx, NULL, &written, (const guint8 *) aad, (int) strlen (aad)) != 1
      || EVP_EncryptUpdate (ctx, out + NONCE_LENGTH, &written, plain, (int) length) != 1
      || EVP_EncryptFinal_ex (ctx, out + NONCE_LENGTH + written, &final) != 1
      || EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_GET_TAG, TAG_LENGTH,
                              out + NONCE_LENGTH + length) != 1)
    {
      g_free (out);
      return NULL;
    }
  return g_bytes_new_take (out, NONCE_LENGTH + length + TAG_LENGTH);
}

/* The plaintext in secure memory (OPENSSL_secure_clear_free it), or NULL
 * if the key is wrong or the data was changed. */
static guint8 *
open_sealed (const guint8  key[SD_SKF_STORE_KEY_LENGTH],
             const char   *aad,
             GBytes       *sealed,
             gsize        *length)
{
  g_autoptr(EVP_CIPHER_CTX) ctx = EVP_CIPHER_CTX_new ();
  gsize total = 0;
  const guint8 *in = g_bytes_get_data (sealed, &total);
  gsize plain_length;
  guint8 *out;
  int written = 0, final = 0;

  if (ctx == NULL || total < NONCE_LENGTH + TAG_LENGTH)
    return NULL;
  plain_length = total - NONCE_LENGTH - TAG_LENGTH;
  out = OPENSSL_secure_malloc (plain_length + 1);
  if (out == NULL
      || EVP_DecryptInit_ex (ctx, EVP_aes_256_gcm (), NULL, key, in) != 1
      || EVP_DecryptUpdate (ctx, NULL, &written, (const guint8 *) aad, (int) strlen (aad)) != 1
      || EVP_DecryptUpdate (ctx, out, &written, in + NONCE_LENGTH, (int) plain_length) != 1
      || EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_TAG, TAG_LENGTH,
                              (void *) (in + NONCE_LENGTH + plain_length)) != 1
      || EVP_DecryptFinal_ex (ctx, out + written, &final) != 1)
    {
      OPENSSL_secure_clear_free (out, plain_length + 1);
      return NULL;
    }
  *length = plain_length;
  return out;
}

/* Devices */

gboolean
sd_skf_store_create_device (const char  *device_dir,
                            const char  *label,
                            const char  *serial,
                            const char  *manufacturer,
                            GError     **error)
{
  g_autoptr(GKeyFile) ini = g_key_file_new ();

  if (g_mkdir_with_parents (device_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", device_dir,
                   g_strerror (saved));
      return FALSE;
    }
  g_key_file_set_string (ini, "device", "label", label);
  g_key_file_set_string (ini, "device", "serial", serial);
  g_key_file_set_string (ini, "device", "manufacturer", manufacturer);
  return save_ini (ini, device_dir, "device.ini", error);
}

GKeyFile *
sd_skf_store_read_device (const char  *device_dir,
                          GError     **error)
{
  return load_ini (device_dir, "device.ini", error);
}

/* Applications and PINs */

static const char *
pin_group (SdSkfPinType type)
{
  return type == SD_SKF_PIN_ADMIN ? "admin" : "user";
}

static gboolean
wrap_app_key (GKeyFile     *ini,
              SdSkfPinType  type,
              const guint8  key[SD_SKF_STORE_KEY_LENGTH],
              const char   *pin,
              GError      **error)
{
  const char *group = pin_group (type);
  g_autofree char *aad = g_strconcat ("sdskf-application-key:", group, NULL);
  g_autoptr(GBytes) wrapped = NULL;
  guint8 salt[SALT_LENGTH];
  guint8 kek[SD_SKF_STORE_KEY_LENGTH];
  gboolean ok;

  ok = RAND_bytes (salt, sizeof salt) == 1
       && derive_key (pin, salt, sizeof salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, kek);
  if (ok)
    wrapped = seal (kek, aad, key, SD_SKF_STORE_KEY_LENGTH);
  OPENSSL_cleanse (kek, sizeof kek);
  if (wrapped == NULL)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                           _("The key store cannot be encrypted (OpenSSL failed)."));
      return FALSE;
    }
  set_base64 (ini, group, "salt", salt, sizeof salt);
  set_base64 (ini, group, "wrapped-key", g_bytes_get_data (wrapped, NULL),
              g_bytes_get_size (wrapped));
  g_key_file_set_uint64 (ini, group, "scrypt-n", SCRYPT_N);
  g_key_file_set_integer (ini, group, "scrypt-r", SCRYPT_R);
  g_key_file_set_integer (ini, group, "scrypt-p", SCRYPT_P);
  return TRUE;
}

gboolean
sd_skf_store_create_app (const char  *app_dir,
                         const char  *user_pin,
                         const char  *admin_pin,
                         guint        max_retries,
                         GError     **error)
{
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  guint8 key[SD_SKF_STORE_KEY_LENGTH];
  gboolean ok;

  if (g_mkdir_with_parents (app_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", app_dir,
                   g_strerror (saved));
      return FALSE;
    }
  if (RAND_priv_bytes (key, sizeof key) != 1)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                           _("No random numbers for the application key."));
      return FALSE;
    }
  for (SdSkfPinType type = SD_SKF_PIN_USER; type <= SD_SKF_PIN_ADMIN; type++)
    {
      g_key_file_set_integer (ini, pin_group (type), "max-retries", (gint) max_retries);
      g_key_file_set_integer (ini, pin_group (type), "remaining", (gint) max_retries);
      g_key_file_set_boolean (ini, pin_group (type), "default", FALSE);
    }
  ok = wrap_app_key (ini, SD_SKF_PIN_USER, key, user_pin, error)
       && wrap_app_key (ini, SD_SKF_PIN_ADMIN, key, admin_pin, error)
       && save_ini (ini, app_dir, "application.ini", error);
  OPENSSL_cleanse (key, sizeof key);
  return ok;
}

/* An exclusive lock on the application across processes */
static int
lock_app (const char *app_dir)
{
  g_autofree char *path = g_build_filename (app_dir, ".lock", NULL);
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd >= 0 && flock (fd, LOCK_EX) != 0)
    {
      close (fd);
      fd = -1;
    }
  return fd;
}

static void
unlock_app (int fd)
{
  flock (fd, LOCK_UN);
  close (fd);
}

SdSkfPinResult
sd_skf_store_verify_pin (const char    *app_dir,
                         SdSkfPinType   type,
                         const char    *pin,
                         guint8         key[SD_SKF_STORE_KEY_LENGTH],
                         guint         *remaining,
                         GError       **error)
{
  const char *group = pin_group (type);
  g_autofree char *aad = g_strconcat ("sdskf-application-key:", group, NULL);
  g_autoptr(GKeyFile) ini = NULL;
  g_autoptr(GBytes) salt = NULL;
  g_autoptr(GBytes) wrapped = NULL;
  SdSkfPinResult result = SD_SKF_PIN_ERROR;
  guint8 kek[SD_SKF_STORE_KEY_LENGTH];
  guint8 *plain = NULL;
  gsize plain_length = 0;
  gint max, left;
  int fd;

  *remaining = 0;
  fd = lock_app (app_dir);
  if (fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", app_dir, g_strerror (errno));
      return SD_SKF_PIN_ERROR;
    }

  ini = load_ini (app_dir, "application.ini", error);
  if (ini == NULL)
    goto out;
  max = g_key_file_get_integer (ini, group, "max-retries", NULL);
  left = g_key_file_get_integer (ini, group, "remaining", NULL);
  salt = get_base64 (ini, group, "salt");
  wrapped = get_base64 (ini, group, "wrapped-key");
  if (salt == NULL || wrapped == NULL || max <= 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("The application in %s is damaged."), app_dir);
      goto out;
    }
  if (left <= 0)
    {
      result = SD_SKF_PIN_LOCKED;
      goto out;
    }

  /* Count the try before making it */
  g_key_file_set_integer (ini, group, "remaining", left - 1);
  if (!save_ini (ini, app_dir, "application.ini", error))
    goto out;

  if (derive_key (pin, g_bytes_get_data (salt, NULL), g_bytes_get_size (salt),
                  g_key_file_get_uint64 (ini, group, "scrypt-n", NULL),
                  (guint32) g_key_file_get_integer (ini, group, "scrypt-r", NULL),
                  (guint32) g_key_file_get_integer (ini, group, "scrypt-p", NULL), kek))
    plain = open_sealed (kek, aad, wrapped, &plain_length);
  OPENSSL_cleanse (kek, sizeof kek);

  if (plain == NULL || plain_length != SD_SKF_STORE_KEY_LENGTH)
    {
      *remaining = (guint) (left - 1);
      result = SD_SKF_PIN_WRONG;
      goto out;
    }
  memcpy (key, plain, SD_SKF_STORE_KEY_LENGTH);
  g_key_file_set_integer (ini, group, "remaining", max);
  if (!save_ini (ini, app_dir, "application.ini", error))
    {
      OPENSSL_cleanse (key, SD_SKF_STORE_KEY_LENGTH);
      goto out;
    }
  *remaining = (guint) max;
  result = SD_SKF_PIN_OK;

out:
  if (plain != NULL)
    OPENSSL_secure_clear_free (plain, plain_length + 1);
  unlock_app (fd);
  return result;
}

gboolean
sd_skf_store_pin_info (const char    *app_dir,
                       SdSkfPinType   type,
                       guint         *max_retries,
                       guint         *remaining,
                       gboolean      *is_default,
                       GError       **error)
{
  g_autoptr(GKeyFile) ini = load_ini (app_dir, "application.ini", error);
  const char *group = pin_group (type);

  if (ini == NULL)
    return FALSE;
  *max_retries = (guint) MAX (g_key_file_get_integer (ini, group, "max-retries", NULL), 0);
  *remaining = (guint) MAX (g_key_file_get_integer (ini, group, "remaining", NULL), 0);
  *is_default = g_key_file_get_boolean (ini, group, "default", NULL);
  return TRUE;
}

gboolean
sd_skf_store_set_pin (const char    *app_dir,
                      SdSkfPinType   type,
                      const guint8   key[SD_SKF_STORE_KEY_LENGTH],
                      const char    *new_pin,
                      GError       **error)
{
  g_autoptr(GKeyFile) ini = NULL;
  gboolean ok = FALSE;
  int fd = lock_app (app_dir);

  if (fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", app_dir, g_strerror (errno));
      return FALSE;
    }
  ini = load_ini (app_dir, "application.ini", error);
  if (ini != NULL && wrap_app_key (ini, type, key, new_pin, error))
    {
      g_key_file_set_integer (ini, pin_group (type), "remaining",
                              g_key_file_get_integer (ini, pin_group (type), "max-retries", NULL));
      g_key_file_set_boolean (ini, pin_group (type), "default", FALSE);
      ok = save_ini (ini, app_dir, "application.ini", error);
    }
  unlock_app (fd);
  return ok;
}

/* Containers */

static const char *
usage_group (SdSkfUsage usage)
{
  return usage == SD_SKF_USAGE_ENCRYPT ? "encrypt" : "sign";
}

static char *
key_aad (const char *container_dir,
         SdSkfUsage  usage)
{
  g_autofree char *name = g_path_get_basename (container_dir);

  return g_strconcat ("sdskf-private-key:", name, ":", usage_group (usage), NULL);
}

static guint
type_of (EVP_PKEY *pkey)
{
  if (EVP_PKEY_is_a (pkey, "RSA"))
    return 1;
  if (EVP_PKEY_is_a (pkey, "SM2") || EVP_PKEY_is_a (pkey, "EC"))
    return 2;
  return 0;
}

gboolean
sd_skf_store_put_key (const char    *container_dir,
                      SdSkfUsage     usage,
                      const guint8   key[SD_SKF_STORE_KEY_LENGTH],
                      EVP_PKEY      *pkey,
                      GBytes        *certificate,
                      GError       **error)
{
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autofree char *aad = key_aad (container_dir, usage);
  g_autoptr(GBytes) sealed = NULL;
  unsigned char *der = NULL;
  int der_length;
  guint type = type_of (pkey);
  guint existing;

  if (type == 0)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                           _("Only RSA and SM2 keys go into an SKF container."));
      return FALSE;
    }
  if (g_mkdir_with_parents (container_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", container_dir,
                   g_strerror (saved));
      return FALSE;
    }
  existing = sd_skf_store_container_type (container_dir);
  if (existing != 0)
    {
      g_clear_pointer (&ini, g_key_file_unref);
      ini = load_ini (container_dir, "container.ini", error);
      if (ini == NULL)
        return FALSE;
      if (existing != type)
        {
          g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                               _("An SKF container holds keys of one type only (RSA or SM2)."));
          return FALSE;
        }
    }
  g_key_file_set_integer (ini, "container", "type", (gint) type);

  der_length = i2d_PrivateKey (pkey, &der);
  if (der_length <= 0)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                           _("The private key cannot be encoded."));
      return FALSE;
    }
  sealed = seal (key, aad, der, (gsize) der_length);
  OPENSSL_clear_free (der, (size_t) der_length);
  der = NULL;
  if (sealed == NULL)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                           _("The private key cannot be encrypted."));
      return FALSE;
    }
  set_base64 (ini, usage_group (usage), "private-key", g_bytes_get_data (sealed, NULL),
              g_bytes_get_size (sealed));

  der_length = i2d_PUBKEY (pkey, &der);
  if (der_length <= 0)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                           _("The public key cannot be encoded."));
      return FALSE;
    }
  set_base64 (ini, usage_group (usage), "public-key", der, (gsize) der_length);
  OPENSSL_free (der);

  if (certificate != NULL)
    set_base64 (ini, usage_group (usage), "certificate", g_bytes_get_data (certificate, NULL),
                g_bytes_get_size (certificate));
  return save_ini (ini, container_dir, "container.ini", error);
}

guint
sd_skf_store_container_type (const char *container_dir)
{
  g_autoptr(GKeyFile) ini = load_ini (container_dir, "container.ini", NULL);

  if (ini == NULL)
    return 0;
  return (guint) CLAMP (g_key_file_get_integer (ini, "container", "type", NULL), 0, 2);
}

GBytes *
sd_skf_store_get_certificate (const char *container_dir,
                              SdSkfUsage  usage)
{
  g_autoptr(GKeyFile) ini = load_ini (container_dir, "container.ini", NULL);

  if (ini == NULL)
    return NULL;
  return get_base64 (ini, usage_group (usage), "certificate");
}

/* OpenSSL 3.0 may decode a key on the SM2 curve as plain EC, which would
 * sign ECDSA: make it an SM2 key. */
static EVP_PKEY *
as_sm2 (EVP_PKEY *pkey,
        gboolean  private_part)
{
  g_autoptr(EVP_PKEY_CTX) ctx = NULL;
  OSSL_PARAM *params = NULL;
  EVP_PKEY *sm2 = NULL;
  char group[32] = "";
  size_t group_length = 0;
  int selection = private_part ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;

  if (!EVP_PKEY_is_a (pkey, "EC")
      || EVP_PKEY_get_group_name (pkey, group, sizeof group, &group_length) != 1
      || g_ascii_strcasecmp (group, "SM2") != 0)
    return NULL;
  ctx = EVP_PKEY_CTX_new_from_name (NULL, "SM2", NULL);
  if (ctx != NULL && EVP_PKEY_todata (pkey, selection, &params) == 1
      && EVP_PKEY_fromdata_init (ctx) == 1)
    EVP_PKEY_fromdata (ctx, &sm2, selection, params);
  if (params != NULL)
    {
      for (OSSL_PARAM *p = params; p->key != NULL; p++)
        if (p->data != NULL)
          OPENSSL_cleanse (p->data, p->data_size);
      OSSL_PARAM_free (params);
    }
  return sm2;
}

EVP_PKEY *
sd_skf_store_get_public_key (const char  *container_dir,
                             SdSkfUsage   usage,
                             GError     **error)
{
  g_autoptr(GKeyFile) ini = load_ini (container_dir, "container.ini", error);
  g_autoptr(GBytes) der = ini != NULL ? get_base64 (ini, usage_group (usage), "public-key") : NULL;
  const unsigned char *p;
  EVP_PKEY *pkey, *sm2;

  if (der == NULL)
    {
      if (ini != NULL)
        g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("No such key."));
      return NULL;
    }
  p = g_bytes_get_data (der, NULL);
  pkey = d2i_PUBKEY (NULL, &p, (long) g_bytes_get_size (der));
  if (pkey == NULL)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("The key is damaged."));
      return NULL;
    }
  sm2 = as_sm2 (pkey, FALSE);
  if (sm2 != NULL)
    {
      EVP_PKEY_free (pkey);
      return sm2;
    }
  return pkey;
}

EVP_PKEY *
sd_skf_store_get_private_key (const char    *container_dir,
                              SdSkfUsage     usage,
                              const guint8   key[SD_SKF_STORE_KEY_LENGTH],
                              GError       **error)
{
  g_autoptr(GKeyFile) ini = load_ini (container_dir, "container.ini", error);
  g_autoptr(GBytes) sealed = NULL;
  g_autofree char *aad = key_aad (container_dir, usage);
  const unsigned char *p;
  guint8 *der;
  gsize length = 0;
  EVP_PKEY *pkey, *sm2;

  if (ini == NULL)
    return NULL;
  sealed = get_base64 (ini, usage_group (usage), "private-key");
  if (sealed == NULL)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, _("No such key."));
      return NULL;
    }
  der = open_sealed (key, aad, sealed, &length);
  if (der == NULL)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                           _("The private key cannot be decrypted: the store was changed."));
      return NULL;
    }
  p = der;
  pkey = d2i_AutoPrivateKey (NULL, &p, (long) length);
  OPENSSL_secure_clear_free (der, length + 1);
  if (pkey == NULL)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("The key is damaged."));
      return NULL;
    }
  sm2 = as_sm2 (pkey, TRUE);
  if (sm2 != NULL)
    {
      EVP_PKEY_free (pkey);
      return sm2;
    }
  return pkey;
}
