/* sd-cli-token.c: USB keys for the sealdesk-cli commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "sd-cli-common.h"
#include "sd-cli-token.h"
#include "sd-error.h"
#include "sd-secure.h"
#include "sd-token-uri.h"

void
sd_cli_token_args_clear (SdCliTokenArgs *args)
{
  g_free (args->token_uri);
  g_strfreev (args->modules);
  g_strfreev (args->skf);
  g_free (args->token_label);
  g_free (args->key_id);
  g_free (args->pin_file);
  g_free (args->pin_env);
  memset (args, 0, sizeof *args);
}

static gboolean
parse_token (const char  *option_name,
             const char  *value,
             gpointer     data,
             GError     **error)
{
  SdCliTokenArgs *args = data;

  args->token = TRUE;
  g_free (args->token_uri);
  args->token_uri = g_strdup (value);
  return TRUE;
}

GOptionGroup *
sd_cli_token_option_group (SdCliTokenArgs *args)
{
  const GOptionEntry entries[] = {
    { "token", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, parse_token, N_("Sign with a USB key or smart card, chosen by URI (pkcs11: or skf:, see “sealdesk-cli tokens”), or the only one there is"), N_("URI") },
    { "module", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args->modules, N_("Use this PKCS#11 module (the key’s driver library)"), N_("PATH") },
    { "skf", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args->skf, N_("Use this SKF (GM/T 0016) library (the key’s driver library)"), N_("PATH") },
    { "token-label", 0, 0, G_OPTION_ARG_STRING, &args->token_label, N_("The key whose label is LABEL"), N_("LABEL") },
    { "key-id", 0, 0, G_OPTION_ARG_STRING, &args->key_id, N_("The certificate with this key ID (PKCS#11 ID in hexadecimal, or SKF container name)"), N_("ID") },
    { "pin-file", 0, 0, G_OPTION_ARG_FILENAME, &args->pin_file, N_("Read the key’s PIN from the first line of FILE"), N_("FILE") },
    { "pin-env", 0, 0, G_OPTION_ARG_STRING, &args->pin_env, N_("Read the key’s PIN from the environment variable VAR"), N_("VAR") },
    G_OPTION_ENTRY_NULL
  };
  GOptionGroup *group = g_option_group_new ("token", _("USB keys and smart cards:"),
                                            _("Show the options for USB keys and smart cards"),
                                            args, NULL);

  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, entries);
  return group;
}

gboolean
sd_cli_token_requested (const SdCliTokenArgs *args)
{
  return args->token || args->modules != NULL || args->skf != NULL || args->token_label != NULL
         || args->key_id != NULL;
}

const char *
sd_cli_token_check_args (const SdCliTokenArgs *args)
{
  if (!args->token && (args->modules != NULL || args->skf != NULL || args->token_label != NULL
                       || args->key_id != NULL || args->pin_file != NULL || args->pin_env != NULL))
    return _("--module, --skf, --token-label, --key-id, --pin-file and --pin-env go with --token.");
  if (args->pin_file != NULL && args->pin_env != NULL)
    return _("Give the PIN with --pin-file or --pin-env, not both.");
  return NULL;
}

/* The CA provider table */

static char *
build_tree_table (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = self != NULL ? g_path_get_dirname (self) : NULL;

  /* BUILD/src/cli/sealdesk-cli → BUILD/data/ca-providers.ini */
  return dir != NULL ? g_build_filename (dir, "..", "..", "data", "ca-providers.ini", NULL) : NULL;
}

SdCaProviders *
sd_cli_token_load_providers (GError **error)
{
  g_autofree char *installed = g_build_filename (SD_DATADIR, "ca-providers.ini", NULL);
  g_autofree char *build_tree = build_tree_table ();
  g_autofree char *user = g_build_filename (g_get_user_config_dir (), "sealdesk",
                                            "ca-providers.ini", NULL);
  const char *files[3] = { NULL, NULL, NULL };

  /* An uninstalled build uses its own table, not an older installed one */
  files[0] = build_tree != NULL && g_file_test (build_tree, G_FILE_TEST_EXISTS) ? build_tree
                                                                                 : installed;
  files[1] = user;
  return sd_ca_providers_load (files, error);
}

void
sd_cli_token_sources (const SdCliTokenArgs *args,
                      SdCaProviders        *providers,
                      SdTokenSources       *sources)
{
  gboolean given = args->modules != NULL || args->skf != NULL;

  memset (sources, 0, sizeof *sources);
  sources->registered_modules = !given;
  sources->modules = args->modules;
  sources->skf_libraries = args->skf;
  sources->providers = given ? NULL : providers;
}

/* The PIN */

typedef struct
{
  SdSecret *pin;  /* from --pin-file / --pin-env, or NULL: ask on the terminal */
} PinSource;

static void
pin_source_free (gpointer data)
{
  PinSource *source = data;

  sd_secure_free (source->pin);
  g_free (source);
}

/* What the token says about the tries left, or NULL */
static char *
tries_note (const SdPinRequest *request)
{
  if (request->final_try)
    return g_strdup (_("Last try before the key locks"));
  if (request->tries_left >= 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d try left before the key locks",
                                         "%d tries left before the key locks",
                                         request->tries_left),
                            request->tries_left);
  if (request->count_low)
    return g_strdup (_("A wrong PIN was entered before: few tries left before the key locks"));
  return NULL;
}

char *
sd_cli_token_pin_prompt (const SdPinRequest *request,
                         gboolean            current)
{
  g_autofree char *note = tries_note (request);
  const char *label = request->token_label;

  if (current)
    return note != NULL ? g_strdup_printf (_("Current PIN for “%s” (%s): "), label, note)
                        : g_strdup_printf (_("Current PIN for “%s”: "), label);
  if (request->retry)
    return note != NULL ? g_strdup_printf (_("Wrong PIN. PIN for “%s” (%s): "), label, note)
                        : g_strdup_printf (_("Wrong PIN. PIN for “%s”: "), label);
  return note != NULL ? g_strdup_printf (_("PIN for “%s” (%s): "), label, note)
                      : g_strdup_printf (_("PIN for “%s”: "), label);
}

static char *
ask_pin (SdSigner           *signer,
         const SdPinRequest *request,
         GCancellable       *cancellable,
         gpointer            user_data)
{
  PinSource *source = user_data;
  g_autofree char *prompt = NULL;
  g_autoptr(GError) error = NULL;

  /* A PIN from a file is given once: a wrong one is reported, not retried
   * until the key locks. */
  if (source->pin != NULL)
    return request->retry ? NULL : g_strdup (source->pin);
  if (!isatty (STDIN_FILENO))
    return NULL;

  prompt = sd_cli_token_pin_prompt (request, FALSE);
  return sd_cli_get_password (NULL, NULL, prompt, &error);
}

/* Choosing the key */

static char *
labels_of (GPtrArray *tokens)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < tokens->len; i++)
    g_string_append_printf (text, "%s“%s”", i > 0 ? ", " : "",
                            sd_token_get_label (g_ptr_array_index (tokens, i)));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

SdToken *
sd_cli_token_choose (const SdCliTokenArgs  *args,
                     SdTokenUriKey         *uri_key,
                     GError               **error)
{
  g_autoptr(SdCaProviders) providers = NULL;
  g_autoptr(SdTokenDiagnostics) seen = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  SdTokenSources sources;

  if (args->modules == NULL && args->skf == NULL)
    {
      providers = sd_cli_token_load_providers (error);
      if (providers == NULL)
        return NULL;
    }
  sd_cli_token_sources (args, providers, &sources);
  seen = sd_token_diagnostics_run (&sources, NULL);

  for (guint i = 0; i < seen->tokens->len; i++)
    {
      SdToken *candidate = g_ptr_array_index (seen->tokens, i);
      gboolean matches = TRUE;

      if (args->token_uri != NULL)
        {
          sd_token_uri_key_clear (uri_key);
          if (!sd_token_uri_match (args->token_uri, candidate, &matches, uri_key, error))
            return NULL;
        }
      if (matches && args->token_label != NULL)
        matches = g_strcmp0 (sd_token_get_label (candidate), args->token_label) == 0;
      if (matches)
        g_ptr_array_add (chosen, candidate);
    }

  if (chosen->len != 1)
    {
      g_autofree char *all = labels_of (chosen->len == 0 ? seen->tokens : chosen);

      if (seen->tokens->len == 0)
        g_set_error_literal (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                             _("No USB key or smart card was found; run “sealdesk-cli tokens” "
                               "to see what is missing."));
      else if (chosen->len == 0)
        g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                     _("No key matches; the keys found are %s. Run “sealdesk-cli tokens” for "
                       "their URIs."), all);
      else
        g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                     _("Several keys match (%s): choose one with --token=URI or --token-label."),
                     all);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (chosen, 0));
}

SdSigner *
sd_cli_token_load_signer (const SdCliTokenArgs  *args,
                          GError               **error)
{
  g_autoptr(SdToken) token = NULL;
  g_autoptr(SdSigner) signer = NULL;
  SdTokenUriKey uri_key = { NULL, NULL };
  PinSource *pin_source;
  const char *key_id;

  /* Read the PIN source first: a missing file is reported before any key
   * is touched. */
  pin_source = g_new0 (PinSource, 1);
  if (args->pin_file != NULL || args->pin_env != NULL)
    {
      pin_source->pin = sd_cli_get_password (args->pin_file, args->pin_env, NULL, error);
      if (pin_source->pin == NULL)
        {
          pin_source_free (pin_source);
          return NULL;
        }
    }

  token = sd_cli_token_choose (args, &uri_key, error);
  if (token == NULL)
    {
      sd_token_uri_key_clear (&uri_key);
      pin_source_free (pin_source);
      return NULL;
    }

  key_id = args->key_id != NULL ? args->key_id : uri_key.key_id;
  if (key_id == NULL && uri_key.key_label != NULL)
    {
      g_autoptr(GPtrArray) certs = sd_token_list_certificates (token, NULL, error);

      for (guint i = 0; certs != NULL && i < certs->len && key_id == NULL; i++)
        {
          const SdTokenCertificate *cert = g_ptr_array_index (certs, i);

          if (cert->can_sign && strcmp (cert->label, uri_key.key_label) == 0)
            {
              uri_key.key_id = g_strdup (cert->key_id);
              key_id = uri_key.key_id;
            }
        }
      if (certs == NULL || key_id == NULL)
        {
          if (certs != NULL)
            g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                         _("The key “%s” has no signing certificate labelled “%s”."),
                         sd_token_get_label (token), uri_key.key_label);
          sd_token_uri_key_clear (&uri_key);
          pin_source_free (pin_source);
          return NULL;
        }
    }

  signer = sd_token_get_signer (token, key_id, NULL, error);
  sd_token_uri_key_clear (&uri_key);
  if (signer == NULL)
    {
      pin_source_free (pin_source);
      return NULL;
    }
  sd_signer_set_pin_callback (signer, ask_pin, pin_source, pin_source_free);
  return g_steal_pointer (&signer);
}
