/* sd-cli-sign.c: `sealdesk-cli sign`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "sd-batch.h"
#include "sd-cli-common.h"
#include "sd-cli-helper.h"
#include "sd-cli-sign.h"
#include "sd-cli-token.h"
#include "sd-error.h"
#include "sd-key-file-signer.h"
#include "sd-pdf-signing.h"

typedef struct
{
  char    *output;
  char    *p12;
  char    *key;
  char    *cert;
  char    *chain;
  char    *password_file;
  char    *password_env;
  char    *seal;
  char    *page;
  char    *pages;
  gboolean cross_page;
  char    *edge;
  int      group;
  char    *keyword;
  char    *match;
  char    *offset;
  char    *tsa;
  int      tsa_timeout;
  gboolean ltv;
  gboolean lta;
  char    *at;
  char    *size;
  char    *reason;
  char    *location;
  char    *name;
  char    *contact;
  char    *text;
  char    *field;
  char    *subfilter;
  char    *digest;
  gboolean pss;
  int      certify;
  gboolean force;
  char    *output_dir;
  char    *report;
} Args;

/* --keyword: what to find, and which of its occurrences to seal */
typedef struct
{
  char              *text;
  SdTextMatchSelect  select;
  guint              nth;
} Keyword;

static void
args_clear (Args *a)
{
  g_free (a->output);
  g_free (a->p12);
  g_free (a->key);
  g_free (a->cert);
  g_free (a->chain);
  g_free (a->password_file);
  g_free (a->password_env);
  g_free (a->seal);
  g_free (a->page);
  g_free (a->pages);
  g_free (a->edge);
  g_free (a->keyword);
  g_free (a->match);
  g_free (a->offset);
  g_free (a->tsa);
  g_free (a->at);
  g_free (a->size);
  g_free (a->reason);
  g_free (a->location);
  g_free (a->name);
  g_free (a->contact);
  g_free (a->text);
  g_free (a->field);
  g_free (a->subfilter);
  g_free (a->digest);
  g_free (a->output_dir);
  g_free (a->report);
}

static SdSigner *
load_signer (const Args *a,
             GError    **error)
{
  g_autoptr(SdSecret) password = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *key_file = a->p12 ? a->p12 : a->key;
  g_autofree char *key_name = g_filename_display_basename (key_file);
  g_autofree char *prompt = g_strdup_printf (_("Password for %s: "), key_name);

  password = sd_cli_get_password (a->password_file, a->password_env, prompt, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (a->p12 != NULL)
    return sd_key_file_signer_new_from_pkcs12 (a->p12, password, error);
  return sd_key_file_signer_new_from_pem (a->key, password, a->cert, a->chain, error);
}

static int
usage (const char *message)
{
  g_autofree char *line = g_strdup_printf (_("%s (see “sealdesk-cli sign --help”)"), message);
  return sd_cli_fail (SD_CLI_EXIT_USAGE, line);
}

/* Runs `sealdesk-cli find-text` (poppler lives there, not here) and
 * reads its matches. */
static GArray *
find_keyword (const char  *input,
              const char  *keyword,
              const char  *pages,
              GError     **error)
{
  g_autofree char *helper = sd_cli_helper_path ("sealdesk-cli-find-text");
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (SdTextMatch));
  int wait_status = 0;

  g_ptr_array_add (args, helper);
  g_ptr_array_add (args, (gpointer) "--tsv");
  if (pages != NULL)
    {
      g_ptr_array_add (args, (gpointer) "--pages");
      g_ptr_array_add (args, (gpointer) pages);
    }
  g_ptr_array_add (args, (gpointer) "--");
  g_ptr_array_add (args, (gpointer) input);
  g_ptr_array_add (args, (gpointer) keyword);
  g_ptr_array_add (args, NULL);
  if (!g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &wait_status, error))
    return NULL;
  if (!g_spawn_check_wait_status (wait_status, NULL))
    {
      /* Its one line says what is wrong (not found, unreadable). */
      g_strstrip (err);
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           g_str_has_prefix (err, "sealdesk-cli: ") ? err + 14 : err);
      return NULL;
    }
  lines = g_strsplit (out, "\n", 0);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      SdTextMatch m;
      guint page;

      if (sscanf (lines[i], "%u\t%lf\t%lf\t%lf\t%lf", &page, &m.x_mm, &m.y_mm, &m.width_mm,
                  &m.height_mm) != 5 || page == 0)
        continue;
      m.page = page - 1;
      g_array_append_val (matches, m);
    }
  return g_steal_pointer (&matches);
}

/* The seal's places in @input: the occurrences of the keyword it keeps */
static int
place_keyword (const char    *input,
               const Keyword *keyword,
               const char    *pages,
               SdSignOptions *options)
{
  g_autoptr(GError) error = NULL;

  if ((options->matches = find_keyword (input, keyword->text, pages, &error)) == NULL)
    return sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);
  if (!sd_text_matches_select (options->matches, keyword->select, keyword->nth))
    {
      g_autofree char *message = g_strdup_printf (
        _("“%s” occurs %u times, so there is no occurrence %u: choose another --match."),
        keyword->text, options->matches->len, keyword->nth);

      return sd_cli_fail (SD_CLI_EXIT_FAILURE, message);
    }
  return SD_CLI_EXIT_OK;
}

/* For the batch: the pages it found from --pages, said again to the helper */
static GArray *
find_keyword_in_pages (const char  *input,
                       const char  *text,
                       GArray      *pages,
                       GError     **error)
{
  g_autoptr(GString) spec = NULL;

  if (pages != NULL)
    {
      spec = g_string_new (NULL);
      for (guint i = 0; i < pages->len; i++)
        g_string_append_printf (spec, i == 0 ? "%u" : ",%u", g_array_index (pages, guint, i) + 1);
    }
  return find_keyword (input, text, spec != NULL ? spec->str : NULL, error);
}

static void
on_file_changed (SdBatch *batch,
                 guint    index)
{
  g_autofree char *line = NULL;

  if (sd_batch_get_file_state (batch, index) == SD_BATCH_FILE_SIGNING)
    return;
  line = sd_batch_describe_file (batch, index);
  g_print ("%s\n", line);
}

static gboolean
on_interrupt (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  gboolean  done;
  GError   *error;
} BatchRun;

static void
on_batch_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  BatchRun *run = data;

  sd_batch_run_finish (SD_BATCH (source), result, &run->error);
  run->done = TRUE;
}

/* --output-dir: each input, or the PDFs of each folder given, signed into
 * the folder; one line a file as it ends, then the summary.  Ctrl+C
 * stops after removing the file being written. */
static int
sign_batch (const Args          *a,
            char               **inputs,
            SdSigner            *signer,
            const SdSignOptions *options,
            const Keyword       *keyword)
{
  g_autoptr(SdBatch) batch = sd_batch_new (signer, options, a->output_dir);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  BatchRun run = { FALSE, NULL };
  guint interrupt;
  int status = SD_CLI_EXIT_OK;

  for (guint i = 0; inputs[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) found = NULL;

      if (!g_file_test (inputs[i], G_FILE_TEST_IS_DIR))
        {
          sd_batch_add_file (batch, inputs[i]);
          continue;
        }
      if ((found = sd_batch_list_folder (inputs[i], &error)) == NULL)
        return sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);
      for (guint j = 0; j < found->len; j++)
        sd_batch_add_file (batch, g_ptr_array_index (found, j));
    }
  if (sd_batch_get_n_files (batch) == 0)
    return sd_cli_fail (SD_CLI_EXIT_FAILURE, _("There are no PDF files in the folders given."));
  if (keyword->text != NULL)
    sd_batch_set_keyword (batch, keyword->text, keyword->select, keyword->nth,
                          find_keyword_in_pages);

  g_signal_connect (batch, "file-changed", G_CALLBACK (on_file_changed), NULL);
  interrupt = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  sd_batch_run_async (batch, cancellable, on_batch_done, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  /* the lines of the last files */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_source_remove (interrupt);

  summary = sd_batch_get_summary (batch);
  g_print ("\n%s\n", summary);
  if (a->report != NULL)
    {
      SdBatchReportFormat format = g_str_has_suffix (a->report, ".json") ? SD_BATCH_REPORT_JSON
                                                                         : SD_BATCH_REPORT_TEXT;

      if (!sd_batch_save_report (batch, a->report, format, &error))
        status = sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);
    }
  if (run.error != NULL)
    status = sd_cli_fail_error (SD_CLI_EXIT_FAILURE, run.error);
  g_clear_error (&run.error);
  if (sd_batch_count (batch, SD_BATCH_FILE_FAILED) > 0
      || sd_batch_count (batch, SD_BATCH_FILE_SKIPPED) > 0)
    status = SD_CLI_EXIT_FAILURE;
  return status;
}

/* The mode and where the seal goes; SD_CLI_EXIT_OK or a usage error shown. */
static int
parse_placement (Args          *a,
                 SdSignOptions *options,
                 Keyword       *keyword)
{
  g_autoptr(GError) error = NULL;
  double w = 0, h = 0;
  int modes = (a->pages != NULL && !a->cross_page && a->keyword == NULL) + a->cross_page
              + (a->keyword != NULL);

  if (a->seal == NULL || a->size == NULL)
    return usage (_("Say which seal and how large: --seal FILE --size W."));
  if (modes > 1 || (a->cross_page && a->keyword != NULL))
    return usage (_("Choose one of --pages, --cross-page and --keyword."));
  if (a->page != NULL && (a->pages != NULL || a->cross_page || a->keyword != NULL))
    return usage (_("--page is for a seal on one page; with --pages, --cross-page or --keyword, "
                    "say the pages with --pages."));
  if ((a->edge != NULL || a->group != 0) && !a->cross_page)
    return usage (_("--edge and --group go with --cross-page."));
  if ((a->match != NULL || a->offset != NULL) && a->keyword == NULL)
    return usage (_("--match and --offset go with --keyword."));
  if (a->keyword != NULL && a->at != NULL)
    return usage (_("A keyword seal goes where the text is: use --offset DX,DY instead of --at."));
  if (a->at == NULL && !a->cross_page && a->keyword == NULL)
    return usage (_("Say where the seal goes: --at X,Y (or --keyword TEXT, or --cross-page)."));
  if (!sd_cli_parse_pair (a->size, &w, &h, TRUE) || w <= 0 || h < 0)
    return usage (_("--size takes a width in millimetres, or WIDTH,HEIGHT, for example 40 or 40,40."));
  options->width_mm = w;
  options->height_mm = h;
  if (a->at != NULL && !sd_cli_parse_pair (a->at, &options->x_mm, &options->y_mm, FALSE))
    return usage (_("--at takes two numbers in millimetres, X,Y, for example 20,30."));
  options->seal_path = g_strdup (a->seal);
  options->pages = g_strdup (a->pages);

  if (a->cross_page)
    {
      options->mode = SD_SEAL_MODE_CROSS_PAGE;
      options->position_set = a->at != NULL;
      if (a->edge != NULL && !sd_seal_edge_from_string (a->edge, &options->edge))
        return usage (_("--edge is right, left, top or bottom."));
      if (a->group != 0 && a->group < 2)
        return usage (_("--group takes a number of pages, 2 or more."));
      if (a->group != 0)
        options->group_size = a->group;
      return SD_CLI_EXIT_OK;
    }
  if (a->keyword != NULL)
    {
      guint64 nth = 0;

      if ((keyword->text = sd_cli_utf8 (a->keyword, &error)) == NULL)
        return sd_cli_fail_error (SD_CLI_EXIT_USAGE, error);
      if (a->match == NULL || strcmp (a->match, "all") == 0)
        keyword->select = SD_TEXT_MATCH_ALL;
      else if (strcmp (a->match, "first") == 0)
        keyword->select = SD_TEXT_MATCH_FIRST;
      else if (strcmp (a->match, "last") == 0)
        keyword->select = SD_TEXT_MATCH_LAST;
      else if (g_ascii_string_to_unsigned (a->match, 10, 1, G_MAXUINT, &nth, NULL))
        keyword->select = SD_TEXT_MATCH_NTH;
      else
        return usage (_("--match is all, first, last or a number from 1."));
      keyword->nth = nth;
      if (a->offset != NULL
          && !sd_cli_parse_pair (a->offset, &options->offset_x_mm, &options->offset_y_mm, FALSE))
        return usage (_("--offset takes two numbers in millimetres, DX,DY, for example 0,-10."));
      options->mode = SD_SEAL_MODE_KEYWORD;
      return SD_CLI_EXIT_OK;
    }
  if (a->pages != NULL)
    {
      options->mode = SD_SEAL_MODE_PAGES;
      return SD_CLI_EXIT_OK;
    }
  options->mode = SD_SEAL_MODE_SINGLE;
  options->page = 0;
  if (a->page != NULL)
    {
      guint64 n;

      if (g_ascii_strcasecmp (a->page, "last") == 0)
        options->page = SD_SIGN_PAGE_LAST;
      else if (g_ascii_string_to_unsigned (a->page, 10, 1, G_MAXUINT - 1, &n, NULL))
        options->page = n - 1;
      else
        return usage (_("--page takes a page number from 1, or “last”."));
    }
  return SD_CLI_EXIT_OK;
}

int
sd_cli_sign (int    argc,
             char **argv)
{
  Args a = { 0 };
  SdCliTokenArgs token = { 0 };
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &a.output, N_("Write the signed PDF to FILE"), N_("FILE") },
    { "p12", 0, 0, G_OPTION_ARG_FILENAME, &a.p12, N_("Sign with the key and certificates of a PKCS#12 file"), N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &a.key, N_("Sign with a PEM private key (with --cert)"), N_("FILE") },
    { "cert", 0, 0, G_OPTION_ARG_FILENAME, &a.cert, N_("The PEM certificate of --key"), N_("FILE") },
    { "chain", 0, 0, G_OPTION_ARG_FILENAME, &a.chain, N_("PEM certificates of the issuers, to include"), N_("FILE") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &a.password_file, N_("Read the key file’s password from the first line of FILE"), N_("FILE") },
    { "password-env", 0, 0, G_OPTION_ARG_STRING, &a.password_env, N_("Read the key file’s password from the environment variable VAR"), N_("VAR") },
    { "seal", 0, 0, G_OPTION_ARG_FILENAME, &a.seal, N_("The seal image (PNG, transparent background)"), N_("FILE") },
    { "page", 0, 0, G_OPTION_ARG_STRING, &a.page, N_("The page, from 1, or “last” (default 1)"), N_("N") },
    { "pages", 0, 0, G_OPTION_ARG_STRING, &a.pages, N_("Seal several pages with one signature (多页签章): 1-3,7, all, odd, even, last"), N_("SET") },
    { "cross-page", 0, 0, G_OPTION_ARG_NONE, &a.cross_page, N_("Cross-page seal (骑缝签章): a strip of the seal on each page, along an edge"), NULL },
    { "edge", 0, 0, G_OPTION_ARG_STRING, &a.edge, N_("The edge of the cross-page seal: right (default), left, top, bottom"), N_("EDGE") },
    { "group", 0, 0, G_OPTION_ARG_INT, &a.group, N_("At most N pages per cross-page seal; longer documents get one full seal per group (default 20)"), N_("N") },
    { "keyword", 0, 0, G_OPTION_ARG_FILENAME, &a.keyword, N_("Keyword seal (关键字签章): put the seal centred on TEXT, e.g. 甲方（盖章）"), N_("TEXT") },
    { "match", 0, 0, G_OPTION_ARG_STRING, &a.match, N_("Which occurrences of the keyword: all (default), first, last, or a number"), N_("WHICH") },
    { "offset", 0, 0, G_OPTION_ARG_STRING, &a.offset, N_("Move the keyword seal by DX,DY millimetres (right and down)"), N_("DX,DY") },
    { "tsa", 0, 0, G_OPTION_ARG_STRING, &a.tsa, N_("Add a timestamp from this RFC 3161 timestamp authority (PAdES B-T)"), N_("URL") },
    { "tsa-timeout", 0, 0, G_OPTION_ARG_INT, &a.tsa_timeout, N_("Give up on the timestamp authority after SECONDS (default 30)"), N_("SECONDS") },
    { "ltv", 0, 0, G_OPTION_ARG_NONE, &a.ltv, N_("Add the certificates and their OCSP responses or CRLs, asked now, in a /DSS after the signature (PAdES B-LT)"), NULL },
    { "lta", 0, 0, G_OPTION_ARG_NONE, &a.lta, N_("Also add a document timestamp from --tsa after the /DSS (PAdES B-LTA)"), NULL },
    { "at", 0, 0, G_OPTION_ARG_STRING, &a.at, N_("The seal’s top-left corner in mm from the page’s top-left as displayed"), N_("X,Y") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &a.size, N_("The seal’s width (and height) in mm; the height follows the image when omitted"), N_("W[,H]") },
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &a.reason, N_("The reason for signing"), N_("TEXT") },
    { "location", 0, 0, G_OPTION_ARG_FILENAME, &a.location, N_("Where the document is signed"), N_("TEXT") },
    { "name", 0, 0, G_OPTION_ARG_FILENAME, &a.name, N_("The signer’s name (default: from the certificate)"), N_("TEXT") },
    { "contact", 0, 0, G_OPTION_ARG_FILENAME, &a.contact, N_("How to contact the signer"), N_("TEXT") },
    { "text", 0, 0, G_OPTION_ARG_FILENAME, &a.text, N_("A line of text under the seal"), N_("TEXT") },
    { "field", 0, 0, G_OPTION_ARG_FILENAME, &a.field, N_("The name of the new signature field"), N_("NAME") },
    { "subfilter", 0, 0, G_OPTION_ARG_STRING, &a.subfilter, N_("cades (PAdES, default) or pkcs7"), N_("KIND") },
    { "digest", 0, 0, G_OPTION_ARG_STRING, &a.digest, N_("sha256 (default), sha384, sha512, or sm3 for SM2 keys"), N_("ALGORITHM") },
    { "pss", 0, 0, G_OPTION_ARG_NONE, &a.pss, N_("Use RSASSA-PSS with an RSA key"), NULL },
    { "certify", 0, 0, G_OPTION_ARG_INT, &a.certify, N_("Certify the document; P is what may change afterwards: 1 nothing, 2 form filling and signing, 3 also annotations"), N_("P") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &a.force, N_("Overwrite the output file if it exists"), NULL },
    { "output-dir", 0, 0, G_OPTION_ARG_FILENAME, &a.output_dir, N_("Batch signing (批量签署): sign each IN.pdf, and the PDFs in each folder given, into DIR as NAME-已签章.pdf (never replacing a file)"), N_("DIR") },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &a.report, N_("With --output-dir: save the summary to FILE (JSON when FILE ends in .json)"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(SdSignOptions) options = sd_sign_options_new ();
  Keyword keyword = { NULL, SD_TEXT_MATCH_ALL, 0 };
  int status = SD_CLI_EXIT_OK;

  g_set_prgname ("sealdesk-cli sign");
  context = g_option_context_new (_("IN.pdf…"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Puts a visible seal on IN.pdf and signs the document, "
                                           "writing a new file: on one page, on several pages "
                                           "(--pages), across the page edges (--cross-page) or "
                                           "where a text is (--keyword), always as one "
                                           "signature. IN.pdf is never changed."));
  g_option_context_set_description (context,
    _("Example:\n"
      "  sealdesk-cli sign contract.pdf -o contract-signed.pdf --p12 me.p12 \\\n"
      "      --password-file pass.txt --seal seal.png --page last --at 140,230 --size 40\n\n"
      "Batch signing (批量签署), every PDF of a folder with one password or PIN:\n"
      "  sealdesk-cli sign contracts/ --output-dir signed/ --report signed/report.json \\\n"
      "      --p12 me.p12 --password-file pass.txt --seal seal.png --keyword 甲方（盖章） --size 40\n"
      "A file that cannot be signed does not stop the others; each file's result is\n"
      "printed as it ends, then the summary.\n\n"
      "Passwords are never taken from the command line: use --password-file,\n"
      "--password-env, or type it when asked.\n\n"
      "Exit status: 0 signed (with --output-dir: every file); 1 failed (nothing was\n"
      "written for the files that failed); 2 wrong command line."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, sd_cli_token_option_group (&token));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = usage (error->message);
      goto out;
    }

  if (a.output_dir != NULL)
    {
      if (argc < 2)
        {
          status = usage (_("Give the PDF files (or folders) to sign."));
          goto out;
        }
      if (a.output != NULL || a.force)
        {
          status = usage (_("With --output-dir, each signed copy gets a free name there: leave out "
                            "-o and --force."));
          goto out;
        }
    }
  else
    {
      if (argc != 2)
        {
          status = usage (argc < 2 ? _("Give the PDF file to sign.")
                                   : _("To sign several files, give the folder for the signed "
                                       "copies with --output-dir DIR."));
          goto out;
        }
      if (a.output == NULL)
        {
          status = usage (_("Give the output file with -o FILE."));
          goto out;
        }
      if (a.report != NULL)
        {
          status = usage (_("--report goes with --output-dir."));
          goto out;
        }
    }
  if ((a.p12 != NULL) + (a.key != NULL) + token.token != 1)
    {
      status = usage (_("Give the key with one of --p12 FILE, --key FILE --cert FILE, or --token."));
      goto out;
    }
  if (sd_cli_token_check_args (&token) != NULL)
    {
      status = usage (sd_cli_token_check_args (&token));
      goto out;
    }
  if (a.key != NULL && a.cert == NULL)
    {
      status = usage (_("--key needs its certificate: add --cert FILE."));
      goto out;
    }
  if (a.p12 != NULL && (a.cert != NULL || a.chain != NULL))
    {
      status = usage (_("--cert and --chain go with --key; a PKCS#12 file holds its certificates."));
      goto out;
    }
  if (a.password_file != NULL && a.password_env != NULL)
    {
      status = usage (_("Give the password with --password-file or --password-env, not both."));
      goto out;
    }
  if ((status = parse_placement (&a, options, &keyword)) != SD_CLI_EXIT_OK)
    goto out;
  if (keyword.text != NULL && a.output_dir == NULL
      && (status = place_keyword (argv[1], &keyword, a.pages, options)) != SD_CLI_EXIT_OK)
    goto out;
  options->overwrite = a.force;
  if (a.tsa != NULL)
    {
      if (!g_str_has_prefix (a.tsa, "http://") && !g_str_has_prefix (a.tsa, "https://"))
        {
          status = usage (_("--tsa takes an http:// or https:// URL."));
          goto out;
        }
      options->tsa_url = g_strdup (a.tsa);
    }
  if (a.tsa_timeout < 0)
    {
      status = usage (_("--tsa-timeout takes a number of seconds."));
      goto out;
    }
  options->tsa_timeout = a.tsa_timeout;
  if (a.lta && a.tsa == NULL)
    {
      status = usage (_("--lta needs --tsa."));
      goto out;
    }
  options->ltv = a.ltv || a.lta;
  options->lta = a.lta;

  if (a.subfilter == NULL || strcmp (a.subfilter, "cades") == 0)
    options->flavor = SD_CMS_FLAVOR_CADES;
  else if (strcmp (a.subfilter, "pkcs7") == 0)
    options->flavor = SD_CMS_FLAVOR_PKCS7;
  else
    {
      status = usage (_("--subfilter is cades or pkcs7."));
      goto out;
    }
  if (a.digest != NULL && !sd_digest_from_string (a.digest, &options->digest))
    {
      status = usage (_("--digest is sha256, sha384, sha512 or sm3."));
      goto out;
    }
  options->scheme = a.pss ? SD_SIGNATURE_SCHEME_RSA_PSS : SD_SIGNATURE_SCHEME_DEFAULT;
  if (a.certify < 0 || a.certify > 3)
    {
      status = usage (_("--certify takes 1, 2 or 3."));
      goto out;
    }
  options->certify = a.certify;

  if ((options->text = sd_cli_utf8 (a.text, &error)) == NULL && error != NULL)
    goto fail;
  if ((options->name = sd_cli_utf8 (a.name, &error)) == NULL && error != NULL)
    goto fail;
  if ((options->reason = sd_cli_utf8 (a.reason, &error)) == NULL && error != NULL)
    goto fail;
  if ((options->location = sd_cli_utf8 (a.location, &error)) == NULL && error != NULL)
    goto fail;
  if ((options->contact_info = sd_cli_utf8 (a.contact, &error)) == NULL && error != NULL)
    goto fail;
  if ((options->field_name = sd_cli_utf8 (a.field, &error)) == NULL && error != NULL)
    goto fail;

  signer = token.token ? sd_cli_token_load_signer (&token, &error) : load_signer (&a, &error);
  if (signer == NULL)
    goto fail;
  if (a.output_dir != NULL)
    {
      status = sign_batch (&a, argv + 1, signer, options, &keyword);
      goto out;
    }
  if (!sd_pdf_sign_file (argv[1], a.output, signer, options, NULL, &error))
    goto fail;
  goto out;

fail:
  status = sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);
out:
  g_free (keyword.text);
  args_clear (&a);
  sd_cli_token_args_clear (&token);
  return status;
}
