/* sealdesk-platform: the reference platform server of SealDesk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * sealdesk-platform --data DIR --listen HOST:PORT [--demo]
 *                   [--tls-cert FILE --tls-key FILE] [--pg CONNINFO]
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "sd-platform-demo.h"
#include "sd-platform-password.h"
#include "sd-platform-server.h"
#include "sd-platform-store.h"

/* Source addresses each rate limit remembers */
#define RATE_LIMIT_ADDRESSES 8192

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* "127.0.0.1:8443", "[::1]:8443" */
static gboolean
parse_listen (const char  *text,
              char       **host,
              guint       *port,
              GError     **error)
{
  const char *colon = strrchr (text, ':');
  guint64 number = 0;

  if (colon == NULL || colon == text
      || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &number, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--listen wants HOST:PORT, not “%s”"), text);
      return FALSE;
    }
  if (text[0] == '[' && colon[-1] == ']')
    *host = g_strndup (text + 1, (gsize) (colon - text - 2));
  else
    *host = g_strndup (text, (gsize) (colon - text));
  *port = (guint) number;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *pg = NULL;
  g_autofree char *host = NULL;
  g_autofree char *url = NULL;
  gboolean demo = FALSE;
  gboolean allow_registration = FALSE;
  gint threads = 0;
  gint session_hours = 8;
  gint scrypt_log_n = SD_PASSWORD_DEFAULT_LOG_N;
  gint lockout_threshold = 5;
  gint lockout_minutes = 15;
  gint max_body_kib = 4096;
  gint login_rate = 60;
  guint port = 0;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      N_("Directory of the SQLite database and the demo files"), N_("DIR") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      N_("Address and port to listen on (default 127.0.0.1:8080)"), N_("HOST:PORT") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo,
      N_("Create the demo enterprise (once) and print its login"), NULL },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert,
      N_("PEM certificate (chain) for HTTPS"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, N_("PEM private key for HTTPS"),
      N_("FILE") },
    { "pg", 0, 0, G_OPTION_ARG_STRING, &pg,
      N_("Use PostgreSQL (a libpq connection string; put the password in PGPASSFILE, not here)"),
      N_("CONNINFO") },
    { "allow-registration", 0, 0, G_OPTION_ARG_NONE, &allow_registration,
      N_("Let enterprises register themselves (POST /api/v1/enterprises)"), NULL },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads,
      N_("Worker threads and database connections (default: 2 per processor, at least 4)"),
      N_("N") },
    { "session-hours", 0, 0, G_OPTION_ARG_INT, &session_hours,
      N_("How long a session lasts (default 8)"), N_("HOURS") },
    { "scrypt-log-n", 0, 0, G_OPTION_ARG_INT, &scrypt_log_n,
      N_("Password hashing cost: scrypt N = 2^LOG_N (14–20, default 15)"), N_("LOG_N") },
    { "lockout-threshold", 0, 0, G_OPTION_ARG_INT, &lockout_threshold,
      N_("Failed logins in a row that lock an account (default 5)"), N_("N") },
    { "lockout-minutes", 0, 0, G_OPTION_ARG_INT, &lockout_minutes,
      N_("How long a locked account stays locked (default 15)"), N_("MINUTES") },
    { "max-body-kib", 0, 0, G_OPTION_ARG_INT, &max_body_kib,
      N_("Largest request body accepted (default 4096)"), N_("KIB") },
    { "login-rate", 0, 0, G_OPTION_ARG_INT, &login_rate,
      N_("Password logins, and login challenges, one source address may ask for a minute "
         "(each; default 60, 0: no limit)"), N_("N") },
    { NULL },
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPlatformStore) store = NULL;
  g_autoptr(SdPlatformRateLimit) challenge_limit = NULL;
  g_autoptr(SdPlatformRateLimit) login_limit = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  SdPlatformServer *server;
  SdPlatformConfig config = { 0 };
  const char *localedir = g_getenv ("SEALDESK_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* No textdomain(): requests pick their language themselves. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("The SealDesk platform server: accounts, roles, "
                                           "certificate bindings, CA login, seals and the audit "
                                           "log over a REST API."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("sealdesk-platform: %s\n", error->message);
      return 2;
    }
  if (data_dir == NULL)
    {
      g_printerr ("sealdesk-platform: %s\n", _("--data DIR is required"));
      return 2;
    }
  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("sealdesk-platform: %s\n", _("--tls-cert and --tls-key go together"));
      return 2;
    }
  if (scrypt_log_n < SD_PASSWORD_MIN_LOG_N || scrypt_log_n > 20 || session_hours < 1
      || lockout_threshold < 1 || lockout_minutes < 1 || max_body_kib < 64 || login_rate < 0
      || threads < 0 || threads > 256)
    {
      g_printerr ("sealdesk-platform: %s\n", _("An option is out of its range; see --help"));
      return 2;
    }
  if (!parse_listen (listen != NULL ? listen : "127.0.0.1:8080", &host, &port, &error))
    {
      g_printerr ("sealdesk-platform: %s\n", error->message);
      return 2;
    }
  if (threads == 0)
    threads = MAX (4, 2 * (gint) g_get_num_processors ());

  if (tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (tls_cert, tls_key, &error);
      if (certificate == NULL)
        {
          g_printerr ("sealdesk-platform: %s\n", error->message);
          return 1;
        }
    }

  sd_password_init (g_get_num_processors ());
  if (pg != NULL)
    store = sd_platform_store_open_pg (pg, (guint) threads, &error);
  else
    store = sd_platform_store_open_sqlite (data_dir, (guint) threads, &error);
  if (store == NULL)
    {
      g_printerr ("sealdesk-platform: %s\n", error->message);
      return 1;
    }

  config.store = store;
  config.scrypt_log_n = (guint) scrypt_log_n;
  config.session_seconds = (gint64) session_hours * 3600;
  config.lockout_threshold = (guint) lockout_threshold;
  config.lockout_seconds = (gint64) lockout_minutes * 60;
  config.allow_registration = allow_registration;
  config.max_body = (gsize) max_body_kib * 1024;
  challenge_limit = sd_platform_rate_limit_new ((guint) login_rate, RATE_LIMIT_ADDRESSES);
  login_limit = sd_platform_rate_limit_new ((guint) login_rate, RATE_LIMIT_ADDRESSES);
  config.challenge_limit = challenge_limit;
  config.login_limit = login_limit;

  if (demo)
    {
      g_autoptr(SdSecret) password = sd_platform_demo_create (&config, data_dir, &error);

      if (password == NULL)
        {
          g_printerr ("sealdesk-platform: %s\n", error->message);
          return 1;
        }
      printf ("demo: login=%s password=%s\n", SD_PLATFORM_DEMO_LOGIN, password);
      fflush (stdout);
    }

  server = sd_platform_server_new (&config, (guint) threads, certificate, &error);
  if (server == NULL || !sd_platform_server_listen (server, host, port, &error))
    {
      g_printerr ("sealdesk-platform: %s\n", error->message);
      sd_platform_server_free (server);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_loop, loop);
  g_unix_signal_add (SIGTERM, quit_loop, loop);
  url = sd_platform_server_get_url (server);
  printf ("sealdesk-platform: ready at %s (%s, %d threads)\n", url,
          sd_platform_store_get_backend_name (store), threads);
  fflush (stdout);

  g_main_loop_run (loop);
  sd_platform_server_free (server);
  return 0;
}
