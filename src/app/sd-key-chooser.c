/* sd-key-chooser.c: the certificates of the USB keys that are plugged in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-application.h"
#include "sd-error.h"
#include "sd-key-chooser.h"
#include "sd-key-sources.h"
#include "sd-pcsc-monitor.h"
#include "sd-secure.h"

/* Keys without PC/SC events (SKF, SoftHSM, some vendors' modules) are
 * seen by looking again this often. */
#define POLL_SECONDS 2
/* A card's driver needs a moment after pcscd reports it. */
#define CARD_SETTLE_MS 300

/* One key as a scan found it */
typedef struct
{
  SdToken   *token;
  GPtrArray *certificates;  /* SdTokenCertificate */
} KeyEntry;

static void
key_entry_free (KeyEntry *entry)
{
  g_clear_object (&entry->token);
  g_clear_pointer (&entry->certificates, g_ptr_array_unref);
  g_free (entry);
}

/* A PIN request handed from the signer's thread to the chooser */
typedef struct
{
  GWeakRef      chooser;
  GMainContext *context;
  GMutex        lock;
  GCond         cond;
  gboolean      answered;
  char         *pin;  /* the answer, NULL to cancel */
  /* the request, copied for the main thread */
  char         *token_label;
  int           tries_left;
  gboolean      retry;
  gboolean      count_low;
  gboolean      final_try;
} PinPrompt;

static void
pin_prompt_clear (gpointer data)
{
  PinPrompt *prompt = data;

  g_weak_ref_clear (&prompt->chooser);
  g_main_context_unref (prompt->context);
  g_mutex_clear (&prompt->lock);
  g_cond_clear (&prompt->cond);
  sd_secure_free (prompt->pin);
  g_free (prompt->token_label);
}

static void
pin_prompt_release (gpointer prompt)
{
  g_atomic_rc_box_release_full (prompt, pin_prompt_clear);
}

struct _SdKeyChooser
{
  AdwBin         parent_instance;

  GSettings     *settings;
  SdPcscMonitor *monitor;
  GCancellable  *cancellable;
  GPtrArray     *keys;          /* KeyEntry, as last scanned */
  char          *keys_summary;  /* what the last scan found, to see changes */
  char          *selected_uri;
  guint          poll_id;
  guint          settle_id;
  gboolean       scanning;
  gboolean       scan_again;
  PinPrompt     *prompt;        /* the request shown, or NULL */
  guint          pin_view_id;   /* bringing the prompt into view */
  gboolean       pin_laid_out;

  /* Template children */
  GtkStack      *stack;
  GtkSpinner    *waiting_spinner;
  GtkLabel      *insert_label;
  GtkLabel      *waiting_detail_label;
  GtkSpinner    *scan_spinner;
  GtkWidget     *refresh_button;
  GtkListBox    *certificate_list;
  GtkRevealer   *details_revealer;
  GtkGrid       *details_grid;
  GtkRevealer   *pin_revealer;
  GtkLabel      *pin_prompt_label;
  GtkEditable   *pin_entry;
  GtkLabel      *pin_error_label;
  GtkLabel      *pin_tries_label;
  GtkWidget     *pin_ok_button;
  GtkWidget     *pin_cancel_button;
};

G_DEFINE_FINAL_TYPE (SdKeyChooser, sd_key_chooser, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SELECTED_URI,
  PROP_N_CERTIFICATES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void scan (SdKeyChooser *self);

/* Finding what is selected */

static const SdTokenCertificate *
find_certificate (SdKeyChooser  *self,
                  const char    *uri,
                  SdToken      **token)
{
  for (guint i = 0; uri != NULL && self->keys != NULL && i < self->keys->len; i++)
    {
      KeyEntry *entry = g_ptr_array_index (self->keys, i);

      for (guint j = 0; j < entry->certificates->len; j++)
        {
          const SdTokenCertificate *cert = g_ptr_array_index (entry->certificates, j);

          if (g_strcmp0 (cert->uri, uri) == 0)
            {
              if (token != NULL)
                *token = entry->token;
              return cert;
            }
        }
    }
  return NULL;
}

const char *
sd_key_chooser_get_selected_uri (SdKeyChooser *self)
{
  g_return_val_if_fail (SD_IS_KEY_CHOOSER (self), NULL);
  return self->selected_uri;
}

const SdTokenCertificate *
sd_key_chooser_get_selected (SdKeyChooser *self)
{
  g_return_val_if_fail (SD_IS_KEY_CHOOSER (self), NULL);
  return find_certificate (self, self->selected_uri, NULL);
}

SdToken *
sd_key_chooser_get_selected_token (SdKeyChooser *self)
{
  SdToken *token = NULL;

  g_return_val_if_fail (SD_IS_KEY_CHOOSER (self), NULL);
  return find_certificate (self, self->selected_uri, &token) != NULL ? token : NULL;
}

guint
sd_key_chooser_get_n_certificates (SdKeyChooser *self)
{
  guint n = 0;

  g_return_val_if_fail (SD_IS_KEY_CHOOSER (self), 0);
  for (guint i = 0; self->keys != NULL && i < self->keys->len; i++)
    n += ((KeyEntry *) g_ptr_array_index (self->keys, i))->certificates->len;
  return n;
}

/* Whether @cert may be chosen; if not, why (translated) */
static const char *
unusable_reason (SdToken                  *token,
                 const SdTokenCertificate *cert)
{
  if (!cert->can_sign)
    return cert->reason;
  if (sd_token_get_flags (token) & SD_TOKEN_PIN_LOCKED)
    return _("The PIN of this USB key is locked; have it unlocked by its CA before using it.");
  return NULL;
}

/* The details */

static char *
format_date (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("?");
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d");
}

static void
add_detail (SdKeyChooser *self,
            int           row,
            const char   *title,
            const char   *value)
{
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);

  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_yalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_grid_attach (self->details_grid, title_label, 0, row, 1, 1);
  gtk_grid_attach (self->details_grid, value_label, 1, row, 1, 1);
}

static void
show_details (SdKeyChooser *self)
{
  SdToken *token = NULL;
  const SdTokenCertificate *cert = find_certificate (self, self->selected_uri, &token);
  GtkWidget *child;
  g_autofree char *not_before = NULL;
  g_autofree char *not_after = NULL;
  g_autofree char *validity = NULL;
  g_autofree char *pin_state = NULL;
  g_autofree char *key = NULL;
  int row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details_grid))) != NULL)
    gtk_grid_remove (self->details_grid, child);
  gtk_revealer_set_reveal_child (self->details_revealer, cert != NULL);
  if (cert == NULL)
    return;

  /* Seed 004: 主体名称, 主体代码, 证书序列号, 证书有效期 */
  add_detail (self, row++, _("Subject"), cert->subject);
  add_detail (self, row++, _("Certificate type"), sd_cert_holder_to_string (cert->holder));
  if (cert->enterprise_code != NULL)
    add_detail (self, row++, _("Unified social credit code"), cert->enterprise_code);
  if (cert->id_number_masked != NULL)
    add_detail (self, row++, _("ID number"), cert->id_number_masked);
  add_detail (self, row++, _("Issuer"), cert->issuer);
  add_detail (self, row++, _("CA provider"), cert->ca_provider);
  add_detail (self, row++, _("Serial number"), cert->serial_hex);
  not_before = format_date (cert->not_before);
  not_after = format_date (cert->not_after);
  /* Translators: a certificate's validity, from one date to another */
  validity = g_strdup_printf (_("%s to %s"), not_before, not_after);
  add_detail (self, row++, _("Validity"), validity);
  pin_state = sd_token_describe_pin_state (token);
  if (pin_state != NULL)
    /* Translators: a USB key's label and the state of its PIN */
    key = g_strdup_printf (C_("usb key", "%s (%s)"), sd_token_get_label (token), pin_state);
  add_detail (self, row, _("USB key"), key != NULL ? key : sd_token_get_label (token));
}

static void
set_selected_uri (SdKeyChooser *self,
                  const char   *uri)
{
  if (g_strcmp0 (self->selected_uri, uri) == 0)
    return;
  g_free (self->selected_uri);
  self->selected_uri = g_strdup (uri);
  show_details (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_URI]);
}

static void
on_row_selected (SdKeyChooser  *self,
                 GtkListBoxRow *row)
{
  /* While the PIN is asked, the key being used stays chosen */
  if (self->prompt != NULL)
    return;
  set_selected_uri (self, row != NULL ? g_object_get_data (G_OBJECT (row), "uri") : NULL);
}

/* The list */

static GtkWidget *
certificate_row (SdToken                  *token,
                 const SdTokenCertificate *cert)
{
  GtkWidget *row = adw_action_row_new ();
  const char *reason = unusable_reason (token, cert);
  const char *name = cert->common_name != NULL ? cert->common_name
                     : *cert->label != '\0' ? cert->label : cert->subject;
  g_autofree char *subtitle = NULL;

  /* Names and subjects are text, not markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  if (reason != NULL)
    subtitle = g_strdup (reason);
  else
    /* Translators: a certificate's kind (机构证书…), its use and its USB key's label */
    subtitle = g_strdup_printf (C_("certificate row", "%s · %s · %s"),
                                sd_cert_holder_to_string (cert->holder),
                                sd_cert_usage_to_string (cert->usage),
                                sd_token_get_label (token));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), reason == NULL);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), reason == NULL);
  gtk_widget_set_sensitive (row, reason == NULL);
  g_object_set_data_full (G_OBJECT (row), "uri", g_strdup (cert->uri), g_free);
  return row;
}

static void
show_keys (SdKeyChooser *self)
{
  GtkWidget *child;
  GtkListBoxRow *keep = NULL;
  GtkListBoxRow *only_usable = NULL;
  guint n_usable = 0;
  guint n = sd_key_chooser_get_n_certificates (self);

  g_signal_handlers_block_by_func (self->certificate_list, on_row_selected, self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->certificate_list))) != NULL)
    gtk_list_box_remove (self->certificate_list, child);
  for (guint i = 0; i < self->keys->len; i++)
    {
      KeyEntry *entry = g_ptr_array_index (self->keys, i);

      for (guint j = 0; j < entry->certificates->len; j++)
        {
          const SdTokenCertificate *cert = g_ptr_array_index (entry->certificates, j);
          GtkWidget *row = certificate_row (entry->token, cert);

          gtk_list_box_append (self->certificate_list, row);
          if (unusable_reason (entry->token, cert) != NULL)
            continue;
          n_usable++;
          only_usable = GTK_LIST_BOX_ROW (row);
          if (g_strcmp0 (cert->uri, self->selected_uri) == 0)
            keep = GTK_LIST_BOX_ROW (row);
        }
    }
  /* The chosen certificate stays chosen; a key with one signing
   * certificate has it chosen. */
  if (keep == NULL && n_usable == 1)
    keep = only_usable;
  gtk_list_box_select_row (self->certificate_list, keep);
  g_signal_handlers_unblock_by_func (self->certificate_list, on_row_selected, self);

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "keys" : "waiting");
  gtk_spinner_set_spinning (self->waiting_spinner, n == 0);
  if (self->prompt == NULL)
    set_selected_uri (self, keep != NULL ? g_object_get_data (G_OBJECT (keep), "uri") : NULL);
  else
    show_details (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CERTIFICATES]);
}

/* Scanning, in a worker thread */

static void
scan_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_autoptr(SdTokenDiagnostics) diagnostics = sd_key_sources_diagnose (task_data, cancellable);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) key_entry_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < diagnostics->tokens->len; i++)
    {
      SdToken *token = g_ptr_array_index (diagnostics->tokens, i);
      g_autoptr(GError) error = NULL;
      KeyEntry *entry;

      /* A module found both through p11-kit and by path */
      if (!g_hash_table_add (seen, (gpointer) sd_token_get_uri (token)))
        continue;
      if (!sd_token_refresh (token, &error))
        {
          g_debug ("“%s”: %s", sd_token_get_label (token), error->message);
          g_clear_error (&error);
        }
      entry = g_new0 (KeyEntry, 1);
      entry->token = g_object_ref (token);
      entry->certificates = sd_token_list_certificates (token, cancellable, &error);
      if (entry->certificates == NULL)
        {
          g_debug ("“%s”: %s", sd_token_get_label (token), error->message);
          entry->certificates = g_ptr_array_new ();
        }
      g_ptr_array_add (keys, entry);
    }
  g_task_return_pointer (task, g_steal_pointer (&keys), (GDestroyNotify) g_ptr_array_unref);
}

/* What matters of a scan for the list: keys, PIN states and certificates */
static char *
summarize (GPtrArray *keys)
{
  GString *summary = g_string_new (NULL);

  for (guint i = 0; i < keys->len; i++)
    {
      KeyEntry *entry = g_ptr_array_index (keys, i);

      g_string_append_printf (summary, "%s|%x|%d\n", sd_token_get_uri (entry->token),
                              sd_token_get_flags (entry->token),
                              sd_token_get_pin_tries_left (entry->token));
      for (guint j = 0; j < entry->certificates->len; j++)
        {
          const SdTokenCertificate *cert = g_ptr_array_index (entry->certificates, j);

          g_string_append_printf (summary, " %s|%d\n", cert->uri, cert->can_sign);
        }
    }
  return g_string_free (summary, FALSE);
}

static void
update_waiting_detail (SdKeyChooser *self)
{
  g_autofree char *state = NULL;

  if (sd_pcsc_monitor_get_state (self->monitor) == SD_PCSC_STATE_NO_SERVICE)
    state = sd_pcsc_monitor_describe_state (self->monitor);
  gtk_label_set_text (self->waiting_detail_label,
                      state != NULL ? state
                                    : _("Keys are recognised as soon as they are plugged in."));
}

static void
on_scanned (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  SdKeyChooser *self = SD_KEY_CHOOSER (source);
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GError) error = NULL;

  keys = g_task_propagate_pointer (G_TASK (result), &error);
  if (keys == NULL)
    return;  /* cancelled: the chooser is gone */
  self->scanning = FALSE;
  gtk_spinner_set_spinning (self->scan_spinner, FALSE);

  summary = summarize (keys);
  if (g_strcmp0 (summary, self->keys_summary) != 0)
    {
      g_free (self->keys_summary);
      self->keys_summary = g_steal_pointer (&summary);
      g_clear_pointer (&self->keys, g_ptr_array_unref);
      self->keys = g_steal_pointer (&keys);
      show_keys (self);
    }
  if (self->scan_again)
    {
      self->scan_again = FALSE;
      scan (self);
    }
}

static void
scan (SdKeyChooser *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->scanning)
    {
      self->scan_again = TRUE;
      return;
    }
  self->scanning = TRUE;
  gtk_spinner_set_spinning (self->scan_spinner, TRUE);
  task = g_task_new (self, self->cancellable, on_scanned, NULL);
  g_task_set_source_tag (task, scan);
  g_task_set_task_data (task, sd_key_sources_new (), (GDestroyNotify) sd_key_sources_free);
  g_task_run_in_thread (task, scan_thread);
}

void
sd_key_chooser_refresh (SdKeyChooser *self)
{
  g_return_if_fail (SD_IS_KEY_CHOOSER (self));
  scan (self);
}

static gboolean
on_poll (gpointer user_data)
{
  scan (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_settled (gpointer user_data)
{
  SdKeyChooser *self = user_data;

  self->settle_id = 0;
  scan (self);
  return G_SOURCE_REMOVE;
}

/* A reader or card came or went */
static void
on_pcsc_event (SdKeyChooser *self)
{
  g_clear_handle_id (&self->settle_id, g_source_remove);
  self->settle_id = g_timeout_add (CARD_SETTLE_MS, on_settled, self);
}

static void
sd_key_chooser_map (GtkWidget *widget)
{
  SdKeyChooser *self = SD_KEY_CHOOSER (widget);

  GTK_WIDGET_CLASS (sd_key_chooser_parent_class)->map (widget);
  sd_pcsc_monitor_start (self->monitor);
  if (self->poll_id == 0)
    self->poll_id = g_timeout_add_seconds (POLL_SECONDS, on_poll, self);
  scan (self);
}

static void
sd_key_chooser_unmap (GtkWidget *widget)
{
  SdKeyChooser *self = SD_KEY_CHOOSER (widget);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  sd_pcsc_monitor_stop (self->monitor);
  GTK_WIDGET_CLASS (sd_key_chooser_parent_class)->unmap (widget);
}

/* The PIN */

static void
hide_pin_prompt (SdKeyChooser *self)
{
  if (self->pin_view_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->pin_view_id);
  self->pin_view_id = 0;
  gtk_editable_set_text (self->pin_entry, "");
  gtk_revealer_set_reveal_child (self->pin_revealer, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->certificate_list), TRUE);
  gtk_widget_set_sensitive (self->refresh_button, TRUE);
  g_clear_pointer (&self->prompt, pin_prompt_release);
}

/* Gives the signer's thread its answer: a copy of @pin, or NULL */
static void
answer (PinPrompt  *prompt,
        const char *pin)
{
  g_mutex_lock (&prompt->lock);
  if (!prompt->answered)
    {
      prompt->pin = g_strdup (pin);
      prompt->answered = TRUE;
      g_cond_broadcast (&prompt->cond);
    }
  g_mutex_unlock (&prompt->lock);
}

static void
on_pin_ok (SdKeyChooser *self)
{
  const char *pin = gtk_editable_get_text (self->pin_entry);

  if (self->prompt == NULL || *pin == '\0')
    return;
  answer (self->prompt, pin);
  hide_pin_prompt (self);
}

static void
on_pin_cancel (SdKeyChooser *self)
{
  if (self->prompt == NULL)
    return;
  answer (self->prompt, NULL);
  hide_pin_prompt (self);
}

static char *
tries_text (const PinPrompt *prompt)
{
  if (prompt->final_try)
    return g_strdup (_("Last try: one more wrong PIN locks the USB key."));
  if (prompt->tries_left >= 0)
    return g_strdup_printf (ngettext ("%d try left before the USB key locks.",
                                      "%d tries left before the USB key locks.",
                                      prompt->tries_left),
                            prompt->tries_left);
  if (prompt->count_low)
    return g_strdup (_("A wrong PIN was entered before: few tries are left before the USB key "
                       "locks."));
  return NULL;
}

/* Below a long list and the details the prompt may be out of sight in a
 * scrolled window (CA登录, the sign dialog): once it has been laid out
 * open, the scrolled window around the chooser is scrolled to show it
 * whole, with the tries left under the entry. */
static gboolean
bring_pin_into_view (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  SdKeyChooser *self = SD_KEY_CHOOSER (widget);
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *viewport = scrolled != NULL ? gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))
                                         : NULL;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double top, bottom, page;

  if (!gtk_revealer_get_child_revealed (self->pin_revealer))
    return G_SOURCE_CONTINUE;
  if (!self->pin_laid_out)
    {
      self->pin_laid_out = TRUE;  /* one layout with it open first */
      return G_SOURCE_CONTINUE;
    }
  self->pin_view_id = 0;
  /* where it is in what the scrolled window shows now */
  if (viewport == NULL
      || !gtk_widget_compute_bounds (GTK_WIDGET (self->pin_revealer), viewport, &bounds))
    return G_SOURCE_REMOVE;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  page = gtk_adjustment_get_page_size (adjustment);
  top = bounds.origin.y;
  bottom = bounds.origin.y + bounds.size.height;
  if (bottom > page)
    gtk_adjustment_set_value (adjustment,
                              gtk_adjustment_get_value (adjustment) + MIN (top, bottom - page));
  return G_SOURCE_REMOVE;
}

/* On the main context: shows the request */
static gboolean
show_pin_prompt (gpointer data)
{
  PinPrompt *prompt = data;
  g_autoptr(SdKeyChooser) self = g_weak_ref_get (&prompt->chooser);
  g_autofree char *heading = NULL;
  g_autofree char *tries = NULL;

  if (self == NULL || gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    {
      answer (prompt, NULL);
      return G_SOURCE_REMOVE;
    }
  if (self->prompt != NULL)
    answer (self->prompt, NULL);
  g_clear_pointer (&self->prompt, pin_prompt_release);
  self->prompt = g_atomic_rc_box_acquire (prompt);

  heading = g_strdup_printf (_("Enter the PIN of the USB key “%s”"), prompt->token_label);
  gtk_label_set_text (self->pin_prompt_label, heading);
  gtk_label_set_text (self->pin_error_label, _("Wrong PIN."));
  gtk_widget_set_visible (GTK_WIDGET (self->pin_error_label), prompt->retry);
  tries = tries_text (prompt);
  gtk_label_set_text (self->pin_tries_label, tries != NULL ? tries : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pin_tries_label), tries != NULL);
  gtk_editable_set_text (self->pin_entry, "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->certificate_list), FALSE);
  gtk_widget_set_sensitive (self->refresh_button, FALSE);
  gtk_revealer_set_reveal_child (self->pin_revealer, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
  self->pin_laid_out = FALSE;
  if (self->pin_view_id == 0)
    self->pin_view_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), bring_pin_into_view,
                                                      NULL, NULL);
  return G_SOURCE_REMOVE;
}

/* On the main context: the signer stopped waiting (cancelled) */
static gboolean
withdraw_pin_prompt (gpointer data)
{
  PinPrompt *prompt = data;
  g_autoptr(SdKeyChooser) self = g_weak_ref_get (&prompt->chooser);

  if (self != NULL && self->prompt == prompt)
    hide_pin_prompt (self);
  return G_SOURCE_REMOVE;
}

static void
wake_pin_waiter (GCancellable *cancellable,
                 PinPrompt    *prompt)
{
  g_mutex_lock (&prompt->lock);
  g_cond_broadcast (&prompt->cond);
  g_mutex_unlock (&prompt->lock);
}

/* The signer's PIN callback: runs in its worker thread and waits for the
 * chooser's answer. */
static char *
ask_pin (SdSigner           *signer,
         const SdPinRequest *request,
         GCancellable       *cancellable,
         gpointer            user_data)
{
  PinPrompt *prompt = user_data;
  gulong handler = 0;
  char *pin;

  g_mutex_lock (&prompt->lock);
  prompt->answered = FALSE;
  g_clear_pointer (&prompt->pin, sd_secure_free);
  g_free (prompt->token_label);
  prompt->token_label = g_strdup (request->token_label != NULL ? request->token_label : "");
  prompt->tries_left = request->tries_left;
  prompt->retry = request->retry;
  prompt->count_low = request->count_low;
  prompt->final_try = request->final_try;
  g_mutex_unlock (&prompt->lock);

  g_main_context_invoke_full (prompt->context, G_PRIORITY_DEFAULT, show_pin_prompt,
                              g_atomic_rc_box_acquire (prompt), pin_prompt_release);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (wake_pin_waiter), prompt, NULL);

  g_mutex_lock (&prompt->lock);
  while (!prompt->answered && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait (&prompt->cond, &prompt->lock);
  prompt->answered = TRUE;
  pin = g_steal_pointer (&prompt->pin);
  g_mutex_unlock (&prompt->lock);

  g_cancellable_disconnect (cancellable, handler);
  if (g_cancellable_is_cancelled (cancellable))
    g_main_context_invoke_full (prompt->context, G_PRIORITY_DEFAULT, withdraw_pin_prompt,
                                g_atomic_rc_box_acquire (prompt), pin_prompt_release);
  return pin;
}

/* The signer */

typedef struct
{
  SdToken *token;
  char    *key_id;
} SignerRequest;

static void
signer_request_free (SignerRequest *request)
{
  g_clear_object (&request->token);
  g_free (request->key_id);
  g_free (request);
}

static void
get_signer_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SignerRequest *request = task_data;
  GError *error = NULL;
  SdSigner *signer = sd_token_get_signer (request->token, request->key_id, cancellable, &error);

  if (signer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, signer, g_object_unref);
}

void
sd_key_chooser_get_signer_async (SdKeyChooser        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SdToken *token = NULL;
  const SdTokenCertificate *cert;
  SignerRequest *request;

  g_return_if_fail (SD_IS_KEY_CHOOSER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_key_chooser_get_signer_async);
  cert = find_certificate (self, self->selected_uri, &token);
  if (cert == NULL)
    {
      g_task_return_new_error (task, SD_ERROR, SD_ERROR_NOT_FOUND, "%s",
                               _("Choose a signing certificate of a USB key first."));
      return;
    }
  request = g_new0 (SignerRequest, 1);
  request->token = g_object_ref (token);
  request->key_id = g_strdup (cert->key_id);
  g_task_set_task_data (task, request, (GDestroyNotify) signer_request_free);
  g_task_run_in_thread (task, get_signer_thread);
}

SdSigner *
sd_key_chooser_get_signer_finish (SdKeyChooser  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  SdSigner *signer;
  PinPrompt *prompt;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  signer = g_task_propagate_pointer (G_TASK (result), error);
  if (signer == NULL)
    return NULL;
  prompt = g_atomic_rc_box_new0 (PinPrompt);
  g_weak_ref_init (&prompt->chooser, self);
  prompt->context = g_main_context_ref_thread_default ();
  g_mutex_init (&prompt->lock);
  g_cond_init (&prompt->cond);
  sd_signer_set_pin_callback (signer, ask_pin, prompt, pin_prompt_release);
  return signer;
}

/* The object */

GtkWidget *
sd_key_chooser_new (void)
{
  return g_object_new (SD_TYPE_KEY_CHOOSER, NULL);
}

static void
sd_key_chooser_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SdKeyChooser *self = SD_KEY_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_SELECTED_URI:
      g_value_set_string (value, self->selected_uri);
      break;
    case PROP_N_CERTIFICATES:
      g_value_set_uint (value, sd_key_chooser_get_n_certificates (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_key_chooser_dispose (GObject *object)
{
  SdKeyChooser *self = SD_KEY_CHOOSER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (self->prompt != NULL)
    answer (self->prompt, NULL);
  g_clear_pointer (&self->prompt, pin_prompt_release);
  if (self->monitor != NULL)
    sd_pcsc_monitor_stop (self->monitor);
  /* The list unselects its row as it goes: nothing to show then */
  if (self->certificate_list != NULL)
    g_signal_handlers_disconnect_by_data (self->certificate_list, self);
  /* AdwBin lets go of its child itself; the template must not unparent it too */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_KEY_CHOOSER);
  g_clear_object (&self->monitor);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  G_OBJECT_CLASS (sd_key_chooser_parent_class)->dispose (object);
}

static void
sd_key_chooser_finalize (GObject *object)
{
  SdKeyChooser *self = SD_KEY_CHOOSER (object);

  g_clear_object (&self->cancellable);
  g_free (self->keys_summary);
  g_free (self->selected_uri);
  G_OBJECT_CLASS (sd_key_chooser_parent_class)->finalize (object);
}

static void
sd_key_chooser_class_init (SdKeyChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sd_key_chooser_get_property;
  object_class->dispose = sd_key_chooser_dispose;
  object_class->finalize = sd_key_chooser_finalize;
  widget_class->map = sd_key_chooser_map;
  widget_class->unmap = sd_key_chooser_unmap;

  properties[PROP_SELECTED_URI] =
    g_param_spec_string ("selected-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CERTIFICATES] =
    g_param_spec_uint ("n-certificates", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-key-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, stack);
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, waiting_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, insert_label);
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, waiting_detail_label);
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, scan_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, certificate_list);
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, details_grid);
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, pin_revealer);
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, pin_prompt_label);
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, pin_error_label);
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, pin_tries_label);
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, pin_ok_button);
  gtk_widget_class_bind_template_child (widget_class, SdKeyChooser, pin_cancel_button);
  gtk_widget_class_bind_template_callback (widget_class, sd_key_chooser_refresh);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_ok);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_cancel);
  gtk_widget_class_set_css_name (widget_class, "sd-key-chooser");
}

static void
on_sources_changed (SdKeyChooser *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    scan (self);
}

static void
sd_key_chooser_init (SdKeyChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) key_entry_free);
  g_signal_connect_swapped (self->certificate_list, "row-selected", G_CALLBACK (on_row_selected),
                            self);

  self->settings = g_settings_new (SD_APPLICATION_ID);
  g_signal_connect_swapped (self->settings, "changed::pkcs11-modules",
                            G_CALLBACK (on_sources_changed), self);
  g_signal_connect_swapped (self->settings, "changed::skf-libraries",
                            G_CALLBACK (on_sources_changed), self);

  self->monitor = sd_pcsc_monitor_new ();
  g_signal_connect_swapped (self->monitor, "reader-added", G_CALLBACK (on_pcsc_event), self);
  g_signal_connect_swapped (self->monitor, "reader-removed", G_CALLBACK (on_pcsc_event), self);
  g_signal_connect_swapped (self->monitor, "card-inserted", G_CALLBACK (on_pcsc_event), self);
  g_signal_connect_swapped (self->monitor, "card-removed", G_CALLBACK (on_pcsc_event), self);
  g_signal_connect_swapped (self->monitor, "notify::state", G_CALLBACK (update_waiting_detail),
                            self);
  update_waiting_detail (self);
  gtk_spinner_set_spinning (self->waiting_spinner, TRUE);
}
