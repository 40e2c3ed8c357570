/* sd-cli-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "sd-cli-common.h"
#include "sd-error.h"

void
sd_cli_init_locale (void)
{
  const char *localedir = g_getenv ("SEALDESK_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

int
sd_cli_fail (int         status,
             const char *message)
{
  g_printerr ("sealdesk-cli: %s\n", message);
  return status;
}

int
sd_cli_fail_error (int           status,
                   const GError *error)
{
  return sd_cli_fail (status, error->message);
}

gboolean
sd_cli_parse_pair (const char *text,
                   double     *first,
                   double     *second,
                   gboolean    second_optional)
{
  char *end;

  if (text == NULL)
    return FALSE;
  *first = g_ascii_strtod (text, &end);
  if (end == text)
    return FALSE;
  if (*end == '\0' && second_optional)
    {
      *second = 0;
      return TRUE;
    }
  if (*end != ',')
    return FALSE;
  text = end + 1;
  *second = g_ascii_strtod (text, &end);
  return end != text && *end == '\0';
}

char *
sd_cli_utf8 (const char *arg,
             GError    **error)
{
  if (arg == NULL || g_utf8_validate (arg, -1, NULL))
    return g_strdup (arg);
  return g_locale_to_utf8 (arg, -1, NULL, NULL, error);
}

static SdSecret *
read_from_terminal (const char *prompt,
                    GError    **error)
{
  struct termios saved, quiet;
  char buffer[1024];
  gboolean ok;
  gsize len;

  if (tcgetattr (STDIN_FILENO, &saved) != 0)
    return NULL;
  quiet = saved;
  quiet.c_lflag &= ~ECHO;
  g_printerr ("%s", prompt);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  ok = fgets (buffer, sizeof buffer, stdin) != NULL;
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  g_printerr ("\n");
  if (!ok)
    {
      sd_secure_wipe (buffer, sizeof buffer);
      g_set_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD, _("No password was entered."));
      return NULL;
    }
  len = strcspn (buffer, "\r\n");
  buffer[len] = '\0';
  {
    SdSecret *secret = g_strdup (buffer);

    sd_secure_wipe (buffer, sizeof buffer);
    return secret;
  }
}

SdSecret *
sd_cli_get_password (const char *file,
                     const char *env,
                     const char *prompt,
                     GError    **error)
{
  if (file != NULL)
    return sd_read_secret_file (file, error);
  if (env != NULL)
    return sd_secret_from_env (env, error);
  if (isatty (STDIN_FILENO))
    return read_from_terminal (prompt, error);
  return NULL;
}
