/* sd-recent-menu.c: the documents opened lately, as a menu ("open recent")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desktop's recent files (GtkRecentManager) are shared with every
 * application: the menu shows only the PDFs that SealDesk put there.
 */
#include "config.h"

#include "sd-recent-menu.h"

/* How SealDesk signs its entries in the recent files */
#define RECENT_APP_NAME "SealDesk"
#define MAX_ITEMS 10

struct _SdRecentMenu
{
  GObject           parent_instance;

  char             *action_name;
  GtkRecentManager *manager;
  GMenu            *menu;
};

G_DEFINE_FINAL_TYPE (SdRecentMenu, sd_recent_menu, G_TYPE_OBJECT)

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  GDateTime *ta = gtk_recent_info_get_modified (*(GtkRecentInfo **) a);
  GDateTime *tb = gtk_recent_info_get_modified (*(GtkRecentInfo **) b);

  return g_date_time_compare (tb, ta);
}

static void
rebuild (SdRecentMenu *self)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  GList *items = gtk_recent_manager_get_items (self->manager);
  guint n = 0;

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (gtk_recent_info_has_application (info, RECENT_APP_NAME)
          && g_strcmp0 (gtk_recent_info_get_mime_type (info), "application/pdf") == 0
          && gtk_recent_info_exists (info))
        g_ptr_array_add (infos, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  g_ptr_array_sort (infos, newest_first);

  g_menu_remove_all (self->menu);
  for (guint i = 0; i < infos->len && n < MAX_ITEMS; i++, n++)
    {
      GtkRecentInfo *info = g_ptr_array_index (infos, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);

      g_menu_item_set_action_and_target (item, self->action_name, "s",
                                         gtk_recent_info_get_uri (info));
      g_menu_append_item (self->menu, item);
    }
}

static void
sd_recent_menu_finalize (GObject *object)
{
  SdRecentMenu *self = SD_RECENT_MENU (object);

  g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->menu);
  g_free (self->action_name);
  G_OBJECT_CLASS (sd_recent_menu_parent_class)->finalize (object);
}

static void
sd_recent_menu_class_init (SdRecentMenuClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_recent_menu_finalize;
}

static void
sd_recent_menu_init (SdRecentMenu *self)
{
  self->menu = g_menu_new ();
  self->manager = gtk_recent_manager_get_default ();
}

SdRecentMenu *
sd_recent_menu_new (const char *action_name)
{
  SdRecentMenu *self = g_object_new (SD_TYPE_RECENT_MENU, NULL);

  self->action_name = g_strdup (action_name);
  g_signal_connect_swapped (self->manager, "changed", G_CALLBACK (rebuild), self);
  rebuild (self);
  return self;
}

GMenuModel *
sd_recent_menu_get_model (SdRecentMenu *self)
{
  g_return_val_if_fail (SD_IS_RECENT_MENU (self), NULL);

  return G_MENU_MODEL (self->menu);
}

void
sd_recent_menu_add_file (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkRecentData data = {
    .mime_type = (char *) "application/pdf",
    .app_name = (char *) RECENT_APP_NAME,
    .app_exec = (char *) "sealdesk %u",
  };

  g_return_if_fail (G_IS_FILE (file));

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}
