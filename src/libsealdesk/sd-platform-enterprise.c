/* sd-platform-enterprise.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-platform-enterprise.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"

struct _SdPlatformEnterprise
{
  GObject    parent_instance;

  gint64     id;
  char      *name;
  char      *uscc;
  char      *organization_code;
  char      *legal_representative;
  GDateTime *created_at;
};

G_DEFINE_FINAL_TYPE (SdPlatformEnterprise, sd_platform_enterprise, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_USCC,
  PROP_ORGANIZATION_CODE,
  PROP_LEGAL_REPRESENTATIVE,
  PROP_CREATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sd_platform_enterprise_finalize (GObject *object)
{
  SdPlatformEnterprise *self = SD_PLATFORM_ENTERPRISE (object);

  g_free (self->name);
  g_free (self->uscc);
  g_free (self->organization_code);
  g_free (self->legal_representative);
  g_clear_pointer (&self->created_at, g_date_time_unref);

  G_OBJECT_CLASS (sd_platform_enterprise_parent_class)->finalize (object);
}

static void
sd_platform_enterprise_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SdPlatformEnterprise *self = SD_PLATFORM_ENTERPRISE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_USCC:
      g_value_set_string (value, self->uscc);
      break;
    case PROP_ORGANIZATION_CODE:
      g_value_set_string (value, self->organization_code);
      break;
    case PROP_LEGAL_REPRESENTATIVE:
      g_value_set_string (value, self->legal_representative);
      break;
    case PROP_CREATED_AT:
      g_value_set_boxed (value, self->created_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_platform_enterprise_class_init (SdPlatformEnterpriseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sd_platform_enterprise_finalize;
  object_class->get_property = sd_platform_enterprise_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_USCC] = g_param_spec_string ("uscc", NULL, NULL, NULL, flags);
  properties[PROP_ORGANIZATION_CODE] = g_param_spec_string ("organization-code", NULL, NULL, NULL,
                                                            flags);
  properties[PROP_LEGAL_REPRESENTATIVE] = g_param_spec_string ("legal-representative", NULL, NULL,
                                                               NULL, flags);
  properties[PROP_CREATED_AT] = g_param_spec_boxed ("created-at", NULL, NULL, G_TYPE_DATE_TIME,
                                                    flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sd_platform_enterprise_init (SdPlatformEnterprise *self)
{
}

SdPlatformEnterprise *
sd_platform_enterprise_new_from_json (JsonNode  *node,
                                      GError   **error)
{
  g_autoptr(SdPlatformEnterprise) self = g_object_new (SD_TYPE_PLATFORM_ENTERPRISE, NULL);
  SdPlatformJsonReader reader;

  sd_platform_json_reader_init (&reader, node);
  self->id = sd_platform_json_get_id (&reader, "id");
  self->name = sd_platform_json_dup_string (&reader, "name");
  self->uscc = sd_platform_json_dup_string (&reader, "uscc");
  self->organization_code = sd_platform_json_dup_string (&reader, "organization_code");
  self->legal_representative = sd_platform_json_dup_string (&reader, "legal_representative");
  self->created_at = sd_platform_json_dup_time (&reader, "created_at");
  if (!sd_platform_json_reader_finish (&reader, error))
    return NULL;

  return g_steal_pointer (&self);
}

gint64
sd_platform_enterprise_get_id (SdPlatformEnterprise *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ENTERPRISE (self), 0);
  return self->id;
}

const char *
sd_platform_enterprise_get_name (SdPlatformEnterprise *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ENTERPRISE (self), NULL);
  return self->name;
}

const char *
sd_platform_enterprise_get_uscc (SdPlatformEnterprise *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ENTERPRISE (self), NULL);
  return self->uscc;
}

const char *
sd_platform_enterprise_get_organization_code (SdPlatformEnterprise *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ENTERPRISE (self), NULL);
  return self->organization_code;
}

const char *
sd_platform_enterprise_get_legal_representative (SdPlatformEnterprise *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ENTERPRISE (self), NULL);
  return self->legal_representative;
}

GDateTime *
sd_platform_enterprise_get_created_at (SdPlatformEnterprise *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_ENTERPRISE (self), NULL);
  return self->created_at;
}
