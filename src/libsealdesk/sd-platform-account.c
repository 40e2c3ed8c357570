/* sd-platform-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-platform-account.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"

struct _SdPlatformAccount
{
  GObject                parent_instance;

  gint64                 id;
  char                  *login;
  char                  *name;
  SdPlatformAccountKind  kind;
  gboolean               enabled;
  char                  *id_number;
  char                  *phone;
  GArray                *role_ids;    /* gint64 */
  GStrv                  role_names;
  GStrv                  permissions;
  guint                  certificate_count;
  gboolean               must_change_password;
  GDateTime             *locked_until;
  GDateTime             *created_at;
  GDateTime             *updated_at;
  char                  *updated_by;
  gint64                 version;
  char                  *etag;
};

G_DEFINE_FINAL_TYPE (SdPlatformAccount, sd_platform_account, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_LOGIN,
  PROP_NAME,
  PROP_KIND,
  PROP_ENABLED,
  PROP_ID_NUMBER,
  PROP_PHONE,
  PROP_ROLE_NAMES,
  PROP_PERMISSIONS,
  PROP_CERTIFICATE_COUNT,
  PROP_MUST_CHANGE_PASSWORD,
  PROP_LOCKED_UNTIL,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_UPDATED_BY,
  PROP_VERSION,
  PROP_ETAG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sd_platform_account_finalize (GObject *object)
{
  SdPlatformAccount *self = SD_PLATFORM_ACCOUNT (object);

  g_free (self->login);
  g_free (self->name);
  g_free (self->id_number);
  g_free (self->phone);
  g_array_unref (self->role_ids);
  g_strfreev (self->role_names);
  g_strfreev (self->permissions);
  g_clear_pointer (&self->locked_until, g_date_time_unref);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_free (self->updated_by);
  g_free (self->etag);

  G_OBJECT_CLASS (sd_platform_account_parent_class)->finalize (object);
}

static void
sd_platform_account_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SdPlatformAccount *self = SD_PLATFORM_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_LOGIN:
      g_value_set_string (value, self->login);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_ID_NUMBER:
      g_value_set_string (value, self->id_number);
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;
    case PROP_ROLE_NAMES:
      g_value_set_boxed (value, self->role_names);
      break;
    case PROP_PERMISSIONS:
      g_value_set_boxed (value, self->permissions);
      break;
    case PROP_CERTIFICATE_COUNT:
      g_value_set_uint (value, self->certificate_count);
      break;
    case PROP_MUST_CHANGE_PASSWORD:
      g_value_set_boolean (value, self->must_change_password);
      break;
    case PROP_LOCKED_UNTIL:
      g_value_set_boxed (value, self->locked_until);
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
sd_platform_account_class_init (SdPlatformAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sd_platform_account_finalize;
  object_class->get_property = sd_platform_account_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_LOGIN] = g_param_spec_string ("login", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, SD_TYPE_PLATFORM_ACCOUNT_KIND,
                                             SD_PLATFORM_ACCOUNT_KIND_SUB, flags);
  properties[PROP_ENABLED] = g_param_spec_boolean ("enabled", NULL, NULL, FALSE, flags);
  properties[PROP_ID_NUMBER] = g_param_spec_string ("id-number", NULL, NULL, NULL, flags);
  properties[PROP_PHONE] = g_param_spec_string ("phone", NULL, NULL, NULL, flags);
  properties[PROP_ROLE_NAMES] = g_param_spec_boxed ("role-names", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_PERMISSIONS] = g_param_spec_boxed ("permissions", NULL, NULL, G_TYPE_STRV,
                                                     flags);
  properties[PROP_CERTIFICATE_COUNT] = g_param_spec_uint ("certificate-count", NULL, NULL, 0,
                                                          G_MAXUINT, 0, flags);
  properties[PROP_MUST_CHANGE_PASSWORD] = g_param_spec_boolean ("must-change-password", NULL,
                                                                NULL, FALSE, flags);
  properties[PROP_LOCKED_UNTIL] = g_param_spec_boxed ("locked-until", NULL, NULL,
                                                      G_TYPE_DATE_TIME, flags);
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
sd_platform_account_init (SdPlatformAccount *self)
{
  self->role_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static gboolean
read_roles (SdPlatformAccount    *self,
            SdPlatformJsonReader *reader)
{
  JsonArray *roles = sd_platform_json_get_array (reader, "roles");
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  for (guint i = 0; roles != NULL && i < json_array_get_length (roles); i++)
    {
      SdPlatformJsonReader role;
      g_autofree char *name = NULL;
      gint64 id;

      sd_platform_json_reader_init (&role, json_array_get_element (roles, i));
      id = sd_platform_json_get_id (&role, "id");
      name = sd_platform_json_dup_string (&role, "name");
      if (!sd_platform_json_reader_finish (&role, &reader->error))
        return FALSE;
      g_array_append_val (self->role_ids, id);
      g_strv_builder_add (names, name != NULL ? name : "");
    }
  self->role_names = g_strv_builder_end (names);
  return TRUE;
}

SdPlatformAccount *
sd_platform_account_new_from_json (JsonNode    *node,
                                   const char  *etag,
                                   GError     **error)
{
  g_autoptr(SdPlatformAccount) self = g_object_new (SD_TYPE_PLATFORM_ACCOUNT, NULL);
  SdPlatformJsonReader reader;

  sd_platform_json_reader_init (&reader, node);
  self->id = sd_platform_json_get_id (&reader, "id");
  self->login = sd_platform_json_dup_string (&reader, "login");
  self->name = sd_platform_json_dup_string (&reader, "name");
  self->kind = sd_platform_json_get_enum (&reader, "kind", SD_TYPE_PLATFORM_ACCOUNT_KIND,
                                          SD_PLATFORM_ACCOUNT_KIND_SUB);
  self->enabled = sd_platform_json_get_bool (&reader, "enabled");
  self->id_number = sd_platform_json_dup_string (&reader, "id_number");
  self->phone = sd_platform_json_dup_string (&reader, "phone");
  read_roles (self, &reader);
  self->permissions = sd_platform_json_dup_strv (&reader, "permissions");
  self->certificate_count = CLAMP (sd_platform_json_get_int (&reader, "certificate_count"), 0,
                                   G_MAXUINT);
  self->must_change_password = sd_platform_json_get_bool (&reader, "must_change_password");
  self->locked_until = sd_platform_json_dup_time (&reader, "locked_until");
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
sd_platform_account_get_id (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), 0);
  return self->id;
}

const char *
sd_platform_account_get_login (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), NULL);
  return self->login;
}

const char *
sd_platform_account_get_name (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), NULL);
  return self->name;
}

SdPlatformAccountKind
sd_platform_account_get_kind (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), SD_PLATFORM_ACCOUNT_KIND_SUB);
  return self->kind;
}

gboolean
sd_platform_account_get_enabled (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), FALSE);
  return self->enabled;
}

const char *
sd_platform_account_get_id_number (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), NULL);
  return self->id_number;
}

const char *
sd_platform_account_get_phone (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), NULL);
  return self->phone;
}

const gint64 *
sd_platform_account_get_role_ids (SdPlatformAccount *self,
                                  guint             *n_roles)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), NULL);
  *n_roles = self->role_ids->len;
  return (const gint64 *) (gpointer) self->role_ids->data;
}

const char * const *
sd_platform_account_get_role_names (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), NULL);
  return (const char * const *) self->role_names;
}

gboolean
sd_platform_account_has_role (SdPlatformAccount *self,
                              gint64             role_id)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), FALSE);
  for (guint i = 0; i < self->role_ids->len; i++)
    if (g_array_index (self->role_ids, gint64, i) == role_id)
      return TRUE;
  return FALSE;
}

const char * const *
sd_platform_account_get_permissions (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), NULL);
  return (const char * const *) self->permissions;
}

gboolean
sd_platform_account_has_permission (SdPlatformAccount *self,
                                    const char        *permission)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), FALSE);
  return g_strv_contains ((const char * const *) self->permissions, permission);
}

guint
sd_platform_account_get_certificate_count (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), 0);
  return self->certificate_count;
}

gboolean
sd_platform_account_get_must_change_password (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), FALSE);
  return self->must_change_password;
}

GDateTime *
sd_platform_account_get_locked_until (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), NULL);
  return self->locked_until;
}

GDateTime *
sd_platform_account_get_created_at (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), NULL);
  return self->created_at;
}

GDateTime *
sd_platform_account_get_updated_at (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), NULL);
  return self->updated_at;
}

const char *
sd_platform_account_get_updated_by (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), NULL);
  return self->updated_by;
}

gint64
sd_platform_account_get_version (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), 0);
  return self->version;
}

const char *
sd_platform_account_get_etag (SdPlatformAccount *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (self), NULL);
  return self->etag;
}
