/* sd-platform-bindings.c: certificate bindings (数字证书管理, CA绑定) and
 * their rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every rule has its own error code; the one that matters most, one
 * certificate for one account on the whole platform, is a unique constraint
 * on (issuer, serial) so that concurrent requests cannot both win.
 */
#include "config.h"

#include <string.h>

#include <openssl/err.h>

#include "sd-certificate.h"
#include "sd-id-codes.h"
#include "sd-openssl.h"
#include "sd-platform-api.h"
#include "sd-platform-audit.h"
#include "sd-platform-auth.h"
#include "sd-platform-permissions.h"
#include "sd-platform-proof.h"

#define BINDING_SELECT                                                                       \
  "SELECT b.id, b.account_id, a.login, a.name, b.type, b.service_number, b.subject,"         \
  " b.issuer, b.serial, b.not_before, b.not_after, b.ca_provider, b.key_type,"               \
  " b.fingerprint, b.enterprise_code, b.id_number, b.is_admin, b.permissions, b.bound_at,"   \
  " b.updated_at, u.login, b.version"                                                        \
  " FROM bindings b JOIN accounts a ON a.id = b.account_id"                                  \
  " LEFT JOIN accounts u ON u.id = b.updated_by"

static JsonObject *
binding_object (SdPlatformRows *rows,
                guint           i)
{
  JsonObject *object = json_object_new ();
  g_autofree char *id_number = sd_id_number_mask (sd_platform_rows_get_text (rows, i, 15));

  json_object_set_int_member (object, "id", sd_platform_rows_get_int (rows, i, 0));
  json_object_set_int_member (object, "account_id", sd_platform_rows_get_int (rows, i, 1));
  json_object_set_string_member (object, "account_login", sd_platform_rows_get_text (rows, i, 2));
  json_object_set_string_member (object, "account_name", sd_platform_rows_get_text (rows, i, 3));
  json_object_set_string_member (object, "type", sd_platform_rows_get_text (rows, i, 4));
  json_object_set_string_member (object, "service_number",
                                 sd_platform_rows_get_text (rows, i, 5));
  json_object_set_string_member (object, "subject", sd_platform_rows_get_text (rows, i, 6));
  json_object_set_string_member (object, "issuer", sd_platform_rows_get_text (rows, i, 7));
  json_object_set_string_member (object, "serial", sd_platform_rows_get_text (rows, i, 8));
  sd_json_set_time (object, "not_before", sd_platform_rows_get_int (rows, i, 9), FALSE);
  sd_json_set_time (object, "not_after", sd_platform_rows_get_int (rows, i, 10), FALSE);
  json_object_set_string_member (object, "ca_provider", sd_platform_rows_get_text (rows, i, 11));
  json_object_set_string_member (object, "key_type", sd_platform_rows_get_text (rows, i, 12));
  json_object_set_string_member (object, "fingerprint", sd_platform_rows_get_text (rows, i, 13));
  sd_json_set_string_or_null (object, "enterprise_code", sd_platform_rows_get_text (rows, i, 14));
  sd_json_set_string_or_null (object, "id_number", id_number);
  json_object_set_boolean_member (object, "is_admin", sd_platform_rows_get_bool (rows, i, 16));
  if (sd_platform_rows_is_null (rows, i, 17))
    json_object_set_null_member (object, "permissions");
  else
    json_object_set_member (object, "permissions",
                            sd_permissions_to_json (sd_permissions_from_string (
                              sd_platform_rows_get_text (rows, i, 17))));
  sd_json_set_time (object, "bound_at", sd_platform_rows_get_int (rows, i, 18), FALSE);
  sd_json_set_time (object, "updated_at", sd_platform_rows_get_int (rows, i, 19), FALSE);
  sd_json_set_string_or_null (object, "updated_by", sd_platform_rows_get_text (rows, i, 20));
  json_object_set_int_member (object, "version", sd_platform_rows_get_int (rows, i, 21));
  return object;
}

/* --- who may touch whose bindings ------------------------------------------ */

typedef struct
{
  gboolean is_main;
  char    *login;
  char    *id_number;
  char    *uscc;
} Target;

static void
target_clear (Target *target)
{
  g_clear_pointer (&target->login, g_free);
  g_clear_pointer (&target->id_number, g_free);
  g_clear_pointer (&target->uscc, g_free);
}

/* 403 unless the caller may work on @account_id's certificates: with
 * certificates.manage, or certificates.bind_own for their own account. */
static gboolean
require_binding_permission (SdPlatformRequest  *request,
                            gint64              account_id,
                            gboolean            own_allowed,
                            GError            **error)
{
  guint32 needed = SD_PERMISSION_CERTIFICATES_MANAGE;

  if (own_allowed && account_id == request->caller.account_id)
    needed |= SD_PERMISSION_CERTIFICATES_BIND_OWN;
  return sd_platform_require (request, needed, error);
}

/* The account in the caller's enterprise (404 otherwise); managing
 * another account's certificates needs every permission it holds. */
static gboolean
load_target (SdPlatformConn     *conn,
             SdPlatformRequest  *request,
             gint64              account_id,
             Target             *target,
             GError            **error)
{
  g_autoptr(SdPlatformRows) rows =
    sd_platform_query (conn,
                       "SELECT a.kind, a.login, a.id_number, e.uscc FROM accounts a"
                       " JOIN enterprises e ON e.id = a.enterprise_id"
                       " WHERE a.id = $1 AND a.enterprise_id = $2",
                       SD_ARGS (SD_INT (account_id), SD_INT (request->caller.enterprise_id)),
                       error);

  if (rows == NULL)
    return FALSE;
  if (sd_platform_rows_get_n_rows (rows) == 0)
    return sd_platform_fail (request, error, SD_API_ERROR_NOT_FOUND, NULL);
  target_clear (target);
  target->is_main = g_strcmp0 (sd_platform_rows_get_text (rows, 0, 0), "main") == 0;
  target->login = g_strdup (sd_platform_rows_get_text (rows, 0, 1));
  target->id_number = g_strdup (sd_platform_rows_get_text (rows, 0, 2));
  target->uscc = g_strdup (sd_platform_rows_get_text (rows, 0, 3));
  if (account_id != request->caller.account_id
      && !sd_platform_check_not_stronger (conn, request, account_id, error))
    return FALSE;
  return TRUE;
}

/* --- what a certificate says ---------------------------------------------- */

typedef struct
{
  const char *type;             /* organization, employee, personal; NULL: neither code */
  char       *certificate_key;
  char       *fingerprint;
  char       *service_number;
  char       *subject;
  char       *issuer;
  char       *serial;
  gint64      not_before;
  gint64      not_after;
  char       *ca_provider;
  const char *key_type;
  char       *enterprise_code;
  char       *id_number;
  GBytes     *der;
} CertificateFacts;

static void
facts_clear (CertificateFacts *facts)
{
  g_free (facts->certificate_key);
  g_free (facts->fingerprint);
  g_free (facts->service_number);
  g_free (facts->subject);
  g_free (facts->issuer);
  g_free (facts->serial);
  g_free (facts->ca_provider);
  g_free (facts->enterprise_code);
  g_free (facts->id_number);
  g_clear_pointer (&facts->der, g_bytes_unref);
}

static char *
issuer_entry (X509 *cert,
              int   nid)
{
  X509_NAME *name = X509_get_issuer_name (cert);
  int index = X509_NAME_get_index_by_NID (name, nid, -1);
  unsigned char *utf8 = NULL;
  char *text;
  int length;

  if (index < 0)
    return NULL;
  length = ASN1_STRING_to_UTF8 (&utf8, X509_NAME_ENTRY_get_data (X509_NAME_get_entry (name, index)));
  if (length < 0)
    {
      ERR_clear_error ();
      return NULL;
    }
  text = g_utf8_make_valid ((const char *) utf8, length);
  OPENSSL_free (utf8);
  return text;
}

static void
read_facts (X509             *cert,
            GBytes           *der,
            CertificateFacts *facts)
{
  g_autoptr(SdCertificateIdentity) identity = sd_certificate_identity_new (cert);
  g_autoptr(GDateTime) not_before = sd_certificate_get_not_before (cert);
  g_autoptr(GDateTime) not_after = sd_certificate_get_not_after (cert);
  g_autofree char *issuer_cn = issuer_entry (cert, NID_commonName);
  g_autofree char *issuer_o = issuer_entry (cert, NID_organizationName);
  SdKeyType key_type = SD_KEY_TYPE_RSA;

  memset (facts, 0, sizeof *facts);
  facts->der = g_bytes_ref (der);
  facts->certificate_key = sd_proof_certificate_key (cert);
  facts->fingerprint = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, der);
  facts->subject = sd_certificate_get_subject_text (cert);
  facts->issuer = sd_certificate_get_issuer_text (cert);
  facts->serial = sd_certificate_get_serial_hex (cert);
  facts->not_before = not_before != NULL ? g_date_time_to_unix (not_before) : 0;
  facts->not_after = not_after != NULL ? g_date_time_to_unix (not_after) : 0;
  facts->ca_provider = g_strdup (issuer_o != NULL ? issuer_o
                                 : issuer_cn != NULL ? issuer_cn : facts->issuer);
  facts->service_number = identity->unique_id != NULL
                          ? g_strdup (identity->unique_id)
                          : g_strdup_printf ("%s@%s", facts->serial,
                                             issuer_cn != NULL ? issuer_cn : facts->ca_provider);
  if (!sd_certificate_get_key_info (cert, &key_type, NULL, NULL))
    sd_openssl_clear_error ();
  facts->key_type = key_type == SD_KEY_TYPE_SM2 ? "sm2" : key_type == SD_KEY_TYPE_EC ? "ec" : "rsa";
  facts->enterprise_code = g_steal_pointer (&identity->enterprise_code);
  facts->id_number = g_steal_pointer (&identity->id_number);
  if (facts->enterprise_code != NULL)
    facts->type = facts->id_number != NULL ? "employee" : "organization";
  else if (facts->id_number != NULL)
    facts->type = "personal";
}

/* --- POST /accounts/{id}/certificates ------------------------------------- */

typedef struct
{
  SdPlatformRequest *request;
  gint64             account_id;
  gint64             binding_id;
  X509              *cert;
  GBytes            *der;
  JsonObject        *body;
  guint32            permissions;
  gint64             version;
  JsonNode          *result;
} BindingJob;

static gboolean
load_binding_json (SdPlatformConn  *conn,
                   BindingJob      *data,
                   GError         **error)
{
  g_autoptr(SdPlatformRows) rows =
    sd_platform_query (conn, BINDING_SELECT " WHERE b.id = $1 AND b.account_id = $2"
                                            " AND b.enterprise_id = $3",
                       SD_ARGS (SD_INT (data->binding_id), SD_INT (data->account_id),
                                SD_INT (data->request->caller.enterprise_id)),
                       error);

  if (rows == NULL)
    return FALSE;
  if (sd_platform_rows_get_n_rows (rows) == 0)
    return sd_platform_fail (data->request, error, SD_API_ERROR_NOT_FOUND, NULL);
  g_clear_pointer (&data->result, json_node_unref);
  data->result = sd_json_node_take_object (binding_object (rows, 0));
  data->version = sd_platform_rows_get_int (rows, 0, 21);
  return TRUE;
}

/* The account rules of seed 000 and issue 5, in the documented order */
static gboolean
check_rules (SdPlatformConn     *conn,
             SdPlatformRequest  *request,
             gint64              account_id,
             const Target       *target,
             CertificateFacts   *facts,
             const char        **main_slot,
             GError            **error)
{
  gboolean organization = g_strcmp0 (facts->type, "organization") == 0;
  gint64 count;

  *main_slot = NULL;
  if (facts->type == NULL)
    return sd_platform_fail (request, error, SD_API_ERROR_CERTIFICATE_IDENTITY_MISSING,
                             "certificate");
  if (!target->is_main && organization)
    return sd_platform_fail (request, error, SD_API_ERROR_SUB_ACCOUNT_ORGANIZATION_CERTIFICATE,
                             "certificate");
  if (target->is_main)
    {
      *main_slot = organization ? "organization" : "person";
      count = sd_platform_query_int (conn,
                                     "SELECT count(*) FROM bindings"
                                     " WHERE account_id = $1 AND main_slot = $2",
                                     SD_ARGS (SD_INT (account_id), SD_TEXT (*main_slot)), error);
      if (count < 0)
        return FALSE;
      if (count > 0)
        return sd_platform_fail (request, error,
                                 organization ? SD_API_ERROR_MAIN_ACCOUNT_ORGANIZATION_LIMIT
                                              : SD_API_ERROR_MAIN_ACCOUNT_PERSONAL_LIMIT,
                                 "certificate");
    }
  if (facts->enterprise_code != NULL
      && !sd_enterprise_code_matches (target->uscc, facts->enterprise_code))
    return sd_platform_fail (request, error, SD_API_ERROR_ENTERPRISE_CODE_MISMATCH,
                             "certificate");
  if (facts->id_number != NULL)
    {
      if (target->id_number == NULL)
        return sd_platform_fail (request, error, SD_API_ERROR_ACCOUNT_ID_NUMBER_MISSING,
                                 "certificate");
      if (strcmp (target->id_number, facts->id_number) != 0)
        return sd_platform_fail (request, error, SD_API_ERROR_ID_NUMBER_MISMATCH,
                                 "certificate");
    }
  count = sd_platform_query_int (conn, "SELECT count(*) FROM bindings WHERE certificate_key = $1",
                                 SD_ARGS (SD_TEXT (facts->certificate_key)), error);
  if (count < 0)
    return FALSE;
  if (count > 0)
    return sd_platform_fail (request, error, SD_API_ERROR_CERTIFICATE_ALREADY_BOUND,
                             "certificate");
  return TRUE;
}

gboolean
sd_platform_binding_create (SdPlatformConn     *conn,
                            SdPlatformRequest  *request,
                            gint64              account_id,
                            X509               *cert,
                            GBytes             *der,
                            gint64             *binding_id,
                            GError            **error)
{
  CertificateFacts facts;
  Target target = { 0 };
  g_autoptr(GError) local_error = NULL;
  const char *main_slot = NULL;
  SdAuditEntry entry = { "certificate.bind", .target_type = "binding" };
  JsonObject *details;
  gboolean ok = FALSE;
  gsize der_length = 0;
  const guint8 *der_data = g_bytes_get_data (der, &der_length);

  read_facts (cert, der, &facts);
  if (!load_target (conn, request, account_id, &target, error)
      || !check_rules (conn, request, account_id, &target, &facts, &main_slot, error))
    goto out;

  *binding_id =
    sd_platform_query_int (conn,
                           "INSERT INTO bindings (enterprise_id, account_id, certificate_key,"
                           " main_slot, type, service_number, subject, issuer, serial,"
                           " not_before, not_after, ca_provider, key_type, fingerprint,"
                           " enterprise_code, id_number, certificate, bound_at, updated_at,"
                           " updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
                           " $12, $13, $14, $15, $16, $17, $18, $18, $19) RETURNING id",
                           SD_ARGS (SD_INT (request->caller.enterprise_id),
                                    SD_INT (account_id), SD_TEXT (facts.certificate_key),
                                    SD_TEXT (main_slot), SD_TEXT (facts.type),
                                    SD_TEXT (facts.service_number), SD_TEXT (facts.subject),
                                    SD_TEXT (facts.issuer), SD_TEXT (facts.serial),
                                    SD_INT (facts.not_before), SD_INT (facts.not_after),
                                    SD_TEXT (facts.ca_provider), SD_TEXT (facts.key_type),
                                    SD_TEXT (facts.fingerprint),
                                    SD_TEXT (facts.enterprise_code), SD_TEXT (facts.id_number),
                                    SD_BLOB (der_data, der_length), SD_INT (request->now),
                                    SD_INT (request->caller.account_id)),
                           &local_error);
  if (*binding_id <= 0)
    {
      /* Lost a race that the checks above could not see */
      if (sd_platform_store_error_is_unique (local_error, "certificate_key"))
        sd_platform_fail (request, error, SD_API_ERROR_CERTIFICATE_ALREADY_BOUND,
                          "certificate");
      else if (sd_platform_store_error_is_unique (local_error, "main_slot"))
        sd_platform_fail (request, error,
                          g_strcmp0 (main_slot, "organization") == 0
                          ? SD_API_ERROR_MAIN_ACCOUNT_ORGANIZATION_LIMIT
                          : SD_API_ERROR_MAIN_ACCOUNT_PERSONAL_LIMIT,
                          "certificate");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      goto out;
    }

  entry.target_id = *binding_id;
  entry.target_label = facts.service_number;
  details = json_object_new ();
  json_object_set_int_member (details, "account_id", account_id);
  json_object_set_string_member (details, "account_login", target.login);
  json_object_set_string_member (details, "type", facts.type);
  json_object_set_string_member (details, "fingerprint", facts.fingerprint);
  ok = sd_platform_audit (conn, request, &entry, details, error);

out:
  target_clear (&target);
  facts_clear (&facts);
  return ok;
}

static gboolean
bind_run (SdPlatformConn  *conn,
          gpointer         user_data,
          GError         **error)
{
  BindingJob *data = user_data;

  return sd_platform_binding_create (conn, data->request, data->account_id, data->cert,
                                     data->der, &data->binding_id, error)
         && load_binding_json (conn, data, error);
}

static gboolean
bind_certificate (SdPlatformRequest  *request,
                  GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(X509) cert = NULL;
  BindingJob data = { request, request->ids[0] };
  SdProof proof;
  gboolean ok = FALSE;

  if (!require_binding_permission (request, request->ids[0], TRUE, error))
    return FALSE;
  body = sd_platform_read_body (request, sd_proof_fields, sd_proof_n_fields, error);
  if (body == NULL)
    return FALSE;
  if (!sd_proof_read (request, body, &proof, error))
    {
      sd_proof_clear (&proof);
      return FALSE;
    }
  cert = sd_proof_check (request, &proof, "bind", error);
  if (cert != NULL)
    {
      data.cert = cert;
      data.der = proof.certificate;
      ok = sd_platform_store_write (request->store, bind_run, &data, error);
    }
  sd_proof_clear (&proof);
  if (!ok)
    {
      g_clear_pointer (&data.result, json_node_unref);
      return FALSE;
    }
  sd_platform_set_etag (request, data.version);
  sd_platform_respond_json (request, 201, data.result);
  return TRUE;
}

/* --- GET /accounts/{id}/certificates and GET /certificates ------------------- */

typedef struct
{
  SdPlatformRequest *request;
  gint64             account_id;     /* 0: the whole enterprise */
  const char        *login_pattern;
  const char        *name_pattern;
  const char        *type;
  gint64             page;
  gint64             per_page;
  JsonNode          *result;
} ListBindings;

static gboolean
list_bindings_run (SdPlatformConn  *conn,
                   gpointer         user_data,
                   GError         **error)
{
  ListBindings *data = user_data;
  SdPlatformRequest *request = data->request;
  /* Unused filters are written so that they match everything */
  const char *where = " WHERE b.enterprise_id = $1 AND ($2 = 0 OR b.account_id = $2)"
                      " AND a.login_key LIKE $3 ESCAPE '\\'"
                      " AND a.name_key LIKE $4 ESCAPE '\\' AND ($5 = '' OR b.type = $5)";
  g_autofree char *count_sql = g_strconcat ("SELECT count(*) FROM bindings b"
                                            " JOIN accounts a ON a.id = b.account_id", where,
                                            NULL);
  g_autofree char *page_sql = g_strconcat (BINDING_SELECT, where,
                                           " ORDER BY b.id DESC LIMIT $6 OFFSET $7", NULL);
  g_autoptr(SdPlatformRows) rows = NULL;
  JsonArray *items;
  gint64 total;
  Target target = { 0 };

  if (data->account_id > 0)
    {
      gboolean found = load_target (conn, request, data->account_id, &target, error);

      target_clear (&target);
      if (!found)
        return FALSE;
    }
  total = sd_platform_query_int (conn, count_sql,
                                 SD_ARGS (SD_INT (request->caller.enterprise_id),
                                          SD_INT (data->account_id),
                                          SD_TEXT (data->login_pattern),
                                          SD_TEXT (data->name_pattern),
                                          SD_TEXT (data->type != NULL ? data->type : "")),
                                 error);
  if (total < 0)
    return FALSE;
  rows = sd_platform_query (conn, page_sql,
                            SD_ARGS (SD_INT (request->caller.enterprise_id),
                                     SD_INT (data->account_id), SD_TEXT (data->login_pattern),
                                     SD_TEXT (data->name_pattern),
                                     SD_TEXT (data->type != NULL ? data->type : ""),
                                     SD_INT (data->per_page),
                                     SD_INT ((data->page - 1) * data->per_page)),
                            error);
  if (rows == NULL)
    return FALSE;
  items = json_array_new ();
  for (guint i = 0; i < sd_platform_rows_get_n_rows (rows); i++)
    json_array_add_object_element (items, binding_object (rows, i));
  g_clear_pointer (&data->result, json_node_unref);
  data->result = sd_platform_page_json (items, total, data->page, data->per_page);
  return TRUE;
}

static gboolean
run_list (SdPlatformRequest  *request,
          ListBindings       *data,
          GError            **error)
{
  if (!sd_platform_get_paging (request, &data->page, &data->per_page, error)
      || !sd_platform_store_read (request->store, list_bindings_run, data, error))
    {
      g_clear_pointer (&data->result, json_node_unref);
      return FALSE;
    }
  sd_platform_respond_json (request, 200, data->result);
  return TRUE;
}

static gboolean
list_account_bindings (SdPlatformRequest  *request,
                       GError            **error)
{
  ListBindings data = { request, request->ids[0], "%", "%" };

  if (!require_binding_permission (request, request->ids[0], TRUE, error))
    return FALSE;
  return run_list (request, &data, error);
}

static gboolean
list_enterprise_bindings (SdPlatformRequest  *request,
                          GError            **error)
{
  static const char * const types[] = { "organization", "employee", "personal", NULL };
  ListBindings data = { request, 0 };
  g_autofree char *login_pattern = NULL;
  g_autofree char *name_pattern = NULL;
  const char *login = NULL, *name = NULL;

  if (!sd_platform_require (request, SD_PERMISSION_CERTIFICATES_MANAGE, error)
      || !sd_platform_get_query_text (request, "login", 64, &login, error)
      || !sd_platform_get_query_text (request, "name", 64, &name, error)
      || !sd_platform_get_query_enum (request, "type", types, &data.type, error))
    return FALSE;
  login_pattern = sd_platform_like_pattern (login != NULL ? login : "");
  name_pattern = sd_platform_like_pattern (name != NULL ? name : "");
  data.login_pattern = login_pattern;
  data.name_pattern = name_pattern;
  return run_list (request, &data, error);
}

/* --- GET / PATCH / DELETE /accounts/{id}/certificates/{binding} ------------ */

static gboolean
get_binding_run (SdPlatformConn  *conn,
                 gpointer         user_data,
                 GError         **error)
{
  BindingJob *data = user_data;
  Target target = { 0 };
  gboolean ok = load_target (conn, data->request, data->account_id, &target, error)
                && load_binding_json (conn, data, error);

  target_clear (&target);
  return ok;
}

static gboolean
get_binding (SdPlatformRequest  *request,
             GError            **error)
{
  BindingJob data = { request, request->ids[0], request->ids[1] };

  if (!require_binding_permission (request, request->ids[0], TRUE, error)
      || !sd_platform_store_read (request->store, get_binding_run, &data, error))
    {
      g_clear_pointer (&data.result, json_node_unref);
      return FALSE;
    }
  sd_platform_set_etag (request, data.version);
  sd_platform_respond_json (request, 200, data.result);
  return TRUE;
}

static const SdField update_fields[] = {
  { "is_admin", SD_FIELD_BOOLEAN, FALSE, FALSE, 0, 0 },
  { "permissions", SD_FIELD_STRING_ARRAY, FALSE, TRUE, 0, 32 },
};

static gboolean
update_binding_run (SdPlatformConn  *conn,
                    gpointer         user_data,
                    GError         **error)
{
  BindingJob *data = user_data;
  SdPlatformRequest *request = data->request;
  JsonObject *body = data->body;
  gboolean set_permissions = json_object_has_member (body, "permissions");
  gboolean null_permissions = sd_json_member_is_null (body, "permissions");
  g_autofree char *permissions = sd_permissions_to_string (data->permissions);
  SdAuditEntry entry = { "certificate.update", .target_type = "binding",
                         .target_id = data->binding_id };
  JsonObject *details;

  if (!get_binding_run (conn, data, error)
      || !sd_platform_check_if_match (request, data->version, TRUE, error))
    return FALSE;
  entry.target_label = json_object_get_string_member (json_node_get_object (data->result),
                                                      "service_number");
  if (sd_platform_exec (conn,
                        "UPDATE bindings SET"
                        " is_admin = CASE WHEN $1 = 1 THEN $2 ELSE is_admin END,"
                        " permissions = CASE WHEN $3 = 1 THEN $4 ELSE permissions END,"
                        " version = version + 1, updated_at = $5, updated_by = $6 WHERE id = $7",
                        SD_ARGS (SD_BOOL (json_object_has_member (body, "is_admin")),
                                 SD_BOOL (json_object_get_boolean_member_with_default (body,
                                                                                       "is_admin",
                                                                                       FALSE)),
                                 SD_BOOL (set_permissions),
                                 SD_TEXT (null_permissions ? NULL : permissions),
                                 SD_INT (request->now), SD_INT (request->caller.account_id),
                                 SD_INT (data->binding_id)),
                        error) < 0)
    return FALSE;
  details = json_object_new ();
  if (json_object_has_member (body, "is_admin"))
    json_object_set_boolean_member (details, "is_admin",
                                    json_object_get_boolean_member (body, "is_admin"));
  if (set_permissions)
    sd_json_set_string_or_null (details, "permissions", null_permissions ? NULL : permissions);
  return sd_platform_audit (conn, request, &entry, details, error)
         && load_binding_json (conn, data, error);
}

static gboolean
update_binding (SdPlatformRequest  *request,
                GError            **error)
{
  g_autoptr(JsonObject) body = NULL;
  BindingJob data = { request, request->ids[0], request->ids[1] };

  /* bind_own is not enough: a binding must not widen itself */
  if (!sd_platform_require (request, SD_PERMISSION_CERTIFICATES_MANAGE, error))
    return FALSE;
  body = sd_platform_read_body (request, update_fields, G_N_ELEMENTS (update_fields), error);
  if (body == NULL)
    return FALSE;
  if (json_object_get_size (body) == 0)
    return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD, NULL);
  if (json_object_has_member (body, "permissions") && !sd_json_member_is_null (body, "permissions"))
    {
      JsonArray *array = json_object_get_array_member (body, "permissions");

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          guint32 bit;

          if (!sd_permission_from_name (json_array_get_string_element (array, i), &bit))
            return sd_platform_fail (request, error, SD_API_ERROR_INVALID_FIELD,
                                     "permissions");
          data.permissions |= bit;
        }
    }
  data.body = body;
  if (!sd_platform_store_write (request->store, update_binding_run, &data, error))
    {
      g_clear_pointer (&data.result, json_node_unref);
      return FALSE;
    }
  sd_platform_set_etag (request, data.version);
  sd_platform_respond_json (request, 200, data.result);
  return TRUE;
}

static gboolean
unbind_run (SdPlatformConn  *conn,
            gpointer         user_data,
            GError         **error)
{
  BindingJob *data = user_data;
  SdPlatformRequest *request = data->request;
  SdAuditEntry entry = { "certificate.unbind", .target_type = "binding",
                         .target_id = data->binding_id };
  JsonObject *details;
  JsonObject *binding;

  if (!get_binding_run (conn, data, error)
      || !sd_platform_check_if_match (request, data->version, FALSE, error))
    return FALSE;
  binding = json_node_get_object (data->result);
  entry.target_label = json_object_get_string_member (binding, "service_number");
  /* CA sessions opened with this certificate end with it (ON DELETE CASCADE). */
  if (sd_platform_exec (conn, "DELETE FROM bindings WHERE id = $1",
                        SD_ARGS (SD_INT (data->binding_id)), error) < 0)
    return FALSE;
  details = json_object_new ();
  json_object_set_int_member (details, "account_id", data->account_id);
  json_object_set_string_member (details, "fingerprint",
                                 json_object_get_string_member (binding, "fingerprint"));
  return sd_platform_audit (conn, request, &entry, details, error);
}

static gboolean
unbind_certificate (SdPlatformRequest  *request,
                    GError            **error)
{
  BindingJob data = { request, request->ids[0], request->ids[1] };
  gboolean ok;

  if (!require_binding_permission (request, request->ids[0], TRUE, error))
    return FALSE;
  ok = sd_platform_store_write (request->store, unbind_run, &data, error);
  g_clear_pointer (&data.result, json_node_unref);
  if (ok)
    sd_platform_respond_empty (request, 204);
  return ok;
}

static const SdPlatformRoute routes[] = {
  { "GET", "accounts/#/certificates", SD_ROUTE_SESSION, list_account_bindings },
  { "POST", "accounts/#/certificates", SD_ROUTE_SESSION, bind_certificate },
  { "GET", "accounts/#/certificates/#", SD_ROUTE_SESSION, get_binding },
  { "PATCH", "accounts/#/certificates/#", SD_ROUTE_SESSION, update_binding },
  { "DELETE", "accounts/#/certificates/#", SD_ROUTE_SESSION, unbind_certificate },
  { "GET", "certificates", SD_ROUTE_SESSION, list_enterprise_bindings },
};

const SdPlatformRoute *
sd_platform_binding_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}
