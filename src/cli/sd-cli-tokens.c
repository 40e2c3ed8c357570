/* sd-cli-tokens.c: `sealdesk-cli tokens`, the USB key stack and the keys
 * with their certificates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "sd-cli-common.h"
#include "sd-cli-token.h"
#include "sd-cli-tokens.h"
#include "sd-pcsc-monitor.h"
#include "sd-token-diagnostics.h"

static const char *
level_label (SdDiagLevel level)
{
  switch (level)
    {
    case SD_DIAG_OK:
      return _("[ok]");
    case SD_DIAG_INFO:
      return _("[info]");
    case SD_DIAG_WARNING:
      return _("[warning]");
    case SD_DIAG_PROBLEM:
      return _("[problem]");
    default:
      return "?";
    }
}

static const char *
kind_name (SdTokenKind kind)
{
  return kind == SD_TOKEN_KIND_SKF ? "SKF" : "PKCS#11";
}

static const char *
presence_name (SdPrivateKeyPresence presence)
{
  switch (presence)
    {
    case SD_PRIVATE_KEY_PRESENT:
      return "present";
    case SD_PRIVATE_KEY_ABSENT:
      return "absent";
    case SD_PRIVATE_KEY_UNKNOWN:
      return "unknown";
    default:
      return "?";
    }
}

static const char *
usage_name (SdCertUsage usage)
{
  switch (usage)
    {
    case SD_CERT_USAGE_SIGNING:
      return "signing";
    case SD_CERT_USAGE_ENCRYPTION:
      return "encryption";
    case SD_CERT_USAGE_CA:
      return "ca";
    default:
      return "?";
    }
}

static const char *
holder_name (SdCertHolder holder)
{
  switch (holder)
    {
    case SD_CERT_HOLDER_ORGANIZATION:
      return "organization";
    case SD_CERT_HOLDER_PERSON:
      return "person";
    case SD_CERT_HOLDER_EMPLOYEE:
      return "employee";
    case SD_CERT_HOLDER_UNKNOWN:
    default:
      return "unknown";
    }
}

/* Text */

static void
print_certificate (const SdTokenCertificate *cert)
{
  g_autofree char *until = cert->not_after != NULL ? g_date_time_format (cert->not_after,
                                                                         "%Y-%m-%d")
                                                   : g_strdup ("?");

  g_print ("  ");
  g_print (_("Certificate %s “%s”"), cert->key_id, cert->label);
  if (cert->can_sign)
    g_print ("  [%s]\n", sd_cert_usage_to_string (cert->usage));
  else
    g_print ("  [%s, %s]\n", sd_cert_usage_to_string (cert->usage), _("cannot sign"));
  g_print ("    %s %s\n", _("subject:"), cert->subject);
  g_print ("    %s %s", _("holder:"), sd_cert_holder_to_string (cert->holder));
  if (cert->person_name != NULL)
    g_print (", %s %s", _("name"), cert->person_name);
  if (cert->enterprise_code != NULL)
    g_print (", %s %s", _("enterprise code"), cert->enterprise_code);
  if (cert->id_number_masked != NULL)
    g_print (", %s %s", _("ID number"), cert->id_number_masked);
  g_print ("\n");
  g_print ("    %s %s\n", _("issuer:"), cert->issuer);
  g_print ("    %s %s\n", _("CA provider:"), cert->ca_provider);
  g_print ("    ");
  g_print (_("valid until %s, %s %u"), until, sd_key_type_to_string (cert->key_type),
           cert->key_bits);
  g_print ("\n");
  if (cert->reason != NULL)
    g_print ("    %s\n", cert->reason);
  else if (cert->private_key == SD_PRIVATE_KEY_UNKNOWN)
    g_print ("    %s\n", _("(the private key is checked once the PIN is entered)"));
  g_print ("    URI: %s\n", cert->uri != NULL ? cert->uri : "");
}

static void
print_text (SdTokenDiagnostics *d)
{
  g_print ("%s\n", _("USB key stack:"));
  for (guint i = 0; i < d->items->len; i++)
    {
      const SdDiagItem *item = g_ptr_array_index (d->items, i);

      g_print ("  %s %s: %s\n", level_label (item->level), item->subject, item->message);
      if (item->next_step != NULL)
        g_print ("      → %s\n", item->next_step);
    }

  if (d->tokens->len == 0)
    g_print ("\n%s\n", _("No key found."));
  for (guint i = 0; i < d->tokens->len; i++)
    {
      SdToken *token = g_ptr_array_index (d->tokens, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) certs = sd_token_list_certificates (token, NULL, &error);
      g_autofree char *pin = sd_token_describe_pin_state (token);

      g_print ("\n");
      g_print (_("Key “%s” — %s, %s %s, serial %s"), sd_token_get_label (token),
               kind_name (sd_token_get_kind (token)), sd_token_get_manufacturer (token),
               sd_token_get_model (token), sd_token_get_serial (token));
      g_print ("\n  %s %s\n", _("driver:"), sd_token_get_driver (token));
      if (pin != NULL)
        g_print ("  %s %s\n", _("PIN:"), pin);
      g_print ("  URI: %s\n", sd_token_get_uri (token));
      if (certs == NULL)
        g_print ("  %s\n", error->message);
      else if (certs->len == 0)
        g_print ("  %s\n", _("No certificate on this key."));
      for (guint c = 0; certs != NULL && c < certs->len; c++)
        print_certificate (g_ptr_array_index (certs, c));
    }
}

/* JSON */

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_json_certificate (JsonBuilder              *b,
                      const SdTokenCertificate *cert)
{
  g_autofree char *until = cert->not_after != NULL ? g_date_time_format_iso8601 (cert->not_after)
                                                   : NULL;

  json_builder_begin_object (b);
  add_string (b, "key_id", cert->key_id);
  add_string (b, "label", cert->label);
  add_string (b, "subject", cert->subject);
  add_string (b, "issuer", cert->issuer);
  add_string (b, "common_name", cert->common_name);
  add_string (b, "organization", cert->organization);
  add_string (b, "enterprise_code", cert->enterprise_code);
  add_string (b, "id_number", cert->id_number_masked);
  add_string (b, "person_name", cert->person_name);
  add_string (b, "ca_provider", cert->ca_provider);
  add_string (b, "holder", holder_name (cert->holder));
  add_string (b, "serial", cert->serial_hex);
  add_string (b, "not_after", until);
  add_string (b, "key_type", sd_key_type_to_string (cert->key_type));
  json_builder_set_member_name (b, "key_bits");
  json_builder_add_int_value (b, cert->key_bits);
  add_string (b, "usage", usage_name (cert->usage));
  json_builder_set_member_name (b, "can_sign");
  json_builder_add_boolean_value (b, cert->can_sign);
  add_string (b, "reason", cert->reason);
  add_string (b, "private_key", presence_name (cert->private_key));
  add_string (b, "uri", cert->uri);
  json_builder_end_object (b);
}

static void
add_json_token (JsonBuilder *b,
                SdToken     *token)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) certs = sd_token_list_certificates (token, NULL, &error);
  g_autofree char *pin = sd_token_describe_pin_state (token);
  SdTokenFlags flags = sd_token_get_flags (token);

  json_builder_begin_object (b);
  add_string (b, "kind", sd_token_get_kind (token) == SD_TOKEN_KIND_SKF ? "skf" : "pkcs11");
  add_string (b, "label", sd_token_get_label (token));
  add_string (b, "serial", sd_token_get_serial (token));
  add_string (b, "manufacturer", sd_token_get_manufacturer (token));
  add_string (b, "model", sd_token_get_model (token));
  add_string (b, "driver", sd_token_get_driver (token));
  add_string (b, "uri", sd_token_get_uri (token));
  json_builder_set_member_name (b, "pin");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "tries_left");
  json_builder_add_int_value (b, sd_token_get_pin_tries_left (token));
  json_builder_set_member_name (b, "locked");
  json_builder_add_boolean_value (b, (flags & SD_TOKEN_PIN_LOCKED) != 0);
  json_builder_set_member_name (b, "final_try");
  json_builder_add_boolean_value (b, (flags & SD_TOKEN_PIN_FINAL_TRY) != 0);
  json_builder_set_member_name (b, "count_low");
  json_builder_add_boolean_value (b, (flags & SD_TOKEN_PIN_COUNT_LOW) != 0);
  json_builder_set_member_name (b, "to_be_changed");
  json_builder_add_boolean_value (b, (flags & SD_TOKEN_PIN_TO_BE_CHANGED) != 0);
  json_builder_set_member_name (b, "pin_pad");
  json_builder_add_boolean_value (b, (flags & SD_TOKEN_PIN_PAD) != 0);
  add_string (b, "state", pin);
  json_builder_end_object (b);
  add_string (b, "error", certs == NULL ? error->message : NULL);
  json_builder_set_member_name (b, "certificates");
  json_builder_begin_array (b);
  for (guint c = 0; certs != NULL && c < certs->len; c++)
    add_json_certificate (b, g_ptr_array_index (certs, c));
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
print_json (SdTokenDiagnostics *d)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pcscd");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "running");
  json_builder_add_boolean_value (b, d->pcscd_running);
  json_builder_set_member_name (b, "readers");
  json_builder_begin_array (b);
  for (guint i = 0; d->readers != NULL && d->readers[i] != NULL; i++)
    json_builder_add_string_value (b, d->readers[i]);
  json_builder_end_array (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "checks");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->items->len; i++)
    {
      const SdDiagItem *item = g_ptr_array_index (d->items, i);

      json_builder_begin_object (b);
      add_string (b, "level", sd_diag_level_to_string (item->level));
      add_string (b, "component", item->component);
      add_string (b, "subject", item->subject);
      add_string (b, "message", item->message);
      add_string (b, "next_step", item->next_step);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "tokens");
  json_builder_begin_array (b);
  for (guint i = 0; i < d->tokens->len; i++)
    add_json_token (b, g_ptr_array_index (d->tokens, i));
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* --watch */

static void
print_event (const char *text)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (now, "%H:%M:%S");

  g_print ("%s  %s\n", time, text);
  fflush (stdout);
}

static void
on_reader_added (SdPcscMonitor *monitor,
                 const char    *reader,
                 gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf (_("reader added: %s"), reader);

  print_event (text);
}

static void
on_reader_removed (SdPcscMonitor *monitor,
                   const char    *reader,
                   gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf (_("reader removed: %s"), reader);

  print_event (text);
}

static void
on_card_inserted (SdPcscMonitor *monitor,
                  const char    *reader,
                  GBytes        *atr,
                  gpointer       user_data)
{
  gsize length = 0;
  const guint8 *bytes = g_bytes_get_data (atr, &length);
  g_autoptr(GString) hex = g_string_new (NULL);
  g_autofree char *text = NULL;

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (hex, "%02X", bytes[i]);
  text = g_strdup_printf (_("card inserted: %s (ATR %s)"), reader, hex->str);
  print_event (text);
}

static void
on_card_removed (SdPcscMonitor *monitor,
                 const char    *reader,
                 gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf (_("card removed: %s"), reader);

  print_event (text);
}

static void
on_state (SdPcscMonitor *monitor,
          GParamSpec    *pspec,
          gpointer       user_data)
{
  g_autofree char *text = sd_pcsc_monitor_describe_state (monitor);

  print_event (text);
}

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* Prints reader and card events until interrupted */
static int
watch (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(SdPcscMonitor) monitor = sd_pcsc_monitor_new ();
  guint sigint = g_unix_signal_add (SIGINT, on_quit_signal, loop);
  guint sigterm = g_unix_signal_add (SIGTERM, on_quit_signal, loop);

  g_signal_connect (monitor, "reader-added", G_CALLBACK (on_reader_added), NULL);
  g_signal_connect (monitor, "reader-removed", G_CALLBACK (on_reader_removed), NULL);
  g_signal_connect (monitor, "card-inserted", G_CALLBACK (on_card_inserted), NULL);
  g_signal_connect (monitor, "card-removed", G_CALLBACK (on_card_removed), NULL);
  g_signal_connect (monitor, "notify::state", G_CALLBACK (on_state), NULL);
  sd_pcsc_monitor_start (monitor);
  g_main_loop_run (loop);
  sd_pcsc_monitor_stop (monitor);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  return SD_CLI_EXIT_OK;
}

int
sd_cli_tokens (int    argc,
               char **argv)
{
  SdCliTokenArgs args = { 0 };
  gboolean json = FALSE;
  gboolean watching = FALSE;
  const GOptionEntry entries[] = {
    { "module", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args.modules, N_("Also use this PKCS#11 module"), N_("PATH") },
    { "skf", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &args.skf, N_("Also use this SKF (GM/T 0016) library"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { "watch", 0, 0, G_OPTION_ARG_NONE, &watching, N_("Print card readers and cards as they come and go, until interrupted"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdCaProviders) providers = NULL;
  g_autoptr(SdTokenDiagnostics) diagnostics = NULL;
  SdTokenSources sources;
  int status = SD_CLI_EXIT_OK;

  g_set_prgname ("sealdesk-cli tokens");
  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Shows the USB keys and smart cards this computer can use, their certificates (which can "
      "sign, and why the others cannot), and what is missing when a key is not seen: pcscd, the "
      "PKCS#11 modules registered with p11-kit, the SKF libraries of the CA provider table, and "
      "the modules and libraries given here. With --watch, prints card readers and cards as they "
      "come and go."));
  g_option_context_set_description (context,
    _("Each certificate is printed with the URI that selects it for “sealdesk-cli sign "
      "--token=URI”.\nThe CA provider table is ~/.config/sealdesk/ca-providers.ini over the "
      "installed one.\n\nExit status: 0; 2 wrong command line."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_autofree char *line = g_strdup_printf (_("%s (see “sealdesk-cli tokens --help”)"),
                                               error->message);

      status = sd_cli_fail (SD_CLI_EXIT_USAGE, line);
      goto out;
    }

  if (watching)
    {
      status = watch ();
      goto out;
    }

  providers = sd_cli_token_load_providers (&error);
  if (providers == NULL)
    {
      status = sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);
      goto out;
    }
  /* Here the given modules and libraries come on top of everything else */
  sd_cli_token_sources (&args, providers, &sources);
  sources.registered_modules = TRUE;
  sources.providers = providers;
  diagnostics = sd_token_diagnostics_run (&sources, NULL);

  if (json)
    print_json (diagnostics);
  else
    print_text (diagnostics);

out:
  sd_cli_token_args_clear (&args);
  return status;
}
