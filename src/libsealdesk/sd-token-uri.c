/* sd-token-uri.c: choosing a token and a key by URI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-error.h"
#include "sd-pkcs11-module.h"
#include "sd-token-skf.h"
#include "sd-token-uri.h"

void
sd_token_uri_key_clear (SdTokenUriKey *key)
{
  g_clear_pointer (&key->key_id, g_free);
  g_clear_pointer (&key->key_label, g_free);
}

static void
pad (unsigned char *field,
     gsize          size,
     const char    *value)
{
  gsize length = MIN (strlen (value), size);

  memset (field, ' ', size);
  memcpy (field, value, length);
}

static char *
hex (const guint8 *data,
     gsize         length)
{
  GString *out = g_string_sized_new (2 * length + 1);

  for (gsize i = 0; i < length; i++)
    g_string_append_printf (out, "%02x", data[i]);
  return g_string_free (out, FALSE);
}

/* Same file, however named */
static gboolean
same_path (const char *a,
           const char *b)
{
  g_autofree char *ra = realpath (a, NULL);
  g_autofree char *rb = realpath (b, NULL);

  if (ra == NULL || rb == NULL)
    return g_strcmp0 (a, b) == 0;
  return strcmp (ra, rb) == 0;
}

static gboolean
match_pkcs11 (const char     *text,
              SdToken        *token,
              gboolean       *matches,
              SdTokenUriKey  *key,
              GError        **error)
{
  P11KitUri *uri = p11_kit_uri_new ();
  struct ck_token_info info;
  struct ck_attribute *attribute;
  const char *module_path;
  int rv;

  rv = p11_kit_uri_parse (text, P11_KIT_URI_FOR_ANY, uri);
  if (rv != P11_KIT_URI_OK)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a PKCS#11 URI: %s"), text, p11_kit_uri_message (rv));
      p11_kit_uri_free (uri);
      return FALSE;
    }

  memset (&info, 0, sizeof info);
  pad (info.label, sizeof info.label, sd_token_get_label (token));
  pad (info.manufacturer_id, sizeof info.manufacturer_id, sd_token_get_manufacturer (token));
  pad (info.model, sizeof info.model, sd_token_get_model (token));
  pad (info.serial_number, sizeof info.serial_number, sd_token_get_serial (token));
  module_path = p11_kit_uri_get_module_path (uri);
  *matches = sd_token_get_kind (token) == SD_TOKEN_KIND_PKCS11
             && p11_kit_uri_match_token_info (uri, &info)
             && (module_path == NULL || same_path (module_path, sd_token_get_driver (token)));

  if (key != NULL)
    {
      attribute = p11_kit_uri_get_attribute (uri, CKA_ID);
      if (attribute != NULL && attribute->value_len > 0)
        key->key_id = hex (attribute->value, attribute->value_len);
      attribute = p11_kit_uri_get_attribute (uri, CKA_LABEL);
      if (attribute != NULL && attribute->value_len > 0)
        key->key_label = g_strndup (attribute->value, attribute->value_len);
    }
  p11_kit_uri_free (uri);
  return TRUE;
}

static gboolean
match_skf (const char     *text,
           SdToken        *token,
           gboolean       *matches,
           SdTokenUriKey  *key,
           GError        **error)
{
  g_auto(GStrv) parts = g_strsplit (text + strlen ("skf:"), ";", -1);
  SdTokenSkf *skf = SD_IS_TOKEN_SKF (token) ? SD_TOKEN_SKF (token) : NULL;

  *matches = skf != NULL;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *equals = strchr (parts[i], '=');
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if (parts[i][0] == '\0')
        continue;
      if (equals != NULL)
        {
          name = g_strndup (parts[i], equals - parts[i]);
          value = g_uri_unescape_string (equals + 1, NULL);
        }
      if (value == NULL)
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not an SKF URI: write attribute=value pairs separated by “;”, "
                         "for example skf:device=KEY01;container=sign"), text);
          return FALSE;
        }
      if (strcmp (name, "library") == 0)
        *matches = *matches && same_path (value, sd_token_get_driver (token));
      else if (strcmp (name, "device") == 0)
        *matches = *matches && g_strcmp0 (value, sd_token_skf_get_device_name (skf)) == 0;
      else if (strcmp (name, "application") == 0)
        *matches = *matches && g_strcmp0 (value, sd_token_skf_get_application (skf)) == 0;
      else if (strcmp (name, "serial") == 0)
        *matches = *matches && g_strcmp0 (value, sd_token_get_serial (token)) == 0;
      else if (strcmp (name, "container") == 0)
        {
          if (key != NULL)
            {
              g_free (key->key_id);
              key->key_id = g_steal_pointer (&value);
            }
        }
      else if (strcmp (name, "usage") == 0)
        {
          if (strcmp (value, "sign") != 0 && strcmp (value, "encrypt") != 0)
            {
              g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("usage= in an SKF URI is “sign” or “encrypt”, not “%s”"), value);
              return FALSE;
            }
        }
      else
        {
          g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                       _("An SKF URI has no attribute “%s” (library, device, application, "
                         "serial, container, usage)"), name);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
sd_token_uri_match (const char     *uri,
                    SdToken        *token,
                    gboolean       *matches,
                    SdTokenUriKey  *key,
                    GError        **error)
{
  g_return_val_if_fail (uri != NULL && SD_IS_TOKEN (token) && matches != NULL, FALSE);

  *matches = FALSE;
  if (g_str_has_prefix (uri, "pkcs11:"))
    return match_pkcs11 (uri, token, matches, key, error);
  if (g_str_has_prefix (uri, "skf:"))
    return match_skf (uri, token, matches, key, error);
  g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
               _("“%s” is neither a pkcs11: nor an skf: URI; run “sealdesk-cli tokens” to see "
                 "the URIs of your keys"), uri);
  return FALSE;
}
