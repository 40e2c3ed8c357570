/* sd-platform-client-sessions.c: logins, logout, the password, proof of
 * possession, the enterprise and the server's own endpoints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-platform-client.h"
#include "sd-platform-error.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"
#include "sd-secure.h"

/* Health and the API document */

void
sd_platform_client_get_health_async (SdPlatformClient    *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  sd_platform_client_call_async (self, "GET", "/health", NULL, NULL, SD_PLATFORM_REQUEST_NO_AUTH,
                                 NULL, NULL, sd_platform_client_get_health_async, cancellable,
                                 callback, user_data);
}

gboolean
sd_platform_client_get_health_finish (SdPlatformClient  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  return sd_platform_client_call_finish_boolean (self, result, sd_platform_client_get_health_async,
                                                 error);
}

static gpointer
parse_bytes (SdPlatformResponse  *response,
             GError             **error)
{
  return g_bytes_ref (response->body);
}

void
sd_platform_client_get_openapi_async (SdPlatformClient    *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  sd_platform_client_call_async (self, "GET", "/openapi.yaml", NULL, NULL,
                                 SD_PLATFORM_REQUEST_NO_AUTH | SD_PLATFORM_REQUEST_RAW,
                                 parse_bytes, (GDestroyNotify) g_bytes_unref,
                                 sd_platform_client_get_openapi_async, cancellable, callback,
                                 user_data);
}

GBytes *
sd_platform_client_get_openapi_finish (SdPlatformClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_get_openapi_async,
                                         error);
}

/* Sessions */

typedef struct
{
  char              *token;
  SdPlatformSession *session;
} SessionAnswer;

static void
session_answer_free (SessionAnswer *answer)
{
  sd_secure_free (answer->token);
  g_clear_object (&answer->session);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessionAnswer, session_answer_free)

static gpointer
parse_session_answer (SdPlatformResponse  *response,
                      GError             **error)
{
  g_autoptr(SessionAnswer) answer = g_new0 (SessionAnswer, 1);
  SdPlatformJsonReader reader;

  sd_platform_json_reader_init (&reader, response->json);
  answer->token = sd_platform_json_dup_string (&reader, "token");
  if (!sd_platform_json_reader_finish (&reader, error))
    return NULL;
  if (answer->token == NULL || *answer->token == '\0')
    {
      sd_platform_json_set_member_error (error, "token");
      return NULL;
    }
  answer->session = sd_platform_session_new_from_json (response->json, error);
  if (answer->session == NULL)
    return NULL;
  return g_steal_pointer (&answer);
}

/* Both logins end here: the client keeps the token, the caller gets the
 * session. */
static void
on_session_answer (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdPlatformClient *self = SD_PLATFORM_CLIENT (source);
  g_autoptr(SessionAnswer) answer = NULL;
  GError *error = NULL;

  answer = sd_platform_client_call_finish (self, result, g_task_get_source_tag (task), &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sd_platform_client_take_session (self, g_steal_pointer (&answer->token), answer->session);
  g_task_return_pointer (task, g_steal_pointer (&answer->session), g_object_unref);
}

void
sd_platform_client_login_async (SdPlatformClient    *self,
                                const char          *login,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;
  GString *text;

  g_return_if_fail (SD_IS_PLATFORM_CLIENT (self));
  g_return_if_fail (login != NULL && password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_platform_client_login_async);

  text = sd_platform_json_secret_new (6 * (strlen (login) + strlen (password)) + 64);
  g_string_append_c (text, '{');
  sd_platform_json_append_member (text, "login", login);
  sd_platform_json_append_member (text, "password", password);
  g_string_append_c (text, '}');
  body = sd_platform_json_secret_bytes (text);

  sd_platform_client_call_async (self, "POST", "/sessions", body, NULL,
                                 SD_PLATFORM_REQUEST_NO_AUTH | SD_PLATFORM_REQUEST_SECRET,
                                 parse_session_answer, (GDestroyNotify) session_answer_free,
                                 sd_platform_client_login_async, cancellable, on_session_answer,
                                 g_steal_pointer (&task));
}

SdPlatformSession *
sd_platform_client_login_finish (SdPlatformClient  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_login_proof (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdPlatformClient *self = SD_PLATFORM_CLIENT (source);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  /* Taken before the task is handed on below */
  GCancellable *cancellable = g_task_get_cancellable (task);

  body = sd_platform_client_prove_possession_finish (self, result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sd_platform_client_call_async (self, "POST", "/sessions/ca", body, NULL,
                                 SD_PLATFORM_REQUEST_NO_AUTH | SD_PLATFORM_REQUEST_SECRET,
                                 parse_session_answer, (GDestroyNotify) session_answer_free,
                                 sd_platform_client_login_with_certificate_async, cancellable,
                                 on_session_answer, g_steal_pointer (&task));
}

void
sd_platform_client_login_with_certificate_async (SdPlatformClient    *self,
                                                 SdSigner            *signer,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SD_IS_PLATFORM_CLIENT (self));
  g_return_if_fail (SD_IS_SIGNER (signer));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_platform_client_login_with_certificate_async);
  sd_platform_client_prove_possession_async (self, "login", signer, cancellable, on_login_proof,
                                             task);
}

SdPlatformSession *
sd_platform_client_login_with_certificate_finish (SdPlatformClient  *self,
                                                  GAsyncResult      *result,
                                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
parse_session (SdPlatformResponse  *response,
               GError             **error)
{
  return sd_platform_session_new_from_json (response->json, error);
}

static void
on_current_session (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdPlatformClient *self = SD_PLATFORM_CLIENT (source);
  g_autoptr(SdPlatformSession) session = NULL;
  GError *error = NULL;

  session = sd_platform_client_call_finish (self, result,
                                            sd_platform_client_get_current_session_async, &error);
  if (session == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* A logout may have happened while the answer was on its way. */
  if (sd_platform_client_is_logged_in (self))
    sd_platform_client_take_session (self, NULL, session);
  g_task_return_pointer (task, g_steal_pointer (&session), g_object_unref);
}

void
sd_platform_client_get_current_session_async (SdPlatformClient    *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SD_IS_PLATFORM_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_platform_client_get_current_session_async);
  sd_platform_client_call_async (self, "GET", "/sessions/current", NULL, NULL,
                                 SD_PLATFORM_REQUEST_NONE, parse_session, g_object_unref,
                                 sd_platform_client_get_current_session_async, cancellable,
                                 on_current_session, task);
}

SdPlatformSession *
sd_platform_client_get_current_session_finish (SdPlatformClient  *self,
                                               GAsyncResult      *result,
                                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sd_platform_client_logout_async (SdPlatformClient    *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (SD_IS_PLATFORM_CLIENT (self));

  sd_platform_client_call_async (self, "DELETE", "/sessions/current", NULL, NULL,
                                 SD_PLATFORM_REQUEST_NONE, NULL, NULL,
                                 sd_platform_client_logout_async, cancellable, callback,
                                 user_data);
  /* The request has taken the token; from now on the user is signed out. */
  sd_platform_client_end_session (self, FALSE);
}

gboolean
sd_platform_client_logout_finish (SdPlatformClient  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  return sd_platform_client_call_finish_boolean (self, result, sd_platform_client_logout_async,
                                                 error);
}

static void
on_password_changed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdPlatformClient *self = SD_PLATFORM_CLIENT (source);
  GError *error = NULL;

  if (!sd_platform_client_call_finish_boolean (self, result,
                                               sd_platform_client_change_password_async, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  sd_platform_client_set_password_change_required (self, FALSE);
  g_task_return_boolean (task, TRUE);
}

void
sd_platform_client_change_password_async (SdPlatformClient    *self,
                                          const char          *current_password,
                                          const char          *new_password,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;
  SdPlatformSession *session = sd_platform_client_get_session (self);
  GString *text;

  g_return_if_fail (SD_IS_PLATFORM_CLIENT (self));
  g_return_if_fail (current_password != NULL && new_password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_platform_client_change_password_async);
  if (session == NULL)
    {
      g_task_return_new_error (task, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_AUTHENTICATION_REQUIRED,
                               _("Please sign in first."));
      return;
    }

  text = sd_platform_json_secret_new (6 * (strlen (current_password) + strlen (new_password))
                                      + 64);
  g_string_append_c (text, '{');
  sd_platform_json_append_member (text, "current_password", current_password);
  sd_platform_json_append_member (text, "new_password", new_password);
  g_string_append_c (text, '}');
  body = sd_platform_json_secret_bytes (text);

  path = g_strdup_printf ("/accounts/%" G_GINT64_FORMAT "/password",
                          sd_platform_account_get_id (sd_platform_session_get_account (session)));
  /* Not retried although a PUT: a repeat after a lost answer would be
   * refused (the current password has changed) and look like a failure. */
  sd_platform_client_call_async (self, "PUT", path, body, NULL, SD_PLATFORM_REQUEST_NO_RETRY,
                                 NULL, NULL, sd_platform_client_change_password_async,
                                 cancellable, on_password_changed, g_steal_pointer (&task));
}

gboolean
sd_platform_client_change_password_finish (SdPlatformClient  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Proof of possession */

typedef struct
{
  char              *purpose;
  SdSigner          *signer;
  SdKeyType          key_type;
  SdDigestAlgorithm  digest;
  char              *challenge_id;
} Proof;

static void
proof_free (Proof *proof)
{
  g_free (proof->purpose);
  g_clear_object (&proof->signer);
  g_free (proof->challenge_id);
  g_free (proof);
}

typedef struct
{
  char   *id;
  GBytes *to_sign;
} Challenge;

static void
challenge_free (Challenge *challenge)
{
  g_free (challenge->id);
  g_clear_pointer (&challenge->to_sign, g_bytes_unref);
  g_free (challenge);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Challenge, challenge_free)

static gpointer
parse_challenge (SdPlatformResponse  *response,
                 GError             **error)
{
  g_autoptr(Challenge) challenge = g_new0 (Challenge, 1);
  g_autofree char *to_sign = NULL;
  g_autofree guchar *bytes = NULL;
  SdPlatformJsonReader reader;
  gsize length = 0;

  sd_platform_json_reader_init (&reader, response->json);
  challenge->id = sd_platform_json_dup_string (&reader, "id");
  to_sign = sd_platform_json_dup_string (&reader, "to_sign");
  if (!sd_platform_json_reader_finish (&reader, error))
    return NULL;
  if (challenge->id != NULL && to_sign != NULL)
    bytes = g_base64_decode (to_sign, &length);
  if (bytes == NULL || length == 0)
    {
      sd_platform_json_set_member_error (error, "to_sign");
      return NULL;
    }
  challenge->to_sign = g_bytes_new_take (g_steal_pointer (&bytes), length);
  return g_steal_pointer (&challenge);
}

/* The key signs only the documented challenge text: a server must not be
 * able to have it sign anything else (a document's digest, say). */
static gboolean
check_challenge (Challenge   *challenge,
                 const char  *purpose,
                 GError     **error)
{
  g_autofree char *prefix = g_strdup_printf ("sealdesk-platform challenge v1 %s %s ", purpose,
                                             challenge->id);
  gsize length = 0;
  const char *text = g_bytes_get_data (challenge->to_sign, &length);
  gsize prefix_length = strlen (prefix);

  if (length > prefix_length && length < 256 && memcmp (text, prefix, prefix_length) == 0
      && memchr (text, '\0', length) == NULL)
    {
      gboolean printable = TRUE;

      for (gsize i = prefix_length; i < length; i++)
        printable = printable && g_ascii_isgraph (text[i]);
      if (printable)
        return TRUE;
    }
  g_set_error (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_PROTOCOL,
               _("The platform server asked the key to sign something other than a login or "
                 "binding challenge; nothing was signed."));
  return FALSE;
}

static void
on_challenge_signed (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Proof *proof = g_task_get_task_data (task);
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) certificate = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *certificate_b64 = NULL;
  g_autofree char *signature_b64 = NULL;
  GError *error = NULL;
  gsize length = 0;
  gconstpointer data;

  signature = sd_signer_sign_finish (SD_SIGNER (source), result, &error);
  if (signature == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  certificate = sd_signer_get_certificate (proof->signer);
  data = g_bytes_get_data (certificate, &length);
  certificate_b64 = g_base64_encode (data, length);
  data = g_bytes_get_data (signature, &length);
  signature_b64 = g_base64_encode (data, length);

  json_builder_begin_object (builder);
  sd_platform_json_add_string (builder, "challenge_id", proof->challenge_id);
  sd_platform_json_add_string (builder, "certificate", certificate_b64);
  sd_platform_json_add_string (builder, "signature", signature_b64);
  sd_platform_json_add_string (builder, "digest", sd_digest_to_string (proof->digest));
  if (proof->key_type == SD_KEY_TYPE_RSA)
    sd_platform_json_add_string (builder, "scheme", "pkcs1");
  json_builder_end_object (builder);
  g_task_return_pointer (task, sd_platform_json_body (builder), (GDestroyNotify) g_bytes_unref);
}

static void
on_challenge (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Proof *proof = g_task_get_task_data (task);
  /* Taken before the task is handed on below */
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(Challenge) challenge = NULL;
  GError *error = NULL;

  challenge = sd_platform_client_call_finish (SD_PLATFORM_CLIENT (source), result,
                                              sd_platform_client_prove_possession_async, &error);
  if (challenge == NULL || !check_challenge (challenge, proof->purpose, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  proof->challenge_id = g_strdup (challenge->id);
  sd_signer_sign_async (proof->signer, proof->digest, SD_SIGNATURE_SCHEME_DEFAULT,
                        challenge->to_sign, cancellable, on_challenge_signed,
                        g_steal_pointer (&task));
}

void
sd_platform_client_prove_possession_async (SdPlatformClient    *self,
                                           const char          *purpose,
                                           SdSigner            *signer,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  Proof *proof;

  g_task_set_source_tag (task, sd_platform_client_prove_possession_async);
  proof = g_new0 (Proof, 1);
  proof->purpose = g_strdup (purpose);
  proof->signer = g_object_ref (signer);
  g_task_set_task_data (task, proof, (GDestroyNotify) proof_free);

  if (!sd_signer_get_key_info (signer, &proof->key_type, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  /* What the API takes as defaults: SM3 for SM2 keys, SHA-256 otherwise. */
  proof->digest = proof->key_type == SD_KEY_TYPE_SM2 ? SD_DIGEST_SM3 : SD_DIGEST_SHA256;

  json_builder_begin_object (builder);
  sd_platform_json_add_string (builder, "purpose", purpose);
  json_builder_end_object (builder);
  body = sd_platform_json_body (builder);
  /* A login challenge needs no session; a binding one is the session's. */
  sd_platform_client_call_async (self, "POST", "/challenges", body, NULL,
                                 g_str_equal (purpose, "login") ? SD_PLATFORM_REQUEST_NO_AUTH
                                                                : SD_PLATFORM_REQUEST_NONE,
                                 parse_challenge, (GDestroyNotify) challenge_free,
                                 sd_platform_client_prove_possession_async, cancellable,
                                 on_challenge, g_steal_pointer (&task));
}

GBytes *
sd_platform_client_prove_possession_finish (SdPlatformClient  *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The enterprise */

static gpointer
parse_enterprise (SdPlatformResponse  *response,
                  GError             **error)
{
  return sd_platform_enterprise_new_from_json (response->json, error);
}

void
sd_platform_client_get_enterprise_async (SdPlatformClient    *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  sd_platform_client_call_async (self, "GET", "/enterprise", NULL, NULL, SD_PLATFORM_REQUEST_NONE,
                                 parse_enterprise, g_object_unref,
                                 sd_platform_client_get_enterprise_async, cancellable, callback,
                                 user_data);
}

SdPlatformEnterprise *
sd_platform_client_get_enterprise_finish (SdPlatformClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  return sd_platform_client_call_finish (self, result, sd_platform_client_get_enterprise_async,
                                         error);
}

typedef struct
{
  SdPlatformEnterprise *enterprise;
  SdPlatformAccount    *account;
} Registered;

static void
registered_free (Registered *registered)
{
  g_clear_object (&registered->enterprise);
  g_clear_object (&registered->account);
  g_free (registered);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Registered, registered_free)

static gpointer
parse_registered (SdPlatformResponse  *response,
                  GError             **error)
{
  g_autoptr(Registered) registered = g_new0 (Registered, 1);
  SdPlatformJsonReader reader;
  JsonNode *enterprise;
  JsonNode *account;

  sd_platform_json_reader_init (&reader, response->json);
  enterprise = sd_platform_json_require_object (&reader, "enterprise");
  account = sd_platform_json_require_object (&reader, "account");
  if (!sd_platform_json_reader_finish (&reader, error))
    return NULL;
  registered->enterprise = sd_platform_enterprise_new_from_json (enterprise, error);
  if (registered->enterprise == NULL)
    return NULL;
  registered->account = sd_platform_account_new_from_json (account, NULL, error);
  if (registered->account == NULL)
    return NULL;
  return g_steal_pointer (&registered);
}

static gsize
length0 (const char *text)
{
  return text != NULL ? strlen (text) : 0;
}

void
sd_platform_client_register_enterprise_async (SdPlatformClient                       *self,
                                              const SdPlatformEnterpriseRegistration *registration,
                                              GCancellable                           *cancellable,
                                              GAsyncReadyCallback                     callback,
                                              gpointer                                user_data)
{
  const SdPlatformEnterpriseRegistration *r = registration;
  g_autoptr(GBytes) body = NULL;
  GString *text;

  g_return_if_fail (SD_IS_PLATFORM_CLIENT (self));
  g_return_if_fail (r != NULL && r->name != NULL && r->uscc != NULL
                    && r->legal_representative != NULL && r->login != NULL
                    && r->account_name != NULL && r->password != NULL);

  /* Written by hand for the password's sake (see sd-platform-json.h). */
  text = sd_platform_json_secret_new (6 * (length0 (r->name) + length0 (r->uscc)
                                           + length0 (r->legal_representative)
                                           + length0 (r->login) + length0 (r->account_name)
                                           + length0 (r->password) + length0 (r->id_number)
                                           + length0 (r->phone))
                                      + 256);
  g_string_append_c (text, '{');
  sd_platform_json_append_member (text, "name", r->name);
  sd_platform_json_append_member (text, "uscc", r->uscc);
  sd_platform_json_append_member (text, "legal_representative", r->legal_representative);
  g_string_append (text, ",\"main_account\":{");
  sd_platform_json_append_member (text, "login", r->login);
  sd_platform_json_append_member (text, "name", r->account_name);
  sd_platform_json_append_member (text, "password", r->password);
  sd_platform_json_append_member (text, "id_number", r->id_number);
  sd_platform_json_append_member (text, "phone", r->phone);
  g_string_append (text, "}}");
  body = sd_platform_json_secret_bytes (text);

  sd_platform_client_call_async (self, "POST", "/enterprises", body, NULL,
                                 SD_PLATFORM_REQUEST_NO_AUTH, parse_registered,
                                 (GDestroyNotify) registered_free,
                                 sd_platform_client_register_enterprise_async, cancellable,
                                 callback, user_data);
}

SdPlatformEnterprise *
sd_platform_client_register_enterprise_finish (SdPlatformClient   *self,
                                               GAsyncResult       *result,
                                               SdPlatformAccount **main_account,
                                               GError            **error)
{
  g_autoptr(Registered) registered = NULL;

  registered = sd_platform_client_call_finish (self, result,
                                               sd_platform_client_register_enterprise_async, error);
  if (registered == NULL)
    return NULL;
  if (main_account != NULL)
    *main_account = g_steal_pointer (&registered->account);
  return g_steal_pointer (&registered->enterprise);
}
