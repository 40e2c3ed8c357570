/* sd-token-pkcs11.c: a token in a slot of a PKCS#11 module
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-certificate.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-pkcs11-signer.h"
#include "sd-secure.h"
#include "sd-token-pkcs11.h"

struct _SdTokenPkcs11
{
  SdToken              parent_instance;

  SdPkcs11Module      *module;
  struct ck_function_list *f;
  ck_slot_id_t         slot;

  GMutex               lock;         /* held from begin() to end() */
  gboolean             has_session;
  ck_session_handle_t  session;
  guint                generation;
  GHashTable          *mechanisms;   /* mechanism → mechanism flags; NULL until asked */
};

G_DEFINE_FINAL_TYPE (SdTokenPkcs11, sd_token_pkcs11, SD_TYPE_TOKEN)

/* Tokens already handed out, per module and slot, so that listing again
 * gives the same objects (and their logged-in session). */
typedef struct
{
  SdPkcs11Module *module;  /* not a reference: the key of the entry */
  ck_slot_id_t    slot;
  GWeakRef        token;
} KnownToken;

static GMutex known_lock;
static GSList *known_tokens;

static void
close_session (SdTokenPkcs11 *self)
{
  if (self->has_session)
    {
      self->f->C_CloseSession (self->session);
      self->has_session = FALSE;
    }
}

static void
sd_token_pkcs11_finalize (GObject *object)
{
  SdTokenPkcs11 *self = SD_TOKEN_PKCS11 (object);

  g_mutex_lock (&known_lock);
  for (GSList *l = known_tokens; l != NULL; l = l->next)
    {
      KnownToken *known = l->data;
      g_autoptr(GObject) alive = g_weak_ref_get (&known->token);

      if (known->module == self->module && known->slot == self->slot && alive == NULL)
        {
          g_weak_ref_clear (&known->token);
          known_tokens = g_slist_delete_link (known_tokens, l);
          g_free (known);
          break;
        }
    }
  g_mutex_unlock (&known_lock);

  close_session (self);
  g_clear_pointer (&self->mechanisms, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_clear_object (&self->module);

  G_OBJECT_CLASS (sd_token_pkcs11_parent_class)->finalize (object);
}

/* PIN state */

static void
record_token_info (SdTokenPkcs11            *self,
                   const struct ck_token_info *info)
{
  SdTokenFlags flags = 0;
  int tries = -1;

  if (info->flags & CKF_LOGIN_REQUIRED)
    flags |= SD_TOKEN_LOGIN_REQUIRED;
  if (info->flags & CKF_PROTECTED_AUTHENTICATION_PATH)
    flags |= SD_TOKEN_PIN_PAD;
  if (info->flags & CKF_USER_PIN_COUNT_LOW)
    flags |= SD_TOKEN_PIN_COUNT_LOW;
  if (info->flags & CKF_USER_PIN_FINAL_TRY)
    {
      flags |= SD_TOKEN_PIN_FINAL_TRY;
      tries = 1;
    }
  if (info->flags & CKF_USER_PIN_LOCKED)
    {
      flags |= SD_TOKEN_PIN_LOCKED;
      tries = 0;
    }
  if (info->flags & CKF_USER_PIN_TO_BE_CHANGED)
    flags |= SD_TOKEN_PIN_TO_BE_CHANGED;
  if (info->flags & CKF_WRITE_PROTECTED)
    flags |= SD_TOKEN_WRITE_PROTECTED;
  sd_token_set_pin_state (SD_TOKEN (self), flags, tries);
}

static gboolean
read_token_info (SdTokenPkcs11          *self,
                 struct ck_token_info   *info,
                 GError                **error)
{
  ck_rv_t rv = self->f->C_GetTokenInfo (self->slot, info);

  if (rv != CKR_OK)
    {
      sd_pkcs11_set_error (error, rv, _("The key “%s” cannot be read"),
                           sd_token_get_label (SD_TOKEN (self)));
      return FALSE;
    }
  record_token_info (self, info);
  return TRUE;
}

static gboolean
token_refresh (SdToken  *token,
               GError  **error)
{
  SdTokenPkcs11 *self = SD_TOKEN_PKCS11 (token);
  struct ck_token_info info;

  return read_token_info (self, &info, error);
}

/* Sessions */

gboolean
sd_token_pkcs11_begin (SdTokenPkcs11        *self,
                       ck_session_handle_t  *session,
                       guint                *generation,
                       GError              **error)
{
  struct ck_session_info session_info;
  struct ck_token_info info;
  g_autofree char *serial = NULL;
  ck_rv_t rv;

  g_return_val_if_fail (SD_IS_TOKEN_PKCS11 (self), FALSE);

  g_mutex_lock (&self->lock);

  /* A session of a key that was pulled out (or reset) is dead: check it
   * and start again rather than fail on the next call. */
  if (self->has_session)
    {
      rv = self->f->C_GetSessionInfo (self->session, &session_info);
      if (rv == CKR_OK && session_info.slot_id == self->slot)
        goto done;
      g_debug ("PKCS#11 session of “%s” lost (%s), opening a new one",
               sd_token_get_label (SD_TOKEN (self)), sd_pkcs11_rv_to_string (rv));
      close_session (self);
    }

  if (!read_token_info (self, &info, error))
    goto fail;
  serial = sd_pkcs11_field_to_string (info.serial_number, sizeof info.serial_number);
  if (g_strcmp0 (serial, sd_token_get_serial (SD_TOKEN (self))) != 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_TOKEN_REMOVED,
                   _("The key “%s” was replaced by another one in the same reader; insert it "
                     "again"), sd_token_get_label (SD_TOKEN (self)));
      goto fail;
    }

  rv = self->f->C_OpenSession (self->slot, CKF_SERIAL_SESSION, NULL, NULL, &self->session);
  if (rv != CKR_OK)
    {
      sd_pkcs11_set_error (error, rv, _("No session can be opened with the key “%s”"),
                           sd_token_get_label (SD_TOKEN (self)));
      goto fail;
    }
  self->has_session = TRUE;
  self->generation++;

done:
  *session = self->session;
  if (generation != NULL)
    *generation = self->generation;
  return TRUE;

fail:
  g_mutex_unlock (&self->lock);
  return FALSE;
}

void
sd_token_pkcs11_end (SdTokenPkcs11 *self,
                     gboolean       drop)
{
  g_return_if_fail (SD_IS_TOKEN_PKCS11 (self));

  if (drop)
    close_session (self);
  g_mutex_unlock (&self->lock);
}

gboolean
sd_token_pkcs11_is_logged_in (SdTokenPkcs11 *self)
{
  struct ck_session_info info;

  g_return_val_if_fail (SD_IS_TOKEN_PKCS11 (self), FALSE);

  return self->has_session && self->f->C_GetSessionInfo (self->session, &info) == CKR_OK
         && (info.state == CKS_RO_USER_FUNCTIONS || info.state == CKS_RW_USER_FUNCTIONS);
}

static void set_locked_error (SdTokenPkcs11  *self,
                              GError        **error);

gboolean
sd_token_pkcs11_login (SdTokenPkcs11  *self,
                       SdSigner       *asker,
                       unsigned long   user_type,
                       const char     *key_label,
                       GCancellable   *cancellable,
                       GError        **error)
{
  const char *label = sd_token_get_label (SD_TOKEN (self));
  gboolean retry = FALSE;

  g_return_val_if_fail (SD_IS_TOKEN_PKCS11 (self), FALSE);
  g_return_val_if_fail (self->has_session, FALSE);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      struct ck_token_info info;
      SdPinRequest request = { 0 };
      char *pin;
      ck_rv_t rv;

      if (!read_token_info (self, &info, error))
        return FALSE;
      if (info.flags & CKF_USER_PIN_LOCKED)
        {
          set_locked_error (self, error);
          return FALSE;
        }

      if (info.flags & CKF_PROTECTED_AUTHENTICATION_PATH)
        {
          /* The PIN is typed on the reader's keypad or the key itself. */
          rv = self->f->C_Login (self->session, user_type, NULL, 0);
        }
      else
        {
          sd_token_fill_pin_request (SD_TOKEN (self), &request);
          request.key_label = key_label;
          request.retry = retry;
          pin = sd_signer_request_pin (asker, &request, cancellable, &local_error);
          if (pin == NULL)
            {
              g_autofree char *state = sd_token_describe_pin_state (SD_TOKEN (self));

              /* Giving up after a wrong PIN (a script's PIN file, or the user)
               * is reported as what it is. */
              if (retry && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                g_set_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD,
                             _("The PIN of the key “%s” is wrong (%s); nothing was signed"),
                             label, state != NULL ? state : _("the key does not say how many "
                                                              "tries are left"));
              else
                g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          rv = self->f->C_Login (self->session, user_type, (unsigned char *) pin, strlen (pin));
          sd_secure_free (pin);
        }

      if (rv == CKR_OK || (rv == CKR_USER_ALREADY_LOGGED_IN && user_type == CKU_USER))
        {
          read_token_info (self, &info, NULL);
          return TRUE;
        }
      if (rv == CKR_PIN_INCORRECT || rv == CKR_PIN_INVALID || rv == CKR_PIN_LEN_RANGE)
        {
          retry = TRUE;
          continue;
        }
      if (rv == CKR_PIN_LOCKED)
        read_token_info (self, &info, NULL);
      sd_pkcs11_set_error (error, rv, _("Logging in to the key “%s” failed"), label);
      return FALSE;
    }
}

static void
set_locked_error (SdTokenPkcs11  *self,
                  GError        **error)
{
  g_set_error (error, SD_ERROR, SD_ERROR_PIN_LOCKED,
               _("The PIN of the key “%s” is locked after too many wrong attempts; ask the key’s "
                 "issuer (your CA) to unlock it"), sd_token_get_label (SD_TOKEN (self)));
}

/* C_SetPIN wants a read/write session logged in as the user: a session of
 * its own, so that the token's read-only one is left as it was. */
static gboolean
token_change_pin (SdToken       *token,
                  const char    *old_pin,
                  const char    *new_pin,
                  GCancellable  *cancellable,
                  GError       **error)
{
  SdTokenPkcs11 *self = SD_TOKEN_PKCS11 (token);
  const char *label = sd_token_get_label (token);
  struct ck_token_info info;
  ck_session_handle_t session, rw;
  gboolean logged_in_here = FALSE, ok = FALSE;
  ck_rv_t rv;

  if (!sd_token_pkcs11_begin (self, &session, NULL, error))
    return FALSE;
  if (!read_token_info (self, &info, error))
    goto out;
  if (info.flags & CKF_USER_PIN_LOCKED)
    {
      set_locked_error (self, error);
      goto out;
    }

  rv = self->f->C_OpenSession (self->slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL,
                               &rw);
  if (rv != CKR_OK)
    {
      sd_pkcs11_set_error (error, rv, _("The PIN of the key “%s” cannot be changed"), label);
      goto out;
    }
  rv = self->f->C_Login (rw, CKU_USER, (unsigned char *) old_pin, strlen (old_pin));
  logged_in_here = rv == CKR_OK;
  if (rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN)
    rv = self->f->C_SetPIN (rw, (unsigned char *) old_pin, strlen (old_pin),
                            (unsigned char *) new_pin, strlen (new_pin));
  read_token_info (self, &info, NULL);

  if (rv == CKR_OK)
    ok = TRUE;
  else if (rv == CKR_PIN_INCORRECT)
    {
      g_autofree char *state = sd_token_describe_pin_state (token);

      g_set_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD,
                   _("The current PIN of the key “%s” is wrong (%s); the PIN was not changed"),
                   label, state != NULL ? state : _("the key does not say how many tries are "
                                                    "left"));
    }
  else if (rv == CKR_PIN_LOCKED)
    set_locked_error (self, error);
  else if (rv == CKR_PIN_INVALID || rv == CKR_PIN_LEN_RANGE)
    sd_pkcs11_set_error (error, rv, _("The key “%s” does not accept the new PIN (too short, too "
                                      "long or characters it does not take)"), label);
  else
    sd_pkcs11_set_error (error, rv, _("The PIN of the key “%s” cannot be changed"), label);

  if (logged_in_here)
    self->f->C_Logout (rw);
  self->f->C_CloseSession (rw);

out:
  sd_token_pkcs11_end (self, FALSE);
  return ok;
}

gboolean
sd_token_pkcs11_can_sign_with (SdTokenPkcs11       *self,
                               ck_mechanism_type_t  mechanism)
{
  gpointer flags;

  g_return_val_if_fail (SD_IS_TOKEN_PKCS11 (self), FALSE);

  if (self->mechanisms == NULL)
    {
      g_autofree ck_mechanism_type_t *list = NULL;
      unsigned long count = 0;

      self->mechanisms = g_hash_table_new (g_direct_hash, g_direct_equal);
      if (self->f->C_GetMechanismList (self->slot, NULL, &count) == CKR_OK && count > 0)
        {
          list = g_new0 (ck_mechanism_type_t, count);
          if (self->f->C_GetMechanismList (self->slot, list, &count) != CKR_OK)
            count = 0;
        }
      for (unsigned long i = 0; i < count; i++)
        {
          struct ck_mechanism_info info = { 0 };

          /* A module that cannot describe a mechanism it lists gets the
           * benefit of the doubt. */
          if (self->f->C_GetMechanismInfo (self->slot, list[i], &info) != CKR_OK)
            info.flags = CKF_SIGN;
          g_hash_table_insert (self->mechanisms, GSIZE_TO_POINTER (list[i]),
                               GSIZE_TO_POINTER (info.flags));
        }
      g_debug ("Token “%s” lists %lu mechanisms", sd_token_get_label (SD_TOKEN (self)), count);
    }

  if (!g_hash_table_lookup_extended (self->mechanisms, GSIZE_TO_POINTER (mechanism), NULL, &flags))
    return FALSE;
  return (GPOINTER_TO_SIZE (flags) & CKF_SIGN) != 0;
}

GArray *
sd_token_pkcs11_find_objects (SdTokenPkcs11        *self,
                              struct ck_attribute  *template,
                              unsigned long         n_attributes,
                              GError              **error)
{
  g_autoptr(GArray) objects = g_array_new (FALSE, FALSE, sizeof (ck_object_handle_t));
  ck_object_handle_t batch[32];
  unsigned long found = 0;
  ck_rv_t rv;

  g_return_val_if_fail (SD_IS_TOKEN_PKCS11 (self), NULL);

  rv = self->f->C_FindObjectsInit (self->session, template, n_attributes);
  if (rv != CKR_OK)
    {
      sd_pkcs11_set_error (error, rv, _("The objects on the key “%s” cannot be searched"),
                           sd_token_get_label (SD_TOKEN (self)));
      return NULL;
    }
  do
    {
      rv = self->f->C_FindObjects (self->session, batch, G_N_ELEMENTS (batch), &found);
      if (rv == CKR_OK)
        g_array_append_vals (objects, batch, found);
    }
  while (rv == CKR_OK && found == G_N_ELEMENTS (batch));
  self->f->C_FindObjectsFinal (self->session);

  if (rv != CKR_OK)
    {
      sd_pkcs11_set_error (error, rv, _("The objects on the key “%s” cannot be searched"),
                           sd_token_get_label (SD_TOKEN (self)));
      return NULL;
    }
  return g_steal_pointer (&objects);
}

GBytes *
sd_token_pkcs11_get_attribute (SdTokenPkcs11       *self,
                               ck_object_handle_t   object,
                               ck_attribute_type_t  type)
{
  struct ck_attribute attribute = { type, NULL, 0 };
  guint8 *value;

  g_return_val_if_fail (SD_IS_TOKEN_PKCS11 (self), NULL);

  if (self->f->C_GetAttributeValue (self->session, object, &attribute, 1) != CKR_OK
      || attribute.value_len == CK_UNAVAILABLE_INFORMATION)
    return NULL;
  /* A certificate is a few kilobytes; anything past 1 MiB is a broken module. */
  if (attribute.value_len > 1024 * 1024)
    return NULL;
  value = g_malloc (attribute.value_len + 1);
  attribute.value = value;
  if (self->f->C_GetAttributeValue (self->session, object, &attribute, 1) != CKR_OK)
    {
      g_free (value);
      return NULL;
    }
  return g_bytes_new_take (value, attribute.value_len);
}

/* Certificates */

static char *
bytes_to_hex (GBytes *bytes)
{
  gsize length = 0;
  const guint8 *data = bytes != NULL ? g_bytes_get_data (bytes, &length) : NULL;
  GString *hex = g_string_sized_new (2 * length + 1);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (hex, "%02x", data[i]);
  return g_string_free (hex, FALSE);
}

/* "0a1B", "0a:1b" or "0x0a1b" → bytes; NULL if not hex */
static GBytes *
hex_to_bytes (const char *hex)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  int high = -1;

  if (g_str_has_prefix (hex, "0x") || g_str_has_prefix (hex, "0X"))
    hex += 2;
  for (const char *p = hex; *p != '\0'; p++)
    {
      int v;

      if (*p == ':' && high < 0)
        continue;
      v = g_ascii_xdigit_value (*p);
      if (v < 0)
        return NULL;
      if (high < 0)
        high = v;
      else
        {
          guint8 b = (guint8) (high << 4 | v);

          g_byte_array_append (out, &b, 1);
          high = -1;
        }
    }
  if (high >= 0)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static char *
object_uri (SdTokenPkcs11 *self,
            GBytes        *id,
            GBytes        *label)
{
  P11KitUri *uri = p11_kit_uri_new ();
  struct ck_token_info *token_info = p11_kit_uri_get_token_info (uri);
  ck_object_class_t klass = CKO_CERTIFICATE;
  struct ck_attribute attribute;
  char *text = NULL;

  if (self->f->C_GetTokenInfo (self->slot, token_info) != CKR_OK)
    memset (token_info, 0, sizeof *token_info);
  attribute.type = CKA_CLASS;
  attribute.value = &klass;
  attribute.value_len = sizeof klass;
  p11_kit_uri_set_attribute (uri, &attribute);
  if (id != NULL)
    {
      attribute.type = CKA_ID;
      attribute.value = (void *) g_bytes_get_data (id, NULL);
      attribute.value_len = g_bytes_get_size (id);
      p11_kit_uri_set_attribute (uri, &attribute);
    }
  if (label != NULL)
    {
      attribute.type = CKA_LABEL;
      attribute.value = (void *) g_bytes_get_data (label, NULL);
      attribute.value_len = g_bytes_get_size (label);
      p11_kit_uri_set_attribute (uri, &attribute);
    }
  if (p11_kit_uri_format (uri, P11_KIT_URI_FOR_OBJECT_ON_TOKEN, &text) != P11_KIT_URI_OK)
    text = NULL;
  p11_kit_uri_free (uri);
  if (text == NULL)
    return g_strdup ("");
  {
    char *copy = g_strdup (text);

    free (text);
    return copy;
  }
}

static char *
bytes_to_label (GBytes *label)
{
  gsize length = 0;
  const char *data = label != NULL ? g_bytes_get_data (label, &length) : NULL;

  if (data == NULL)
    return g_strdup ("");
  return g_utf8_make_valid (data, (gssize) length);
}

typedef struct
{
  ck_object_handle_t handle;
  GBytes            *der;
  GBytes            *id;
  GBytes            *label;
} CertObject;

static void
cert_object_free (CertObject *object)
{
  g_clear_pointer (&object->der, g_bytes_unref);
  g_clear_pointer (&object->id, g_bytes_unref);
  g_clear_pointer (&object->label, g_bytes_unref);
  g_free (object);
}

/* The X.509 certificates on the token (between begin() and end()). */
static GPtrArray *
read_certificates (SdTokenPkcs11  *self,
                   GError        **error)
{
  ck_object_class_t klass = CKO_CERTIFICATE;
  ck_certificate_type_t type = CKC_X_509;
  struct ck_attribute template[] = {
    { CKA_CLASS, &klass, sizeof klass },
    { CKA_CERTIFICATE_TYPE, &type, sizeof type },
  };
  g_autoptr(GArray) handles = NULL;
  g_autoptr(GPtrArray) certs = g_ptr_array_new_with_free_func ((GDestroyNotify) cert_object_free);

  handles = sd_token_pkcs11_find_objects (self, template, G_N_ELEMENTS (template), error);
  if (handles == NULL)
    return NULL;
  for (guint i = 0; i < handles->len; i++)
    {
      CertObject *object = g_new0 (CertObject, 1);

      object->handle = g_array_index (handles, ck_object_handle_t, i);
      object->der = sd_token_pkcs11_get_attribute (self, object->handle, CKA_VALUE);
      object->id = sd_token_pkcs11_get_attribute (self, object->handle, CKA_ID);
      object->label = sd_token_pkcs11_get_attribute (self, object->handle, CKA_LABEL);
      if (object->der == NULL)
        cert_object_free (object);
      else
        g_ptr_array_add (certs, object);
    }
  return g_steal_pointer (&certs);
}

/* Hex IDs of the private keys the session can see */
static GHashTable *
read_private_key_ids (SdTokenPkcs11  *self,
                      GError        **error)
{
  ck_object_class_t klass = CKO_PRIVATE_KEY;
  struct ck_attribute template[] = { { CKA_CLASS, &klass, sizeof klass } };
  g_autoptr(GArray) handles = NULL;
  GHashTable *ids;

  handles = sd_token_pkcs11_find_objects (self, template, G_N_ELEMENTS (template), error);
  if (handles == NULL)
    return NULL;
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < handles->len; i++)
    {
      g_autoptr(GBytes) id = sd_token_pkcs11_get_attribute (self, g_array_index (handles,
                                                                                 ck_object_handle_t,
                                                                                 i), CKA_ID);

      g_hash_table_add (ids, bytes_to_hex (id));
    }
  return ids;
}

static GPtrArray *
token_list_certificates (SdToken       *token,
                         GCancellable  *cancellable,
                         GError       **error)
{
  SdTokenPkcs11 *self = SD_TOKEN_PKCS11 (token);
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GHashTable) key_ids = NULL;
  g_autoptr(GPtrArray) result = NULL;
  ck_session_handle_t session;
  gboolean hidden;

  if (!sd_token_pkcs11_begin (self, &session, NULL, error))
    return NULL;
  objects = read_certificates (self, error);
  key_ids = objects != NULL ? read_private_key_ids (self, error) : NULL;
  /* Private keys of a token that wants a login may be invisible until then. */
  hidden = (sd_token_get_flags (token) & SD_TOKEN_LOGIN_REQUIRED)
           && !sd_token_pkcs11_is_logged_in (self);
  result = key_ids != NULL ? g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                             sd_token_certificate_free) : NULL;
  for (guint i = 0; result != NULL && i < objects->len; i++)
    {
      CertObject *object = g_ptr_array_index (objects, i);
      g_autofree char *id = bytes_to_hex (object->id);
      g_autofree char *label = bytes_to_label (object->label);
      g_autoptr(GError) local_error = NULL;
      SdPrivateKeyPresence presence;
      SdTokenCertificate *cert;

      if (g_hash_table_contains (key_ids, id))
        presence = SD_PRIVATE_KEY_PRESENT;
      else
        presence = hidden ? SD_PRIVATE_KEY_UNKNOWN : SD_PRIVATE_KEY_ABSENT;
      cert = sd_token_certificate_new (object->der, id, label, presence, FALSE, &local_error);
      if (cert == NULL)
        {
          g_debug ("Skipping an unreadable certificate on “%s”: %s",
                   sd_token_get_label (token), local_error->message);
          continue;
        }
      cert->uri = object_uri (self, object->id, NULL);
      g_ptr_array_add (result, cert);
    }
  sd_token_pkcs11_end (self, FALSE);

  return g_steal_pointer (&result);
}

/* The issuers of @leaf among @objects, nearest first */
static GPtrArray *
issuer_chain (GBytes    *leaf_der,
              GPtrArray *objects)
{
  GPtrArray *chain = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(X509) current = sd_certificate_parse (leaf_der, NULL);

  while (current != NULL && chain->len < objects->len)
    {
      X509 *next = NULL;

      if (X509_check_issued (current, current) == X509_V_OK)
        break;
      for (guint i = 0; i < objects->len && next == NULL; i++)
        {
          CertObject *object = g_ptr_array_index (objects, i);
          g_autoptr(X509) candidate = sd_certificate_parse (object->der, NULL);

          if (candidate != NULL && X509_check_issued (candidate, current) == X509_V_OK)
            {
              next = g_steal_pointer (&candidate);
              g_ptr_array_add (chain, g_bytes_ref (object->der));
            }
        }
      X509_free (current);
      current = next;
    }
  X509_free (current);
  sd_openssl_clear_error ();
  return chain;
}

static SdSigner *
token_get_signer (SdToken       *token,
                  const char    *key_id,
                  GCancellable  *cancellable,
                  GError       **error)
{
  SdTokenPkcs11 *self = SD_TOKEN_PKCS11 (token);
  g_autoptr(GBytes) id = hex_to_bytes (key_id);
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(SdTokenCertificate) listed = NULL;
  g_autofree char *label = NULL;
  CertObject *match = NULL;
  ck_session_handle_t session;

  if (id == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a PKCS#11 key ID: give it in hexadecimal, for example 01"),
                   key_id);
      return NULL;
    }

  if (!sd_token_pkcs11_begin (self, &session, NULL, error))
    return NULL;
  objects = read_certificates (self, error);
  sd_token_pkcs11_end (self, FALSE);
  if (objects == NULL)
    return NULL;

  for (guint i = 0; i < objects->len && match == NULL; i++)
    {
      CertObject *object = g_ptr_array_index (objects, i);

      if (object->id != NULL && g_bytes_equal (object->id, id))
        match = object;
    }
  if (match == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                   _("The key “%s” holds no certificate with the key ID %s; run “sealdesk-cli "
                     "tokens” to see the IDs"), sd_token_get_label (token), key_id);
      return NULL;
    }

  /* Refuse encryption and CA certificates here, with the reason; whether
   * the private key is there is known only once the signer logs in. */
  listed = sd_token_certificate_new (match->der, key_id, NULL, SD_PRIVATE_KEY_UNKNOWN, FALSE,
                                     error);
  if (listed == NULL)
    return NULL;
  if (!listed->can_sign)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_KEY, "%s", listed->reason);
      return NULL;
    }

  label = bytes_to_label (match->label);
  chain = issuer_chain (match->der, objects);
  return sd_pkcs11_signer_new (self, match->der, chain, id, label, error);
}

/* Listing */

static void
sd_token_pkcs11_class_init (SdTokenPkcs11Class *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SdTokenClass *token_class = SD_TOKEN_CLASS (klass);

  object_class->finalize = sd_token_pkcs11_finalize;
  token_class->refresh = token_refresh;
  token_class->list_certificates = token_list_certificates;
  token_class->get_signer = token_get_signer;
  token_class->change_pin = token_change_pin;
}

static void
sd_token_pkcs11_init (SdTokenPkcs11 *self)
{
  g_mutex_init (&self->lock);
}

static char *
token_uri (const struct ck_token_info *info)
{
  P11KitUri *uri = p11_kit_uri_new ();
  char *text = NULL;
  char *copy;

  memcpy (p11_kit_uri_get_token_info (uri), info, sizeof *info);
  if (p11_kit_uri_format (uri, P11_KIT_URI_FOR_TOKEN, &text) != P11_KIT_URI_OK)
    text = NULL;
  p11_kit_uri_free (uri);
  copy = g_strdup (text != NULL ? text : "");
  free (text);
  return copy;
}

static SdTokenPkcs11 *
token_new (SdPkcs11Module             *module,
           ck_slot_id_t                slot,
           const struct ck_token_info *info)
{
  g_autofree char *label = sd_pkcs11_field_to_string (info->label, sizeof info->label);
  g_autofree char *serial = sd_pkcs11_field_to_string (info->serial_number,
                                                       sizeof info->serial_number);
  g_autofree char *manufacturer = sd_pkcs11_field_to_string (info->manufacturer_id,
                                                             sizeof info->manufacturer_id);
  g_autofree char *model = sd_pkcs11_field_to_string (info->model, sizeof info->model);
  g_autofree char *uri = token_uri (info);
  SdTokenPkcs11 *self;

  self = g_object_new (SD_TYPE_TOKEN_PKCS11,
                       "kind", SD_TOKEN_KIND_PKCS11,
                       "label", label,
                       "serial", serial,
                       "manufacturer", manufacturer,
                       "model", model,
                       "driver", sd_pkcs11_module_get_path (module),
                       "uri", uri,
                       NULL);
  self->module = g_object_ref (module);
  self->f = sd_pkcs11_module_get_functions (module);
  self->slot = slot;
  record_token_info (self, info);
  return self;
}

/* The token object for @slot: the known one if the same token is still
 * there, else a new one that replaces it. */
static SdTokenPkcs11 *
token_for_slot (SdPkcs11Module             *module,
                ck_slot_id_t                slot,
                const struct ck_token_info *info)
{
  g_autofree char *serial = sd_pkcs11_field_to_string (info->serial_number,
                                                       sizeof info->serial_number);
  g_autofree char *label = sd_pkcs11_field_to_string (info->label, sizeof info->label);
  SdTokenPkcs11 *token = NULL;
  KnownToken *known = NULL;

  g_mutex_lock (&known_lock);
  for (GSList *l = known_tokens; l != NULL && known == NULL; l = l->next)
    {
      KnownToken *candidate = l->data;

      if (candidate->module == module && candidate->slot == slot)
        known = candidate;
    }
  if (known != NULL)
    {
      token = g_weak_ref_get (&known->token);
      if (token != NULL
          && (g_strcmp0 (sd_token_get_serial (SD_TOKEN (token)), serial) != 0
              || g_strcmp0 (sd_token_get_label (SD_TOKEN (token)), label) != 0))
        g_clear_object (&token);
    }
  else
    {
      known = g_new0 (KnownToken, 1);
      known->module = module;
      known->slot = slot;
      g_weak_ref_init (&known->token, NULL);
      known_tokens = g_slist_prepend (known_tokens, known);
    }
  if (token == NULL)
    {
      token = token_new (module, slot, info);
      g_weak_ref_set (&known->token, token);
    }
  else
    {
      record_token_info (token, info);
    }
  g_mutex_unlock (&known_lock);
  return token;
}

GPtrArray *
sd_token_pkcs11_list (SdPkcs11Module  *module,
                      GError         **error)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) slots = NULL;
  struct ck_function_list *f;

  g_return_val_if_fail (SD_IS_PKCS11_MODULE (module), NULL);

  f = sd_pkcs11_module_get_functions (module);
  slots = sd_pkcs11_module_get_slots (module, TRUE, error);
  if (slots == NULL)
    return NULL;

  for (guint i = 0; i < slots->len; i++)
    {
      ck_slot_id_t slot = g_array_index (slots, ck_slot_id_t, i);
      struct ck_token_info info;
      ck_rv_t rv = f->C_GetTokenInfo (slot, &info);

      /* Uninitialised tokens (SoftHSM's free slot) hold nothing to sign with. */
      if (rv != CKR_OK || !(info.flags & CKF_TOKEN_INITIALIZED))
        {
          if (rv != CKR_OK)
            g_debug ("Slot %lu of “%s”: %s", slot, sd_pkcs11_module_get_name (module),
                     sd_pkcs11_rv_to_string (rv));
          continue;
        }
      g_ptr_array_add (tokens, token_for_slot (module, slot, &info));
    }
  return g_steal_pointer (&tokens);
}

SdPkcs11Module *
sd_token_pkcs11_get_module (SdTokenPkcs11 *self)
{
  g_return_val_if_fail (SD_IS_TOKEN_PKCS11 (self), NULL);
  return self->module;
}

ck_slot_id_t
sd_token_pkcs11_get_slot (SdTokenPkcs11 *self)
{
  g_return_val_if_fail (SD_IS_TOKEN_PKCS11 (self), 0);
  return self->slot;
}
