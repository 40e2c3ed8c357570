/* sd-workstation-actions.c: the seal modes (签章方式) and 撤章
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "workstation.mode" chooses what signing does: 单页签章 signs the seal
 * placed by hand, 连续签章 the seal placed by hand at several places (on
 * any pages) as one signature; 多页签章, 骑缝签章 and 关键字签章 open their dialog, which
 * previews the seal on the pages and hands its options to the signing
 * dialog.  "workstation.unseal" (撤章) says what goes before anything is
 * written, then writes the document as it was before its newest seal into
 * a new file, which takes the original's place in its tab.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-error.h"
#include "sd-pdf-unseal.h"

#include "sd-cross-page-dialog.h"
#include "sd-keyword-dialog.h"
#include "sd-page-set-dialog.h"
#include "sd-workstation-private.h"

enum
{
  PROP_0,
  PROP_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const modes[] = { "single", "continuous", "pages", "cross-page", "keyword", NULL };

static void
on_mode_sign (SdWorkstation       *self,
              const SdSignOptions *options,
              GtkWindow           *dialog)
{
  SdDocumentView *view = g_object_get_data (G_OBJECT (dialog), "sd-view");

  if (adw_tab_view_get_page (self->tab_view, GTK_WIDGET (view)) == NULL)
    return;  /* its tab was closed meanwhile */
  _sd_workstation_sign_with (self, view, options);
}

void
_sd_workstation_show_mode_dialog (SdWorkstation *self)
{
  SdDocumentView *view = sd_workstation_get_current (self);
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GListModel *seals = sd_seal_palette_get_seals (self->palette);
  GFile *placed = NULL;
  GtkWindow *dialog;

  if (view == NULL || !sd_document_view_get_loaded (view) || _sd_workstation_places_by_hand (self))
    return;
  if (self->mode_dialog != NULL)
    {
      gtk_window_present (self->mode_dialog);
      return;
    }
  /* the seal placed by hand, when there is one, is the one chosen */
  sd_document_view_get_placement (view, NULL, NULL, NULL, NULL, NULL, &placed);
  if (g_str_equal (self->mode, "pages"))
    dialog = GTK_WINDOW (sd_page_set_dialog_new (parent, view, seals, placed));
  else if (g_str_equal (self->mode, "cross-page"))
    dialog = GTK_WINDOW (sd_cross_page_dialog_new (parent, view, seals, placed));
  else
    dialog = GTK_WINDOW (sd_keyword_dialog_new (parent, view, seals, placed));
  g_object_set_data_full (G_OBJECT (dialog), "sd-view", g_object_ref (view), g_object_unref);
  g_signal_connect_object (dialog, "sign", G_CALLBACK (on_mode_sign), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->mode_dialog, dialog);
  gtk_window_present (dialog);
}

static void
set_mode (SdWorkstation *self,
          const char    *mode)
{
  if (!g_strv_contains (modes, mode) || g_str_equal (self->mode, mode))
    return;
  g_free (self->mode);
  self->mode = g_strdup (mode);
  /* 连续签章 keeps each seal dropped; the others keep the last one */
  for (guint i = 0; i < (guint) adw_tab_view_get_n_pages (self->tab_view); i++)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, i);

      sd_placed_seals_set_multiple (sd_document_view_get_placed (SD_DOCUMENT_VIEW (adw_tab_page_get_child (page))),
                                    g_str_equal (mode, "continuous"));
    }
  /* another mode's dialog has nothing to say about this one */
  if (self->mode_dialog != NULL)
    gtk_window_destroy (self->mode_dialog);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
  _sd_workstation_show_mode_dialog (self);
}

/* 撤章 */

typedef struct
{
  SdDocumentView *view;
  GFile          *input;
  GFile          *output;
  SdUnsealPlan   *plan;
  gboolean        force;
} Unseal;

static void
unseal_free (Unseal *unseal)
{
  g_clear_object (&unseal->view);
  g_clear_object (&unseal->input);
  g_clear_object (&unseal->output);
  g_clear_pointer (&unseal->plan, sd_unseal_plan_free);
  g_free (unseal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Unseal, unseal_free)

static void
refuse (SdWorkstation *self,
        const char    *message)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       _("The Seal Cannot Be Removed"), message));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_unsealed (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SdWorkstation *self = SD_WORKSTATION (source);
  Unseal *unseal = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        refuse (self, error->message);
      return;
    }
  name = g_file_get_basename (unseal->output);
  if (adw_tab_view_get_page (self->tab_view, GTK_WIDGET (unseal->view)) != NULL)
    _sd_workstation_load_into (self, unseal->view, unseal->output);
  message = g_strdup_printf (_("The newest seal was removed; saved as “%s”"), name);
  _sd_workstation_toast (self, message);
}

static void
unseal_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Unseal *unseal = data;
  g_autofree char *input = g_file_get_path (unseal->input);
  g_autofree char *output = g_file_get_path (unseal->output);
  GError *error = NULL;

  if (sd_pdf_unseal_file (input, output, 1, unseal->force, FALSE, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_confirmed (AdwMessageDialog *dialog,
              const char       *response,
              SdWorkstation    *self)
{
  Unseal *unseal = g_object_steal_data (G_OBJECT (dialog), "sd-unseal");
  g_autoptr(GTask) task = NULL;

  if (unseal == NULL)
    return;
  if (!g_str_equal (response, "unseal") && !g_str_equal (response, "force"))
    {
      unseal_free (unseal);
      return;
    }
  /* only what the dialog showed may go: forced only when the user saw it */
  unseal->force = g_str_equal (response, "force");
  task = g_task_new (self, self->cancellable, on_unsealed, NULL);
  g_task_set_source_tag (task, on_confirmed);
  g_task_set_task_data (task, unseal, (GDestroyNotify) unseal_free);
  g_task_run_in_thread (task, unseal_thread);
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    /* TRANSLATORS: in “signed by %s at %s” when the signature has no time */
    return g_strdup (_("an unknown time"));
  local = g_date_time_to_local (time);
  /* TRANSLATORS: the time of a signature, strftime format */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M:%S"));
}

/* The confirmation: which signature goes, by whom, when, and that the
 * document goes back to the revision before it, in a new file */
static void
confirm (SdWorkstation *self,
         Unseal        *unseal)
{
  SdUnsealRevision *seal = g_ptr_array_index (unseal->plan->removed, 0);
  g_autofree char *name = g_file_get_basename (unseal->output);
  g_autofree char *time = format_time (seal->time);
  const char *signer = seal->signer != NULL ? seal->signer : "?";
  const char *field = seal->field != NULL ? seal->field : "?";
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (unseal->plan->safe)
    /* TRANSLATORS: 撤章; the signature field's name, the signer, the time,
     * the new file's name */
    body = g_strdup_printf (_("The newest seal, “%s”, signed by %s at %s, is removed: the "
                              "document goes back to the revision before it, byte for byte, and "
                              "is saved as “%s”. The open file is not changed."),
                            field, signer, time, name);
  else
    {
      g_autoptr(GString) lost = g_string_new (NULL);

      for (guint i = 0; i < unseal->plan->removed->len; i++)
        {
          SdUnsealRevision *r = g_ptr_array_index (unseal->plan->removed, i);

          g_string_append_printf (lost, "\n• %s", r->summary);
        }
      /* TRANSLATORS: 撤章 when more than a SealDesk seal would go; the
       * signature field's name, the signer, the time, a list (one item a
       * line), the new file's name */
      body = g_strdup_printf (_("The newest seal, “%s”, signed by %s at %s, cannot be removed "
                                "alone: going back to the revision before it also removes what "
                                "is not a SealDesk seal:\n%s\n\nThe document before it would be "
                                "saved as “%s”. The open file is not changed."),
                              field, signer, time, lost->str, name);
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       _("Remove the Newest Seal?"), body));
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  if (unseal->plan->safe)
    {
      adw_message_dialog_add_response (dialog, "unseal", _("Re_move the Seal"));
      adw_message_dialog_set_response_appearance (dialog, "unseal", ADW_RESPONSE_DESTRUCTIVE);
    }
  else
    {
      adw_message_dialog_add_response (dialog, "force", _("Remove _All of It"));
      adw_message_dialog_set_response_appearance (dialog, "force", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "sd-unseal", unseal, (GDestroyNotify) unseal_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirmed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_planned (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  SdWorkstation *self = SD_WORKSTATION (source);
  Unseal *unseal = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  SdUnsealPlan *plan = g_task_propagate_pointer (G_TASK (result), &error);
  Unseal *confirmed;

  if (plan == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        refuse (self, error->message);
      return;
    }
  confirmed = g_new0 (Unseal, 1);
  confirmed->view = g_object_ref (unseal->view);
  confirmed->input = g_object_ref (unseal->input);
  confirmed->output = g_object_ref (unseal->output);
  confirmed->plan = plan;
  confirm (self, confirmed);
}

static void
plan_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Unseal *unseal = data;
  g_autofree char *path = g_file_get_path (unseal->input);
  g_autoptr(SdPdfDocument) document = NULL;
  GError *error = NULL;
  SdUnsealPlan *plan;

  document = sd_pdf_document_new_from_file (path, &error);
  plan = document != NULL ? sd_pdf_unseal_plan_new (document, 1, &error) : NULL;
  if (plan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, plan, (GDestroyNotify) sd_unseal_plan_free);
}

static void
unseal_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SdWorkstation *self = SD_WORKSTATION (widget);
  SdDocumentView *view = sd_workstation_get_current (self);
  g_autoptr(GTask) task = NULL;
  Unseal *unseal;

  if (view == NULL || sd_document_view_get_file (view) == NULL)
    return;
  unseal = g_new0 (Unseal, 1);
  unseal->view = g_object_ref (view);
  unseal->input = g_object_ref (sd_document_view_get_file (view));
  unseal->output = sd_workstation_unsealed_file (unseal->input);
  task = g_task_new (self, self->cancellable, on_planned, NULL);
  g_task_set_source_tag (task, unseal_action);
  g_task_set_task_data (task, unseal, (GDestroyNotify) unseal_free);
  g_task_run_in_thread (task, plan_thread);
}

void
_sd_workstation_actions_update (SdWorkstation  *self,
                                SdDocumentView *view)
{
  gboolean loaded = view != NULL && sd_document_view_get_loaded (view);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "workstation.unseal", loaded);
}

static void
sd_workstation_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SdWorkstation *self = SD_WORKSTATION (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_string (value, self->mode);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_workstation_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SdWorkstation *self = SD_WORKSTATION (object);

  switch (prop_id)
    {
    case PROP_MODE:
      set_mode (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
_sd_workstation_class_actions_init (SdWorkstationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sd_workstation_get_property;
  object_class->set_property = sd_workstation_set_property;
  /* "single", "continuous", "pages", "cross-page" or "keyword" */
  properties[PROP_MODE] = g_param_spec_string ("mode", NULL, NULL, "single",
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                                               | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_bind_template_child (widget_class, SdWorkstation, single_button);
  gtk_widget_class_bind_template_child (widget_class, SdWorkstation, continuous_button);
  gtk_widget_class_bind_template_child (widget_class, SdWorkstation, pages_button);
  gtk_widget_class_bind_template_child (widget_class, SdWorkstation, cross_page_button);
  gtk_widget_class_bind_template_child (widget_class, SdWorkstation, keyword_button);
  gtk_widget_class_bind_template_child (widget_class, SdWorkstation, unseal_button);
  gtk_widget_class_install_property_action (widget_class, "workstation.mode", "mode");
  gtk_widget_class_install_action (widget_class, "workstation.unseal", NULL, unseal_action);
}

void
_sd_workstation_actions_dispose (SdWorkstation *self)
{
  g_cancellable_cancel (self->cancellable);
  if (self->mode_dialog != NULL)
    gtk_window_destroy (self->mode_dialog);
  g_clear_weak_pointer (&self->mode_dialog);
}
