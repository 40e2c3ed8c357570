/* sd-ca-providers.c: the table of CA providers and their USB key libraries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-ca-providers.h"
#include "sd-error.h"

static void
provider_free (SdCaProvider *provider)
{
  g_free (provider->id);
  g_free (provider->name);
  g_strfreev (provider->skf);
  g_strfreev (provider->pkcs11);
  g_strfreev (provider->keys);
  g_free (provider->driver);
  g_free (provider->note);
  g_free (provider);
}

void
sd_ca_providers_free (SdCaProviders *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->providers);
  g_ptr_array_unref (self->files);
  g_free (self);
}

/* A list value split on ";", trimmed, without empty items */
static GStrv
get_list (GKeyFile   *ini,
          const char *group,
          const char *key)
{
  g_auto(GStrv) raw = g_key_file_get_string_list (ini, group, key, NULL, NULL);
  g_autoptr(GStrvBuilder) out = g_strv_builder_new ();

  for (guint i = 0; raw != NULL && raw[i] != NULL; i++)
    {
      char *item = g_strstrip (raw[i]);

      if (*item != '\0')
        g_strv_builder_add (out, item);
    }
  return g_strv_builder_end (out);
}

static guint
index_of (SdCaProviders *self,
          const char    *id)
{
  for (guint i = 0; i < self->providers->len; i++)
    if (strcmp (((SdCaProvider *) g_ptr_array_index (self->providers, i))->id, id) == 0)
      return i;
  return G_MAXUINT;
}

SdCaProviders *
sd_ca_providers_load (const char * const  *files,
                      GError             **error)
{
  g_autoptr(SdCaProviders) self = g_new0 (SdCaProviders, 1);

  self->providers = g_ptr_array_new_with_free_func ((GDestroyNotify) provider_free);
  self->files = g_ptr_array_new_with_free_func (g_free);

  for (guint f = 0; files != NULL && files[f] != NULL; f++)
    {
      g_autoptr(GKeyFile) ini = g_key_file_new ();
      g_autoptr(GError) local_error = NULL;
      g_auto(GStrv) groups = NULL;

      if (!g_key_file_load_from_file (ini, files[f], G_KEY_FILE_NONE, &local_error))
        {
          g_autofree char *display = NULL;

          if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            continue;
          display = g_filename_display_name (files[f]);
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                       _("The CA provider table “%s” cannot be read: %s. Correct or remove it."),
                       display, local_error->message);
          return NULL;
        }
      g_ptr_array_add (self->files, g_strdup (files[f]));

      groups = g_key_file_get_groups (ini, NULL);
      for (guint g = 0; groups[g] != NULL; g++)
        {
          SdCaProvider *provider;
          guint at;

          if (!g_str_has_prefix (groups[g], "key:") && !g_str_has_prefix (groups[g], "ca:"))
            continue;
          provider = g_new0 (SdCaProvider, 1);
          provider->id = g_strdup (groups[g]);
          provider->name = g_key_file_get_locale_string (ini, groups[g], "name", NULL, NULL);
          if (provider->name == NULL)
            provider->name = g_strdup (strchr (groups[g], ':') + 1);
          provider->skf = get_list (ini, groups[g], "skf");
          provider->pkcs11 = get_list (ini, groups[g], "pkcs11");
          provider->keys = get_list (ini, groups[g], "keys");
          provider->driver = g_key_file_get_locale_string (ini, groups[g], "driver", NULL, NULL);
          provider->note = g_key_file_get_locale_string (ini, groups[g], "note", NULL, NULL);

          at = index_of (self, provider->id);
          if (at != G_MAXUINT)
            {
              /* A later table replaces the group */
              provider_free (g_ptr_array_index (self->providers, at));
              self->providers->pdata[at] = provider;
            }
          else
            g_ptr_array_add (self->providers, provider);
        }
    }
  return g_steal_pointer (&self);
}

const SdCaProvider *
sd_ca_providers_lookup (SdCaProviders *self,
                        const char    *id)
{
  guint at;

  g_return_val_if_fail (self != NULL && id != NULL, NULL);
  at = index_of (self, id);
  return at != G_MAXUINT ? g_ptr_array_index (self->providers, at) : NULL;
}

static void
add_matches (GHashTable *found,
             GStrv       patterns)
{
  for (guint i = 0; patterns != NULL && patterns[i] != NULL; i++)
    {
      glob_t matches;

      if (glob (patterns[i], GLOB_NOSORT, NULL, &matches) == 0)
        {
          for (size_t m = 0; m < matches.gl_pathc; m++)
            if (g_file_test (matches.gl_pathv[m], G_FILE_TEST_IS_REGULAR))
              g_hash_table_add (found, g_strdup (matches.gl_pathv[m]));
        }
      globfree (&matches);
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static GStrv
sorted (GHashTable *found)
{
  guint n = 0;
  g_autofree char **keys = (char **) g_hash_table_get_keys_as_array (found, &n);
  GStrv paths = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    paths[i] = g_strdup (keys[i]);
  qsort (paths, n, sizeof *paths, compare_paths);
  return paths;
}

GStrv
sd_ca_providers_find (SdCaProviders      *self,
                      const SdCaProvider *provider,
                      gboolean            skf)
{
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (self != NULL && provider != NULL, NULL);

  add_matches (found, skf ? provider->skf : provider->pkcs11);
  for (guint i = 0; provider->keys != NULL && provider->keys[i] != NULL; i++)
    {
      g_autofree char *id = g_strconcat ("key:", provider->keys[i], NULL);
      const SdCaProvider *key = sd_ca_providers_lookup (self, id);

      if (key != NULL)
        add_matches (found, skf ? key->skf : key->pkcs11);
    }
  return sorted (found);
}

GStrv
sd_ca_providers_find_all (SdCaProviders *self,
                          gboolean       skf)
{
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->providers->len; i++)
    {
      const SdCaProvider *provider = g_ptr_array_index (self->providers, i);

      add_matches (found, skf ? provider->skf : provider->pkcs11);
    }
  return sorted (found);
}
