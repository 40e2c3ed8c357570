/* sd-platform-usage-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-platform-usage-record.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"

struct _SdPlatformUsageRecord
{
  GObject    parent_instance;

  gint64     id;
  gint64     seal_id;
  gint64     account_id;
  char      *account_login;
  char      *document_name;
  char      *document_hash;
  char      *hash_algorithm;
  GArray    *pages;
  gint64     binding_id;
  char      *certificate_serial;
  GDateTime *signed_at;
  GDateTime *recorded_at;
};

G_DEFINE_FINAL_TYPE (SdPlatformUsageRecord, sd_platform_usage_record, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_SEAL_ID,
  PROP_ACCOUNT_ID,
  PROP_ACCOUNT_LOGIN,
  PROP_DOCUMENT_NAME,
  PROP_DOCUMENT_HASH,
  PROP_HASH_ALGORITHM,
  PROP_PAGES,
  PROP_BINDING_ID,
  PROP_CERTIFICATE_SERIAL,
  PROP_SIGNED_AT,
  PROP_RECORDED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sd_platform_usage_record_finalize (GObject *object)
{
  SdPlatformUsageRecord *self = SD_PLATFORM_USAGE_RECORD (object);

  g_free (self->account_login);
  g_free (self->document_name);
  g_free (self->document_hash);
  g_free (self->hash_algorithm);
  g_clear_pointer (&self->pages, g_array_unref);
  g_free (self->certificate_serial);
  g_clear_pointer (&self->signed_at, g_date_time_unref);
  g_clear_pointer (&self->recorded_at, g_date_time_unref);

  G_OBJECT_CLASS (sd_platform_usage_record_parent_class)->finalize (object);
}

static void
sd_platform_usage_record_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  SdPlatformUsageRecord *self = SD_PLATFORM_USAGE_RECORD (object);

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
    case PROP_DOCUMENT_NAME:
      g_value_set_string (value, self->document_name);
      break;
    case PROP_DOCUMENT_HASH:
      g_value_set_string (value, self->document_hash);
      break;
    case PROP_HASH_ALGORITHM:
      g_value_set_string (value, self->hash_algorithm);
      break;
    case PROP_PAGES:
      g_value_set_boxed (value, self->pages);
      break;
    case PROP_BINDING_ID:
      g_value_set_int64 (value, self->binding_id);
      break;
    case PROP_CERTIFICATE_SERIAL:
      g_value_set_string (value, self->certificate_serial);
      break;
    case PROP_SIGNED_AT:
      g_value_set_boxed (value, self->signed_at);
      break;
    case PROP_RECORDED_AT:
      g_value_set_boxed (value, self->recorded_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_platform_usage_record_class_init (SdPlatformUsageRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sd_platform_usage_record_finalize;
  object_class->get_property = sd_platform_usage_record_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_SEAL_ID] = g_param_spec_int64 ("seal-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ACCOUNT_ID] = g_param_spec_int64 ("account-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                    flags);
  properties[PROP_ACCOUNT_LOGIN] = g_param_spec_string ("account-login", NULL, NULL, NULL, flags);
  properties[PROP_DOCUMENT_NAME] = g_param_spec_string ("document-name", NULL, NULL, NULL, flags);
  properties[PROP_DOCUMENT_HASH] = g_param_spec_string ("document-hash", NULL, NULL, NULL, flags);
  properties[PROP_HASH_ALGORITHM] = g_param_spec_string ("hash-algorithm", NULL, NULL, NULL, flags);
  properties[PROP_PAGES] = g_param_spec_boxed ("pages", NULL, NULL, G_TYPE_ARRAY, flags);
  properties[PROP_BINDING_ID] = g_param_spec_int64 ("binding-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                    flags);
  properties[PROP_CERTIFICATE_SERIAL] = g_param_spec_string ("certificate-serial", NULL, NULL, NULL,
                                                             flags);
  properties[PROP_SIGNED_AT] = g_param_spec_boxed ("signed-at", NULL, NULL, G_TYPE_DATE_TIME,
                                                   flags);
  properties[PROP_RECORDED_AT] = g_param_spec_boxed ("recorded-at", NULL, NULL, G_TYPE_DATE_TIME,
                                                     flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sd_platform_usage_record_init (SdPlatformUsageRecord *self)
{
  self->pages = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
read_pages (SdPlatformUsageRecord *self,
            SdPlatformJsonReader  *reader)
{
  JsonArray *pages = sd_platform_json_get_array (reader, "pages");

  for (guint i = 0; pages != NULL && i < json_array_get_length (pages); i++)
    {
      JsonNode *node = json_array_get_element (pages, i);
      gint64 page;
      guint value;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
          || (page = json_node_get_int (node)) < 1 || page > G_MAXUINT)
        {
          if (reader->error == NULL)
            sd_platform_json_set_member_error (&reader->error, "pages");
          return;
        }
      value = page;
      g_array_append_val (self->pages, value);
    }
}

SdPlatformUsageRecord *
sd_platform_usage_record_new_from_json (JsonNode  *node,
                                        GError   **error)
{
  g_autoptr(SdPlatformUsageRecord) self = g_object_new (SD_TYPE_PLATFORM_USAGE_RECORD, NULL);
  SdPlatformJsonReader reader;

  sd_platform_json_reader_init (&reader, node);
  self->id = sd_platform_json_get_id (&reader, "id");
  self->seal_id = sd_platform_json_get_id (&reader, "seal_id");
  self->account_id = sd_platform_json_get_id (&reader, "account_id");
  self->account_login = sd_platform_json_dup_string (&reader, "account_login");
  self->document_name = sd_platform_json_dup_string (&reader, "document_name");
  self->document_hash = sd_platform_json_dup_string (&reader, "document_hash");
  self->hash_algorithm = sd_platform_json_dup_string (&reader, "hash_algorithm");
  read_pages (self, &reader);
  self->binding_id = sd_platform_json_get_int (&reader, "binding_id");
  self->certificate_serial = sd_platform_json_dup_string (&reader, "certificate_serial");
  self->signed_at = sd_platform_json_dup_time (&reader, "signed_at");
  self->recorded_at = sd_platform_json_dup_time (&reader, "recorded_at");
  if (!sd_platform_json_reader_finish (&reader, error))
    return NULL;

  return g_steal_pointer (&self);
}

gint64
sd_platform_usage_record_get_id (SdPlatformUsageRecord *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_RECORD (self), 0);
  return self->id;
}

gint64
sd_platform_usage_record_get_seal_id (SdPlatformUsageRecord *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_RECORD (self), 0);
  return self->seal_id;
}

gint64
sd_platform_usage_record_get_account_id (SdPlatformUsageRecord *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_RECORD (self), 0);
  return self->account_id;
}

const char *
sd_platform_usage_record_get_account_login (SdPlatformUsageRecord *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_RECORD (self), NULL);
  return self->account_login;
}

const char *
sd_platform_usage_record_get_document_name (SdPlatformUsageRecord *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_RECORD (self), NULL);
  return self->document_name;
}

const char *
sd_platform_usage_record_get_document_hash (SdPlatformUsageRecord *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_RECORD (self), NULL);
  return self->document_hash;
}

const char *
sd_platform_usage_record_get_hash_algorithm (SdPlatformUsageRecord *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_RECORD (self), NULL);
  return self->hash_algorithm;
}

const guint *
sd_platform_usage_record_get_pages (SdPlatformUsageRecord *self,
                                    guint                 *n_pages)
{
  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_RECORD (self), NULL);
  *n_pages = self->pages->len;
  return (const guint *) (gpointer) self->pages->data;
}

gint64
sd_platform_usage_record_get_binding_id (SdPlatformUsageRecord *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_RECORD (self), 0);
  return self->binding_id;
}

const char *
sd_platform_usage_record_get_certificate_serial (SdPlatformUsageRecord *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_RECORD (self), NULL);
  return self->certificate_serial;
}

GDateTime *
sd_platform_usage_record_get_signed_at (SdPlatformUsageRecord *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_RECORD (self), NULL);
  return self->signed_at;
}

GDateTime *
sd_platform_usage_record_get_recorded_at (SdPlatformUsageRecord *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_RECORD (self), NULL);
  return self->recorded_at;
}
