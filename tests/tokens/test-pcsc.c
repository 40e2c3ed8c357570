/* test-pcsc.c: reader and card events from a real pcscd, and signing with
 * a virtual PIV card through OpenSC's PKCS#11 module and our PKCS#11 signer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs inside pcsc-sandbox.sh (its own /run/pcscd and network).  The test
 * starts pcscd in the foreground with vsmartcard's vpcd reader driver, and
 * inserts and removes cards by starting and killing piv-card.py (a PIV
 * applet on vicc's card hook).  vpcd's readers are static, so readers that
 * come and go are seen here only when pcscd itself goes and comes back;
 * the \\?PnP?\Notification path for USB readers is not exercised.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <winscard.h>

#include "sd-error.h"
#include "sd-pcsc-monitor.h"
#include "sd-pkcs11-module.h"
#include "sd-token-pkcs11.h"
#include "test-keys.h"
#include "token-test-util.h"

#define READER TT_VPCD_READER
#define CARD_PIN "123456"
#define TOKEN_LABEL "SealDesk PIV 测试"

static char *work_dir;
static const char *card_script;
static GSubprocess *pcscd;
static GSubprocess *card;
static SdPcscMonitor *monitor;
static GPtrArray *events;  /* "card-inserted Virtual PCD 00 00", … */
static GWeakRef last_module;

/* Processes */

static void
start_pcscd (void)
{
  g_assert_null (pcscd);
  pcscd = tt_start_pcscd (work_dir);
}

static void
insert_card (int tries)
{
  g_assert_null (card);
  card = tt_insert_piv_card (card_script, work_dir, CARD_PIN, tries,
                             test_keys_path ("piv-rsa.key"), test_keys_path ("piv-rsa.der"),
                             test_keys_path ("p256.key"), test_keys_path ("p256.der"));
}

static void
remove_card (void)
{
  tt_stop_process (&card, SIGKILL);
}

/* Monitor events */

static void
on_reader_added (SdPcscMonitor *m,
                 const char    *reader,
                 gpointer       user_data)
{
  g_ptr_array_add (events, g_strconcat ("reader-added ", reader, NULL));
}

static void
on_reader_removed (SdPcscMonitor *m,
                   const char    *reader,
                   gpointer       user_data)
{
  g_ptr_array_add (events, g_strconcat ("reader-removed ", reader, NULL));
}

static void
on_card_inserted (SdPcscMonitor *m,
                  const char    *reader,
                  GBytes        *atr,
                  gpointer       user_data)
{
  g_assert_cmpuint (g_bytes_get_size (atr), >, 2);
  g_ptr_array_add (events, g_strconcat ("card-inserted ", reader, NULL));
}

static void
on_card_removed (SdPcscMonitor *m,
                 const char    *reader,
                 gpointer       user_data)
{
  g_ptr_array_add (events, g_strconcat ("card-removed ", reader, NULL));
}

/* Runs the main loop until @event is seen (after index @from) or
 * @timeout_ms pass; returns how long it took, -1 on timeout. */
static double
wait_for_event (guint       from,
                const char *event,
                guint       timeout_ms)
{
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      for (guint i = from; i < events->len; i++)
        if (strcmp (g_ptr_array_index (events, i), event) == 0)
          return (g_get_monotonic_time () - start) / 1000.0;
      g_usleep (5 * 1000);
    }
  return -1;
}

static void
assert_event (guint       from,
              const char *event,
              guint       timeout_ms)
{
  double ms = wait_for_event (from, event, timeout_ms);

  if (ms < 0)
    {
      g_autofree char *seen = NULL;

      g_ptr_array_add (events, NULL);
      seen = g_strjoinv ("\n  ", (char **) events->pdata);
      g_ptr_array_remove_index (events, events->len - 1);
      g_error ("no “%s” within %u ms; events:\n  %s", event, timeout_ms, seen);
    }
  g_test_message ("%s after %.0f ms", event, ms);
}

static void
assert_state (SdPcscState state,
              guint       timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (sd_pcsc_monitor_get_state (monitor) != state && g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5 * 1000);
    }
  g_assert_cmpint (sd_pcsc_monitor_get_state (monitor), ==, state);
}

/* Tests */

static void
test_monitor_without_pcscd (void)
{
  g_autofree char *text = NULL;
  guint from;

  monitor = sd_pcsc_monitor_new ();
  g_signal_connect (monitor, "reader-added", G_CALLBACK (on_reader_added), NULL);
  g_signal_connect (monitor, "reader-removed", G_CALLBACK (on_reader_removed), NULL);
  g_signal_connect (monitor, "card-inserted", G_CALLBACK (on_card_inserted), NULL);
  g_signal_connect (monitor, "card-removed", G_CALLBACK (on_card_removed), NULL);
  sd_pcsc_monitor_start (monitor);

  /* No pcscd: a state the UI can show, with what to do */
  assert_state (SD_PCSC_STATE_NO_SERVICE, 2000);
  text = sd_pcsc_monitor_describe_state (monitor);
  g_assert_nonnull (strstr (text, "pcscd"));

  /* It keeps trying and finds pcscd once it runs */
  from = events->len;
  start_pcscd ();
  assert_state (SD_PCSC_STATE_RUNNING, 4000);
  assert_event (from, "reader-added " READER, 2000);
  assert_event (from, "reader-added Virtual PCD 00 01", 2000);
  g_assert_false (sd_pcsc_monitor_has_card (monitor, READER));
}

static void
test_card_insert_remove (void)
{
  guint from = events->len;

  insert_card (3);
  assert_event (from, "card-inserted " READER, 1500);
  g_assert_true (sd_pcsc_monitor_has_card (monitor, READER));

  from = events->len;
  remove_card ();
  assert_event (from, "card-removed " READER, 1500);
  g_assert_false (sd_pcsc_monitor_has_card (monitor, READER));

  from = events->len;
  insert_card (3);
  assert_event (from, "card-inserted " READER, 1500);
}

/* sealdesk-cli tokens --watch, read line by line */

typedef struct
{
  GDataInputStream *stream;
  GPtrArray        *lines;
  gboolean          done;
} WatchOutput;

static void
read_watch_line (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WatchOutput *out = user_data;
  char *line = g_data_input_stream_read_line_finish_utf8 (out->stream, result, NULL, NULL);

  if (line == NULL)
    {
      out->done = TRUE;
      return;
    }
  g_ptr_array_add (out->lines, line);
  g_data_input_stream_read_line_async (out->stream, G_PRIORITY_DEFAULT, NULL, read_watch_line,
                                       out);
}

static void
assert_watch_line (WatchOutput *out,
                   guint        from,
                   const char  *needle,
                   guint        timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      for (guint i = from; i < out->lines->len; i++)
        if (strstr (g_ptr_array_index (out->lines, i), needle) != NULL)
          return;
      g_usleep (5 * 1000);
    }
  g_error ("sealdesk-cli tokens --watch printed no “%s” within %u ms", needle, timeout_ms);
}

static void
test_cli_watch (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) watch = NULL;
  g_autoptr(GError) error = NULL;
  WatchOutput out = { NULL, g_ptr_array_new_with_free_func (g_free), FALSE };
  guint from;

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  watch = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("SEALDESK_CLI"), "tokens",
                                       "--watch", NULL);
  g_assert_no_error (error);
  out.stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (watch));
  g_data_input_stream_read_line_async (out.stream, G_PRIORITY_DEFAULT, NULL, read_watch_line,
                                       &out);

  /* The card already in the reader, then out, then in again */
  assert_watch_line (&out, 0, "card inserted: " READER, 3000);
  from = out.lines->len;
  remove_card ();
  assert_watch_line (&out, from, "card removed: " READER, 2000);
  from = out.lines->len;
  insert_card (3);
  assert_watch_line (&out, from, "card inserted: " READER, 2000);

  g_subprocess_send_signal (watch, SIGINT);
  g_assert_true (g_subprocess_wait (watch, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (watch));
  g_assert_cmpint (g_subprocess_get_exit_status (watch), ==, 0);
  while (!out.done)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (out.stream);
  g_ptr_array_unref (out.lines);
}

static void
wait_module_finalized (void)
{
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(GObject) alive = g_weak_ref_get (&last_module);

      if (alive == NULL)
        return;
      g_usleep (10000);
    }
  g_error ("OpenSC’s module is still in use");
}

static SdToken *
open_card_token (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPkcs11Module) module = NULL;
  g_autoptr(GPtrArray) tokens = NULL;

  wait_module_finalized ();
  /* p11-kit finds a bare name in its module directory */
  module = sd_pkcs11_module_load ("opensc-pkcs11.so", &error);
  g_assert_no_error (error);
  g_weak_ref_set (&last_module, module);
  tokens = sd_token_pkcs11_list (module, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tokens->len; i++)
    if (strcmp (sd_token_get_label (g_ptr_array_index (tokens, i)), TOKEN_LABEL) == 0)
      return g_object_ref (g_ptr_array_index (tokens, i));
  g_error ("OpenSC shows no token “%s” for the virtual PIV card", TOKEN_LABEL);
  return NULL;
}

static SdSigner *
signer_for (SdToken     *token,
            const char  *key_id,
            TtPinScript *script)
{
  g_autoptr(GError) error = NULL;
  SdSigner *signer = sd_token_get_signer (token, key_id, NULL, &error);

  g_assert_no_error (error);
  sd_signer_set_pin_callback (signer, tt_pin_script_cb, script, NULL);
  return signer;
}

static void
test_opensc_sign (void)
{
  g_autoptr(SdToken) token = open_card_token ();
  TtPinScript script = { { CARD_PIN }, 1 };
  g_autoptr(SdSigner) rsa = signer_for (token, "01", &script);
  g_autoptr(SdSigner) ec = NULL;
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *ec_pdf = NULL;
  gint calls;

  certs = sd_token_list_certificates (token, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (certs->len, ==, 2);

  /* RSA through the PIV authentication key (9A) */
  pdf = tt_sign_pdf (rsa, work_dir, "piv-rsa.pdf", SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
  tt_assert_pdfsig_valid (pdf);
  tt_assert_signs (rsa, SD_DIGEST_SHA384, SD_SIGNATURE_SCHEME_DEFAULT);
  g_assert_cmpint (script.calls, ==, 1);

  /* ECDSA P-256 through the digital signature key (9C): PIV wants the PIN
   * again for every signature with it */
  ec = signer_for (token, "02", &script);
  calls = script.calls;
  ec_pdf = tt_sign_pdf (ec, work_dir, "piv-ec.pdf", SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
  tt_assert_pdfsig_valid (ec_pdf);
  tt_assert_signs (ec, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
  g_assert_cmpint (script.calls, ==, calls + 2);
}

static void
fresh_card (int tries)
{
  guint from = events->len;

  remove_card ();
  assert_event (from, "card-removed " READER, 1500);
  from = events->len;
  insert_card (tries);
  assert_event (from, "card-inserted " READER, 1500);
}

static void
test_opensc_wrong_pin_and_lock (void)
{
  g_autoptr(SdToken) token = NULL;
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;
  TtPinScript script = { { "000000", CARD_PIN }, 2 };

  fresh_card (3);
  token = open_card_token ();
  signer = signer_for (token, "01", &script);

  /* A wrong PIN, then the right one */
  tt_assert_signs (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT);
  g_assert_cmpint (script.calls, ==, 2);
  g_assert_cmpint (script.retries, ==, 1);
  g_clear_object (&signer);
  g_clear_object (&token);

  /* Three wrong PINs lock the card; the tries count down on the way */
  fresh_card (3);
  token = open_card_token ();
  {
    TtPinScript wrong = { { "000000" }, 1 };

    signer = signer_for (token, "01", &wrong);
    g_assert_null (sd_signer_sign (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT, data,
                                   NULL, &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_PIN_LOCKED);
    g_assert_cmpint (wrong.calls, ==, 3);
    /* OpenSC reports the last try before it */
    g_assert_cmpint (wrong.last_tries_left, ==, 1);
    g_clear_error (&error);
  }
  /* A locked card is not asked again */
  {
    TtPinScript right = { { CARD_PIN }, 1 };

    sd_signer_set_pin_callback (signer, tt_pin_script_cb, &right, NULL);
    g_assert_null (sd_signer_sign (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT, data,
                                   NULL, &error));
    g_assert_error (error, SD_ERROR, SD_ERROR_PIN_LOCKED);
    g_assert_cmpint (right.calls, ==, 0);
    g_assert_true (sd_token_get_flags (token) & SD_TOKEN_PIN_LOCKED);
  }
}

static char *
pull_card_while_asking (SdSigner           *signer,
                        const SdPinRequest *request,
                        GCancellable       *cancellable,
                        gpointer            user_data)
{
  /* The card is pulled out while the PIN dialog is open; pcscd notices
   * within its 400 ms poll of the virtual reader. */
  remove_card ();
  for (guint i = 0; i < 200 && tt_pcscd_answers (); i++)
    {
      SCARDCONTEXT context;
      SCARD_READERSTATE state = { .szReader = READER, .dwCurrentState = SCARD_STATE_UNAWARE };
      gboolean present = TRUE;

      if (SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &context) == SCARD_S_SUCCESS)
        {
          if (SCardGetStatusChange (context, 0, &state, 1) == SCARD_S_SUCCESS)
            present = (state.dwEventState & SCARD_STATE_PRESENT) != 0;
          SCardReleaseContext (context);
        }
      if (!present)
        break;
      g_usleep (20 * 1000);
    }
  return g_strdup (CARD_PIN);
}

static void
test_card_pulled_during_signature (void)
{
  g_autoptr(SdToken) token = NULL;
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GBytes) data = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;
  guint from;

  fresh_card (3);
  token = open_card_token ();
  signer = sd_token_get_signer (token, "01", NULL, &error);
  g_assert_no_error (error);
  sd_signer_set_pin_callback (signer, pull_card_while_asking, NULL, NULL);

  from = events->len;
  g_assert_null (sd_signer_sign (signer, SD_DIGEST_SHA256, SD_SIGNATURE_SCHEME_DEFAULT, data,
                                 NULL, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_TOKEN_REMOVED);
  g_test_message ("card pulled: %s", error->message);
  assert_event (from, "card-removed " READER, 1500);

  /* Put back, the same signer works again */
  from = events->len;
  insert_card (3);
  assert_event (from, "card-inserted " READER, 1500);
  g_clear_object (&signer);
  g_clear_object (&token);
}

static void
test_pcscd_dies_and_restarts (void)
{
  g_autofree char *text = NULL;
  guint from = events->len;

  wait_module_finalized ();
  /* pcscd is killed: readers and card are reported gone, the state says so */
  tt_stop_process (&pcscd, SIGKILL);
  assert_state (SD_PCSC_STATE_NO_SERVICE, 2000);
  assert_event (from, "card-removed " READER, 1000);
  assert_event (from, "reader-removed " READER, 1000);
  text = sd_pcsc_monitor_describe_state (monitor);
  g_assert_nonnull (strstr (text, "pcscd"));
  /* the virtual card went with the reader */
  tt_stop_process (&card, SIGKILL);

  /* Restarted, it is found again without anyone asking */
  from = events->len;
  start_pcscd ();
  assert_state (SD_PCSC_STATE_RUNNING, 4000);
  assert_event (from, "reader-added " READER, 2000);
  from = events->len;
  insert_card (3);
  assert_event (from, "card-inserted " READER, 1500);

  /* Stopped: no more events */
  sd_pcsc_monitor_stop (monitor);
  g_assert_cmpint (sd_pcsc_monitor_get_state (monitor), ==, SD_PCSC_STATE_STOPPED);
}

static void
make_fixtures (void)
{
  g_autoptr(GError) error = NULL;

  /* The card's RSA key and certificate (its CN is the token label OpenSC
   * shows), next to the other fixtures (made by the first path asked) */
  g_assert_nonnull (test_keys_path ("p256.crt"));
  g_assert_true (test_keys_openssl (&error, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                    "-keyout", "piv-rsa.key", "-out", "piv-rsa.crt", "-subj",
                                    "/CN=" TOKEN_LABEL, "-utf8", "-days", "30", NULL));
  g_assert_no_error (error);
  g_assert_true (test_keys_openssl (&error, "x509", "-in", "piv-rsa.crt", "-outform", "DER",
                                    "-out", "piv-rsa.der", NULL));
  g_assert_true (test_keys_openssl (&error, "x509", "-in", "p256.crt", "-outform", "DER", "-out",
                                    "p256.der", NULL));
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *pcscd_path = g_find_program_in_path ("pcscd");
  g_autofree char *pdfsig = g_find_program_in_path ("pdfsig");
  int status;

  g_test_init (&argc, &argv, NULL);
  card_script = g_getenv ("SD_PIV_CARD");
  if (g_getenv ("SD_PCSC_SANDBOX") == NULL || card_script == NULL
      || g_getenv ("SEALDESK_CLI") == NULL)
    {
      g_test_skip ("run through pcsc-sandbox.sh (meson test does)");
      return 77;
    }
  if (pcscd_path == NULL || pdfsig == NULL || !test_keys_available ()
      || !g_file_test (TT_VPCD_DRIVER, G_FILE_TEST_EXISTS)
      || !g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("pcscd, vsmartcard-vpcd, python3-virtualsmartcard or pdfsig is missing: run "
                   "build-aux/install-deps.sh");
      return 77;
    }
  /* The sandbox has its own /run/pcscd: nothing may answer yet */
  g_assert_false (tt_pcscd_answers ());

  work_dir = tt_make_tmpdir ("sealdesk-pcsc");
  events = g_ptr_array_new_with_free_func (g_free);
  make_fixtures ();
  tt_make_document (work_dir);

  g_test_add_func ("/pcsc/monitor-without-pcscd", test_monitor_without_pcscd);
  g_test_add_func ("/pcsc/card-insert-remove", test_card_insert_remove);
  g_test_add_func ("/pcsc/cli-watch", test_cli_watch);
  g_test_add_func ("/pcsc/opensc-sign", test_opensc_sign);
  g_test_add_func ("/pcsc/opensc-wrong-pin-and-lock", test_opensc_wrong_pin_and_lock);
  g_test_add_func ("/pcsc/card-pulled-during-signature", test_card_pulled_during_signature);
  g_test_add_func ("/pcsc/pcscd-dies-and-restarts", test_pcscd_dies_and_restarts);
  status = g_test_run ();

  /* Leave nothing running, whatever happened */
  g_clear_object (&monitor);
  tt_stop_process (&card, SIGKILL);
  tt_stop_process (&pcscd, SIGTERM);
  g_ptr_array_unref (events);
  tt_remove_tree (work_dir);
  test_keys_cleanup ();
  g_free (work_dir);
  return status;
}
