/* sd-platform-client.c: the client object, TLS, and how a request goes to
 * the server and its answer comes back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "sd-error.h"
#include "sd-platform-client.h"
#include "sd-platform-error.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"
#include "sd-secure.h"

#define DEFAULT_TIMEOUT      30
#define DEFAULT_MAX_RETRIES  3
/* First wait before a retry; doubled for each further attempt. */
#define RETRY_DELAY_MS       250
#define RETRY_DELAY_MAX_MS   4000

struct _SdPlatformClient
{
  GObject            parent_instance;

  SoupSession       *soup;
  char              *base_url;
  char              *api_root;     /* scheme://host:port/…/api/v1, no trailing slash */
  char              *language;
  guint              timeout;
  guint              max_retries;

  char              *pinned_ca_file;
  char              *pinned_fingerprint;

  char              *token;        /* a secret: never logged, wiped */
  SdPlatformSession *session;
  gboolean           password_change_required;
};

G_DEFINE_FINAL_TYPE (SdPlatformClient, sd_platform_client, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BASE_URL,
  PROP_LANGUAGE,
  PROP_TIMEOUT,
  PROP_MAX_RETRIES,
  PROP_PINNED_CA_FILE,
  PROP_PINNED_FINGERPRINT,
  PROP_SESSION,
  PROP_LOGGED_IN,
  PROP_PASSWORD_CHANGE_REQUIRED,
  N_PROPS
};

enum
{
  SIGNAL_SESSION_EXPIRED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
sd_platform_client_dispose (GObject *object)
{
  SdPlatformClient *self = SD_PLATFORM_CLIENT (object);

  if (self->soup != NULL)
    soup_session_abort (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sd_platform_client_parent_class)->dispose (object);
}

static void
sd_platform_client_finalize (GObject *object)
{
  SdPlatformClient *self = SD_PLATFORM_CLIENT (object);

  g_free (self->base_url);
  g_free (self->api_root);
  g_free (self->language);
  g_free (self->pinned_ca_file);
  g_free (self->pinned_fingerprint);
  sd_secure_free (self->token);

  G_OBJECT_CLASS (sd_platform_client_parent_class)->finalize (object);
}

static void
sd_platform_client_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SdPlatformClient *self = SD_PLATFORM_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_MAX_RETRIES:
      g_value_set_uint (value, self->max_retries);
      break;
    case PROP_PINNED_CA_FILE:
      g_value_set_string (value, self->pinned_ca_file);
      break;
    case PROP_PINNED_FINGERPRINT:
      g_value_set_string (value, self->pinned_fingerprint);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOGGED_IN:
      g_value_set_boolean (value, self->token != NULL);
      break;
    case PROP_PASSWORD_CHANGE_REQUIRED:
      g_value_set_boolean (value, self->password_change_required);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_platform_client_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SdPlatformClient *self = SD_PLATFORM_CLIENT (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      sd_platform_client_set_language (self, g_value_get_string (value));
      break;
    case PROP_TIMEOUT:
      sd_platform_client_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_MAX_RETRIES:
      sd_platform_client_set_max_retries (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_platform_client_class_init (SdPlatformClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = sd_platform_client_dispose;
  object_class->finalize = sd_platform_client_finalize;
  object_class->get_property = sd_platform_client_get_property;
  object_class->set_property = sd_platform_client_set_property;

  properties[PROP_BASE_URL] = g_param_spec_string ("base-url", NULL, NULL, NULL, ro);
  properties[PROP_LANGUAGE] = g_param_spec_string ("language", NULL, NULL, "en", rw);
  properties[PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT,
                                                DEFAULT_TIMEOUT, rw);
  properties[PROP_MAX_RETRIES] = g_param_spec_uint ("max-retries", NULL, NULL, 0, 10,
                                                    DEFAULT_MAX_RETRIES, rw);
  properties[PROP_PINNED_CA_FILE] = g_param_spec_string ("pinned-ca-file", NULL, NULL, NULL, ro);
  properties[PROP_PINNED_FINGERPRINT] = g_param_spec_string ("pinned-fingerprint", NULL, NULL,
                                                             NULL, ro);
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, SD_TYPE_PLATFORM_SESSION,
                                                  ro);
  properties[PROP_LOGGED_IN] = g_param_spec_boolean ("logged-in", NULL, NULL, FALSE, ro);
  properties[PROP_PASSWORD_CHANGE_REQUIRED] =
    g_param_spec_boolean ("password-change-required", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The server no longer accepts the token: expired, logged out elsewhere,
   * password reset, account disabled.  The client has already forgotten it. */
  signals[SIGNAL_SESSION_EXPIRED] = g_signal_new ("session-expired",
                                                  G_TYPE_FROM_CLASS (klass),
                                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                  G_TYPE_NONE, 0);
}

static const char *
language_from_locale (void)
{
  const char * const *names = g_get_language_names ();

  return g_str_has_prefix (names[0], "zh") ? "zh-CN" : "en";
}

static void
sd_platform_client_init (SdPlatformClient *self)
{
  self->timeout = DEFAULT_TIMEOUT;
  self->max_retries = DEFAULT_MAX_RETRIES;
  self->language = g_strdup (language_from_locale ());
  self->soup = soup_session_new_with_options ("timeout", self->timeout,
                                              "idle-timeout", 60,
                                              "user-agent", "SealDesk/" PACKAGE_VERSION,
                                              NULL);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static char *
api_root_from_url (const char  *base_url,
                   GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (base_url, G_URI_FLAGS_ENCODED, NULL);
  g_autofree char *path = NULL;
  const char *scheme;
  const char *host;

  if (uri == NULL
      || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
      || g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL
      || g_uri_get_fragment (uri) != NULL
      || (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      g_set_error (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_BAD_URL,
                   _("“%s” is not the address of a platform server, such as "
                     "https://platform.example.com:8443."),
                   base_url);
      return NULL;
    }
  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_str_equal (scheme, "http") && !is_loopback_host (host))
    {
      g_set_error (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_BAD_URL,
                   _("The platform server must be reached over HTTPS: plain HTTP is only "
                     "allowed to this computer (%s)."),
                   base_url);
      return NULL;
    }

  path = g_strdup (g_uri_get_path (uri));
  while (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';
  if (!g_str_has_suffix (path, "/api/v1"))
    {
      char *with_api = g_strconcat (path, "/api/v1", NULL);

      g_free (path);
      path = with_api;
    }
  return g_uri_join (G_URI_FLAGS_ENCODED, scheme, NULL, host, g_uri_get_port (uri), path, NULL,
                     NULL);
}

SdPlatformClient *
sd_platform_client_new (const char  *base_url,
                        GError     **error)
{
  g_autofree char *api_root = NULL;
  SdPlatformClient *self;

  g_return_val_if_fail (base_url != NULL, NULL);

  api_root = api_root_from_url (base_url, error);
  if (api_root == NULL)
    return NULL;
  self = g_object_new (SD_TYPE_PLATFORM_CLIENT, NULL);
  self->base_url = g_strdup (base_url);
  self->api_root = g_steal_pointer (&api_root);
  return self;
}

const char *
sd_platform_client_get_base_url (SdPlatformClient *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (self), NULL);
  return self->base_url;
}

const char *
sd_platform_client_get_language (SdPlatformClient *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (self), NULL);
  return self->language;
}

void
sd_platform_client_set_language (SdPlatformClient *self,
                                 const char       *language)
{
  g_return_if_fail (SD_IS_PLATFORM_CLIENT (self));
  g_return_if_fail (language != NULL && *language != '\0');

  if (g_strcmp0 (self->language, language) == 0)
    return;
  g_free (self->language);
  self->language = g_strdup (language);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

void
sd_platform_client_set_timeout (SdPlatformClient *self,
                                guint             seconds)
{
  g_return_if_fail (SD_IS_PLATFORM_CLIENT (self));

  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  g_object_set (self->soup, "timeout", seconds, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

void
sd_platform_client_set_max_retries (SdPlatformClient *self,
                                    guint             retries)
{
  g_return_if_fail (SD_IS_PLATFORM_CLIENT (self));

  if (self->max_retries == retries)
    return;
  self->max_retries = MIN (retries, 10);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRIES]);
}

gboolean
sd_platform_client_set_pinned_ca_file (SdPlatformClient  *self,
                                       const char        *path,
                                       GError           **error)
{
  g_autoptr(GTlsDatabase) database = NULL;

  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (self), FALSE);

  if (path != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      database = g_tls_file_database_new (path, &local_error);
      if (database == NULL)
        {
          g_autofree char *name = g_filename_display_name (path);

          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                       _("The CA certificate file “%s” cannot be used: %s"), name,
                       local_error->message);
          return FALSE;
        }
    }
  /* NULL is the system's default database. */
  soup_session_set_tls_database (self->soup, database);
  /* Connections checked under the old rules must not be reused. */
  soup_session_abort (self->soup);
  g_free (self->pinned_ca_file);
  self->pinned_ca_file = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED_CA_FILE]);
  return TRUE;
}

const char *
sd_platform_client_get_pinned_ca_file (SdPlatformClient *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (self), NULL);
  return self->pinned_ca_file;
}

gboolean
sd_platform_client_set_pinned_fingerprint (SdPlatformClient  *self,
                                           const char        *sha256_hex,
                                           GError           **error)
{
  g_autoptr(GString) normal = g_string_new (NULL);

  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (self), FALSE);

  for (const char *p = sha256_hex; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (normal, g_ascii_tolower (*p));
      else if (*p != ':' && *p != ' ')
        break;
    }
  if (sha256_hex != NULL && normal->len != 64)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a SHA-256 fingerprint (64 hexadecimal digits)."), sha256_hex);
      return FALSE;
    }
  g_free (self->pinned_fingerprint);
  self->pinned_fingerprint = sha256_hex != NULL ? g_string_free (g_steal_pointer (&normal), FALSE)
                                                : NULL;
  soup_session_abort (self->soup);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED_FINGERPRINT]);
  return TRUE;
}

const char *
sd_platform_client_get_pinned_fingerprint (SdPlatformClient *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (self), NULL);
  return self->pinned_fingerprint;
}

SdPlatformSession *
sd_platform_client_get_session (SdPlatformClient *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (self), NULL);
  return self->session;
}

gboolean
sd_platform_client_is_logged_in (SdPlatformClient *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (self), FALSE);
  return self->token != NULL;
}

gboolean
sd_platform_client_get_password_change_required (SdPlatformClient *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (self), FALSE);
  return self->password_change_required;
}

void
sd_platform_client_set_password_change_required (SdPlatformClient *self,
                                                 gboolean          required)
{
  if (self->password_change_required == required)
    return;
  self->password_change_required = required;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSWORD_CHANGE_REQUIRED]);
}

void
sd_platform_client_take_session (SdPlatformClient  *self,
                                 char              *token,
                                 SdPlatformSession *session)
{
  gboolean was_logged_in = self->token != NULL;

  g_object_freeze_notify (G_OBJECT (self));
  if (token != NULL)
    {
      sd_secure_free (self->token);
      self->token = token;
    }
  g_set_object (&self->session, session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  if (!was_logged_in && self->token != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
  sd_platform_client_set_password_change_required (
    self, sd_platform_session_get_must_change_password (session));
  g_object_thaw_notify (G_OBJECT (self));
}

void
sd_platform_client_end_session (SdPlatformClient *self,
                                gboolean          expired)
{
  gboolean was_logged_in = self->token != NULL;

  g_clear_pointer (&self->token, sd_secure_free);
  g_object_freeze_notify (G_OBJECT (self));
  if (self->session != NULL)
    {
      g_clear_object (&self->session);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
    }
  sd_platform_client_set_password_change_required (self, FALSE);
  if (was_logged_in)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
  g_object_thaw_notify (G_OBJECT (self));
  if (was_logged_in && expired)
    g_signal_emit (self, signals[SIGNAL_SESSION_EXPIRED], 0);
}

/* Requests */

typedef struct
{
  char                   *method;
  char                   *uri;
  GBytes                 *body;
  char                   *if_match;
  SdPlatformRequestFlags  flags;
  SdPlatformParseFunc     parse;
  GDestroyNotify          result_free;

  char                   *token;  /* the session's when the request began; a secret */

  guint                   attempt;
  SoupMessage            *message;
  GTlsCertificate        *peer_certificate;
  GTlsCertificateFlags    peer_errors;
  gboolean                pin_accepted;
  GSource                *wait_source;
  GSource                *cancel_source;
} Request;

static void
stop_waiting (Request *request)
{
  if (request->wait_source != NULL)
    g_source_destroy (request->wait_source);
  g_clear_pointer (&request->wait_source, g_source_unref);
  if (request->cancel_source != NULL)
    g_source_destroy (request->cancel_source);
  g_clear_pointer (&request->cancel_source, g_source_unref);
}

static void
request_free (Request *request)
{
  stop_waiting (request);
  g_free (request->method);
  g_free (request->uri);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->if_match);
  sd_secure_free (request->token);
  g_clear_object (&request->message);
  g_clear_object (&request->peer_certificate);
  g_free (request);
}

static void
response_clear (SdPlatformResponse *response,
                gboolean            secret)
{
  g_clear_pointer (&response->etag, g_free);
  g_clear_pointer (&response->json, json_node_unref);
  if (response->body != NULL && secret)
    {
      gsize length = 0;
      gconstpointer data = g_bytes_get_data (response->body, &length);

      /* The bytes are ours alone (libsoup hands over a new GBytes). */
      if (data != NULL)
        sd_secure_wipe ((gpointer) data, length);
    }
  g_clear_pointer (&response->body, g_bytes_unref);
}

static gboolean
is_idempotent (Request *request)
{
  return g_str_equal (request->method, "GET") || g_str_equal (request->method, "PUT")
         || g_str_equal (request->method, "DELETE");
}

static void start_attempt (GTask *task);

static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  GTask *task = user_data;
  SdPlatformClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autofree char *fingerprint = NULL;

  g_set_object (&request->peer_certificate, certificate);
  request->peer_errors = errors;
  if (self->pinned_fingerprint == NULL)
    return FALSE;
  fingerprint = sd_platform_certificate_fingerprint (certificate);
  request->pin_accepted = g_strcmp0 (fingerprint, self->pinned_fingerprint) == 0;
  return request->pin_accepted;
}

static gboolean
on_wait_over (gpointer user_data)
{
  GTask *task = user_data;

  stop_waiting (g_task_get_task_data (task));
  if (!g_task_return_error_if_cancelled (task))
    start_attempt (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_wait_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  return on_wait_over (user_data);
}

/* Waits before the next attempt, twice as long each time so that a
 * struggling server is not flooded; cancellation ends the wait at once. */
static void
retry_later (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  guint delay = MIN ((guint) RETRY_DELAY_MS << MIN (request->attempt, 8), RETRY_DELAY_MAX_MS);

  request->attempt++;
  g_clear_object (&request->message);
  g_clear_object (&request->peer_certificate);
  request->peer_errors = 0;
  request->pin_accepted = FALSE;

  request->wait_source = g_timeout_source_new (delay);
  g_source_set_callback (request->wait_source, on_wait_over, g_object_ref (task), g_object_unref);
  g_source_attach (request->wait_source, g_task_get_context (task));
  if (cancellable != NULL)
    {
      request->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (request->cancel_source, G_SOURCE_FUNC (on_wait_cancelled),
                             g_object_ref (task), g_object_unref);
      g_source_attach (request->cancel_source, g_task_get_context (task));
    }
}

static GError *
error_from_answer (SoupMessage *message,
                   GBytes      *body)
{
  guint status = soup_message_get_status (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *code = NULL;
  g_autofree char *text = NULL;
  g_autofree char *field = NULL;
  gint64 retry_after = 0;
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);

  if (data != NULL && length > 0 && json_parser_load_from_data (parser, data, length, NULL))
    {
      SdPlatformJsonReader reader;

      sd_platform_json_reader_init (&reader, json_parser_get_root (parser));
      code = sd_platform_json_dup_string (&reader, "code");
      text = sd_platform_json_dup_string (&reader, "message");
      field = sd_platform_json_dup_string (&reader, "field");
      retry_after = sd_platform_json_get_int (&reader, "retry_after");
      /* A malformed error object still has a status that says enough. */
      if (!sd_platform_json_reader_finish (&reader, NULL))
        g_clear_pointer (&code, g_free);
    }
  if (retry_after <= 0)
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (message);
      const char *header = soup_message_headers_get_one (headers, "Retry-After");

      retry_after = header != NULL ? g_ascii_strtoll (header, NULL, 10) : 0;
    }
  return sd_platform_error_new_from_answer (status, code, text, field,
                                            CLAMP (retry_after, 0, G_MAXUINT));
}

static void
return_error_answer (GTask       *task,
                     SoupMessage *message,
                     GBytes      *body)
{
  SdPlatformClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GError *error = error_from_answer (message, body);

  /* Only the token that was refused ends the session: the user may have
   * signed in again while this answer was on its way. */
  if (g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_AUTHENTICATION_REQUIRED)
      && request->token != NULL && g_strcmp0 (request->token, self->token) == 0)
    sd_platform_client_end_session (self, TRUE);
  else if (g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_PASSWORD_CHANGE_REQUIRED))
    sd_platform_client_set_password_change_required (self, TRUE);
  g_task_return_error (task, error);
}

static void
return_success (GTask       *task,
                SoupMessage *message,
                GBytes      *body)
{
  Request *request = g_task_get_task_data (task);
  SdPlatformResponse response = { 0 };
  GError *error = NULL;
  gpointer result;
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);

  response.etag = g_strdup (soup_message_headers_get_one (
    soup_message_get_response_headers (message), "ETag"));
  response.body = g_bytes_ref (body);
  if (!(request->flags & SD_PLATFORM_REQUEST_RAW) && data != NULL && length > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, data, length, NULL))
        {
          response_clear (&response, request->flags & SD_PLATFORM_REQUEST_SECRET);
          g_task_return_new_error (task, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_PROTOCOL,
                                   _("The platform server’s answer is not JSON. Is %s a SealDesk "
                                     "platform server?"),
                                   request->uri);
          return;
        }
      response.json = json_parser_steal_root (parser);
    }

  if (request->parse == NULL)
    {
      response_clear (&response, request->flags & SD_PLATFORM_REQUEST_SECRET);
      g_task_return_boolean (task, TRUE);
      return;
    }
  result = request->parse (&response, &error);
  response_clear (&response, request->flags & SD_PLATFORM_REQUEST_SECRET);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, request->result_free);
}

static gboolean
can_retry (SdPlatformClient *self,
           Request          *request)
{
  return is_idempotent (request) && !(request->flags & SD_PLATFORM_REQUEST_NO_RETRY)
         && request->attempt < self->max_retries;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdPlatformClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (request->peer_certificate != NULL && request->peer_errors != 0
               && !request->pin_accepted)
        g_task_return_error (task, sd_platform_error_new_tls (error, request->peer_certificate,
                                                              request->peer_errors));
      else if (error->domain == G_TLS_ERROR)
        g_task_return_error (task, sd_platform_error_new_tls (error, NULL, 0));
      else if (can_retry (self, request))
        retry_later (task);
      else
        g_task_return_new_error (task, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_NETWORK,
                                 _("The platform server cannot be reached: %s"), error->message);
      return;
    }

  status = soup_message_get_status (request->message);
  if ((status == 502 || status == 503 || status == 504) && can_retry (self, request))
    retry_later (task);
  else if (status >= 400 || status < 200)
    return_error_answer (task, request->message, body);
  else
    return_success (task, request->message, body);
}

static void
start_attempt (GTask *task)
{
  SdPlatformClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  request->message = soup_message_new (request->method, request->uri);
  if (request->message == NULL)
    {
      g_task_return_new_error (task, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_BAD_URL,
                               _("“%s” is not the address of a platform server, such as "
                                 "https://platform.example.com:8443."),
                               request->uri);
      return;
    }
  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept",
                                request->flags & SD_PLATFORM_REQUEST_RAW ? "*/*"
                                                                         : "application/json");
  soup_message_headers_replace (headers, "Accept-Language", self->language);
  if (request->token != NULL)
    {
      g_autoptr(SdSecret) authorization = g_strconcat ("Bearer ", request->token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (request->if_match != NULL)
    soup_message_headers_replace (headers, "If-Match", request->if_match);
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (request->message, "application/json",
                                              request->body);
  g_signal_connect (request->message, "accept-certificate", G_CALLBACK (on_accept_certificate),
                    task);

  soup_session_send_and_read_async (self->soup, request->message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_sent, g_object_ref (task));
}

void
sd_platform_client_call_async (SdPlatformClient       *self,
                               const char             *method,
                               const char             *path,
                               GBytes                 *body,
                               const char             *if_match,
                               SdPlatformRequestFlags  flags,
                               SdPlatformParseFunc     parse,
                               GDestroyNotify          result_free,
                               gpointer                source_tag,
                               GCancellable           *cancellable,
                               GAsyncReadyCallback     callback,
                               gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (SD_IS_PLATFORM_CLIENT (self));
  g_return_if_fail (g_str_has_prefix (path, "/"));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  request = g_new0 (Request, 1);
  request->method = g_strdup (method);
  request->uri = g_strconcat (self->api_root, path, NULL);
  request->body = body != NULL ? g_bytes_ref (body) : NULL;
  request->if_match = g_strdup (if_match);
  request->flags = flags;
  /* Kept for the retries, which must not pick up a later session's. */
  if (!(flags & SD_PLATFORM_REQUEST_NO_AUTH) && self->token != NULL)
    request->token = g_strdup (self->token);
  request->parse = parse;
  request->result_free = result_free;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  start_attempt (task);
}

gpointer
sd_platform_client_call_finish (SdPlatformClient  *self,
                                GAsyncResult      *result,
                                gpointer           source_tag,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
sd_platform_client_call_finish_boolean (SdPlatformClient  *self,
                                        GAsyncResult      *result,
                                        gpointer           source_tag,
                                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GBytes *
sd_platform_json_body (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  gsize length = 0;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

char *
sd_platform_etag (const char *header_etag,
                  gint64      version)
{
  if (header_etag != NULL)
    return g_strdup (header_etag);
  return g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
}

gpointer
sd_platform_parse_account (SdPlatformResponse  *response,
                           GError             **error)
{
  return sd_platform_account_new_from_json (response->json, response->etag, error);
}

gpointer
sd_platform_parse_binding (SdPlatformResponse  *response,
                           GError             **error)
{
  return sd_platform_binding_new_from_json (response->json, response->etag, error);
}
