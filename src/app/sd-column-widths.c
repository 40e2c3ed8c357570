/* sd-column-widths.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A drag changes a column's fixed width many times a second: the widths
 * are written once it has been still for a moment.
 */
#include "config.h"

#include "sd-application.h"
#include "sd-column-widths.h"

#define SAVE_DELAY_MS 500

typedef struct
{
  GtkColumnView *view;
  GSettings     *settings;
  char          *view_id;
  guint          save_id;
} Tracker;

static void
tracker_free (Tracker *tracker)
{
  g_clear_handle_id (&tracker->save_id, g_source_remove);
  g_object_unref (tracker->settings);
  g_free (tracker->view_id);
  g_free (tracker);
}

static const char *
column_id (GtkColumnViewColumn *column)
{
  return g_object_get_data (G_OBJECT (column), "sd-column-id");
}

void
sd_column_widths_set_id (GtkColumnViewColumn *column,
                         const char          *id)
{
  g_return_if_fail (GTK_IS_COLUMN_VIEW_COLUMN (column));

  g_object_set_data_full (G_OBJECT (column), "sd-column-id", g_strdup (id), g_free);
}

/* The saved widths of the other tables stay as they are. */
static gboolean
save (gpointer user_data)
{
  Tracker *tracker = user_data;
  g_autoptr(GVariant) saved = g_settings_get_value (tracker->settings, "column-widths");
  g_autofree char *prefix = g_strconcat (tracker->view_id, ".", NULL);
  GListModel *columns = gtk_column_view_get_columns (tracker->view);
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  int width;

  tracker->save_id = 0;
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{si}"));
  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "{&si}", &key, &width))
    if (!g_str_has_prefix (key, prefix))
      g_variant_builder_add (&builder, "{si}", key, width);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      int fixed = gtk_column_view_column_get_fixed_width (column);

      if (column_id (column) != NULL && fixed > 0)
        {
          g_autofree char *name = g_strconcat (prefix, column_id (column), NULL);

          g_variant_builder_add (&builder, "{si}", name, fixed);
        }
    }
  g_settings_set_value (tracker->settings, "column-widths", g_variant_builder_end (&builder));
  return G_SOURCE_REMOVE;
}

static void
on_width_changed (GtkColumnView *view)
{
  Tracker *tracker = g_object_get_data (G_OBJECT (view), "sd-column-widths");

  g_clear_handle_id (&tracker->save_id, g_source_remove);
  tracker->save_id = g_timeout_add (SAVE_DELAY_MS, save, tracker);
}

/* Written at once when the table goes, not lost with the timeout */
static void
on_unrealize (Tracker *tracker)
{
  if (tracker->save_id != 0)
    save (tracker);
}

void
sd_column_widths_track (GtkColumnView *view,
                        const char    *view_id)
{
  Tracker *tracker;
  g_autoptr(GVariant) saved = NULL;
  GListModel *columns;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (view));

  tracker = g_new0 (Tracker, 1);
  tracker->view = view;
  tracker->settings = g_settings_new (SD_APPLICATION_ID);
  tracker->view_id = g_strdup (view_id);
  g_object_set_data_full (G_OBJECT (view), "sd-column-widths", tracker,
                          (GDestroyNotify) tracker_free);
  g_signal_connect_swapped (view, "unrealize", G_CALLBACK (on_unrealize), tracker);

  saved = g_settings_get_value (tracker->settings, "column-widths");
  columns = gtk_column_view_get_columns (view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      g_autofree char *name = NULL;
      int width;

      if (column_id (column) == NULL)
        continue;
      name = g_strconcat (view_id, ".", column_id (column), NULL);
      if (g_variant_lookup (saved, name, "i", &width) && width > 0)
        gtk_column_view_column_set_fixed_width (column, width);
      /* A column can outlive its view */
      g_signal_connect_object (column, "notify::fixed-width", G_CALLBACK (on_width_changed), view,
                               G_CONNECT_SWAPPED);
    }
}
