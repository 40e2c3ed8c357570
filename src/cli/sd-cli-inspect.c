/* sd-cli-inspect.c: `sealdesk-cli inspect`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sd-cli-common.h"
#include "sd-cli-inspect.h"
#include "sd-pdf-document.h"
#include "sd-pdf-fields.h"

/* Pages count from 1 for people. */
static void
add_page (JsonBuilder *b,
          int          page)
{
  json_builder_set_member_name (b, "page");
  if (page >= 0)
    json_builder_add_int_value (b, page + 1);
  else
    json_builder_add_null_value (b);
}

static void
add_rect (JsonBuilder  *b,
          const SdRect *r)
{
  json_builder_set_member_name (b, "rect");
  json_builder_begin_array (b);
  json_builder_add_double_value (b, r->x0);
  json_builder_add_double_value (b, r->y0);
  json_builder_add_double_value (b, r->x1);
  json_builder_add_double_value (b, r->y1);
  json_builder_end_array (b);
}

static void
add_rect_mm (JsonBuilder          *b,
             const SdPageGeometry *g,
             const SdRect         *r)
{
  double x, y, w, h;

  sd_page_geometry_rect_to_mm (g, r, &x, &y, &w, &h);
  json_builder_set_member_name (b, "rect_mm");
  json_builder_begin_array (b);
  json_builder_add_double_value (b, x);
  json_builder_add_double_value (b, y);
  json_builder_add_double_value (b, w);
  json_builder_add_double_value (b, h);
  json_builder_end_array (b);
}

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

static JsonNode *
describe (SdPdfDocument *doc)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GArray) revisions = sd_pdf_document_get_revisions (doc);
  g_autoptr(GPtrArray) fields = sd_pdf_document_list_fields (doc);
  g_autofree char *version = sd_pdf_document_get_version (doc);
  SdPdfXref *xref = sd_pdf_document_get_xref (doc);
  guint n_pages = sd_pdf_document_get_n_pages (doc);
  guint64 start = 0;
  gsize len;

  sd_pdf_document_get_data (doc, &len);
  json_builder_begin_object (b);
  add_string (b, "file", sd_pdf_document_get_path (doc));
  add_string (b, "version", version);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, len);
  json_builder_set_member_name (b, "encrypted");
  json_builder_add_boolean_value (b, sd_pdf_document_is_encrypted (doc));
  json_builder_set_member_name (b, "repaired");
  json_builder_add_boolean_value (b, sd_pdf_document_was_repaired (doc));
  add_string (b, "xref", xref->reconstructed ? "reconstructed"
                         : xref->last_is_stream ? "stream" : "table");

  json_builder_set_member_name (b, "revisions");
  json_builder_begin_array (b);
  for (guint i = 0; i < revisions->len; i++)
    {
      guint64 end = g_array_index (revisions, guint64, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "start");
      json_builder_add_int_value (b, start);
      json_builder_set_member_name (b, "end");
      json_builder_add_int_value (b, end);
      json_builder_end_object (b);
      start = end;
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "pages");
  json_builder_begin_array (b);
  for (guint i = 0; i < n_pages; i++)
    {
      const SdPdfPageInfo *page = sd_pdf_document_get_page (doc, i, NULL);
      double w, h;

      sd_page_geometry_get_size_mm (&page->geometry, &w, &h);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "width_mm");
      json_builder_add_double_value (b, w);
      json_builder_set_member_name (b, "height_mm");
      json_builder_add_double_value (b, h);
      json_builder_set_member_name (b, "rotate");
      json_builder_add_int_value (b, page->geometry.rotate);
      json_builder_set_member_name (b, "user_unit");
      json_builder_add_double_value (b, page->geometry.user_unit);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "fields");
  json_builder_begin_array (b);
  for (guint i = 0; i < fields->len; i++)
    {
      SdPdfFieldInfo *f = g_ptr_array_index (fields, i);
      const SdPdfPageInfo *page = f->page >= 0 ? sd_pdf_document_get_page (doc, f->page, NULL) : NULL;

      json_builder_begin_object (b);
      add_string (b, "name", f->name);
      add_string (b, "type", f->type);
      add_page (b, f->page);
      if (f->has_rect)
        {
          add_rect (b, &f->rect);
          if (page != NULL)
            add_rect_mm (b, &page->geometry, &f->rect);
        }
      json_builder_set_member_name (b, "widgets");
      json_builder_add_int_value (b, f->n_widgets);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "signatures");
  json_builder_begin_array (b);
  for (guint i = 0; i < fields->len; i++)
    {
      SdPdfFieldInfo *f = g_ptr_array_index (fields, i);

      if (!f->is_signed)
        continue;
      json_builder_begin_object (b);
      add_string (b, "field", f->name);
      add_page (b, f->page);
      if (f->has_rect)
        add_rect (b, &f->rect);
      add_string (b, "subfilter", f->subfilter);
      add_string (b, "name", f->signer_name);
      add_string (b, "reason", f->reason);
      add_string (b, "location", f->location);
      add_string (b, "time", f->signing_time);
      if (f->has_byte_range)
        {
          json_builder_set_member_name (b, "byte_range");
          json_builder_begin_array (b);
          for (guint k = 0; k < 4; k++)
            json_builder_add_int_value (b, f->byte_range[k]);
          json_builder_end_array (b);
          json_builder_set_member_name (b, "covers_whole_file");
          json_builder_add_boolean_value (b, f->byte_range[0] == 0
                                             && (guint64) (f->byte_range[2] + f->byte_range[3]) == len);
        }
      json_builder_set_member_name (b, "contents_size");
      json_builder_add_int_value (b, f->contents_size);
      json_builder_set_member_name (b, "certification");
      if (f->docmdp)
        json_builder_add_int_value (b, f->docmdp);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static const char *
str_or_dash (JsonObject *o,
             const char *member)
{
  JsonNode *n = json_object_get_member (o, member);

  return n && !JSON_NODE_HOLDS_NULL (n) ? json_node_get_string (n) : "-";
}

static const char *
xref_kind (const char *kind)
{
  if (g_strcmp0 (kind, "stream") == 0)
    return _("cross-reference stream");
  if (g_strcmp0 (kind, "reconstructed") == 0)
    return _("damaged, rebuilt by scanning the file");
  return _("cross-reference table");
}

static void
print_text (JsonObject *root)
{
  JsonArray *revisions = json_object_get_array_member (root, "revisions");
  JsonArray *pages = json_object_get_array_member (root, "pages");
  JsonArray *fields = json_object_get_array_member (root, "fields");
  JsonArray *sigs = json_object_get_array_member (root, "signatures");

  g_print (_("File: %s\n"), json_object_get_string_member (root, "file"));
  g_print (_("PDF version: %s\n"), json_object_get_string_member (root, "version"));
  g_print (_("Size: %lld bytes\n"), (long long) json_object_get_int_member (root, "size"));
  g_print (_("Cross-reference: %s\n"), xref_kind (json_object_get_string_member (root, "xref")));
  if (json_object_get_boolean_member (root, "encrypted"))
    g_print ("%s\n", _("Encrypted: yes"));

  g_print (_("Revisions: %u\n"), json_array_get_length (revisions));
  for (guint i = 0; i < json_array_get_length (revisions); i++)
    {
      JsonObject *r = json_array_get_object_element (revisions, i);

      g_print (_("  %u: bytes %lld–%lld\n"), i + 1,
               (long long) json_object_get_int_member (r, "start"),
               (long long) json_object_get_int_member (r, "end"));
    }

  g_print (_("Pages: %u\n"), json_array_get_length (pages));
  for (guint i = 0; i < json_array_get_length (pages); i++)
    {
      JsonObject *p = json_array_get_object_element (pages, i);

      g_print (_("  %u: %.1f × %.1f mm, rotated %d°\n"), i + 1,
               json_object_get_double_member (p, "width_mm"),
               json_object_get_double_member (p, "height_mm"),
               (int) json_object_get_int_member (p, "rotate"));
    }

  g_print (_("Form fields: %u\n"), json_array_get_length (fields));
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *f = json_array_get_object_element (fields, i);

      g_print ("  %s (%s)\n", str_or_dash (f, "name"), str_or_dash (f, "type"));
    }

  g_print (_("Signatures: %u\n"), json_array_get_length (sigs));
  for (guint i = 0; i < json_array_get_length (sigs); i++)
    {
      JsonObject *s = json_array_get_object_element (sigs, i);
      JsonArray *br = json_object_has_member (s, "byte_range")
                      ? json_object_get_array_member (s, "byte_range") : NULL;

      g_autofree char *page = json_object_get_null_member (s, "page") ? g_strdup ("-")
                              : g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (s, "page"));
      g_autoptr(GDateTime) when = sd_pdf_date_parse (str_or_dash (s, "time"));
      g_autofree char *time = when ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S %:z")
                                   : g_strdup (str_or_dash (s, "time"));

      g_print (_("  %s: page %s, %s, signed by %s at %s\n"), str_or_dash (s, "field"), page,
               str_or_dash (s, "subfilter"), str_or_dash (s, "name"), time);
      if (br != NULL)
        g_print (_("    byte range [%lld %lld %lld %lld]%s\n"),
                 (long long) json_array_get_int_element (br, 0),
                 (long long) json_array_get_int_element (br, 1),
                 (long long) json_array_get_int_element (br, 2),
                 (long long) json_array_get_int_element (br, 3),
                 json_object_get_boolean_member (s, "covers_whole_file")
                 ? _(", covers the whole file") : "");
    }
}

int
sd_cli_inspect (int    argc,
                char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_set_prgname ("sealdesk-cli inspect");
  context = g_option_context_new (_("FILE.pdf"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Shows the PDF version, revisions, pages, form fields "
                                           "and signatures of FILE.pdf."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return sd_cli_fail_error (SD_CLI_EXIT_USAGE, error);
  if (argc != 2)
    return sd_cli_fail (SD_CLI_EXIT_USAGE, _("Give one PDF file to inspect."));

  if ((doc = sd_pdf_document_new_from_file (argv[1], &error)) == NULL)
    return sd_cli_fail_error (SD_CLI_EXIT_FAILURE, error);
  root = describe (doc);
  if (as_json)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autofree char *text = NULL;

      json_generator_set_pretty (gen, TRUE);
      json_generator_set_root (gen, root);
      text = json_generator_to_data (gen, NULL);
      g_print ("%s\n", text);
    }
  else
    print_text (json_node_get_object (root));
  return SD_CLI_EXIT_OK;
}
