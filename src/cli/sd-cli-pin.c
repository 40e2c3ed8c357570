/* sd-cli-pin.c: `sealdesk-cli pin change`, a USB key's PIN
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "sd-cli-common.h"
#include "sd-cli-pin.h"
#include "sd-cli-token.h"
#include "sd-error.h"
#include "sd-secure.h"

/* The new PIN: from --new-pin-file, else typed twice on the terminal */
static char *
read_new_pin (const char  *new_pin_file,
              SdToken     *token,
              GError     **error)
{
  g_autofree char *prompt = NULL;
  g_autofree char *again_prompt = NULL;
  g_autoptr(SdSecret) pin = NULL;
  g_autoptr(SdSecret) again = NULL;

  if (new_pin_file != NULL)
    return sd_cli_get_password (new_pin_file, NULL, NULL, error);

  prompt = g_strdup_printf (_("New PIN for “%s”: "), sd_token_get_label (token));
  again_prompt = g_strdup_printf (_("New PIN for “%s” again: "), sd_token_get_label (token));
  pin = sd_cli_get_password (NULL, NULL, prompt, error);
  if (pin == NULL)
    return NULL;
  again = sd_cli_get_password (NULL, NULL, again_prompt, error);
  if (again == NULL)
    return NULL;
  if (strcmp (pin, again) != 0)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("The two new PINs differ; the PIN was not changed."));
      return NULL;
    }
  return g_steal_pointer (&pin);
}

static int
pin_change (SdCliTokenArgs *args,
            const char     *new_pin_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdToken) token = NULL;
  g_autoptr(SdSecret) old_pin = NULL;
  g_autoptr(SdSecret) new_pin = NULL;
  SdTokenUriKey uri_key = { NULL, NULL };
  gboolean interactive = isatty (STDIN_FILENO);
  SdPinRequest request;

  if ((args->pin_file == NULL && args->pin_env == NULL) || new_pin_file == NULL)
    {
      if (!interactive)
        return sd_cli_fail (SD_CLI_EXIT_USAGE,
                            _("Without a terminal, give the PINs with --pin-file (or --pin-env) "
                              "and --new-pin-file."));
    }

  token = sd_cli_token_choose (args, &uri_key, &error);
  sd_token_uri_key_clear (&uri_key);
  if (token == NULL)
    return sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);

  /* The tries left go into the prompt; a locked key is not asked at all */
  if (!sd_token_refresh (token, &error))
    return sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);
  if (sd_token_get_flags (token) & SD_TOKEN_PIN_LOCKED)
    return sd_cli_fail (SD_CLI_EXIT_FAILURE,
                        _("The PIN of this key is locked after too many wrong attempts; ask the "
                          "key’s issuer (your CA) to unlock it."));
  if (sd_token_get_flags (token) & SD_TOKEN_PIN_PAD)
    return sd_cli_fail (SD_CLI_EXIT_FAILURE,
                        _("This key takes its PIN on its own keypad; change it with the key "
                          "vendor’s tool."));

  if (args->pin_file != NULL || args->pin_env != NULL)
    old_pin = sd_cli_get_password (args->pin_file, args->pin_env, NULL, &error);
  else
    {
      g_autofree char *prompt = NULL;

      sd_token_fill_pin_request (token, &request);
      prompt = sd_cli_token_pin_prompt (&request, TRUE);
      old_pin = sd_cli_get_password (NULL, NULL, prompt, &error);
    }
  if (old_pin == NULL)
    return sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);

  new_pin = read_new_pin (new_pin_file, token, &error);
  if (new_pin == NULL)
    return sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);

  if (!sd_token_change_pin (token, old_pin, new_pin, NULL, &error))
    return sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);
  g_print (_("The PIN of “%s” was changed.\n"), sd_token_get_label (token));
  return SD_CLI_EXIT_OK;
}

int
sd_cli_pin (int    argc,
            char **argv)
{
  SdCliTokenArgs args = { 0 };
  g_autofree char *new_pin_file = NULL;
  const GOptionEntry entries[] = {
    { "new-pin-file", 0, 0, G_OPTION_ARG_FILENAME, &new_pin_file, N_("Read the new PIN from the first line of FILE"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *usage;
  int status;

  g_set_prgname ("sealdesk-cli pin");
  /* the subcommand's name, not a word to translate */
  context = g_option_context_new ("change");
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Changes the PIN of a USB key or smart card (“pin change --token=URI”). The current and "
      "the new PIN are typed on the terminal without echo (the new one twice), or read from "
      "--pin-file / --pin-env and --new-pin-file."));
  g_option_context_set_description (context,
    _("A wrong current PIN counts as a wrong try, as when signing; the tries left are shown. "
      "Exit status: 0 changed; 1 not changed; 2 wrong command line."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, sd_cli_token_option_group (&args));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      sd_cli_token_args_clear (&args);
      return sd_cli_fail_error (SD_CLI_EXIT_USAGE, error);
    }
  usage = sd_cli_token_check_args (&args);
  if (argc != 2 || strcmp (argv[1], "change") != 0)
    usage = _("The only PIN command is “pin change”.");
  else if (usage == NULL && !args.token)
    usage = _("Choose the key with --token[=URI].");
  if (usage != NULL)
    {
      sd_cli_token_args_clear (&args);
      return sd_cli_fail (SD_CLI_EXIT_USAGE, usage);
    }
  status = pin_change (&args, new_pin_file);
  sd_cli_token_args_clear (&args);
  return status;
}
