/* sd-platform-list-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-platform-error.h"
#include "sd-platform-json.h"
#include "sd-platform-list-model.h"
#include "sd-platform-private.h"

typedef gpointer (*ItemParseFunc) (JsonNode  *node,
                                   GError   **error);

static gpointer
parse_account_item (JsonNode  *node,
                    GError   **error)
{
  return sd_platform_account_new_from_json (node, NULL, error);
}

static gpointer
parse_role_item (JsonNode  *node,
                 GError   **error)
{
  return sd_platform_role_new_from_json (node, NULL, error);
}

static gpointer
parse_binding_item (JsonNode  *node,
                    GError   **error)
{
  return sd_platform_binding_new_from_json (node, NULL, error);
}

static gpointer
parse_seal_item (JsonNode  *node,
                 GError   **error)
{
  return sd_platform_seal_new_from_json (node, NULL, error);
}

static gpointer
parse_grant_item (JsonNode  *node,
                  GError   **error)
{
  return sd_platform_grant_new_from_json (node, error);
}

static gpointer
parse_usage_item (JsonNode  *node,
                  GError   **error)
{
  return sd_platform_usage_record_new_from_json (node, error);
}

static gpointer
parse_audit_item (JsonNode  *node,
                  GError   **error)
{
  return sd_platform_audit_entry_new_from_json (node, error);
}

/* One row per kind, in the order of SdPlatformListKind. */
static const struct
{
  const char    *path;      /* %s is the parent id */
  const char    *filters[8];
  ItemParseFunc  parse;
  const char    *sorts[8];  /* the sort= columns the server takes */
} kinds[] = {
  [SD_PLATFORM_LIST_ACCOUNTS] = { "/accounts", { "login", "name", "enabled", "kind", "role_id" },
                                  parse_account_item,
                                  { "login", "name", "kind", "enabled", "created_at",
                                    "updated_at" } },
  [SD_PLATFORM_LIST_ROLES] = { "/roles", { NULL }, parse_role_item },
  [SD_PLATFORM_LIST_BINDINGS] = { "/accounts/%s/certificates", { NULL }, parse_binding_item },
  [SD_PLATFORM_LIST_ENTERPRISE_BINDINGS] = { "/certificates", { "login", "name", "type" },
                                             parse_binding_item },
  [SD_PLATFORM_LIST_SEALS] = { "/seals", { "name", "type", "status" }, parse_seal_item },
  [SD_PLATFORM_LIST_GRANTS] = { "/seals/%s/grants", { "account_id", "status" },
                                parse_grant_item },
  [SD_PLATFORM_LIST_USAGE] = { "/seals/%s/usage", { "account_id", "from", "to" },
                               parse_usage_item },
  [SD_PLATFORM_LIST_AUDIT] = { "/audit", { "category", "action", "actor", "actor_id", "outcome",
                                           "from", "to" },
                               parse_audit_item },
};

G_DEFINE_ENUM_TYPE (SdPlatformListKind, sd_platform_list_kind,
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_LIST_ACCOUNTS, "accounts"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_LIST_ROLES, "roles"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_LIST_BINDINGS, "bindings"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_LIST_ENTERPRISE_BINDINGS, "enterprise-bindings"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_LIST_SEALS, "seals"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_LIST_GRANTS, "grants"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_LIST_USAGE, "usage"),
  G_DEFINE_ENUM_VALUE (SD_PLATFORM_LIST_AUDIT, "audit"))

struct _SdPlatformListModel
{
  GObject             parent_instance;

  SdPlatformClient   *client;
  SdPlatformListKind  kind;
  gint64              parent_id;

  GHashTable         *filters;     /* name → value */
  guint               page;
  guint               per_page;
  char               *sort;        /* NULL: the server's own order */
  gboolean            descending;

  GPtrArray          *items;
  guint64             total;
  guint               generation;  /* of the newest load */
  guint               n_loading;
};

static void sd_platform_list_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdPlatformListModel, sd_platform_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      sd_platform_list_model_list_model_init))

enum
{
  PROP_0,
  PROP_CLIENT,
  PROP_KIND,
  PROP_PARENT_ID,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_PAGE,
  PROP_PER_PAGE,
  PROP_TOTAL,
  PROP_N_PAGES,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
item_type_of (SdPlatformListKind kind)
{
  switch (kind)
    {
    case SD_PLATFORM_LIST_ACCOUNTS:
      return SD_TYPE_PLATFORM_ACCOUNT;
    case SD_PLATFORM_LIST_ROLES:
      return SD_TYPE_PLATFORM_ROLE;
    case SD_PLATFORM_LIST_BINDINGS:
    case SD_PLATFORM_LIST_ENTERPRISE_BINDINGS:
      return SD_TYPE_PLATFORM_BINDING;
    case SD_PLATFORM_LIST_SEALS:
      return SD_TYPE_PLATFORM_SEAL;
    case SD_PLATFORM_LIST_GRANTS:
      return SD_TYPE_PLATFORM_GRANT;
    case SD_PLATFORM_LIST_USAGE:
      return SD_TYPE_PLATFORM_USAGE_RECORD;
    case SD_PLATFORM_LIST_AUDIT:
      return SD_TYPE_PLATFORM_AUDIT_ENTRY;
    default:
      g_return_val_if_reached (G_TYPE_OBJECT);
    }
}

static GType
list_get_item_type (GListModel *model)
{
  return item_type_of (SD_PLATFORM_LIST_MODEL (model)->kind);
}

static guint
list_get_n_items (GListModel *model)
{
  return SD_PLATFORM_LIST_MODEL (model)->items->len;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  SdPlatformListModel *self = SD_PLATFORM_LIST_MODEL (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
sd_platform_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

static void
sd_platform_list_model_finalize (GObject *object)
{
  SdPlatformListModel *self = SD_PLATFORM_LIST_MODEL (object);

  g_clear_object (&self->client);
  g_hash_table_unref (self->filters);
  g_free (self->sort);
  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (sd_platform_list_model_parent_class)->finalize (object);
}

static void
sd_platform_list_model_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  SdPlatformListModel *self = SD_PLATFORM_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_PARENT_ID:
      g_value_set_int64 (value, self->parent_id);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, item_type_of (self->kind));
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    case PROP_PAGE:
      g_value_set_uint (value, self->page);
      break;
    case PROP_PER_PAGE:
      g_value_set_uint (value, self->per_page);
      break;
    case PROP_TOTAL:
      g_value_set_uint64 (value, self->total);
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, sd_platform_list_model_get_n_pages (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->n_loading > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_platform_list_model_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  SdPlatformListModel *self = SD_PLATFORM_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_PARENT_ID:
      self->parent_id = g_value_get_int64 (value);
      break;
    case PROP_PAGE:
      sd_platform_list_model_set_page (self, g_value_get_uint (value));
      break;
    case PROP_PER_PAGE:
      sd_platform_list_model_set_per_page (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_platform_list_model_class_init (SdPlatformListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sd_platform_list_model_finalize;
  object_class->get_property = sd_platform_list_model_get_property;
  object_class->set_property = sd_platform_list_model_set_property;

  properties[PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, SD_TYPE_PLATFORM_CLIENT,
                                                 co);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, SD_TYPE_PLATFORM_LIST_KIND,
                                             SD_PLATFORM_LIST_ACCOUNTS, co);
  properties[PROP_PARENT_ID] = g_param_spec_int64 ("parent-id", NULL, NULL, 0, G_MAXINT64, 0, co);
  properties[PROP_ITEM_TYPE] = g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT, ro);
  properties[PROP_N_ITEMS] = g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_PAGE] = g_param_spec_uint ("page", NULL, NULL, 1, G_MAXUINT, 1, rw);
  properties[PROP_PER_PAGE] = g_param_spec_uint ("per-page", NULL, NULL, 10, 100, 10, rw);
  properties[PROP_TOTAL] = g_param_spec_uint64 ("total", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_N_PAGES] = g_param_spec_uint ("n-pages", NULL, NULL, 1, G_MAXUINT, 1, ro);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sd_platform_list_model_init (SdPlatformListModel *self)
{
  self->filters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->page = 1;
  self->per_page = 10;
}

SdPlatformListModel *
sd_platform_list_model_new (SdPlatformClient   *client,
                            SdPlatformListKind  kind,
                            gint64              parent_id)
{
  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (client), NULL);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kinds), NULL);
  g_return_val_if_fail ((strstr (kinds[kind].path, "%s") != NULL) == (parent_id > 0), NULL);

  return g_object_new (SD_TYPE_PLATFORM_LIST_MODEL, "client", client, "kind", kind, "parent-id",
                       parent_id, NULL);
}

SdPlatformListKind
sd_platform_list_model_get_kind (SdPlatformListModel *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_LIST_MODEL (self), SD_PLATFORM_LIST_ACCOUNTS);
  return self->kind;
}

static gboolean
is_filter_of (SdPlatformListKind  kind,
              const char         *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds[kind].filters) && kinds[kind].filters[i] != NULL; i++)
    if (g_str_equal (kinds[kind].filters[i], name))
      return TRUE;
  return FALSE;
}

void
sd_platform_list_model_set_filter (SdPlatformListModel *self,
                                   const char          *name,
                                   const char          *value)
{
  g_return_if_fail (SD_IS_PLATFORM_LIST_MODEL (self));
  g_return_if_fail (name != NULL && is_filter_of (self->kind, name));

  if (value != NULL && *value != '\0')
    {
      if (g_strcmp0 (g_hash_table_lookup (self->filters, name), value) == 0)
        return;
      g_hash_table_replace (self->filters, g_strdup (name), g_strdup (value));
    }
  else if (!g_hash_table_remove (self->filters, name))
    return;
  sd_platform_list_model_set_page (self, 1);
}

const char *
sd_platform_list_model_get_filter (SdPlatformListModel *self,
                                   const char          *name)
{
  g_return_val_if_fail (SD_IS_PLATFORM_LIST_MODEL (self), NULL);
  return g_hash_table_lookup (self->filters, name);
}

void
sd_platform_list_model_clear_filters (SdPlatformListModel *self)
{
  g_return_if_fail (SD_IS_PLATFORM_LIST_MODEL (self));

  g_hash_table_remove_all (self->filters);
  sd_platform_list_model_set_page (self, 1);
}

static gboolean
is_sort_of (SdPlatformListKind  kind,
            const char         *column)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds[kind].sorts) && kinds[kind].sorts[i] != NULL; i++)
    if (g_str_equal (kinds[kind].sorts[i], column))
      return TRUE;
  return FALSE;
}

void
sd_platform_list_model_set_sort (SdPlatformListModel *self,
                                 const char          *column,
                                 gboolean             descending)
{
  g_return_if_fail (SD_IS_PLATFORM_LIST_MODEL (self));
  g_return_if_fail (column == NULL || is_sort_of (self->kind, column));

  descending = !!descending;
  if (g_strcmp0 (self->sort, column) == 0 && self->descending == descending)
    return;
  g_free (self->sort);
  self->sort = g_strdup (column);
  self->descending = descending;
  sd_platform_list_model_set_page (self, 1);
}

const char *
sd_platform_list_model_get_sort (SdPlatformListModel *self,
                                 gboolean            *descending)
{
  g_return_val_if_fail (SD_IS_PLATFORM_LIST_MODEL (self), NULL);

  if (descending != NULL)
    *descending = self->descending;
  return self->sort;
}

void
sd_platform_list_model_set_page (SdPlatformListModel *self,
                                 guint                page)
{
  g_return_if_fail (SD_IS_PLATFORM_LIST_MODEL (self));
  g_return_if_fail (page >= 1);

  if (self->page == page)
    return;
  self->page = page;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

guint
sd_platform_list_model_get_page (SdPlatformListModel *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_LIST_MODEL (self), 1);
  return self->page;
}

void
sd_platform_list_model_set_per_page (SdPlatformListModel *self,
                                     guint                per_page)
{
  g_return_if_fail (SD_IS_PLATFORM_LIST_MODEL (self));
  g_return_if_fail (per_page == 10 || per_page == 20 || per_page == 50 || per_page == 100);

  if (self->per_page == per_page)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  self->per_page = per_page;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PER_PAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  sd_platform_list_model_set_page (self, 1);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
sd_platform_list_model_get_per_page (SdPlatformListModel *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_LIST_MODEL (self), 10);
  return self->per_page;
}

guint64
sd_platform_list_model_get_total (SdPlatformListModel *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_LIST_MODEL (self), 0);
  return self->total;
}

guint
sd_platform_list_model_get_n_pages (SdPlatformListModel *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_LIST_MODEL (self), 1);
  return MAX (1, MIN ((self->total + self->per_page - 1) / self->per_page, G_MAXUINT));
}

gboolean
sd_platform_list_model_get_loading (SdPlatformListModel *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_LIST_MODEL (self), FALSE);
  return self->n_loading > 0;
}

/* Loading */

typedef struct
{
  guint generation;
} Load;

static gpointer
take_json (SdPlatformResponse  *response,
           GError             **error)
{
  if (response->json == NULL)
    {
      sd_platform_json_set_member_error (error, "items");
      return NULL;
    }
  return json_node_ref (response->json);
}

static void
set_loading (SdPlatformListModel *self,
             gboolean             start)
{
  gboolean was_loading = self->n_loading > 0;

  self->n_loading += start ? 1 : -1;
  if (was_loading != (self->n_loading > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static GPtrArray *
parse_page (SdPlatformListModel  *self,
            JsonNode             *root,
            guint64              *total,
            GError              **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  SdPlatformJsonReader reader;
  JsonArray *array;
  gint64 count;

  sd_platform_json_reader_init (&reader, root);
  array = sd_platform_json_get_array (&reader, "items");
  count = sd_platform_json_get_int (&reader, "total");
  if (!sd_platform_json_reader_finish (&reader, error))
    return NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      gpointer item = kinds[self->kind].parse (json_array_get_element (array, i), error);

      if (item == NULL)
        return NULL;
      g_ptr_array_add (items, item);
    }
  *total = MAX (count, 0);
  return g_steal_pointer (&items);
}

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdPlatformListModel *self = g_task_get_source_object (task);
  Load *load = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GError *error = NULL;
  guint64 total = 0;
  guint removed;
  guint old_n_pages;

  set_loading (self, FALSE);
  root = sd_platform_client_call_finish (SD_PLATFORM_CLIENT (source), result,
                                         sd_platform_list_model_load_async, &error);
  if (root != NULL)
    items = parse_page (self, root, &total, &error);
  if (load->generation != self->generation)
    {
      g_clear_error (&error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("A newer list was asked for."));
      return;
    }
  if (items == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  old_n_pages = sd_platform_list_model_get_n_pages (self);
  removed = self->items->len;
  g_ptr_array_unref (self->items);
  self->items = g_steal_pointer (&items);
  g_object_freeze_notify (G_OBJECT (self));
  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  if (old_n_pages != sd_platform_list_model_get_n_pages (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
  if (removed != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->items->len);
  g_object_thaw_notify (G_OBJECT (self));
  g_task_return_boolean (task, TRUE);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
build_path (SdPlatformListModel *self)
{
  g_autoptr(GString) path = g_string_new (NULL);
  g_autofree const char **names = NULL;
  guint n_names = 0;

  if (self->parent_id > 0)
    {
      g_autofree char *parent = g_strdup_printf ("%" G_GINT64_FORMAT, self->parent_id);
      g_auto(GStrv) parts = g_strsplit (kinds[self->kind].path, "%s", 2);

      g_string_append (path, parts[0]);
      g_string_append (path, parent);
      g_string_append (path, parts[1]);
    }
  else
    g_string_append (path, kinds[self->kind].path);
  g_string_append_printf (path, "?page=%u&per_page=%u", self->page, self->per_page);
  if (self->sort != NULL)
    g_string_append_printf (path, "&sort=%s&order=%s", self->sort,
                            self->descending ? "desc" : "asc");

  /* In a fixed order, so that the same list is the same URL. */
  names = (const char **) g_hash_table_get_keys_as_array (self->filters, &n_names);
  qsort (names, n_names, sizeof (char *), compare_names);
  for (guint i = 0; i < n_names; i++)
    {
      g_string_append_printf (path, "&%s=", names[i]);
      g_string_append_uri_escaped (path, g_hash_table_lookup (self->filters, names[i]), NULL,
                                   FALSE);
    }
  return g_string_free (g_steal_pointer (&path), FALSE);
}

void
sd_platform_list_model_load_async (SdPlatformListModel *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;
  Load *load;

  g_return_if_fail (SD_IS_PLATFORM_LIST_MODEL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_platform_list_model_load_async);
  load = g_new0 (Load, 1);
  load->generation = ++self->generation;
  g_task_set_task_data (task, load, g_free);

  path = build_path (self);
  set_loading (self, TRUE);
  sd_platform_client_call_async (self->client, "GET", path, NULL, NULL, SD_PLATFORM_REQUEST_NONE,
                                 take_json, (GDestroyNotify) json_node_unref,
                                 sd_platform_list_model_load_async, cancellable, on_page, task);
}

gboolean
sd_platform_list_model_load_finish (SdPlatformListModel  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sd_platform_list_model_replace_item (SdPlatformListModel *self,
                                     gpointer             item)
{
  gint64 id = 0;

  g_return_val_if_fail (SD_IS_PLATFORM_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (item, item_type_of (self->kind)), FALSE);

  g_object_get (item, "id", &id, NULL);
  for (guint i = 0; i < self->items->len; i++)
    {
      gint64 other = 0;

      g_object_get (g_ptr_array_index (self->items, i), "id", &other, NULL);
      if (other == id)
        {
          g_object_unref (self->items->pdata[i]);
          self->items->pdata[i] = g_object_ref (item);
          g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
          return TRUE;
        }
    }
  return FALSE;
}
