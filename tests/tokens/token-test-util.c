/* token-test-util.c: what the USB key tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <winscard.h>

#include "sd-certificate.h"
#include "sd-openssl.h"
#include "sd-pdf-signing.h"
#include "sd-seal-drawing.h"
#include "sd-signature.h"
#include "token-test-util.h"

char *
tt_make_tmpdir (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

void
tt_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            tt_remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

char *
tt_run (const char *cwd,
        const char *first_arg,
        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  if (!g_spawn_sync (cwd, (char **) args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                     &err, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      g_autofree char *line = g_strjoinv (" ", (char **) args->pdata);

      g_error ("%s: %s\n%s%s", line, error->message, out != NULL ? out : "",
               err != NULL ? err : "");
    }
  return out;
}

void
tt_make_document (const char *dir)
{
  const char *bodies[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
  };
  g_autoptr(GString) s = g_string_new ("%PDF-1.4\n");
  g_autofree char *input = g_build_filename (dir, "in.pdf", NULL);
  g_autofree char *seal = g_build_filename (dir, "seal.png", NULL);
  g_autoptr(GError) error = NULL;
  gsize offsets[G_N_ELEMENTS (bodies)], xref_at;
  SdSealSpec spec;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      offsets[i] = s->len;
      g_string_append_printf (s, "%u 0 obj\n%s\nendobj\n", i + 1, bodies[i]);
    }
  xref_at = s->len;
  g_string_append_printf (s, "xref\n0 %u\n0000000000 65535 f\r\n",
                          (guint) G_N_ELEMENTS (bodies) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    g_string_append_printf (s, "%010lu 00000 n\r\n", (gulong) offsets[i]);
  g_string_append_printf (s, "trailer\n<< /Size %u /Root 1 0 R >>\nstartxref\n%lu\n%%%%EOF\n",
                          (guint) G_N_ELEMENTS (bodies) + 1, (gulong) xref_at);
  g_assert_true (g_file_set_contents (input, s->str, s->len, NULL));

  sd_seal_spec_init (&spec, SD_SEAL_SHAPE_ROUND);
  spec.name = "某某科技有限公司";
  spec.px_per_mm = 4;
  g_assert_true (sd_seal_save_png (&spec, seal, TRUE, &error));
  g_assert_no_error (error);
}

char *
tt_sign_pdf (SdSigner          *signer,
             const char        *dir,
             const char        *name,
             SdDigestAlgorithm  digest,
             SdSignatureScheme  scheme)
{
  g_autoptr(SdSignOptions) options = sd_sign_options_new ();
  g_autofree char *input = g_build_filename (dir, "in.pdf", NULL);
  char *output = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  options->page = SD_SIGN_PAGE_LAST;
  options->x_mm = 120;
  options->y_mm = 200;
  options->width_mm = 40;
  options->seal_path = g_build_filename (dir, "seal.png", NULL);
  options->digest = digest;
  options->scheme = scheme;
  options->reason = g_strdup ("USB key test");
  options->overwrite = TRUE;
  g_assert_true (sd_pdf_sign_file (input, output, signer, options, NULL, &error));
  g_assert_no_error (error);
  return output;
}

void
tt_assert_pdfsig_valid (const char *pdf)
{
  g_autofree char *out = tt_run (NULL, "pdfsig", pdf, NULL);

  if (strstr (out, "Signature #1:") == NULL || strstr (out, "Signature #2:") != NULL
      || strstr (out, "Signature Validation: Signature is Valid.") == NULL)
    g_error ("pdfsig does not find one valid signature in %s:\n%s", pdf, out);
}

void
tt_assert_signs (SdSigner          *signer,
                 SdDigestAlgorithm  digest,
                 SdSignatureScheme  scheme)
{
  static const char data[] = "签名属性 / signed attributes";
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, strlen (data));
  g_autoptr(GBytes) signature = NULL;
  g_autoptr(GBytes) der = sd_signer_get_certificate (signer);
  g_autoptr(X509) cert = NULL;
  g_autoptr(GError) error = NULL;

  signature = sd_signer_sign (signer, digest, scheme, bytes, NULL, &error);
  g_assert_no_error (error);
  cert = sd_certificate_parse (der, &error);
  g_assert_no_error (error);
  g_assert_true (sd_signature_verify (cert, digest, scheme, (const guint8 *) data, strlen (data),
                                      g_bytes_get_data (signature, NULL),
                                      g_bytes_get_size (signature), &error));
  g_assert_no_error (error);
}

char *
tt_pin_script_cb (SdSigner           *signer,
                  const SdPinRequest *request,
                  GCancellable       *cancellable,
                  gpointer            user_data)
{
  TtPinScript *script = user_data;
  guint call = (guint) g_atomic_int_add (&script->calls, 1);
  const char *pin;

  if (request->retry)
    g_atomic_int_inc (&script->retries);
  script->last_tries_left = request->tries_left;
  script->last_count_low = request->count_low;
  script->last_final_try = request->final_try;
  g_assert_cmpuint (script->n_pins, >, 0);
  pin = script->pins[MIN (call, script->n_pins - 1)];
  return g_strdup (pin);
}

gboolean
tt_pcscd_answers (void)
{
  SCARDCONTEXT context;

  if (SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &context) != SCARD_S_SUCCESS)
    return FALSE;
  SCardReleaseContext (context);
  return TRUE;
}

GSubprocess *
tt_start_pcscd (const char *dir)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *log = g_build_filename (dir, "pcscd.log", NULL);
  g_autofree char *readers_dir = g_build_filename (dir, "reader.conf.d", NULL);
  g_autofree char *conf = g_build_filename (readers_dir, "vpcd", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *pcscd;

  /* vpcd's card side listens on TCP port CHANNELID (35963) */
  g_assert_cmpint (g_mkdir_with_parents (readers_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (conf,
                                      "FRIENDLYNAME \"Virtual PCD\"\n"
                                      "DEVICENAME   /dev/null:0x8C7B\n"
                                      "LIBPATH      " TT_VPCD_DRIVER "\n"
                                      "CHANNELID    0x8C7B\n", -1, NULL));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  pcscd = g_subprocess_launcher_spawn (launcher, &error, "pcscd", "--foreground", "-c",
                                       readers_dir, NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 250 && !tt_pcscd_answers (); i++)
    g_usleep (20 * 1000);
  g_assert_true (tt_pcscd_answers ());
  return pcscd;
}

GSubprocess *
tt_insert_piv_card (const char *script,
                    const char *dir,
                    const char *pin,
                    int         tries,
                    const char *rsa_key,
                    const char *rsa_cert,
                    const char *ec_key,
                    const char *ec_cert)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *log = g_build_filename (dir, "card.log", NULL);
  g_autofree char *tries_text = g_strdup_printf ("%d", tries);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *card;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  g_subprocess_launcher_setenv (launcher, "PYTHONPATH",
                                "/usr/lib/python3/site-packages/virtualsmartcard", TRUE);
  card = g_subprocess_launcher_spawn (launcher, &error, "/usr/bin/python3", script, "--port",
                                      "35963", "--pin", pin, "--tries", tries_text, "--rsa-key",
                                      rsa_key, "--rsa-cert", rsa_cert, "--ec-key", ec_key,
                                      "--ec-cert", ec_cert, NULL);
  g_assert_no_error (error);
  /* It says so once it is connected to the virtual reader */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (card));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  if (g_strcmp0 (line, "inserted") != 0)
    {
      g_autofree char *card_log = NULL;

      g_file_get_contents (log, &card_log, NULL, NULL);
      g_error ("the virtual card did not start:\n%s", card_log);
    }
  return card;
}

void
tt_stop_process (GSubprocess **process,
                 int           signal_number)
{
  if (*process == NULL)
    return;
  g_subprocess_send_signal (*process, signal_number);
  g_subprocess_wait (*process, NULL, NULL);
  g_clear_object (process);
}
