/* sd-seal-choice.c: the seal a mode's dialog puts on the pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-document-view.h"
#include "sd-seal-choice.h"

static char *
seal_display_name (GFile *seal)
{
  return g_file_get_basename (seal);
}

void
sd_seal_choice_init (AdwComboRow *row,
                     GListModel  *seals,
                     GFile       *initial)
{
  g_autoptr(GtkExpression) name = NULL;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));
  g_return_if_fail (G_IS_LIST_MODEL (seals));

  name = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                      G_CALLBACK (seal_display_name), NULL, NULL);
  adw_combo_row_set_expression (row, name);
  adw_combo_row_set_model (row, seals);
  for (guint i = 0; initial != NULL && i < g_list_model_get_n_items (seals); i++)
    {
      g_autoptr(GFile) seal = g_list_model_get_item (seals, i);

      if (g_file_equal (seal, initial))
        adw_combo_row_set_selected (row, i);
    }
}

GFile *
sd_seal_choice_get_file (AdwComboRow *row)
{
  g_return_val_if_fail (ADW_IS_COMBO_ROW (row), NULL);

  return adw_combo_row_get_selected_item (row);
}

GdkTexture *
sd_seal_choice_load (AdwComboRow  *row,
                     double       *width_mm,
                     double       *height_mm,
                     GError      **error)
{
  GFile *seal = sd_seal_choice_get_file (row);
  GdkTexture *texture;

  if (seal == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("There is no seal in the palette yet: add one with “Add Seal…”."));
      return NULL;
    }
  texture = gdk_texture_new_from_file (seal, error);
  if (texture == NULL)
    return NULL;
  *width_mm = SD_DEFAULT_SEAL_WIDTH_MM;
  *height_mm = SD_DEFAULT_SEAL_WIDTH_MM * gdk_texture_get_height (texture)
               / MAX (1, gdk_texture_get_width (texture));
  return texture;
}
