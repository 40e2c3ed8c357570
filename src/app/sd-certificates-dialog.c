/* sd-certificates-dialog.c: 数字证书管理
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The seed's dialog: 账号 and 姓名 on top with the hint that signing needs
 * a bound certificate, the USB key diagnostics where the seed has
 * 下载CA驱动, the table (数字证书类型, 数字证书服务号, 绑定时间, 更新人,
 * 操作 解绑) paged by the server, 共 N 条, 关闭.  Certificates that expire
 * within 30 days are marked 即将失效, expired ones 已失效.  Seed 004 adds
 * 是否管理员 (a column) and 权限管理 (an action opening SdBindingDialog).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sd-add-certificate-dialog.h"
#include "sd-binding-dialog.h"
#include "sd-certificates-dialog.h"
#include "sd-key-sources.h"

struct _SdCertificatesDialog
{
  AdwWindow            parent_instance;

  SdPlatformClient    *client;
  SdPlatformAccount   *account;
  SdPlatformListModel *model;
  GCancellable        *cancellable;

  /* Template children */
  AdwWindowTitle      *window_title;
  GtkSpinner          *spinner;
  GtkRevealer         *message_revealer;
  GtkLabel            *message_label;
  GtkLabel            *account_label;
  GtkLabel            *name_label;
  GtkLabel            *hint_label;
  GtkWidget           *diagnostics_button;
  GtkWidget           *add_button;
  GtkColumnView       *column_view;
  GtkLabel            *total_label;
  GtkWidget           *previous_button;
  GtkLabel            *page_label;
  GtkWidget           *next_button;
  GtkWidget           *close_button;
};

G_DEFINE_FINAL_TYPE (SdCertificatesDialog, sd_certificates_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_ACCOUNT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* 即将失效: this close to its end */
#define EXPIRY_WARNING_DAYS 30

static void
show_message (SdCertificatesDialog *self,
              const GError         *error)
{
  gtk_label_set_text (self->message_label, error != NULL ? error->message : "");
  gtk_revealer_set_reveal_child (self->message_revealer, error != NULL);
}

static void
update_busy (SdCertificatesDialog *self)
{
  gboolean diagnosing = !gtk_widget_get_sensitive (self->diagnostics_button);

  gtk_spinner_set_spinning (self->spinner,
                            diagnosing || sd_platform_list_model_get_loading (self->model));
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SdCertificatesDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (sd_platform_list_model_load_finish (SD_PLATFORM_LIST_MODEL (source), result, &error))
    show_message (self, NULL);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_message (self, error);
}

static void
load (SdCertificatesDialog *self)
{
  sd_platform_list_model_load_async (self->model, self->cancellable, on_loaded,
                                     g_object_ref (self));
}

static void
go_to_page (SdCertificatesDialog *self,
            guint                 page)
{
  page = CLAMP (page, 1, sd_platform_list_model_get_n_pages (self->model));
  sd_platform_list_model_set_page (self->model, page);
  load (self);
}

static void
on_previous (SdCertificatesDialog *self)
{
  go_to_page (self, sd_platform_list_model_get_page (self->model) - 1);
}

static void
on_next (SdCertificatesDialog *self)
{
  go_to_page (self, sd_platform_list_model_get_page (self->model) + 1);
}

/* 共 N 条 < 1 > */
static void
update_pager (SdCertificatesDialog *self)
{
  guint total = (guint) MIN (sd_platform_list_model_get_total (self->model), G_MAXUINT);
  guint page = sd_platform_list_model_get_page (self->model);
  guint n_pages = sd_platform_list_model_get_n_pages (self->model);
  g_autofree char *total_text = NULL;
  g_autofree char *page_text = NULL;

  total_text = g_strdup_printf (ngettext ("%u certificate in total", "%u certificates in total",
                                          total),
                                total);
  gtk_label_set_text (self->total_label, total_text);
  page_text = g_strdup_printf ("%u / %u", page, n_pages);
  gtk_label_set_text (self->page_label, page_text);
  gtk_widget_set_sensitive (self->previous_button, page > 1);
  gtk_widget_set_sensitive (self->next_button, page < n_pages);
}

/* Cells */

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

typedef enum
{
  TEXT_TYPE,
  TEXT_ADMIN,
  TEXT_BOUND_AT,
  TEXT_UPDATED_BY,
} TextColumn;

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  SdPlatformBinding *binding = gtk_list_item_get_item (item);
  TextColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  g_autofree char *text = NULL;

  switch (column)
    {
    case TEXT_TYPE:
      text = g_strdup (sd_platform_certificate_type_get_label (sd_platform_binding_get_certificate_type (binding)));
      break;
    case TEXT_ADMIN:
      /* Translators: 是否管理员 of a bound certificate, in its column */
      text = g_strdup (sd_platform_binding_get_is_admin (binding) ? C_("administrator", "Yes")
                                                                   : C_("administrator", "No"));
      break;
    case TEXT_BOUND_AT:
      text = format_time (sd_platform_binding_get_bound_at (binding));
      break;
    case TEXT_UPDATED_BY:
      text = g_strdup (sd_platform_binding_get_updated_by (binding));
      break;
    default:
      g_return_if_reached ();
    }
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

/* 数字证书服务号, and after it 即将失效 or 已失效 */
static void
setup_service_number (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *number = gtk_label_new (NULL);
  GtkWidget *mark = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_label_set_ellipsize (GTK_LABEL (number), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_selectable (GTK_LABEL (number), TRUE);
  gtk_widget_set_hexpand (number, TRUE);
  gtk_widget_add_css_class (mark, "caption-heading");
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), mark);
  gtk_list_item_set_child (item, box);
}

static void
bind_service_number (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  SdPlatformBinding *binding = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *number = gtk_widget_get_first_child (box);
  GtkWidget *mark = gtk_widget_get_last_child (box);
  GDateTime *not_after = sd_platform_binding_get_not_after (binding);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *service_number = sd_platform_binding_get_service_number (binding);

  gtk_label_set_text (GTK_LABEL (number), service_number != NULL ? service_number : "");
  gtk_widget_remove_css_class (mark, "error");
  gtk_widget_remove_css_class (mark, "warning");
  if (not_after != NULL && g_date_time_compare (not_after, now) <= 0)
    {
      gtk_label_set_text (GTK_LABEL (mark), C_("certificate", "Expired"));
      gtk_widget_add_css_class (mark, "error");
      gtk_widget_set_visible (mark, TRUE);
    }
  else if (not_after != NULL
           && g_date_time_difference (not_after, now) < EXPIRY_WARNING_DAYS * G_TIME_SPAN_DAY)
    {
      gtk_label_set_text (GTK_LABEL (mark), C_("certificate", "Expiring Soon"));
      gtk_widget_add_css_class (mark, "warning");
      gtk_widget_set_visible (mark, TRUE);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (mark), "");
      gtk_widget_set_visible (mark, FALSE);
    }
}

static GtkWidget *
action_button (const char *label,
               const char *action_name)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "link");
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", (gint64) 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  return button;
}

/* 操作: 权限管理 and 解绑, naming the binding by its id
 * (certificates.permissions, certificates.unbind) */
static void
setup_actions (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_set_halign (box, GTK_ALIGN_START);
  /* Translators: seed 004's 权限管理 of a bound certificate, a link in its row */
  gtk_box_append (GTK_BOX (box), action_button (C_("certificate", "Permissions"),
                                                "certificates.permissions"));
  gtk_box_append (GTK_BOX (box), action_button (_("Unbind"), "certificates.unbind"));
  gtk_list_item_set_child (item, box);
}

static void
bind_actions (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  SdPlatformBinding *binding = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *permissions = gtk_widget_get_first_child (box);
  GtkWidget *unbind = gtk_widget_get_last_child (box);
  const char *service_number = sd_platform_binding_get_service_number (binding);
  g_autofree char *permissions_label = NULL;
  g_autofree char *unbind_label = NULL;

  gtk_actionable_set_action_target (GTK_ACTIONABLE (permissions), "x",
                                    sd_platform_binding_get_id (binding));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (unbind), "x",
                                    sd_platform_binding_get_id (binding));
  /* Translators: the accessible name of a certificate's 权限管理 */
  permissions_label = g_strdup_printf (_("Permissions of %s"), service_number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (permissions), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  permissions_label, -1);
  /* Translators: the accessible name of a certificate's 解绑 */
  unbind_label = g_strdup_printf (_("Unbind %s"), service_number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (unbind), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  unbind_label, -1);
}

static void
add_column (SdCertificatesDialog *self,
            const char           *title,
            GCallback             setup,
            GCallback             bind,
            int                   text_column,
            gboolean              expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (text_column));
  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
}

static void
add_columns (SdCertificatesDialog *self)
{
  /* The seed's columns, in its order */
  add_column (self, _("Certificate type"), G_CALLBACK (setup_label), G_CALLBACK (bind_label),
              TEXT_TYPE, FALSE);
  add_column (self, _("Certificate service number"), G_CALLBACK (setup_service_number),
              G_CALLBACK (bind_service_number), 0, TRUE);
  /* Seed 004's 是否管理员 */
  add_column (self, _("Administrator"), G_CALLBACK (setup_label), G_CALLBACK (bind_label),
              TEXT_ADMIN, FALSE);
  add_column (self, _("Bound"), G_CALLBACK (setup_label), G_CALLBACK (bind_label),
              TEXT_BOUND_AT, FALSE);
  add_column (self, _("Updated by"), G_CALLBACK (setup_label), G_CALLBACK (bind_label),
              TEXT_UPDATED_BY, FALSE);
  add_column (self, _("Actions"), G_CALLBACK (setup_actions), G_CALLBACK (bind_actions), 0, FALSE);
}

/* 解绑 */

static void
on_account_reloaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SdCertificatesDialog) self = user_data;
  g_autoptr(SdPlatformAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = sd_platform_client_get_account_finish (SD_PLATFORM_CLIENT (source), result, &error);
  if (account == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error);
      return;
    }
  g_set_object (&self->account, account);
  g_signal_emit (self, signals[SIGNAL_ACCOUNT_CHANGED], 0, account);
}

static void
on_unbound (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SdCertificatesDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sd_platform_client_unbind_certificate_finish (SD_PLATFORM_CLIENT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error);
      /* Someone else may have unbound it: show what is there */
      load (self);
      return;
    }
  show_message (self, NULL);
  load (self);
  /* The account's 数字证书个数, as the server counts it now */
  sd_platform_client_get_account_async (self->client, sd_platform_account_get_id (self->account),
                                        self->cancellable, on_account_reloaded,
                                        g_object_ref (self));
}

static void
on_unbind_response (AdwMessageDialog     *dialog,
                    const char           *response,
                    SdCertificatesDialog *self)
{
  SdPlatformBinding *binding = g_object_get_data (G_OBJECT (dialog), "binding");

  if (!g_str_equal (response, "unbind"))
    return;
  sd_platform_client_unbind_certificate_async (self->client, binding, self->cancellable,
                                               on_unbound, g_object_ref (self));
}

static SdPlatformBinding *
find_binding (SdCertificatesDialog *self,
              gint64                id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SdPlatformBinding) binding = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      if (sd_platform_binding_get_id (binding) == id)
        return binding;
    }
  return NULL;
}

static void
unbind (GtkWidget  *widget,
        const char *action_name,
        GVariant   *param)
{
  SdCertificatesDialog *self = SD_CERTIFICATES_DIALOG (widget);
  SdPlatformBinding *binding = find_binding (self, g_variant_get_int64 (param));
  AdwMessageDialog *dialog;

  if (binding == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Unbind the certificate “%s”?"),
                                     sd_platform_binding_get_service_number (binding));
  adw_message_dialog_format_body (dialog,
                                  _("Its key can no longer sign in as “%s” or sign for the "
                                    "account. Sessions opened with it end. The certificate can "
                                    "be bound again later."),
                                  sd_platform_account_get_login (self->account));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "unbind", _("_Unbind"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "unbind", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "binding", g_object_ref (binding), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_unbind_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* 权限管理: the row shows what the server saved */

static void
on_binding_saved (SdBindingDialog      *dialog,
                  SdPlatformBinding    *binding,
                  SdCertificatesDialog *self)
{
  if (!sd_platform_list_model_replace_item (self->model, binding))
    load (self);
}

static void
edit_permissions (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  SdCertificatesDialog *self = SD_CERTIFICATES_DIALOG (widget);
  SdPlatformBinding *binding = find_binding (self, g_variant_get_int64 (param));
  SdBindingDialog *dialog;

  if (binding == NULL)
    return;
  dialog = sd_binding_dialog_new (GTK_WINDOW (self), self->client, binding);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_binding_saved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* 添加数字证书: the list and the account's 数字证书个数 follow */

static void
on_certificate_bound (SdAddCertificateDialog *dialog,
                      SdPlatformBinding      *binding,
                      SdCertificatesDialog   *self)
{
  show_message (self, NULL);
  load (self);
  sd_platform_client_get_account_async (self->client, sd_platform_account_get_id (self->account),
                                        self->cancellable, on_account_reloaded,
                                        g_object_ref (self));
}

static void
add_certificate (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SdCertificatesDialog *self = SD_CERTIFICATES_DIALOG (widget);
  SdAddCertificateDialog *dialog;

  dialog = sd_add_certificate_dialog_new (GTK_WINDOW (self), self->client, self->account);
  g_signal_connect_object (dialog, "bound", G_CALLBACK (on_certificate_bound), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* USB key diagnostics: where the seed sends people to 下载CA驱动, this
 * computer's key stack and what to do about what is missing */

static void
diagnose_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_task_return_pointer (task, sd_key_sources_diagnose (task_data, cancellable),
                         (GDestroyNotify) sd_token_diagnostics_free);
}

static const char *
level_icon (SdDiagLevel level)
{
  switch (level)
    {
    case SD_DIAG_OK:
      return "emblem-ok-symbolic";
    case SD_DIAG_INFO:
      return "dialog-information-symbolic";
    case SD_DIAG_WARNING:
      return "dialog-warning-symbolic";
    case SD_DIAG_PROBLEM:
      return "dialog-error-symbolic";
    default:
      return "dialog-information-symbolic";
    }
}

static GtkWidget *
diagnostic_row (const char *icon_name,
                const char *title,
                const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  /* Paths and messages are text, not markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
on_diagnosed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdCertificatesDialog *self = SD_CERTIFICATES_DIALOG (source);
  g_autoptr(SdTokenDiagnostics) diagnostics = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *scrolled, *list;

  diagnostics = g_task_propagate_pointer (G_TASK (result), &error);
  gtk_widget_set_sensitive (self->diagnostics_button, TRUE);
  update_busy (self);
  if (diagnostics == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error);
      return;
    }

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("USB Key Diagnostics"), -1);
  for (guint i = 0; i < diagnostics->tokens->len; i++)
    {
      SdToken *token = g_ptr_array_index (diagnostics->tokens, i);
      const char *parts[] = {
        sd_token_get_manufacturer (token), sd_token_get_model (token), sd_token_get_driver (token),
      };
      g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;
      g_autofree char *subtitle = NULL;

      for (guint j = 0; j < G_N_ELEMENTS (parts); j++)
        if (parts[j] != NULL && *parts[j] != '\0')
          g_strv_builder_add (words, parts[j]);
      strv = g_strv_builder_end (words);
      subtitle = g_strjoinv (" · ", strv);

      gtk_list_box_append (GTK_LIST_BOX (list),
                           diagnostic_row ("media-removable-symbolic", sd_token_get_label (token),
                                           subtitle));
    }
  for (guint i = 0; i < diagnostics->items->len; i++)
    {
      SdDiagItem *item = g_ptr_array_index (diagnostics->items, i);
      g_autofree char *subtitle = NULL;

      if (item->next_step != NULL)
        subtitle = g_strdup_printf ("%s\n→ %s", item->message, item->next_step);
      else
        subtitle = g_strdup (item->message);
      gtk_list_box_append (GTK_LIST_BOX (list),
                           diagnostic_row (level_icon (item->level),
                                           item->subject != NULL ? item->subject : item->component,
                                           subtitle));
    }

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("USB Key Diagnostics"), NULL));
  if (diagnostics->tokens->len == 0)
    adw_message_dialog_set_body (dialog, _("No USB key is seen. What this computer lacks, and "
                                           "what to do about it:"));
  else
    adw_message_dialog_format_body (dialog,
                                    ngettext ("%u USB key is seen.", "%u USB keys are seen.",
                                              diagnostics->tokens->len),
                                    diagnostics->tokens->len);
  adw_message_dialog_set_extra_child (dialog, scrolled);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, -1);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
diagnose (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  SdCertificatesDialog *self = SD_CERTIFICATES_DIALOG (widget);
  g_autoptr(GTask) task = NULL;

  if (!gtk_widget_get_sensitive (self->diagnostics_button))
    return;
  gtk_widget_set_sensitive (self->diagnostics_button, FALSE);
  update_busy (self);
  task = g_task_new (self, self->cancellable, on_diagnosed, NULL);
  g_task_set_source_tag (task, diagnose);
  /* Where the key chooser looks too */
  g_task_set_task_data (task, sd_key_sources_new (), (GDestroyNotify) sd_key_sources_free);
  g_task_run_in_thread (task, diagnose_thread);
}

SdPlatformListModel *
sd_certificates_dialog_get_model (SdCertificatesDialog *self)
{
  g_return_val_if_fail (SD_IS_CERTIFICATES_DIALOG (self), NULL);

  return self->model;
}

static void
sd_certificates_dialog_dispose (GObject *object)
{
  SdCertificatesDialog *self = SD_CERTIFICATES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_CERTIFICATES_DIALOG);
  g_clear_object (&self->model);
  g_clear_object (&self->account);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (sd_certificates_dialog_parent_class)->dispose (object);
}

static void
sd_certificates_dialog_finalize (GObject *object)
{
  SdCertificatesDialog *self = SD_CERTIFICATES_DIALOG (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sd_certificates_dialog_parent_class)->finalize (object);
}

static void
sd_certificates_dialog_class_init (SdCertificatesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_certificates_dialog_dispose;
  object_class->finalize = sd_certificates_dialog_finalize;

  signals[SIGNAL_ACCOUNT_CHANGED] = g_signal_new ("account-changed", G_TYPE_FROM_CLASS (klass),
                                                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                  G_TYPE_NONE, 1, SD_TYPE_PLATFORM_ACCOUNT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-certificates-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdCertificatesDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SdCertificatesDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdCertificatesDialog, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, SdCertificatesDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SdCertificatesDialog, account_label);
  gtk_widget_class_bind_template_child (widget_class, SdCertificatesDialog, name_label);
  gtk_widget_class_bind_template_child (widget_class, SdCertificatesDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SdCertificatesDialog, diagnostics_button);
  gtk_widget_class_bind_template_child (widget_class, SdCertificatesDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, SdCertificatesDialog, column_view);
  gtk_widget_class_bind_template_child (widget_class, SdCertificatesDialog, total_label);
  gtk_widget_class_bind_template_child (widget_class, SdCertificatesDialog, previous_button);
  gtk_widget_class_bind_template_child (widget_class, SdCertificatesDialog, page_label);
  gtk_widget_class_bind_template_child (widget_class, SdCertificatesDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, SdCertificatesDialog, close_button);
  gtk_widget_class_bind_template_callback (widget_class, on_previous);
  gtk_widget_class_bind_template_callback (widget_class, on_next);

  gtk_widget_class_install_action (widget_class, "certificates.permissions", "x",
                                   edit_permissions);
  gtk_widget_class_install_action (widget_class, "certificates.unbind", "x", unbind);
  gtk_widget_class_install_action (widget_class, "certificates.diagnostics", NULL, diagnose);
  gtk_widget_class_install_action (widget_class, "certificates.add", NULL, add_certificate);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_certificates_dialog_init (SdCertificatesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  add_columns (self);
}

SdCertificatesDialog *
sd_certificates_dialog_new (GtkWindow         *parent,
                            SdPlatformClient  *client,
                            SdPlatformAccount *account)
{
  SdCertificatesDialog *self;
  SdPlatformSession *session;
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_val_if_fail (SD_IS_PLATFORM_CLIENT (client), NULL);
  g_return_val_if_fail (SD_IS_PLATFORM_ACCOUNT (account), NULL);

  self = g_object_new (SD_TYPE_CERTIFICATES_DIALOG, "transient-for", parent, NULL);
  self->client = g_object_ref (client);
  self->account = g_object_ref (account);
  session = sd_platform_client_get_session (client);
  /* Binding one's own certificates does not allow widening them */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "certificates.permissions",
                                 session != NULL
                                 && sd_platform_session_has_permission (session,
                                                                        "certificates.manage"));
  adw_window_title_set_subtitle (self->window_title, sd_platform_account_get_login (account));
  gtk_label_set_text (self->account_label, sd_platform_account_get_login (account));
  gtk_label_set_text (self->name_label, sd_platform_account_get_name (account));

  self->model = sd_platform_list_model_new (client, SD_PLATFORM_LIST_BINDINGS,
                                            sd_platform_account_get_id (account));
  g_signal_connect_object (self->model, "notify::total", G_CALLBACK (update_pager), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::page", G_CALLBACK (update_pager), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::n-pages", G_CALLBACK (update_pager), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (update_busy), self,
                           G_CONNECT_SWAPPED);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  update_pager (self);
  load (self);
  return self;
}
