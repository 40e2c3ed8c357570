/* test-http.c: sd_http_fetch, with libsoup loaded on first use (this test
 * does not link it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sd-http.h"

/* One connection on a loopback port: the request read whole, a canned
 * answer written. */
typedef struct
{
  GSocketListener *listener;
  const char      *answer;
  GString         *request;
} Server;

static gpointer
serve_one (gpointer data)
{
  Server *server = data;
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  GInputStream *in;
  char buf[4096];
  gsize length = 0;

  conn = g_socket_listener_accept (server->listener, NULL, NULL, &error);
  g_assert_no_error (error);
  in = g_io_stream_get_input_stream (G_IO_STREAM (conn));
  server->request = g_string_new (NULL);
  while (TRUE)
    {
      const char *end = strstr (server->request->str, "\r\n\r\n");
      const char *cl = strstr (server->request->str, "Content-Length: ");
      gssize n;

      if (end != NULL)
        {
          length = cl != NULL ? g_ascii_strtoull (cl + 16, NULL, 10) : 0;
          if (server->request->len >= (gsize) (end + 4 - server->request->str) + length)
            break;
        }
      n = g_input_stream_read (in, buf, sizeof buf, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (server->request, buf, n);
    }
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), server->answer,
                             strlen (server->answer), NULL, NULL, &error);
  g_assert_no_error (error);
  g_io_stream_close (G_IO_STREAM (conn), NULL, NULL);
  return NULL;
}

static void
test_post (void)
{
  Server server = { g_socket_listener_new (), NULL, NULL };
  g_autoptr(GBytes) body = g_bytes_new_static ("query", 5);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *reason = NULL;
  GThread *thread;
  guint16 port;
  guint status = 0;

  port = g_socket_listener_add_any_inet_port (server.listener, NULL, &error);
  g_assert_no_error (error);
  server.answer = "HTTP/1.1 404 Not Found\r\nContent-Length: 6\r\nConnection: close\r\n\r\nanswer";
  thread = g_thread_new ("server", serve_one, &server);
  url = g_strdup_printf ("http://127.0.0.1:%u/tsa", port);

  response = sd_http_fetch (url, "application/timestamp-query", body, 10, NULL, &status, &reason,
                            &error);
  g_thread_join (thread);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (reason, ==, "Not Found");
  g_assert_cmpmem (g_bytes_get_data (response, NULL), g_bytes_get_size (response), "answer", 6);
  g_assert_true (g_str_has_prefix (server.request->str, "POST /tsa HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (server.request->str, "Content-Type: application/timestamp-query\r\n"));
  g_assert_true (g_str_has_suffix (server.request->str, "\r\n\r\nquery"));

  g_string_free (server.request, TRUE);
  g_object_unref (server.listener);
}

static void
test_invalid_url (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  guint status = 0;

  g_assert_null (sd_http_fetch ("http://[bad/", NULL, NULL, 10, NULL, &status, &reason, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (reason);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/http/post", test_post);
  g_test_add_func ("/http/invalid-url", test_invalid_url);

  return g_test_run ();
}
