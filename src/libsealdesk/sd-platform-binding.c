/* sd-platform-binding.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-platform-binding.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"

struct _SdPlatformBinding
{
  GObject                    parent_instance;

  gint64                     id;
  gint64                     account_id;
  char                      *account_login;
  char                      *account_name;
  SdPlatformCertificateType  certificate_type;
  char                      *service_number;
  char                      *subject;
  char                      *issuer;
  char                      *serial;
  GDateTime                 *not_before;
  GDateTime                 *not_after;
  char                      *ca_provider;
  char                      *key_type;
  char                      *fingerprint;
  char                      *enterprise_code;
  char                      *id_number;
  gboolean                   is_admin;
  GStrv                      permissions;
  GDateTime                 *bound_at;
  GDateTime                 *updated_at;
  char                      *updated_by;
  gint64                     version;
  char                      *etag;
};

G_DEFINE_FINAL_TYPE (SdPlatformBinding, sd_platform_binding, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_ACCOUNT_ID,
  PROP_ACCOUNT_LOGIN,
  PROP_ACCOUNT_NAME,
  PROP_CERTIFICATE_TYPE,
  PROP_SERVICE_NUMBER,
  PROP_SUBJECT,
  PROP_ISSUER,
  PROP_SERIAL,
  PROP_NOT_BEFORE,
  PROP_NOT_AFTER,
  PROP_CA_PROVIDER,
  PROP_KEY_TYPE,
  PROP_FINGERPRINT,
  PROP_ENTERPRISE_CODE,
  PROP_ID_NUMBER,
  PROP_IS_ADMIN,
  PROP_PERMISSIONS,
  PROP_BOUND_AT,
  PROP_UPDATED_AT,
  PROP_UPDATED_BY,
  PROP_VERSION,
  PROP_ETAG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sd_platform_binding_finalize (GObject *object)
{
  SdPlatformBinding *self = SD_PLATFORM_BINDING (object);

  g_free (self->account_login);
  g_free (self->account_name);
  g_free (self->service_number);
  g_free (self->subject);
  g_free (self->issuer);
  g_free (self->serial);
  g_clear_pointer (&self->not_before, g_date_time_unref);
  g_clear_pointer (&self->not_after, g_date_time_unref);
  g_free (self->ca_provider);
  g_free (self->key_type);
  g_free (self->fingerprint);
  g_free (self->enterprise_code);
  g_free (self->id_number);
  g_strfreev (self->permissions);
  g_clear_pointer (&self->bound_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_free (self->updated_by);
  g_free (self->etag);

  G_OBJECT_CLASS (sd_platform_binding_parent_class)->finalize (object);
}

static void
sd_platform_binding_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SdPlatformBinding *self = SD_PLATFORM_BINDING (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_ACCOUNT_ID:
      g_value_set_int64 (value, self->account_id);
      break;
    case PROP_ACCOUNT_LOGIN:
      g_value_set_string (value, self->account_login);
      break;
    case PROP_ACCOUNT_NAME:
      g_value_set_string (value, self->account_name);
      break;
    case PROP_CERTIFICATE_TYPE:
      g_value_set_enum (value, self->certificate_type);
      break;
    case PROP_SERVICE_NUMBER:
      g_value_set_string (value, self->service_number);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case PROP_ISSUER:
      g_value_set_string (value, self->issuer);
      break;
    case PROP_SERIAL:
      g_value_set_string (value, self->serial);
      break;
    case PROP_NOT_BEFORE:
      g_value_set_boxed (value, self->not_before);
      break;
    case PROP_NOT_AFTER:
      g_value_set_boxed (value, self->not_after);
      break;
    case PROP_CA_PROVIDER:
      g_value_set_string (value, self->ca_provider);
      break;
    case PROP_KEY_TYPE:
      g_value_set_string (value, self->key_type);
      break;
    case PROP_FINGERPRINT:
      g_value_set_string (value, self->fingerprint);
      break;
    case PROP_ENTERPRISE_CODE:
      g_value_set_string (value, self->enterprise_code);
      break;
    case PROP_ID_NUMBER:
      g_value_set_string (value, self->id_number);
      break;
    case PROP_IS_ADMIN:
      g_value_set_boolean (value, self->is_admin);
      break;
    case PROP_PERMISSIONS:
      g_value_set_boxed (value, self->permissions);
      break;
    case PROP_BOUND_AT:
      g_value_set_boxed (value, self->bound_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_boxed (value, self->updated_at);
      break;
    case PROP_UPDATED_BY:
      g_value_set_string (value, self->updated_by);
      break;
    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;
    case PROP_ETAG:
      g_value_set_string (value, self->etag);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_platform_binding_class_init (SdPlatformBindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sd_platform_binding_finalize;
  object_class->get_property = sd_platform_binding_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ACCOUNT_ID] = g_param_spec_int64 ("account-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                    flags);
  properties[PROP_ACCOUNT_LOGIN] = g_param_spec_string ("account-login", NULL, NULL, NULL, flags);
  properties[PROP_ACCOUNT_NAME] = g_param_spec_string ("account-name", NULL, NULL, NULL, flags);
  properties[PROP_CERTIFICATE_TYPE] = g_param_spec_enum ("certificate-type", NULL, NULL,
                                                         SD_TYPE_PLATFORM_CERTIFICATE_TYPE,
                                                         SD_PLATFORM_CERTIFICATE_ORGANIZATION,
                                                         flags);
  properties[PROP_SERVICE_NUMBER] = g_param_spec_string ("service-number", NULL, NULL, NULL, flags);
  properties[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, flags);
  properties[PROP_ISSUER] = g_param_spec_string ("issuer", NULL, NULL, NULL, flags);
  properties[PROP_SERIAL] = g_param_spec_string ("serial", NULL, NULL, NULL, flags);
  properties[PROP_NOT_BEFORE] = g_param_spec_boxed ("not-before", NULL, NULL, G_TYPE_DATE_TIME,
                                                    flags);
  properties[PROP_NOT_AFTER] = g_param_spec_boxed ("not-after", NULL, NULL, G_TYPE_DATE_TIME,
                                                   flags);
  properties[PROP_CA_PROVIDER] = g_param_spec_string ("ca-provider", NULL, NULL, NULL, flags);
  properties[PROP_KEY_TYPE] = g_param_spec_string ("key-type", NULL, NULL, NULL, flags);
  properties[PROP_FINGERPRINT] = g_param_spec_string ("fingerprint", NULL, NULL, NULL, flags);
  properties[PROP_ENTERPRISE_CODE] = g_param_spec_string ("enterprise-code", NULL, NULL, NULL,
                                                          flags);
  properties[PROP_ID_NUMBER] = g_param_spec_string ("id-number", NULL, NULL, NULL, flags);
  properties[PROP_IS_ADMIN] = g_param_spec_boolean ("is-admin", NULL, NULL, FALSE, flags);
  properties[PROP_PERMISSIONS] = g_param_spec_boxed ("permissions", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_BOUND_AT] = g_param_spec_boxed ("bound-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME,
                                                    flags);
  properties[PROP_UPDATED_BY] = g_param_spec_string ("updated-by", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] = g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ETAG] = g_param_spec_string ("etag", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sd_platform_binding_init (SdPlatformBinding *self)
{
}

SdPlatformBinding *
sd_platform_binding_new_from_json (JsonNode    *node,
                                   const char  *etag,
                                   GError     **error)
{
  g_autoptr(SdPlatformBinding) self = g_object_new (SD_TYPE_PLATFORM_BINDING, NULL);
  SdPlatformJsonReader reader;

  sd_platform_json_reader_init (&reader, node);
  self->id = sd_platform_json_get_id (&reader, "id");
  self->account_id = sd_platform_json_get_id (&reader, "account_id");
  self->account_login = sd_platform_json_dup_string (&reader, "account_login");
  self->account_name = sd_platform_json_dup_string (&reader, "account_name");
  self->certificate_type = sd_platform_json_get_enum (&reader, "type",
                                                      SD_TYPE_PLATFORM_CERTIFICATE_TYPE,
                                                      SD_PLATFORM_CERTIFICATE_ORGANIZATION);
  self->service_number = sd_platform_json_dup_string (&reader, "service_number");
  self->subject = sd_platform_json_dup_string (&reader, "subject");
  self->issuer = sd_platform_json_dup_string (&reader, "issuer");
  self->serial = sd_platform_json_dup_string (&reader, "serial");
  self->not_before = sd_platform_json_dup_time (&reader, "not_before");
  self->not_after = sd_platform_json_dup_time (&reader, "not_after");
  self->ca_provider = sd_platform_json_dup_string (&reader, "ca_provider");
  self->key_type = sd_platform_json_dup_string (&reader, "key_type");
  self->fingerprint = sd_platform_json_dup_string (&reader, "fingerprint");
  self->enterprise_code = sd_platform_json_dup_string (&reader, "enterprise_code");
  self->id_number = sd_platform_json_dup_string (&reader, "id_number");
  self->is_admin = sd_platform_json_get_bool (&reader, "is_admin");
  self->permissions = sd_platform_json_dup_strv (&reader, "permissions");
  self->bound_at = sd_platform_json_dup_time (&reader, "bound_at");
  self->updated_at = sd_platform_json_dup_time (&reader, "updated_at");
  self->updated_by = sd_platform_json_dup_string (&reader, "updated_by");
  self->version = sd_platform_json_get_int (&reader, "version");
  if (!sd_platform_json_reader_finish (&reader, error))
    return NULL;

  self->etag = sd_platform_etag (etag, self->version);
  return g_steal_pointer (&self);
}

gint64
sd_platform_binding_get_id (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), 0);
  return self->id;
}

gint64
sd_platform_binding_get_account_id (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), 0);
  return self->account_id;
}

const char *
sd_platform_binding_get_account_login (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->account_login;
}

const char *
sd_platform_binding_get_account_name (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->account_name;
}

SdPlatformCertificateType
sd_platform_binding_get_certificate_type (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), SD_PLATFORM_CERTIFICATE_ORGANIZATION);
  return self->certificate_type;
}

const char *
sd_platform_binding_get_service_number (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->service_number;
}

const char *
sd_platform_binding_get_subject (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->subject;
}

const char *
sd_platform_binding_get_issuer (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->issuer;
}

const char *
sd_platform_binding_get_serial (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->serial;
}

GDateTime *
sd_platform_binding_get_not_before (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->not_before;
}

GDateTime *
sd_platform_binding_get_not_after (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->not_after;
}

const char *
sd_platform_binding_get_ca_provider (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->ca_provider;
}

const char *
sd_platform_binding_get_key_type (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->key_type;
}

const char *
sd_platform_binding_get_fingerprint (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->fingerprint;
}

gboolean
sd_platform_binding_is_certificate (SdPlatformBinding *self,
                                    GBytes            *certificate)
{
  g_autofree char *fingerprint = NULL;

  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), FALSE);
  g_return_val_if_fail (certificate != NULL, FALSE);

  if (self->fingerprint == NULL)
    return FALSE;
  fingerprint = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, certificate);
  /* the server writes it in lower case; anyone else may not */
  return g_ascii_strcasecmp (self->fingerprint, fingerprint) == 0;
}

const char *
sd_platform_binding_get_enterprise_code (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->enterprise_code;
}

const char *
sd_platform_binding_get_id_number (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->id_number;
}

gboolean
sd_platform_binding_get_is_admin (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), FALSE);
  return self->is_admin;
}

const char * const *
sd_platform_binding_get_permissions (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return (const char * const *) self->permissions;
}

GDateTime *
sd_platform_binding_get_bound_at (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->bound_at;
}

GDateTime *
sd_platform_binding_get_updated_at (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->updated_at;
}

const char *
sd_platform_binding_get_updated_by (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->updated_by;
}

gint64
sd_platform_binding_get_version (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), 0);
  return self->version;
}

const char *
sd_platform_binding_get_etag (SdPlatformBinding *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_BINDING (self), NULL);
  return self->etag;
}
