/* sd-column-widths.h: the widths the user gave a table's columns, kept in
 * GSettings ("column-widths") from one run to the next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Names @column for the settings: "login" */
void sd_column_widths_set_id (GtkColumnViewColumn *column,
                              const char          *id);
/* Gives the columns of @view that have an id the widths saved under
 * "@view_id.<column id>", then saves the widths the user drags them to. */
void sd_column_widths_track  (GtkColumnView       *view,
                              const char          *view_id);

G_END_DECLS
