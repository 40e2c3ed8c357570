/* sd-token-diagnostics.c: what the USB key stack of this machine looks like
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-pcsc-monitor.h"
#include "sd-pkcs11-module.h"
#include "sd-skf-library.h"
#include "sd-token-diagnostics.h"
#include "sd-token-pkcs11.h"
#include "sd-token-skf.h"

static void
item_free (SdDiagItem *item)
{
  g_free (item->component);
  g_free (item->subject);
  g_free (item->message);
  g_free (item->next_step);
  g_free (item);
}

void
sd_token_diagnostics_free (SdTokenDiagnostics *diagnostics)
{
  if (diagnostics == NULL)
    return;
  g_ptr_array_unref (diagnostics->items);
  g_ptr_array_unref (diagnostics->tokens);
  g_strfreev (diagnostics->readers);
  g_free (diagnostics);
}

const char *
sd_diag_level_to_string (SdDiagLevel level)
{
  switch (level)
    {
    case SD_DIAG_OK:
      return "ok";
    case SD_DIAG_INFO:
      return "info";
    case SD_DIAG_WARNING:
      return "warning";
    case SD_DIAG_PROBLEM:
      return "problem";
    default:
      return "?";
    }
}

/* Takes @message and @next_step */
static void
add (SdTokenDiagnostics *d,
     SdDiagLevel         level,
     const char         *component,
     const char         *subject,
     char               *message,
     char               *next_step)
{
  SdDiagItem *item = g_new0 (SdDiagItem, 1);

  item->level = level;
  item->component = g_strdup (component);
  item->subject = g_strdup (subject);
  item->message = message;
  item->next_step = next_step;
  g_ptr_array_add (d->items, item);
}

/* pcscd */

static void
check_pcscd (SdTokenDiagnostics *d)
{
  g_autoptr(GStrvBuilder) readers = g_strv_builder_new ();
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GArray) cards = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *problem = NULL;

  d->pcscd_running = sd_pcsc_snapshot (&names, &cards, &problem);
  if (!d->pcscd_running)
    {
      g_autofree char *program = g_find_program_in_path ("pcscd");
      gboolean installed = program != NULL || g_file_test ("/usr/sbin/pcscd", G_FILE_TEST_EXISTS);

      d->readers = g_strv_builder_end (readers);
      add (d, SD_DIAG_PROBLEM, "pcscd", "pcscd",
           g_strdup_printf (_("pcscd is not running (%s): smart cards and the USB keys that work "
                              "through it (PIV cards, OpenSC, most PKCS#11 keys) cannot be seen."),
                            problem),
           g_strdup (installed
                     ? _("Start it with “sudo systemctl start pcscd.socket”, or run “sudo pcscd”.")
                     : _("Install it with “sudo apt install pcscd”, then start it with “sudo "
                         "systemctl start pcscd.socket”.")));
      return;
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *entry = g_array_index (cards, gboolean, i)
                               ? g_strdup_printf (_("%s (card inserted)"), names[i])
                               : g_strdup_printf (_("%s (empty)"), names[i]);

      g_strv_builder_add (readers, entry);
      g_string_append_printf (seen, "%s%s", i > 0 ? ", " : "", entry);
    }
  d->readers = g_strv_builder_end (readers);

  if (names[0] == NULL)
    add (d, SD_DIAG_WARNING, "pcscd", "pcscd",
         g_strdup (_("pcscd answers but sees no card reader or USB key.")),
         g_strdup (_("Plug the key in. If it is plugged in, the driver of its reader may be "
                     "missing: install “libccid” (sudo apt install libccid) or the driver of the "
                     "key.")));
  else
    add (d, SD_DIAG_OK, "pcscd", "pcscd",
         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "pcscd answers; %u reader: %s",
                                       "pcscd answers; %u readers: %s", g_strv_length (names)),
                          g_strv_length (names), seen->str),
         NULL);
}

/* What a PKCS#11 module or SKF library sees */

static char *
token_labels (GPtrArray *tokens)
{
  g_autoptr(GString) labels = g_string_new (NULL);

  for (guint i = 0; i < tokens->len; i++)
    g_string_append_printf (labels, "%s“%s”", i > 0 ? ", " : "",
                            sd_token_get_label (g_ptr_array_index (tokens, i)));
  return g_string_free (g_steal_pointer (&labels), FALSE);
}

static void
add_tokens (SdTokenDiagnostics *d,
            const char         *component,
            const char         *subject,
            GPtrArray          *tokens)
{
  g_autofree char *labels = NULL;

  if (tokens->len == 0)
    {
      add (d, SD_DIAG_INFO, component, subject, g_strdup (_("No key seen.")),
           g_strdup (_("Insert the key if it is one of this driver’s.")));
      return;
    }
  labels = token_labels (tokens);
  add (d, SD_DIAG_OK, component, subject,
       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u key: %s", "%u keys: %s", tokens->len),
                        tokens->len, labels),
       NULL);
  for (guint i = 0; i < tokens->len; i++)
    g_ptr_array_add (d->tokens, g_object_ref (g_ptr_array_index (tokens, i)));
}

static void
check_module (SdTokenDiagnostics *d,
              SdPkcs11Module     *module,
              GHashTable         *checked)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;

  if (!g_hash_table_add (checked, module))
    return;
  subject = g_strdup_printf ("%s (%s)", sd_pkcs11_module_get_name (module),
                             sd_pkcs11_module_get_path (module));
  tokens = sd_token_pkcs11_list (module, &error);
  if (tokens == NULL)
    add (d, SD_DIAG_PROBLEM, "pkcs11", subject, g_strdup (error->message), NULL);
  else
    add_tokens (d, "pkcs11", subject, tokens);
}

static void
check_module_path (SdTokenDiagnostics *d,
                   const char         *path,
                   GPtrArray          *modules,
                   GHashTable         *checked)
{
  g_autoptr(GError) error = NULL;
  SdPkcs11Module *module = sd_pkcs11_module_load (path, &error);

  if (module == NULL)
    {
      add (d, SD_DIAG_PROBLEM, "pkcs11", path, g_strdup (error->message), NULL);
      return;
    }
  g_ptr_array_add (modules, module);
  check_module (d, module, checked);
}

static void
check_skf (SdTokenDiagnostics *d,
           const char         *path,
           GHashTable         *checked)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSkfLibrary) library = sd_skf_library_load (path, &error);
  g_autoptr(GPtrArray) tokens = NULL;

  if (library == NULL)
    {
      add (d, SD_DIAG_PROBLEM, "skf", path, g_strdup (error->message), NULL);
      return;
    }
  if (!g_hash_table_add (checked, g_strdup (sd_skf_library_get_path (library))))
    return;
  tokens = sd_token_skf_list (library, &error);
  if (tokens == NULL)
    add (d, SD_DIAG_PROBLEM, "skf", sd_skf_library_get_path (library), g_strdup (error->message),
         NULL);
  else
    add_tokens (d, "skf", sd_skf_library_get_path (library), tokens);
}

/* CA providers whose driver libraries are or are not here; those without
 * are told in one line, as most machines have the driver of one CA only. */
static void
check_providers (SdTokenDiagnostics *d,
                 SdCaProviders      *providers)
{
  g_autoptr(GString) missing = g_string_new (NULL);
  g_autoptr(GString) where = g_string_new (NULL);

  for (guint i = 0; i < providers->providers->len; i++)
    {
      const SdCaProvider *provider = g_ptr_array_index (providers->providers, i);
      g_auto(GStrv) skf = NULL;
      g_auto(GStrv) pkcs11 = NULL;
      g_autoptr(GStrvBuilder) builder = NULL;
      g_auto(GStrv) found = NULL;
      g_autofree char *list = NULL;

      if (!g_str_has_prefix (provider->id, "ca:"))
        continue;
      skf = sd_ca_providers_find (providers, provider, TRUE);
      pkcs11 = sd_ca_providers_find (providers, provider, FALSE);
      if (g_strv_length (skf) + g_strv_length (pkcs11) == 0)
        {
          g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", provider->name);
          if (provider->driver != NULL)
            g_string_append_printf (where, "%s%s: %s", where->len > 0 ? "; " : "",
                                    provider->name, provider->driver);
          continue;
        }
      builder = g_strv_builder_new ();
      g_strv_builder_addv (builder, (const char **) skf);
      g_strv_builder_addv (builder, (const char **) pkcs11);
      found = g_strv_builder_end (builder);
      list = g_strjoinv (", ", found);
      add (d, SD_DIAG_OK, "ca", provider->name,
           g_strdup_printf (_("Driver libraries found: %s"), list), NULL);
    }
  if (missing->len > 0)
    add (d, SD_DIAG_INFO, "ca", _("CA providers"),
         g_strdup_printf (_("No driver library is installed for %s."), missing->str),
         g_strdup_printf (_("If your key comes from one of them, install its Linux driver (%s), "
                            "or add the path of the key’s library to "
                            "~/.config/sealdesk/ca-providers.ini."), where->str));
}

SdTokenDiagnostics *
sd_token_diagnostics_run (const SdTokenSources *sources,
                          GCancellable         *cancellable)
{
  SdTokenDiagnostics *d = g_new0 (SdTokenDiagnostics, 1);
  g_autoptr(GHashTable) checked_modules = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) checked_skf = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                             NULL);
  g_autoptr(GPtrArray) modules = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) table_modules = NULL;
  g_auto(GStrv) table_skf = NULL;

  g_return_val_if_fail (sources != NULL, NULL);

  d->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  d->tokens = g_ptr_array_new_with_free_func (g_object_unref);

  check_pcscd (d);

  if (sources->registered_modules && !g_cancellable_is_cancelled (cancellable))
    {
      g_autoptr(GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) registered = sd_pkcs11_module_load_registered (failures, &error);

      if (registered == NULL)
        add (d, SD_DIAG_PROBLEM, "pkcs11", "p11-kit", g_strdup (error->message), NULL);
      else if (registered->len == 0 && failures->len == 0)
        add (d, SD_DIAG_INFO, "pkcs11", "p11-kit",
             g_strdup (_("No PKCS#11 module is registered with p11-kit.")),
             g_strdup (_("Install the driver of your key, or OpenSC for PIV and other standard "
                         "cards (sudo apt install opensc).")));
      for (guint i = 0; registered != NULL && i < registered->len; i++)
        {
          g_ptr_array_add (modules, g_object_ref (g_ptr_array_index (registered, i)));
          check_module (d, g_ptr_array_index (registered, i), checked_modules);
        }
      for (guint i = 0; i < failures->len; i++)
        add (d, SD_DIAG_PROBLEM, "pkcs11", "p11-kit", g_strdup (g_ptr_array_index (failures, i)),
             NULL);
    }

  if (sources->providers != NULL)
    {
      table_modules = sd_ca_providers_find_all (sources->providers, FALSE);
      table_skf = sd_ca_providers_find_all (sources->providers, TRUE);
    }
  for (guint i = 0; sources->modules != NULL && sources->modules[i] != NULL; i++)
    check_module_path (d, sources->modules[i], modules, checked_modules);
  for (guint i = 0; table_modules != NULL && table_modules[i] != NULL; i++)
    check_module_path (d, table_modules[i], modules, checked_modules);
  for (guint i = 0; sources->skf_libraries != NULL && sources->skf_libraries[i] != NULL; i++)
    check_skf (d, sources->skf_libraries[i], checked_skf);
  for (guint i = 0; table_skf != NULL && table_skf[i] != NULL; i++)
    check_skf (d, table_skf[i], checked_skf);

  if (sources->providers != NULL)
    check_providers (d, sources->providers);
  return d;
}
