/* sd-platform-role.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-platform-json.h"
#include "sd-platform-private.h"
#include "sd-platform-role.h"

struct _SdPlatformRole
{
  GObject                parent_instance;

  gint64                 id;
  char                  *name;
  char                  *description;
  SdPlatformBuiltinRole  builtin;
  GStrv                  permissions;
  guint                  account_count;
  GDateTime             *created_at;
  GDateTime             *updated_at;
  char                  *updated_by;
  gint64                 version;
  char                  *etag;
};

G_DEFINE_FINAL_TYPE (SdPlatformRole, sd_platform_role, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_BUILTIN,
  PROP_PERMISSIONS,
  PROP_ACCOUNT_COUNT,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_UPDATED_BY,
  PROP_VERSION,
  PROP_ETAG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sd_platform_role_finalize (GObject *object)
{
  SdPlatformRole *self = SD_PLATFORM_ROLE (object);

  g_free (self->name);
  g_free (self->description);
  g_strfreev (self->permissions);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_free (self->updated_by);
  g_free (self->etag);

  G_OBJECT_CLASS (sd_platform_role_parent_class)->finalize (object);
}

static void
sd_platform_role_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SdPlatformRole *self = SD_PLATFORM_ROLE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_BUILTIN:
      g_value_set_enum (value, self->builtin);
      break;
    case PROP_PERMISSIONS:
      g_value_set_boxed (value, self->permissions);
      break;
    case PROP_ACCOUNT_COUNT:
      g_value_set_uint (value, self->account_count);
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
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
sd_platform_role_class_init (SdPlatformRoleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sd_platform_role_finalize;
  object_class->get_property = sd_platform_role_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_BUILTIN] = g_param_spec_enum ("builtin", NULL, NULL,
                                                SD_TYPE_PLATFORM_BUILTIN_ROLE,
                                                SD_PLATFORM_BUILTIN_ROLE_NONE, flags);
  properties[PROP_PERMISSIONS] = g_param_spec_boxed ("permissions", NULL, NULL, G_TYPE_STRV,
                                                     flags);
  properties[PROP_ACCOUNT_COUNT] = g_param_spec_uint ("account-count", NULL, NULL, 0, G_MAXUINT,
                                                      0, flags);
  properties[PROP_CREATED_AT] = g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME,
                                                    flags);
  properties[PROP_UPDATED_AT] = g_param_spec_boxed ("updated-at", NULL, NULL, G_TYPE_DATE_TIME,
                                                    flags);
  properties[PROP_UPDATED_BY] = g_param_spec_string ("updated-by", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] = g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ETAG] = g_param_spec_string ("etag", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sd_platform_role_init (SdPlatformRole *self)
{
}

SdPlatformRole *
sd_platform_role_new_from_json (JsonNode    *node,
                                const char  *etag,
                                GError     **error)
{
  g_autoptr(SdPlatformRole) self = g_object_new (SD_TYPE_PLATFORM_ROLE, NULL);
  SdPlatformJsonReader reader;

  sd_platform_json_reader_init (&reader, node);
  self->id = sd_platform_json_get_id (&reader, "id");
  self->name = sd_platform_json_dup_string (&reader, "name");
  self->description = sd_platform_json_dup_string (&reader, "description");
  self->builtin = sd_platform_json_get_enum (&reader, "builtin", SD_TYPE_PLATFORM_BUILTIN_ROLE,
                                             SD_PLATFORM_BUILTIN_ROLE_NONE);
  self->permissions = sd_platform_json_dup_strv (&reader, "permissions");
  self->account_count = CLAMP (sd_platform_json_get_int (&reader, "account_count"), 0, G_MAXUINT);
  self->created_at = sd_platform_json_dup_time (&reader, "created_at");
  self->updated_at = sd_platform_json_dup_time (&reader, "updated_at");
  self->updated_by = sd_platform_json_dup_string (&reader, "updated_by");
  self->version = sd_platform_json_get_int (&reader, "version");
  if (!sd_platform_json_reader_finish (&reader, error))
    return NULL;

  if (self->permissions == NULL)
    self->permissions = g_new0 (char *, 1);
  self->etag = sd_platform_etag (etag, self->version);
  return g_steal_pointer (&self);
}

gint64
sd_platform_role_get_id (SdPlatformRole *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ROLE (self), 0);
  return self->id;
}

const char *
sd_platform_role_get_name (SdPlatformRole *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ROLE (self), NULL);
  return self->name;
}

const char *
sd_platform_role_get_description (SdPlatformRole *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ROLE (self), NULL);
  return self->description;
}

SdPlatformBuiltinRole
sd_platform_role_get_builtin (SdPlatformRole *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ROLE (self), SD_PLATFORM_BUILTIN_ROLE_NONE);
  return self->builtin;
}

const char * const *
sd_platform_role_get_permissions (SdPlatformRole *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ROLE (self), NULL);
  return (const char * const *) self->permissions;
}

gboolean
sd_platform_role_has_permission (SdPlatformRole *self,
                                 const char     *permission)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ROLE (self), FALSE);
  return g_strv_contains ((const char * const *) self->permissions, permission);
}

guint
sd_platform_role_get_account_count (SdPlatformRole *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ROLE (self), 0);
  return self->account_count;
}

GDateTime *
sd_platform_role_get_created_at (SdPlatformRole *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ROLE (self), NULL);
  return self->created_at;
}

GDateTime *
sd_platform_role_get_updated_at (SdPlatformRole *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ROLE (self), NULL);
  return self->updated_at;
}

const char *
sd_platform_role_get_updated_by (SdPlatformRole *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ROLE (self), NULL);
  return self->updated_by;
}

gint64
sd_platform_role_get_version (SdPlatformRole *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ROLE (self), 0);
  return self->version;
}

const char *
sd_platform_role_get_etag (SdPlatformRole *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ROLE (self), NULL);
  return self->etag;
}
