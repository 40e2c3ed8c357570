/* sd-token-skf.c: an application on an SKF (GM/T 0016) device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-error.h"
#include "sd-secure.h"
#include "sd-skf-signer.h"
#include "sd-token-skf.h"

struct _SdTokenSkf
{
  SdToken               parent_instance;

  SdSkfLibrary         *library;
  const SdSkfFunctions *f;
  char                 *device;
  char                 *application;

  /* Open between signatures; touched with the library locked */
  DEVHANDLE             dev;
  HAPPLICATION          app;
  gboolean              logged_in;
  GHashTable           *containers;  /* name → HCONTAINER */
};

G_DEFINE_FINAL_TYPE (SdTokenSkf, sd_token_skf, SD_TYPE_TOKEN)

typedef struct
{
  SdSkfLibrary *library;  /* not a reference: the key of the entry */
  char         *device;
  char         *application;
  GWeakRef      token;
} KnownToken;

static GMutex known_lock;
static GSList *known_tokens;

/* Some vendors' GetDevInfo write more than the standard structure. */
typedef union
{
  DEVINFO info;
  guint8  room[2048];
} DevInfoBuffer;

static void
close_all (SdTokenSkf *self)
{
  GHashTableIter iter;
  gpointer container;

  g_hash_table_iter_init (&iter, self->containers);
  while (g_hash_table_iter_next (&iter, NULL, &container))
    self->f->SKF_CloseContainer (container);
  g_hash_table_remove_all (self->containers);
  if (self->app != NULL)
    self->f->SKF_CloseApplication (self->app);
  if (self->dev != NULL)
    self->f->SKF_DisConnectDev (self->dev);
  self->app = NULL;
  self->dev = NULL;
  self->logged_in = FALSE;
}

static void
sd_token_skf_finalize (GObject *object)
{
  SdTokenSkf *self = SD_TOKEN_SKF (object);

  g_mutex_lock (&known_lock);
  for (GSList *l = known_tokens; l != NULL; l = l->next)
    {
      KnownToken *known = l->data;
      g_autoptr(GObject) alive = g_weak_ref_get (&known->token);

      if (known->library == self->library && alive == NULL
          && strcmp (known->device, self->device) == 0
          && strcmp (known->application, self->application) == 0)
        {
          g_weak_ref_clear (&known->token);
          g_free (known->device);
          g_free (known->application);
          g_free (known);
          known_tokens = g_slist_delete_link (known_tokens, l);
          break;
        }
    }
  g_mutex_unlock (&known_lock);

  sd_skf_library_lock (self->library);
  close_all (self);
  sd_skf_library_unlock (self->library);
  g_hash_table_unref (self->containers);
  g_free (self->device);
  g_free (self->application);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (sd_token_skf_parent_class)->finalize (object);
}

/* Opening */

static char *
field_text (const CHAR *field,
            gsize       size)
{
  gsize length = strnlen (field, size);

  while (length > 0 && field[length - 1] == ' ')
    length--;
  /* Vendors write UTF-8, GBK or junk; show what can be shown. */
  if (g_utf8_validate (field, (gssize) length, NULL))
    return g_strndup (field, length);
  {
    char *converted = g_convert (field, (gssize) length, "UTF-8", "GB18030", NULL, NULL, NULL);

    return converted != NULL ? converted : g_utf8_make_valid (field, (gssize) length);
  }
}

gboolean
sd_token_skf_begin (SdTokenSkf  *self,
                    GError     **error)
{
  const char *label = sd_token_get_label (SD_TOKEN (self));
  DevInfoBuffer buffer;
  ULONG state = DEV_PRESENT_STATE;
  ULONG rv;

  g_return_val_if_fail (SD_IS_TOKEN_SKF (self), FALSE);

  sd_skf_library_lock (self->library);

  /* A key pulled out and put back has new handles to open */
  if (self->dev != NULL && self->f->SKF_GetDevState != NULL
      && (self->f->SKF_GetDevState (self->device, &state) != SAR_OK
          || state != DEV_PRESENT_STATE))
    close_all (self);
  if (self->app != NULL)
    return TRUE;
  close_all (self);

  rv = self->f->SKF_ConnectDev (self->device, &self->dev);
  if (rv != SAR_OK)
    {
      self->dev = NULL;
      if (rv == SAR_DEVICE_REMOVED || state != DEV_PRESENT_STATE)
        g_set_error (error, SD_ERROR, SD_ERROR_TOKEN_REMOVED,
                     _("The key “%s” is not plugged in; insert it and retry"), label);
      else
        sd_skf_set_error (error, rv, _("The key “%s” cannot be opened"), label);
      goto fail;
    }

  memset (&buffer, 0, sizeof buffer);
  rv = self->f->SKF_GetDevInfo (self->dev, &buffer.info);
  if (rv == SAR_OK)
    {
      g_autofree char *serial = field_text (buffer.info.SerialNumber,
                                            sizeof buffer.info.SerialNumber);

      if (g_strcmp0 (serial, sd_token_get_serial (SD_TOKEN (self))) != 0)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_TOKEN_REMOVED,
                       _("The key “%s” was replaced by another one; insert it again"), label);
          close_all (self);
          goto fail;
        }
    }

  rv = self->f->SKF_OpenApplication (self->dev, self->application, &self->app);
  if (rv != SAR_OK)
    {
      self->app = NULL;
      sd_skf_set_error (error, rv, _("The application “%s” on the key “%s” cannot be opened"),
                        self->application, label);
      close_all (self);
      goto fail;
    }
  return TRUE;

fail:
  sd_skf_library_unlock (self->library);
  return FALSE;
}

void
sd_token_skf_end (SdTokenSkf *self,
                  gboolean    drop)
{
  g_return_if_fail (SD_IS_TOKEN_SKF (self));

  if (drop)
    close_all (self);
  sd_skf_library_unlock (self->library);
}

gboolean
sd_token_skf_is_logged_in (SdTokenSkf *self)
{
  g_return_val_if_fail (SD_IS_TOKEN_SKF (self), FALSE);
  return self->logged_in;
}

HCONTAINER
sd_token_skf_open_container (SdTokenSkf  *self,
                             const char  *name,
                             GError     **error)
{
  HCONTAINER container;
  ULONG rv;

  g_return_val_if_fail (SD_IS_TOKEN_SKF (self), NULL);

  container = g_hash_table_lookup (self->containers, name);
  if (container != NULL)
    return container;
  rv = self->f->SKF_OpenContainer (self->app, (LPSTR) name, &container);
  if (rv != SAR_OK)
    {
      sd_skf_set_error (error, rv, _("The container “%s” on the key “%s” cannot be opened"), name,
                        sd_token_get_label (SD_TOKEN (self)));
      return NULL;
    }
  g_hash_table_insert (self->containers, g_strdup (name), container);
  return container;
}

/* PIN */

/* With the application open */
static void
read_pin_state (SdTokenSkf *self)
{
  ULONG max = 0, remaining = 0;
  BOOL is_default = SKF_FALSE;
  SdTokenFlags flags = SD_TOKEN_LOGIN_REQUIRED;

  if (self->f->SKF_GetPINInfo == NULL
      || self->f->SKF_GetPINInfo (self->app, USER_TYPE, &max, &remaining, &is_default) != SAR_OK)
    return;
  if (remaining == 0)
    flags |= SD_TOKEN_PIN_LOCKED;
  else if (remaining == 1)
    flags |= SD_TOKEN_PIN_FINAL_TRY;
  if (remaining < max)
    flags |= SD_TOKEN_PIN_COUNT_LOW;
  if (is_default)
    flags |= SD_TOKEN_PIN_TO_BE_CHANGED;
  sd_token_set_pin_state (SD_TOKEN (self), flags, (int) remaining);
}

static void
record_tries (SdTokenSkf *self,
              ULONG       remaining)
{
  SdTokenFlags flags = sd_token_get_flags (SD_TOKEN (self)) & ~(SD_TOKEN_PIN_LOCKED
                                                                | SD_TOKEN_PIN_FINAL_TRY);

  flags |= SD_TOKEN_PIN_COUNT_LOW;
  if (remaining == 0)
    flags |= SD_TOKEN_PIN_LOCKED;
  else if (remaining == 1)
    flags |= SD_TOKEN_PIN_FINAL_TRY;
  sd_token_set_pin_state (SD_TOKEN (self), flags, (int) remaining);
}

static void
set_locked_error (SdTokenSkf  *self,
                  GError     **error)
{
  g_set_error (error, SD_ERROR, SD_ERROR_PIN_LOCKED,
               _("The PIN of the key “%s” is locked after too many wrong attempts; ask the key’s "
                 "issuer (your CA) to unlock it"), sd_token_get_label (SD_TOKEN (self)));
}

gboolean
sd_token_skf_login (SdTokenSkf    *self,
                    SdSigner      *asker,
                    const char    *key_label,
                    GCancellable  *cancellable,
                    GError       **error)
{
  const char *label = sd_token_get_label (SD_TOKEN (self));
  gboolean retry = FALSE;

  g_return_val_if_fail (SD_IS_TOKEN_SKF (self), FALSE);
  g_return_val_if_fail (self->app != NULL, FALSE);

  read_pin_state (self);
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      SdPinRequest request = { 0 };
      ULONG remaining = 0;
      char *pin;
      ULONG rv;

      if (sd_token_get_flags (SD_TOKEN (self)) & SD_TOKEN_PIN_LOCKED)
        {
          set_locked_error (self, error);
          return FALSE;
        }

      sd_token_fill_pin_request (SD_TOKEN (self), &request);
      request.key_label = key_label;
      request.retry = retry;
      pin = sd_signer_request_pin (asker, &request, cancellable, &local_error);
      if (pin == NULL)
        {
          g_autofree char *state = sd_token_describe_pin_state (SD_TOKEN (self));

          if (retry && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_set_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD,
                         _("The PIN of the key “%s” is wrong (%s); nothing was signed"), label,
                         state != NULL ? state : _("the key does not say how many tries are "
                                                   "left"));
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      rv = self->f->SKF_VerifyPIN (self->app, USER_TYPE, pin, &remaining);
      sd_secure_free (pin);

      switch (rv)
        {
        case SAR_OK:
        case SAR_USER_ALREADY_LOGGED_IN:
          self->logged_in = TRUE;
          read_pin_state (self);
          return TRUE;
        case SAR_PIN_INCORRECT:
          record_tries (self, remaining);
          retry = TRUE;
          break;
        case SAR_PIN_INVALID:
        case SAR_PIN_LEN_RANGE:
          retry = TRUE;
          break;
        case SAR_PIN_LOCKED:
          record_tries (self, 0);
          set_locked_error (self, error);
          return FALSE;
        default:
          sd_skf_set_error (error, rv, _("Checking the PIN of the key “%s” failed"), label);
          return FALSE;
        }
    }
}

/* SdToken */

static gboolean
token_change_pin (SdToken       *token,
                  const char    *old_pin,
                  const char    *new_pin,
                  GCancellable  *cancellable,
                  GError       **error)
{
  SdTokenSkf *self = SD_TOKEN_SKF (token);
  const char *label = sd_token_get_label (token);
  g_autofree char *state = NULL;
  ULONG remaining = 0;
  gboolean ok = FALSE;
  ULONG rv;

  if (!sd_token_skf_begin (self, error))
    return FALSE;
  read_pin_state (self);
  if (sd_token_get_flags (token) & SD_TOKEN_PIN_LOCKED)
    {
      set_locked_error (self, error);
      sd_token_skf_end (self, FALSE);
      return FALSE;
    }

  rv = self->f->SKF_ChangePIN (self->app, USER_TYPE, (LPSTR) old_pin, (LPSTR) new_pin,
                               &remaining);
  switch (rv)
    {
    case SAR_OK:
      read_pin_state (self);
      ok = TRUE;
      break;
    case SAR_PIN_INCORRECT:
      record_tries (self, remaining);
      state = sd_token_describe_pin_state (token);
      g_set_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD,
                   _("The current PIN of the key “%s” is wrong (%s); the PIN was not changed"),
                   label, state);
      break;
    case SAR_PIN_LOCKED:
      record_tries (self, 0);
      set_locked_error (self, error);
      break;
    case SAR_PIN_INVALID:
    case SAR_PIN_LEN_RANGE:
      sd_skf_set_error (error, rv, _("The key “%s” does not accept the new PIN (too short, too "
                                     "long or characters it does not take)"), label);
      break;
    default:
      sd_skf_set_error (error, rv, _("The PIN of the key “%s” cannot be changed"), label);
      break;
    }
  sd_token_skf_end (self, FALSE);
  return ok;
}

static gboolean
token_refresh (SdToken  *token,
               GError  **error)
{
  SdTokenSkf *self = SD_TOKEN_SKF (token);

  if (!sd_token_skf_begin (self, error))
    return FALSE;
  read_pin_state (self);
  sd_token_skf_end (self, FALSE);
  return TRUE;
}

/* The certificate of @usage in @container, or NULL (none, or unreadable) */
static GBytes *
export_certificate (SdTokenSkf *self,
                    HCONTAINER  container,
                    gboolean    sign)
{
  ULONG length = 4096;
  g_autofree guint8 *buffer = g_malloc (length);
  ULONG rv = self->f->SKF_ExportCertificate (container, sign ? SKF_TRUE : SKF_FALSE, buffer,
                                             &length);

  if (rv == SAR_BUFFER_TOO_SMALL && length > 4096 && length <= 1024 * 1024)
    {
      buffer = g_realloc (buffer, length);
      rv = self->f->SKF_ExportCertificate (container, sign ? SKF_TRUE : SKF_FALSE, buffer,
                                           &length);
    }
  if (rv != SAR_OK || length == 0)
    return NULL;
  return g_bytes_new_take (g_steal_pointer (&buffer), length);
}

static char *
escape (const char *value)
{
  return g_uri_escape_string (value, "/", TRUE);
}

static char *
certificate_uri (SdTokenSkf *self,
                 const char *container,
                 gboolean    sign)
{
  g_autofree char *escaped = escape (container);

  return g_strdup_printf ("%s;container=%s;usage=%s", sd_token_get_uri (SD_TOKEN (self)), escaped,
                          sign ? "sign" : "encrypt");
}

static GPtrArray *
token_list_certificates (SdToken       *token,
                         GCancellable  *cancellable,
                         GError       **error)
{
  SdTokenSkf *self = SD_TOKEN_SKF (token);
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GError) enum_error = NULL;
  g_auto(GStrv) names = NULL;

  if (!sd_token_skf_begin (self, error))
    return NULL;
  names = sd_skf_library_enum_containers (self->library, self->app, &enum_error);
  if (names == NULL)
    {
      sd_token_skf_end (self, g_error_matches (enum_error, SD_ERROR, SD_ERROR_TOKEN_REMOVED));
      g_propagate_error (error, g_steal_pointer (&enum_error));
      return NULL;
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_token_certificate_free);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      HCONTAINER container = sd_token_skf_open_container (self, names[i], &local_error);
      ULONG type = SKF_CONTAINER_RSA;

      if (container == NULL)
        {
          g_debug ("Skipping container “%s”: %s", names[i], local_error->message);
          continue;
        }
      if (self->f->SKF_GetContainerType != NULL
          && self->f->SKF_GetContainerType (container, &type) != SAR_OK)
        type = SKF_CONTAINER_RSA;

      for (guint usage = 0; usage < 2; usage++)
        {
          gboolean sign = usage == 0;
          g_autoptr(GBytes) der = export_certificate (self, container, sign);
          SdTokenCertificate *cert;

          if (der == NULL)
            continue;
          g_clear_error (&local_error);
          cert = sd_token_certificate_new (der, names[i], names[i],
                                           type == SKF_CONTAINER_EMPTY ? SD_PRIVATE_KEY_ABSENT
                                                                       : SD_PRIVATE_KEY_PRESENT,
                                           !sign, &local_error);
          if (cert == NULL)
            {
              g_debug ("Skipping an unreadable certificate in “%s”: %s", names[i],
                       local_error->message);
              continue;
            }
          cert->uri = certificate_uri (self, names[i], sign);
          g_ptr_array_add (result, cert);
        }
    }
  sd_token_skf_end (self, FALSE);
  return g_steal_pointer (&result);
}

static SdSigner *
token_get_signer (SdToken       *token,
                  const char    *key_id,
                  GCancellable  *cancellable,
                  GError       **error)
{
  SdTokenSkf *self = SD_TOKEN_SKF (token);
  g_autoptr(GBytes) der = NULL;
  g_autoptr(SdTokenCertificate) listed = NULL;
  HCONTAINER container;
  ULONG type = SKF_CONTAINER_RSA;

  if (!sd_token_skf_begin (self, error))
    return NULL;
  container = sd_token_skf_open_container (self, key_id, error);
  if (container != NULL)
    {
      der = export_certificate (self, container, TRUE);
      if (self->f->SKF_GetContainerType != NULL
          && self->f->SKF_GetContainerType (container, &type) != SAR_OK)
        type = SKF_CONTAINER_RSA;
    }
  sd_token_skf_end (self, FALSE);
  if (container == NULL)
    return NULL;

  if (der == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                   _("The container “%s” on the key “%s” holds no signing certificate"), key_id,
                   sd_token_get_label (token));
      return NULL;
    }
  listed = sd_token_certificate_new (der, key_id, key_id,
                                     type == SKF_CONTAINER_EMPTY ? SD_PRIVATE_KEY_ABSENT
                                                                 : SD_PRIVATE_KEY_PRESENT,
                                     FALSE, error);
  if (listed == NULL)
    return NULL;
  if (!listed->can_sign)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_KEY, "%s", listed->reason);
      return NULL;
    }
  return sd_skf_signer_new (self, key_id, der, error);
}

static void
sd_token_skf_class_init (SdTokenSkfClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SdTokenClass *token_class = SD_TOKEN_CLASS (klass);

  object_class->finalize = sd_token_skf_finalize;
  token_class->refresh = token_refresh;
  token_class->list_certificates = token_list_certificates;
  token_class->get_signer = token_get_signer;
  token_class->change_pin = token_change_pin;
}

static void
sd_token_skf_init (SdTokenSkf *self)
{
  self->containers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Listing */

static SdTokenSkf *
token_new (SdSkfLibrary  *library,
           const char    *device,
           const char    *application,
           const DEVINFO *info)
{
  g_autofree char *label = field_text (info->Label, sizeof info->Label);
  g_autofree char *serial = field_text (info->SerialNumber, sizeof info->SerialNumber);
  g_autofree char *manufacturer = field_text (info->Manufacturer, sizeof info->Manufacturer);
  g_autofree char *lib = escape (sd_skf_library_get_path (library));
  g_autofree char *dev = escape (device);
  g_autofree char *app = escape (application);
  g_autofree char *uri = g_strdup_printf ("skf:library=%s;device=%s;application=%s", lib, dev,
                                          app);
  SdTokenSkf *self;

  self = g_object_new (SD_TYPE_TOKEN_SKF,
                       "kind", SD_TOKEN_KIND_SKF,
                       "label", *label != '\0' ? label : device,
                       "serial", serial,
                       "manufacturer", manufacturer,
                       "model", application,
                       "driver", sd_skf_library_get_path (library),
                       "uri", uri,
                       NULL);
  self->library = g_object_ref (library);
  self->f = sd_skf_library_get_functions (library);
  self->device = g_strdup (device);
  self->application = g_strdup (application);
  sd_token_set_pin_state (SD_TOKEN (self), SD_TOKEN_LOGIN_REQUIRED, -1);
  return self;
}

static SdTokenSkf *
token_for (SdSkfLibrary  *library,
           const char    *device,
           const char    *application,
           const DEVINFO *info)
{
  g_autofree char *serial = field_text (info->SerialNumber, sizeof info->SerialNumber);
  SdTokenSkf *token = NULL;
  KnownToken *known = NULL;

  g_mutex_lock (&known_lock);
  for (GSList *l = known_tokens; l != NULL && known == NULL; l = l->next)
    {
      KnownToken *candidate = l->data;

      if (candidate->library == library && strcmp (candidate->device, device) == 0
          && strcmp (candidate->application, application) == 0)
        known = candidate;
    }
  if (known != NULL)
    {
      token = g_weak_ref_get (&known->token);
      if (token != NULL && g_strcmp0 (sd_token_get_serial (SD_TOKEN (token)), serial) != 0)
        g_clear_object (&token);
    }
  else
    {
      known = g_new0 (KnownToken, 1);
      known->library = library;
      known->device = g_strdup (device);
      known->application = g_strdup (application);
      g_weak_ref_init (&known->token, NULL);
      known_tokens = g_slist_prepend (known_tokens, known);
    }
  if (token == NULL)
    {
      token = token_new (library, device, application, info);
      g_weak_ref_set (&known->token, token);
    }
  g_mutex_unlock (&known_lock);
  return token;
}

GPtrArray *
sd_token_skf_list (SdSkfLibrary  *library,
                   GError       **error)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_object_unref);
  const SdSkfFunctions *f;
  g_auto(GStrv) devices = NULL;

  g_return_val_if_fail (SD_IS_SKF_LIBRARY (library), NULL);

  f = sd_skf_library_get_functions (library);
  devices = sd_skf_library_enum_devices (library, error);
  if (devices == NULL)
    return NULL;

  for (guint d = 0; devices[d] != NULL; d++)
    {
      g_autoptr(GError) local_error = NULL;
      g_auto(GStrv) apps = NULL;
      DevInfoBuffer buffer;
      DEVHANDLE dev = NULL;
      ULONG rv;

      memset (&buffer, 0, sizeof buffer);
      sd_skf_library_lock (library);
      rv = f->SKF_ConnectDev (devices[d], &dev);
      if (rv == SAR_OK)
        rv = f->SKF_GetDevInfo (dev, &buffer.info);
      if (rv == SAR_OK)
        apps = sd_skf_library_enum_applications (library, dev, &local_error);
      if (dev != NULL)
        f->SKF_DisConnectDev (dev);
      sd_skf_library_unlock (library);

      if (rv != SAR_OK || apps == NULL)
        {
          g_debug ("SKF device “%s”: %s", devices[d],
                   local_error != NULL ? local_error->message : sd_skf_rv_to_string (rv));
          continue;
        }
      for (guint a = 0; apps[a] != NULL; a++)
        {
          SdTokenSkf *token = token_for (library, devices[d], apps[a], &buffer.info);

          g_clear_error (&local_error);
          if (!token_refresh (SD_TOKEN (token), &local_error))
            g_debug ("SKF application “%s”: %s", apps[a], local_error->message);
          g_ptr_array_add (tokens, token);
        }
    }
  return g_steal_pointer (&tokens);
}

SdSkfLibrary *
sd_token_skf_get_library (SdTokenSkf *self)
{
  g_return_val_if_fail (SD_IS_TOKEN_SKF (self), NULL);
  return self->library;
}

const char *
sd_token_skf_get_device_name (SdTokenSkf *self)
{
  g_return_val_if_fail (SD_IS_TOKEN_SKF (self), NULL);
  return self->device;
}

const char *
sd_token_skf_get_application (SdTokenSkf *self)
{
  g_return_val_if_fail (SD_IS_TOKEN_SKF (self), NULL);
  return self->application;
}
