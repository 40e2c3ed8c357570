/* test-platform-certificates.c: the platform client's certificate
 * bindings with proof of possession, CA login, and TLS trust, against the
 * real server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sd-secure.h"

#include "test-platform-server.h"

#define ID_NUMBER_A "11010519491231002X"
#define OTHER_USCC  "91440101MA5C44W11J"

static SdPlatformBinding *
bind (SdPlatformClient *client,
      gint64            account_id,
      const char       *name,
      GError          **error)
{
  g_autoptr(SdSigner) signer = load_signer (name);

  sd_platform_client_bind_certificate_async (client, account_id, signer, NULL, on_ready, NULL);
  return sd_platform_client_bind_certificate_finish (client, await (), error);
}

static SdPlatformSession *
ca_login (SdPlatformClient *client,
          const char       *name,
          GError          **error)
{
  g_autoptr(SdSigner) signer = load_signer (name);

  sd_platform_client_login_with_certificate_async (client, signer, NULL, on_ready, NULL);
  return sd_platform_client_login_with_certificate_finish (client, await (), error);
}

static char *
personal_ext (const char *id_number)
{
  return g_strdup_printf (SIGNING_USAGE "\n1.2.156.10260.4.1.1 = ASN1:UTF8String:%s", id_number);
}

/* Unbinds the main account's organization certificate (the demo binds
 * one), since it may hold only one. */
static void
unbind_organization (SdPlatformClient *admin,
                     gint64            account_id)
{
  g_autoptr(SdPlatformListModel) bindings = load_list (admin, SD_PLATFORM_LIST_BINDINGS,
                                                       account_id, NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (bindings)); i++)
    {
      g_autoptr(SdPlatformBinding) binding = g_list_model_get_item (G_LIST_MODEL (bindings), i);
      g_autoptr(GError) error = NULL;

      SdPlatformCertificateType type = sd_platform_binding_get_certificate_type (binding);

      if (type != SD_PLATFORM_CERTIFICATE_ORGANIZATION)
        continue;
      sd_platform_client_unbind_certificate_async (admin, binding, NULL, on_ready, NULL);
      g_assert_true (sd_platform_client_unbind_certificate_finish (admin, await (), &error));
      g_assert_no_error (error);
    }
}

static void
test_bindings (void)
{
  g_autoptr(SdPlatformClient) admin = NULL;
  g_autoptr(SdPlatformAccount) main_account = NULL;
  g_autoptr(SdPlatformAccount) holder = NULL;
  g_autoptr(SdPlatformAccount) second = NULL;
  g_autoptr(SdPlatformAccount) no_id = NULL;
  g_autoptr(SdPlatformBinding) organization = NULL;
  g_autoptr(SdPlatformBinding) fetched = NULL;
  g_autoptr(SdPlatformBinding) admin_flag = NULL;
  g_autoptr(SdPlatformBinding) refused = NULL;
  g_autoptr(SdPlatformBinding) personal = NULL;
  g_autoptr(SdPlatformListModel) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *other_subject = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *ext_a = NULL;
  g_autofree char *id_b = make_id_number ("11010519800101123");
  g_autofree char *ext_b = NULL;
  g_autofree char *employee_ext = NULL;
  SdPlatformBindingUpdate make_admin = { SD_PLATFORM_BINDING_UPDATE_IS_ADMIN
                                         | SD_PLATFORM_BINDING_UPDATE_PERMISSIONS,
                                         .is_admin = TRUE, .permissions = NULL };
  const char *uscc;

  REQUIRE_SERVER ();
  admin = login_admin ();
  uscc = sd_platform_enterprise_get_uscc (
    sd_platform_session_get_enterprise (sd_platform_client_get_session (admin)));
  main_account = find_account (admin, "zirol");
  unbind_organization (admin, sd_platform_account_get_id (main_account));

  /* 机构证书: the USCC in serialNumber, as Chinese CAs put it */
  subject = g_strdup_printf ("/CN=某某科技有限公司/O=某某科技/serialNumber=%s", uscc);
  make_leaf ("organization", "rsa", subject, SIGNING_USAGE);
  organization = bind (admin, sd_platform_account_get_id (main_account), "organization", &error);
  g_assert_no_error (error);
  fingerprint = der_fingerprint ("organization");
  g_assert_cmpint (sd_platform_binding_get_certificate_type (organization), ==,
                   SD_PLATFORM_CERTIFICATE_ORGANIZATION);
  g_assert_cmpstr (sd_platform_binding_get_fingerprint (organization), ==, fingerprint);
  /* the certificate a key shows is the one bound; a byte changed, not */
  {
    g_autofree char *der_path = work_path ("organization.der");
    g_autofree char *der = NULL;
    gsize der_len = 0;
    g_autoptr(GBytes) bound = NULL;
    g_autoptr(GBytes) other = NULL;

    g_assert_true (g_file_get_contents (der_path, &der, &der_len, NULL));
    bound = g_bytes_new (der, der_len);
    g_assert_true (sd_platform_binding_is_certificate (organization, bound));
    der[der_len - 1] ^= 1;
    other = g_bytes_new (der, der_len);
    g_assert_false (sd_platform_binding_is_certificate (organization, other));
  }
  g_assert_cmpstr (sd_platform_binding_get_enterprise_code (organization), ==, uscc);
  g_assert_cmpstr (sd_platform_binding_get_account_login (organization), ==, "zirol");
  g_assert_cmpstr (sd_platform_binding_get_key_type (organization), ==, "rsa");
  g_assert_nonnull (sd_platform_binding_get_not_after (organization));
  g_assert_nonnull (sd_platform_binding_get_service_number (organization));

  sd_platform_client_get_binding_async (admin, sd_platform_account_get_id (main_account),
                                        sd_platform_binding_get_id (organization), NULL, on_ready,
                                        NULL);
  fetched = sd_platform_client_get_binding_finish (admin, await (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_platform_binding_get_etag (fetched), ==,
                   sd_platform_binding_get_etag (organization));

  /* 是否管理员, with the binding's ETag */
  sd_platform_client_update_binding_async (admin, fetched, &make_admin, NULL, on_ready, NULL);
  admin_flag = sd_platform_client_update_binding_finish (admin, await (), &error);
  g_assert_no_error (error);
  g_assert_true (sd_platform_binding_get_is_admin (admin_flag));
  g_assert_null (sd_platform_binding_get_permissions (admin_flag));
  sd_platform_client_update_binding_async (admin, fetched, &make_admin, NULL, on_ready, NULL);
  refused = sd_platform_client_update_binding_finish (admin, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_VERSION_CONFLICT);
  g_clear_error (&error);

  /* 个人证书 of the account with that ID number */
  holder = create_account (admin, "cert-user", ID_NUMBER_A, NULL);
  ext_a = personal_ext (ID_NUMBER_A);
  make_leaf ("personal", "ec", "/CN=证书用户", ext_a);
  personal = bind (admin, sd_platform_account_get_id (holder), "personal", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sd_platform_binding_get_certificate_type (personal), ==,
                   SD_PLATFORM_CERTIFICATE_PERSONAL);
  g_assert_cmpstr (sd_platform_binding_get_key_type (personal), ==, "ec");
  g_assert_nonnull (strchr (sd_platform_binding_get_id_number (personal), '*'));

  /* 该证书已经被绑定过了: also for another account with the same ID */
  second = create_account (admin, "cert-user2", ID_NUMBER_A, NULL);
  g_clear_object (&refused);
  refused = bind (admin, sd_platform_account_get_id (second), "personal", &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_CERTIFICATE_ALREADY_BOUND);
  g_clear_error (&error);

  ext_b = personal_ext (id_b);
  make_leaf ("other-person", "ec", "/CN=别人", ext_b);
  refused = bind (admin, sd_platform_account_get_id (second), "other-person", &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_ID_NUMBER_MISMATCH);
  g_clear_error (&error);

  /* 企业代码不一致: an employee certificate of another enterprise */
  other_subject = g_strdup_printf ("/CN=员工/O=别的公司/serialNumber=%s", OTHER_USCC);
  make_leaf ("other-employee", "rsa", other_subject, ext_a);
  refused = bind (admin, sd_platform_account_get_id (second), "other-employee", &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_ENTERPRISE_CODE_MISMATCH);
  g_clear_error (&error);

  /* A sub-account holds no organization certificate. */
  make_leaf ("organization2", "rsa", subject, SIGNING_USAGE);
  refused = bind (admin, sd_platform_account_get_id (second), "organization2", &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_SUB_ACCOUNT_ORGANIZATION_CERTIFICATE);
  g_clear_error (&error);

  /* The account needs its ID number first (seed 000's 输入质量负责人身份证). */
  no_id = create_account (admin, "cert-user3", NULL, NULL);
  make_leaf ("personal2", "ec", "/CN=证书用户", ext_a);
  refused = bind (admin, sd_platform_account_get_id (no_id), "personal2", &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_ACCOUNT_ID_NUMBER_MISSING);
  g_clear_error (&error);

  /* Only signing certificates */
  make_leaf ("encryption", "rsa", "/CN=加密证书",
            "keyUsage = critical, keyEncipherment, dataEncipherment\n"
            "1.2.156.10260.4.1.1 = ASN1:UTF8String:" ID_NUMBER_A);
  refused = bind (admin, sd_platform_account_get_id (second), "encryption", &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_CERTIFICATE_NOT_SIGNING);
  g_clear_error (&error);

  /* CA管理: every binding of the enterprise */
  all = load_list (admin, SD_PLATFORM_LIST_ENTERPRISE_BINDINGS, 0, "login", "cert-user", NULL);
  g_assert_cmpuint (sd_platform_list_model_get_total (all), ==, 1);
}

/* CA登录 with bound RSA and SM2 keys; an unbound certificate; unbinding
 * ends the sessions opened with it. */
static void
test_ca_login (void)
{
  g_autoptr(SdPlatformClient) admin = NULL;
  g_autoptr(SdPlatformClient) client = NULL;
  g_autoptr(SdPlatformClient) sm2_client = NULL;
  g_autoptr(SdPlatformAccount) main_account = NULL;
  g_autoptr(SdPlatformAccount) holder = NULL;
  g_autoptr(SdPlatformBinding) organization = NULL;
  g_autoptr(SdPlatformBinding) sm2 = NULL;
  g_autoptr(SdPlatformSession) session = NULL;
  g_autoptr(SdPlatformSession) sm2_session = NULL;
  g_autoptr(SdPlatformSession) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *id_c = make_id_number ("44030519900307456");
  g_autofree char *ext_c = NULL;
  const char *uscc;
  guint expired = 0;

  REQUIRE_SERVER ();
  admin = login_admin ();
  uscc = sd_platform_enterprise_get_uscc (
    sd_platform_session_get_enterprise (sd_platform_client_get_session (admin)));
  main_account = find_account (admin, "zirol");
  unbind_organization (admin, sd_platform_account_get_id (main_account));
  subject = g_strdup_printf ("/CN=某某科技有限公司/serialNumber=%s", uscc);
  make_leaf ("login-organization", "rsa", subject, SIGNING_USAGE);
  organization = bind (admin, sd_platform_account_get_id (main_account), "login-organization",
                       &error);
  g_assert_no_error (error);

  client = new_client (shared_server.url);
  session = ca_login (client, "login-organization", &error);
  g_assert_no_error (error);
  g_assert_true (sd_platform_client_is_logged_in (client));
  g_assert_cmpint (sd_platform_session_get_method (session), ==, SD_PLATFORM_SESSION_CERTIFICATE);
  g_assert_cmpint (sd_platform_session_get_binding_id (session), ==,
                   sd_platform_binding_get_id (organization));
  g_assert_cmpstr (sd_platform_account_get_login (sd_platform_session_get_account (session)), ==,
                   "zirol");
  /* Not an admin binding: the managing permissions are gone. */
  g_assert_false (sd_platform_session_has_permission (session, "accounts.manage"));

  /* SM2 with SM3 and the GM distinguishing ID */
  holder = create_account (admin, "sm2-user", id_c, NULL);
  ext_c = personal_ext (id_c);
  make_leaf ("sm2", "sm2", "/CN=木", ext_c);
  sm2 = bind (admin, sd_platform_account_get_id (holder), "sm2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_platform_binding_get_key_type (sm2), ==, "sm2");
  sm2_client = new_client (shared_server.url);
  g_signal_connect (sm2_client, "session-expired", G_CALLBACK (on_session_expired), &expired);
  sm2_session = ca_login (sm2_client, "sm2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_platform_account_get_login (sd_platform_session_get_account (sm2_session)),
                   ==, "sm2-user");

  /* 该证书未绑定账号 */
  make_leaf ("stranger", "ec", "/CN=陌生人", ext_c);
  g_clear_object (&client);
  client = new_client (shared_server.url);
  refused = ca_login (client, "stranger", &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_CERTIFICATE_NOT_BOUND);
  g_assert_cmpuint (sd_platform_error_get_status (error), ==, 401);
  g_assert_false (sd_platform_client_is_logged_in (client));
  g_clear_error (&error);

  /* 解绑 */
  sd_platform_client_unbind_certificate_async (admin, sm2, NULL, on_ready, NULL);
  g_assert_true (sd_platform_client_unbind_certificate_finish (admin, await (), &error));
  g_assert_no_error (error);
  g_clear_object (&refused);
  refused = ca_login (client, "sm2", &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_CERTIFICATE_NOT_BOUND);
  g_clear_error (&error);
  g_clear_object (&refused);
  sd_platform_client_get_current_session_async (sm2_client, NULL, on_ready, NULL);
  refused = sd_platform_client_get_current_session_finish (sm2_client, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_AUTHENTICATION_REQUIRED);
  g_assert_cmpuint (expired, ==, 1);
}

static void
expect_untrusted (SdPlatformClient *client,
                  const char       *fingerprint)
{
  g_autoptr(GError) error = NULL;

  sd_platform_client_get_health_async (client, NULL, on_ready, NULL);
  g_assert_false (sd_platform_client_get_health_finish (client, await (), &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_TLS_UNTRUSTED);
  g_assert_nonnull (sd_platform_error_get_certificate (error));
  g_assert_cmpstr (sd_platform_error_get_fingerprint (error), ==, fingerprint);
  g_assert_true (sd_platform_error_get_tls_flags (error) & G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_assert_nonnull (strstr (error->message, fingerprint));
}

static void
expect_trusted (SdPlatformClient *client,
                const char       *password)
{
  g_autoptr(SdPlatformSession) session = NULL;
  g_autoptr(GError) error = NULL;

  sd_platform_client_get_health_async (client, NULL, on_ready, NULL);
  g_assert_true (sd_platform_client_get_health_finish (client, await (), &error));
  g_assert_no_error (error);
  sd_platform_client_login_async (client, "zirol", password, NULL, on_ready, NULL);
  session = sd_platform_client_login_finish (client, await (), &error);
  g_assert_no_error (error);
}

/* HTTPS: an unknown CA is refused with the certificate to show; pinning
 * its fingerprint or its CA makes it work. */
static void
test_tls (void)
{
  Server server = { 0 };
  g_autofree char *failure = NULL;
  g_autofree char *cert = work_path ("tls-server.crt");
  g_autofree char *key = work_path ("tls-server.key");
  g_autofree char *tls_ca = work_path ("tls-ca.crt");
  g_autofree char *other_ca = work_path ("ca.crt");
  g_autofree char *fingerprint = NULL;
  g_autoptr(GString) colons = g_string_new (NULL);
  g_autoptr(SdPlatformClient) system = NULL;
  g_autoptr(SdPlatformClient) pinned_ca = NULL;
  g_autoptr(SdPlatformClient) wrong_ca = NULL;
  g_autoptr(GError) error = NULL;

  make_ca ("tls-ca");
  make_leaf_of ("tls-ca", "tls-server", "rsa", "/CN=127.0.0.1",
                "keyUsage = critical, digitalSignature, keyEncipherment\n"
                "extendedKeyUsage = serverAuth\n"
                "subjectAltName = IP:127.0.0.1");
  fingerprint = der_fingerprint ("tls-server");
  if (!server_start (&server, cert, key, &failure))
    {
      server_stop (&server);
      g_test_message ("no TLS platform server: %s", failure);
      g_test_fail ();
      return;
    }
  g_assert_true (g_str_has_prefix (server.url, "https://"));

  /* The system's trust store does not know the test CA. */
  system = new_client (server.url);
  expect_untrusted (system, fingerprint);

  /* What a user pins after checking it, written the way tools print it */
  for (guint i = 0; fingerprint[i] != '\0'; i++)
    g_string_append_printf (colons, "%s%c", i > 0 && i % 2 == 0 ? ":" : "",
                            g_ascii_toupper (fingerprint[i]));
  g_assert_true (sd_platform_client_set_pinned_fingerprint (system, colons->str, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sd_platform_client_get_pinned_fingerprint (system), ==, fingerprint);
  expect_trusted (system, server.password);
  g_assert_false (sd_platform_client_set_pinned_fingerprint (system, "12:34", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  pinned_ca = new_client (server.url);
  g_assert_true (sd_platform_client_set_pinned_ca_file (pinned_ca, tls_ca, &error));
  g_assert_no_error (error);
  expect_trusted (pinned_ca, server.password);

  wrong_ca = new_client (server.url);
  g_assert_true (sd_platform_client_set_pinned_ca_file (wrong_ca, other_ca, &error));
  expect_untrusted (wrong_ca, fingerprint);

  g_clear_object (&system);
  g_clear_object (&pinned_ca);
  g_clear_object (&wrong_ca);
  server_stop (&server);
}

int
main (int   argc,
      char *argv[])
{
  platform_test_init (&argc, &argv);

  g_test_add_func ("/platform/bindings", test_bindings);
  g_test_add_func ("/platform/ca-login", test_ca_login);
  g_test_add_func ("/platform/tls", test_tls);

  return platform_test_run ();
}
