/* sd-key-sources.c: where the app looks for USB keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "sd-application.h"
#include "sd-key-sources.h"

struct _SdKeySources
{
  GStrv modules;
  GStrv skf_libraries;
};

SdKeySources *
sd_key_sources_new (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SD_APPLICATION_ID);
  SdKeySources *self = g_new0 (SdKeySources, 1);

  self->modules = g_settings_get_strv (settings, "pkcs11-modules");
  self->skf_libraries = g_settings_get_strv (settings, "skf-libraries");
  return self;
}

void
sd_key_sources_free (SdKeySources *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->modules);
  g_strfreev (self->skf_libraries);
  g_free (self);
}

/* The CA provider tables: the installed ones (XDG data dirs), a build
 * tree's own when run from one, and the user's on top */
static GStrv
provider_tables (void)
{
  g_autoptr(GStrvBuilder) files = g_strv_builder_new ();
  const char * const *dirs = g_get_system_data_dirs ();
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : NULL;
  g_autofree char *build_root = dir != NULL ? g_build_filename (dir, "..", "..", NULL) : NULL;
  g_autofree char *user = g_build_filename (g_get_user_config_dir (), "sealdesk",
                                            "ca-providers.ini", NULL);
  gsize n_dirs = g_strv_length ((char **) dirs);

  /* Later files replace earlier groups: the first data dir wins */
  for (gsize i = n_dirs; i > 0; i--)
    {
      g_autofree char *path = g_build_filename (dirs[i - 1], "sealdesk", "ca-providers.ini", NULL);

      g_strv_builder_add (files, path);
    }
  /* BUILD/src/app/sealdesk or BUILD/tests/app/test-app → BUILD/data */
  if (build_root != NULL)
    {
      g_autofree char *build_marker = g_build_filename (build_root, "meson-private", NULL);

      if (g_file_test (build_marker, G_FILE_TEST_IS_DIR))
        {
          g_autofree char *path = g_build_filename (build_root, "data", "ca-providers.ini", NULL);

          g_strv_builder_add (files, path);
        }
    }
  g_strv_builder_add (files, user);
  return g_strv_builder_end (files);
}

SdTokenDiagnostics *
sd_key_sources_diagnose (SdKeySources *self,
                         GCancellable *cancellable)
{
  g_auto(GStrv) tables = provider_tables ();
  g_autoptr(SdCaProviders) providers = NULL;
  g_autoptr(GError) error = NULL;
  SdTokenSources sources = { 0 };

  providers = sd_ca_providers_load ((const char * const *) tables, &error);
  if (providers == NULL)
    g_debug ("no CA provider table: %s", error->message);
  sources.registered_modules = TRUE;
  sources.modules = self->modules;
  sources.skf_libraries = self->skf_libraries;
  sources.providers = providers;
  return sd_token_diagnostics_run (&sources, cancellable);
}
