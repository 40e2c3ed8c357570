/* sd-token.c: a USB key or smart card, whichever interface reaches it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-error.h"
#include "sd-token.h"

typedef struct
{
  SdTokenKind kind;
  char       *label;
  char       *serial;
  char       *manufacturer;
  char       *model;
  char       *driver;
  char       *uri;
  /* Written by whichever thread last talked to the token */
  gint        flags;
  gint        tries_left;
} SdTokenPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SdToken, sd_token, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_KIND,
  PROP_LABEL,
  PROP_SERIAL,
  PROP_MANUFACTURER,
  PROP_MODEL,
  PROP_DRIVER,
  PROP_URI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sd_token_finalize (GObject *object)
{
  SdTokenPrivate *priv = sd_token_get_instance_private (SD_TOKEN (object));

  g_free (priv->label);
  g_free (priv->serial);
  g_free (priv->manufacturer);
  g_free (priv->model);
  g_free (priv->driver);
  g_free (priv->uri);

  G_OBJECT_CLASS (sd_token_parent_class)->finalize (object);
}

static char **
string_field (SdTokenPrivate *priv,
              guint           prop_id)
{
  switch (prop_id)
    {
    case PROP_LABEL:
      return &priv->label;
    case PROP_SERIAL:
      return &priv->serial;
    case PROP_MANUFACTURER:
      return &priv->manufacturer;
    case PROP_MODEL:
      return &priv->model;
    case PROP_DRIVER:
      return &priv->driver;
    case PROP_URI:
      return &priv->uri;
    default:
      return NULL;
    }
}

static void
sd_token_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SdTokenPrivate *priv = sd_token_get_instance_private (SD_TOKEN (object));
  char **field = string_field (priv, prop_id);

  if (field != NULL)
    g_value_set_string (value, *field);
  else if (prop_id == PROP_KIND)
    g_value_set_int (value, priv->kind);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
sd_token_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  SdTokenPrivate *priv = sd_token_get_instance_private (SD_TOKEN (object));
  char **field = string_field (priv, prop_id);

  if (field != NULL)
    {
      g_free (*field);
      *field = g_value_dup_string (value);
      if (*field == NULL)
        *field = g_strdup ("");
    }
  else if (prop_id == PROP_KIND)
    priv->kind = g_value_get_int (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
sd_token_class_init (SdTokenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sd_token_finalize;
  object_class->get_property = sd_token_get_property;
  object_class->set_property = sd_token_set_property;

  properties[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL, SD_TOKEN_KIND_PKCS11,
                                            SD_TOKEN_KIND_SKF, SD_TOKEN_KIND_PKCS11, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, "", flags);
  properties[PROP_SERIAL] = g_param_spec_string ("serial", NULL, NULL, "", flags);
  properties[PROP_MANUFACTURER] = g_param_spec_string ("manufacturer", NULL, NULL, "", flags);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, "", flags);
  properties[PROP_DRIVER] = g_param_spec_string ("driver", NULL, NULL, "", flags);
  properties[PROP_URI] = g_param_spec_string ("uri", NULL, NULL, "", flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sd_token_init (SdToken *self)
{
  SdTokenPrivate *priv = sd_token_get_instance_private (self);

  priv->tries_left = -1;
}

SdTokenKind
sd_token_get_kind (SdToken *self)
{
  SdTokenPrivate *priv = sd_token_get_instance_private (self);

  g_return_val_if_fail (SD_IS_TOKEN (self), SD_TOKEN_KIND_PKCS11);
  return priv->kind;
}

#define STRING_GETTER(field)                                            \
  const char *                                                          \
  sd_token_get_##field (SdToken *self)                                  \
  {                                                                     \
    SdTokenPrivate *priv = sd_token_get_instance_private (self);        \
                                                                        \
    g_return_val_if_fail (SD_IS_TOKEN (self), NULL);                    \
    return priv->field;                                                 \
  }

STRING_GETTER (label)
STRING_GETTER (serial)
STRING_GETTER (manufacturer)
STRING_GETTER (model)
STRING_GETTER (driver)
STRING_GETTER (uri)

#undef STRING_GETTER

SdTokenFlags
sd_token_get_flags (SdToken *self)
{
  SdTokenPrivate *priv = sd_token_get_instance_private (self);

  g_return_val_if_fail (SD_IS_TOKEN (self), 0);
  return (SdTokenFlags) g_atomic_int_get (&priv->flags);
}

int
sd_token_get_pin_tries_left (SdToken *self)
{
  SdTokenPrivate *priv = sd_token_get_instance_private (self);

  g_return_val_if_fail (SD_IS_TOKEN (self), -1);
  return g_atomic_int_get (&priv->tries_left);
}

void
sd_token_set_pin_state (SdToken      *self,
                        SdTokenFlags  flags,
                        int           tries_left)
{
  SdTokenPrivate *priv = sd_token_get_instance_private (self);

  g_return_if_fail (SD_IS_TOKEN (self));
  g_atomic_int_set (&priv->flags, (gint) flags);
  g_atomic_int_set (&priv->tries_left, tries_left);
}

char *
sd_token_describe_pin_state (SdToken *self)
{
  SdTokenFlags flags = sd_token_get_flags (self);
  int tries = sd_token_get_pin_tries_left (self);

  if (flags & SD_TOKEN_PIN_LOCKED)
    return g_strdup (_("PIN locked"));
  if (tries >= 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d PIN try left", "%d PIN tries left",
                                         tries), tries);
  if (flags & SD_TOKEN_PIN_FINAL_TRY)
    return g_strdup (_("last PIN try: one more wrong PIN locks the key"));
  if (flags & SD_TOKEN_PIN_COUNT_LOW)
    return g_strdup (_("a wrong PIN was entered; few tries are left"));
  if (flags & SD_TOKEN_PIN_TO_BE_CHANGED)
    return g_strdup (_("the PIN must be changed"));
  return NULL;
}

void
sd_token_fill_pin_request (SdToken      *self,
                           SdPinRequest *request)
{
  SdTokenFlags flags;

  g_return_if_fail (SD_IS_TOKEN (self));

  flags = sd_token_get_flags (self);
  memset (request, 0, sizeof *request);
  request->token_label = sd_token_get_label (self);
  request->tries_left = sd_token_get_pin_tries_left (self);
  request->count_low = (flags & (SD_TOKEN_PIN_COUNT_LOW | SD_TOKEN_PIN_FINAL_TRY)) != 0;
  request->final_try = (flags & SD_TOKEN_PIN_FINAL_TRY) != 0 || request->tries_left == 1;
}

gboolean
sd_token_change_pin (SdToken       *self,
                     const char    *old_pin,
                     const char    *new_pin,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_return_val_if_fail (SD_IS_TOKEN (self), FALSE);
  g_return_val_if_fail (old_pin != NULL && new_pin != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (new_pin[0] == '\0')
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT, _("The new PIN is empty"));
      return FALSE;
    }
  return SD_TOKEN_GET_CLASS (self)->change_pin (self, old_pin, new_pin, cancellable, error);
}

gboolean
sd_token_refresh (SdToken  *self,
                  GError  **error)
{
  g_return_val_if_fail (SD_IS_TOKEN (self), FALSE);
  return SD_TOKEN_GET_CLASS (self)->refresh (self, error);
}

GPtrArray *
sd_token_list_certificates (SdToken       *self,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_return_val_if_fail (SD_IS_TOKEN (self), NULL);
  return SD_TOKEN_GET_CLASS (self)->list_certificates (self, cancellable, error);
}

SdSigner *
sd_token_get_signer (SdToken       *self,
                     const char    *key_id,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(GString) choices = NULL;
  const SdTokenCertificate *only = NULL;
  guint signing = 0;

  g_return_val_if_fail (SD_IS_TOKEN (self), NULL);

  if (key_id != NULL)
    return SD_TOKEN_GET_CLASS (self)->get_signer (self, key_id, cancellable, error);

  certs = sd_token_list_certificates (self, cancellable, error);
  if (certs == NULL)
    return NULL;

  choices = g_string_new (NULL);
  for (guint i = 0; i < certs->len; i++)
    {
      const SdTokenCertificate *cert = g_ptr_array_index (certs, i);

      if (!cert->can_sign)
        continue;
      signing++;
      only = cert;
      g_string_append_printf (choices, "%s%s (%s)", choices->len > 0 ? ", " : "", cert->key_id,
                              cert->common_name != NULL ? cert->common_name : cert->subject);
    }

  if (signing == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                   _("The key “%s” holds no certificate that can sign."),
                   sd_token_get_label (self));
      return NULL;
    }
  if (signing > 1)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("The key “%s” holds several signing certificates; choose one by its key ID: "
                     "%s"), sd_token_get_label (self), choices->str);
      return NULL;
    }
  return SD_TOKEN_GET_CLASS (self)->get_signer (self, only->key_id, cancellable, error);
}
