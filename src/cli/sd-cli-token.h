/* sd-cli-token.h: USB keys for the sealdesk-cli commands: choosing a key,
 * the PIN from the terminal or a file, the CA provider table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sd-ca-providers.h"
#include "sd-signer.h"
#include "sd-token-diagnostics.h"
#include "sd-token-uri.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean  token;        /* --token given */
  char     *token_uri;    /* --token=URI */
  char    **modules;      /* --module PATH… */
  char    **skf;          /* --skf PATH… */
  char     *token_label;
  char     *key_id;
  char     *pin_file;
  char     *pin_env;
} SdCliTokenArgs;

void            sd_cli_token_args_clear      (SdCliTokenArgs  *args);
/* The options --token[=URI], --module, --skf, --token-label, --key-id,
 * --pin-file, --pin-env, filled into @args */
GOptionGroup   *sd_cli_token_option_group    (SdCliTokenArgs  *args);
gboolean        sd_cli_token_requested       (const SdCliTokenArgs *args);
/* A usage message when the token options do not fit together, else NULL */
const char     *sd_cli_token_check_args      (const SdCliTokenArgs *args);

/* The CA provider table: installed, then the build tree's when run from
 * there, then ~/.config/sealdesk/ca-providers.ini */
SdCaProviders  *sd_cli_token_load_providers  (GError         **error);
/* Where to look: the given modules and libraries only, else everything
 * registered and in the table.  @providers may be NULL. */
void            sd_cli_token_sources         (const SdCliTokenArgs *args,
                                              SdCaProviders   *providers,
                                              SdTokenSources  *sources);

/* The one key that --token[=URI], --token-label, --module and --skf
 * select; @uri_key gets what the URI says about the certificate (clear it
 * with sd_token_uri_key_clear()). */
SdToken        *sd_cli_token_choose          (const SdCliTokenArgs *args,
                                              SdTokenUriKey   *uri_key,
                                              GError         **error);
/* The prompt for a PIN, with the tries left when the token says; @current
 * asks for the current PIN before a change. */
char           *sd_cli_token_pin_prompt      (const SdPinRequest *request,
                                              gboolean         current);

/* The signer of the chosen key, with the PIN callback of the CLI */
SdSigner       *sd_cli_token_load_signer     (const SdCliTokenArgs *args,
                                              GError         **error);

G_END_DECLS
