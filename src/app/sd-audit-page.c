/* sd-audit-page.c: 操作日志, who did what and when
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server filters (type, operator, date range) and pages, newest
 * first.  A date range is of local days: the bounds go to the server as
 * local midnights with their UTC offset.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sd-audit-page.h"
#include "sd-column-widths.h"

struct _SdAuditPage
{
  GtkWidget            parent_instance;

  SdPlatformClient    *client;
  SdPlatformListModel *model;
  GCancellable        *cancellable;

  /* Template children */
  GtkDropDown         *category_dropdown;
  GtkEntry            *actor_entry;
  GtkEntry            *from_entry;
  GtkEntry            *to_entry;
  GtkWidget           *reset_button;
  GtkWidget           *search_button;
  GtkSpinner          *spinner;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  GtkColumnView       *column_view;
  GtkLabel            *total_label;
  GtkDropDown         *per_page_dropdown;
  GtkWidget           *previous_button;
  GtkLabel            *page_label;
  GtkWidget           *next_button;
};

G_DEFINE_FINAL_TYPE (SdAuditPage, sd_audit_page, GTK_TYPE_WIDGET)

static const guint per_page_sizes[] = { 10, 20, 50, 100 };

/* The 类型 filter: the API's categories, in the drop-down's order after 全部 */
static const char * const categories[] = {
  "session", "account", "role", "certificate", "seal", "enterprise",
};

static const char *
category_label (const char *category)
{
  if (g_strcmp0 (category, "session") == 0)
    return C_("audit category", "Sign-in");
  if (g_strcmp0 (category, "account") == 0)
    return C_("audit category", "Account");
  if (g_strcmp0 (category, "role") == 0)
    return C_("audit category", "Role");
  if (g_strcmp0 (category, "certificate") == 0)
    return C_("audit category", "Certificate");
  if (g_strcmp0 (category, "seal") == 0)
    return C_("audit category", "Seal");
  if (g_strcmp0 (category, "enterprise") == 0)
    return C_("audit category", "Enterprise");
  return category;
}

/* Every action the server records (AuditEntry.action in
 * docs/api/openapi.yaml), in words; one it adds later shows as named */
static const char *
action_label (const char *action)
{
  static const struct
  {
    const char *action;
    const char *label;
  } labels[] = {
    { "session.login", NC_("audit action", "Signed in with password") },
    { "session.login_failed", NC_("audit action", "Password sign-in failed") },
    { "session.ca_login", NC_("audit action", "Signed in with USB key") },
    { "session.ca_login_failed", NC_("audit action", "USB key sign-in failed") },
    { "session.locked", NC_("audit action", "Account locked after failed sign-ins") },
    { "session.logout", NC_("audit action", "Signed out") },
    { "enterprise.register", NC_("audit action", "Enterprise registered") },
    { "account.create", NC_("audit action", "Account added") },
    { "account.update", NC_("audit action", "Account edited") },
    { "account.enable", NC_("audit action", "Account enabled") },
    { "account.disable", NC_("audit action", "Account disabled") },
    { "account.roles", NC_("audit action", "Roles assigned") },
    { "account.password_reset", NC_("audit action", "Password reset") },
    { "account.password_change", NC_("audit action", "Password changed") },
    { "role.create", NC_("audit action", "Role added") },
    { "role.update", NC_("audit action", "Role edited") },
    { "role.delete", NC_("audit action", "Role deleted") },
    { "certificate.bind", NC_("audit action", "Certificate bound") },
    { "certificate.update", NC_("audit action", "Certificate permissions changed") },
    { "certificate.unbind", NC_("audit action", "Certificate unbound") },
    { "seal.create", NC_("audit action", "Seal added") },
    { "seal.update", NC_("audit action", "Seal edited") },
    { "seal.grant", NC_("audit action", "Seal use granted") },
    { "seal.revoke", NC_("audit action", "Seal grant revoked") },
    { "seal.use", NC_("audit action", "Seal used") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (action, labels[i].action) == 0)
      return g_dpgettext2 (GETTEXT_PACKAGE, "audit action", labels[i].label);
  return action;
}

static void
show_error (SdAuditPage *self,
            const char  *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SdAuditPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (sd_platform_list_model_load_finish (SD_PLATFORM_LIST_MODEL (source), result, &error))
    show_error (self, NULL);
  /* An ended session is the window's business: it shows the sign-in. */
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
           && !g_error_matches (error, SD_PLATFORM_ERROR, SD_PLATFORM_ERROR_AUTHENTICATION_REQUIRED))
    show_error (self, error->message);
}

static void
load (SdAuditPage *self)
{
  if (self->model == NULL)
    return;
  sd_platform_list_model_load_async (self->model, self->cancellable, on_loaded,
                                     g_object_ref (self));
}

/* A local day typed as YYYY-MM-DD, as the local midnight @days_later in
 * RFC 3339; "" for no date, NULL when it is no date. */
static char *
parse_day (const char *text,
           int         days_later)
{
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) bound = NULL;
  guint year, month, day;
  char end;

  if (*text == '\0')
    return g_strdup ("");
  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-'
      || sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) != 3
      || !g_date_valid_dmy (day, month, year))
    return NULL;
  midnight = g_date_time_new_local (year, month, day, 0, 0, 0);
  if (midnight == NULL)
    return NULL;
  bound = g_date_time_add_days (midnight, days_later);
  return g_date_time_format_iso8601 (bound);
}

/* A date being typed: marked once it cannot be one; 查询 waits for it */
static gboolean
check_date (GtkEntry *entry)
{
  g_autofree char *bound = parse_day (gtk_editable_get_text (GTK_EDITABLE (entry)), 0);

  if (bound != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  return bound != NULL;
}

static void
on_date_changed (SdAuditPage *self)
{
  gboolean from_ok = check_date (self->from_entry);
  gboolean to_ok = check_date (self->to_entry);

  gtk_widget_set_sensitive (self->search_button, from_ok && to_ok);
}

/* 查询 */
static void
on_search (SdAuditPage *self)
{
  guint category = gtk_drop_down_get_selected (self->category_dropdown);
  g_autofree char *from = parse_day (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), 0);
  /* The last day is included: up to the next midnight */
  g_autofree char *to = parse_day (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), 1);

  if (self->model == NULL || from == NULL || to == NULL)
    return;
  sd_platform_list_model_set_filter (self->model, "category",
                                     category >= 1 && category <= G_N_ELEMENTS (categories)
                                     ? categories[category - 1] : NULL);
  sd_platform_list_model_set_filter (self->model, "actor",
                                     gtk_editable_get_text (GTK_EDITABLE (self->actor_entry)));
  sd_platform_list_model_set_filter (self->model, "from", from);
  sd_platform_list_model_set_filter (self->model, "to", to);
  load (self);
}

/* 重置 */
static void
on_reset (SdAuditPage *self)
{
  gtk_drop_down_set_selected (self->category_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->actor_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), "");
  if (self->model == NULL)
    return;
  sd_platform_list_model_clear_filters (self->model);
  load (self);
}

static void
go_to_page (SdAuditPage *self,
            guint        page)
{
  if (self->model == NULL)
    return;
  page = CLAMP (page, 1, sd_platform_list_model_get_n_pages (self->model));
  sd_platform_list_model_set_page (self->model, page);
  load (self);
}

static void
on_previous (SdAuditPage *self)
{
  go_to_page (self, sd_platform_list_model_get_page (self->model) - 1);
}

static void
on_next (SdAuditPage *self)
{
  go_to_page (self, sd_platform_list_model_get_page (self->model) + 1);
}

static void
on_per_page_selected (SdAuditPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->per_page_dropdown);

  if (self->model == NULL || selected >= G_N_ELEMENTS (per_page_sizes)
      || per_page_sizes[selected] == sd_platform_list_model_get_per_page (self->model))
    return;
  sd_platform_list_model_set_per_page (self->model, per_page_sizes[selected]);
  load (self);
}

static void
update_pager (SdAuditPage *self)
{
  guint total = (guint) MIN (sd_platform_list_model_get_total (self->model), G_MAXUINT);
  guint page = sd_platform_list_model_get_page (self->model);
  guint n_pages = sd_platform_list_model_get_n_pages (self->model);
  g_autofree char *total_text = NULL;
  g_autofree char *page_text = NULL;

  total_text = g_strdup_printf (ngettext ("%u entry in total", "%u entries in total", total),
                                total);
  gtk_label_set_text (self->total_label, total_text);
  page_text = g_strdup_printf ("%u / %u", page, n_pages);
  gtk_label_set_text (self->page_label, page_text);
  gtk_widget_set_sensitive (self->previous_button, page > 1);
  gtk_widget_set_sensitive (self->next_button, page < n_pages);
}

static void
update_loading (SdAuditPage *self)
{
  gtk_spinner_set_spinning (self->spinner, sd_platform_list_model_get_loading (self->model));
}

/* Cells */

typedef enum
{
  TEXT_TIME,
  TEXT_CATEGORY,
  TEXT_ACTION,
  TEXT_OUTCOME,
  TEXT_ACTOR,
  TEXT_TARGET,
  TEXT_SOURCE,
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
  SdPlatformAuditEntry *entry = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  TextColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (label, "error");
  switch (column)
    {
    case TEXT_TIME:
      {
        GDateTime *time = sd_platform_audit_entry_get_time (entry);
        g_autoptr(GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;

        text = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : NULL;
      }
      break;
    case TEXT_CATEGORY:
      text = g_strdup (category_label (sd_platform_audit_entry_get_category (entry)));
      break;
    case TEXT_ACTION:
      text = g_strdup (action_label (sd_platform_audit_entry_get_action (entry)));
      gtk_widget_set_tooltip_text (label, sd_platform_audit_entry_get_action (entry));
      break;
    case TEXT_OUTCOME:
      if (sd_platform_audit_entry_get_success (entry))
        text = g_strdup (C_("audit outcome", "Succeeded"));
      else
        {
          text = g_strdup (C_("audit outcome", "Failed"));
          gtk_widget_add_css_class (label, "error");
        }
      break;
    case TEXT_ACTOR:
      text = g_strdup (sd_platform_audit_entry_get_actor_login (entry));
      break;
    case TEXT_TARGET:
      text = g_strdup (sd_platform_audit_entry_get_target_label (entry));
      break;
    case TEXT_SOURCE:
      text = g_strdup (sd_platform_audit_entry_get_source_address (entry));
      break;
    default:
      g_return_if_reached ();
    }
  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
}

static void
add_column (SdAuditPage *self,
            const char  *id,
            const char  *title,
            TextColumn   text_column,
            gboolean     expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (text_column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_label), self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);
  sd_column_widths_set_id (column, id);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
}

static void
add_columns (SdAuditPage *self)
{
  add_column (self, "time", _("Time"), TEXT_TIME, FALSE);
  add_column (self, "category", _("Type"), TEXT_CATEGORY, FALSE);
  add_column (self, "action", _("Operation"), TEXT_ACTION, TRUE);
  add_column (self, "outcome", _("Result"), TEXT_OUTCOME, FALSE);
  add_column (self, "actor", _("Operator"), TEXT_ACTOR, FALSE);
  add_column (self, "target", _("Object"), TEXT_TARGET, TRUE);
  add_column (self, "source", _("Source address"), TEXT_SOURCE, FALSE);
}

void
sd_audit_page_set_client (SdAuditPage      *self,
                          SdPlatformClient *client)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  g_return_if_fail (SD_IS_AUDIT_PAGE (self));
  g_return_if_fail (SD_IS_PLATFORM_CLIENT (client));

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  g_set_object (&self->client, client);
  g_clear_object (&self->model);
  self->model = sd_platform_list_model_new (client, SD_PLATFORM_LIST_AUDIT, 0);
  g_signal_connect_object (self->model, "notify::total", G_CALLBACK (update_pager), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::page", G_CALLBACK (update_pager), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::n-pages", G_CALLBACK (update_pager), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (update_loading), self,
                           G_CONNECT_SWAPPED);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  on_per_page_selected (self);
  update_pager (self);
  on_search (self);
}

void
sd_audit_page_reload (SdAuditPage *self)
{
  g_return_if_fail (SD_IS_AUDIT_PAGE (self));

  load (self);
}

void
sd_audit_page_focus_filter (SdAuditPage *self)
{
  g_return_if_fail (SD_IS_AUDIT_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->actor_entry));
}

SdPlatformListModel *
sd_audit_page_get_model (SdAuditPage *self)
{
  g_return_val_if_fail (SD_IS_AUDIT_PAGE (self), NULL);

  return self->model;
}

static void
sd_audit_page_dispose (GObject *object)
{
  SdAuditPage *self = SD_AUDIT_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_AUDIT_PAGE);
  /* The template's top child is not bound, so not disposed with it */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->model);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (sd_audit_page_parent_class)->dispose (object);
}

static void
sd_audit_page_finalize (GObject *object)
{
  SdAuditPage *self = SD_AUDIT_PAGE (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sd_audit_page_parent_class)->finalize (object);
}

static void
sd_audit_page_class_init (SdAuditPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_audit_page_dispose;
  object_class->finalize = sd_audit_page_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-audit-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, actor_entry);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, reset_button);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, search_button);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, per_page_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, previous_button);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, page_label);
  gtk_widget_class_bind_template_child (widget_class, SdAuditPage, next_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search);
  gtk_widget_class_bind_template_callback (widget_class, on_reset);
  gtk_widget_class_bind_template_callback (widget_class, on_previous);
  gtk_widget_class_bind_template_callback (widget_class, on_next);
  gtk_widget_class_bind_template_callback (widget_class, on_date_changed);
}

static void
sd_audit_page_init (SdAuditPage *self)
{
  g_autoptr(GtkStringList) sizes = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* Translators: the 类型 filter's 全部 */
  gtk_string_list_append (types, C_("audit category", "All"));
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    gtk_string_list_append (types, category_label (categories[i]));
  gtk_drop_down_set_model (self->category_dropdown, G_LIST_MODEL (types));

  for (guint i = 0; i < G_N_ELEMENTS (per_page_sizes); i++)
    {
      g_autofree char *text = g_strdup_printf (_("%u / page"), per_page_sizes[i]);

      gtk_string_list_append (sizes, text);
    }
  gtk_drop_down_set_model (self->per_page_dropdown, G_LIST_MODEL (sizes));
  g_signal_connect_object (self->per_page_dropdown, "notify::selected",
                           G_CALLBACK (on_per_page_selected), self, G_CONNECT_SWAPPED);
  add_columns (self);
  sd_column_widths_track (self->column_view, "audit");
  /* Shown again: what happened meanwhile */
  g_signal_connect (self, "map", G_CALLBACK (load), NULL);
}
