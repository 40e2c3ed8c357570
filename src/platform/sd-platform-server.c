/* sd-platform-server.c: the HTTP side of sealdesk-platform
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "sd-platform-api.h"
#include "sd-platform-auth.h"
#include "sd-platform-server.h"

#define API_PREFIX "/api/v1"
#define LISTEN_BACKLOG 1024

struct _SdPlatformServer
{
  const SdPlatformConfig *config;
  SoupServer             *soup;
  /* Workers of our own rather than a GThreadPool: they are joined at
   * shutdown, so their thread-local state (OpenSSL's DRBGs) is gone before
   * the process ends. */
  GAsyncQueue            *jobs;
  GPtrArray              *workers;
  GMainContext           *context;
  GPtrArray              *routes;     /* const SdPlatformRoute * */
  locale_t                zh_locale;
  locale_t                en_locale;
};

typedef struct
{
  SdPlatformServer   *server;
  SoupServerMessage  *message;
  SdPlatformRequest  *request;
  SdPlatformLanguage  language;
} Job;

/* --- language ------------------------------------------------------------ */

SdPlatformLanguage
sd_platform_language_from_header (const char *accept_language)
{
  g_auto(GStrv) ranges = NULL;
  SdPlatformLanguage best = SD_PLATFORM_LANGUAGE_ZH;
  double best_q = -1;

  if (accept_language == NULL)
    return SD_PLATFORM_LANGUAGE_ZH;
  ranges = g_strsplit (accept_language, ",", 32);
  for (guint i = 0; ranges[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (ranges[i], ";", 4);
      const char *tag = g_strstrip (parts[0]);
      SdPlatformLanguage language;
      double q = 1.0;

      if (g_ascii_strncasecmp (tag, "zh", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'))
        language = SD_PLATFORM_LANGUAGE_ZH;
      else if (g_ascii_strncasecmp (tag, "en", 2) == 0 && (tag[2] == '\0' || tag[2] == '-'))
        language = SD_PLATFORM_LANGUAGE_EN;
      else
        continue;
      for (guint j = 1; parts[j] != NULL; j++)
        {
          const char *parameter = g_strstrip (parts[j]);

          if (g_str_has_prefix (parameter, "q="))
            q = g_ascii_strtod (parameter + 2, NULL);
        }
      if (q > best_q)
        {
          best_q = q;
          best = language;
        }
    }
  return best_q > 0 ? best : SD_PLATFORM_LANGUAGE_ZH;
}

static locale_t
language_locale (SdPlatformServer   *server,
                 SdPlatformLanguage  language)
{
  return language == SD_PLATFORM_LANGUAGE_EN ? server->en_locale : server->zh_locale;
}

/* --- routing ------------------------------------------------------------- */

static gboolean
match_pattern (const char        *pattern,
               char             **segments,
               SdPlatformRequest *request)
{
  g_auto(GStrv) parts = g_strsplit (pattern, "/", -1);
  guint n = 0;

  request->n_ids = 0;
  for (n = 0; parts[n] != NULL; n++)
    {
      if (segments[n] == NULL)
        return FALSE;
      if (strcmp (parts[n], "#") == 0)
        {
          const char *s = segments[n];
          guint64 id;

          if (s[0] == '\0' || strlen (s) > 18 || request->n_ids >= G_N_ELEMENTS (request->ids))
            return FALSE;
          for (const char *p = s; *p != '\0'; p++)
            if (!g_ascii_isdigit (*p))
              return FALSE;
          id = g_ascii_strtoull (s, NULL, 10);
          if (id == 0)
            return FALSE;
          request->ids[request->n_ids++] = (gint64) id;
        }
      else if (strcmp (parts[n], segments[n]) != 0)
        {
          return FALSE;
        }
    }
  return segments[n] == NULL;
}

/* The route for @request, or NULL with @error set (404 or 405). */
static const SdPlatformRoute *
find_route (SdPlatformServer   *server,
            SdPlatformRequest  *request,
            GError            **error)
{
  g_auto(GStrv) segments = g_strsplit (request->path, "/", 16);
  g_autoptr(GString) allowed = g_string_new (NULL);

  for (guint i = 0; i < server->routes->len; i++)
    {
      const SdPlatformRoute *route = g_ptr_array_index (server->routes, i);

      if (!match_pattern (route->pattern, segments, request))
        continue;
      if (strcmp (route->method, request->method) == 0)
        return route;
      if (allowed->len > 0)
        g_string_append (allowed, ", ");
      g_string_append (allowed, route->method);
    }
  if (allowed->len > 0)
    {
      sd_platform_add_header (request, "Allow", allowed->str);
      sd_platform_fail (request, error, SD_API_ERROR_METHOD_NOT_ALLOWED, NULL);
    }
  else
    {
      sd_platform_fail (request, error, SD_API_ERROR_NOT_FOUND, NULL);
    }
  return NULL;
}

static gboolean
dispatch (SdPlatformServer   *server,
          SdPlatformRequest  *request,
          GError            **error)
{
  const SdPlatformRoute *route = find_route (server, request, error);

  if (route == NULL)
    return FALSE;
  if (!request->query_is_text)
    return sd_platform_fail_message (request, error, SD_API_ERROR_INVALID_PARAMETER, NULL,
                                     _("The query string is not valid UTF-8."));

  switch (route->auth)
    {
    case SD_ROUTE_PUBLIC:
      break;
    case SD_ROUTE_OPTIONAL:
      if (request->authorization != NULL && !sd_platform_authenticate (request, error))
        return FALSE;
      break;
    case SD_ROUTE_SESSION:
    case SD_ROUTE_SESSION_ANY:
      if (!sd_platform_authenticate (request, error))
        return FALSE;
      if (route->auth == SD_ROUTE_SESSION && request->caller.must_change_password)
        return sd_platform_fail (request, error, SD_API_ERROR_PASSWORD_CHANGE_REQUIRED, NULL);
      break;
    default:
      g_assert_not_reached ();
    }
  return route->handler (request, error);
}

/* --- worker ------------------------------------------------------------- */

static void
job_free (Job *job)
{
  g_object_unref (job->message);
  sd_platform_request_free (job->request);
  g_free (job);
}

static void
set_response (SoupServerMessage *message,
              SdPlatformRequest *request,
              SdPlatformLanguage language)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_server_message_set_status (message, request->status, NULL);
  for (guint i = 0; i + 1 < request->response_headers->len; i += 2)
    soup_message_headers_append (headers, g_ptr_array_index (request->response_headers, i),
                                 g_ptr_array_index (request->response_headers, i + 1));
  soup_message_headers_replace (headers, "Content-Language",
                                language == SD_PLATFORM_LANGUAGE_EN ? "en" : "zh-CN");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  if (request->response_body != NULL)
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (request->response_body, &length);

      soup_server_message_set_response (message, request->response_type, SOUP_MEMORY_COPY,
                                        data, length);
    }
}

static gboolean
finish_job (gpointer user_data)
{
  Job *job = user_data;

  set_response (job->message, job->request, job->language);
  soup_server_message_unpause (job->message);
  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
run_job (Job *job)
{
  SdPlatformServer *server = job->server;
  g_autoptr(GError) error = NULL;
  locale_t previous = uselocale (language_locale (server, job->language));

  if (!dispatch (server, job->request, &error))
    sd_platform_respond_error (job->request, error);
  else if (job->request->status == 0)
    sd_platform_respond_empty (job->request, 204);
  uselocale (previous);

  g_main_context_invoke (server->context, finish_job, job);
}

/* The job that tells a worker to stop */
static Job stop_job;

static gpointer
worker (gpointer data)
{
  SdPlatformServer *server = data;
  Job *job;

  while ((job = g_async_queue_pop (server->jobs)) != &stop_job)
    run_job (job);
  return NULL;
}

/* --- SoupServer callbacks ----------------------------------------------- */

/* FALSE when a parameter is not UTF-8 text */
static gboolean
copy_query (SdPlatformRequest *request,
            GHashTable        *query)
{
  GHashTableIter iter;
  gpointer key, value;

  if (query == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_utf8_validate (key, -1, NULL) || !g_utf8_validate (value, -1, NULL))
        return FALSE;
      g_hash_table_replace (request->query, g_strdup (key), g_strdup (value));
    }
  return TRUE;
}

/* Answers at once, in the main thread (used for errors found before the
 * body is read). */
static void
respond_now (SdPlatformServer  *server,
             SoupServerMessage *message,
             SdApiError    code)
{
  g_autoptr(SdPlatformRequest) request = sd_platform_request_new (server->config);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  SdPlatformLanguage language =
    sd_platform_language_from_header (soup_message_headers_get_one (headers, "Accept-Language"));
  locale_t previous = uselocale (language_locale (server, language));

  request->method = g_strdup (soup_server_message_get_method (message));
  request->path = g_strdup (g_uri_get_path (soup_server_message_get_uri (message)));
  sd_platform_fail (request, &error, code, NULL);
  sd_platform_respond_error (request, error);
  uselocale (previous);
  set_response (message, request, language);
}

static void
got_chunk (SoupServerMessage *message,
           GBytes            *chunk,
           gpointer           user_data)
{
  SdPlatformServer *server = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (message);

  if (soup_server_message_get_status (message) != 0)
    return;
  if ((gsize) body->length > server->config->max_body)
    {
      /* Stop keeping the body and close the connection after the answer. */
      soup_message_body_set_accumulate (body, FALSE);
      soup_message_body_truncate (body);
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Connection", "close");
      respond_now (server, message, SD_API_ERROR_BODY_TOO_LARGE);
    }
}

static void
early_handler (SoupServer        *soup,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SdPlatformServer *server = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  goffset length = soup_message_headers_get_content_length (headers);

  if (length > (goffset) server->config->max_body)
    {
      soup_message_body_set_accumulate (soup_server_message_get_request_body (message), FALSE);
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Connection", "close");
      respond_now (server, message, SD_API_ERROR_BODY_TOO_LARGE);
      return;
    }
  /* Chunked bodies have no length up front: count as they come. */
  g_signal_connect (message, "got-chunk", G_CALLBACK (got_chunk), server);
}

static void
api_handler (SoupServer        *soup,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  SdPlatformServer *server = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  Job *job = g_new0 (Job, 1);
  SdPlatformRequest *request = sd_platform_request_new (server->config);
  const char *rest = path + strlen (API_PREFIX);
  g_autoptr(GBytes) flat = NULL;
  gsize n;

  while (*rest == '/')
    rest++;
  request->method = g_strdup (soup_server_message_get_method (message));
  request->path = g_strdup (rest);
  n = strlen (request->path);
  while (n > 0 && request->path[n - 1] == '/')
    request->path[--n] = '\0';
  request->query_is_text = copy_query (request, query);
  flat = soup_message_body_flatten (body);
  request->body = g_bytes_ref (flat);
  request->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  request->if_match = g_strdup (soup_message_headers_get_one (headers, "If-Match"));
  request->remote_address = g_strdup (soup_server_message_get_remote_host (message));

  job->server = server;
  job->message = g_object_ref (message);
  job->request = request;
  job->language =
    sd_platform_language_from_header (soup_message_headers_get_one (headers, "Accept-Language"));

  soup_server_message_pause (message);
  g_async_queue_push (server->jobs, job);
}

static void
other_handler (SoupServer        *soup,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  respond_now (user_data, message, SD_API_ERROR_NOT_FOUND);
}

/* --- life cycle --------------------------------------------------------- */

static void
add_routes (GPtrArray             *all,
            const SdPlatformRoute *routes,
            guint                  n_routes)
{
  for (guint i = 0; i < n_routes; i++)
    g_ptr_array_add (all, (gpointer) &routes[i]);
}

static locale_t
open_locale (const char *name)
{
  locale_t locale = newlocale (LC_ALL_MASK, name, (locale_t) 0);

  if (locale == (locale_t) 0)
    {
      g_warning ("The locale %s is not installed; messages will be in English", name);
      locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
    }
  return locale;
}

SdPlatformServer *
sd_platform_server_new (const SdPlatformConfig *config,
                        guint                   n_threads,
                        GTlsCertificate        *tls_certificate,
                        GError                **error)
{
  SdPlatformServer *server = g_new0 (SdPlatformServer, 1);
  const SdPlatformRoute *routes;
  guint n;

  server->config = config;
  server->context = g_main_context_ref_thread_default ();
  server->routes = g_ptr_array_new ();
  routes = sd_platform_meta_routes (&n);
  add_routes (server->routes, routes, n);
  routes = sd_platform_session_routes (&n);
  add_routes (server->routes, routes, n);
  routes = sd_platform_enterprise_routes (&n);
  add_routes (server->routes, routes, n);
  routes = sd_platform_account_routes (&n);
  add_routes (server->routes, routes, n);
  routes = sd_platform_role_routes (&n);
  add_routes (server->routes, routes, n);
  routes = sd_platform_binding_routes (&n);
  add_routes (server->routes, routes, n);
  routes = sd_platform_seal_routes (&n);
  add_routes (server->routes, routes, n);
  routes = sd_platform_audit_routes (&n);
  add_routes (server->routes, routes, n);

  /* LANGUAGE would override the per-request locale in gettext. */
  g_unsetenv ("LANGUAGE");
  server->zh_locale = open_locale ("zh_CN.UTF-8");
  server->en_locale = newlocale (LC_ALL_MASK, "C.UTF-8", (locale_t) 0);
  if (server->en_locale == (locale_t) 0)
    server->en_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);

  server->soup = soup_server_new ("server-header", "sealdesk-platform", NULL);
  if (tls_certificate != NULL)
    soup_server_set_tls_certificate (server->soup, tls_certificate);
  soup_server_add_early_handler (server->soup, API_PREFIX, early_handler, server, NULL);
  soup_server_add_handler (server->soup, API_PREFIX, api_handler, server, NULL);
  soup_server_add_handler (server->soup, NULL, other_handler, server, NULL);

  server->jobs = g_async_queue_new ();
  server->workers = g_ptr_array_new ();
  for (guint i = 0; i < MAX (n_threads, 1); i++)
    {
      GThread *thread = g_thread_try_new ("sd-platform-worker", worker, server, error);

      if (thread == NULL)
        {
          sd_platform_server_free (server);
          return NULL;
        }
      g_ptr_array_add (server->workers, thread);
    }
  return server;
}

gboolean
sd_platform_server_listen (SdPlatformServer  *server,
                           const char        *host,
                           guint              port,
                           GError           **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) socket = NULL;
  SoupServerListenOptions options = 0;

  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address"), host);
      return FALSE;
    }
  if (soup_server_get_tls_certificate (server->soup) != NULL)
    options |= SOUP_SERVER_LISTEN_HTTPS;
  else if (!g_inet_address_get_is_loopback (address))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Plain HTTP is only allowed on a loopback address; give --tls-cert and "
                     "--tls-key to listen on %s"), host);
      return FALSE;
    }
  socket_address = g_inet_socket_address_new (address, (guint16) port);
  socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  /* GSocket's default backlog of 10 resets connections in a burst of
   * clients; the kernel caps this at net.core.somaxconn. */
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  return g_socket_bind (socket, socket_address, TRUE, error)
         && g_socket_listen (socket, error)
         && soup_server_listen_socket (server->soup, socket, options, error);
}

char *
sd_platform_server_get_url (SdPlatformServer *server)
{
  GSList *uris = soup_server_get_uris (server->soup);
  char *text = uris != NULL ? g_uri_to_string (uris->data) : g_strdup ("");

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return text;
}

void
sd_platform_server_free (SdPlatformServer *server)
{
  if (server == NULL)
    return;
  if (server->soup != NULL)
    soup_server_disconnect (server->soup);
  /* Jobs already queued run first: the stop markers go behind them. */
  for (guint i = 0; server->workers != NULL && i < server->workers->len; i++)
    g_async_queue_push (server->jobs, &stop_job);
  for (guint i = 0; server->workers != NULL && i < server->workers->len; i++)
    g_thread_join (g_ptr_array_index (server->workers, i));
  g_clear_pointer (&server->workers, g_ptr_array_unref);
  g_clear_pointer (&server->jobs, g_async_queue_unref);
  /* Answers of the last requests are queued for this thread: deliver them
   * so that their messages are released. */
  while (g_main_context_pending (server->context))
    g_main_context_iteration (server->context, FALSE);
  g_clear_object (&server->soup);
  g_ptr_array_unref (server->routes);
  if (server->zh_locale != (locale_t) 0)
    freelocale (server->zh_locale);
  if (server->en_locale != (locale_t) 0)
    freelocale (server->en_locale);
  g_main_context_unref (server->context);
  g_free (server);
}
