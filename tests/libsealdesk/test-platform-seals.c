/* test-platform-seals.c: the platform client's seals, grants, usage
 * records (also through the offline queue), the audit log, and another
 * enterprise's view, against the real server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sd-secure.h"

#include "test-platform-server.h"

#define TENANT_USCC "91310107570775676M"

/* A 1×1 PNG */
static const char png_base64[] =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAAB"
  "JRU5ErkJggg==";

static GBytes *
png_bytes (void)
{
  gsize length = 0;
  guchar *data = g_base64_decode (png_base64, &length);

  return g_bytes_new_take (data, length);
}

static SdPlatformSeal *
create_seal (SdPlatformClient   *admin,
             const char         *name,
             SdPlatformSealType  seal_type)
{
  g_autoptr(GBytes) image = png_bytes ();
  SdPlatformSealCreate create = { name, seal_type, SD_PLATFORM_SEAL_ACTIVE, image };
  g_autoptr(GError) error = NULL;
  SdPlatformSeal *seal;

  sd_platform_client_create_seal_async (admin, &create, NULL, on_ready, NULL);
  seal = sd_platform_client_create_seal_finish (admin, await (), &error);
  g_assert_no_error (error);
  return seal;
}

static SdPlatformUsageCreate
usage_of (const char *document_name)
{
  static const guint pages[] = { 1, 3 };
  SdPlatformUsageCreate usage = {
    .document_name = document_name,
    .document_hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    .hash_algorithm = SD_DIGEST_SHA256,
    .pages = pages,
    .n_pages = G_N_ELEMENTS (pages),
  };

  return usage;
}

static void
test_seals (void)
{
  g_autoptr(SdPlatformClient) admin = NULL;
  g_autoptr(SdPlatformSeal) seal = NULL;
  g_autoptr(SdPlatformSeal) disabled = NULL;
  g_autoptr(SdPlatformSeal) refused = NULL;
  g_autoptr(SdPlatformListModel) seals = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GBytes) expected = png_bytes ();
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = NULL;
  SdPlatformSealUpdate disable = { SD_PLATFORM_SEAL_UPDATE_STATUS | SD_PLATFORM_SEAL_UPDATE_NAME,
                                   .name = "测试合同章（停用）",
                                   .status = SD_PLATFORM_SEAL_DISABLED };

  REQUIRE_SERVER ();
  admin = login_admin ();
  seal = create_seal (admin, "测试合同章", SD_PLATFORM_SEAL_CONTRACT);
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, expected);
  g_assert_cmpint (sd_platform_seal_get_seal_type (seal), ==, SD_PLATFORM_SEAL_CONTRACT);
  g_assert_cmpint (sd_platform_seal_get_status (seal), ==, SD_PLATFORM_SEAL_ACTIVE);
  g_assert_cmpuint (sd_platform_seal_get_width (seal), ==, 1);
  g_assert_cmpstr (sd_platform_seal_get_image_sha256 (seal), ==, sha256);

  sd_platform_client_get_seal_image_async (admin, sd_platform_seal_get_id (seal), NULL, on_ready,
                                           NULL);
  image = sd_platform_client_get_seal_image_finish (admin, await (), &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (image, expected));

  seals = load_list (admin, SD_PLATFORM_LIST_SEALS, 0, "name", "测试合同", "type", "contract",
                     NULL);
  g_assert_cmpuint (sd_platform_list_model_get_total (seals), ==, 1);

  sd_platform_client_update_seal_async (admin, seal, &disable, NULL, on_ready, NULL);
  disabled = sd_platform_client_update_seal_finish (admin, await (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sd_platform_seal_get_status (disabled), ==, SD_PLATFORM_SEAL_DISABLED);
  g_assert_cmpstr (sd_platform_seal_get_name (disabled), ==, "测试合同章（停用）");
  sd_platform_client_update_seal_async (admin, seal, &disable, NULL, on_ready, NULL);
  refused = sd_platform_client_update_seal_finish (admin, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_VERSION_CONFLICT);
  g_clear_error (&error);

  g_clear_object (&refused);
  sd_platform_client_get_seal_async (admin, G_MAXINT32, NULL, on_ready, NULL);
  refused = sd_platform_client_get_seal_finish (admin, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_NOT_FOUND);
}

/* 授权, 使用记录 and the queue that keeps records until they are sent */
static void
test_grants_and_usage (void)
{
  g_autoptr(SdPlatformClient) admin = NULL;
  g_autoptr(SdPlatformAccount) main_account = NULL;
  g_autoptr(SdPlatformSeal) seal = NULL;
  g_autoptr(SdPlatformSeal) not_granted = NULL;
  g_autoptr(SdPlatformGrant) grant = NULL;
  g_autoptr(SdPlatformGrant) refused_grant = NULL;
  g_autoptr(SdPlatformUsageRecord) record = NULL;
  g_autoptr(SdPlatformUsageRecord) refused_record = NULL;
  g_autoptr(SdPlatformListModel) grants = NULL;
  g_autoptr(SdPlatformListModel) usage = NULL;
  g_autoptr(SdPlatformUsageQueue) queue = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) from = g_date_time_add_minutes (now, -1);
  g_autoptr(GDateTime) until = g_date_time_add_days (now, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *queue_path = work_path ("usage-queue.jsonl");
  g_autofree char *rejected = NULL;
  SdPlatformUsageCreate contract = usage_of ("采购合同.pdf");
  guint n_sent = 0, n_rejected = 0;
  guint n_pages = 0;
  const guint *pages;

  REQUIRE_SERVER ();
  admin = login_admin ();
  main_account = find_account (admin, "zirol");
  seal = create_seal (admin, "授权测试章", SD_PLATFORM_SEAL_OFFICIAL);
  not_granted = create_seal (admin, "未授权章", SD_PLATFORM_SEAL_FINANCE);

  sd_platform_client_create_grant_async (admin, sd_platform_seal_get_id (seal),
                                         sd_platform_account_get_id (main_account), from, until,
                                         NULL, on_ready, NULL);
  grant = sd_platform_client_create_grant_finish (admin, await (), &error);
  g_assert_no_error (error);
  g_assert_cmpint (sd_platform_grant_get_status (grant), ==, SD_PLATFORM_GRANT_ACTIVE);
  g_assert_cmpstr (sd_platform_grant_get_account_login (grant), ==, "zirol");
  g_assert_cmpint (g_date_time_to_unix (sd_platform_grant_get_valid_until (grant)), ==,
                   g_date_time_to_unix (until));

  sd_platform_client_create_grant_async (admin, sd_platform_seal_get_id (seal),
                                         sd_platform_account_get_id (main_account), until, from,
                                         NULL, on_ready, NULL);
  refused_grant = sd_platform_client_create_grant_finish (admin, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_INVALID_GRANT_PERIOD);
  g_clear_error (&error);
  grants = load_list (admin, SD_PLATFORM_LIST_GRANTS, sd_platform_seal_get_id (seal), "status",
                      "active", NULL);
  g_assert_cmpuint (sd_platform_list_model_get_total (grants), ==, 1);

  sd_platform_client_record_usage_async (admin, sd_platform_seal_get_id (seal), &contract, NULL,
                                         on_ready, NULL);
  record = sd_platform_client_record_usage_finish (admin, await (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_platform_usage_record_get_document_name (record), ==, "采购合同.pdf");
  g_assert_cmpstr (sd_platform_usage_record_get_document_hash (record), ==,
                   contract.document_hash);
  g_assert_cmpstr (sd_platform_usage_record_get_account_login (record), ==, "zirol");
  pages = sd_platform_usage_record_get_pages (record, &n_pages);
  g_assert_cmpuint (n_pages, ==, 2);
  g_assert_cmpuint (pages[1], ==, 3);

  /* Signed offline: two records for the granted seal, one the server
   * will refuse for good */
  queue = sd_platform_usage_queue_new (queue_path);
  g_assert_true (sd_platform_usage_queue_add (queue, sd_platform_seal_get_id (seal),
                                              &contract, &error));
  g_assert_true (sd_platform_usage_queue_add (queue, sd_platform_seal_get_id (not_granted),
                                              &contract, &error));
  g_assert_true (sd_platform_usage_queue_add (queue, sd_platform_seal_get_id (seal),
                                              &contract, &error));
  g_assert_no_error (error);
  sd_platform_usage_queue_flush_async (queue, admin, NULL, on_ready, NULL);
  g_assert_true (sd_platform_usage_queue_flush_finish (queue, await (), &n_sent, &n_rejected,
                                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_sent, ==, 2);
  g_assert_cmpuint (n_rejected, ==, 1);
  g_assert_cmpuint (sd_platform_usage_queue_get_length (queue, NULL), ==, 0);
  g_assert_true (g_file_get_contents (sd_platform_usage_queue_get_rejected_path (queue), &rejected,
                                      NULL, NULL));
  g_assert_nonnull (strstr (rejected, "seal_not_granted"));

  usage = load_list (admin, SD_PLATFORM_LIST_USAGE, sd_platform_seal_get_id (seal), NULL);
  g_assert_cmpuint (sd_platform_list_model_get_total (usage), ==, 3);
  g_clear_object (&usage);
  usage = load_list (admin, SD_PLATFORM_LIST_USAGE, sd_platform_seal_get_id (seal), "account_id",
                     "999999", NULL);
  g_assert_cmpuint (sd_platform_list_model_get_total (usage), ==, 0);

  /* Revoked: it stays listed, and the seal may no longer be used. */
  sd_platform_client_revoke_grant_async (admin, grant, NULL, on_ready, NULL);
  g_assert_true (sd_platform_client_revoke_grant_finish (admin, await (), &error));
  g_assert_no_error (error);
  sd_platform_client_revoke_grant_async (admin, grant, NULL, on_ready, NULL);
  g_assert_false (sd_platform_client_revoke_grant_finish (admin, await (), &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_GRANT_REVOKED);
  g_clear_error (&error);
  sd_platform_client_record_usage_async (admin, sd_platform_seal_get_id (seal), &contract, NULL,
                                         on_ready, NULL);
  refused_record = sd_platform_client_record_usage_finish (admin, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_SEAL_NOT_GRANTED);
}

/* 操作日志 */
static void
test_audit (void)
{
  g_autoptr(SdPlatformClient) admin = NULL;
  g_autoptr(SdPlatformClient) stranger = NULL;
  g_autoptr(SdPlatformSession) refused = NULL;
  g_autoptr(SdPlatformListModel) failures = NULL;
  g_autoptr(SdPlatformListModel) accounts = NULL;
  g_autoptr(SdPlatformListModel) by_zirol = NULL;
  g_autoptr(SdPlatformListModel) today = NULL;
  g_autoptr(SdPlatformAuditEntry) entry = NULL;
  g_autoptr(SdPlatformAccount) account = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;

  REQUIRE_SERVER ();
  admin = login_admin ();
  account = create_account (admin, "audited", NULL, NULL);
  stranger = new_client (shared_server.url);
  sd_platform_client_login_async (stranger, "audited", "wrong-password", NULL, on_ready, NULL);
  refused = sd_platform_client_login_finish (stranger, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_INVALID_CREDENTIALS);

  failures = load_list (admin, SD_PLATFORM_LIST_AUDIT, 0, "action", "session.login_failed", NULL);
  g_assert_cmpuint (sd_platform_list_model_get_total (failures), >=, 1);
  entry = g_list_model_get_item (G_LIST_MODEL (failures), 0);
  g_assert_false (sd_platform_audit_entry_get_success (entry));
  g_assert_cmpstr (sd_platform_audit_entry_get_category (entry), ==, "session");
  g_assert_nonnull (sd_platform_audit_entry_get_time (entry));
  g_assert_nonnull (sd_platform_audit_entry_get_details (entry));
  g_clear_object (&entry);

  accounts = load_list (admin, SD_PLATFORM_LIST_AUDIT, 0, "category", "account", "action",
                        "account.create", NULL);
  g_assert_cmpuint (sd_platform_list_model_get_total (accounts), >=, 1);
  entry = g_list_model_get_item (G_LIST_MODEL (accounts), 0);
  g_assert_cmpstr (sd_platform_audit_entry_get_target_label (entry), ==, "audited");
  g_assert_cmpstr (sd_platform_audit_entry_get_actor_login (entry), ==, "zirol");
  g_assert_true (sd_platform_audit_entry_get_success (entry));
  g_assert_nonnull (sd_platform_audit_entry_get_source_address (entry));

  by_zirol = load_list (admin, SD_PLATFORM_LIST_AUDIT, 0, "actor", "zirol", "outcome", "success",
                        NULL);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (by_zirol)); i++)
    {
      g_autoptr(SdPlatformAuditEntry) item = g_list_model_get_item (G_LIST_MODEL (by_zirol), i);

      g_assert_cmpstr (sd_platform_audit_entry_get_actor_login (item), ==, "zirol");
    }
  today = load_list (admin, SD_PLATFORM_LIST_AUDIT, 0, "from", date, NULL);
  g_assert_cmpuint (sd_platform_list_model_get_total (today), >=,
                    sd_platform_list_model_get_total (by_zirol));
}

/* Another enterprise's objects do not exist for the caller: 404. */
static void
test_cross_tenant (void)
{
  g_autoptr(SdPlatformClient) anonymous = NULL;
  g_autoptr(SdPlatformClient) tenant = NULL;
  g_autoptr(SdPlatformClient) admin = NULL;
  g_autoptr(SdPlatformEnterprise) enterprise = NULL;
  g_autoptr(SdPlatformEnterprise) again = NULL;
  g_autoptr(SdPlatformAccount) main_account = NULL;
  g_autoptr(SdPlatformAccount) zirol = NULL;
  g_autoptr(SdPlatformAccount) refused_account = NULL;
  g_autoptr(SdPlatformSeal) seal = NULL;
  g_autoptr(SdPlatformSeal) refused_seal = NULL;
  g_autoptr(SdPlatformListModel) bindings = NULL;
  g_autoptr(SdPlatformListModel) own = NULL;
  g_autoptr(GError) error = NULL;
  SdPlatformEnterpriseRegistration registration = {
    .name = "另一家科技有限公司",
    .uscc = TENANT_USCC,
    .legal_representative = "王五",
    .login = "tenant-b",
    .account_name = "王五",
    .password = "Tenant-B-Pass-2026",
  };

  REQUIRE_SERVER ();
  anonymous = new_client (shared_server.url);
  sd_platform_client_register_enterprise_async (anonymous, &registration, NULL, on_ready, NULL);
  enterprise = sd_platform_client_register_enterprise_finish (anonymous, await (), &main_account,
                                                              &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sd_platform_enterprise_get_uscc (enterprise), ==, TENANT_USCC);
  g_assert_cmpstr (sd_platform_enterprise_get_organization_code (enterprise), ==, "570775676");
  g_assert_cmpint (sd_platform_account_get_kind (main_account), ==, SD_PLATFORM_ACCOUNT_KIND_MAIN);
  registration.login = "tenant-b2";
  sd_platform_client_register_enterprise_async (anonymous, &registration, NULL, on_ready, NULL);
  again = sd_platform_client_register_enterprise_finish (anonymous, await (), NULL, &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_ENTERPRISE_EXISTS);
  g_clear_error (&error);

  admin = login_admin ();
  zirol = find_account (admin, "zirol");
  seal = create_seal (admin, "本企业的章", SD_PLATFORM_SEAL_OTHER);

  tenant = login_as ("tenant-b", "Tenant-B-Pass-2026");
  sd_platform_client_get_account_async (tenant, sd_platform_account_get_id (zirol), NULL, on_ready,
                                        NULL);
  refused_account = sd_platform_client_get_account_finish (tenant, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_NOT_FOUND);
  g_assert_cmpuint (sd_platform_error_get_status (error), ==, 404);
  g_clear_error (&error);
  sd_platform_client_get_seal_async (tenant, sd_platform_seal_get_id (seal), NULL, on_ready,
                                     NULL);
  refused_seal = sd_platform_client_get_seal_finish (tenant, await (), &error);
  assert_platform_error (error, SD_PLATFORM_ERROR_NOT_FOUND);
  g_clear_error (&error);
  bindings = sd_platform_list_model_new (tenant, SD_PLATFORM_LIST_BINDINGS,
                                         sd_platform_account_get_id (zirol));
  sd_platform_list_model_load_async (bindings, NULL, on_ready, NULL);
  g_assert_false (sd_platform_list_model_load_finish (bindings, await (), &error));
  assert_platform_error (error, SD_PLATFORM_ERROR_NOT_FOUND);
  g_clear_error (&error);

  own = load_list (tenant, SD_PLATFORM_LIST_ACCOUNTS, 0, NULL);
  g_assert_cmpuint (sd_platform_list_model_get_total (own), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  platform_test_init (&argc, &argv);

  g_test_add_func ("/platform/seals", test_seals);
  g_test_add_func ("/platform/grants-and-usage", test_grants_and_usage);
  g_test_add_func ("/platform/audit", test_audit);
  g_test_add_func ("/platform/cross-tenant", test_cross_tenant);

  return platform_test_run ();
}
