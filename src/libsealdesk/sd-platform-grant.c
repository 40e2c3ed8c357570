/* sd-platform-grant.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-platform-grant.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"

struct _SdPlatformGrant
{
  GObject                parent_instance;

  gint64                 id;
  gint64                 seal_id;
  gint64                 account_id;
  char                  *account_login;
  char                  *account_name;
  GDateTime             *valid_from;
  GDateTime             *valid_until;
  SdPlatformGrantStatus  status;
  GDateTime             *created_at;
  char                  *created_by;
  GDateTime             *revoked_at;
  char                  *revoked_by;
};

G_DEFINE_FINAL_TYPE (SdPlatformGrant, sd_platform_grant, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_SEAL_ID,
  PROP_ACCOUNT_ID,
  PROP_ACCOUNT_LOGIN,
  PROP_ACCOUNT_NAME,
  PROP_VALID_FROM,
  PROP_VALID_UNTIL,
  PROP_STATUS,
  PROP_CREATED_AT,
  PROP_CREATED_BY,
  PROP_REVOKED_AT,
  PROP_REVOKED_BY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sd_platform_grant_finalize (GObject *object)
{
  SdPlatformGrant *self = SD_PLATFORM_GRANT (object);

  g_free (self->account_login);
  g_free (self->account_name);
  g_clear_pointer (&self->valid_from, g_date_time_unref);
  g_clear_pointer (&self->valid_until, g_date_time_unref);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_free (self->created_by);
  g_clear_pointer (&self->revoked_at, g_date_time_unref);
  g_free (self->revoked_by);

  G_OBJECT_CLASS (sd_platform_grant_parent_class)->finalize (object);
}

static void
sd_platform_grant_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SdPlatformGrant *self = SD_PLATFORM_GRANT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_SEAL_ID:
      g_value_set_int64 (value, self->seal_id);
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
    case PROP_VALID_FROM:
      g_value_set_boxed (value, self->valid_from);
      break;
    case PROP_VALID_UNTIL:
      g_value_set_boxed (value, self->valid_until);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    case PROP_CREATED_BY:
      g_value_set_string (value, self->created_by);
      break;
    case PROP_REVOKED_AT:
      g_value_set_boxed (value, self->revoked_at);
      break;
    case PROP_REVOKED_BY:
      g_value_set_string (value, self->revoked_by);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_platform_grant_class_init (SdPlatformGrantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sd_platform_grant_finalize;
  object_class->get_property = sd_platform_grant_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SEAL_ID] = g_param_spec_int64 ("seal-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ACCOUNT_ID] = g_param_spec_int64 ("account-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                    flags);
  properties[PROP_ACCOUNT_LOGIN] = g_param_spec_string ("account-login", NULL, NULL, NULL, flags);
  properties[PROP_ACCOUNT_NAME] = g_param_spec_string ("account-name", NULL, NULL, NULL, flags);
  properties[PROP_VALID_FROM] = g_param_spec_boxed ("valid-from", NULL, NULL, G_TYPE_DATE_TIME,
                                                    flags);
  properties[PROP_VALID_UNTIL] = g_param_spec_boxed ("valid-until", NULL, NULL, G_TYPE_DATE_TIME,
                                                     flags);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, SD_TYPE_PLATFORM_GRANT_STATUS,
                                               SD_PLATFORM_GRANT_ACTIVE, flags);
  properties[PROP_CREATED_AT] = g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME,
                                                    flags);
  properties[PROP_CREATED_BY] = g_param_spec_string ("created-by", NULL, NULL, NULL, flags);
  properties[PROP_REVOKED_AT] = g_param_spec_boxed ("revoked-at", NULL, NULL, G_TYPE_DATE_TIME,
                                                    flags);
  properties[PROP_REVOKED_BY] = g_param_spec_string ("revoked-by", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sd_platform_grant_init (SdPlatformGrant *self)
{
}

SdPlatformGrant *
sd_platform_grant_new_from_json (JsonNode  *node,
                                 GError   **error)
{
  g_autoptr(SdPlatformGrant) self = g_object_new (SD_TYPE_PLATFORM_GRANT, NULL);
  SdPlatformJsonReader reader;

  sd_platform_json_reader_init (&reader, node);
  self->id = sd_platform_json_get_id (&reader, "id");
  self->seal_id = sd_platform_json_get_id (&reader, "seal_id");
  self->account_id = sd_platform_json_get_id (&reader, "account_id");
  self->account_login = sd_platform_json_dup_string (&reader, "account_login");
  self->account_name = sd_platform_json_dup_string (&reader, "account_name");
  self->valid_from = sd_platform_json_dup_time (&reader, "valid_from");
  self->valid_until = sd_platform_json_dup_time (&reader, "valid_until");
  self->status = sd_platform_json_get_enum (&reader, "status", SD_TYPE_PLATFORM_GRANT_STATUS,
                                            SD_PLATFORM_GRANT_ACTIVE);
  self->created_at = sd_platform_json_dup_time (&reader, "created_at");
  self->created_by = sd_platform_json_dup_string (&reader, "created_by");
  self->revoked_at = sd_platform_json_dup_time (&reader, "revoked_at");
  self->revoked_by = sd_platform_json_dup_string (&reader, "revoked_by");
  if (!sd_platform_json_reader_finish (&reader, error))
    return NULL;

  return g_steal_pointer (&self);
}

gint64
sd_platform_grant_get_id (SdPlatformGrant *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_GRANT (self), 0);
  return self->id;
}

gint64
sd_platform_grant_get_seal_id (SdPlatformGrant *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_GRANT (self), 0);
  return self->seal_id;
}

gint64
sd_platform_grant_get_account_id (SdPlatformGrant *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_GRANT (self), 0);
  return self->account_id;
}

const char *
sd_platform_grant_get_account_login (SdPlatformGrant *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_GRANT (self), NULL);
  return self->account_login;
}

const char *
sd_platform_grant_get_account_name (SdPlatformGrant *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_GRANT (self), NULL);
  return self->account_name;
}

GDateTime *
sd_platform_grant_get_valid_from (SdPlatformGrant *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_GRANT (self), NULL);
  return self->valid_from;
}

GDateTime *
sd_platform_grant_get_valid_until (SdPlatformGrant *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_GRANT (self), NULL);
  return self->valid_until;
}

SdPlatformGrantStatus
sd_platform_grant_get_status (SdPlatformGrant *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_GRANT (self), SD_PLATFORM_GRANT_ACTIVE);
  return self->status;
}

GDateTime *
sd_platform_grant_get_created_at (SdPlatformGrant *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_GRANT (self), NULL);
  return self->created_at;
}

const char *
sd_platform_grant_get_created_by (SdPlatformGrant *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_GRANT (self), NULL);
  return self->created_by;
}

GDateTime *
sd_platform_grant_get_revoked_at (SdPlatformGrant *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_GRANT (self), NULL);
  return self->revoked_at;
}

const char *
sd_platform_grant_get_revoked_by (SdPlatformGrant *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_GRANT (self), NULL);
  return self->revoked_by;
}
