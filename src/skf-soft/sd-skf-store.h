/* sd-skf-store.h: the encrypted key store on disk behind the software SKF
 * token (libsdskf-soft.so) and its admin tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout under the root directory ($SDSKF_SOFT_DIR, else
 * $XDG_DATA_HOME/sealdesk/skf-soft):
 *
 *   DEVICE/device.ini                    label, serial number, manufacturer
 *   DEVICE/APP/application.ini           PIN retry counters; the application
 *                                        key wrapped under each PIN
 *   DEVICE/APP/CONTAINER/container.ini   type, certificates, private keys
 *                                        encrypted with the application key
 *
 * The application key (32 random bytes) is wrapped with AES-256-GCM under a
 * key derived from the PIN with scrypt; private keys (PKCS#8) are wrapped
 * with AES-256-GCM under the application key, bound to their place by the
 * associated data.  A PIN is checked by unwrapping: there is no PIN hash to
 * attack offline other than through scrypt.  The retry counter is written
 * down before a PIN is tried, under a lock, so killing the process does not
 * give free tries.
 */
#pragma once

#include <glib.h>
#include <openssl/evp.h>

G_BEGIN_DECLS

#define SD_SKF_STORE_KEY_LENGTH 32

typedef enum
{
  SD_SKF_PIN_USER,
  SD_SKF_PIN_ADMIN,
} SdSkfPinType;

typedef enum
{
  SD_SKF_PIN_OK,
  SD_SKF_PIN_WRONG,    /* *remaining says how many tries are left (0: now locked) */
  SD_SKF_PIN_LOCKED,   /* locked before this try; nothing was checked */
  SD_SKF_PIN_ERROR,    /* the store cannot be read or written */
} SdSkfPinResult;

typedef enum
{
  SD_SKF_USAGE_SIGN,
  SD_SKF_USAGE_ENCRYPT,
} SdSkfUsage;

/* The store's root directory (newly allocated) */
char           *sd_skf_store_root             (void);
/* Valid device, application and container names: 1–64 bytes of UTF-8, not
 * starting with ".", without "/" or control characters. */
gboolean        sd_skf_store_name_is_valid    (const char      *name);
/* The subdirectories of @dir that are valid names, sorted */
GStrv           sd_skf_store_list             (const char      *dir);

gboolean        sd_skf_store_create_device    (const char      *device_dir,
                                               const char      *label,
                                               const char      *serial,
                                               const char      *manufacturer,
                                               GError         **error);
GKeyFile       *sd_skf_store_read_device      (const char      *device_dir,
                                               GError         **error);

gboolean        sd_skf_store_create_app       (const char      *app_dir,
                                               const char      *user_pin,
                                               const char      *admin_pin,
                                               guint            max_retries,
                                               GError         **error);
/* Checks @pin and, when right, gives the application key. */
SdSkfPinResult  sd_skf_store_verify_pin       (const char      *app_dir,
                                               SdSkfPinType     type,
                                               const char      *pin,
                                               guint8           key[SD_SKF_STORE_KEY_LENGTH],
                                               guint           *remaining,
                                               GError         **error);
gboolean        sd_skf_store_pin_info         (const char      *app_dir,
                                               SdSkfPinType     type,
                                               guint           *max_retries,
                                               guint           *remaining,
                                               gboolean        *is_default,
                                               GError         **error);
/* Wraps the application key under a new PIN of @type (the caller has
 * verified a PIN, giving @key) and resets that PIN's counter. */
gboolean        sd_skf_store_set_pin          (const char      *app_dir,
                                               SdSkfPinType     type,
                                               const guint8     key[SD_SKF_STORE_KEY_LENGTH],
                                               const char      *new_pin,
                                               GError         **error);

/* Stores a key pair (and its certificate, DER, may be NULL) of @usage in
 * the container, creating it.  All keys of a container are of one type. */
gboolean        sd_skf_store_put_key          (const char      *container_dir,
                                               SdSkfUsage       usage,
                                               const guint8     key[SD_SKF_STORE_KEY_LENGTH],
                                               EVP_PKEY        *pkey,
                                               GBytes          *certificate,
                                               GError         **error);
/* 0 empty, 1 RSA, 2 ECC (SM2), as SKF_GetContainerType says */
guint           sd_skf_store_container_type   (const char      *container_dir);
GBytes         *sd_skf_store_get_certificate  (const char      *container_dir,
                                               SdSkfUsage       usage);
/* The public key of @usage (from the stored key pair) */
EVP_PKEY       *sd_skf_store_get_public_key   (const char      *container_dir,
                                               SdSkfUsage       usage,
                                               GError         **error);
EVP_PKEY       *sd_skf_store_get_private_key  (const char      *container_dir,
                                               SdSkfUsage       usage,
                                               const guint8     key[SD_SKF_STORE_KEY_LENGTH],
                                               GError         **error);

G_END_DECLS
