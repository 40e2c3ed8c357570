/* skf-soft.c: libsdskf-soft.so, a software SKF (GM/T 0016) token
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real implementation of the SKF functions SealDesk uses, over the
 * encrypted store of sd-skf-store.c: what SoftHSM is to PKCS#11.  Devices
 * are the store's device directories; a device whose directory disappears
 * behaves as a key pulled out (SAR_DEVICE_REMOVED).  Calls are serialised
 * by one lock, as a USB key serialises its commands.
 */
#include "config.h"

#include <string.h>

#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "sd-openssl.h"
#include "sd-skf-api.h"
#include "sd-skf-store.h"

#define SKF_EXPORT __attribute__ ((visibility ("default")))

#define DECLARE_FUNCTION(name, args) SKF_EXPORT ULONG name args;
SD_SKF_FUNCTIONS (DECLARE_FUNCTION)
#undef DECLARE_FUNCTION

#define MAX_PIN_LENGTH 64

typedef enum
{
  KIND_DEVICE = 1,
  KIND_APPLICATION,
  KIND_CONTAINER,
} HandleKind;

typedef struct
{
  HandleKind kind;
  char      *name;
  char      *dir;
  char      *device_dir;   /* where presence is checked */
  /* applications */
  gboolean   logged_in;
  guint8     key[SD_SKF_STORE_KEY_LENGTH];
  /* containers: their application */
  gpointer   application;
} Handle;

static GMutex lock;
static GHashTable *live_handles;

static Handle *
handle_new (HandleKind  kind,
            const char *name,
            const char *dir,
            const char *device_dir)
{
  Handle *handle = g_new0 (Handle, 1);

  handle->kind = kind;
  handle->name = g_strdup (name);
  handle->dir = g_strdup (dir);
  handle->device_dir = g_strdup (device_dir);
  if (live_handles == NULL)
    live_handles = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_hash_table_add (live_handles, handle);
  return handle;
}

static void
handle_free (Handle *handle)
{
  g_hash_table_remove (live_handles, handle);
  OPENSSL_cleanse (handle->key, sizeof handle->key);
  g_free (handle->name);
  g_free (handle->dir);
  g_free (handle->device_dir);
  g_free (handle);
}

static Handle *
lookup (HANDLE     handle,
        HandleKind kind)
{
  Handle *h = handle;

  if (h == NULL || live_handles == NULL || !g_hash_table_contains (live_handles, h)
      || h->kind != kind)
    return NULL;
  return h;
}

static gboolean
device_present (const char *device_dir)
{
  g_autofree char *ini = g_build_filename (device_dir, "device.ini", NULL);

  return g_file_test (ini, G_FILE_TEST_IS_REGULAR);
}

/* A handle of @kind on a device that is still there; the application of a
 * container must be open too. */
static ULONG
get_handle (HANDLE      handle,
            HandleKind  kind,
            Handle    **out)
{
  Handle *h = lookup (handle, kind);

  if (h == NULL)
    return SAR_INVALIDHANDLEERR;
  if (!device_present (h->device_dir))
    {
      if (h->kind == KIND_APPLICATION)
        {
          h->logged_in = FALSE;
          OPENSSL_cleanse (h->key, sizeof h->key);
        }
      return SAR_DEVICE_REMOVED;
    }
  if (kind == KIND_CONTAINER && lookup (h->application, KIND_APPLICATION) == NULL)
    return SAR_INVALIDHANDLEERR;
  *out = h;
  return SAR_OK;
}

/* "a\0b\0\0" lists, with the size protocol of SKF: no buffer → the size */
static ULONG
put_name_list (GStrv  names,
               LPSTR  out,
               ULONG *size)
{
  gsize needed = 1;
  char *p;

  if (size == NULL)
    return SAR_INVALIDPARAMERR;
  for (guint i = 0; names[i] != NULL; i++)
    needed += strlen (names[i]) + 1;
  if (out == NULL)
    {
      *size = (ULONG) needed;
      return SAR_OK;
    }
  if (*size < needed)
    {
      *size = (ULONG) needed;
      return SAR_BUFFER_TOO_SMALL;
    }
  p = out;
  for (guint i = 0; names[i] != NULL; i++)
    {
      gsize length = strlen (names[i]) + 1;

      memcpy (p, names[i], length);
      p += length;
    }
  *p = '\0';
  *size = (ULONG) needed;
  return SAR_OK;
}

/* Devices with their device.ini */
static GStrv
present_devices (void)
{
  g_autofree char *root = sd_skf_store_root ();
  g_auto(GStrv) all = sd_skf_store_list (root);
  g_autoptr(GPtrArray) present = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; all[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (root, all[i], NULL);

      if (device_present (dir))
        g_ptr_array_add (present, g_strdup (all[i]));
    }
  g_ptr_array_add (present, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&present), FALSE);
}

/* Device management */

ULONG
SKF_WaitForDevEvent (LPSTR  szDevName,
                     ULONG *pulDevNameLen,
                     ULONG *pulEvent)
{
  return SAR_NOTSUPPORTYETERR;
}

ULONG
SKF_CancelWaitForDevEvent (void)
{
  return SAR_NOTSUPPORTYETERR;
}

ULONG
SKF_EnumDev (BOOL   bPresent,
             LPSTR  szNameList,
             ULONG *pulSize)
{
  g_auto(GStrv) names = NULL;
  ULONG rv;

  g_mutex_lock (&lock);
  names = present_devices ();
  rv = put_name_list (names, szNameList, pulSize);
  g_mutex_unlock (&lock);
  return rv;
}

ULONG
SKF_ConnectDev (LPSTR      szName,
                DEVHANDLE *phDev)
{
  g_autofree char *root = NULL;
  g_autofree char *dir = NULL;
  ULONG rv = SAR_OK;

  if (phDev == NULL || !sd_skf_store_name_is_valid (szName))
    return SAR_INVALIDPARAMERR;
  g_mutex_lock (&lock);
  root = sd_skf_store_root ();
  dir = g_build_filename (root, szName, NULL);
  if (device_present (dir))
    *phDev = handle_new (KIND_DEVICE, szName, dir, dir);
  else
    rv = SAR_DEVICE_REMOVED;
  g_mutex_unlock (&lock);
  return rv;
}

ULONG
SKF_DisConnectDev (DEVHANDLE hDev)
{
  Handle *h;
  ULONG rv = SAR_OK;

  g_mutex_lock (&lock);
  h = lookup (hDev, KIND_DEVICE);
  if (h != NULL)
    handle_free (h);
  else
    rv = SAR_INVALIDHANDLEERR;
  g_mutex_unlock (&lock);
  return rv;
}

ULONG
SKF_GetDevState (LPSTR  szDevName,
                 ULONG *pulDevState)
{
  g_autofree char *root = NULL;
  g_autofree char *dir = NULL;

  if (pulDevState == NULL || !sd_skf_store_name_is_valid (szDevName))
    return SAR_INVALIDPARAMERR;
  g_mutex_lock (&lock);
  root = sd_skf_store_root ();
  dir = g_build_filename (root, szDevName, NULL);
  *pulDevState = device_present (dir) ? DEV_PRESENT_STATE : DEV_ABSENT_STATE;
  g_mutex_unlock (&lock);
  return SAR_OK;
}

static void
copy_field (CHAR       *field,
            gsize       size,
            const char *value)
{
  memset (field, 0, size);
  if (value != NULL)
    strncpy (field, value, size - 1);
}

ULONG
SKF_GetDevInfo (DEVHANDLE  hDev,
                DEVINFO   *pDevInfo)
{
  g_autoptr(GKeyFile) ini = NULL;
  g_autofree char *label = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *manufacturer = NULL;
  Handle *h = NULL;
  ULONG rv;

  if (pDevInfo == NULL)
    return SAR_INVALIDPARAMERR;
  g_mutex_lock (&lock);
  rv = get_handle (hDev, KIND_DEVICE, &h);
  if (rv == SAR_OK)
    ini = sd_skf_store_read_device (h->dir, NULL);
  if (rv == SAR_OK && ini == NULL)
    rv = SAR_READFILEERR;
  if (rv == SAR_OK)
    {
      label = g_key_file_get_string (ini, "device", "label", NULL);
      serial = g_key_file_get_string (ini, "device", "serial", NULL);
      manufacturer = g_key_file_get_string (ini, "device", "manufacturer", NULL);
      memset (pDevInfo, 0, sizeof *pDevInfo);
      pDevInfo->Version.major = 1;
      pDevInfo->Version.minor = 0;
      copy_field (pDevInfo->Manufacturer, sizeof pDevInfo->Manufacturer, manufacturer);
      copy_field (pDevInfo->Issuer, sizeof pDevInfo->Issuer, "SealDesk software SKF token");
      copy_field (pDevInfo->Label, sizeof pDevInfo->Label, label);
      copy_field (pDevInfo->SerialNumber, sizeof pDevInfo->SerialNumber, serial);
      pDevInfo->HWVersion.major = 1;
      pDevInfo->FirmwareVersion.major = 1;
      pDevInfo->AlgAsymCap = SGD_RSA | SGD_SM2_1;
      pDevInfo->AlgHashCap = SGD_SM3 | SGD_SHA256;
      pDevInfo->TotalSpace = 1024 * 1024;
      pDevInfo->FreeSpace = 1024 * 1024;
      pDevInfo->MaxECCBufferSize = 1024;
      pDevInfo->MaxBufferSize = 1024;
    }
  g_mutex_unlock (&lock);
  return rv;
}

/* A software token needs no exclusive access: every call is serialised. */
ULONG
SKF_LockDev (DEVHANDLE hDev,
             ULONG     ulTimeOut)
{
  Handle *h = NULL;
  ULONG rv;

  g_mutex_lock (&lock);
  rv = get_handle (hDev, KIND_DEVICE, &h);
  g_mutex_unlock (&lock);
  return rv;
}

ULONG
SKF_UnlockDev (DEVHANDLE hDev)
{
  return SKF_LockDev (hDev, 0);
}

ULONG
SKF_GenRandom (DEVHANDLE  hDev,
               BYTE      *pbRandom,
               ULONG      ulRandomLen)
{
  Handle *h = NULL;
  ULONG rv;

  if (pbRandom == NULL)
    return SAR_INVALIDPARAMERR;
  g_mutex_lock (&lock);
  rv = get_handle (hDev, KIND_DEVICE, &h);
  if (rv == SAR_OK && RAND_bytes (pbRandom, (int) ulRandomLen) != 1)
    rv = SAR_GENRANDERR;
  g_mutex_unlock (&lock);
  return rv;
}

/* Applications and PINs */

ULONG
SKF_EnumApplication (DEVHANDLE  hDev,
                     LPSTR      szAppName,
                     ULONG     *pulSize)
{
  g_auto(GStrv) names = NULL;
  Handle *h = NULL;
  ULONG rv;

  g_mutex_lock (&lock);
  rv = get_handle (hDev, KIND_DEVICE, &h);
  if (rv == SAR_OK)
    {
      names = sd_skf_store_list (h->dir);
      rv = put_name_list (names, szAppName, pulSize);
    }
  g_mutex_unlock (&lock);
  return rv;
}

ULONG
SKF_OpenApplication (DEVHANDLE     hDev,
                     LPSTR         szAppName,
                     HAPPLICATION *phApplication)
{
  g_autofree char *dir = NULL;
  g_autofree char *ini = NULL;
  Handle *h = NULL;
  ULONG rv;

  if (phApplication == NULL || !sd_skf_store_name_is_valid (szAppName))
    return SAR_INVALIDPARAMERR;
  g_mutex_lock (&lock);
  rv = get_handle (hDev, KIND_DEVICE, &h);
  if (rv == SAR_OK)
    {
      dir = g_build_filename (h->dir, szAppName, NULL);
      ini = g_build_filename (dir, "application.ini", NULL);
      if (g_file_test (ini, G_FILE_TEST_IS_REGULAR))
        *phApplication = handle_new (KIND_APPLICATION, szAppName, dir, h->dir);
      else
        rv = SAR_APPLICATION_NOT_EXISTS;
    }
  g_mutex_unlock (&lock);
  return rv;
}

ULONG
SKF_CloseApplication (HAPPLICATION hApplication)
{
  Handle *h;
  ULONG rv = SAR_OK;

  g_mutex_lock (&lock);
  h = lookup (hApplication, KIND_APPLICATION);
  if (h != NULL)
    handle_free (h);
  else
    rv = SAR_INVALIDHANDLEERR;
  g_mutex_unlock (&lock);
  return rv;
}

static gboolean
pin_type (ULONG         type,
          SdSkfPinType *out)
{
  if (type == USER_TYPE)
    *out = SD_SKF_PIN_USER;
  else if (type == ADMIN_TYPE)
    *out = SD_SKF_PIN_ADMIN;
  else
    return FALSE;
  return TRUE;
}

ULONG
SKF_GetPINInfo (HAPPLICATION  hApplication,
                ULONG         ulPINType,
                ULONG        *pulMaxRetryCount,
                ULONG        *pulRemainRetryCount,
                BOOL         *pbDefaultPin)
{
  Handle *h = NULL;
  SdSkfPinType type;
  guint max = 0, remaining = 0;
  gboolean is_default = FALSE;
  ULONG rv;

  if (!pin_type (ulPINType, &type))
    return SAR_USER_TYPE_INVALID;
  if (pulMaxRetryCount == NULL || pulRemainRetryCount == NULL || pbDefaultPin == NULL)
    return SAR_INVALIDPARAMERR;
  g_mutex_lock (&lock);
  rv = get_handle (hApplication, KIND_APPLICATION, &h);
  if (rv == SAR_OK && !sd_skf_store_pin_info (h->dir, type, &max, &remaining, &is_default, NULL))
    rv = SAR_READFILEERR;
  if (rv == SAR_OK)
    {
      *pulMaxRetryCount = max;
      *pulRemainRetryCount = remaining;
      *pbDefaultPin = is_default ? SKF_TRUE : SKF_FALSE;
    }
  g_mutex_unlock (&lock);
  return rv;
}

static gboolean
pin_length_ok (const char *pin)
{
  return pin != NULL && pin[0] != '\0' && strnlen (pin, MAX_PIN_LENGTH + 1) <= MAX_PIN_LENGTH;
}

/* Checks a PIN; with the lock held.  On success @key gets the
 * application key. */
static ULONG
check_pin (Handle        *h,
           SdSkfPinType   type,
           const char    *pin,
           guint8         key[SD_SKF_STORE_KEY_LENGTH],
           ULONG         *pulRetryCount)
{
  guint remaining = 0;
  SdSkfPinResult result;

  if (!pin_length_ok (pin))
    return SAR_PIN_LEN_RANGE;
  result = sd_skf_store_verify_pin (h->dir, type, pin, key, &remaining, NULL);
  if (pulRetryCount != NULL)
    *pulRetryCount = remaining;
  switch (result)
    {
    case SD_SKF_PIN_OK:
      return SAR_OK;
    case SD_SKF_PIN_WRONG:
      return remaining == 0 ? SAR_PIN_LOCKED : SAR_PIN_INCORRECT;
    case SD_SKF_PIN_LOCKED:
      return SAR_PIN_LOCKED;
    case SD_SKF_PIN_ERROR:
    default:
      return SAR_FILEERR;
    }
}

ULONG
SKF_VerifyPIN (HAPPLICATION  hApplication,
               ULONG         ulPINType,
               LPSTR         szPIN,
               ULONG        *pulRetryCount)
{
  guint8 key[SD_SKF_STORE_KEY_LENGTH];
  Handle *h = NULL;
  SdSkfPinType type;
  ULONG rv;

  if (!pin_type (ulPINType, &type))
    return SAR_USER_TYPE_INVALID;
  g_mutex_lock (&lock);
  rv = get_handle (hApplication, KIND_APPLICATION, &h);
  if (rv == SAR_OK)
    rv = check_pin (h, type, szPIN, key, pulRetryCount);
  /* Only the user PIN opens the keys; the administrator's unblocks PINs. */
  if (rv == SAR_OK && type == SD_SKF_PIN_USER)
    {
      memcpy (h->key, key, sizeof key);
      h->logged_in = TRUE;
    }
  OPENSSL_cleanse (key, sizeof key);
  g_mutex_unlock (&lock);
  return rv;
}

ULONG
SKF_ChangePIN (HAPPLICATION  hApplication,
               ULONG         ulPINType,
               LPSTR         szOldPin,
               LPSTR         szNewPin,
               ULONG        *pulRetryCount)
{
  guint8 key[SD_SKF_STORE_KEY_LENGTH];
  Handle *h = NULL;
  SdSkfPinType type;
  ULONG rv;

  if (!pin_type (ulPINType, &type))
    return SAR_USER_TYPE_INVALID;
  if (!pin_length_ok (szNewPin))
    return SAR_PIN_LEN_RANGE;
  g_mutex_lock (&lock);
  rv = get_handle (hApplication, KIND_APPLICATION, &h);
  if (rv == SAR_OK)
    rv = check_pin (h, type, szOldPin, key, pulRetryCount);
  if (rv == SAR_OK && !sd_skf_store_set_pin (h->dir, type, key, szNewPin, NULL))
    rv = SAR_WRITEFILEERR;
  OPENSSL_cleanse (key, sizeof key);
  g_mutex_unlock (&lock);
  return rv;
}

ULONG
SKF_UnblockPIN (HAPPLICATION  hApplication,
                LPSTR         szAdminPIN,
                LPSTR         szNewUserPIN,
                ULONG        *pulRetryCount)
{
  guint8 key[SD_SKF_STORE_KEY_LENGTH];
  Handle *h = NULL;
  ULONG rv;

  if (!pin_length_ok (szNewUserPIN))
    return SAR_PIN_LEN_RANGE;
  g_mutex_lock (&lock);
  rv = get_handle (hApplication, KIND_APPLICATION, &h);
  if (rv == SAR_OK)
    rv = check_pin (h, SD_SKF_PIN_ADMIN, szAdminPIN, key, pulRetryCount);
  if (rv == SAR_OK && !sd_skf_store_set_pin (h->dir, SD_SKF_PIN_USER, key, szNewUserPIN, NULL))
    rv = SAR_WRITEFILEERR;
  OPENSSL_cleanse (key, sizeof key);
  g_mutex_unlock (&lock);
  return rv;
}

ULONG
SKF_ClearSecureState (HAPPLICATION hApplication)
{
  Handle *h;
  ULONG rv = SAR_OK;

  g_mutex_lock (&lock);
  h = lookup (hApplication, KIND_APPLICATION);
  if (h != NULL)
    {
      h->logged_in = FALSE;
      OPENSSL_cleanse (h->key, sizeof h->key);
    }
  else
    rv = SAR_INVALIDHANDLEERR;
  g_mutex_unlock (&lock);
  return rv;
}

/* Containers */

ULONG
SKF_EnumContainer (HAPPLICATION  hApplication,
                   LPSTR         szContainerName,
                   ULONG        *pulSize)
{
  g_auto(GStrv) names = NULL;
  Handle *h = NULL;
  ULONG rv;

  g_mutex_lock (&lock);
  rv = get_handle (hApplication, KIND_APPLICATION, &h);
  if (rv == SAR_OK)
    {
      names = sd_skf_store_list (h->dir);
      rv = put_name_list (names, szContainerName, pulSize);
    }
  g_mutex_unlock (&lock);
  return rv;
}

ULONG
SKF_OpenContainer (HAPPLICATION  hApplication,
                   LPSTR         szContainerName,
                   HCONTAINER   *phContainer)
{
  g_autofree char *dir = NULL;
  g_autofree char *ini = NULL;
  Handle *h = NULL;
  ULONG rv;

  if (phContainer == NULL || !sd_skf_store_name_is_valid (szContainerName))
    return SAR_INVALIDPARAMERR;
  g_mutex_lock (&lock);
  rv = get_handle (hApplication, KIND_APPLICATION, &h);
  if (rv == SAR_OK)
    {
      dir = g_build_filename (h->dir, szContainerName, NULL);
      ini = g_build_filename (dir, "container.ini", NULL);
      if (g_file_test (ini, G_FILE_TEST_IS_REGULAR))
        {
          Handle *container = handle_new (KIND_CONTAINER, szContainerName, dir, h->device_dir);

          container->application = h;
          *phContainer = container;
        }
      else
        rv = SAR_FILE_NOT_EXIST;
    }
  g_mutex_unlock (&lock);
  return rv;
}

ULONG
SKF_CloseContainer (HCONTAINER hContainer)
{
  Handle *h;
  ULONG rv = SAR_OK;

  g_mutex_lock (&lock);
  h = lookup (hContainer, KIND_CONTAINER);
  if (h != NULL)
    handle_free (h);
  else
    rv = SAR_INVALIDHANDLEERR;
  g_mutex_unlock (&lock);
  return rv;
}

ULONG
SKF_GetContainerType (HCONTAINER  hContainer,
                      ULONG      *pulContainerType)
{
  Handle *h = NULL;
  ULONG rv;

  if (pulContainerType == NULL)
    return SAR_INVALIDPARAMERR;
  g_mutex_lock (&lock);
  rv = get_handle (hContainer, KIND_CONTAINER, &h);
  if (rv == SAR_OK)
    *pulContainerType = sd_skf_store_container_type (h->dir);
  g_mutex_unlock (&lock);
  return rv;
}

/* Copies @data out with the size protocol of SKF */
static ULONG
put_bytes (GBytes *data,
           BYTE   *out,
           ULONG  *size)
{
  gsize length = g_bytes_get_size (data);

  if (size == NULL)
    return SAR_INVALIDPARAMERR;
  if (out != NULL && *size < length)
    {
      *size = (ULONG) length;
      return SAR_BUFFER_TOO_SMALL;
    }
  if (out != NULL)
    memcpy (out, g_bytes_get_data (data, NULL), length);
  *size = (ULONG) length;
  return SAR_OK;
}

ULONG
SKF_ExportCertificate (HCONTAINER  hContainer,
                       BOOL        bSignFlag,
                       BYTE       *pbCert,
                       ULONG      *pulCertLen)
{
  g_autoptr(GBytes) cert = NULL;
  Handle *h = NULL;
  ULONG rv;

  g_mutex_lock (&lock);
  rv = get_handle (hContainer, KIND_CONTAINER, &h);
  if (rv == SAR_OK)
    {
      cert = sd_skf_store_get_certificate (h->dir, bSignFlag ? SD_SKF_USAGE_SIGN
                                                             : SD_SKF_USAGE_ENCRYPT);
      rv = cert != NULL ? put_bytes (cert, pbCert, pulCertLen) : SAR_CERTNOTFOUNTERR;
    }
  g_mutex_unlock (&lock);
  return rv;
}

static gboolean
put_bignum (EVP_PKEY   *pkey,
            const char *name,
            BYTE       *field,
            gsize       field_size,
            gsize       length)
{
  BIGNUM *bn = NULL;
  gboolean ok;

  ok = length <= field_size && EVP_PKEY_get_bn_param (pkey, name, &bn) == 1
       && BN_bn2binpad (bn, field + field_size - length, (int) length) == (int) length;
  BN_free (bn);
  return ok;
}

ULONG
SKF_ExportPublicKey (HCONTAINER  hContainer,
                     BOOL        bSignFlag,
                     BYTE       *pbBlob,
                     ULONG      *pulBlobLen)
{
  EVP_PKEY *pkey = NULL;
  Handle *h = NULL;
  ULONG rv;

  if (pulBlobLen == NULL)
    return SAR_INVALIDPARAMERR;
  g_mutex_lock (&lock);
  rv = get_handle (hContainer, KIND_CONTAINER, &h);
  if (rv == SAR_OK)
    {
      pkey = sd_skf_store_get_public_key (h->dir, bSignFlag ? SD_SKF_USAGE_SIGN
                                                            : SD_SKF_USAGE_ENCRYPT, NULL);
      if (pkey == NULL)
        rv = SAR_KEYNOTFOUNTERR;
    }
  if (rv == SAR_OK && EVP_PKEY_is_a (pkey, "RSA"))
    {
      RSAPUBLICKEYBLOB blob = { 0 };
      g_autoptr(GBytes) bytes = NULL;
      gsize modulus = (gsize) (EVP_PKEY_get_bits (pkey) + 7) / 8;

      blob.AlgID = SGD_RSA;
      blob.BitLen = (ULONG) EVP_PKEY_get_bits (pkey);
      if (!put_bignum (pkey, "n", blob.Modulus, sizeof blob.Modulus, modulus)
          || !put_bignum (pkey, "e", blob.PublicExponent, sizeof blob.PublicExponent,
                          sizeof blob.PublicExponent))
        rv = SAR_KEYINFOTYPEERR;
      bytes = g_bytes_new (&blob, sizeof blob);
      if (rv == SAR_OK)
        rv = put_bytes (bytes, pbBlob, pulBlobLen);
    }
  else if (rv == SAR_OK)
    {
      ECCPUBLICKEYBLOB blob = { 0 };
      g_autoptr(GBytes) bytes = NULL;

      blob.BitLen = 256;
      if (!put_bignum (pkey, "qx", blob.XCoordinate, sizeof blob.XCoordinate, 32)
          || !put_bignum (pkey, "qy", blob.YCoordinate, sizeof blob.YCoordinate, 32))
        rv = SAR_KEYINFOTYPEERR;
      bytes = g_bytes_new (&blob, sizeof blob);
      if (rv == SAR_OK)
        rv = put_bytes (bytes, pbBlob, pulBlobLen);
    }
  EVP_PKEY_free (pkey);
  g_mutex_unlock (&lock);
  return rv;
}

/* The signing key of a container whose application is logged in */
static ULONG
signing_key (HCONTAINER  hContainer,
             guint       type,
             EVP_PKEY  **out)
{
  Handle *h = NULL;
  Handle *app;
  ULONG rv = get_handle (hContainer, KIND_CONTAINER, &h);

  if (rv != SAR_OK)
    return rv;
  app = h->application;
  if (!app->logged_in)
    return SAR_USER_NOT_LOGGED_IN;
  if (sd_skf_store_container_type (h->dir) != type)
    return SAR_KEYUSAGEERR;
  *out = sd_skf_store_get_private_key (h->dir, SD_SKF_USAGE_SIGN, app->key, NULL);
  return *out != NULL ? SAR_OK : SAR_KEYNOTFOUNTERR;
}

ULONG
SKF_RSASignData (HCONTAINER  hContainer,
                 BYTE       *pbData,
                 ULONG       ulDataLen,
                 BYTE       *pbSignature,
                 ULONG      *pulSignLen)
{
  EVP_PKEY *pkey = NULL;
  ULONG rv;
  gsize modulus;

  if (pbData == NULL || pulSignLen == NULL)
    return SAR_INVALIDPARAMERR;
  g_mutex_lock (&lock);
  rv = signing_key (hContainer, SKF_CONTAINER_RSA, &pkey);
  if (rv == SAR_OK)
    {
      modulus = (gsize) EVP_PKEY_get_size (pkey);
      /* PKCS#1 v1.5 type 1 padding needs 11 bytes */
      if (ulDataLen == 0 || ulDataLen > modulus - 11)
        rv = SAR_INDATALENERR;
      else if (pbSignature == NULL)
        *pulSignLen = (ULONG) modulus;
      else if (*pulSignLen < modulus)
        {
          *pulSignLen = (ULONG) modulus;
          rv = SAR_BUFFER_TOO_SMALL;
        }
      else
        {
          g_autoptr(EVP_PKEY_CTX) ctx = EVP_PKEY_CTX_new (pkey, NULL);
          size_t length = modulus;

          if (ctx == NULL || EVP_PKEY_sign_init (ctx) != 1
              || EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_PKCS1_PADDING) != 1
              || EVP_PKEY_sign (ctx, pbSignature, &length, pbData, ulDataLen) != 1)
            rv = SAR_RSAENCERR;
          else
            *pulSignLen = (ULONG) length;
        }
    }
  EVP_PKEY_free (pkey);
  g_mutex_unlock (&lock);
  return rv;
}

ULONG
SKF_ECCSignData (HCONTAINER         hContainer,
                 BYTE              *pbDigest,
                 ULONG              ulDigestLen,
                 PECCSIGNATUREBLOB  pSignature)
{
  EVP_PKEY *pkey = NULL;
  ULONG rv;

  if (pbDigest == NULL || pSignature == NULL)
    return SAR_INVALIDPARAMERR;
  /* The caller hashes: e = SM3(Z ‖ M), 32 bytes */
  if (ulDigestLen != 32)
    return SAR_INDATALENERR;
  g_mutex_lock (&lock);
  rv = signing_key (hContainer, SKF_CONTAINER_ECC, &pkey);
  if (rv == SAR_OK)
    {
      g_autoptr(EVP_PKEY_CTX) ctx = EVP_PKEY_CTX_new (pkey, NULL);
      unsigned char der[80];
      size_t length = sizeof der;
      const unsigned char *p = der;
      ECDSA_SIG *sig = NULL;
      const BIGNUM *r = NULL, *s = NULL;

      memset (pSignature, 0, sizeof *pSignature);
      if (ctx == NULL || !EVP_PKEY_is_a (pkey, "SM2") || EVP_PKEY_sign_init (ctx) != 1
          || EVP_PKEY_sign (ctx, der, &length, pbDigest, ulDigestLen) != 1
          || (sig = d2i_ECDSA_SIG (NULL, &p, (long) length)) == NULL)
        rv = SAR_FAIL;
      else
        {
          ECDSA_SIG_get0 (sig, &r, &s);
          if (BN_bn2binpad (r, pSignature->r + 32, 32) != 32
              || BN_bn2binpad (s, pSignature->s + 32, 32) != 32)
            rv = SAR_FAIL;
        }
      ECDSA_SIG_free (sig);
    }
  EVP_PKEY_free (pkey);
  g_mutex_unlock (&lock);
  return rv;
}
