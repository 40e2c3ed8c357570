/* sd-signature-panel.c: the signature panel (验章) of the workstation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every signature of the document shown, verified by libsealdesk in a
 * worker thread each time the document is opened or reopened (the signed
 * copy after signing), against the system's roots and the user's own
 * (the trusted-roots-dir setting).  The same thread crops each seal from
 * a render of its page, so the row shows the seal as the page does.
 * Activating a row scrolls the view to the seal and marks it; "trust this
 * root" saves the chain's root in the user's folder after a confirmation
 * that shows its fingerprint, then verifies again.
 */
#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sd-poppler-private.h"
#include "sd-trust-store.h"

#include "sd-certificate-details.h"
#include "sd-signature-panel.h"
#include "sd-window.h"

#define MM_PER_POINT (25.4 / 72.0)
/* The longer side of a seal's picture, in pixels (twice the row's 72
 * logical pixels, for HiDPI) */
#define SEAL_PICTURE_SIZE 144.0

struct _SdSignaturePanel
{
  GtkWidget        parent_instance;

  GSettings       *settings;
  SdDocumentView  *view;
  GCancellable    *cancellable;   /* the verification under way */
  SdVerifyReport  *report;        /* the last one shown */
  gboolean         busy;

  /* Template children */
  GtkSpinner      *spinner;
  GtkBox          *summary_box;
  GtkImage        *summary_icon;
  GtkLabel        *summary_label;
  GtkStack        *stack;
  GtkListBox      *list;
  AdwStatusPage   *error_page;
};

G_DEFINE_FINAL_TYPE (SdSignaturePanel, sd_signature_panel, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
toast (SdSignaturePanel *self,
       const char       *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), SD_TYPE_WINDOW);

  if (window != NULL)
    sd_window_add_toast (SD_WINDOW (window), message);
  else
    g_message ("%s", message);
}

char *
sd_signature_panel_get_trust_dir (SdSignaturePanel *self)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (SD_IS_SIGNATURE_PANEL (self), NULL);

  dir = g_settings_get_string (self->settings, "trusted-roots-dir");
  if (dir[0] != '\0')
    return g_steal_pointer (&dir);
  return g_build_filename (g_get_user_data_dir (), "sealdesk", "trusted-roots", NULL);
}

/* What the worker thread hands back */
typedef struct
{
  SdVerifyReport *report;
  GPtrArray      *seals;   /* GdkTexture * or NULL, one per signature */
} Verified;

static void
verified_free (gpointer data)
{
  Verified *v = data;

  g_clear_pointer (&v->report, sd_verify_report_free);
  g_clear_pointer (&v->seals, g_ptr_array_unref);
  g_free (v);
}

typedef struct
{
  char *path;
  char *trust_dir;
} VerifyJob;

static void
verify_job_free (gpointer data)
{
  VerifyJob *job = data;

  g_free (job->path);
  g_free (job->trust_dir);
  g_free (job);
}

/* The seal as the page shows it: its rectangle of a render of the page */
static GdkTexture *
render_seal (PopplerDocument         *document,
             const SdSignatureReport *r)
{
  g_autoptr(PopplerPage) page = NULL;
  double x = r->x_mm / MM_PER_POINT, y = r->y_mm / MM_PER_POINT;
  double w = r->width_mm / MM_PER_POINT, h = r->height_mm / MM_PER_POINT;
  double scale = MIN (SEAL_PICTURE_SIZE / MAX (w, h), 4.0);
  int width = MAX (1, (int) ceil (w * scale)), height = MAX (1, (int) ceil (h * scale));
  cairo_surface_t *surface;
  cairo_t *cr;
  GBytes *bytes;
  GdkTexture *texture;

  if (!r->has_place || r->page < 0 || (page = poppler_document_get_page (document, r->page)) == NULL)
    return NULL;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -x, -y);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) cairo_image_surface_get_stride (surface) * height,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  g_bytes_unref (bytes);
  return texture;
}

static void
verify_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  VerifyJob *job = data;
  g_autoptr(SdTrustStore) trust = sd_trust_store_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autofree char *uri = NULL;
  Verified *v;

  if (!sd_trust_store_add_user_dir (trust, job->trust_dir, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  v = g_new0 (Verified, 1);
  v->report = sd_pdf_verify_file (job->path, trust, cancellable, &error);
  if (v->report == NULL)
    {
      verified_free (v);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  v->seals = g_ptr_array_new_with_free_func ((GDestroyNotify) g_object_unref);
  /* a document poppler cannot open still has its signatures listed */
  uri = g_filename_to_uri (job->path, NULL, NULL);
  if (uri != NULL)
    document = poppler_document_new_from_file (uri, NULL, NULL);
  for (guint i = 0; i < v->report->signatures->len; i++)
    g_ptr_array_add (v->seals, document != NULL
                     ? render_seal (document, v->report->signatures->pdata[i]) : NULL);
  g_task_return_pointer (task, v, verified_free);
}

static void
set_busy (SdSignaturePanel *self,
          gboolean          busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.verify", !busy && self->view != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_summary (SdSignaturePanel *self,
             const char       *icon,
             const char       *style,
             const char       *text)
{
  static const char *styles[] = { "success", "warning", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary_box), styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->summary_box), style);
  gtk_image_set_from_icon_name (self->summary_icon, icon);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_icon), icon != NULL);
  gtk_label_set_text (self->summary_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_box), text != NULL);
}

static void
clear_rows (SdSignaturePanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_clear_pointer (&self->report, sd_verify_report_free);
}

static void
on_show_certificate (SdSignaturePanel *self,
                     SdSignatureRow   *row)
{
  SdCertificateDetails *details;
  guint index = sd_signature_row_get_index (row);

  if (self->report == NULL || index >= self->report->signatures->len)
    return;
  details = sd_certificate_details_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        self->report->signatures->pdata[index]);
  gtk_window_present (GTK_WINDOW (details));
}

static void
add_root_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  GBytes *root = data;
  const char *dir = g_object_get_data (G_OBJECT (task), "sd-trust-dir");
  GError *error = NULL;

  if (sd_trust_dir_add_root (dir, root, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_root_added (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SdSignaturePanel *self = SD_SIGNATURE_PANEL (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("The root certificate is trusted now."));
  sd_signature_panel_verify (self);
}

static void
on_trust_response (AdwMessageDialog *dialog,
                   const char       *response,
                   SdSignaturePanel *self)
{
  GBytes *root = g_object_get_data (G_OBJECT (dialog), "sd-root");
  g_autoptr(GTask) task = NULL;

  if (g_strcmp0 (response, "trust") != 0)
    return;
  task = g_task_new (self, NULL, on_root_added, NULL);
  g_task_set_source_tag (task, on_trust_response);
  g_task_set_task_data (task, g_bytes_ref (root), (GDestroyNotify) g_bytes_unref);
  g_object_set_data_full (G_OBJECT (task), "sd-trust-dir",
                          sd_signature_panel_get_trust_dir (self), g_free);
  g_task_run_in_thread (task, add_root_thread);
}

static void
on_trust_root (SdSignaturePanel *self,
               SdSignatureRow   *row)
{
  guint index = sd_signature_row_get_index (row);
  const SdSignatureReport *r;
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  if (self->report == NULL || index >= self->report->signatures->len)
    return;
  r = self->report->signatures->pdata[index];
  if (r->root_certificate == NULL)
    return;
  body = g_strdup_printf (_("Signatures whose certificates chain to “%s” will be shown as "
                            "trusted on this computer.\n\nTrust it only if this SHA-256 "
                            "fingerprint is the one its certificate authority publishes:\n\n%s"),
                          r->root_subject ? r->root_subject : "?",
                          r->root_fingerprint ? r->root_fingerprint : "?");
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Trust This Root Certificate?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "trust", _("_Trust"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "sd-root", g_bytes_ref (r->root_certificate),
                          (GDestroyNotify) g_bytes_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_trust_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_report (SdSignaturePanel *self,
             Verified         *v)
{
  static const struct
  {
    const char *icon;
    const char *style;
  } looks[] = {
    [SD_VERDICT_VALID] = { "emblem-ok-symbolic", "success" },
    [SD_VERDICT_INVALID] = { "dialog-error-symbolic", "error" },
    [SD_VERDICT_MODIFIED] = { "document-edit-symbolic", "error" },
    [SD_VERDICT_UNTRUSTED] = { "dialog-warning-symbolic", "warning" },
    [SD_VERDICT_UNSIGNED] = { NULL, NULL },
  };
  SdVerifyReport *report = v->report;

  clear_rows (self);
  self->report = g_steal_pointer (&v->report);
  for (guint i = 0; i < report->signatures->len; i++)
    {
      GtkWidget *row = sd_signature_row_new (report, i, v->seals->pdata[i]);

      g_signal_connect_object (row, "show-certificate", G_CALLBACK (on_show_certificate), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "trust-root", G_CALLBACK (on_trust_root), self,
                               G_CONNECT_SWAPPED);
      gtk_list_box_append (self->list, row);
    }
  set_summary (self, looks[report->verdict].icon, looks[report->verdict].style, report->summary);
  gtk_stack_set_visible_child_name (self->stack,
                                    report->signatures->len > 0 ? "list" : "unsigned");
}

static void
on_verified (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SdSignaturePanel *self = SD_SIGNATURE_PANEL (source);
  gboolean reveal = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;
  Verified *v = g_task_propagate_pointer (G_TASK (result), &error);

  /* a newer verification took over, or the view went */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (v == NULL)
    {
      clear_rows (self);
      set_summary (self, NULL, NULL, NULL);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  show_report (self, v);
  if (reveal && self->report->signatures->len > 0)
    gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  verified_free (v);
}

static void
start_verifying (SdSignaturePanel *self,
                 gboolean          reveal)
{
  GFile *file = self->view != NULL ? sd_document_view_get_file (self->view) : NULL;
  g_autoptr(GTask) task = NULL;
  VerifyJob *job;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (file == NULL || !sd_document_view_get_loaded (self->view))
    {
      clear_rows (self);
      set_summary (self, NULL, NULL, NULL);
      gtk_stack_set_visible_child_name (self->stack, "none");
      set_busy (self, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.verify", FALSE);
      return;
    }
  job = g_new0 (VerifyJob, 1);
  job->path = g_file_get_path (file);
  job->trust_dir = sd_signature_panel_get_trust_dir (self);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  set_summary (self, NULL, NULL, _("Verifying the signatures…"));
  task = g_task_new (self, self->cancellable, on_verified, GINT_TO_POINTER (reveal));
  g_task_set_source_tag (task, start_verifying);
  g_task_set_task_data (task, job, verify_job_free);
  g_task_run_in_thread (task, verify_thread);
}

void
sd_signature_panel_verify (SdSignaturePanel *self)
{
  g_return_if_fail (SD_IS_SIGNATURE_PANEL (self));

  start_verifying (self, FALSE);
}

static void
on_view_loaded (SdSignaturePanel *self)
{
  start_verifying (self, TRUE);
}

void
sd_signature_panel_set_view (SdSignaturePanel *self,
                             SdDocumentView   *view)
{
  g_return_if_fail (SD_IS_SIGNATURE_PANEL (self));
  g_return_if_fail (view == NULL || SD_IS_DOCUMENT_VIEW (view));

  if (self->view == view)
    return;
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_func (self->view, on_view_loaded, self);
  g_set_object (&self->view, view);
  if (view != NULL)
    g_signal_connect_object (view, "loaded", G_CALLBACK (on_view_loaded), self,
                             G_CONNECT_SWAPPED);
  start_verifying (self, FALSE);
}

SdDocumentView *
sd_signature_panel_get_view (SdSignaturePanel *self)
{
  g_return_val_if_fail (SD_IS_SIGNATURE_PANEL (self), NULL);

  return self->view;
}

gboolean
sd_signature_panel_get_busy (SdSignaturePanel *self)
{
  g_return_val_if_fail (SD_IS_SIGNATURE_PANEL (self), FALSE);

  return self->busy;
}

guint
sd_signature_panel_get_n_signatures (SdSignaturePanel *self)
{
  g_return_val_if_fail (SD_IS_SIGNATURE_PANEL (self), 0);

  return self->report != NULL ? self->report->signatures->len : 0;
}

SdSignatureRow *
sd_signature_panel_get_row (SdSignaturePanel *self,
                            guint             index)
{
  g_return_val_if_fail (SD_IS_SIGNATURE_PANEL (self), NULL);

  return SD_SIGNATURE_ROW (gtk_list_box_get_row_at_index (self->list, index));
}

void
sd_signature_panel_show_signature (SdSignaturePanel *self,
                                   guint             index)
{
  const SdSignatureReport *r;

  g_return_if_fail (SD_IS_SIGNATURE_PANEL (self));

  if (self->view == NULL || self->report == NULL || index >= self->report->signatures->len)
    return;
  r = self->report->signatures->pdata[index];
  if (!r->has_place || r->page < 0 || (guint) r->page >= sd_document_view_get_n_pages (self->view))
    return;
  sd_document_view_show_area (self->view, r->page, r->x_mm, r->y_mm, r->width_mm, r->height_mm);
}

static void
on_row_activated (SdSignaturePanel *self,
                  GtkListBoxRow    *row)
{
  sd_signature_panel_show_signature (self, sd_signature_row_get_index (SD_SIGNATURE_ROW (row)));
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  sd_signature_panel_verify (SD_SIGNATURE_PANEL (widget));
}

static void
sd_signature_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SdSignaturePanel *self = SD_SIGNATURE_PANEL (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_signature_panel_dispose (GObject *object)
{
  SdSignaturePanel *self = SD_SIGNATURE_PANEL (object);
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->view != NULL)
    g_signal_handlers_disconnect_by_func (self->view, on_view_loaded, self);
  g_clear_object (&self->view);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_SIGNATURE_PANEL);
  /* the template's root, which is not bound */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sd_signature_panel_parent_class)->dispose (object);
}

static void
sd_signature_panel_finalize (GObject *object)
{
  SdSignaturePanel *self = SD_SIGNATURE_PANEL (object);

  g_clear_pointer (&self->report, sd_verify_report_free);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sd_signature_panel_parent_class)->finalize (object);
}

static void
sd_signature_panel_class_init (SdSignaturePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sd_signature_panel_get_property;
  object_class->dispose = sd_signature_panel_dispose;
  object_class->finalize = sd_signature_panel_finalize;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-signature-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SdSignaturePanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdSignaturePanel, summary_box);
  gtk_widget_class_bind_template_child (widget_class, SdSignaturePanel, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, SdSignaturePanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SdSignaturePanel, stack);
  gtk_widget_class_bind_template_child (widget_class, SdSignaturePanel, list);
  gtk_widget_class_bind_template_child (widget_class, SdSignaturePanel, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_install_action (widget_class, "panel.verify", NULL, verify_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sd-signature-panel");
}

static void
sd_signature_panel_init (SdSignaturePanel *self)
{
  self->settings = g_settings_new ("org.sealdesk.SealDesk");
  gtk_widget_init_template (GTK_WIDGET (self));
  set_summary (self, NULL, NULL, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.verify", FALSE);
}
