/* sd-http.c
 *
 * libsoup and what it links (Kerberos, SQLite, brotli, nghttp2, psl…) cost
 * every sealdesk-cli run 1.1 ms and 1.7 MB of memory before main(), and
 * only a timestamp or a revocation check needs them: they are loaded here,
 * the first time, instead.  Its synchronous API: signing already runs in a
 * worker thread (or a command-line tool).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dlfcn.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "sd-error.h"
#include "sd-http.h"

#define SOUP_SONAME "libsoup-3.0.so.0"

typedef struct
{
  __typeof__ (soup_message_new) *message_new;
  __typeof__ (soup_message_set_request_body_from_bytes) *set_request_body_from_bytes;
  __typeof__ (soup_message_get_status) *get_status;
  __typeof__ (soup_message_get_reason_phrase) *get_reason_phrase;
  __typeof__ (soup_session_new_with_options) *session_new_with_options;
  __typeof__ (soup_session_send_and_read) *send_and_read;
  char *failure;  /* why libsoup could not be loaded */
} Soup;

static gpointer
load_soup (gpointer data)
{
  Soup *soup = g_new0 (Soup, 1);
  /* Never closed: GLib types registered by libsoup must stay. */
  void *lib = dlopen (SOUP_SONAME, RTLD_NOW | RTLD_LOCAL);
  struct
  {
    const char *name;
    gpointer   *slot;
  } symbols[] = {
    { "soup_message_new", (gpointer *) &soup->message_new },
    { "soup_message_set_request_body_from_bytes", (gpointer *) &soup->set_request_body_from_bytes },
    { "soup_message_get_status", (gpointer *) &soup->get_status },
    { "soup_message_get_reason_phrase", (gpointer *) &soup->get_reason_phrase },
    { "soup_session_new_with_options", (gpointer *) &soup->session_new_with_options },
    { "soup_session_send_and_read", (gpointer *) &soup->send_and_read },
  };

  if (lib == NULL)
    {
      soup->failure = g_strdup (dlerror ());
      return soup;
    }
  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    if ((*symbols[i].slot = dlsym (lib, symbols[i].name)) == NULL)
      {
        soup->failure = g_strdup (dlerror ());
        return soup;
      }
  return soup;
}

GBytes *
sd_http_fetch (const char    *url,
               const char    *content_type,
               GBytes        *body,
               guint          timeout,
               GCancellable  *cancellable,
               guint         *status,
               char         **reason,
               GError       **error)
{
  static GOnce once = G_ONCE_INIT;
  const Soup *soup = g_once (&once, load_soup, NULL);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  GBytes *response;

  if (soup->failure != NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_FAILED,
                   _("Cannot load %s (%s): reinstall libsoup 3."), SOUP_SONAME, soup->failure);
      return NULL;
    }
  if ((msg = soup->message_new (body != NULL ? "POST" : "GET", url)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s", url);
      return NULL;
    }
  session = soup->session_new_with_options ("timeout", timeout, "idle-timeout", timeout,
                                            "user-agent", "SealDesk/" PACKAGE_VERSION, NULL);
  if (body != NULL)
    soup->set_request_body_from_bytes (msg, content_type, body);
  if ((response = soup->send_and_read (session, msg, cancellable, error)) == NULL)
    return NULL;
  *status = soup->get_status (msg);
  *reason = g_strdup (soup->get_reason_phrase (msg));
  return response;
}
