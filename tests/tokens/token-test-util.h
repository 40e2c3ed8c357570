/* token-test-util.h: what the USB key tests share: running the tools that
 * set tokens up, a small PDF and seal to sign, checking the result
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-signer.h"

G_BEGIN_DECLS

/* A fresh temporary directory, removed by tt_remove_tree() */
char     *tt_make_tmpdir      (const char  *prefix);
void      tt_remove_tree      (const char  *path);

/* Runs a program (NULL-terminated arguments) in @cwd; aborts the test with
 * its output when it fails.  Returns its standard output. */
char     *tt_run              (const char  *cwd,
                               const char  *first_arg,
                               ...) G_GNUC_NULL_TERMINATED;

/* A two-page PDF and a seal image in @dir: "in.pdf", "seal.png" */
void      tt_make_document    (const char  *dir);
/* Signs dir/in.pdf into dir/@name with @signer; asserts success. */
char     *tt_sign_pdf         (SdSigner    *signer,
                               const char  *dir,
                               const char  *name,
                               SdDigestAlgorithm digest,
                               SdSignatureScheme scheme);
/* Asserts that pdfsig finds one signature in @pdf and says it is valid. */
void      tt_assert_pdfsig_valid (const char *pdf);

/* Signs @data through sd_signer_sign() and checks the signature against the
 * signer's certificate with sd_signature_verify(). */
void      tt_assert_signs     (SdSigner          *signer,
                               SdDigestAlgorithm  digest,
                               SdSignatureScheme  scheme);

/* A PIN callback answering from a script of PINs, one per call (the last
 * one repeats; NULL in the script means "cancel"), counting the calls. */
typedef struct
{
  const char *pins[8];
  guint       n_pins;
  gint        calls;        /* atomic */
  gint        retries;      /* calls with request->retry set */
  int         last_tries_left;
  gboolean    last_count_low;
  gboolean    last_final_try;
} TtPinScript;

char     *tt_pin_script_cb    (SdSigner           *signer,
                               const SdPinRequest *request,
                               GCancellable       *cancellable,
                               gpointer            user_data);

/* The virtual readers: pcscd in the foreground with vsmartcard's vpcd,
 * configured in @dir/reader.conf.d, logging to @dir/pcscd.log.  Returns
 * once pcscd answers.  Run inside pcsc-sandbox.sh (its own /run/pcscd). */
#define TT_VPCD_DRIVER "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"
#define TT_VPCD_READER "Virtual PCD 00 00"
gboolean     tt_pcscd_answers    (void);
GSubprocess *tt_start_pcscd      (const char  *dir);
/* The virtual PIV card (piv-card.py at @script) in vpcd's first reader:
 * @pin with @tries tries, an RSA key for 9A and an EC key for 9C (PEM keys,
 * DER certificates).  Returns once the card is connected; its log is
 * @dir/card.log. */
GSubprocess *tt_insert_piv_card  (const char  *script,
                                  const char  *dir,
                                  const char  *pin,
                                  int          tries,
                                  const char  *rsa_key,
                                  const char  *rsa_cert,
                                  const char  *ec_key,
                                  const char  *ec_cert);
/* Signals *@process, waits for it (the PID 1 of a sandbox does not reap
 * our children) and clears it. */
void         tt_stop_process     (GSubprocess **process,
                                  int           signal_number);

G_END_DECLS
