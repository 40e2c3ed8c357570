/* sd-platform-seal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-platform-seal.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"

struct _SdPlatformSeal
{
  GObject               parent_instance;

  gint64                id;
  char                 *name;
  SdPlatformSealType    seal_type;
  SdPlatformSealStatus  status;
  guint                 width;
  guint                 height;
  char                 *image_sha256;
  GDateTime            *created_at;
  GDateTime            *updated_at;
  char                 *updated_by;
  gint64                version;
  char                 *etag;
};

G_DEFINE_FINAL_TYPE (SdPlatformSeal, sd_platform_seal, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SEAL_TYPE,
  PROP_STATUS,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_IMAGE_SHA256,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_UPDATED_BY,
  PROP_VERSION,
  PROP_ETAG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sd_platform_seal_finalize (GObject *object)
{
  SdPlatformSeal *self = SD_PLATFORM_SEAL (object);

  g_free (self->name);
  g_free (self->image_sha256);
  g_clear_pointer (&self->created_at, g_date_time_unref);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  g_free (self->updated_by);
  g_free (self->etag);

  G_OBJECT_CLASS (sd_platform_seal_parent_class)->finalize (object);
}

static void
sd_platform_seal_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SdPlatformSeal *self = SD_PLATFORM_SEAL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_SEAL_TYPE:
      g_value_set_enum (value, self->seal_type);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_WIDTH:
      g_value_set_uint (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_uint (value, self->height);
      break;
    case PROP_IMAGE_SHA256:
      g_value_set_string (value, self->image_sha256);
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
sd_platform_seal_class_init (SdPlatformSealClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sd_platform_seal_finalize;
  object_class->get_property = sd_platform_seal_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_SEAL_TYPE] = g_param_spec_enum ("seal-type", NULL, NULL,
                                                  SD_TYPE_PLATFORM_SEAL_TYPE,
                                                  SD_PLATFORM_SEAL_OTHER, flags);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, SD_TYPE_PLATFORM_SEAL_STATUS,
                                               SD_PLATFORM_SEAL_ACTIVE, flags);
  properties[PROP_WIDTH] = g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_HEIGHT] = g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_IMAGE_SHA256] = g_param_spec_string ("image-sha256", NULL, NULL, NULL, flags);
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
sd_platform_seal_init (SdPlatformSeal *self)
{
}

SdPlatformSeal *
sd_platform_seal_new_from_json (JsonNode    *node,
                                const char  *etag,
                                GError     **error)
{
  g_autoptr(SdPlatformSeal) self = g_object_new (SD_TYPE_PLATFORM_SEAL, NULL);
  SdPlatformJsonReader reader;

  sd_platform_json_reader_init (&reader, node);
  self->id = sd_platform_json_get_id (&reader, "id");
  self->name = sd_platform_json_dup_string (&reader, "name");
  self->seal_type = sd_platform_json_get_enum (&reader, "type", SD_TYPE_PLATFORM_SEAL_TYPE,
                                               SD_PLATFORM_SEAL_OTHER);
  self->status = sd_platform_json_get_enum (&reader, "status", SD_TYPE_PLATFORM_SEAL_STATUS,
                                            SD_PLATFORM_SEAL_ACTIVE);
  self->width = CLAMP (sd_platform_json_get_int (&reader, "width"), 0, G_MAXUINT);
  self->height = CLAMP (sd_platform_json_get_int (&reader, "height"), 0, G_MAXUINT);
  self->image_sha256 = sd_platform_json_dup_string (&reader, "image_sha256");
  self->created_at = sd_platform_json_dup_time (&reader, "created_at");
  self->updated_at = sd_platform_json_dup_time (&reader, "updated_at");
  self->updated_by = sd_platform_json_dup_string (&reader, "updated_by");
  self->version = sd_platform_json_get_int (&reader, "version");
  if (!sd_platform_json_reader_finish (&reader, error))
    return NULL;

  self->etag = sd_platform_etag (etag, self->version);
  return g_steal_pointer (&self);
}

gint64
sd_platform_seal_get_id (SdPlatformSeal *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SEAL (self), 0);
  return self->id;
}

const char *
sd_platform_seal_get_name (SdPlatformSeal *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SEAL (self), NULL);
  return self->name;
}

SdPlatformSealType
sd_platform_seal_get_seal_type (SdPlatformSeal *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SEAL (self), SD_PLATFORM_SEAL_OTHER);
  return self->seal_type;
}

SdPlatformSealStatus
sd_platform_seal_get_status (SdPlatformSeal *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SEAL (self), SD_PLATFORM_SEAL_ACTIVE);
  return self->status;
}

guint
sd_platform_seal_get_width (SdPlatformSeal *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SEAL (self), 0);
  return self->width;
}

guint
sd_platform_seal_get_height (SdPlatformSeal *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SEAL (self), 0);
  return self->height;
}

const char *
sd_platform_seal_get_image_sha256 (SdPlatformSeal *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SEAL (self), NULL);
  return self->image_sha256;
}

GDateTime *
sd_platform_seal_get_created_at (SdPlatformSeal *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SEAL (self), NULL);
  return self->created_at;
}

GDateTime *
sd_platform_seal_get_updated_at (SdPlatformSeal *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SEAL (self), NULL);
  return self->updated_at;
}

const char *
sd_platform_seal_get_updated_by (SdPlatformSeal *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SEAL (self), NULL);
  return self->updated_by;
}

gint64
sd_platform_seal_get_version (SdPlatformSeal *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SEAL (self), 0);
  return self->version;
}

const char *
sd_platform_seal_get_etag (SdPlatformSeal *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_SEAL (self), NULL);
  return self->etag;
}
