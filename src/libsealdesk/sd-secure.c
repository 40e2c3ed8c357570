/* sd-secure.c: handling secrets (passwords, PINs) in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <openssl/crypto.h>

#include "sd-error.h"
#include "sd-secure.h"

/* A password file larger than this is a mistake (wrong file given). */
#define MAX_SECRET_FILE_SIZE (64 * 1024)

void
sd_secure_wipe (gpointer data,
                gsize    length)
{
  if (data != NULL && length > 0)
    OPENSSL_cleanse (data, length);
}

void
sd_secure_free (char *secret)
{
  if (secret == NULL)
    return;
  sd_secure_wipe (secret, strlen (secret));
  g_free (secret);
}

SdSecret *
sd_read_secret_file (const char  *path,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  char *contents = NULL;
  gsize length = 0;
  gsize line_length;
  char *secret;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Cannot read the password file: %s"),
                   local_error->message);
      return NULL;
    }

  if (length > MAX_SECRET_FILE_SIZE)
    {
      sd_secure_wipe (contents, length);
      g_free (contents);
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("The password file “%s” is too large; it must hold only the password"),
                   display);
      return NULL;
    }

  /* The first line, without its "\n" or "\r\n" */
  for (line_length = 0; line_length < length; line_length++)
    if (contents[line_length] == '\n' || contents[line_length] == '\0')
      break;
  if (line_length > 0 && contents[line_length - 1] == '\r')
    line_length--;

  if (line_length == 0)
    {
      sd_secure_wipe (contents, length);
      g_free (contents);
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("The password file “%s” is empty"), display);
      return NULL;
    }

  secret = g_strndup (contents, line_length);
  sd_secure_wipe (contents, length);
  g_free (contents);
  return secret;
}

SdSecret *
sd_secret_from_env (const char  *name,
                    GError     **error)
{
  const char *value;

  g_return_val_if_fail (name != NULL, NULL);

  value = g_getenv (name);
  if (value == NULL || value[0] == '\0')
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("The environment variable %s that should hold the password is not set"),
                   name);
      return NULL;
    }
  return g_strdup (value);
}
