/* sd-test-chooser.c: the key chooser as the GUI tests drive it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "sd-test-chooser.h"
#include "sd-test-gui.h"

gpointer
sd_test_chooser_child (SdKeyChooser *chooser,
                       const char   *name)
{
  return sd_test_template_child (chooser, SD_TYPE_KEY_CHOOSER, name);
}

typedef struct
{
  SdKeyChooser *chooser;
  guint         n;
  gboolean      wrong;
} ChooserWait;

static gboolean
lists_certificates (gpointer data)
{
  ChooserWait *wait = data;
  GtkStack *stack = sd_test_chooser_child (wait->chooser, "stack");

  return sd_key_chooser_get_n_certificates (wait->chooser) == wait->n
         && g_strcmp0 (gtk_stack_get_visible_child_name (stack), "keys") == 0;
}

void
sd_test_chooser_wait_for_certificates (SdKeyChooser *chooser,
                                       guint         n,
                                       const char   *what)
{
  ChooserWait wait = { chooser, n, FALSE };

  sd_test_wait_until (lists_certificates, &wait, what);
}

void
sd_test_chooser_select (SdKeyChooser *chooser,
                        const char   *common_name)
{
  GtkWidget *list = sd_test_chooser_child (chooser, "certificate_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row)
        && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), common_name) == 0
        && gtk_list_box_row_get_selectable (GTK_LIST_BOX_ROW (row)))
      {
        gtk_list_box_select_row (GTK_LIST_BOX (list), GTK_LIST_BOX_ROW (row));
        g_assert_nonnull (sd_key_chooser_get_selected (chooser));
        g_assert_cmpstr (sd_key_chooser_get_selected (chooser)->common_name, ==, common_name);
        return;
      }
  g_error ("no selectable row for %s", common_name);
}

gboolean
sd_test_chooser_asks_pin (SdKeyChooser *chooser,
                          gboolean      wrong)
{
  return gtk_revealer_get_reveal_child (sd_test_chooser_child (chooser, "pin_revealer"))
         && gtk_widget_get_visible (sd_test_chooser_child (chooser, "pin_error_label")) == wrong;
}

static gboolean
asks_pin (gpointer data)
{
  ChooserWait *wait = data;

  return sd_test_chooser_asks_pin (wait->chooser, wait->wrong);
}

void
sd_test_chooser_wait_for_pin (SdKeyChooser *chooser,
                              gboolean      wrong,
                              const char   *what)
{
  ChooserWait wait = { chooser, 0, wrong };

  sd_test_wait_until (asks_pin, &wait, what);
}

void
sd_test_chooser_enter_pin (SdKeyChooser *chooser,
                           const char   *pin)
{
  gtk_editable_set_text (sd_test_chooser_child (chooser, "pin_entry"), pin);
  sd_test_click (sd_test_chooser_child (chooser, "pin_ok_button"));
  g_assert_cmpstr (gtk_editable_get_text (sd_test_chooser_child (chooser, "pin_entry")), ==, "");
}
