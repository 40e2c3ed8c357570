/* sd-certificate-details.c: the signer's certificate of a signature:
 * subject, issuer, serial, validity, chain, algorithms, fingerprints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window of rows filled from the verifier's report; the fingerprints are
 * what a user compares with the one the CA publishes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-certificate-details.h"

struct _SdCertificateDetails
{
  AdwWindow             parent_instance;

  /* Template children */
  AdwPreferencesGroup  *certificate_group;
  AdwPreferencesGroup  *trust_group;
  AdwPreferencesGroup  *chain_group;
};

G_DEFINE_FINAL_TYPE (SdCertificateDetails, sd_certificate_details, ADW_TYPE_WINDOW)

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value)
{
  GtkWidget *row;

  if (value == NULL)
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* subjects and fingerprints hold markup characters ("&", "<") */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (group, row);
}

static char *
format_time (GDateTime *t)
{
  g_autoptr(GDateTime) local = t ? g_date_time_to_local (t) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : NULL;
}

static const char *
trust_words (SdTrustStatus trust)
{
  switch (trust)
    {
    case SD_TRUST_TRUSTED:
      return _("Trusted: it chains to a trusted root certificate.");
    case SD_TRUST_UNTRUSTED:
      return _("Not trusted: no trusted root certificate issued it.");
    case SD_TRUST_EXPIRED:
      return _("Expired when it signed.");
    case SD_TRUST_NOT_YET_VALID:
      return _("Not yet valid when it signed.");
    case SD_TRUST_BAD_CHAIN:
      return _("The certificate chain is broken.");
    case SD_TRUST_REVOKED:
      return _("Revoked.");
    case SD_TRUST_NOT_CHECKED:
    default:
      return _("Not checked.");
    }
}

static const char *
revocation_words (SdRevocationStatus status)
{
  switch (status)
    {
    case SD_REVOCATION_GOOD:
      return _("Not revoked");
    case SD_REVOCATION_REVOKED:
      return _("Revoked");
    case SD_REVOCATION_UNKNOWN:
      return _("Unknown");
    case SD_REVOCATION_NOT_CHECKED:
    default:
      return _("Not checked");
    }
}

SdCertificateDetails *
sd_certificate_details_new (GtkWindow               *parent,
                            const SdSignatureReport *r)
{
  SdCertificateDetails *self;
  g_autofree char *not_before = NULL;
  g_autofree char *not_after = NULL;
  g_autofree char *trust_time = NULL;

  g_return_val_if_fail (r != NULL, NULL);

  self = g_object_new (SD_TYPE_CERTIFICATE_DETAILS, "transient-for", parent, NULL);
  not_before = format_time (r->not_before);
  not_after = format_time (r->not_after);
  trust_time = format_time (r->trust_time);

  add_row (self->certificate_group, _("Subject"), r->subject);
  add_row (self->certificate_group, _("Issuer"), r->issuer);
  add_row (self->certificate_group, _("Serial Number"), r->serial);
  add_row (self->certificate_group, _("Valid From"), not_before);
  add_row (self->certificate_group, _("Valid Until"), not_after);
  add_row (self->certificate_group, _("Unified Social Credit Code"), r->enterprise_code);
  add_row (self->certificate_group, _("ID Number"), r->id_number);
  add_row (self->certificate_group, _("Key"), r->key_algorithm);
  add_row (self->certificate_group, _("Digest Algorithm"), r->digest_algorithm);
  add_row (self->certificate_group, _("Signature Algorithm"), r->signature_algorithm);
  add_row (self->certificate_group, _("SHA-256 Fingerprint"), r->fingerprint);

  add_row (self->trust_group, _("Trust"), trust_words (r->trust));
  add_row (self->trust_group, _("Why"), r->trust_detail);
  add_row (self->trust_group, _("Checked At"), trust_time);
  add_row (self->trust_group, _("Revocation"), revocation_words (r->revocation));
  add_row (self->trust_group, _("Revocation Source"), r->revocation_source);
  add_row (self->trust_group, _("Root Certificate"), r->root_subject);
  add_row (self->trust_group, _("Root SHA-256 Fingerprint"), r->root_fingerprint);

  for (guint i = 0; r->chain != NULL && i < r->chain->len; i++)
    {
      g_autofree char *title = NULL;

      if (i == 0)
        title = g_strdup (_("Signer"));
      else if (i + 1 == r->chain->len && r->root_subject != NULL)
        title = g_strdup (_("Root"));
      else
        /* TRANSLATORS: a certificate authority between the signer and the root; %u counts from 1 */
        title = g_strdup_printf (_("Intermediate CA %u"), i);
      add_row (self->chain_group, title, r->chain->pdata[i]);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->chain_group), r->chain != NULL && r->chain->len > 0);
  return self;
}

static void
sd_certificate_details_class_init (SdCertificateDetailsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-certificate-details.ui");
  gtk_widget_class_bind_template_child (widget_class, SdCertificateDetails, certificate_group);
  gtk_widget_class_bind_template_child (widget_class, SdCertificateDetails, trust_group);
  gtk_widget_class_bind_template_child (widget_class, SdCertificateDetails, chain_group);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_certificate_details_init (SdCertificateDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
