/* sd-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One window, three states: signing in, working offline, and the
 * platform's screens.  When the session ends the screens stay as they are
 * (filters and all) behind the sign-in page, and come back after it.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-window-private.h"

G_DEFINE_FINAL_TYPE (SdWindow, sd_window, ADW_TYPE_APPLICATION_WINDOW)

void
sd_window_add_toast (SdWindow   *self,
                     const char *message)
{
  g_return_if_fail (SD_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
on_session_expired (SdWindow         *self,
                    SdPlatformClient *client)
{
  sd_signin_page_sign_in_again (self->signin_page, client);
  gtk_stack_set_visible_child_name (self->stack, "signin");
}

static void
set_client (SdWindow         *self,
            SdPlatformClient *client)
{
  if (self->client == client)
    return;
  if (self->client != NULL)
    g_clear_signal_handler (&self->session_expired_id, self->client);
  g_set_object (&self->client, client);
  if (client != NULL)
    self->session_expired_id = g_signal_connect_object (client, "session-expired",
                                                        G_CALLBACK (on_session_expired), self,
                                                        G_CONNECT_SWAPPED);
}

static void
on_signed_in (SdWindow         *self,
              SdPlatformClient *client)
{
  SdPlatformSession *session = sd_platform_client_get_session (client);
  SdPlatformAccount *account = sd_platform_session_get_account (session);
  SdPlatformEnterprise *enterprise = sd_platform_session_get_enterprise (session);
  g_autofree char *subtitle = NULL;
  gboolean same_client = self->client == client;
  gboolean may_manage_roles = sd_platform_session_has_permission (session, "roles.manage");

  set_client (self, client);
  /* 角色管理 only for who may change roles; the server checks it anyway */
  gtk_widget_set_visible (self->roles_row, may_manage_roles);
  if (!may_manage_roles
      && g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "roles") == 0)
    {
      GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->sidebar, 0);

      gtk_list_box_select_row (self->sidebar, first);
      gtk_widget_activate (GTK_WIDGET (first));
    }
  /* "zirol · 百家医药有限公司": who is signed in, and where */
  subtitle = g_strdup_printf ("%s · %s", sd_platform_account_get_login (account),
                              sd_platform_enterprise_get_name (enterprise));
  adw_window_title_set_subtitle (self->content_title, subtitle);

  /* After a re-login the page keeps its filters and reloads the same page. */
  if (!same_client)
    {
      sd_accounts_page_set_client (self->accounts_page, client);
      sd_audit_page_set_client (self->audit_page, client);
      if (may_manage_roles)
        sd_roles_page_set_client (self->roles_page, client);
    }
  else
    {
      sd_accounts_page_reload (self->accounts_page);
      sd_audit_page_reload (self->audit_page);
      if (may_manage_roles)
        sd_roles_page_reload (self->roles_page);
    }
  /* the seals granted to the account; the usage records still waiting go */
  sd_seal_palette_set_client (sd_workstation_get_palette (self->workstation), client);
  gtk_stack_set_visible_child_name (self->stack, "platform");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_sidebar_row_activated (SdWindow      *self,
                          GtkListBoxRow *row)
{
  const char *name = gtk_widget_get_name (GTK_WIDGET (row));
  GtkStackPage *page;

  gtk_stack_set_visible_child_name (self->content_stack, name);
  page = gtk_stack_get_page (self->content_stack,
                             gtk_stack_get_visible_child (self->content_stack));
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

void
sd_window_connect (SdWindow   *self,
                   const char *url)
{
  g_return_if_fail (SD_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->stack, "signin");
  sd_signin_page_connect (self->signin_page, url);
}

void
sd_window_work_offline (SdWindow *self)
{
  g_return_if_fail (SD_IS_WINDOW (self));

  set_client (self, NULL);
  sd_seal_palette_set_client (sd_workstation_get_palette (self->workstation), NULL);
  gtk_stack_set_visible_child_name (self->stack, "offline");
}

void
_sd_window_sign_out (SdWindow *self)
{
  if (self->client != NULL)
    {
      /* The client forgets its token whatever the server says. */
      sd_platform_client_logout_async (self->client, NULL, NULL, NULL);
      sd_signin_page_signed_out (self->signin_page, self->client);
    }
  sd_seal_palette_set_client (sd_workstation_get_palette (self->workstation), NULL);
  gtk_stack_set_visible_child_name (self->stack, "signin");
}

void
sd_window_open_file (SdWindow *self,
                     GFile    *file)
{
  g_return_if_fail (SD_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  sd_workstation_open_file (self->workstation, file);
  gtk_stack_set_visible_child_name (self->stack, "workstation");
}

SdPlatformClient *
sd_window_get_client (SdWindow *self)
{
  g_return_val_if_fail (SD_IS_WINDOW (self), NULL);

  return self->client;
}

/* The last document closed: back to where the user came from */
static void
on_workstation_empty (SdWindow *self)
{
  gtk_stack_set_visible_child_name (self->stack, self->client != NULL ? "platform" : "offline");
}

static void
sd_window_dispose (GObject *object)
{
  SdWindow *self = SD_WINDOW (object);

  set_client (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_WINDOW);
  G_OBJECT_CLASS (sd_window_parent_class)->dispose (object);
}

static void
sd_window_finalize (GObject *object)
{
  SdWindow *self = SD_WINDOW (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sd_window_parent_class)->finalize (object);
}

static void
sd_window_class_init (SdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_window_dispose;
  object_class->finalize = sd_window_finalize;

  g_type_ensure (SD_TYPE_SIGNIN_PAGE);
  g_type_ensure (SD_TYPE_WORKSTATION);
  g_type_ensure (SD_TYPE_ACCOUNTS_PAGE);
  g_type_ensure (SD_TYPE_AUDIT_PAGE);
  g_type_ensure (SD_TYPE_ROLES_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sealdesk/SealDesk/sd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, signin_page);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, accounts_page);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, audit_page);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, roles_row);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, roles_page);
  gtk_widget_class_bind_template_callback (widget_class, on_signed_in);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, sd_window_work_offline);
  gtk_widget_class_bind_template_child (widget_class, SdWindow, workstation);
  gtk_widget_class_bind_template_callback (widget_class, on_workstation_empty);

  _sd_window_class_actions_init (klass);
}

static void
sd_window_init (SdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (SD_APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  gtk_list_box_select_row (self->sidebar, gtk_list_box_get_row_at_index (self->sidebar, 0));
  _sd_window_actions_init (self);
}

SdWindow *
sd_window_new (SdApplication *app)
{
  return g_object_new (SD_TYPE_WINDOW, "application", app, NULL);
}
