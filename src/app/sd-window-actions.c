/* sd-window-actions.c: the window's actions (win.*) and their shortcuts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sd-window-private.h"

static void
sign_out (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  _sd_window_sign_out (SD_WINDOW (widget));
}

static void
show_signin (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SdWindow *self = SD_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->stack, "signin");
}

/* Ctrl+O anywhere: a document to sign */
static void
open_document (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SdWindow *self = SD_WINDOW (widget);

  sd_workstation_choose_files (self->workstation);
}

static void
show_sidebar (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SdWindow *self = SD_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Ctrl+F: the first filter of the screen shown */
static void
focus_filter (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SdWindow *self = SD_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "platform") != 0)
    return;
  if (g_strcmp0 (page, "audit") == 0)
    sd_audit_page_focus_filter (self->audit_page);
  else if (g_strcmp0 (page, "accounts") == 0)
    sd_accounts_page_focus_filter (self->accounts_page);
}

/* Ctrl+N: 新增 on the screen shown (an account, or a role) */
static void
add_new (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  SdWindow *self = SD_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "platform") != 0)
    return;
  if (g_strcmp0 (page, "accounts") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self->accounts_page), "accounts.add", NULL);
  else if (g_strcmp0 (page, "roles") == 0)
    gtk_widget_activate_action (GTK_WIDGET (self->roles_page), "roles.add", NULL);
}

static void
update_actions (SdWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  gboolean on_platform = g_strcmp0 (name, "platform") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", on_platform);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.focus-filter", on_platform);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new", on_platform);
}

void
_sd_window_class_actions_init (SdWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out);
  gtk_widget_class_install_action (widget_class, "win.show-signin", NULL, show_signin);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_document);
  gtk_widget_class_install_action (widget_class, "win.focus-filter", NULL, focus_filter);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, add_new);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.focus-filter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
}

void
_sd_window_actions_init (SdWindow *self)
{
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  update_actions (self);
}
