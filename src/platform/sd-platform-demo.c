/* sd-platform-demo.c: the demo enterprise of --demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything goes through the same functions as the API (binding rules,
 * audit entries), in one transaction.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-certificate.h"
#include "sd-openssl.h"
#include "sd-platform-api.h"
#include "sd-platform-audit.h"
#include "sd-platform-demo.h"
#include "sd-platform-password.h"
#include "sd-platform-permissions.h"
#include "sd-platform-pki.h"
#include "sd-seal-drawing.h"

#define DEMO_ENTERPRISE "某某科技有限公司"
#define DEMO_USCC       "91350100M000100Y43"
#define DEMO_LEGAL_REP  "张三"
/* The quality manager's ID number: zirol holds their personal certificate
 * too (seed 000, part three). */
#define DEMO_ID_NUMBER  "11010519491231002X"
#define DEMO_DAYS       730

/* --- the demo PKI ---------------------------------------------------------- */

typedef struct
{
  EVP_PKEY *ca_key;
  X509     *ca;
  EVP_PKEY *organization_key;
  X509     *organization;
  EVP_PKEY *employee_key;
  X509     *employee;
} DemoPki;

static void
pki_clear (DemoPki *pki)
{
  EVP_PKEY_free (pki->ca_key);
  X509_free (pki->ca);
  EVP_PKEY_free (pki->organization_key);
  X509_free (pki->organization);
  EVP_PKEY_free (pki->employee_key);
  X509_free (pki->employee);
}

static X509 *
demo_certificate (EVP_PKEY              *key,
                  X509                  *ca,
                  EVP_PKEY              *ca_key,
                  const char * const    *subject,
                  const SdPkiExtension  *extensions,
                  gsize                  n_extensions,
                  glong                  serial,
                  GError               **error)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  SdPkiCertificateSpec spec = {
    .key = key,
    .issuer = ca,
    .issuer_key = ca_key,
    .subject = subject,
    .extensions = extensions,
    .n_extensions = n_extensions,
    .not_before = now - 86400,
    .not_after = now + (gint64) DEMO_DAYS * 86400,
    .serial = serial,
  };

  return sd_pki_make_certificate (&spec, error);
}

static gboolean
make_pki (DemoPki     *pki,
          const char  *dir,
          GError     **error)
{
  static const char * const ca_subject[] = {
    "C", "CN", "O", "SealDesk 演示证书机构", "CN", "SealDesk 演示 CA", NULL
  };
  /* Chinese CAs put the USCC in serialNumber and in the GM/T 0015
   * organization-code extension. */
  static const char * const organization_subject[] = {
    "C", "CN", "O", DEMO_ENTERPRISE, "serialNumber", DEMO_USCC, "CN", DEMO_ENTERPRISE, NULL
  };
  static const SdPkiExtension organization_extensions[] = {
    { "1.2.156.10260.4.1.4", DEMO_USCC },
  };
  static const char * const employee_subject[] = {
    "C", "CN", "O", DEMO_ENTERPRISE, "OU", "质量部", "CN", "zirol", NULL
  };
  static const SdPkiExtension employee_extensions[] = {
    { "1.2.156.10260.4.1.1", DEMO_ID_NUMBER },
    { "1.2.156.10260.4.1.4", DEMO_USCC },
  };

  memset (pki, 0, sizeof *pki);
  if ((pki->ca_key = sd_pki_make_key ("RSA", error)) == NULL
      || (pki->organization_key = sd_pki_make_key ("RSA", error)) == NULL
      || (pki->employee_key = sd_pki_make_key ("SM2", error)) == NULL
      || (pki->ca = demo_certificate (pki->ca_key, NULL, NULL, ca_subject, NULL, 0, 1,
                                      error)) == NULL
      || (pki->organization = demo_certificate (pki->organization_key, pki->ca, pki->ca_key,
                                                organization_subject, organization_extensions,
                                                G_N_ELEMENTS (organization_extensions), 10001,
                                                error)) == NULL
      || (pki->employee = demo_certificate (pki->employee_key, pki->ca, pki->ca_key,
                                            employee_subject, employee_extensions,
                                            G_N_ELEMENTS (employee_extensions), 10002,
                                            error)) == NULL)
    return FALSE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the data directory “%s”: %s"), dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return sd_pki_write_pem (dir, "ca.pem", pki->ca, NULL, error)
         && sd_pki_write_pem (dir, "organization.pem", pki->organization, NULL, error)
         && sd_pki_write_pem (dir, "organization.key", NULL, pki->organization_key, error)
         && sd_pki_write_pem (dir, "employee.pem", pki->employee, NULL, error)
         && sd_pki_write_pem (dir, "employee.key", NULL, pki->employee_key, error);
}

/* --- the demo data ------------------------------------------------------------- */

typedef struct
{
  SdPlatformRequest *request;
  const char        *password_hash;
  const char        *sub_hash;        /* of a password nobody knows */
  DemoPki           *pki;
  GBytes            *seals[3];
  gboolean           exists;
} Demo;

static gboolean
exists_run (SdPlatformConn  *conn,
            gpointer         user_data,
            GError         **error)
{
  Demo *data = user_data;
  gint64 found = sd_platform_query_int (conn, "SELECT count(*) FROM accounts WHERE login_key = $1",
                                        SD_ARGS (SD_TEXT (SD_PLATFORM_DEMO_LOGIN)), error);

  data->exists = found > 0;
  return found >= 0;
}

static gboolean
new_password_run (SdPlatformConn  *conn,
                  gpointer         user_data,
                  GError         **error)
{
  Demo *data = user_data;
  gint64 account_id = sd_platform_query_int (conn,
                                             "UPDATE accounts SET password_hash = $1,"
                                             " must_change_password = 0, failed_logins = 0,"
                                             " locked_until = NULL WHERE login_key = $2"
                                             " RETURNING id",
                                             SD_ARGS (SD_TEXT (data->password_hash),
                                                      SD_TEXT (SD_PLATFORM_DEMO_LOGIN)),
                                             error);
  SdAuditEntry entry = { "account.password_reset", .actor_login = "--demo",
                         .target_type = "account", .target_id = account_id,
                         .target_label = SD_PLATFORM_DEMO_LOGIN };

  if (account_id <= 0)
    return FALSE;
  entry.enterprise_id = sd_platform_query_int (conn,
                                               "SELECT enterprise_id FROM accounts WHERE id = $1",
                                               SD_ARGS (SD_INT (account_id)), error);
  return entry.enterprise_id > 0 && sd_platform_audit (conn, data->request, &entry, NULL, error);
}

static gboolean
add_role (SdPlatformConn  *conn,
          gint64           account_id,
          gint64           enterprise_id,
          const char      *builtin,
          GError         **error)
{
  return sd_platform_exec (conn,
                           "INSERT INTO account_roles (account_id, role_id)"
                           " SELECT $1, id FROM roles WHERE enterprise_id = $2 AND builtin = $3",
                           SD_ARGS (SD_INT (account_id), SD_INT (enterprise_id),
                                    SD_TEXT (builtin)),
                           error) == 1;
}

static gboolean
bind_demo_certificate (SdPlatformConn     *conn,
                       SdPlatformRequest  *request,
                       gint64              account_id,
                       X509               *cert,
                       GError            **error)
{
  g_autoptr(GBytes) der = sd_certificate_to_der (cert, error);
  gint64 binding_id = 0;

  return der != NULL
         && sd_platform_binding_create (conn, request, account_id, cert, der, &binding_id, error)
         /* the organization certificate may administer (seed 004 是否管理员) */
         && sd_platform_exec (conn, "UPDATE bindings SET is_admin = 1 WHERE id = $1",
                              SD_ARGS (SD_INT (binding_id)), error) == 1;
}

static gboolean
create_run (SdPlatformConn  *conn,
            gpointer         user_data,
            GError         **error)
{
  static const char * const seal_names[3][2] = {
    { "企业公章", "official" }, { "合同专用章", "contract" }, { "法人章", "legal_representative" },
  };
  Demo *data = user_data;
  SdPlatformRequest *request = data->request;
  SdPlatformCaller *caller = &request->caller;
  gint64 enterprise_id, zirol, you, mu;

  request->authenticated = FALSE;
  if (!sd_platform_enterprise_create (conn, request, DEMO_ENTERPRISE, DEMO_USCC, DEMO_LEGAL_REP,
                                      SD_PLATFORM_DEMO_LOGIN, "zirol", DEMO_ID_NUMBER, NULL,
                                      data->password_hash, &enterprise_id, &zirol, error))
    return FALSE;

  /* From here on zirol does it, as the seeds show. */
  request->authenticated = TRUE;
  caller->account_id = zirol;
  caller->enterprise_id = enterprise_id;
  g_free (caller->login);
  caller->login = g_strdup (SD_PLATFORM_DEMO_LOGIN);
  caller->is_main = TRUE;
  caller->permissions = caller->account_permissions = SD_PERMISSIONS_ALL;

  if (!add_role (conn, zirol, enterprise_id, "quality_manager", error)
      || !sd_platform_account_insert (conn, request, enterprise_id, "you", "有", FALSE, NULL, NULL,
                                      TRUE, data->sub_hash, TRUE, &you, error)
      || !add_role (conn, you, enterprise_id, "operator", error)
      || !sd_platform_account_insert (conn, request, enterprise_id, "mu", "木", FALSE, NULL, NULL,
                                      TRUE, data->sub_hash, TRUE, &mu, error)
      || !add_role (conn, mu, enterprise_id, "operator", error)
      || !bind_demo_certificate (conn, request, zirol, data->pki->organization, error)
      || !bind_demo_certificate (conn, request, zirol, data->pki->employee, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (seal_names); i++)
    {
      gint64 seal_id = 0, grant_id = 0;

      if (!sd_platform_seal_create (conn, request, seal_names[i][0], seal_names[i][1],
                                    data->seals[i], &seal_id, error)
          || !sd_platform_grant_create (conn, request, seal_id, zirol, request->now,
                                        request->now + (gint64) DEMO_DAYS * 86400, &grant_id,
                                        error))
        return FALSE;
    }
  return TRUE;
}

static GBytes *
draw_seal (SdSealShape   shape,
           const char   *name,
           const char   *center_text,
           GError      **error)
{
  SdSealSpec spec;

  sd_seal_spec_init (&spec, shape);
  spec.name = name;
  spec.center_text = center_text;
  return sd_seal_draw_png (&spec, error);
}

SdSecret *
sd_platform_demo_create (const SdPlatformConfig  *config,
                         const char              *data_dir,
                         GError                 **error)
{
  g_autoptr(SdPlatformRequest) request = sd_platform_request_new (config);
  g_autoptr(SdSecret) password = sd_password_make_temporary ();
  g_autoptr(SdSecret) sub_password = sd_password_make_temporary ();
  g_autofree char *password_hash = NULL;
  g_autofree char *sub_hash = NULL;
  g_autofree char *pki_dir = g_build_filename (data_dir, "demo", NULL);
  DemoPki pki = { 0 };
  Demo data = { request };
  gboolean ok;

  request->remote_address = g_strdup ("--demo");
  if (password == NULL || sub_password == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The system has no randomness for the demo passwords"));
      return NULL;
    }
  password_hash = sd_password_hash (password, config->scrypt_log_n, error);
  if (password_hash == NULL
      || !sd_platform_store_read (config->store, exists_run, &data, error))
    return NULL;
  data.password_hash = password_hash;
  if (data.exists)
    return sd_platform_store_write (config->store, new_password_run, &data, error)
           ? g_steal_pointer (&password) : NULL;

  sub_hash = sd_password_hash (sub_password, config->scrypt_log_n, error);
  if (sub_hash == NULL || !make_pki (&pki, pki_dir, error))
    {
      pki_clear (&pki);
      return NULL;
    }
  data.sub_hash = sub_hash;
  data.pki = &pki;
  data.seals[0] = draw_seal (SD_SEAL_SHAPE_ROUND, DEMO_ENTERPRISE, NULL, error);
  data.seals[1] = data.seals[0] != NULL ? draw_seal (SD_SEAL_SHAPE_ROUND, DEMO_ENTERPRISE,
                                                     "合同专用章", error) : NULL;
  data.seals[2] = data.seals[1] != NULL ? draw_seal (SD_SEAL_SHAPE_SQUARE, DEMO_LEGAL_REP, NULL,
                                                     error) : NULL;
  ok = data.seals[2] != NULL && sd_platform_store_write (config->store, create_run, &data, error);
  for (guint i = 0; i < G_N_ELEMENTS (data.seals); i++)
    g_clear_pointer (&data.seals[i], g_bytes_unref);
  pki_clear (&pki);
  return ok ? g_steal_pointer (&password) : NULL;
}
