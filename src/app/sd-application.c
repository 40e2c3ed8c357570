/* sd-application.c: command line, application actions and windows
 *
 * AdwApplication loads style.css from the resource base path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-application.h"
#include "sd-window.h"

struct _SdApplication
{
  AdwApplication  parent_instance;

  char           *platform_url;  /* --platform, for this run only */
  gboolean        offline;       /* --offline */
};

G_DEFINE_FINAL_TYPE (SdApplication, sd_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "platform", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect to the platform at URL instead of the remembered one"), N_("URL") },
  { "offline", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Work without a platform"), NULL },
  { NULL }
};

static int
sd_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  SdApplication *self = SD_APPLICATION (app);

  g_variant_dict_lookup (options, "platform", "s", &self->platform_url);
  g_variant_dict_lookup (options, "offline", "b", &self->offline);
  return -1;
}

static void
sd_application_activate (GApplication *app)
{
  SdApplication *self = SD_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (sd_window_new (self));
      if (self->offline)
        sd_window_work_offline (SD_WINDOW (window));
      else if (self->platform_url != NULL)
        sd_window_connect (SD_WINDOW (window), self->platform_url);
    }
  gtk_window_present (window);
}

/* sealdesk FILE.pdf …: the workstation with each of them */
static void
sd_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  GtkWindow *window;

  sd_application_activate (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  for (int i = 0; i < n_files; i++)
    sd_window_open_file (SD_WINDOW (window), files[i]);
}

static void
on_about (GSimpleAction *action,
          GVariant      *param,
          gpointer       user_data)
{
  GtkApplication *app = user_data;

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("SealDesk"),
                         "application-icon", SD_APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
on_quit (GSimpleAction *action,
         GVariant      *param,
         gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", on_about },
  { "quit", on_quit },
};

static void
sd_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (sd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
sd_application_finalize (GObject *object)
{
  SdApplication *self = SD_APPLICATION (object);

  g_free (self->platform_url);
  G_OBJECT_CLASS (sd_application_parent_class)->finalize (object);
}

static void
sd_application_class_init (SdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = sd_application_finalize;
  app_class->handle_local_options = sd_application_handle_local_options;
  app_class->startup = sd_application_startup;
  app_class->activate = sd_application_activate;
  app_class->open = sd_application_open;
}

static void
sd_application_init (SdApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Electronic seals for enterprises"));
}

SdApplication *
sd_application_new (void)
{
  return g_object_new (SD_TYPE_APPLICATION,
                       "application-id", SD_APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/sealdesk/SealDesk",
                       NULL);
}
