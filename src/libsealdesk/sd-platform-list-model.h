/* sd-platform-list-model.h: one page of a list on the platform server, as
 * a GListModel for list views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server filters and pages; the model holds the page last loaded and
 * the figures a pager shows (共 N 条, 10条/页, page n of m).  Setting
 * filters, the page or its size does not load by itself: call
 * sd_platform_list_model_load_async (the seeds' 查询 button).  The items
 * stay until the next page arrives, also when the session expires.
 */
#pragma once

#include <gio/gio.h>

#include "sd-platform-client.h"

G_BEGIN_DECLS

/* What is listed, with its item type and the filters the API takes
 * (query parameter names; values as strings, e.g. enabled=true). */
typedef enum
{
  SD_PLATFORM_LIST_ACCOUNTS,             /* SdPlatformAccount: login, name, enabled, kind,
                                          * role_id; sorts by login, name, kind, enabled,
                                          * created_at, updated_at */
  SD_PLATFORM_LIST_ROLES,                /* SdPlatformRole */
  SD_PLATFORM_LIST_BINDINGS,             /* SdPlatformBinding of the account @parent_id */
  SD_PLATFORM_LIST_ENTERPRISE_BINDINGS,  /* SdPlatformBinding: login, name, type */
  SD_PLATFORM_LIST_SEALS,                /* SdPlatformSeal: name, type, status */
  SD_PLATFORM_LIST_GRANTS,               /* SdPlatformGrant of the seal @parent_id:
                                          * account_id, status */
  SD_PLATFORM_LIST_USAGE,                /* SdPlatformUsageRecord of the seal @parent_id:
                                          * account_id, from, to */
  SD_PLATFORM_LIST_AUDIT,                /* SdPlatformAuditEntry: category, action, actor,
                                          * actor_id, outcome, from, to */
} SdPlatformListKind;

#define SD_TYPE_PLATFORM_LIST_KIND (sd_platform_list_kind_get_type ())
GType sd_platform_list_kind_get_type (void) G_GNUC_CONST;

#define SD_TYPE_PLATFORM_LIST_MODEL (sd_platform_list_model_get_type ())
G_DECLARE_FINAL_TYPE (SdPlatformListModel, sd_platform_list_model, SD, PLATFORM_LIST_MODEL,
                      GObject)

/* @parent_id: the account or seal the list belongs to, or 0 */
SdPlatformListModel *sd_platform_list_model_new         (SdPlatformClient    *client,
                                                         SdPlatformListKind   kind,
                                                         gint64               parent_id);
SdPlatformListKind   sd_platform_list_model_get_kind    (SdPlatformListModel *self);

/* @value NULL or "" removes the filter.  Changing a filter goes back to
 * page 1. */
void                 sd_platform_list_model_set_filter  (SdPlatformListModel *self,
                                                         const char          *name,
                                                         const char          *value);
const char          *sd_platform_list_model_get_filter  (SdPlatformListModel *self,
                                                         const char          *name);
/* 重置 */
void                 sd_platform_list_model_clear_filters (SdPlatformListModel *self);

/* The server sorts before it pages: @column is one the list sorts by
 * (see SdPlatformListKind), or NULL for the server's own order.  Filters
 * and their clearing leave it alone; changing it goes back to page 1. */
void                 sd_platform_list_model_set_sort    (SdPlatformListModel *self,
                                                         const char          *column,
                                                         gboolean             descending);
const char          *sd_platform_list_model_get_sort    (SdPlatformListModel *self,
                                                         gboolean            *descending);

/* From 1 */
void                 sd_platform_list_model_set_page    (SdPlatformListModel *self,
                                                         guint                page);
guint                sd_platform_list_model_get_page    (SdPlatformListModel *self);
/* 10, 20, 50 or 100; changing it goes back to page 1. */
void                 sd_platform_list_model_set_per_page (SdPlatformListModel *self,
                                                         guint                per_page);
guint                sd_platform_list_model_get_per_page (SdPlatformListModel *self);

/* Of the page last loaded: matches over all pages, and pages (at least 1) */
guint64              sd_platform_list_model_get_total   (SdPlatformListModel *self);
guint                sd_platform_list_model_get_n_pages (SdPlatformListModel *self);
gboolean             sd_platform_list_model_get_loading (SdPlatformListModel *self);

/* Loads the page with the current filters.  A load started later wins: an
 * earlier one still under way then ends with G_IO_ERROR_CANCELLED and
 * changes nothing.  On failure the items stay as they were. */
void                 sd_platform_list_model_load_async  (SdPlatformListModel *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean             sd_platform_list_model_load_finish (SdPlatformListModel *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* Puts @item (from an edit) in place of the item with the same id;
 * FALSE when the page does not show it. */
gboolean             sd_platform_list_model_replace_item (SdPlatformListModel *self,
                                                          gpointer             item);

G_END_DECLS
