/* sd-pdf-changes.c
 *
 * Change analysis by explanation, not by looking for known attacks: every
 * object whose value differs between the two readings (the cross-reference
 * data decides which bytes a reader uses, so objects redirected to a shadow
 * copy that was present but unused when signing differ too) is matched
 * against the changes a signer may allow: a new signature, a filled-in
 * form field, an annotation.  What no rule explains is "other", which is
 * what a shadow attack, an incremental saving attack or a plain edit of
 * the page content comes out as.  Objects that were referenced but missing
 * when the document was signed count as changed when they appear later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "sd-pdf-changes.h"

/* Decoding bound when comparing recompressed streams. */
#define MAX_COMPARE_SIZE (64 * 1024 * 1024)
#define MAX_FIELD_DEPTH 32
#define MAX_WALK_DEPTH 64

enum
{
  R_CATALOG    = 1 << 0,
  R_INFO       = 1 << 1,
  R_METADATA   = 1 << 2,
  R_ACROFORM   = 1 << 3,
  R_FIELDS     = 1 << 4,
  R_FORM_RES   = 1 << 5,
  R_PAGE       = 1 << 6,
  R_ANNOTS     = 1 << 7,
  R_ANNOT      = 1 << 8,
  R_WIDGET     = 1 << 9,
  R_FIELD      = 1 << 10,
  R_SIG_FIELD  = 1 << 11,
  R_SIGNED     = 1 << 12,
  R_APPEARANCE = 1 << 13,
  R_VALUE      = 1 << 14,  /* a non-signature field's /V */
  R_SIG_VALUE  = 1 << 15,  /* a signature dictionary */
  R_DSS        = 1 << 16,
  R_ON_PAGE    = 1 << 17,  /* a field with a widget in some page's /Annots */
};

typedef struct
{
  guint    roles;
  int      page;       /* pages, /Annots arrays, annotations: the page index */
  guint32  owner;      /* appearances: the annotation; values: the field */
  guint32  field;      /* widgets: their field */
  char    *name;       /* fields and widgets: the field's full name */
  char    *subtype;    /* annotations */
} Role;

typedef struct
{
  SdPdfDocument *doc;
  GHashTable    *roles;    /* num → Role */
  GHashTable    *fields;   /* num of terminal fields → Role of the field (not owned) */
} Layout;

static void
role_free (Role *role)
{
  g_free (role->name);
  g_free (role->subtype);
  g_free (role);
}

static Role *
role_for (Layout  *layout,
          guint32  num)
{
  Role *role = g_hash_table_lookup (layout->roles, GUINT_TO_POINTER (num));

  if (role == NULL)
    {
      role = g_new0 (Role, 1);
      role->page = -1;
      g_hash_table_insert (layout->roles, GUINT_TO_POINTER (num), role);
    }
  return role;
}

static Role *
role_get (Layout  *layout,
          guint32  num)
{
  return g_hash_table_lookup (layout->roles, GUINT_TO_POINTER (num));
}

static void
mark (Layout   *layout,
      SdPdfObj *value,
      guint     roles,
      guint32   owner)
{
  Role *role;

  if (value == NULL || value->type != SD_PDF_REF)
    return;
  role = role_for (layout, value->v.ref.num);
  role->roles |= roles;
  if (owner != 0)
    role->owner = owner;
}

/* Appearance streams, and the state dictionaries between them. */
static void
mark_appearances (Layout   *layout,
                  SdPdfObj *annot,
                  guint32   annot_num)
{
  g_autoptr(SdPdfObj) ap = sd_pdf_document_lookup (layout->doc, annot, "AP");
  static const char *kinds[] = { "N", "R", "D" };

  mark (layout, sd_pdf_dict_get (annot, "AP"), R_APPEARANCE, annot_num);
  for (guint i = 0; ap != NULL && ap->type == SD_PDF_DICT && i < G_N_ELEMENTS (kinds); i++)
    {
      SdPdfObj *entry = sd_pdf_dict_get (ap, kinds[i]);
      g_autoptr(SdPdfObj) states = sd_pdf_document_resolve (layout->doc, entry);

      mark (layout, entry, R_APPEARANCE, annot_num);
      if (states != NULL && states->type == SD_PDF_DICT)
        for (guint k = 0; k < sd_pdf_dict_len (states); k++)
          mark (layout, sd_pdf_dict_entry (states, k)->value, R_APPEARANCE, annot_num);
    }
}

static void
walk_fields (Layout     *layout,
             SdPdfObj   *array,
             const char *prefix,
             const char *inherited_type,
             GHashTable *seen,
             int         depth)
{
  for (guint i = 0; i < sd_pdf_array_len (array) && depth < MAX_FIELD_DEPTH; i++)
    {
      SdPdfObj *item = sd_pdf_array_get (array, i);
      g_autoptr(SdPdfObj) node = NULL;
      g_autoptr(SdPdfObj) kids = NULL;
      g_autoptr(SdPdfObj) value = NULL;
      g_autofree char *partial = NULL;
      g_autofree char *full = NULL;
      const char *type = inherited_type;
      SdPdfObj *ft;
      gboolean has_field_kids = FALSE;
      Role *role;
      guint32 num;

      if (item->type != SD_PDF_REF
          || g_hash_table_contains (seen, GUINT_TO_POINTER (item->v.ref.num)))
        continue;
      num = item->v.ref.num;
      g_hash_table_add (seen, GUINT_TO_POINTER (num));
      node = sd_pdf_document_resolve (layout->doc, item);
      if (node->type != SD_PDF_DICT)
        continue;
      partial = sd_pdf_obj_get_text (sd_pdf_dict_get (node, "T"));
      full = partial == NULL ? g_strdup (prefix)
             : prefix != NULL ? g_strconcat (prefix, ".", partial, NULL) : g_strdup (partial);
      ft = sd_pdf_dict_get (node, "FT");
      if (ft != NULL && ft->type == SD_PDF_NAME)
        type = ft->v.name;

      role = role_for (layout, num);
      role->roles |= R_FIELD;
      g_free (role->name);
      role->name = g_strdup (full ? full : "");

      kids = sd_pdf_document_lookup (layout->doc, node, "Kids");
      for (guint k = 0; k < sd_pdf_array_len (kids); k++)
        {
          g_autoptr(SdPdfObj) kid = sd_pdf_document_resolve (layout->doc,
                                                             sd_pdf_array_get (kids, k));

          if (sd_pdf_dict_get (kid, "T") != NULL)
            has_field_kids = TRUE;
        }
      if (has_field_kids)
        {
          walk_fields (layout, kids, full, type, seen, depth + 1);
          continue;
        }

      /* A terminal field: its value, and its widgets (itself or its kids). */
      if (g_strcmp0 (type, "Sig") == 0)
        role->roles |= R_SIG_FIELD;
      value = sd_pdf_document_lookup (layout->doc, node, "V");
      if (value != NULL && (role->roles & R_SIG_FIELD) && value->type == SD_PDF_DICT)
        {
          role->roles |= R_SIGNED;
          mark (layout, sd_pdf_dict_get (node, "V"), R_SIG_VALUE, num);
        }
      else if (value != NULL)
        mark (layout, sd_pdf_dict_get (node, "V"), R_VALUE, num);
      g_hash_table_insert (layout->fields, GUINT_TO_POINTER (num), role);

      if (kids == NULL)
        {
          role->roles |= R_WIDGET;
          role->field = num;
          mark_appearances (layout, node, num);
        }
      for (guint k = 0; k < sd_pdf_array_len (kids); k++)
        {
          SdPdfObj *kid_ref = sd_pdf_array_get (kids, k);
          g_autoptr(SdPdfObj) kid = sd_pdf_document_resolve (layout->doc, kid_ref);
          Role *widget;

          if (kid_ref->type != SD_PDF_REF || kid->type != SD_PDF_DICT)
            continue;
          widget = role_for (layout, kid_ref->v.ref.num);
          widget->roles |= R_WIDGET | (role->roles & (R_SIG_FIELD | R_SIGNED));
          widget->field = num;
          g_free (widget->name);
          widget->name = g_strdup (role->name);
          mark_appearances (layout, kid, kid_ref->v.ref.num);
        }
    }
}

static void
walk_dss (Layout   *layout,
          SdPdfObj *value,
          int       depth)
{
  g_autoptr(SdPdfObj) obj = NULL;

  if (value == NULL || depth > 4)
    return;
  mark (layout, value, R_DSS, 0);
  obj = sd_pdf_document_resolve (layout->doc, value);
  if (obj->type == SD_PDF_DICT)
    for (guint i = 0; i < sd_pdf_dict_len (obj); i++)
      walk_dss (layout, sd_pdf_dict_entry (obj, i)->value, depth + 1);
  else if (obj->type == SD_PDF_ARRAY)
    for (guint i = 0; i < sd_pdf_array_len (obj); i++)
      walk_dss (layout, sd_pdf_array_get (obj, i), depth + 1);
}

static Layout *
layout_new (SdPdfDocument *doc)
{
  Layout *layout = g_new0 (Layout, 1);
  SdPdfObj *trailer = sd_pdf_document_get_trailer (doc);
  g_autoptr(SdPdfObj) catalog = sd_pdf_document_get_catalog (doc, NULL);
  g_autoptr(SdPdfObj) acroform = NULL;
  g_autoptr(SdPdfObj) fields = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint n_pages = sd_pdf_document_get_n_pages (doc);

  layout->doc = doc;
  layout->roles = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) role_free);
  layout->fields = g_hash_table_new (NULL, NULL);

  mark (layout, sd_pdf_dict_get (trailer, "Root"), R_CATALOG, 0);
  mark (layout, sd_pdf_dict_get (trailer, "Info"), R_INFO, 0);
  mark (layout, sd_pdf_dict_get (catalog, "Metadata"), R_METADATA, 0);
  walk_dss (layout, sd_pdf_dict_get (catalog, "DSS"), 0);

  acroform = sd_pdf_document_lookup (doc, catalog, "AcroForm");
  mark (layout, sd_pdf_dict_get (catalog, "AcroForm"), R_ACROFORM, 0);
  mark (layout, sd_pdf_dict_get (acroform, "Fields"), R_FIELDS, 0);
  mark (layout, sd_pdf_dict_get (acroform, "DR"), R_FORM_RES, 0);
  fields = sd_pdf_document_lookup (doc, acroform, "Fields");
  walk_fields (layout, fields, NULL, NULL, seen, 0);

  for (guint i = 0; i < n_pages; i++)
    {
      const SdPdfPageInfo *info = sd_pdf_document_get_page (doc, i, NULL);
      g_autoptr(SdPdfObj) page = info ? sd_pdf_document_get_object (doc, info->num, NULL) : NULL;
      g_autoptr(SdPdfObj) annots = NULL;
      SdPdfObj *annots_ref;
      Role *role;

      if (page == NULL)
        continue;
      role = role_for (layout, info->num);
      role->roles |= R_PAGE;
      role->page = i;
      annots_ref = sd_pdf_dict_get (page, "Annots");
      mark (layout, annots_ref, R_ANNOTS, 0);
      if (annots_ref != NULL && annots_ref->type == SD_PDF_REF)
        role_for (layout, annots_ref->v.ref.num)->page = i;
      annots = sd_pdf_document_lookup (doc, page, "Annots");
      for (guint k = 0; k < sd_pdf_array_len (annots); k++)
        {
          SdPdfObj *ref = sd_pdf_array_get (annots, k);
          g_autoptr(SdPdfObj) annot = sd_pdf_document_resolve (doc, ref);
          SdPdfObj *subtype = sd_pdf_dict_get (annot, "Subtype");
          Role *a;

          if (ref->type != SD_PDF_REF || annot->type != SD_PDF_DICT)
            continue;
          a = role_for (layout, ref->v.ref.num);
          a->roles |= R_ANNOT;
          a->page = i;
          g_free (a->subtype);
          a->subtype = g_strdup (subtype && subtype->type == SD_PDF_NAME ? subtype->v.name : "?");
          if (sd_pdf_obj_is_name (subtype, "Widget"))
            {
              Role *field = a->field ? role_get (layout, a->field) : a;

              a->roles |= R_WIDGET;
              if (field != NULL)
                field->roles |= R_ON_PAGE;
            }
          mark_appearances (layout, annot, ref->v.ref.num);
        }
    }
  return layout;
}

static void
layout_free (Layout *layout)
{
  g_hash_table_unref (layout->roles);
  g_hash_table_unref (layout->fields);
  g_free (layout);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Layout, layout_free)

/* Equality of values as a reader sees them: dictionaries by content
 * whatever their key order, streams by dictionary and decoded data. */
static gboolean
obj_equal (SdPdfDocument *da,
           SdPdfObj      *a,
           SdPdfDocument *db,
           SdPdfObj      *b,
           int            depth)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || depth > MAX_WALK_DEPTH)
    return FALSE;
  /* Writers round reals (ours keeps four decimals): a ten-thousandth of a
   * point is invisible, and 595 is 595.0. */
  if ((a->type == SD_PDF_INT || a->type == SD_PDF_REAL)
      && (b->type == SD_PDF_INT || b->type == SD_PDF_REAL)
      && (a->type == SD_PDF_REAL || b->type == SD_PDF_REAL))
    {
      double x = 0, y = 0;

      sd_pdf_obj_get_number (a, &x);
      sd_pdf_obj_get_number (b, &y);
      return fabs (x - y) <= 1e-4;
    }
  if (a->type != b->type)
    return FALSE;
  switch (a->type)
    {
    case SD_PDF_NULL:
      return TRUE;
    case SD_PDF_BOOL:
      return a->v.boolean == b->v.boolean;
    case SD_PDF_INT:
      return a->v.integer == b->v.integer;
    case SD_PDF_REAL:
      return a->v.real == b->v.real;
    case SD_PDF_STRING:
    case SD_PDF_RAW:
      return a->v.string.len == b->v.string.len
             && memcmp (a->v.string.data, b->v.string.data, a->v.string.len) == 0;
    case SD_PDF_NAME:
      return strcmp (a->v.name, b->v.name) == 0;
    case SD_PDF_REF:
      return a->v.ref.num == b->v.ref.num && a->v.ref.gen == b->v.ref.gen;
    case SD_PDF_ARRAY:
      if (sd_pdf_array_len (a) != sd_pdf_array_len (b))
        return FALSE;
      for (guint i = 0; i < sd_pdf_array_len (a); i++)
        if (!obj_equal (da, sd_pdf_array_get (a, i), db, sd_pdf_array_get (b, i), depth + 1))
          return FALSE;
      return TRUE;
    case SD_PDF_DICT:
      if (sd_pdf_dict_len (a) != sd_pdf_dict_len (b))
        return FALSE;
      for (guint i = 0; i < sd_pdf_dict_len (a); i++)
        {
          const SdPdfDictEntry *e = sd_pdf_dict_entry (a, i);
          SdPdfObj *other = sd_pdf_dict_get (b, e->key);

          /* dict_get hides null values; a key set to null equals an absent one. */
          if (other == NULL && e->value->type != SD_PDF_NULL)
            return FALSE;
          if (other != NULL && !obj_equal (da, e->value, db, other, depth + 1))
            return FALSE;
        }
      return TRUE;
    case SD_PDF_STREAM:
      {
        GBytes *ra = a->v.stream.data, *rb = b->v.stream.data;
        g_autoptr(GBytes) xa = NULL;
        g_autoptr(GBytes) xb = NULL;

        if (!obj_equal (da, a->v.stream.dict, db, b->v.stream.dict, depth + 1))
          return FALSE;
        if (ra == NULL || rb == NULL)
          return ra == rb;
        if (g_bytes_equal (ra, rb))
          return TRUE;
        xa = sd_pdf_document_get_stream_data (da, a, NULL);
        xb = sd_pdf_document_get_stream_data (db, b, NULL);
        return xa != NULL && xb != NULL && g_bytes_get_size (xa) <= MAX_COMPARE_SIZE
               && g_bytes_equal (xa, xb);
      }
    default:
      return FALSE;
    }
}

static void
collect_refs (SdPdfObj   *obj,
              GHashTable *refs,
              int         depth)
{
  if (obj == NULL || depth > MAX_WALK_DEPTH)
    return;
  switch (obj->type)
    {
    case SD_PDF_REF:
      g_hash_table_add (refs, GUINT_TO_POINTER (obj->v.ref.num));
      break;
    case SD_PDF_ARRAY:
      for (guint i = 0; i < sd_pdf_array_len (obj); i++)
        collect_refs (sd_pdf_array_get (obj, i), refs, depth + 1);
      break;
    case SD_PDF_DICT:
      for (guint i = 0; i < sd_pdf_dict_len (obj); i++)
        collect_refs (sd_pdf_dict_entry (obj, i)->value, refs, depth + 1);
      break;
    case SD_PDF_STREAM:
      collect_refs (obj->v.stream.dict, refs, depth + 1);
      break;
    case SD_PDF_NULL:
    case SD_PDF_BOOL:
    case SD_PDF_INT:
    case SD_PDF_REAL:
    case SD_PDF_STRING:
    case SD_PDF_NAME:
    case SD_PDF_RAW:
    default:
      break;
    }
}

static gboolean
is_structural (SdPdfObj *obj)
{
  SdPdfObj *type = sd_pdf_dict_get (obj, "Type");

  return obj == NULL
         || (obj->type == SD_PDF_STREAM
             && (sd_pdf_obj_is_name (type, "XRef") || sd_pdf_obj_is_name (type, "ObjStm")));
}

/* The object as the document uses it: NULL when free, missing or unreadable. */
static SdPdfObj *
get (SdPdfDocument *doc,
     guint32        num)
{
  const SdXrefEntry *e = sd_pdf_xref_lookup (sd_pdf_document_get_xref (doc), num);
  SdPdfObj *obj;

  if (e == NULL || (e->type != SD_XREF_IN_USE && e->type != SD_XREF_COMPRESSED))
    return NULL;
  obj = sd_pdf_document_get_object (doc, num, NULL);
  if (obj != NULL && obj->type == SD_PDF_NULL)
    g_clear_pointer (&obj, sd_pdf_obj_unref);
  return obj;
}

SdPdfChanges *
sd_pdf_changes_new (void)
{
  SdPdfChanges *self = g_new0 (SdPdfChanges, 1);

  self->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_free);
  return self;
}

void
sd_pdf_changes_free (SdPdfChanges *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->changes->len; i++)
    g_free (((SdChange *) self->changes->pdata[i])->text);
  g_ptr_array_unref (self->changes);
  g_free (self);
}

void
sd_pdf_changes_add (SdPdfChanges  *self,
                    SdChangeFlags  kind,
                    const char    *text)
{
  SdChange *change = g_new0 (SdChange, 1);

  change->kind = kind;
  change->text = g_strdup (text);
  self->flags |= kind;
  g_ptr_array_add (self->changes, change);
}

static void
add (SdPdfChanges  *self,
     SdChangeFlags  kind,
     const char    *format,
     ...) G_GNUC_PRINTF (3, 4);

static void
add (SdPdfChanges  *self,
     SdChangeFlags  kind,
     const char    *format,
     ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  sd_pdf_changes_add (self, kind, text);
}

const char *
sd_change_kind_to_string (SdChangeFlags kind)
{
  if (kind & SD_CHANGE_OTHER)
    return "other";
  if (kind & SD_CHANGE_ANNOTATIONS)
    return "annotations";
  if (kind & SD_CHANGE_FORM_FILL)
    return "form-fill";
  if (kind & SD_CHANGE_SIGNATURES)
    return "signatures";
  return "none";
}

typedef struct
{
  SdPdfDocument *before_doc;
  SdPdfDocument *after_doc;
  Layout        *before;
  Layout        *after;
  SdPdfChanges  *changes;
} Compare;

/* The keys whose values differ, as "/A, /B". */
static char *
differing_keys (Compare  *c,
                SdPdfObj *a,
                SdPdfObj *b,
                const char * const *allowed,
                gboolean *only_allowed)
{
  g_autoptr(GString) keys = g_string_new (NULL);
  SdPdfObj *dicts[2] = { sd_pdf_obj_get_dict (a), sd_pdf_obj_get_dict (b) };

  *only_allowed = TRUE;
  for (int side = 0; side < 2; side++)
    for (guint i = 0; i < sd_pdf_dict_len (dicts[side]); i++)
      {
        const char *key = sd_pdf_dict_entry (dicts[side], i)->key;
        SdPdfObj *va = sd_pdf_dict_get (dicts[0], key);
        SdPdfObj *vb = sd_pdf_dict_get (dicts[1], key);

        if ((side == 1 && va != NULL) || obj_equal (c->before_doc, va, c->after_doc, vb, 0))
          continue;
        if (allowed == NULL || !g_strv_contains (allowed, key))
          *only_allowed = FALSE;
        if (keys->len > 0)
          g_string_append (keys, ", ");
        g_string_append_printf (keys, "/%s", key);
      }
  return g_string_free (g_steal_pointer (&keys), FALSE);
}

static const char *
field_label (Role *role)
{
  return role != NULL && role->name != NULL && *role->name != '\0' ? role->name : "?";
}

/* A field or widget that is new in the later reading. */
static void
classify_new_field (Compare  *c,
                    guint32   num,
                    int       page)
{
  Role *role = role_get (c->after, num);
  Role *field = role && role->field ? role_get (c->after, role->field) : role;
  g_autofree char *where = page >= 0 ? g_strdup_printf (_(" on page %d"), page + 1) : g_strdup ("");

  if (field != NULL && (field->roles & R_SIG_FIELD) && (field->roles & R_SIGNED))
    add (c->changes, SD_CHANGE_SIGNATURES, _("Signature field “%s” added and signed%s."),
         field_label (field), where);
  /* An empty signature field can show anything: that is an annotation. */
  else if (field != NULL && (field->roles & R_SIG_FIELD))
    add (c->changes, SD_CHANGE_ANNOTATIONS, _("Empty signature field “%s” added%s."),
         field_label (field), where);
  else
    add (c->changes, SD_CHANGE_OTHER, _("Form field “%s” added%s."), field_label (field),
         where);
}

static void
classify_new_annotation (Compare  *c,
                         SdPdfObj *item,
                         int       page)
{
  g_autoptr(SdPdfObj) annot = sd_pdf_document_resolve (c->after_doc, item);
  SdPdfObj *subtype = sd_pdf_dict_get (annot, "Subtype");

  if (sd_pdf_obj_is_name (subtype, "Widget") && item->type == SD_PDF_REF)
    classify_new_field (c, item->v.ref.num, page);
  else
    add (c->changes, SD_CHANGE_ANNOTATIONS, _("Annotation (%s) added on page %d."),
         subtype && subtype->type == SD_PDF_NAME ? subtype->v.name : "?", page + 1);
}

static gboolean
array_contains (Compare  *c,
                SdPdfObj *array,
                SdPdfDocument *doc,
                SdPdfObj *item)
{
  for (guint i = 0; i < sd_pdf_array_len (array); i++)
    if (obj_equal (doc, sd_pdf_array_get (array, i), doc, item, 0))
      return TRUE;
  return FALSE;
}

/* Items of a page's /Annots or the form's /Fields, before and after. */
static void
compare_lists (Compare  *c,
               SdPdfObj *before,
               SdPdfObj *after,
               gboolean  is_annots,
               int       page)
{
  for (guint i = 0; i < sd_pdf_array_len (before); i++)
    {
      SdPdfObj *item = sd_pdf_array_get (before, i);
      Role *role = item->type == SD_PDF_REF ? role_get (c->before, item->v.ref.num) : NULL;

      if (array_contains (c, after, c->after_doc, item))
        continue;
      if (!is_annots || (role != NULL && (role->roles & R_WIDGET)))
        add (c->changes, SD_CHANGE_OTHER, _("Form field “%s” removed."), field_label (role));
      else
        add (c->changes, SD_CHANGE_ANNOTATIONS, _("Annotation (%s) removed from page %d."),
             role && role->subtype ? role->subtype : "?", page + 1);
    }
  for (guint i = 0; i < sd_pdf_array_len (after); i++)
    {
      SdPdfObj *item = sd_pdf_array_get (after, i);

      if (array_contains (c, before, c->before_doc, item))
        continue;
      if (is_annots)
        classify_new_annotation (c, item, page);
      else if (item->type == SD_PDF_REF)
        {
          Role *role = role_get (c->after, item->v.ref.num);

          /* A field with a widget on a page is told with that page. */
          if (role == NULL || !(role->roles & R_ON_PAGE))
            classify_new_field (c, item->v.ref.num, -1);
        }
      else
        add (c->changes, SD_CHANGE_OTHER, _("A form field was added."));
    }
}

static void
compare_catalog (Compare  *c,
                 SdPdfObj *before,
                 SdPdfObj *after)
{
  static const char * const allowed[] = { "AcroForm", "DSS", "Metadata", "Extensions", "Version",
                                          NULL };
  gboolean only_allowed;
  g_autofree char *keys = differing_keys (c, before, after, allowed, &only_allowed);

  if (!only_allowed)
    add (c->changes, SD_CHANGE_OTHER, _("The document catalog changed (%s)."), keys);
  if (!obj_equal (c->before_doc, sd_pdf_dict_get (before, "DSS"), c->after_doc,
                  sd_pdf_dict_get (after, "DSS"), 0))
    add (c->changes, SD_CHANGE_SIGNATURES, _("Validation data (certificates, revocation) added."));
}

static void
compare_acroform (Compare  *c,
                  SdPdfObj *before,
                  SdPdfObj *after)
{
  static const char * const allowed[] = { "Fields", "SigFlags", "DR", "DA", "NeedAppearances",
                                          NULL };
  gboolean only_allowed;
  g_autofree char *keys = differing_keys (c, before, after, allowed, &only_allowed);
  g_autoptr(SdPdfObj) fields_before = sd_pdf_document_lookup (c->before_doc, before, "Fields");
  g_autoptr(SdPdfObj) fields_after = sd_pdf_document_lookup (c->after_doc, after, "Fields");

  if (!only_allowed)
    add (c->changes, SD_CHANGE_OTHER, _("The form’s settings changed (%s)."), keys);
  /* The same indirect /Fields array is compared as its own object. */
  if (!obj_equal (c->before_doc, sd_pdf_dict_get (before, "Fields"), c->after_doc,
                  sd_pdf_dict_get (after, "Fields"), 0))
    compare_lists (c, fields_before, fields_after, FALSE, -1);
  if (!obj_equal (c->before_doc, sd_pdf_dict_get (before, "DR"), c->after_doc,
                  sd_pdf_dict_get (after, "DR"), 0)
      || !obj_equal (c->before_doc, sd_pdf_dict_get (before, "DA"), c->after_doc,
                     sd_pdf_dict_get (after, "DA"), 0))
    add (c->changes, SD_CHANGE_FORM_FILL, _("The form’s default appearance changed."));
}

static void
compare_page (Compare  *c,
              Role     *role,
              SdPdfObj *before,
              SdPdfObj *after)
{
  static const char * const allowed[] = { "Annots", NULL };
  gboolean only_allowed;
  g_autofree char *keys = differing_keys (c, before, after, allowed, &only_allowed);
  SdPdfObj *ab = sd_pdf_dict_get (before, "Annots");
  SdPdfObj *aa = sd_pdf_dict_get (after, "Annots");

  if (!only_allowed)
    add (c->changes, SD_CHANGE_OTHER, _("Page %d changed (%s): what the page shows may differ."),
         role->page + 1, keys);
  /* The same indirect array is compared as its own object. */
  if (!obj_equal (c->before_doc, ab, c->after_doc, aa, 0))
    {
      g_autoptr(SdPdfObj) list_before = sd_pdf_document_resolve (c->before_doc, ab);
      g_autoptr(SdPdfObj) list_after = sd_pdf_document_resolve (c->after_doc, aa);

      compare_lists (c, list_before, list_after, TRUE, role->page);
    }
}

static void
compare_field (Compare  *c,
               guint32   num,
               Role     *role,
               SdPdfObj *before,
               SdPdfObj *after)
{
  static const char * const fill[] = { "V", "AS", "AP", "MK", NULL };
  static const char * const sign[] = { "V", "AP", "AS", NULL };
  Role *now = role_get (c->after, num);
  gboolean only_allowed;
  g_autofree char *keys = NULL;

  if (role->roles & R_SIG_FIELD)
    {
      keys = differing_keys (c, before, after, sign, &only_allowed);
      if (!(role->roles & R_SIGNED) && now != NULL && (now->roles & R_SIGNED) && only_allowed)
        add (c->changes, SD_CHANGE_SIGNATURES, _("Signature field “%s” signed."),
             field_label (role));
      else if (role->roles & R_SIGNED)
        add (c->changes, SD_CHANGE_OTHER,
             _("Signature field “%s” changed after it was signed (%s)."), field_label (role),
             keys);
      else
        add (c->changes, SD_CHANGE_OTHER, _("Signature field “%s” changed (%s)."),
             field_label (role), keys);
      return;
    }
  keys = differing_keys (c, before, after, fill, &only_allowed);
  if (only_allowed)
    add (c->changes, SD_CHANGE_FORM_FILL, _("Form field “%s” filled in."), field_label (role));
  else
    add (c->changes, SD_CHANGE_OTHER, _("Form field “%s” changed (%s)."), field_label (role),
         keys);
}

static void
compare_appearance (Compare *c,
                    Role    *role)
{
  Role *annot = role_get (c->before, role->owner);
  Role *field = annot && annot->field ? role_get (c->before, annot->field) : annot;
  Role *now = field ? role_get (c->after, annot->field ? annot->field : role->owner) : NULL;

  if (annot == NULL || !(annot->roles & R_WIDGET))
    add (c->changes, SD_CHANGE_ANNOTATIONS, _("The appearance of an annotation (%s) changed."),
         annot && annot->subtype ? annot->subtype : "?");
  else if (field != NULL && (field->roles & R_SIG_FIELD))
    {
      if (!(field->roles & R_SIGNED) && now != NULL && (now->roles & R_SIGNED))
        add (c->changes, SD_CHANGE_SIGNATURES, _("Signature field “%s” signed."),
             field_label (field));
      else
        add (c->changes, SD_CHANGE_OTHER, _("The appearance of signature field “%s” changed."),
             field_label (field));
    }
  else
    add (c->changes, SD_CHANGE_FORM_FILL, _("The appearance of form field “%s” changed."),
         field_label (field));
}

static const char *
describe_object (SdPdfObj *obj)
{
  SdPdfObj *type = sd_pdf_dict_get (obj, "Type");
  SdPdfObj *subtype = sd_pdf_dict_get (obj, "Subtype");

  if (sd_pdf_obj_is_name (type, "Page") || sd_pdf_obj_is_name (type, "Pages"))
    return _("the page tree");
  if (sd_pdf_obj_is_name (subtype, "Image"))
    return _("an image");
  if (sd_pdf_obj_is_name (subtype, "Form"))
    return _("a form XObject");
  if (sd_pdf_obj_is_name (type, "Font") || sd_pdf_obj_is_name (type, "FontDescriptor"))
    return _("a font");
  if (obj != NULL && obj->type == SD_PDF_STREAM)
    return _("a content stream or other stream");
  return _("an object");
}

static void
compare_object (Compare  *c,
                guint32   num,
                SdPdfObj *before,
                SdPdfObj *after)
{
  Role *role = role_get (c->before, num);
  guint roles = role ? role->roles : 0;

  if (after == NULL)
    {
      if ((roles & R_ANNOT) && !(roles & R_WIDGET))
        add (c->changes, SD_CHANGE_ANNOTATIONS, _("Annotation (%s) deleted from page %d."),
             role->subtype, role->page + 1);
      else
        add (c->changes, SD_CHANGE_OTHER, _("Object %u of the signed document was deleted (%s)."),
             num, describe_object (before));
      return;
    }
  if (roles & R_CATALOG)
    compare_catalog (c, before, after);
  else if (roles & (R_INFO | R_METADATA))
    add (c->changes, SD_CHANGE_NONE,
         _("The document information (title, dates, producer) was updated."));
  else if (roles & R_ACROFORM)
    compare_acroform (c, before, after);
  else if (roles & R_FIELDS)
    {
      compare_lists (c, before, after, FALSE, -1);
      if (before->type != SD_PDF_ARRAY || after->type != SD_PDF_ARRAY)
        add (c->changes, SD_CHANGE_OTHER, _("The form’s field list was replaced."));
    }
  else if (roles & R_PAGE)
    compare_page (c, role, before, after);
  else if (roles & R_ANNOTS)
    {
      compare_lists (c, before, after, TRUE, role->page);
      if (before->type != SD_PDF_ARRAY || after->type != SD_PDF_ARRAY)
        add (c->changes, SD_CHANGE_OTHER, _("The annotation list of page %d was replaced."),
             role->page + 1);
    }
  else if (roles & (R_FIELD | R_WIDGET))
    {
      if ((roles & R_WIDGET) && !(roles & R_FIELD) && !(roles & R_SIG_FIELD))
        {
          static const char * const fill[] = { "AS", "AP", "MK", NULL };
          gboolean only_allowed;
          g_autofree char *keys = differing_keys (c, before, after, fill, &only_allowed);

          add (c->changes, only_allowed ? SD_CHANGE_FORM_FILL : SD_CHANGE_OTHER,
               only_allowed ? _("Form field “%s” filled in.")
               : _("A widget of form field “%s” changed."),
               field_label (role));
        }
      else
        compare_field (c, num, role, before, after);
    }
  else if (roles & R_ANNOT)
    add (c->changes, SD_CHANGE_ANNOTATIONS, _("Annotation (%s) changed on page %d."),
         role->subtype, role->page + 1);
  else if (roles & R_APPEARANCE)
    compare_appearance (c, role);
  else if (roles & R_VALUE)
    add (c->changes, SD_CHANGE_FORM_FILL, _("Form field “%s” filled in."),
         field_label (role_get (c->before, role->owner)));
  else if (roles & R_SIG_VALUE)
    add (c->changes, SD_CHANGE_OTHER, _("The signature dictionary of “%s” was overwritten."),
         field_label (role_get (c->before, role->owner)));
  else if (roles & R_DSS)
    add (c->changes, SD_CHANGE_SIGNATURES,
         _("Validation data (certificates, revocation) updated."));
  else if (roles & R_FORM_RES)
    add (c->changes, SD_CHANGE_FORM_FILL, _("The form’s default appearance changed."));
  else
    add (c->changes, SD_CHANGE_OTHER, _("Object %u of the signed document (%s) was overwritten."),
         num, describe_object (before));
}

static void
compare_trailers (Compare *c)
{
  SdPdfObj *tb = sd_pdf_document_get_trailer (c->before_doc);
  SdPdfObj *ta = sd_pdf_document_get_trailer (c->after_doc);

  if (!obj_equal (c->before_doc, sd_pdf_dict_get (tb, "Root"), c->after_doc,
                  sd_pdf_dict_get (ta, "Root"), 0))
    add (c->changes, SD_CHANGE_OTHER, _("The document catalog was replaced by another one."));
  if (!obj_equal (c->before_doc, sd_pdf_dict_get (tb, "Encrypt"), c->after_doc,
                  sd_pdf_dict_get (ta, "Encrypt"), 0))
    add (c->changes, SD_CHANGE_OTHER, _("The document’s encryption changed."));
  if (!obj_equal (c->before_doc, sd_pdf_dict_get (tb, "Info"), c->after_doc,
                  sd_pdf_dict_get (ta, "Info"), 0))
    add (c->changes, SD_CHANGE_NONE,
         _("The document information (title, dates, producer) was updated."));
}

SdPdfChanges *
sd_pdf_changes_compare (SdPdfDocument *before,
                        SdPdfDocument *after)
{
  g_autoptr(Layout) lb = layout_new (before);
  g_autoptr(Layout) la = layout_new (after);
  g_autoptr(GHashTable) referenced = g_hash_table_new (NULL, NULL);
  guint32 n = MAX (sd_pdf_xref_get_size (sd_pdf_document_get_xref (before)),
                   sd_pdf_xref_get_size (sd_pdf_document_get_xref (after)));
  Compare c = { before, after, lb, la, sd_pdf_changes_new () };

  /* Every reference the signed document makes, resolved or not. */
  collect_refs (sd_pdf_document_get_trailer (before), referenced, 0);
  for (guint32 num = 1; num < sd_pdf_xref_get_size (sd_pdf_document_get_xref (before)); num++)
    {
      g_autoptr(SdPdfObj) obj = get (before, num);

      collect_refs (obj, referenced, 0);
    }

  compare_trailers (&c);
  for (guint32 num = 1; num < n; num++)
    {
      g_autoptr(SdPdfObj) ob = get (before, num);
      g_autoptr(SdPdfObj) oa = get (after, num);

      if (obj_equal (before, ob, after, oa, 0))
        continue;
      if (ob == NULL)
        {
          if (g_hash_table_contains (referenced, GUINT_TO_POINTER (num)))
            add (c.changes, SD_CHANGE_OTHER,
                 _("Object %u, referenced but missing when the document was signed, was added "
                   "later (%s)."), num, describe_object (oa));
          continue;
        }
      if (is_structural (ob) && is_structural (oa))
        continue;
      compare_object (&c, num, ob, oa);
    }
  return c.changes;
}
