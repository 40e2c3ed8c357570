/* sd-test-token.c: a private SoftHSM2 token, or a software SKF one, for
 * the GUI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "sd-application.h"
#include "sd-test-gui.h"
#include "sd-test-token.h"
#include "test-platform-server.h"

#define SO_PIN "87654321"
/* The fixture's own CA, in work_dir */
#define TOKEN_CA "token-ca"
/* The software SKF token's administrator PIN (SKF's SO PIN) */
#define SKF_ADMIN_PIN "13579111"

struct _SdTestToken
{
  char *dir;
  char *tokens;        /* SoftHSM's token directory, as the app sees it */
  char *staging;       /* where the token is prepared */
  char *staging_conf;
  char *label;
  char *skf_device;    /* a software SKF key's device in the shared store */
};

const char *
sd_test_token_module (void)
{
  static const char *candidates[] = {
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
  };
  g_autofree char *util = g_find_program_in_path ("softhsm2-util");
  g_autofree char *tool = g_find_program_in_path ("pkcs11-tool");

  if (util == NULL || tool == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (g_file_test (candidates[i], G_FILE_TEST_EXISTS))
      return candidates[i];
  return NULL;
}

/* Runs a tool on the staging token (NULL-terminated arguments) */
static void
run_staging (SdTestToken *self,
             const char  *first,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "SOFTHSM2_CONF", self->staging_conf,
                                        TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  if (!g_spawn_sync (work_dir, (char **) args->pdata, env, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                     &err, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s\n%s%s", first, error->message, out != NULL ? out : "",
             err != NULL ? err : "");
}

static char *
write_conf (const char *dir,
            const char *name,
            const char *token_dir)
{
  g_autofree char *contents = g_strdup_printf ("directories.tokendir = %s\n"
                                               "objectstore.backend = file\n"
                                               "log.level = ERROR\n"
                                               "slots.removable = true\n", token_dir);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

SdTestToken *
sd_test_token_new (const char *label)
{
  SdTestToken *self = g_new0 (SdTestToken, 1);
  g_autofree char *conf = NULL;

  g_assert_nonnull (work_dir);
  self->dir = g_build_filename (work_dir, "softhsm-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (self->dir));
  self->tokens = g_build_filename (self->dir, "tokens", NULL);
  self->staging = g_build_filename (self->dir, "staging", NULL);
  g_assert_cmpint (g_mkdir (self->tokens, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (self->staging, 0700), ==, 0);
  self->staging_conf = write_conf (self->dir, "staging.conf", self->staging);
  self->label = g_strdup (label);

  /* The app's SoftHSM reads it at its first C_Initialize */
  conf = write_conf (self->dir, "softhsm2.conf", self->tokens);
  g_setenv ("SOFTHSM2_CONF", conf, TRUE);

  run_staging (self, "softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin",
               SO_PIN, "--pin", SD_TEST_TOKEN_PIN, NULL);
  return self;
}

const char *
sd_test_token_get_label (SdTestToken *self)
{
  return self->label;
}

static void
make_certificate (const char *name,
                  const char *key_alg,
                  const char *common_name,
                  const char *uscc,
                  const char *id_number,
                  gboolean    encryption)
{
  g_autofree char *ca_crt = work_path (TOKEN_CA ".crt");
  g_autoptr(GString) subject = g_string_new (NULL);
  g_autoptr(GString) ext = g_string_new (NULL);

  if (!g_file_test (ca_crt, G_FILE_TEST_EXISTS))
    make_ca (TOKEN_CA);
  g_string_append_printf (subject, "/CN=%s", common_name);
  if (uscc != NULL)
    g_string_append_printf (subject, "/O=某某科技有限公司/serialNumber=%s", uscc);
  g_string_append (ext, encryption ? "keyUsage = critical, keyEncipherment, dataEncipherment"
                                   : SIGNING_USAGE);
  if (id_number != NULL)
    g_string_append_printf (ext, "\n1.2.156.10260.4.1.1 = ASN1:UTF8String:%s", id_number);
  make_leaf_of (TOKEN_CA, name, key_alg, subject->str, ext->str);
}

void
sd_test_token_make_certificate (const char *name,
                                const char *common_name,
                                const char *uscc,
                                const char *id_number,
                                gboolean    encryption)
{
  make_certificate (name, "rsa", common_name, uscc, id_number, encryption);
}

void
sd_test_token_add (SdTestToken *self,
                   const char  *id,
                   const char  *name,
                   const char  *label)
{
  g_autofree char *key_name = g_strconcat (name, ".key", NULL);
  g_autofree char *crt_name = g_strconcat (name, ".crt", NULL);
  g_autofree char *der_name = g_strconcat (name, ".der", NULL);
  g_autofree char *key = work_path (key_name);
  g_autofree char *der = work_path (der_name);

  openssl ("x509", "-in", crt_name, "-outform", "DER", "-out", der_name, NULL);
  run_staging (self, "softhsm2-util", "--import", key, "--token", self->label, "--label", label,
               "--id", id, "--pin", SD_TEST_TOKEN_PIN, NULL);
  run_staging (self, "pkcs11-tool", "--module", sd_test_token_module (), "--token-label",
               self->label, "--login", "--pin", SD_TEST_TOKEN_PIN, "--write-object", der,
               "--type", "cert", "--id", id, "--label", label, NULL);
}

void
sd_test_token_insert (SdTestToken *self)
{
  g_autoptr(GDir) staged = g_dir_open (self->staging, 0, NULL);
  const char *name;

  g_assert_nonnull (staged);
  /* One directory per token: its rename is the insertion */
  while ((name = g_dir_read_name (staged)) != NULL)
    {
      g_autofree char *from = g_build_filename (self->staging, name, NULL);
      g_autofree char *to = g_build_filename (self->tokens, name, NULL);

      g_assert_cmpint (g_rename (from, to), ==, 0);
    }
}

void
sd_test_token_register (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SD_APPLICATION_ID);
  const char *modules[] = { sd_test_token_module (), NULL };

  g_assert_nonnull (modules[0]);
  g_settings_set_strv (settings, "pkcs11-modules", modules);
}

/* The software SKF token */

/* SD_TEST_SKF_SOFT_LIBRARY and _ADMIN: the build tree's, set by meson */
const char *
sd_test_token_skf_library (void)
{
  if (!g_file_test (SD_TEST_SKF_SOFT_LIBRARY, G_FILE_TEST_EXISTS)
      || !g_file_test (SD_TEST_SKF_SOFT_ADMIN, G_FILE_TEST_IS_EXECUTABLE))
    return NULL;
  return SD_TEST_SKF_SOFT_LIBRARY;
}

/* sdskf-soft-admin on the staging store (NULL-terminated arguments) */
static void
run_skf_admin (SdTestToken *self,
               const char  *first,
               ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  va_list ap;

  g_ptr_array_add (args, (gpointer) SD_TEST_SKF_SOFT_ADMIN);
  g_ptr_array_add (args, (gpointer) "--dir");
  g_ptr_array_add (args, self->staging);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  if (!g_spawn_sync (work_dir, (char **) args->pdata, NULL, 0, NULL, NULL, &out, &err, &status,
                     &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("sdskf-soft-admin %s: %s\n%s%s", first, error->message, out != NULL ? out : "",
             err != NULL ? err : "");
}

SdTestToken *
sd_test_token_new_skf (const char *device,
                       const char *label,
                       const char *common_name,
                       const char *uscc,
                       const char *id_number,
                       guint       tries)
{
  SdTestToken *self = g_new0 (SdTestToken, 1);
  g_autofree char *sign = g_strconcat (device, "-sign", NULL);
  g_autofree char *enc = g_strconcat (device, "-enc", NULL);
  g_autofree char *sign_key = g_strconcat (sign, ".key", NULL);
  g_autofree char *sign_crt = g_strconcat (sign, ".crt", NULL);
  g_autofree char *enc_key = g_strconcat (enc, ".key", NULL);
  g_autofree char *enc_crt = g_strconcat (enc, ".crt", NULL);
  g_autofree char *pin_file = NULL;
  g_autofree char *admin_pin_file = NULL;
  g_autofree char *retries = g_strdup_printf ("%u", tries);

  g_assert_nonnull (work_dir);
  g_assert_nonnull (sd_test_token_skf_library ());
  self->dir = g_build_filename (work_dir, "skf-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (self->dir));
  /* One store for every key of the test, where the app's library looks */
  self->tokens = g_build_filename (work_dir, "skf-store", NULL);
  self->staging = g_build_filename (self->dir, "staging", NULL);
  g_assert_cmpint (g_mkdir_with_parents (self->tokens, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (self->staging, 0700), ==, 0);
  self->label = g_strdup (label);
  self->skf_device = g_strdup (device);
  g_setenv ("SDSKF_SOFT_DIR", self->tokens, TRUE);

  /* The admin tool reads PINs from files only */
  pin_file = g_build_filename (self->dir, "pin", NULL);
  admin_pin_file = g_build_filename (self->dir, "admin-pin", NULL);
  g_assert_true (g_file_set_contents (pin_file, SD_TEST_TOKEN_PIN "\n", -1, NULL));
  g_assert_true (g_file_set_contents (admin_pin_file, SKF_ADMIN_PIN "\n", -1, NULL));

  make_certificate (sign, "sm2", common_name, uscc, id_number, FALSE);
  make_certificate (enc, "sm2", common_name, uscc, id_number, TRUE);
  run_skf_admin (self, "init-device", device, "--label", label, "--serial", device, NULL);
  run_skf_admin (self, "create-app", device, "SealDesk", "--pin-file", pin_file,
                 "--admin-pin-file", admin_pin_file, "--retries", retries, NULL);
  run_skf_admin (self, "import", device, "SealDesk", "签名容器", "--pin-file", pin_file,
                 "--sign-key", sign_key, "--sign-cert", sign_crt, "--enc-key", enc_key,
                 "--enc-cert", enc_crt, NULL);
  return self;
}

void
sd_test_token_register_skf (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SD_APPLICATION_ID);
  const char *libraries[] = { sd_test_token_skf_library (), NULL };

  g_assert_nonnull (libraries[0]);
  g_settings_set_strv (settings, "skf-libraries", libraries);
}

void
sd_test_token_free (SdTestToken *self)
{
  if (self == NULL)
    return;
  if (self->skf_device != NULL)
    {
      g_autofree char *inserted = g_build_filename (self->tokens, self->skf_device, NULL);

      sd_test_rm_rf (inserted);
    }
  sd_test_rm_rf (self->dir);
  g_free (self->dir);
  g_free (self->tokens);
  g_free (self->staging);
  g_free (self->staging_conf);
  g_free (self->label);
  g_free (self->skf_device);
  g_free (self);
}
