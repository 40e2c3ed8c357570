/* sd-signature-row.c: one signature in the signature panel (验章)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `sealdesk-cli verify` says of a signature, in the words a clerk
 * reads: its verdict with an icon, who signed for which organisation, when,
 * whether a timestamp proves it, what changed afterwards, and why it is not
 * valid when it is not.  Activating the row shows the seal on its page
 * (the panel does); the buttons ask the panel for the certificate's details
 * and to trust the chain's root.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-signature-row.h"

/* More than this many changes after a signature are counted, not listed. */
#define MAX_CHANGES_LISTED 8

struct _SdSignatureRow
{
  GtkListBoxRow  parent_instance;

  guint          index;
  SdVerdict      verdict;

  /* Template children */
  GtkPicture    *seal_picture;
  GtkBox        *status_box;
  GtkImage      *status_icon;
  GtkLabel      *status_label;
  GtkLabel      *signer_label;
  GtkLabel      *organization_label;
  GtkLabel      *code_label;
  GtkLabel      *time_label;
  GtkLabel      *timestamp_label;
  GtkLabel      *detail_label;
  GtkLabel      *changes_label;
  GtkButton     *certificate_button;
  GtkButton     *trust_button;
};

G_DEFINE_FINAL_TYPE (SdSignatureRow, sd_signature_row, GTK_TYPE_LIST_BOX_ROW)

enum
{
  SHOW_CERTIFICATE,
  TRUST_ROOT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_time (GDateTime *t)
{
  g_autoptr(GDateTime) local = t ? g_date_time_to_local (t) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : NULL;
}

/* A label that shows @text, or is hidden when there is none */
static void
set_text (GtkLabel   *label,
          const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static const char *
untrusted_words (const SdSignatureReport *r)
{
  switch (r->trust)
    {
    case SD_TRUST_EXPIRED:
      return _("Signed by an expired certificate");
    case SD_TRUST_NOT_YET_VALID:
      return _("Signed by a certificate not yet valid");
    case SD_TRUST_REVOKED:
      return _("Signed by a revoked certificate");
    case SD_TRUST_BAD_CHAIN:
      return _("Signed by a certificate with a broken chain");
    case SD_TRUST_TRUSTED:
      /* the signer is trusted, its timestamp's authority is not */
      return _("Timestamped by an untrusted authority");
    case SD_TRUST_UNTRUSTED:
    case SD_TRUST_NOT_CHECKED:
    default:
      return _("Signed by an untrusted certificate");
    }
}

static void
show_status (SdSignatureRow          *self,
             const SdSignatureReport *r)
{
  const char *words, *icon, *style;

  switch (r->verdict)
    {
    case SD_VERDICT_VALID:
      words = _("Valid");
      icon = "emblem-ok-symbolic";
      style = "success";
      break;
    case SD_VERDICT_UNTRUSTED:
      words = untrusted_words (r);
      icon = "dialog-warning-symbolic";
      style = "warning";
      break;
    case SD_VERDICT_MODIFIED:
      words = _("Modified after signing");
      icon = "document-edit-symbolic";
      style = "error";
      break;
    case SD_VERDICT_INVALID:
    case SD_VERDICT_UNSIGNED:
    default:
      words = r->status == SD_SIGNATURE_UNSUPPORTED ? _("Cannot be checked") : _("Invalid");
      icon = "dialog-error-symbolic";
      style = "error";
      break;
    }
  gtk_label_set_text (self->status_label, words);
  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_box), style);
}

static void
show_signer (SdSignatureRow          *self,
             const SdSignatureReport *r)
{
  const char *who = r->signer_name ? r->signer_name : r->subject;
  g_autofree char *signer = NULL;
  g_autofree char *organization = NULL;
  g_autoptr(GString) codes = g_string_new (NULL);

  if (r->is_document_timestamp)
    signer = g_strdup_printf (_("Document timestamp by %s"), who ? who : _("an unknown authority"));
  else if (who != NULL)
    signer = g_strdup_printf (_("Signer: %s"), who);
  else
    signer = g_strdup (_("The signature names no signer."));
  set_text (self->signer_label, signer);
  if (r->organization != NULL)
    organization = g_strdup_printf (_("Organization: %s"), r->organization);
  set_text (self->organization_label, organization);
  if (r->enterprise_code != NULL)
    g_string_append_printf (codes, _("Unified social credit code: %s"), r->enterprise_code);
  if (r->id_number != NULL)
    {
      if (codes->len > 0)
        g_string_append_c (codes, '\n');
      g_string_append_printf (codes, _("ID number: %s"), r->id_number);
    }
  set_text (self->code_label, codes->str);
}

static void
show_time (SdSignatureRow          *self,
           const SdSignatureReport *r)
{
  g_autofree char *claimed = format_time (r->signing_time ? r->signing_time
                                          : r->claimed_time_parsed);
  g_autofree char *stamped = format_time (r->timestamp_time);
  g_autofree char *time = NULL;
  g_autofree char *timestamp = NULL;

  if (claimed != NULL && !r->is_document_timestamp)
    time = g_strdup_printf (_("Signing time: %s, by the signer’s computer clock"), claimed);
  set_text (self->time_label, time);

  if (r->has_timestamp && r->timestamp_valid && r->timestamp_trust == SD_TRUST_TRUSTED)
    timestamp = g_strdup_printf (_("Timestamp: %s, from %s"), stamped ? stamped : "-",
                                 r->timestamp_authority ? r->timestamp_authority : "-");
  else if (r->has_timestamp && r->timestamp_valid)
    timestamp = g_strdup_printf (_("Timestamp: %s, from %s, an authority that is not trusted"),
                                 stamped ? stamped : "-",
                                 r->timestamp_authority ? r->timestamp_authority : "-");
  else if (r->has_timestamp)
    timestamp = g_strdup_printf (_("The timestamp is not valid: %s"),
                                 r->timestamp_detail ? r->timestamp_detail : "-");
  else
    timestamp = g_strdup (_("No timestamp: nothing proves when it was signed."));
  set_text (self->timestamp_label, timestamp);
}

/* Why it is not valid: the problems found, or why the certificate is not
 * trusted */
static void
show_detail (SdSignatureRow          *self,
             const SdSignatureReport *r)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < r->problems->len; i++)
    g_string_append_printf (text, "%s%s", text->len ? "\n" : "",
                            (const char *) r->problems->pdata[i]);
  if (r->verdict == SD_VERDICT_UNTRUSTED)
    {
      const char *why = r->trust != SD_TRUST_TRUSTED ? r->trust_detail : r->timestamp_detail;

      if (why != NULL)
        g_string_append_printf (text, "%s%s", text->len ? "\n" : "", why);
    }
  if (r->revocation == SD_REVOCATION_UNKNOWN && r->revocation_detail != NULL)
    g_string_append_printf (text, "%s%s", text->len ? "\n" : "", r->revocation_detail);
  set_text (self->detail_label, text->str);
}

static void
show_changes (SdSignatureRow       *self,
              const SdVerifyReport *report,
              const SdSignatureReport *r)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint listed = 0, unlisted = 0;

  if (r->revision < 0)
    {
      set_text (self->changes_label, NULL);
      return;
    }
  if (r->changes_after == SD_CHANGE_NONE)
    {
      set_text (self->changes_label, _("Not changed since it was signed."));
      return;
    }
  if (r->changes_after == SD_CHANGE_SIGNATURES)
    {
      set_text (self->changes_label, _("Signed again afterwards; nothing else changed."));
      return;
    }
  g_string_append (text, r->verdict == SD_VERDICT_MODIFIED ? _("Changed afterwards:")
                   : _("Changed afterwards, as its signing allows:"));
  for (guint k = r->revision + 1; k < report->revisions->len; k++)
    {
      SdRevisionReport *rr = report->revisions->pdata[k];

      for (guint i = 0; rr->changes != NULL && i < rr->changes->changes->len; i++)
        {
          SdChange *c = rr->changes->changes->pdata[i];

          if (c->kind == SD_CHANGE_NONE)
            continue;
          if (listed == MAX_CHANGES_LISTED)
            {
              unlisted++;
              continue;
            }
          g_string_append_c (text, '\n');
          /* TRANSLATORS: one change in a list of what changed after signing */
          g_string_append_printf (text, _("• %s"), c->text);
          listed++;
        }
    }
  if (unlisted > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "…and %u more change.",
                                                 "…and %u more changes.", unlisted),
                              unlisted);
    }
  set_text (self->changes_label, text->str);
  gtk_widget_add_css_class (GTK_WIDGET (self->changes_label),
                            r->verdict == SD_VERDICT_MODIFIED ? "error" : "dim-label");
}

GtkWidget *
sd_signature_row_new (const SdVerifyReport *report,
                      guint                 index,
                      GdkTexture           *seal)
{
  SdSignatureRow *self;
  const SdSignatureReport *r;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (index < report->signatures->len, NULL);

  self = g_object_new (SD_TYPE_SIGNATURE_ROW, NULL);
  r = report->signatures->pdata[index];
  self->index = index;
  self->verdict = r->verdict;
  show_status (self, r);
  show_signer (self, r);
  show_time (self, r);
  show_detail (self, r);
  show_changes (self, report, r);
  if (seal != NULL)
    {
      gtk_picture_set_paintable (self->seal_picture, GDK_PAINTABLE (seal));
      gtk_widget_set_visible (GTK_WIDGET (self->seal_picture), TRUE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->certificate_button), r->subject != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->trust_button),
                          r->trust == SD_TRUST_UNTRUSTED && r->root_certificate != NULL);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), r->has_place);
  if (r->has_place)
    {
      g_autofree char *tip = g_strdup_printf (_("Show the seal on page %d"), r->page + 1);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self), tip);
    }
  return GTK_WIDGET (self);
}

guint
sd_signature_row_get_index (SdSignatureRow *self)
{
  g_return_val_if_fail (SD_IS_SIGNATURE_ROW (self), 0);

  return self->index;
}

SdVerdict
sd_signature_row_get_verdict (SdSignatureRow *self)
{
  g_return_val_if_fail (SD_IS_SIGNATURE_ROW (self), SD_VERDICT_INVALID);

  return self->verdict;
}

static void
on_certificate_clicked (SdSignatureRow *self)
{
  g_signal_emit (self, signals[SHOW_CERTIFICATE], 0);
}

static void
on_trust_clicked (SdSignatureRow *self)
{
  g_signal_emit (self, signals[TRUST_ROOT], 0);
}

static void
sd_signature_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SD_TYPE_SIGNATURE_ROW);
  G_OBJECT_CLASS (sd_signature_row_parent_class)->dispose (object);
}

static void
sd_signature_row_class_init (SdSignatureRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_signature_row_dispose;

  /* the certificate details of this signature's signer, asked for */
  signals[SHOW_CERTIFICATE] = g_signal_new ("show-certificate", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);
  /* trusting the root its chain ends at, asked for */
  signals[TRUST_ROOT] = g_signal_new ("trust-root", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-signature-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SdSignatureRow, seal_picture);
  gtk_widget_class_bind_template_child (widget_class, SdSignatureRow, status_box);
  gtk_widget_class_bind_template_child (widget_class, SdSignatureRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, SdSignatureRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, SdSignatureRow, signer_label);
  gtk_widget_class_bind_template_child (widget_class, SdSignatureRow, organization_label);
  gtk_widget_class_bind_template_child (widget_class, SdSignatureRow, code_label);
  gtk_widget_class_bind_template_child (widget_class, SdSignatureRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, SdSignatureRow, timestamp_label);
  gtk_widget_class_bind_template_child (widget_class, SdSignatureRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, SdSignatureRow, changes_label);
  gtk_widget_class_bind_template_child (widget_class, SdSignatureRow, certificate_button);
  gtk_widget_class_bind_template_child (widget_class, SdSignatureRow, trust_button);
  gtk_widget_class_bind_template_callback (widget_class, on_certificate_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_trust_clicked);
}

static void
sd_signature_row_init (SdSignatureRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
