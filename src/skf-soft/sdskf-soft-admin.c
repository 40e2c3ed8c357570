/* sdskf-soft-admin.c: sets up the software SKF token's devices,
 * applications and containers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   sdskf-soft-admin [--dir DIR] init-device DEVICE [--label L] [--serial S] [--manufacturer M]
 *   sdskf-soft-admin [--dir DIR] create-app DEVICE APP [--pin-file F] [--admin-pin-file F] [--retries N]
 *   sdskf-soft-admin [--dir DIR] import DEVICE APP CONTAINER [--pin-file F]
 *                    --sign-key KEY --sign-cert CERT [--enc-key KEY --enc-cert CERT]
 *   sdskf-soft-admin [--dir DIR] list
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "sd-certificate.h"
#include "sd-cli-common.h"
#include "sd-error.h"
#include "sd-openssl.h"
#include "sd-secure.h"
#include "sd-skf-store.h"

typedef struct
{
  char    *dir;
  char    *label;
  char    *serial;
  char    *manufacturer;
  char    *pin_file;
  char    *admin_pin_file;
  int      retries;
  char    *sign_key;
  char    *sign_cert;
  char    *enc_key;
  char    *enc_cert;
} Args;

static void
args_clear (Args *a)
{
  g_free (a->dir);
  g_free (a->label);
  g_free (a->serial);
  g_free (a->manufacturer);
  g_free (a->pin_file);
  g_free (a->admin_pin_file);
  g_free (a->sign_key);
  g_free (a->sign_cert);
  g_free (a->enc_key);
  g_free (a->enc_cert);
}

static int
usage (const char *message)
{
  g_autofree char *line = g_strdup_printf (_("%s (see “sdskf-soft-admin --help”)"), message);

  return sd_cli_fail (SD_CLI_EXIT_USAGE, line);
}

static char *
path_in (const Args *a,
         const char *first,
         ...)
{
  g_autofree char *root = a->dir != NULL ? g_strdup (a->dir) : sd_skf_store_root ();
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (parts, root);
  va_start (ap, first);
  for (const char *part = first; part != NULL; part = va_arg (ap, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (ap);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static SdSecret *
get_pin (const char  *file,
         const char  *prompt,
         GError     **error)
{
  SdSecret *pin = sd_cli_get_password (file, NULL, prompt, error);

  if (pin == NULL && (error == NULL || *error == NULL))
    g_set_error_literal (error, SD_ERROR, SD_ERROR_BAD_PASSWORD,
                         _("Give the PIN with --pin-file FILE or type it on a terminal."));
  return pin;
}

static gboolean
check_names (int          argc,
             char       **argv,
             GError     **error)
{
  for (int i = 2; i < argc; i++)
    if (!sd_skf_store_name_is_valid (argv[i]))
      {
        g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a valid name: use 1 to 64 bytes, no “/”, not starting "
                       "with “.”."), argv[i]);
        return FALSE;
      }
  return TRUE;
}

static EVP_PKEY *
load_key (const char  *path,
          GError     **error)
{
  g_autoptr(BIO) bio = BIO_new_file (path, "rb");
  EVP_PKEY *key = NULL;

  if (bio != NULL)
    key = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  if (key == NULL && bio != NULL && BIO_reset (bio) == 0)
    key = d2i_PrivateKey_bio (bio, NULL);
  if (key == NULL)
    sd_openssl_set_error (error, SD_ERROR_KEY, _("“%s” holds no unencrypted private key"), path);
  return key;
}

/* The certificate's DER, checked against @key */
static GBytes *
load_certificate (const char  *path,
                  EVP_PKEY    *key,
                  GError     **error)
{
  g_autoptr(X509) cert = sd_certificate_load_file (path, error);

  if (cert == NULL)
    return NULL;
  if (!EVP_PKEY_eq (X509_get0_pubkey (cert), key))
    {
      sd_openssl_clear_error ();
      g_set_error (error, SD_ERROR, SD_ERROR_KEY,
                   _("The certificate “%s” does not belong to the private key given with it."),
                   path);
      return NULL;
    }
  return sd_certificate_to_der (cert, error);
}

static gboolean
run_init_device (const Args  *a,
                 int          argc,
                 char       **argv,
                 GError     **error)
{
  g_autofree char *dir = NULL;

  if (argc != 3)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("init-device takes one DEVICE name."));
      return FALSE;
    }
  dir = path_in (a, argv[2], NULL);
  return check_names (argc, argv, error)
         && sd_skf_store_create_device (dir, a->label != NULL ? a->label : argv[2],
                                        a->serial != NULL ? a->serial : argv[2],
                                        a->manufacturer != NULL ? a->manufacturer : "SealDesk",
                                        error);
}

static gboolean
run_create_app (const Args  *a,
                int          argc,
                char       **argv,
                GError     **error)
{
  g_autoptr(SdSecret) pin = NULL;
  g_autoptr(SdSecret) admin_pin = NULL;
  g_autofree char *device = NULL;
  g_autofree char *dir = NULL;

  if (argc != 4)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("create-app takes a DEVICE and an APPLICATION name."));
      return FALSE;
    }
  if (!check_names (argc, argv, error))
    return FALSE;
  device = path_in (a, argv[2], "device.ini", NULL);
  if (!g_file_test (device, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                   _("There is no device “%s”: create it with init-device first."), argv[2]);
      return FALSE;
    }
  if (a->retries < 1 || a->retries > 15)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("--retries takes a number from 1 to 15."));
      return FALSE;
    }
  if ((pin = get_pin (a->pin_file, _("New user PIN: "), error)) == NULL
      || (admin_pin = get_pin (a->admin_pin_file, _("New administrator PIN: "), error)) == NULL)
    return FALSE;
  dir = path_in (a, argv[2], argv[3], NULL);
  return sd_skf_store_create_app (dir, pin, admin_pin, (guint) a->retries, error);
}

static gboolean
put (const char  *container_dir,
     SdSkfUsage   usage,
     const guint8 key[SD_SKF_STORE_KEY_LENGTH],
     const char  *key_path,
     const char  *cert_path,
     GError     **error)
{
  g_autoptr(EVP_PKEY) pkey = load_key (key_path, error);
  g_autoptr(GBytes) der = NULL;

  if (pkey == NULL || (der = load_certificate (cert_path, pkey, error)) == NULL)
    return FALSE;
  return sd_skf_store_put_key (container_dir, usage, key, pkey, der, error);
}

static gboolean
run_import (const Args  *a,
            int          argc,
            char       **argv,
            GError     **error)
{
  g_autoptr(SdSecret) pin = NULL;
  g_autofree char *app_dir = NULL;
  g_autofree char *container_dir = NULL;
  guint8 key[SD_SKF_STORE_KEY_LENGTH];
  guint remaining = 0;
  gboolean ok;

  if (argc != 5)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("import takes a DEVICE, an APPLICATION and a CONTAINER name."));
      return FALSE;
    }
  if (!check_names (argc, argv, error))
    return FALSE;
  if (a->sign_key == NULL || a->sign_cert == NULL || (a->enc_key == NULL) != (a->enc_cert == NULL))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("Give --sign-key and --sign-cert, and --enc-key with --enc-cert."));
      return FALSE;
    }
  app_dir = path_in (a, argv[2], argv[3], NULL);
  container_dir = path_in (a, argv[2], argv[3], argv[4], NULL);
  if ((pin = get_pin (a->pin_file, _("User PIN: "), error)) == NULL)
    return FALSE;

  switch (sd_skf_store_verify_pin (app_dir, SD_SKF_PIN_USER, pin, key, &remaining, error))
    {
    case SD_SKF_PIN_OK:
      break;
    case SD_SKF_PIN_WRONG:
      g_set_error (error, SD_ERROR, SD_ERROR_BAD_PASSWORD,
                   _("The PIN is wrong; %u tries left."), remaining);
      return FALSE;
    case SD_SKF_PIN_LOCKED:
      g_set_error_literal (error, SD_ERROR, SD_ERROR_PIN_LOCKED, _("The PIN is locked."));
      return FALSE;
    case SD_SKF_PIN_ERROR:
    default:
      return FALSE;
    }

  ok = put (container_dir, SD_SKF_USAGE_SIGN, key, a->sign_key, a->sign_cert, error)
       && (a->enc_key == NULL
           || put (container_dir, SD_SKF_USAGE_ENCRYPT, key, a->enc_key, a->enc_cert, error));
  sd_secure_wipe (key, sizeof key);
  return ok;
}

static gboolean
run_list (const Args  *a,
          GError     **error)
{
  g_autofree char *root = a->dir != NULL ? g_strdup (a->dir) : sd_skf_store_root ();
  g_auto(GStrv) devices = sd_skf_store_list (root);

  g_print ("%s\n", root);
  for (guint d = 0; devices[d] != NULL; d++)
    {
      g_autofree char *device_dir = g_build_filename (root, devices[d], NULL);
      g_auto(GStrv) apps = sd_skf_store_list (device_dir);

      g_print ("  %s\n", devices[d]);
      for (guint i = 0; apps[i] != NULL; i++)
        {
          g_autofree char *app_dir = g_build_filename (device_dir, apps[i], NULL);
          g_auto(GStrv) containers = sd_skf_store_list (app_dir);
          guint max = 0, remaining = 0;
          gboolean is_default = FALSE;

          if (!sd_skf_store_pin_info (app_dir, SD_SKF_PIN_USER, &max, &remaining, &is_default,
                                      NULL))
            continue;
          g_print ("    %s  ", apps[i]);
          g_print (_("(user PIN: %u of %u tries left)"), remaining, max);
          g_print ("\n");
          for (guint c = 0; containers[c] != NULL; c++)
            {
              g_autofree char *container_dir = g_build_filename (app_dir, containers[c], NULL);
              guint type = sd_skf_store_container_type (container_dir);

              g_print ("      %s  %s\n", containers[c],
                       type == 1 ? "RSA" : type == 2 ? "SM2" : _("empty"));
            }
        }
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  Args a = { 0 };
  const GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &a.dir, N_("The key store (default: $SDSKF_SOFT_DIR, else ~/.local/share/sealdesk/skf-soft)"), N_("DIR") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &a.label, N_("The device’s label"), N_("TEXT") },
    { "serial", 0, 0, G_OPTION_ARG_STRING, &a.serial, N_("The device’s serial number"), N_("TEXT") },
    { "manufacturer", 0, 0, G_OPTION_ARG_STRING, &a.manufacturer, N_("The device’s manufacturer"), N_("TEXT") },
    { "pin-file", 0, 0, G_OPTION_ARG_FILENAME, &a.pin_file, N_("Read the user PIN from the first line of FILE"), N_("FILE") },
    { "admin-pin-file", 0, 0, G_OPTION_ARG_FILENAME, &a.admin_pin_file, N_("Read the administrator PIN from the first line of FILE"), N_("FILE") },
    { "retries", 0, 0, G_OPTION_ARG_INT, &a.retries, N_("Wrong PINs allowed before the PIN locks (default 5)"), N_("N") },
    { "sign-key", 0, 0, G_OPTION_ARG_FILENAME, &a.sign_key, N_("The signing private key (PEM or DER)"), N_("FILE") },
    { "sign-cert", 0, 0, G_OPTION_ARG_FILENAME, &a.sign_cert, N_("The signing certificate"), N_("FILE") },
    { "enc-key", 0, 0, G_OPTION_ARG_FILENAME, &a.enc_key, N_("The encryption private key"), N_("FILE") },
    { "enc-cert", 0, 0, G_OPTION_ARG_FILENAME, &a.enc_cert, N_("The encryption certificate"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  int status = SD_CLI_EXIT_OK;

  sd_cli_init_locale ();
  g_set_prgname ("sdskf-soft-admin");
  a.retries = 5;

  context = g_option_context_new (_("COMMAND [NAME…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Sets up the SealDesk software SKF token (libsdskf-soft.so): a key store on disk that "
      "SKF programs use like a USB key."));
  g_option_context_set_description (context,
    _("Commands:\n"
      "  init-device DEVICE                     a new device\n"
      "  create-app DEVICE APP                  an application with its user and administrator PINs\n"
      "  import DEVICE APP CONTAINER            a signing key pair and certificate (and an\n"
      "                                         encryption pair) into a container\n"
      "  list                                   what the store holds\n\n"
      "PINs are read from --pin-file / --admin-pin-file or typed on the terminal, never\n"
      "taken from the command line."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      status = usage (error->message);
      goto out;
    }
  if (argc < 2)
    {
      status = usage (_("Give a command."));
      goto out;
    }

  if (strcmp (argv[1], "init-device") == 0)
    ok = run_init_device (&a, argc, argv, &error);
  else if (strcmp (argv[1], "create-app") == 0)
    ok = run_create_app (&a, argc, argv, &error);
  else if (strcmp (argv[1], "import") == 0)
    ok = run_import (&a, argc, argv, &error);
  else if (strcmp (argv[1], "list") == 0)
    ok = run_list (&a, &error);
  else
    {
      g_autofree char *message = g_strdup_printf (_("Unknown command “%s”."), argv[1]);

      status = usage (message);
      goto out;
    }
  if (!ok)
    status = sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);

out:
  args_clear (&a);
  return status;
}
