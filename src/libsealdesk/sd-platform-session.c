/* sd-platform-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-platform-session.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"

struct _SdPlatformSession
{
  GObject                  parent_instance;

  SdPlatformAccount       *account;
  SdPlatformEnterprise    *enterprise;
  GStrv                    permissions;
  SdPlatformSessionMethod  method;
  gint64                   binding_id;
  GDateTime               *expires_at;
  gboolean                 must_change_password;
};

G_DEFINE_FINAL_TYPE (SdPlatformSession, sd_platform_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ACCOUNT,
  PROP_ENTERPRISE,
  PROP_PERMISSIONS,
  PROP_METHOD,
  PROP_BINDING_ID,
  PROP_EXPIRES_AT,
  PROP_MUST_CHANGE_PASSWORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sd_platform_session_finalize (GObject *object)
{
  SdPlatformSession *self = SD_PLATFORM_SESSION (object);

  g_clear_object (&self->account);
  g_clear_object (&self->enterprise);
  g_strfreev (self->permissions);
  g_clear_pointer (&self->expires_at, g_date_time_unref);

  G_OBJECT_CLASS (sd_platform_session_parent_class)->finalize (object);
}

static void
sd_platform_session_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SdPlatformSession *self = SD_PLATFORM_SESSION (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_ENTERPRISE:
      g_value_set_object (value, self->enterprise);
      break;
    case PROP_PERMISSIONS:
      g_value_set_boxed (value, self->permissions);
      break;
    case PROP_METHOD:
      g_value_set_enum (value, self->method);
      break;
    case PROP_BINDING_ID:
      g_value_set_int64 (value, self->binding_id);
      break;
    case PROP_EXPIRES_AT:
      g_value_set_boxed (value, self->expires_at);
      break;
    case PROP_MUST_CHANGE_PASSWORD:
      g_value_set_boolean (value, self->must_change_password);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_platform_session_class_init (SdPlatformSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sd_platform_session_finalize;
  object_class->get_property = sd_platform_session_get_property;

  properties[PROP_ACCOUNT] = g_param_spec_object ("account", NULL, NULL, SD_TYPE_PLATFORM_ACCOUNT,
                                                  flags);
  properties[PROP_ENTERPRISE] = g_param_spec_object ("enterprise", NULL, NULL,
                                                     SD_TYPE_PLATFORM_ENTERPRISE, flags);
  properties[PROP_PERMISSIONS] = g_param_spec_boxed ("permissions", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_METHOD] = g_param_spec_enum ("method", NULL, NULL,
                                               SD_TYPE_PLATFORM_SESSION_METHOD,
                                               SD_PLATFORM_SESSION_PASSWORD, flags);
  properties[PROP_BINDING_ID] = g_param_spec_int64 ("binding-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                    flags);
  properties[PROP_EXPIRES_AT] = g_param_spec_boxed ("expires-at", NULL, NULL, G_TYPE_DATE_TIME,
                                                    flags);
  properties[PROP_MUST_CHANGE_PASSWORD] = g_param_spec_boolean ("must-change-password", NULL, NULL,
                                                                FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sd_platform_session_init (SdPlatformSession *self)
{
}

SdPlatformSession *
sd_platform_session_new_from_json (JsonNode  *node,
                                   GError   **error)
{
  g_autoptr(SdPlatformSession) self = g_object_new (SD_TYPE_PLATFORM_SESSION, NULL);
  JsonNode *account;
  JsonNode *enterprise;
  SdPlatformJsonReader reader;

  sd_platform_json_reader_init (&reader, node);
  account = sd_platform_json_require_object (&reader, "account");
  enterprise = sd_platform_json_require_object (&reader, "enterprise");
  self->permissions = sd_platform_json_dup_strv (&reader, "permissions");
  self->method = sd_platform_json_get_enum (&reader, "method", SD_TYPE_PLATFORM_SESSION_METHOD,
                                            SD_PLATFORM_SESSION_PASSWORD);
  self->binding_id = sd_platform_json_get_int (&reader, "binding_id");
  self->expires_at = sd_platform_json_dup_time (&reader, "expires_at");
  self->must_change_password = sd_platform_json_get_bool (&reader, "must_change_password");
  if (!sd_platform_json_reader_finish (&reader, error))
    return NULL;

  /* The session answer carries no ETag of its own account. */
  self->account = sd_platform_account_new_from_json (account, NULL, error);
  if (self->account == NULL)
    return NULL;
  self->enterprise = sd_platform_enterprise_new_from_json (enterprise, error);
  if (self->enterprise == NULL)
    return NULL;

  if (self->permissions == NULL)
    self->permissions = g_new0 (char *, 1);
  return g_steal_pointer (&self);
}

gboolean
sd_platform_session_has_permission (SdPlatformSession *self,
                                    const char        *permission)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SESSION (self), FALSE);
  return g_strv_contains ((const char * const *) self->permissions, permission);
}

SdPlatformAccount *
sd_platform_session_get_account (SdPlatformSession *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SESSION (self), NULL);
  return self->account;
}

SdPlatformEnterprise *
sd_platform_session_get_enterprise (SdPlatformSession *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SESSION (self), NULL);
  return self->enterprise;
}

const char * const *
sd_platform_session_get_permissions (SdPlatformSession *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SESSION (self), NULL);
  return (const char * const *) self->permissions;
}

SdPlatformSessionMethod
sd_platform_session_get_method (SdPlatformSession *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SESSION (self), SD_PLATFORM_SESSION_PASSWORD);
  return self->method;
}

gint64
sd_platform_session_get_binding_id (SdPlatformSession *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SESSION (self), 0);
  return self->binding_id;
}

GDateTime *
sd_platform_session_get_expires_at (SdPlatformSession *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SESSION (self), NULL);
  return self->expires_at;
}

gboolean
sd_platform_session_get_must_change_password (SdPlatformSession *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SESSION (self), FALSE);
  return self->must_change_password;
}
