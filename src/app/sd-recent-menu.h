/* sd-recent-menu.h: the documents opened lately, as a menu ("open recent")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SD_TYPE_RECENT_MENU (sd_recent_menu_get_type ())
G_DECLARE_FINAL_TYPE (SdRecentMenu, sd_recent_menu, SD, RECENT_MENU, GObject)

/* Items activate @action_name (a string action) with the file's URI. */
SdRecentMenu *sd_recent_menu_new       (const char   *action_name);
/* The PDFs SealDesk opened or signed, newest first, those still there */
GMenuModel   *sd_recent_menu_get_model (SdRecentMenu *self);

/* Adds @file (a PDF opened or signed) to the user's recent files. */
void          sd_recent_menu_add_file  (GFile        *file);

G_END_DECLS
