/* sd-pdf-unseal.c
 *
 * An incremental update only appends, so the document before a signature
 * is exactly the bytes up to the revision that added it: removing a seal
 * is truncating the file there, never rewriting it, and what remains is
 * the earlier file byte for byte, its own signatures intact.  What would go
 * with it is named first: a later revision may hold someone else's work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "sd-atomic-file.h"
#include "sd-error.h"
#include "sd-pdf-fields.h"
#include "sd-pdf-object.h"
#include "sd-pdf-revisions.h"
#include "sd-pdf-unseal.h"

static void
unseal_revision_free (SdUnsealRevision *r)
{
  g_free (r->field);
  g_free (r->signer);
  g_clear_pointer (&r->time, g_date_time_unref);
  g_free (r->summary);
  g_free (r);
}

void
sd_unseal_plan_free (SdUnsealPlan *plan)
{
  if (plan == NULL)
    return;
  g_ptr_array_unref (plan->removed);
  g_free (plan);
}

static int
compare_by_end_desc (gconstpointer a,
                     gconstpointer b)
{
  const SdPdfFieldInfo *fa = *(SdPdfFieldInfo * const *) a;
  const SdPdfFieldInfo *fb = *(SdPdfFieldInfo * const *) b;
  gint64 ea = fa->byte_range[2] + fa->byte_range[3];
  gint64 eb = fb->byte_range[2] + fb->byte_range[3];

  return (ea < eb) - (ea > eb);
}

static char *
describe (SdUnsealRevision *r,
          guint             number,
          SdPdfChanges     *changes)
{
  g_autofree char *what = NULL;

  if (r->field != NULL && !r->ours)
    what = g_strdup_printf (_("the signature “%s” by %s, made with another program"), r->field,
                            r->signer ? r->signer : "?");
  else if (r->field != NULL && (r->changes & ~SD_CHANGE_SIGNATURES) == 0)
    what = g_strdup_printf (_("the seal “%s” by %s"), r->field, r->signer ? r->signer : "?");
  else
    {
      g_autoptr(GString) s = g_string_new (NULL);

      if (r->field != NULL)
        g_string_append_printf (s, _("the seal “%s” by %s, with other changes: "), r->field,
                                r->signer ? r->signer : "?");
      for (guint i = 0; changes != NULL && i < changes->changes->len; i++)
        {
          SdChange *c = changes->changes->pdata[i];

          if (c->kind == SD_CHANGE_SIGNATURES)
            continue;
          if (s->len > 0 && !g_str_has_suffix (s->str, ": "))
            g_string_append (s, " ");
          g_string_append (s, c->text);
        }
      if (s->len == 0)
        g_string_append (s, _("changes that are not a seal"));
      what = g_string_free (g_steal_pointer (&s), FALSE);
    }
  return g_strdup_printf (_("revision %u (bytes %llu–%llu): %s"), number,
                          (unsigned long long) r->start, (unsigned long long) r->end, what);
}

SdUnsealPlan *
sd_pdf_unseal_plan_new (SdPdfDocument  *doc,
                        guint           steps,
                        GError        **error)
{
  g_autoptr(SdPdfRevisions) revisions = sd_pdf_revisions_new (doc);
  g_autoptr(GPtrArray) fields = sd_pdf_document_list_fields (doc);
  g_autoptr(GPtrArray) signed_fields = g_ptr_array_new ();
  g_autoptr(SdUnsealPlan) plan = g_new0 (SdUnsealPlan, 1);
  SdPdfFieldInfo *oldest;
  gsize len;
  int first;

  sd_pdf_document_get_data (doc, &len);
  plan->removed = g_ptr_array_new_with_free_func ((GDestroyNotify) unseal_revision_free);
  for (guint i = 0; i < fields->len; i++)
    {
      SdPdfFieldInfo *f = fields->pdata[i];

      if (f->is_signed && f->has_byte_range)
        g_ptr_array_add (signed_fields, f);
    }
  g_ptr_array_sort (signed_fields, compare_by_end_desc);
  if (signed_fields->len == 0)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("The document is not signed: there is no seal to remove."));
      return NULL;
    }
  if (steps == 0 || steps > signed_fields->len)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("The document has %u signatures: at most %u can be removed."),
                   signed_fields->len, signed_fields->len);
      return NULL;
    }
  oldest = signed_fields->pdata[steps - 1];
  first = sd_pdf_revisions_find_end (revisions, oldest->byte_range[2] + oldest->byte_range[3]);
  if (first < 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_DAMAGED,
                   _("The signature “%s” does not end where a revision of the document ends, so "
                     "the document before it cannot be restored."), oldest->name);
      return NULL;
    }
  if (first == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                   _("The signature “%s” was made together with the document itself: there is "
                     "no earlier version to go back to."), oldest->name);
      return NULL;
    }

  plan->keep = ((SdPdfRevision *) revisions->revisions->pdata[first])->start;
  plan->safe = TRUE;
  for (guint k = first; k < revisions->revisions->len; k++)
    {
      SdPdfRevision *rev = revisions->revisions->pdata[k];
      SdPdfRevision *prev = revisions->revisions->pdata[k - 1];
      SdUnsealRevision *r = g_new0 (SdUnsealRevision, 1);
      g_autoptr(SdPdfChanges) changes = sd_pdf_changes_compare (prev->doc, rev->doc);

      r->start = rev->start;
      r->end = rev->end;
      r->changes = changes->flags | (rev->stray->len > 0 ? SD_CHANGE_OTHER : 0);
      for (guint i = 0; i < signed_fields->len; i++)
        {
          SdPdfFieldInfo *f = signed_fields->pdata[i];
          guint64 end = f->byte_range[2] + f->byte_range[3];

          if (end >= rev->eof_end && end <= rev->end)
            {
              r->field = g_strdup (f->name);
              r->signer = g_strdup (f->signer_name);
              r->time = f->signing_time ? sd_pdf_date_parse (f->signing_time) : NULL;
              r->ours = g_strcmp0 (f->producer, "SealDesk") == 0;
            }
        }
      r->summary = describe (r, k + 1, changes);
      if (r->field == NULL || !r->ours || (r->changes & ~SD_CHANGE_SIGNATURES) != 0)
        plan->safe = FALSE;
      g_ptr_array_add (plan->removed, r);
    }
  if (revisions->tail < len)
    {
      SdUnsealRevision *r = g_new0 (SdUnsealRevision, 1);

      r->start = revisions->tail;
      r->end = len;
      r->changes = SD_CHANGE_OTHER;
      r->summary = g_strdup_printf (_("bytes %llu–%llu, which are not a complete revision"),
                                    (unsigned long long) r->start, (unsigned long long) r->end);
      plan->safe = FALSE;
      g_ptr_array_add (plan->removed, r);
    }
  return g_steal_pointer (&plan);
}

gboolean
sd_pdf_unseal_file (const char  *input,
                    const char  *output,
                    guint        steps,
                    gboolean     force,
                    gboolean     overwrite,
                    GError     **error)
{
  g_autoptr(SdPdfDocument) doc = NULL;
  g_autoptr(SdUnsealPlan) plan = NULL;
  g_autoptr(SdAtomicFile) out = NULL;
  struct stat in_st, out_st;
  gboolean ok;
  int fd;

  if (g_strcmp0 (input, output) == 0
      || (stat (input, &in_st) == 0 && stat (output, &out_st) == 0
          && in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino))
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT,
                           _("The output file is the input file: the original is never "
                             "overwritten, choose another output file."));
      return FALSE;
    }
  if ((doc = sd_pdf_document_new_from_file (input, error)) == NULL)
    return FALSE;
  if ((plan = sd_pdf_unseal_plan_new (doc, steps, error)) == NULL)
    return FALSE;
  if (!plan->safe && !force)
    {
      g_autoptr(GString) lost = g_string_new (NULL);

      for (guint i = 0; i < plan->removed->len; i++)
        {
          SdUnsealRevision *r = plan->removed->pdata[i];

          if (r->field != NULL && r->ours && (r->changes & ~SD_CHANGE_SIGNATURES) == 0)
            continue;
          if (lost->len > 0)
            g_string_append (lost, "; ");
          g_string_append (lost, r->summary);
        }
      g_set_error (error, SD_ERROR, SD_ERROR_PDF_LOCKED,
                   _("Removing the seal would also remove what is not a SealDesk seal: %s. "
                     "Nothing was written; force the removal to lose it anyway."), lost->str);
      return FALSE;
    }

  fd = open (input, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fstat (fd, &in_st) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (input);

      if (fd >= 0)
        close (fd);
      g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Cannot read “%s”: %s"), name, g_strerror (saved));
      return FALSE;
    }
  out = sd_atomic_file_new (output, overwrite, in_st.st_mode, error);
  ok = out != NULL && sd_atomic_file_copy_from (out, fd, plan->keep, error)
       && sd_atomic_file_commit (out, error);
  close (fd);
  return ok;
}
