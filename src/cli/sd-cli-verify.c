/* sd-cli-verify.c: `sealdesk-cli verify`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sd-cli-common.h"
#include "sd-cli-verify.h"
#include "sd-pdf-verify.h"

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
add_time (JsonBuilder *b,
          const char  *name,
          GDateTime   *time)
{
  g_autofree char *text = time ? g_date_time_format_iso8601 (time) : NULL;

  add_string (b, name, text);
}

static void
add_bool (JsonBuilder *b,
          const char  *name,
          gboolean     value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_boolean_value (b, value);
}

static void
add_int_or_null (JsonBuilder *b,
                 const char  *name,
                 gint64       value,
                 gboolean     present)
{
  json_builder_set_member_name (b, name);
  if (present)
    json_builder_add_int_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_strings (JsonBuilder *b,
             const char  *name,
             GPtrArray   *strings)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    json_builder_add_string_value (b, strings->pdata[i]);
  json_builder_end_array (b);
}

static void
add_kinds (JsonBuilder   *b,
           const char    *name,
           SdChangeFlags  flags)
{
  static const SdChangeFlags kinds[] = { SD_CHANGE_SIGNATURES, SD_CHANGE_FORM_FILL,
                                         SD_CHANGE_ANNOTATIONS, SD_CHANGE_OTHER };

  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (flags & kinds[i])
      json_builder_add_string_value (b, sd_change_kind_to_string (kinds[i]));
  json_builder_end_array (b);
}

static void
add_signature (JsonBuilder       *b,
               SdSignatureReport *r)
{
  json_builder_begin_object (b);
  add_string (b, "field", r->field);
  add_int_or_null (b, "page", r->page + 1, r->page >= 0);
  json_builder_set_member_name (b, "widgets");
  json_builder_add_int_value (b, r->n_widgets);
  add_string (b, "subfilter", r->subfilter);
  add_bool (b, "document_timestamp", r->is_document_timestamp);
  add_int_or_null (b, "certification", r->certification, r->certification != 0);
  add_string (b, "status", sd_signature_status_to_string (r->status));
  add_strings (b, "problems", r->problems);

  json_builder_set_member_name (b, "integrity");
  json_builder_begin_object (b);
  add_bool (b, "digest_matches", r->digest_matches);
  add_bool (b, "signature_verifies", r->signature_verifies);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "coverage");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "byte_range");
  if (r->has_byte_range)
    {
      json_builder_begin_array (b);
      for (guint i = 0; i < 4; i++)
        json_builder_add_int_value (b, r->byte_range[i]);
      json_builder_end_array (b);
    }
  else
    json_builder_add_null_value (b);
  add_bool (b, "starts_at_zero", r->starts_at_zero);
  add_bool (b, "gap_is_contents", r->gap_is_contents);
  add_bool (b, "ends_at_revision", r->ends_at_revision);
  add_bool (b, "covers_whole_file", r->covers_whole_file);
  add_int_or_null (b, "revision", r->revision + 1, r->revision >= 0);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "signer");
  if (r->subject != NULL)
    {
      json_builder_begin_object (b);
      add_string (b, "name", r->signer_name);
      add_string (b, "organization", r->organization);
      add_string (b, "enterprise_code", r->enterprise_code);
      add_string (b, "id_number", r->id_number);
      add_string (b, "unique_id", r->unique_id);
      add_string (b, "subject", r->subject);
      add_string (b, "issuer", r->issuer);
      add_string (b, "serial", r->serial);
      add_time (b, "not_before", r->not_before);
      add_time (b, "not_after", r->not_after);
      add_string (b, "key_algorithm", r->key_algorithm);
      add_string (b, "digest_algorithm", r->digest_algorithm);
      add_string (b, "signature_algorithm", r->signature_algorithm);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "trust");
  json_builder_begin_object (b);
  add_string (b, "status", sd_trust_status_to_string (r->trust));
  add_string (b, "detail", r->trust_detail);
  add_time (b, "at", r->trust_time);
  add_strings (b, "chain", r->chain);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "revocation");
  json_builder_begin_object (b);
  add_string (b, "status", sd_revocation_status_to_string (r->revocation));
  add_time (b, "revoked_at", r->revocation_time);
  add_string (b, "reason", r->revocation_reason);
  add_string (b, "source", r->revocation_source);
  add_string (b, "detail", r->revocation_detail);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "time");
  json_builder_begin_object (b);
  add_string (b, "claimed", r->claimed_time);
  add_time (b, "claimed_utc", r->claimed_time_parsed);
  add_time (b, "signing_time", r->signing_time);
  json_builder_set_member_name (b, "timestamp");
  if (r->has_timestamp)
    {
      json_builder_begin_object (b);
      add_bool (b, "valid", r->timestamp_valid);
      add_time (b, "time", r->timestamp_time);
      add_string (b, "authority", r->timestamp_authority);
      add_string (b, "trust", sd_trust_status_to_string (r->timestamp_trust));
      add_string (b, "detail", r->timestamp_detail);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "after");
  json_builder_begin_object (b);
  add_kinds (b, "changes", r->changes_after);
  add_bool (b, "modified", r->modified);
  add_bool (b, "permitted", r->permitted);
  json_builder_end_object (b);

  add_string (b, "name", r->name);
  add_string (b, "reason", r->reason);
  add_string (b, "location", r->location);
  add_string (b, "contact_info", r->contact_info);
  json_builder_end_object (b);
}

static JsonNode *
report_to_json (SdVerifyReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_string (b, "file", report->file);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, report->size);
  add_string (b, "verdict", sd_verdict_to_string (report->verdict));
  add_string (b, "summary", report->summary);
  add_int_or_null (b, "certification", report->certification, report->certification != 0);
  json_builder_set_member_name (b, "signatures");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->signatures->len; i++)
    add_signature (b, report->signatures->pdata[i]);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "revisions");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->revisions->len; i++)
    {
      SdRevisionReport *rr = report->revisions->pdata[i];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "start");
      json_builder_add_int_value (b, rr->start);
      json_builder_set_member_name (b, "end");
      json_builder_add_int_value (b, rr->end);
      add_kinds (b, "kinds", rr->changes ? rr->changes->flags : SD_CHANGE_NONE);
      json_builder_set_member_name (b, "changes");
      json_builder_begin_array (b);
      for (guint k = 0; rr->changes != NULL && k < rr->changes->changes->len; k++)
        {
          SdChange *c = rr->changes->changes->pdata[k];

          json_builder_begin_object (b);
          add_string (b, "kind", sd_change_kind_to_string (c->kind));
          add_string (b, "text", c->text);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "unexplained_bytes");
  json_builder_add_int_value (b, report->unexplained);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static const char *
status_label (SdSignatureStatus status)
{
  switch (status)
    {
    case SD_SIGNATURE_VALID:
      return _("intact");
    case SD_SIGNATURE_UNSUPPORTED:
      return _("cannot be checked");
    case SD_SIGNATURE_INVALID:
    default:
      return _("INVALID");
    }
}

static const char *
trust_label (SdTrustStatus trust)
{
  switch (trust)
    {
    case SD_TRUST_TRUSTED:
      return _("trusted");
    case SD_TRUST_UNTRUSTED:
      return _("not trusted");
    case SD_TRUST_EXPIRED:
      return _("expired");
    case SD_TRUST_NOT_YET_VALID:
      return _("not yet valid");
    case SD_TRUST_BAD_CHAIN:
      return _("broken certificate chain");
    case SD_TRUST_REVOKED:
      return _("revoked");
    case SD_TRUST_NOT_CHECKED:
    default:
      return _("not checked");
    }
}

static const char *
revocation_label (SdRevocationStatus status)
{
  switch (status)
    {
    case SD_REVOCATION_GOOD:
      return _("not revoked");
    case SD_REVOCATION_REVOKED:
      return _("revoked");
    case SD_REVOCATION_UNKNOWN:
      return _("unknown");
    case SD_REVOCATION_NOT_CHECKED:
    default:
      return _("not checked");
    }
}

static char *
format_time (GDateTime *t)
{
  g_autoptr(GDateTime) local = t ? g_date_time_to_local (t) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S %:z") : g_strdup ("-");
}

static void
print_signature (guint              index,
                 SdSignatureReport *r,
                 guint              n_revisions)
{
  g_autofree char *page = r->page >= 0 ? g_strdup_printf ("%d", r->page + 1) : g_strdup ("-");

  g_print (_("Signature %u, field “%s”, page %s (%u widgets): %s\n"), index + 1,
           r->field, page, r->n_widgets, status_label (r->status));
  if (r->is_document_timestamp)
    g_print ("  %s\n", _("A document timestamp."));
  if (r->certification != 0)
    g_print (_("  Certifies the document; allowed afterwards: %s\n"),
             r->certification == 1 ? _("no changes")
             : r->certification == 2 ? _("form filling and signing")
             : _("form filling, signing and annotations"));
  if (r->subject != NULL)
    {
      g_autofree char *from = format_time (r->not_before);
      g_autofree char *to = format_time (r->not_after);

      g_print (_("  Signer: %s\n"), r->signer_name ? r->signer_name : r->subject);
      if (r->organization != NULL)
        g_print (_("  Organization: %s\n"), r->organization);
      if (r->enterprise_code != NULL)
        g_print (_("  Unified social credit code: %s\n"), r->enterprise_code);
      if (r->id_number != NULL)
        g_print (_("  ID number: %s\n"), r->id_number);
      g_print (_("  Certificate: serial %s, issued by %s\n"), r->serial ? r->serial : "-",
               r->issuer ? r->issuer : "-");
      g_print (_("  Valid from %s to %s\n"), from, to);
      g_print (_("  Algorithms: %s key, %s, %s digest\n"),
               r->key_algorithm ? r->key_algorithm : "-",
               r->signature_algorithm ? r->signature_algorithm : "-",
               r->digest_algorithm ? r->digest_algorithm : "-");
    }
  if (r->trust_detail != NULL)
    /* TRANSLATORS: the trust (e.g. "untrusted"), then why */
    g_print (_("  Certificate trust: %s — %s\n"), trust_label (r->trust), r->trust_detail);
  else
    g_print (_("  Certificate trust: %s\n"), trust_label (r->trust));
  if (r->revocation_source != NULL)
    /* TRANSLATORS: the revocation status (e.g. "good"), then where it came from (OCSP, CRL, /DSS) */
    g_print (_("  Revocation: %s (%s)\n"), revocation_label (r->revocation), r->revocation_source);
  else
    g_print (_("  Revocation: %s\n"), revocation_label (r->revocation));
  if (r->revocation_detail != NULL && r->revocation != SD_REVOCATION_GOOD)
    g_print ("    %s\n", r->revocation_detail);
  if (r->claimed_time != NULL)
    {
      g_autofree char *t = format_time (r->claimed_time_parsed);

      g_print (_("  Signing time claimed by the signer: %s\n"), t);
    }
  if (r->has_timestamp && r->timestamp_valid)
    {
      g_autofree char *t = format_time (r->timestamp_time);

      g_print (_("  Timestamp: %s by %s (%s)\n"), t,
               r->timestamp_authority ? r->timestamp_authority : "-",
               trust_label (r->timestamp_trust));
    }
  else if (r->has_timestamp)
    g_print (_("  Timestamp: not valid — %s\n"), r->timestamp_detail ? r->timestamp_detail : "-");
  if (r->has_byte_range)
    g_print (_("  Signed bytes: 0–%lld and %lld–%lld (revision %d of %u)%s\n"),
             (long long) r->byte_range[1], (long long) r->byte_range[2],
             (long long) (r->byte_range[2] + r->byte_range[3]), r->revision + 1, n_revisions,
             r->covers_whole_file ? _(", the whole file") : "");
  if (r->modified)
    g_print (_("  Modified after signing%s\n"),
             r->permitted ? _(" (changes the signature allows)") : "");
  else if (r->changes_after & SD_CHANGE_SIGNATURES)
    g_print ("  %s\n", _("Signed again later; otherwise unchanged."));
  else
    g_print ("  %s\n", _("Not modified after signing."));
  for (guint i = 0; i < r->problems->len; i++)
    g_print ("  ! %s\n", (const char *) r->problems->pdata[i]);
}

static void
print_text (SdVerifyReport *report)
{
  g_print (_("File: %s\n"), report->file);
  g_print (_("Signatures: %u\n"), report->signatures->len);
  for (guint i = 0; i < report->signatures->len; i++)
    print_signature (i, report->signatures->pdata[i], report->revisions->len);
  g_print (_("Revisions: %u\n"), report->revisions->len);
  for (guint i = 0; i < report->revisions->len; i++)
    {
      SdRevisionReport *rr = report->revisions->pdata[i];

      g_print (_("  %u: bytes %llu–%llu\n"), i + 1, (unsigned long long) rr->start,
               (unsigned long long) rr->end);
      for (guint k = 0; rr->changes != NULL && k < rr->changes->changes->len; k++)
        g_print ("     - %s\n", ((SdChange *) rr->changes->changes->pdata[k])->text);
    }
  g_print ("%s\n", report->summary);
}

static int
exit_status (SdVerdict verdict)
{
  switch (verdict)
    {
    case SD_VERDICT_VALID:
      return SD_CLI_EXIT_OK;
    case SD_VERDICT_INVALID:
      return SD_CLI_EXIT_INVALID;
    case SD_VERDICT_MODIFIED:
      return SD_CLI_EXIT_MODIFIED;
    case SD_VERDICT_UNTRUSTED:
      return SD_CLI_EXIT_UNTRUSTED;
    case SD_VERDICT_UNSIGNED:
    default:
      return SD_CLI_EXIT_UNSIGNED;
    }
}

int
sd_cli_verify (int    argc,
               char **argv)
{
  gboolean as_json = FALSE, no_system = FALSE, offline = FALSE;
  g_auto(GStrv) trust_paths = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { "trust", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &trust_paths,
      N_("Trust the root certificates in DIR (PEM or DER files) or in a PEM file; may be repeated"),
      N_("DIR") },
    { "no-system-roots", 0, 0, G_OPTION_ARG_NONE, &no_system,
      N_("Do not trust the system’s root certificates"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline,
      N_("Check revocation with the document’s own validation data (/DSS) only: ask no OCSP "
         "responder or CRL server"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdTrustStore) trust = NULL;
  g_autoptr(SdVerifyReport) report = NULL;

  g_set_prgname ("sealdesk-cli verify");
  context = g_option_context_new (_("FILE.pdf"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Verifies every signature of FILE.pdf: integrity, what "
                                           "it covers, the signer, trust, time, and what changed "
                                           "after it."));
  g_option_context_set_description (context,
    _("Exit status: 0 every signature is intact and trusted and nothing changed after the last "
      "one; 3 a signature is invalid or cannot be checked; 4 the document was modified after "
      "signing; 5 a certificate is not trusted, revoked, expired or not yet valid; 6 the document is not "
      "signed; 1 the file cannot be read; 2 wrong command line."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sd_cli_fail_error (SD_CLI_EXIT_USAGE, error);
  if (argc != 2)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("Give one PDF file to verify."));

  trust = sd_trust_store_new (!no_system);
  for (guint i = 0; trust_paths != NULL && trust_paths[i] != NULL; i++)
    if (!sd_trust_store_add_path (trust, trust_paths[i], &error))
      return sd_cli_fail_error (SD_CLI_EXIT_USAGE, error);

  report = sd_pdf_verify_file_with_flags (argv[1], trust,
                                          offline ? SD_VERIFY_OFFLINE : SD_VERIFY_FLAGS_NONE,
                                          NULL, &error);
  if (report == NULL)
    return sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);
  if (as_json)
    {
      g_autoptr(JsonNode) root = report_to_json (report);
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autofree char *text = NULL;

      json_generator_set_pretty (gen, TRUE);
      json_generator_set_root (gen, root);
      text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
    }
  else
    print_text (report);
  return exit_status (report->verdict);
}
