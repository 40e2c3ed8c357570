/* sd-platform-permission.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-platform-permission.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"

struct _SdPlatformPermission
{
  GObject parent_instance;

  char *name;
  char *description;
};

G_DEFINE_FINAL_TYPE (SdPlatformPermission, sd_platform_permission, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NAME,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sd_platform_permission_finalize (GObject *object)
{
  SdPlatformPermission *self = SD_PLATFORM_PERMISSION (object);

  g_free (self->name);
  g_free (self->description);

  G_OBJECT_CLASS (sd_platform_permission_parent_class)->finalize (object);
}

static void
sd_platform_permission_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SdPlatformPermission *self = SD_PLATFORM_PERMISSION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_platform_permission_class_init (SdPlatformPermissionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sd_platform_permission_finalize;
  object_class->get_property = sd_platform_permission_get_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sd_platform_permission_init (SdPlatformPermission *self)
{
}

SdPlatformPermission *
sd_platform_permission_new_from_json (JsonNode  *node,
                                      GError   **error)
{
  g_autoptr(SdPlatformPermission) self = g_object_new (SD_TYPE_PLATFORM_PERMISSION, NULL);
  SdPlatformJsonReader reader;

  sd_platform_json_reader_init (&reader, node);
  self->name = sd_platform_json_dup_string (&reader, "name");
  self->description = sd_platform_json_dup_string (&reader, "description");
  if (!sd_platform_json_reader_finish (&reader, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
sd_platform_permission_get_name (SdPlatformPermission *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_PERMISSION (self), NULL);
  return self->name;
}

const char *
sd_platform_permission_get_description (SdPlatformPermission *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_PERMISSION (self), NULL);
  return self->description;
}
