/* main.c: sealdesk, the desktop app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "sd-application.h"

int
main (int   argc,
      char *argv[])
{
  /* A build's own translations (tests, build-aux/run-app.sh) */
  const char *localedir = g_getenv ("SEALDESK_LOCALEDIR");
  g_autoptr(SdApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = sd_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
