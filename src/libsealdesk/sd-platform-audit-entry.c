/* sd-platform-audit-entry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-platform-audit-entry.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"

struct _SdPlatformAuditEntry
{
  GObject     parent_instance;

  gint64      id;
  GDateTime  *time;
  char       *category;
  char       *action;
  gboolean    success;
  gint64      actor_id;
  char       *actor_login;
  char       *target_type;
  gint64      target_id;
  char       *target_label;
  char       *source_address;
  JsonObject *details;
};

G_DEFINE_FINAL_TYPE (SdPlatformAuditEntry, sd_platform_audit_entry, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_TIME,
  PROP_CATEGORY,
  PROP_ACTION,
  PROP_SUCCESS,
  PROP_ACTOR_ID,
  PROP_ACTOR_LOGIN,
  PROP_TARGET_TYPE,
  PROP_TARGET_ID,
  PROP_TARGET_LABEL,
  PROP_SOURCE_ADDRESS,
  PROP_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sd_platform_audit_entry_finalize (GObject *object)
{
  SdPlatformAuditEntry *self = SD_PLATFORM_AUDIT_ENTRY (object);

  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self->category);
  g_free (self->action);
  g_free (self->actor_login);
  g_free (self->target_type);
  g_free (self->target_label);
  g_free (self->source_address);
  g_clear_pointer (&self->details, json_object_unref);

  G_OBJECT_CLASS (sd_platform_audit_entry_parent_class)->finalize (object);
}

static void
sd_platform_audit_entry_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SdPlatformAuditEntry *self = SD_PLATFORM_AUDIT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_TIME:
      g_value_set_boxed (value, self->time);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;
    case PROP_SUCCESS:
      g_value_set_boolean (value, self->success);
      break;
    case PROP_ACTOR_ID:
      g_value_set_int64 (value, self->actor_id);
      break;
    case PROP_ACTOR_LOGIN:
      g_value_set_string (value, self->actor_login);
      break;
    case PROP_TARGET_TYPE:
      g_value_set_string (value, self->target_type);
      break;
    case PROP_TARGET_ID:
      g_value_set_int64 (value, self->target_id);
      break;
    case PROP_TARGET_LABEL:
      g_value_set_string (value, self->target_label);
      break;
    case PROP_SOURCE_ADDRESS:
      g_value_set_string (value, self->source_address);
      break;
    case PROP_DETAILS:
      g_value_set_boxed (value, self->details);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_platform_audit_entry_class_init (SdPlatformAuditEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sd_platform_audit_entry_finalize;
  object_class->get_property = sd_platform_audit_entry_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TIME] = g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, NULL, flags);
  properties[PROP_ACTION] = g_param_spec_string ("action", NULL, NULL, NULL, flags);
  properties[PROP_SUCCESS] = g_param_spec_boolean ("success", NULL, NULL, FALSE, flags);
  properties[PROP_ACTOR_ID] = g_param_spec_int64 ("actor-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ACTOR_LOGIN] = g_param_spec_string ("actor-login", NULL, NULL, NULL, flags);
  properties[PROP_TARGET_TYPE] = g_param_spec_string ("target-type", NULL, NULL, NULL, flags);
  properties[PROP_TARGET_ID] = g_param_spec_int64 ("target-id", NULL, NULL, 0, G_MAXINT64, 0,
                                                   flags);
  properties[PROP_TARGET_LABEL] = g_param_spec_string ("target-label", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE_ADDRESS] = g_param_spec_string ("source-address", NULL, NULL, NULL, flags);
  properties[PROP_DETAILS] = g_param_spec_boxed ("details", NULL, NULL, JSON_TYPE_OBJECT, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sd_platform_audit_entry_init (SdPlatformAuditEntry *self)
{
}

SdPlatformAuditEntry *
sd_platform_audit_entry_new_from_json (JsonNode  *node,
                                       GError   **error)
{
  g_autoptr(SdPlatformAuditEntry) self = g_object_new (SD_TYPE_PLATFORM_AUDIT_ENTRY, NULL);
  g_autofree char *outcome = NULL;
  JsonObject *details;
  SdPlatformJsonReader reader;

  sd_platform_json_reader_init (&reader, node);
  self->id = sd_platform_json_get_id (&reader, "id");
  self->time = sd_platform_json_dup_time (&reader, "time");
  self->category = sd_platform_json_dup_string (&reader, "category");
  self->action = sd_platform_json_dup_string (&reader, "action");
  outcome = sd_platform_json_dup_string (&reader, "outcome");
  self->success = g_strcmp0 (outcome, "success") == 0;
  self->actor_id = sd_platform_json_get_int (&reader, "actor_id");
  self->actor_login = sd_platform_json_dup_string (&reader, "actor_login");
  self->target_type = sd_platform_json_dup_string (&reader, "target_type");
  self->target_id = sd_platform_json_get_int (&reader, "target_id");
  self->target_label = sd_platform_json_dup_string (&reader, "target_label");
  self->source_address = sd_platform_json_dup_string (&reader, "source_address");
  details = sd_platform_json_get_object (&reader, "details");
  self->details = details != NULL ? json_object_ref (details) : json_object_new ();
  if (!sd_platform_json_reader_finish (&reader, error))
    return NULL;

  return g_steal_pointer (&self);
}

gint64
sd_platform_audit_entry_get_id (SdPlatformAuditEntry *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_AUDIT_ENTRY (self), 0);
  return self->id;
}

GDateTime *
sd_platform_audit_entry_get_time (SdPlatformAuditEntry *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_AUDIT_ENTRY (self), NULL);
  return self->time;
}

const char *
sd_platform_audit_entry_get_category (SdPlatformAuditEntry *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_AUDIT_ENTRY (self), NULL);
  return self->category;
}

const char *
sd_platform_audit_entry_get_action (SdPlatformAuditEntry *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_AUDIT_ENTRY (self), NULL);
  return self->action;
}

gboolean
sd_platform_audit_entry_get_success (SdPlatformAuditEntry *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_AUDIT_ENTRY (self), FALSE);
  return self->success;
}

gint64
sd_platform_audit_entry_get_actor_id (SdPlatformAuditEntry *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_AUDIT_ENTRY (self), 0);
  return self->actor_id;
}

const char *
sd_platform_audit_entry_get_actor_login (SdPlatformAuditEntry *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_AUDIT_ENTRY (self), NULL);
  return self->actor_login;
}

const char *
sd_platform_audit_entry_get_target_type (SdPlatformAuditEntry *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_AUDIT_ENTRY (self), NULL);
  return self->target_type;
}

gint64
sd_platform_audit_entry_get_target_id (SdPlatformAuditEntry *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_AUDIT_ENTRY (self), 0);
  return self->target_id;
}

const char *
sd_platform_audit_entry_get_target_label (SdPlatformAuditEntry *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_AUDIT_ENTRY (self), NULL);
  return self->target_label;
}

const char *
sd_platform_audit_entry_get_source_address (SdPlatformAuditEntry *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_AUDIT_ENTRY (self), NULL);
  return self->source_address;
}

JsonObject *
sd_platform_audit_entry_get_details (SdPlatformAuditEntry *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_AUDIT_ENTRY (self), NULL);
  return self->details;
}
