/* test-platform-server.c: the real platform server for the client tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "sd-key-file-signer.h"
#include "sd-secure.h"

#include "test-platform-server.h"

char *work_dir;

Server shared_server;
char *server_failure;

/* Waiting for asynchronous calls */

/* Results in the order they came; await () takes the oldest. */
static GQueue pending_results = G_QUEUE_INIT;
static GAsyncResult *last_result;

void
on_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_queue_push_tail (&pending_results, g_object_ref (result));
}

/* Runs the main context until a call has finished; the result stays
 * valid until the next await (). */
GAsyncResult *
await (void)
{
  g_clear_object (&last_result);
  while (g_queue_is_empty (&pending_results))
    g_main_context_iteration (NULL, TRUE);
  last_result = g_queue_pop_head (&pending_results);
  return last_result;
}

gboolean
on_timeout_cancel (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Fixtures made with the openssl tool */

void
openssl (const char *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  va_list ap;

  g_ptr_array_add (args, (gpointer) "openssl");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  if (!g_spawn_sync (work_dir, (char **) args->pdata, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                     &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("openssl %s: %s %s", first, error->message, err != NULL ? err : "");
}

char *
work_path (const char *name)
{
  return g_build_filename (work_dir, name, NULL);
}

void
write_work_file (const char *name,
                 const char *contents)
{
  g_autofree char *path = work_path (name);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

void
make_ca (const char *name)
{
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *crt = g_strconcat (name, ".crt", NULL);
  g_autofree char *subject = g_strdup_printf ("/CN=SealDesk Test %s/O=SealDesk 测试", name);

  openssl ("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", crt, "-subj",
           subject, "-utf8", "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE",
           "-addext", "keyUsage=critical,keyCertSign,cRLSign", NULL);
}

/* A leaf certificate of the test CA @ca.  @key_alg: "rsa", "ec" or "sm2";
 * @ext: extension lines for the extension file. */
void
make_leaf_of (const char *ca,
              const char *name,
              const char *key_alg,
              const char *subject,
              const char *ext)
{
  g_autofree char *ca_crt = g_strconcat (ca, ".crt", NULL);
  g_autofree char *ca_key = g_strconcat (ca, ".key", NULL);
  static guint serial = 0x5d000;
  g_autofree char *key = g_strconcat (name, ".key", NULL);
  g_autofree char *csr = g_strconcat (name, ".csr", NULL);
  g_autofree char *crt = g_strconcat (name, ".crt", NULL);
  g_autofree char *cnf = g_strconcat (name, ".cnf", NULL);
  g_autofree char *serial_hex = g_strdup_printf ("0x%x", ++serial);
  g_autofree char *cnf_text = g_strdup_printf ("[leaf]\nbasicConstraints = CA:FALSE\n%s\n", ext);

  write_work_file (cnf, cnf_text);
  if (g_str_equal (key_alg, "sm2"))
    {
      openssl ("genpkey", "-algorithm", "SM2", "-out", key, NULL);
      openssl ("req", "-new", "-key", key, "-sm3", "-sigopt", "distid:1234567812345678", "-subj",
               subject, "-utf8", "-out", csr, NULL);
    }
  else
    openssl ("req", "-new", "-newkey", g_str_equal (key_alg, "ec") ? "ec" : "rsa:2048",
             "-pkeyopt", g_str_equal (key_alg, "ec") ? "ec_paramgen_curve:P-256"
                                                      : "rsa_keygen_bits:2048",
             "-nodes", "-keyout", key, "-subj", subject, "-utf8", "-out", csr, NULL);
  /* The request's own SM2 signature is checked with the GM ID. */
  openssl ("x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key, "-set_serial",
           serial_hex, "-days", "30", "-sha256", "-extfile", cnf, "-extensions", "leaf", "-out",
           crt, g_str_equal (key_alg, "sm2") ? "-vfyopt" : NULL, "distid:1234567812345678",
           NULL);
}

void
make_leaf (const char *name,
           const char *key_alg,
           const char *subject,
           const char *ext)
{
  make_leaf_of ("ca", name, key_alg, subject, ext);
}

SdSigner *
load_signer (const char *name)
{
  g_autofree char *key = g_strconcat (work_dir, "/", name, ".key", NULL);
  g_autofree char *crt = g_strconcat (work_dir, "/", name, ".crt", NULL);
  g_autoptr(GError) error = NULL;
  SdSigner *signer = sd_key_file_signer_new_from_pem (key, NULL, crt, NULL, &error);

  g_assert_no_error (error);
  return signer;
}

/* SHA-256 of the DER certificate, made by the openssl tool, not the library */
char *
der_fingerprint (const char *name)
{
  g_autofree char *crt = g_strconcat (name, ".crt", NULL);
  g_autofree char *der = g_strconcat (name, ".der", NULL);
  g_autofree char *der_path = work_path (der);
  g_autofree char *contents = NULL;
  gsize length = 0;

  openssl ("x509", "-in", crt, "-outform", "DER", "-out", der, NULL);
  g_assert_true (g_file_get_contents (der_path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* The server */

static void
kill_with_parent (gpointer user_data)
{
  /* Runs in the child: a test that crashes leaves no server behind. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char *
read_line (GDataInputStream *stream,
           guint             seconds)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint timeout = g_timeout_add_seconds (seconds, on_timeout_cancel, cancellable);
  char *line;

  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, cancellable, on_ready, NULL);
  line = g_data_input_stream_read_line_finish_utf8 (stream, await (), NULL, &error);
  if (!g_cancellable_is_cancelled (cancellable))
    g_source_remove (timeout);
  return line;
}

/* Keeps reading what the server prints, so that its pipe never fills. */
static void
on_drained_line (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GDataInputStream *stream = G_DATA_INPUT_STREAM (source);
  GCancellable *cancellable = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (stream, result, NULL, NULL);

  if (line != NULL && !g_cancellable_is_cancelled (cancellable))
    g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, cancellable,
                                         on_drained_line, cancellable);
}

/* Runs the server on server->data_dir, listening on @listen */
static gboolean
launch (Server      *server,
        const char  *listen,
        const char  *tls_cert,
        const char  *tls_key,
        char       **failure)
{
  const char *binary = g_getenv ("SEALDESK_PLATFORM_SERVER");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GDataInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) output = g_string_new (NULL);

  if (binary == NULL || !g_file_test (binary, G_FILE_TEST_IS_EXECUTABLE))
    {
      *failure = g_strdup_printf ("the server binary %s does not exist (not built yet?)",
                                  binary != NULL ? binary : "(SEALDESK_PLATFORM_SERVER unset)");
      return FALSE;
    }
  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, (gpointer) "--data");
  g_ptr_array_add (argv, server->data_dir);
  g_ptr_array_add (argv, (gpointer) "--listen");
  g_ptr_array_add (argv, (gpointer) listen);
  g_ptr_array_add (argv, (gpointer) "--demo");
  g_ptr_array_add (argv, (gpointer) "--allow-registration");
  /* The cheapest password hashing the server takes: tests log in a lot. */
  g_ptr_array_add (argv, (gpointer) "--scrypt-log-n");
  g_ptr_array_add (argv, (gpointer) "14");
  if (tls_cert != NULL)
    {
      g_ptr_array_add (argv, (gpointer) "--tls-cert");
      g_ptr_array_add (argv, (gpointer) tls_cert);
      g_ptr_array_add (argv, (gpointer) "--tls-key");
      g_ptr_array_add (argv, (gpointer) tls_key);
    }
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_child_setup (launcher, kill_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                  &error);
  g_assert_no_error (error);

  stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  while (server->url == NULL)
    {
      g_autofree char *line = read_line (stream, 60);
      const char *at;

      if (line == NULL)
        {
          *failure = g_strdup_printf ("the server stopped or said nothing for 60 s:\n%s",
                                      output->str);
          return FALSE;
        }
      g_string_append_printf (output, "%s\n", line);
      if (g_str_has_prefix (line, "demo: login=zirol password="))
        server->password = g_strdup (line + strlen ("demo: login=zirol password="));
      else if ((at = strstr (line, "ready at ")) != NULL)
        server->url = g_strndup (at + strlen ("ready at "),
                                 strcspn (at + strlen ("ready at "), " \n"));
    }
  if (server->password == NULL)
    {
      *failure = g_strdup_printf ("no demo password line:\n%s", output->str);
      return FALSE;
    }

  server->drain = g_cancellable_new ();
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, server->drain,
                                       on_drained_line, server->drain);
  return TRUE;
}

gboolean
server_start (Server      *server,
              const char  *tls_cert,
              const char  *tls_key,
              char       **failure)
{
  /* Inside work_dir: a test that aborts leaves one directory behind, not
   * one per server. */
  server->data_dir = g_build_filename (work_dir, "server-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (server->data_dir));
  /* Port 0: the kernel picks a free one; the ready line says which. */
  return launch (server, "127.0.0.1:0", tls_cert, tls_key, failure);
}

gboolean
server_restart (Server      *server,
                const char  *tls_cert,
                const char  *tls_key,
                char       **failure)
{
  g_autoptr(GUri) uri = g_uri_parse (server->url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *listen = NULL;

  g_assert_nonnull (uri);
  g_assert_null (server->process);
  listen = g_strdup_printf ("127.0.0.1:%d", g_uri_get_port (uri));
  g_clear_pointer (&server->url, g_free);
  g_clear_pointer (&server->password, sd_secure_free);
  return launch (server, listen, tls_cert, tls_key, failure);
}

void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
server_halt (Server *server)
{
  if (server->process != NULL)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      guint timeout;

      g_cancellable_cancel (server->drain);
      g_subprocess_send_signal (server->process, SIGTERM);
      timeout = g_timeout_add_seconds (20, on_timeout_cancel, cancellable);
      g_subprocess_wait_async (server->process, cancellable, on_ready, NULL);
      if (!g_subprocess_wait_finish (server->process, await (), NULL))
        {
          g_test_message ("the server did not stop on SIGTERM: killed");
          g_subprocess_force_exit (server->process);
          g_subprocess_wait (server->process, NULL, NULL);
        }
      else
        g_source_remove (timeout);
      /* Reaped now: the pid is free. */
      g_clear_object (&server->process);
    }
  g_clear_object (&server->drain);
}

void
server_stop (Server *server)
{
  server_halt (server);
  if (server->data_dir != NULL)
    rm_rf (server->data_dir);
  g_clear_pointer (&server->data_dir, g_free);
  g_clear_pointer (&server->url, g_free);
  g_clear_pointer (&server->password, sd_secure_free);
}

/* Clients */

SdPlatformClient *
new_client (const char *url)
{
  g_autoptr(GError) error = NULL;
  SdPlatformClient *client = sd_platform_client_new (url, &error);

  g_assert_no_error (error);
  sd_platform_client_set_language (client, "en");
  return client;
}

SdPlatformClient *
login_as (const char *user,
          const char *password)
{
  g_autoptr(SdPlatformClient) client = new_client (shared_server.url);
  g_autoptr(SdPlatformSession) session = NULL;
  g_autoptr(GError) error = NULL;

  sd_platform_client_login_async (client, user, password, NULL, on_ready, NULL);
  session = sd_platform_client_login_finish (client, await (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_platform_account_get_login (sd_platform_session_get_account (session)), ==,
                   user);
  return g_steal_pointer (&client);
}

SdPlatformClient *
login_admin (void)
{
  return login_as ("zirol", shared_server.password);
}

SdPlatformListModel *
load_list (SdPlatformClient   *client,
           SdPlatformListKind  kind,
           gint64              parent_id,
           const char         *first_filter,
           ...)
{
  g_autoptr(SdPlatformListModel) model = sd_platform_list_model_new (client, kind, parent_id);
  g_autoptr(GError) error = NULL;
  va_list ap;

  va_start (ap, first_filter);
  for (const char *name = first_filter; name != NULL; name = va_arg (ap, const char *))
    sd_platform_list_model_set_filter (model, name, va_arg (ap, const char *));
  va_end (ap);
  sd_platform_list_model_set_per_page (model, 100);
  sd_platform_list_model_load_async (model, NULL, on_ready, NULL);
  sd_platform_list_model_load_finish (model, await (), &error);
  g_assert_no_error (error);
  return g_steal_pointer (&model);
}

SdPlatformAccount *
find_account (SdPlatformClient *client,
              const char       *user)
{
  g_autoptr(SdPlatformListModel) model = load_list (client, SD_PLATFORM_LIST_ACCOUNTS, 0,
                                                    "login", user, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(SdPlatformAccount) account = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (g_str_equal (sd_platform_account_get_login (account), user))
        return g_steal_pointer (&account);
    }
  g_error ("no account %s", user);
}

/* A new sub-account; its temporary password goes to @password. */
SdPlatformAccount *
create_account (SdPlatformClient  *admin,
                const char        *user,
                const char        *id_number,
                char             **password)
{
  SdPlatformAccountCreate create = { .login = user, .name = user, .id_number = id_number };
  g_autoptr(SdSecret) temporary = NULL;
  g_autoptr(GError) error = NULL;
  SdPlatformAccount *account;

  sd_platform_client_create_account_async (admin, &create, NULL, on_ready, NULL);
  account = sd_platform_client_create_account_finish (admin, await (), &temporary, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_platform_account_get_login (account), ==, user);
  g_assert_true (sd_platform_account_get_must_change_password (account));
  g_assert_nonnull (temporary);
  g_assert_cmpuint (strlen (temporary), >=, 8);
  if (password != NULL)
    *password = g_steal_pointer (&temporary);
  return account;
}

gint64
builtin_role_id (SdPlatformClient      *client,
                 SdPlatformBuiltinRole  builtin)
{
  g_autoptr(SdPlatformListModel) roles = load_list (client, SD_PLATFORM_LIST_ROLES, 0, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (roles)); i++)
    {
      g_autoptr(SdPlatformRole) role = g_list_model_get_item (G_LIST_MODEL (roles), i);

      if (sd_platform_role_get_builtin (role) == builtin)
        return sd_platform_role_get_id (role);
    }
  g_error ("no built-in role %d", builtin);
}

/* GB 11643: the ID number whose 17 first characters are @body */
char *
make_id_number (const char *body)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  for (int i = 0; i < 17; i++)
    sum += (body[i] - '0') * weights[i];
  return g_strdup_printf ("%s%c", body, "10X98765432"[sum % 11]);
}

guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  /* Closed again: nothing listens there, connections are refused. */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

void
on_session_expired (SdPlatformClient *client,
                    gpointer          user_data)
{
  (*(guint *) user_data)++;
}

void
platform_test_init (int    *argc,
                    char ***argv)
{
  g_autoptr(GError) error = NULL;

  /* Not G_TEST_OPTION_ISOLATE_DIRS: libsoup's proxy resolver needs the
   * system's GSettings schemas, and nothing here writes to XDG places. */
  g_test_init (argc, argv, NULL);
  work_dir = g_dir_make_tmp ("sealdesk-platform-test-XXXXXX", &error);
  g_assert_no_error (error);
  make_ca ("ca");
  if (!server_start (&shared_server, NULL, NULL, &server_failure))
    g_printerr ("# no platform server: %s\n", server_failure);
}

int
platform_test_run (void)
{
  int status = g_test_run ();

  server_stop (&shared_server);
  rm_rf (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&server_failure, g_free);
  g_clear_object (&last_result);
  return status;
}
