/* test-platform-client.c: the platform client: addresses, error codes,
 * retries, the offline usage queue, and against the real server sessions,
 * accounts, roles and passwords
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sd-secure.h"

#include "test-platform-server.h"

#define ID_NUMBER_A "11010519491231002X"

/* Without a server */

static void
test_url (void)
{
  static const struct
  {
    const char *url;
    gboolean    ok;
  } cases[] = {
    { "https://platform.example.com:8443", TRUE },
    { "https://platform.example.com/api/v1/", TRUE },
    { "http://127.0.0.1:8080", TRUE },
    { "http://127.8.0.1:8080/", TRUE },
    { "http://[::1]:8080", TRUE },
    { "http://localhost:8080", TRUE },
    { "http://platform.example.com", FALSE },
    { "http://10.0.0.1:8080", FALSE },
    { "http://[2001:db8::1]/", FALSE },
    { "ftp://127.0.0.1/", FALSE },
    { "platform.example.com", FALSE },
    { "https://user@platform.example.com/", FALSE },
    { "https://platform.example.com/?x=1", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SdPlatformClient) client = sd_platform_client_new (cases[i].url, &error);

      g_test_message ("%s", cases[i].url);
      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (sd_platform_client_get_base_url (client), ==, cases[i].url);
          g_assert_false (sd_platform_client_is_logged_in (client));
          /* From the locale: the tests run in C.UTF-8 */
          g_assert_cmpstr (sd_platform_client_get_language (client), ==, "en");
        }
      else
        {
          assert_platform_error (error, SD_PLATFORM_ERROR_BAD_URL);
          g_assert_null (client);
        }
    }
}

/* Every machine code the API document lists has its own error value. */
static void
test_error_codes (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "..", "docs", "api",
                                                 "openapi.yaml", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint n_codes = 0;
  gboolean in_codes = FALSE, in_enum = FALSE;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_equal (lines[i], "    ErrorCode:"))
        in_codes = TRUE;
      else if (in_codes && g_str_equal (lines[i], "      enum:"))
        in_enum = TRUE;
      else if (in_enum && g_str_has_prefix (lines[i], "        - "))
        {
          const char *name = lines[i] + strlen ("        - ");
          SdPlatformError code = sd_platform_error_from_code_name (name, SD_PLATFORM_ERROR_FAILED);

          g_test_message ("%s → %d", name, code);
          g_assert_cmpint (code, !=, SD_PLATFORM_ERROR_FAILED);
          /* One value per code */
          g_assert_false (g_hash_table_contains (seen, GINT_TO_POINTER (code)));
          g_hash_table_add (seen, GINT_TO_POINTER (code));
          n_codes++;
        }
      else if (in_enum)
        break;
    }
  g_assert_cmpuint (n_codes, >=, 51);
  g_assert_cmpint (sd_platform_error_from_code_name ("a_code_of_tomorrow",
                                                     SD_PLATFORM_ERROR_CONFLICT),
                   ==, SD_PLATFORM_ERROR_CONFLICT);
}

typedef const char *(*LabelFunc) (int value);

static const char *
account_kind_label (int value)
{
  return sd_platform_account_kind_get_label (value);
}

static const char *
certificate_type_label (int value)
{
  return sd_platform_certificate_type_get_label (value);
}

static const char *
seal_type_label (int value)
{
  return sd_platform_seal_type_get_label (value);
}

static const char *
seal_status_label (int value)
{
  return sd_platform_seal_status_get_label (value);
}

static const char *
grant_status_label (int value)
{
  return sd_platform_grant_status_get_label (value);
}

/* Wire names both ways, and a distinct label for people for every value */
static void
check_enum (GType     type,
            LabelFunc label_of)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (type);
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < klass->n_values; i++)
    {
      const char *name = sd_platform_enum_to_string (type, klass->values[i].value);
      const char *label = label_of (klass->values[i].value);
      int value = -1;

      g_assert_true (sd_platform_enum_from_string (type, name, &value));
      g_assert_cmpint (value, ==, klass->values[i].value);
      g_assert_nonnull (label);
      g_assert_false (g_hash_table_contains (labels, label));
      g_hash_table_add (labels, (gpointer) label);
    }
}

static void
test_enums (void)
{
  int value = -1;

  check_enum (SD_TYPE_PLATFORM_ACCOUNT_KIND, account_kind_label);
  check_enum (SD_TYPE_PLATFORM_CERTIFICATE_TYPE, certificate_type_label);
  check_enum (SD_TYPE_PLATFORM_SEAL_TYPE, seal_type_label);
  check_enum (SD_TYPE_PLATFORM_SEAL_STATUS, seal_status_label);
  check_enum (SD_TYPE_PLATFORM_GRANT_STATUS, grant_status_label);
  g_assert_cmpstr (sd_platform_enum_to_string (SD_TYPE_PLATFORM_SEAL_TYPE,
                                               SD_PLATFORM_SEAL_LEGAL_REPRESENTATIVE),
                   ==, "legal_representative");
  g_assert_false (sd_platform_enum_from_string (SD_TYPE_PLATFORM_SEAL_TYPE, "stamp", &value));
}

/* GET is retried with back-off, POST never; cancellation ends the wait. */
static void
test_retries (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", free_port ());
  g_autoptr(SdPlatformClient) client = new_client (url);
  g_autoptr(SdPlatformSession) session = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 start;

  start = g_get_monotonic_time ();
  sd_platform_client_get_health_async (client, NULL, on_ready, NULL);
  g_assert_false (sd_platform_client_get_health_finish (client, await (), &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_NETWORK);
  g_assert_null (sd_platform_error_get_code_name (error));
  /* 3 retries after 250, 500 and 1000 ms */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 1700 * 1000);
  g_clear_error (&error);

  start = g_get_monotonic_time ();
  sd_platform_client_login_async (client, "zirol", "password", NULL, on_ready, NULL);
  session = sd_platform_client_login_finish (client, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_NETWORK);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 200 * 1000);
  g_clear_error (&error);

  start = g_get_monotonic_time ();
  g_timeout_add (100, on_timeout_cancel, cancellable);
  sd_platform_client_get_health_async (client, cancellable, on_ready, NULL);
  g_assert_false (sd_platform_client_get_health_finish (client, await (), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 400 * 1000);
  g_clear_error (&error);

  sd_platform_client_set_max_retries (client, 0);
  start = g_get_monotonic_time ();
  sd_platform_client_get_health_async (client, NULL, on_ready, NULL);
  g_assert_false (sd_platform_client_get_health_finish (client, await (), &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_NETWORK);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 200 * 1000);
}

/* A server that takes the connection and never answers: the timeout. */
static void
test_timeout (void)
{
  g_autoptr(GSocket) silent = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(SdPlatformClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gint64 start;

  /* Listening but never accepting: the kernel completes the handshake. */
  g_assert_true (g_socket_bind (silent, address, TRUE, &error));
  g_assert_true (g_socket_listen (silent, &error));
  bound = g_socket_get_local_address (silent, &error);
  g_assert_no_error (error);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  client = new_client (url);
  sd_platform_client_set_timeout (client, 1);
  sd_platform_client_set_max_retries (client, 0);

  start = g_get_monotonic_time ();
  sd_platform_client_get_health_async (client, NULL, on_ready, NULL);
  g_assert_false (sd_platform_client_get_health_finish (client, await (), &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_NETWORK);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static const SdPlatformUsageCreate sample_usage = {
  .document_name = "采购合同-2026.pdf",
  .document_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  .hash_algorithm = SD_DIGEST_SHA256,
  .pages = (const guint[]) { 1, 3 },
  .n_pages = 2,
};

static void
test_usage_queue_offline (void)
{
  g_autofree char *path = g_build_filename (work_dir, "offline", "usage.jsonl", NULL);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", free_port ());
  g_autofree char *default_path = sd_platform_usage_queue_get_default_path ();
  g_autofree char *contents = NULL;
  g_autofree char *rejected = NULL;
  g_autoptr(SdPlatformUsageQueue) queue = sd_platform_usage_queue_new (path);
  g_autoptr(SdPlatformUsageQueue) again = NULL;
  g_autoptr(SdPlatformClient) client = new_client (url);
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  guint n_sent = 1, n_rejected = 1;

  g_assert_true (g_str_has_prefix (default_path, g_get_user_data_dir ()));
  g_assert_cmpuint (sd_platform_usage_queue_get_length (queue, &error), ==, 0);
  g_assert_no_error (error);

  g_assert_true (sd_platform_usage_queue_add (queue, 7, &sample_usage, &error));
  g_assert_no_error (error);
  g_assert_true (sd_platform_usage_queue_add (queue, 8, &sample_usage, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* What another process sees: the file is the queue. */
  again = sd_platform_usage_queue_new (path);
  g_assert_cmpuint (sd_platform_usage_queue_get_length (again, &error), ==, 2);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "采购合同-2026.pdf"));
  /* The signing time is kept for a record sent later. */
  g_assert_nonnull (strstr (contents, "\"signed_at\""));

  /* Two flushes at once: the second waits for the first's outcome. */
  sd_platform_usage_queue_flush_async (queue, client, NULL, on_ready, NULL);
  sd_platform_usage_queue_flush_async (queue, client, NULL, on_ready, NULL);
  first = g_object_ref (await ());
  g_assert_false (sd_platform_usage_queue_flush_finish (queue, first, &n_sent, &n_rejected,
                                                        &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_NETWORK);
  g_assert_cmpuint (n_sent, ==, 0);
  g_assert_cmpuint (n_rejected, ==, 0);
  g_clear_error (&error);
  g_assert_false (sd_platform_usage_queue_flush_finish (queue, await (), NULL, NULL, &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpuint (sd_platform_usage_queue_get_length (queue, NULL), ==, 2);

  /* A damaged line does not block the queue; it is kept aside. */
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  {
    g_autofree char *damaged = g_strconcat (contents, "{\"id\": 3, garbage\n", NULL);

    g_assert_true (g_file_set_contents (path, damaged, -1, NULL));
  }
  g_assert_cmpuint (sd_platform_usage_queue_get_length (queue, NULL), ==, 2);
  g_assert_true (sd_platform_usage_queue_add (queue, 9, &sample_usage, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sd_platform_usage_queue_get_length (queue, NULL), ==, 3);
  g_assert_true (g_file_get_contents (sd_platform_usage_queue_get_rejected_path (queue), &rejected,
                                      NULL, NULL));
  g_assert_nonnull (strstr (rejected, "garbage"));
}

/* With the server */

static void
test_login_logout (void)
{
  g_autoptr(SdPlatformClient) client = NULL;
  g_autoptr(SdPlatformSession) session = NULL;
  g_autoptr(SdPlatformSession) current = NULL;
  g_autoptr(SdPlatformEnterprise) enterprise = NULL;
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GError) error = NULL;
  SdPlatformAccount *account;
  guint expired = 0;

  REQUIRE_SERVER ();
  client = new_client (shared_server.url);
  g_signal_connect (client, "session-expired", G_CALLBACK (on_session_expired), &expired);

  sd_platform_client_get_health_async (client, NULL, on_ready, NULL);
  g_assert_true (sd_platform_client_get_health_finish (client, await (), &error));
  g_assert_no_error (error);
  sd_platform_client_get_openapi_async (client, NULL, on_ready, NULL);
  document = sd_platform_client_get_openapi_finish (client, await (), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (document, NULL), "openapi: 3"));

  sd_platform_client_login_async (client, "zirol", "not-the-password", NULL, on_ready, NULL);
  session = sd_platform_client_login_finish (client, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpuint (sd_platform_error_get_status (error), ==, 401);
  g_assert_cmpstr (sd_platform_error_get_code_name (error), ==, "invalid_credentials");
  g_assert_false (sd_platform_client_is_logged_in (client));
  g_clear_error (&error);

  sd_platform_client_login_async (client, "zirol", shared_server.password, NULL, on_ready, NULL);
  session = sd_platform_client_login_finish (client, await (), &error);
  g_assert_no_error (error);
  g_assert_true (sd_platform_client_is_logged_in (client));
  g_assert_true (sd_platform_client_get_session (client) == session);
  g_assert_false (sd_platform_client_get_password_change_required (client));
  g_assert_cmpint (sd_platform_session_get_method (session), ==, SD_PLATFORM_SESSION_PASSWORD);
  g_assert_nonnull (sd_platform_session_get_expires_at (session));
  g_assert_true (sd_platform_session_has_permission (session, "accounts.manage"));
  account = sd_platform_session_get_account (session);
  g_assert_cmpint (sd_platform_account_get_kind (account), ==, SD_PLATFORM_ACCOUNT_KIND_MAIN);
  enterprise = g_object_ref (sd_platform_session_get_enterprise (session));
  g_assert_cmpuint (strlen (sd_platform_enterprise_get_uscc (enterprise)), ==, 18);
  g_clear_object (&enterprise);

  sd_platform_client_get_current_session_async (client, NULL, on_ready, NULL);
  current = sd_platform_client_get_current_session_finish (client, await (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sd_platform_account_get_id (sd_platform_session_get_account (current)), ==,
                   sd_platform_account_get_id (account));
  sd_platform_client_get_enterprise_async (client, NULL, on_ready, NULL);
  enterprise = sd_platform_client_get_enterprise_finish (client, await (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_platform_enterprise_get_uscc (enterprise), ==,
                   sd_platform_enterprise_get_uscc (sd_platform_session_get_enterprise (session)));

  sd_platform_client_logout_async (client, NULL, on_ready, NULL);
  g_assert_false (sd_platform_client_is_logged_in (client));
  g_assert_true (sd_platform_client_logout_finish (client, await (), &error));
  g_assert_no_error (error);
  g_assert_null (sd_platform_client_get_session (client));

  /* Signed out on purpose: no "session expired" */
  g_clear_object (&enterprise);
  sd_platform_client_get_enterprise_async (client, NULL, on_ready, NULL);
  enterprise = sd_platform_client_get_enterprise_finish (client, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_AUTHENTICATION_REQUIRED);
  g_assert_cmpuint (expired, ==, 0);
}

static void
test_accounts_list (void)
{
  g_autoptr(SdPlatformClient) admin = NULL;
  g_autoptr(SdPlatformListModel) model = NULL;
  g_autoptr(SdPlatformListModel) other = NULL;
  g_autoptr(SdPlatformAccount) first = NULL;
  g_autoptr(SdPlatformAccount) masked = NULL;
  g_autoptr(GError) error = NULL;
  SdPlatformAccountCreate off = { .login = "page-off", .name = "停用", .disabled = TRUE };

  REQUIRE_SERVER ();
  admin = login_admin ();
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *user = g_strdup_printf ("page-%02u", i);
      g_autoptr(SdPlatformAccount) account = create_account (admin, user,
                                                             i == 0 ? ID_NUMBER_A : NULL, NULL);
    }
  g_clear_object (&first);
  sd_platform_client_create_account_async (admin, &off, NULL, on_ready, NULL);
  first = sd_platform_client_create_account_finish (admin, await (), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (sd_platform_account_get_enabled (first));
  g_clear_object (&first);

  model = sd_platform_list_model_new (admin, SD_PLATFORM_LIST_ACCOUNTS, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == SD_TYPE_PLATFORM_ACCOUNT);
  sd_platform_list_model_set_filter (model, "login", "page-");
  sd_platform_list_model_set_filter (model, "enabled", "true");
  sd_platform_list_model_load_async (model, NULL, on_ready, NULL);
  g_assert_true (sd_platform_list_model_get_loading (model));
  g_assert_true (sd_platform_list_model_load_finish (model, await (), &error));
  g_assert_no_error (error);
  g_assert_false (sd_platform_list_model_get_loading (model));
  g_assert_cmpuint (sd_platform_list_model_get_total (model), ==, 12);
  g_assert_cmpuint (sd_platform_list_model_get_n_pages (model), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);
  /* Ordered by creation; ID numbers masked in lists */
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (sd_platform_account_get_login (first), ==, "page-00");
  g_assert_nonnull (sd_platform_account_get_id_number (first));
  g_assert_nonnull (strchr (sd_platform_account_get_id_number (first), '*'));
  g_assert_cmpstr (sd_platform_account_get_updated_by (first), ==, "zirol");

  sd_platform_list_model_set_page (model, 2);
  sd_platform_list_model_load_async (model, NULL, on_ready, NULL);
  g_assert_true (sd_platform_list_model_load_finish (model, await (), &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_cmpstr (sd_platform_account_get_login (first), ==, "page-11");

  sd_platform_list_model_set_per_page (model, 20);
  g_assert_cmpuint (sd_platform_list_model_get_page (model), ==, 1);
  sd_platform_list_model_load_async (model, NULL, on_ready, NULL);
  g_assert_true (sd_platform_list_model_load_finish (model, await (), &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 12);
  g_assert_cmpuint (sd_platform_list_model_get_n_pages (model), ==, 1);

  /* 启用状态 关 */
  sd_platform_list_model_set_filter (model, "enabled", "false");
  sd_platform_list_model_load_async (model, NULL, on_ready, NULL);
  g_assert_true (sd_platform_list_model_load_finish (model, await (), &error));
  g_assert_cmpuint (sd_platform_list_model_get_total (model), ==, 1);

  /* Substring of the name; the main account by kind; 重置 */
  other = load_list (admin, SD_PLATFORM_LIST_ACCOUNTS, 0, "name", "木", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other)), ==, 1);
  g_clear_object (&other);
  other = load_list (admin, SD_PLATFORM_LIST_ACCOUNTS, 0, "kind", "main", NULL);
  g_assert_cmpuint (sd_platform_list_model_get_total (other), ==, 1);
  sd_platform_list_model_clear_filters (model);
  sd_platform_list_model_load_async (model, NULL, on_ready, NULL);
  g_assert_true (sd_platform_list_model_load_finish (model, await (), &error));
  g_assert_cmpuint (sd_platform_list_model_get_total (model), >=, 16);

  /* The server sorts, then pages: page 2 goes on where page 1 ended */
  sd_platform_list_model_set_filter (model, "login", "page-");
  sd_platform_list_model_set_per_page (model, 10);
  sd_platform_list_model_set_sort (model, "login", TRUE);
  sd_platform_list_model_load_async (model, NULL, on_ready, NULL);
  g_assert_true (sd_platform_list_model_load_finish (model, await (), &error));
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (sd_platform_account_get_login (first), ==, "page-off");
  sd_platform_list_model_set_page (model, 2);
  sd_platform_list_model_load_async (model, NULL, on_ready, NULL);
  g_assert_true (sd_platform_list_model_load_finish (model, await (), &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (model), 2);
  g_assert_cmpstr (sd_platform_account_get_login (first), ==, "page-00");
  /* 重置 clears the filters, not the sort */
  sd_platform_list_model_clear_filters (model);
  g_assert_cmpstr (sd_platform_list_model_get_sort (model, NULL), ==, "login");
  sd_platform_list_model_set_sort (model, NULL, FALSE);
  g_assert_null (sd_platform_list_model_get_sort (model, NULL));

  /* A later load wins over one still under way. */
  sd_platform_list_model_load_async (model, NULL, on_ready, NULL);
  sd_platform_list_model_load_async (model, NULL, NULL, NULL);
  g_assert_false (sd_platform_list_model_load_finish (model, await (), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  while (sd_platform_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (sd_platform_list_model_get_total (model), >=, 16);
}

static void
test_accounts_edit (void)
{
  g_autoptr(SdPlatformClient) admin = NULL;
  g_autoptr(SdPlatformAccount) created = NULL;
  g_autoptr(SdPlatformAccount) fetched = NULL;
  g_autoptr(SdPlatformAccount) renamed = NULL;
  g_autoptr(SdPlatformAccount) stale = NULL;
  g_autoptr(SdPlatformAccount) disabled = NULL;
  g_autoptr(SdPlatformAccount) main_account = NULL;
  g_autoptr(SdPlatformListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  SdPlatformAccountUpdate rename = { SD_PLATFORM_ACCOUNT_UPDATE_NAME, .name = "编辑后" };
  SdPlatformAccountUpdate disable = { SD_PLATFORM_ACCOUNT_UPDATE_ENABLED, .enabled = FALSE };
  SdPlatformAccountUpdate bad_id = { SD_PLATFORM_ACCOUNT_UPDATE_ID_NUMBER,
                                     .id_number = "110105194912310021" };
  SdPlatformAccountCreate bad_login = { .login = "bad login!", .name = "x" };
  SdPlatformAccountCreate taken = { .login = "edit-user", .name = "x" };

  REQUIRE_SERVER ();
  admin = login_admin ();
  created = create_account (admin, "edit-user", NULL, NULL);

  sd_platform_client_get_account_async (admin, sd_platform_account_get_id (created), NULL,
                                        on_ready, NULL);
  fetched = sd_platform_client_get_account_finish (admin, await (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_platform_account_get_etag (fetched), ==,
                   sd_platform_account_get_etag (created));

  sd_platform_client_update_account_async (admin, fetched, &rename, NULL, on_ready, NULL);
  renamed = sd_platform_client_update_account_finish (admin, await (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_platform_account_get_name (renamed), ==, "编辑后");
  g_assert_cmpint (sd_platform_account_get_version (renamed), >,
                   sd_platform_account_get_version (fetched));
  g_assert_cmpstr (sd_platform_account_get_etag (renamed), !=,
                   sd_platform_account_get_etag (fetched));

  /* A second admin working from the old copy: refused, not overwritten */
  sd_platform_client_update_account_async (admin, fetched, &disable, NULL, on_ready, NULL);
  stale = sd_platform_client_update_account_finish (admin, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_VERSION_CONFLICT);
  g_assert_cmpuint (sd_platform_error_get_status (error), ==, 412);
  g_clear_error (&error);

  sd_platform_client_update_account_async (admin, renamed, &disable, NULL, on_ready, NULL);
  disabled = sd_platform_client_update_account_finish (admin, await (), &error);
  g_assert_no_error (error);
  g_assert_false (sd_platform_account_get_enabled (disabled));

  model = load_list (admin, SD_PLATFORM_LIST_ACCOUNTS, 0, "login", "edit-user", NULL);
  g_assert_true (sd_platform_list_model_replace_item (model, disabled));
  {
    g_autoptr(SdPlatformAccount) shown = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_true (shown == disabled);
  }

  /* Validation errors name their field. */
  g_clear_object (&stale);
  sd_platform_client_update_account_async (admin, disabled, &bad_id, NULL, on_ready, NULL);
  stale = sd_platform_client_update_account_finish (admin, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_INVALID_ID_NUMBER);
  g_assert_cmpstr (sd_platform_error_get_field (error), ==, "id_number");
  g_clear_error (&error);

  sd_platform_client_create_account_async (admin, &bad_login, NULL, on_ready, NULL);
  g_assert_null (sd_platform_client_create_account_finish (admin, await (), NULL, &error));
  g_assert_error (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_INVALID_FIELD);
  g_assert_cmpstr (sd_platform_error_get_field (error), ==, "login");
  g_clear_error (&error);

  sd_platform_client_create_account_async (admin, &taken, NULL, on_ready, NULL);
  g_assert_null (sd_platform_client_create_account_finish (admin, await (), NULL, &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_LOGIN_TAKEN);
  g_clear_error (&error);

  main_account = find_account (admin, "zirol");
  g_clear_object (&stale);
  sd_platform_client_update_account_async (admin, main_account, &disable, NULL, on_ready, NULL);
  stale = sd_platform_client_update_account_finish (admin, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_MAIN_ACCOUNT_CANNOT_BE_DISABLED);
}

static void
test_roles (void)
{
  g_autoptr(SdPlatformClient) admin = NULL;
  g_autoptr(SdPlatformListModel) roles = NULL;
  g_autoptr(GListModel) permissions = NULL;
  g_autoptr(SdPlatformRole) custom = NULL;
  g_autoptr(SdPlatformRole) edited = NULL;
  g_autoptr(SdPlatformRole) refused = NULL;
  g_autoptr(SdPlatformRole) builtin = NULL;
  g_autoptr(SdPlatformAccount) account = NULL;
  g_autoptr(SdPlatformAccount) assigned = NULL;
  g_autoptr(SdPlatformAccount) stale = NULL;
  g_autoptr(SdPlatformAccount) main_account = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const auditor[] = { "audit.read", "accounts.read", NULL };
  static const char * const reader[] = { "accounts.read", NULL };
  SdPlatformRoleCreate create = { "审核员", "Reads the log", auditor };
  SdPlatformRoleUpdate narrow = { SD_PLATFORM_ROLE_UPDATE_PERMISSIONS
                                  | SD_PLATFORM_ROLE_UPDATE_DESCRIPTION,
                                  .description = "只读", .permissions = reader };
  gint64 quality_manager, super_admin;
  gint64 role_ids[2];
  gboolean found = FALSE;

  REQUIRE_SERVER ();
  admin = login_admin ();

  sd_platform_client_list_permissions_async (admin, NULL, on_ready, NULL);
  permissions = sd_platform_client_list_permissions_finish (admin, await (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (permissions), ==, 8);
  for (guint i = 0; i < g_list_model_get_n_items (permissions); i++)
    {
      g_autoptr(SdPlatformPermission) permission = g_list_model_get_item (permissions, i);

      g_assert_cmpstr (sd_platform_permission_get_description (permission), !=, "");
      found |= g_strcmp0 (sd_platform_permission_get_name (permission), "roles.manage") == 0;
    }
  g_assert_true (found);

  /* Built-in roles first */
  roles = load_list (admin, SD_PLATFORM_LIST_ROLES, 0, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (roles)), >=, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SdPlatformRole) role = g_list_model_get_item (G_LIST_MODEL (roles), i);

      g_assert_cmpint (sd_platform_role_get_builtin (role), !=, SD_PLATFORM_BUILTIN_ROLE_NONE);
    }
  quality_manager = builtin_role_id (admin, SD_PLATFORM_BUILTIN_ROLE_QUALITY_MANAGER);
  super_admin = builtin_role_id (admin, SD_PLATFORM_BUILTIN_ROLE_SUPER_ADMIN);

  sd_platform_client_create_role_async (admin, &create, NULL, on_ready, NULL);
  custom = sd_platform_client_create_role_finish (admin, await (), &error);
  g_assert_no_error (error);
  g_assert_true (sd_platform_role_has_permission (custom, "audit.read"));
  g_assert_cmpint (sd_platform_role_get_builtin (custom), ==, SD_PLATFORM_BUILTIN_ROLE_NONE);
  sd_platform_client_create_role_async (admin, &create, NULL, on_ready, NULL);
  refused = sd_platform_client_create_role_finish (admin, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_ROLE_NAME_TAKEN);
  g_clear_error (&error);

  /* 分配角色, with the account's ETag */
  account = create_account (admin, "role-user", NULL, NULL);
  role_ids[0] = quality_manager;
  role_ids[1] = sd_platform_role_get_id (custom);
  sd_platform_client_set_account_roles_async (admin, account, role_ids, 2, NULL, on_ready, NULL);
  assigned = sd_platform_client_set_account_roles_finish (admin, await (), &error);
  g_assert_no_error (error);
  g_assert_true (sd_platform_account_has_role (assigned, quality_manager));
  g_assert_true (sd_platform_account_has_role (assigned, sd_platform_role_get_id (custom)));
  g_assert_true (g_strv_contains (sd_platform_account_get_role_names (assigned), "审核员"));
  g_assert_true (sd_platform_account_has_permission (assigned, "audit.read"));
  g_assert_cmpint (sd_platform_account_get_version (assigned), >,
                   sd_platform_account_get_version (account));
  sd_platform_client_set_account_roles_async (admin, account, role_ids, 1, NULL, on_ready, NULL);
  stale = sd_platform_client_set_account_roles_finish (admin, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_VERSION_CONFLICT);
  g_clear_error (&error);

  /* The main account keeps 超级管理员. */
  main_account = find_account (admin, "zirol");
  g_assert_true (sd_platform_account_has_role (main_account, super_admin));
  sd_platform_client_set_account_roles_async (admin, main_account, &quality_manager, 1, NULL,
                                              on_ready, NULL);
  g_assert_null (sd_platform_client_set_account_roles_finish (admin, await (), &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_MAIN_ACCOUNT_SUPER_ADMIN_REQUIRED);
  g_clear_error (&error);

  sd_platform_client_update_role_async (admin, custom, &narrow, NULL, on_ready, NULL);
  edited = sd_platform_client_update_role_finish (admin, await (), &error);
  g_assert_no_error (error);
  g_assert_false (sd_platform_role_has_permission (edited, "audit.read"));
  g_assert_cmpstr (sd_platform_role_get_description (edited), ==, "只读");
  g_clear_object (&refused);
  sd_platform_client_update_role_async (admin, custom, &narrow, NULL, on_ready, NULL);
  refused = sd_platform_client_update_role_finish (admin, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_VERSION_CONFLICT);
  g_clear_error (&error);
  sd_platform_client_get_role_async (admin, quality_manager, NULL, on_ready, NULL);
  builtin = sd_platform_client_get_role_finish (admin, await (), &error);
  g_assert_no_error (error);
  sd_platform_client_update_role_async (admin, builtin, &narrow, NULL, on_ready, NULL);
  g_assert_null (sd_platform_client_update_role_finish (admin, await (), &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_BUILTIN_ROLE);
  g_clear_error (&error);

  /* Deleted only once nobody holds it */
  sd_platform_client_delete_role_async (admin, edited, NULL, on_ready, NULL);
  g_assert_false (sd_platform_client_delete_role_finish (admin, await (), &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_ROLE_IN_USE);
  g_clear_error (&error);
  g_clear_object (&stale);
  sd_platform_client_set_account_roles_async (admin, assigned, &quality_manager, 1, NULL, on_ready,
                                              NULL);
  stale = sd_platform_client_set_account_roles_finish (admin, await (), &error);
  g_assert_no_error (error);
  g_clear_object (&edited);
  sd_platform_client_get_role_async (admin, sd_platform_role_get_id (custom), NULL, on_ready, NULL);
  edited = sd_platform_client_get_role_finish (admin, await (), &error);
  g_assert_no_error (error);
  sd_platform_client_delete_role_async (admin, edited, NULL, on_ready, NULL);
  g_assert_true (sd_platform_client_delete_role_finish (admin, await (), &error));
  g_assert_no_error (error);
  g_clear_object (&refused);
  sd_platform_client_get_role_async (admin, sd_platform_role_get_id (custom), NULL, on_ready, NULL);
  refused = sd_platform_client_get_role_finish (admin, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_NOT_FOUND);
}

/* 密码重置: the forced change, and a session the server ends while the
 * app still shows its lists */
static void
test_password_reset (void)
{
  g_autoptr(SdPlatformClient) admin = NULL;
  g_autoptr(SdPlatformClient) user = NULL;
  g_autoptr(SdPlatformAccount) account = NULL;
  g_autoptr(SdPlatformAccount) reset = NULL;
  g_autoptr(SdPlatformAccount) with_role = NULL;
  g_autoptr(SdPlatformListModel) model = NULL;
  g_autoptr(SdPlatformSession) session = NULL;
  g_autoptr(SdSecret) first_password = NULL;
  g_autoptr(SdSecret) second_password = NULL;
  g_autoptr(GError) error = NULL;
  gint64 quality_manager;
  guint expired = 0, n_items;

  REQUIRE_SERVER ();
  admin = login_admin ();
  account = create_account (admin, "expiry-user", NULL, &first_password);
  quality_manager = builtin_role_id (admin, SD_PLATFORM_BUILTIN_ROLE_QUALITY_MANAGER);
  sd_platform_client_set_account_roles_async (admin, account, &quality_manager, 1, NULL, on_ready,
                                              NULL);
  with_role = sd_platform_client_set_account_roles_finish (admin, await (), &error);
  g_assert_no_error (error);

  user = login_as ("expiry-user", first_password);
  g_signal_connect (user, "session-expired", G_CALLBACK (on_session_expired), &expired);
  g_assert_true (sd_platform_client_get_password_change_required (user));
  model = sd_platform_list_model_new (user, SD_PLATFORM_LIST_ACCOUNTS, 0);
  sd_platform_list_model_load_async (model, NULL, on_ready, NULL);
  g_assert_false (sd_platform_list_model_load_finish (model, await (), &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_PASSWORD_CHANGE_REQUIRED);
  g_clear_error (&error);

  sd_platform_client_change_password_async (user, first_password, "short", NULL, on_ready, NULL);
  g_assert_false (sd_platform_client_change_password_finish (user, await (), &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_PASSWORD_TOO_WEAK);
  g_clear_error (&error);
  sd_platform_client_change_password_async (user, first_password, "Expiry-Pass-2026!", NULL,
                                            on_ready, NULL);
  g_assert_true (sd_platform_client_change_password_finish (user, await (), &error));
  g_assert_no_error (error);
  g_assert_false (sd_platform_client_get_password_change_required (user));

  sd_platform_list_model_load_async (model, NULL, on_ready, NULL);
  g_assert_true (sd_platform_list_model_load_finish (model, await (), &error));
  g_assert_no_error (error);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n_items, >, 0);

  /* The reset ends the user's sessions. */
  sd_platform_client_reset_password_async (admin, sd_platform_account_get_id (account), NULL,
                                           on_ready, NULL);
  reset = sd_platform_client_reset_password_finish (admin, await (), &second_password, &error);
  g_assert_no_error (error);
  g_assert_true (sd_platform_account_get_must_change_password (reset));
  g_assert_cmpstr (second_password, !=, first_password);

  sd_platform_list_model_load_async (model, NULL, on_ready, NULL);
  g_assert_false (sd_platform_list_model_load_finish (model, await (), &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_AUTHENTICATION_REQUIRED);
  g_clear_error (&error);
  g_assert_cmpuint (expired, ==, 1);
  g_assert_false (sd_platform_client_is_logged_in (user));
  /* The screen keeps what it showed. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_items);
  sd_platform_list_model_load_async (model, NULL, on_ready, NULL);
  g_assert_false (sd_platform_list_model_load_finish (model, await (), &error));
  g_clear_error (&error);
  g_assert_cmpuint (expired, ==, 1);

  /* Back in with the new temporary password, which must be changed */
  sd_platform_client_login_async (user, "expiry-user", second_password, NULL, on_ready, NULL);
  session = sd_platform_client_login_finish (user, await (), &error);
  g_assert_no_error (error);
  g_assert_true (sd_platform_session_get_must_change_password (session));
  g_assert_true (sd_platform_client_get_password_change_required (user));
}

/* The server's messages come in the client's language (Accept-Language). */
static void
test_language (void)
{
  g_autoptr(SdPlatformClient) en = NULL;
  g_autoptr(SdPlatformClient) zh = NULL;
  g_autoptr(GError) en_error = NULL;
  g_autoptr(GError) zh_error = NULL;

  REQUIRE_SERVER ();
  en = new_client (shared_server.url);
  zh = new_client (shared_server.url);
  sd_platform_client_set_language (zh, "zh-CN");
  g_assert_cmpstr (sd_platform_client_get_language (zh), ==, "zh-CN");

  sd_platform_client_login_async (en, "mu", "not-the-password", NULL, on_ready, NULL);
  g_assert_null (sd_platform_client_login_finish (en, await (), &en_error));
  assert_platform_error (en_error, SD_PLATFORM_ERROR_INVALID_CREDENTIALS);
  sd_platform_client_login_async (zh, "mu", "not-the-password", NULL, on_ready, NULL);
  g_assert_null (sd_platform_client_login_finish (zh, await (), &zh_error));
  assert_platform_error (zh_error, SD_PLATFORM_ERROR_INVALID_CREDENTIALS);
  g_test_message ("en: %s / zh-CN: %s", en_error->message, zh_error->message);
  /* Failed without aborting, so that the server is stopped cleanly. */
  if (g_str_is_ascii (zh_error->message) || g_str_equal (en_error->message, zh_error->message))
    {
      g_test_message ("the zh-CN message is not Chinese: the server's messages lack zh_CN");
      g_test_fail ();
    }
}

/* 5 failures in a row lock the account (423, Retry-After); a reset lifts it. */
static void
test_lockout (void)
{
  g_autoptr(SdPlatformClient) admin = NULL;
  g_autoptr(SdPlatformClient) client = NULL;
  g_autoptr(SdPlatformClient) unlocked = NULL;
  g_autoptr(SdPlatformAccount) account = NULL;
  g_autoptr(SdPlatformAccount) reset = NULL;
  g_autoptr(SdSecret) password = NULL;
  g_autoptr(SdSecret) new_password = NULL;
  g_autoptr(GError) error = NULL;

  REQUIRE_SERVER ();
  admin = login_admin ();
  account = create_account (admin, "lock-user", NULL, &password);
  client = new_client (shared_server.url);
  for (guint i = 0; i < 5; i++)
    {
      sd_platform_client_login_async (client, "lock-user", "wrong-password", NULL, on_ready, NULL);
      g_assert_null (sd_platform_client_login_finish (client, await (), &error));
      /* The fifth failure may already say why. */
      if (i < 4 || !g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_ACCOUNT_LOCKED))
        assert_platform_error (error, SD_PLATFORM_ERROR_INVALID_CREDENTIALS);
      g_clear_error (&error);
    }
  /* Even the right password now */
  sd_platform_client_login_async (client, "lock-user", password, NULL, on_ready, NULL);
  g_assert_null (sd_platform_client_login_finish (client, await (), &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_ACCOUNT_LOCKED);
  g_assert_cmpuint (sd_platform_error_get_status (error), ==, 423);
  g_assert_cmpuint (sd_platform_error_get_retry_after (error), >, 0);
  g_assert_cmpuint (sd_platform_error_get_retry_after (error), <=, 15 * 60);
  g_clear_error (&error);

  sd_platform_client_reset_password_async (admin, sd_platform_account_get_id (account), NULL,
                                           on_ready, NULL);
  reset = sd_platform_client_reset_password_finish (admin, await (), &new_password, &error);
  g_assert_no_error (error);
  unlocked = login_as ("lock-user", new_password);
  g_assert_true (sd_platform_client_get_password_change_required (unlocked));
}

int
main (int   argc,
      char *argv[])
{
  platform_test_init (&argc, &argv);

  g_test_add_func ("/platform/url", test_url);
  g_test_add_func ("/platform/error-codes", test_error_codes);
  g_test_add_func ("/platform/enums", test_enums);
  g_test_add_func ("/platform/retries", test_retries);
  g_test_add_func ("/platform/timeout", test_timeout);
  g_test_add_func ("/platform/usage-queue-offline", test_usage_queue_offline);
  g_test_add_func ("/platform/login-logout", test_login_logout);
  g_test_add_func ("/platform/accounts-list", test_accounts_list);
  g_test_add_func ("/platform/accounts-edit", test_accounts_edit);
  g_test_add_func ("/platform/roles", test_roles);
  g_test_add_func ("/platform/password-reset", test_password_reset);
  g_test_add_func ("/platform/lockout", test_lockout);
  /* Last: it fails while the server's messages have no zh_CN translation. */
  g_test_add_func ("/platform/language", test_language);

  return platform_test_run ();
}
