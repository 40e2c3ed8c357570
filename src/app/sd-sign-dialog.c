/* sd-sign-dialog.c: choose the key and sign (签章)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key is a USB key's signing certificate (SdKeyChooser, which asks
 * the PIN with the tries left while the key signs) or a key file, opened
 * (and its password checked) in a worker thread; then libsealdesk signs
 * asynchronously.  Errors stay in the dialog so that a mistyped password
 * can be typed again.  The key file last used is remembered, its password
 * never.
 *
 * Signed in to a platform, only a certificate bound to the signed-in
 * account may sign (seed 000: 用户绑定数字证书才可进行签章操作): the
 * account's bindings are asked of the server first; when it cannot be
 * reached, those it gave last in this session stand in (and the window
 * says so).  Offline any key that can sign will do.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sd-key-file-signer.h"
#include "sd-platform.h"
#include "sd-page-set.h"
#include "sd-seal-layout.h"

#include "sd-account-bindings.h"
#include "sd-application.h"
#include "sd-key-chooser.h"
#include "sd-sign-dialog.h"
#include "sd-window.h"

struct _SdSignDialog
{
  AdwWindow            parent_instance;

  GSettings           *settings;
  GFile               *input;
  GFile               *output;
  SdSignOptions       *options;
  GFile               *key_file;
  GCancellable        *cancellable;
  SdPlatformClient    *client;    /* signed in to, or NULL offline */
  SdSigner            *signer;    /* while its binding is checked */

  /* Template children */
  GtkButton           *sign_button;
  GtkSpinner          *spinner;
  GtkLabel            *summary_label;
  GtkWidget           *source_switcher;
  AdwViewStack        *source_stack;
  SdKeyChooser        *key_chooser;
  AdwActionRow        *key_row;
  GtkButton           *choose_button;
  GtkEditable         *password_row;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (SdSignDialog, sd_sign_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
uses_token (SdSignDialog *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->source_stack), "token") == 0;
}

static void
update_sign_button (SdSignDialog *self)
{
  gboolean has_key = uses_token (self) ? sd_key_chooser_get_selected_uri (self->key_chooser) != NULL
                                       : self->key_file != NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_button),
                            has_key && !gtk_spinner_get_spinning (self->spinner));
}

static void
set_busy (SdSignDialog *self,
          gboolean      busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  update_sign_button (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_button), !busy);
  /* The key chooser stays usable: it asks the PIN while the key signs.
   * (the password row stays sensitive too: it holds the focus) */
  gtk_widget_set_sensitive (self->source_switcher, !busy);
}

static void
show_error (SdSignDialog *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* A failure of one of the steps; nothing to say when the user cancelled
 * the PIN entry, and nothing to do when the dialog is gone. */
static void
fail (SdSignDialog *self,
      const GError *error)
{
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  set_busy (self, FALSE);
  show_error (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? NULL
                                                                              : error->message);
}

static void
on_signed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SdSignDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sd_pdf_sign_file_finish (result, &error))
    {
      fail (self, error);
      return;
    }
  g_signal_emit (self, signals[SIGNED], 0, self->output);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sign_with (SdSignDialog *self,
           SdSigner     *signer)
{
  g_autofree char *input = g_file_get_path (self->input);
  g_autofree char *output = g_file_get_path (self->output);

  sd_pdf_sign_file_async (input, output, signer, self->options, self->cancellable, on_signed,
                          g_object_ref (self));
}

static gboolean
is_bound (GPtrArray *bindings,
          GBytes    *certificate)
{
  for (guint i = 0; i < bindings->len; i++)
    if (sd_platform_binding_is_certificate (g_ptr_array_index (bindings, i), certificate))
      return TRUE;
  return FALSE;
}

static void
on_bindings_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SdSignDialog) self = user_data;
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GBytes) certificate = NULL;
  g_autoptr(GPtrArray) bindings = NULL;
  g_autoptr(GError) error = NULL;
  gboolean remembered = FALSE;
  GtkWindow *parent;

  bindings = sd_account_bindings_load_finish (SD_ACCOUNT_BINDINGS (source), result, &remembered,
                                              &error);
  if (bindings == NULL)
    {
      fail (self, error);
      return;
    }
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (remembered && SD_IS_WINDOW (parent))
    sd_window_add_toast (SD_WINDOW (parent),
                         _("The platform cannot be reached: the certificate is checked against your account’s bindings as last loaded."));
  signer = g_steal_pointer (&self->signer);
  certificate = sd_signer_get_certificate (signer);
  if (!is_bound (bindings, certificate))
    {
      set_busy (self, FALSE);
      /* TRANSLATORS: seed 000's words: 用户绑定数字证书才可进行签章操作 */
      show_error (self, _("Only a certificate bound to your account can sign."));
      return;
    }
  sign_with (self, signer);
}

/* Signed in to a platform: the certificate must be one of the account's
 * bindings. */
static void
check_binding_then_sign (SdSignDialog *self,
                         SdSigner     *signer)
{
  SdPlatformSession *session;

  if (self->client == NULL)
    {
      sign_with (self, signer);
      return;
    }
  session = sd_platform_client_get_session (self->client);
  if (session == NULL)
    {
      set_busy (self, FALSE);
      show_error (self, _("You are signed out of the platform. Sign in again, or work offline, "
                          "to sign."));
      return;
    }
  g_set_object (&self->signer, signer);
  sd_account_bindings_load_async (sd_account_bindings_get_for_client (self->client),
                                  self->cancellable, on_bindings_loaded, g_object_ref (self));
}

static void
on_token_signer (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SdSignDialog) self = user_data;
  g_autoptr(SdSigner) signer = NULL;
  g_autoptr(GError) error = NULL;

  signer = sd_key_chooser_get_signer_finish (SD_KEY_CHOOSER (source), result, &error);
  if (signer == NULL)
    {
      fail (self, error);
      return;
    }
  check_binding_then_sign (self, signer);
}

static void
on_key_opened (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SdSignDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSigner) signer = sd_key_file_signer_new_from_pkcs12_finish (result, &error);

  if (signer == NULL)
    {
      fail (self, error);
      return;
    }
  check_binding_then_sign (self, signer);
}

static void
on_sign_clicked (SdSignDialog *self)
{
  g_autofree char *path = NULL;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->sign_button)))
    return;
  show_error (self, NULL);
  set_busy (self, TRUE);
  if (uses_token (self))
    {
      sd_key_chooser_get_signer_async (self->key_chooser, self->cancellable, on_token_signer,
                                       g_object_ref (self));
      return;
    }
  path = g_file_get_path (self->key_file);
  sd_key_file_signer_new_from_pkcs12_async (path, gtk_editable_get_text (self->password_row),
                                            self->cancellable, on_key_opened, g_object_ref (self));
  /* the password is in the call now, and no longer in the entry */
  gtk_editable_set_text (self->password_row, "");
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     SdSignDialog    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        sd_sign_dialog_set_key_file (self, file);
    }
  g_object_unref (chooser);
}

static void
on_choose_clicked (SdSignDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a Key File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Key files (PKCS#12)"));
  gtk_file_filter_add_pattern (filter, "*.p12");
  gtk_file_filter_add_pattern (filter, "*.pfx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
use_key_file (SdSignDialog *self,
              GFile        *key_file)
{
  g_autofree char *path = g_file_get_path (key_file);

  g_set_object (&self->key_file, key_file);
  adw_action_row_set_subtitle (self->key_row, path);
  update_sign_button (self);
}

void
sd_sign_dialog_set_key_file (SdSignDialog *self,
                             GFile        *key_file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (SD_IS_SIGN_DIALOG (self));
  g_return_if_fail (G_IS_FILE (key_file));

  use_key_file (self, key_file);
  path = g_file_get_path (key_file);
  g_settings_set_string (self->settings, "key-file", path);
  adw_view_stack_set_visible_child_name (self->source_stack, "file");
  show_error (self, NULL);
}

static void
on_source_changed (SdSignDialog *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->source_stack);

  if (name != NULL)
    g_settings_set_string (self->settings, "sign-key-source", name);
  show_error (self, NULL);
  update_sign_button (self);
}

/* "2-3, 7": @pages (from 0, sorted, each once) as people write them */
static char *
format_pages (GArray *pages)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < pages->len; i++)
    {
      guint first = g_array_index (pages, guint, i), last = first;

      while (i + 1 < pages->len && g_array_index (pages, guint, i + 1) == last + 1)
        last = g_array_index (pages, guint, ++i);
      if (text->len > 0)
        /* TRANSLATORS: between the page numbers of a list, as in “1-3, 7” */
        g_string_append (text, C_("page list", ", "));
      if (last == first)
        g_string_append_printf (text, "%u", first + 1);
      else
        g_string_append_printf (text, "%u-%u", first + 1, last + 1);
    }
  return g_string_free (text, FALSE);
}

static int
compare_pages (gconstpointer a,
               gconstpointer b)
{
  guint pa = *(const guint *) a, pb = *(const guint *) b;

  return pa < pb ? -1 : pa > pb;
}

/* @pages sorted, each once */
static void
sort_pages (GArray *pages)
{
  guint kept = 0;

  g_array_sort (pages, compare_pages);
  for (guint i = 0; i < pages->len; i++)
    if (kept == 0 || g_array_index (pages, guint, kept - 1) != g_array_index (pages, guint, i))
      g_array_index (pages, guint, kept++) = g_array_index (pages, guint, i);
  g_array_set_size (pages, kept);
}

static char *
describe_cross_page (const SdSignOptions *options,
                     GArray              *pages)
{
  g_autofree char *list = format_pages (pages);
  g_autofree char *strips = NULL;
  g_autofree char *groups = NULL;
  guint n = pages->len;
  guint n_groups = sd_seal_layout_cross_page_n_groups (n, options->group_size ? options->group_size
                                                                             : SD_SIGN_DEFAULT_GROUP_SIZE);

  switch (options->edge)
    {
    case SD_SEAL_EDGE_LEFT:
      /* TRANSLATORS: 骑缝签章; the number of pages, then which (“1-3, 7”) */
      strips = g_strdup_printf (ngettext ("Strips of the seal go along the left edge of %u page (%s).",
                                          "Strips of the seal go along the left edge of %u pages (%s).",
                                          n), n, list);
      break;
    case SD_SEAL_EDGE_TOP:
      strips = g_strdup_printf (ngettext ("Strips of the seal go along the top edge of %u page (%s).",
                                          "Strips of the seal go along the top edge of %u pages (%s).",
                                          n), n, list);
      break;
    case SD_SEAL_EDGE_BOTTOM:
      strips = g_strdup_printf (ngettext ("Strips of the seal go along the bottom edge of %u page (%s).",
                                          "Strips of the seal go along the bottom edge of %u pages (%s).",
                                          n), n, list);
      break;
    case SD_SEAL_EDGE_RIGHT:
    default:
      strips = g_strdup_printf (ngettext ("Strips of the seal go along the right edge of %u page (%s).",
                                          "Strips of the seal go along the right edge of %u pages (%s).",
                                          n), n, list);
      break;
    }
  /* TRANSLATORS: 骑缝签章: each group of pages, fanned out, shows one whole seal */
  groups = g_strdup_printf (ngettext ("The pages are in %u group; fanned out, each group shows the whole seal.",
                                      "The pages are in %u groups; fanned out, each group shows the whole seal.",
                                      n_groups), n_groups);
  return g_strconcat (strips, "\n", groups, NULL);
}

/* What is signed, in the words of the mode */
static char *
describe (const SdSignOptions *options,
          guint                n_pages)
{
  g_autoptr(GArray) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *list = NULL;
  g_autofree char *what = NULL;
  g_autofree char *where = NULL;
  guint n;

  switch (options->mode)
    {
    case SD_SEAL_MODE_PAGES:
    case SD_SEAL_MODE_CROSS_PAGE:
      pages = sd_page_set_parse (options->pages != NULL ? options->pages : "all", n_pages, &error);
      if (pages == NULL)
        return g_strdup (error->message);
      if (options->mode == SD_SEAL_MODE_CROSS_PAGE)
        return describe_cross_page (options, pages);
      list = format_pages (pages);
      /* TRANSLATORS: 多页签章: the number of pages, which (“1-3, 7”), then
       * millimetres from the page's left and top edges */
      return g_strdup_printf (ngettext ("The seal goes on %u page (%s), %.1f mm from the left edge and %.1f mm from the top edge, with one signature.",
                                        "The seal goes on %u pages (%s), %.1f mm from the left edge and %.1f mm from the top edge of each, with one signature.",
                                        pages->len),
                              pages->len, list, options->x_mm, options->y_mm);
    case SD_SEAL_MODE_KEYWORD:
      n = options->matches != NULL ? options->matches->len : 0;
      pages = g_array_new (FALSE, FALSE, sizeof (guint));
      for (guint i = 0; i < n; i++)
        g_array_append_val (pages, g_array_index (options->matches, SdTextMatch, i).page);
      sort_pages (pages);
      list = format_pages (pages);
      /* TRANSLATORS: 关键字签章: the number of matches chosen, the keyword */
      what = g_strdup_printf (ngettext ("The seal goes on %u match of “%s”.",
                                        "The seal goes on %u matches of “%s”.", n),
                              n, options->keyword != NULL ? options->keyword : "");
      /* TRANSLATORS: the pages that get a seal, as in “1-3, 7” */
      where = g_strdup_printf (ngettext ("Page with a seal: %s.", "Pages with a seal: %s.",
                                         pages->len), list);
      return g_strconcat (what, "\n", where, NULL);
    case SD_SEAL_MODE_SINGLE:
    default:
      if (options->placements != NULL)
        {
          n = options->placements->len;
          pages = g_array_new (FALSE, FALSE, sizeof (guint));
          for (guint i = 0; i < n; i++)
            g_array_append_val (pages, g_array_index (options->placements, SdSealPlacement, i).page);
          sort_pages (pages);
          list = format_pages (pages);
          /* TRANSLATORS: 连续签章: the seal placed several times */
          what = g_strdup_printf (ngettext ("The seal is placed %u time, with one signature for all.",
                                            "The seal is placed %u times, with one signature for all.",
                                            n), n);
          where = g_strdup_printf (ngettext ("Page with a seal: %s.", "Pages with a seal: %s.",
                                             pages->len), list);
          return g_strconcat (what, "\n", where, NULL);
        }
      if (options->page == SD_SIGN_PAGE_LAST)
        /* TRANSLATORS: millimetres from the page's left and top edges */
        return g_strdup_printf (_("The seal goes on the last page, %.1f mm from the left edge and %.1f mm from the top edge."),
                                options->x_mm, options->y_mm);
      /* TRANSLATORS: a page number, then millimetres from its left and top edges */
      return g_strdup_printf (_("The seal goes on page %u, %.1f mm from the left edge and %.1f mm from the top edge."),
                              options->page + 1, options->x_mm, options->y_mm);
    }
}

static void
sd_sign_dialog_dispose (GObject *object)
{
  SdSignDialog *self = SD_SIGN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_SIGN_DIALOG);
  G_OBJECT_CLASS (sd_sign_dialog_parent_class)->dispose (object);
}

static void
sd_sign_dialog_finalize (GObject *object)
{
  SdSignDialog *self = SD_SIGN_DIALOG (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_clear_object (&self->key_file);
  g_clear_object (&self->client);
  g_clear_object (&self->signer);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->options, sd_sign_options_free);
  G_OBJECT_CLASS (sd_sign_dialog_parent_class)->finalize (object);
}

static void
sd_sign_dialog_class_init (SdSignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_sign_dialog_dispose;
  object_class->finalize = sd_sign_dialog_finalize;

  signals[SIGNED] = g_signal_new ("signed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  g_type_ensure (SD_TYPE_KEY_CHOOSER);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-sign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, sign_button);
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, source_switcher);
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, source_stack);
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, key_chooser);
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, SdSignDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, update_sign_button);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_sign_dialog_init (SdSignDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (SD_APPLICATION_ID);
  self->cancellable = g_cancellable_new ();
}

SdSignDialog *
sd_sign_dialog_new (GtkWindow           *parent,
                    GFile               *input,
                    GFile               *output,
                    const SdSignOptions *options,
                    guint                n_pages)
{
  SdSignDialog *self = g_object_new (SD_TYPE_SIGN_DIALOG, "transient-for", parent, NULL);
  g_autofree char *key_path = g_settings_get_string (self->settings, "key-file");
  g_autofree char *source = g_settings_get_string (self->settings, "sign-key-source");
  g_autofree char *out_name = g_file_get_basename (output);
  g_autofree char *what = describe (options, n_pages);
  g_autofree char *saved = NULL;
  g_autofree char *summary = NULL;

  self->input = g_object_ref (input);
  self->output = g_object_ref (output);
  self->options = sd_sign_options_copy (options);
  /* TRANSLATORS: %s is the signed copy's file name */
  saved = g_strdup_printf (_("The signed document is saved as “%s” next to the original, which is left as it is."),
                           out_name);
  summary = g_strconcat (what, "\n\n", saved, NULL);
  gtk_label_set_text (self->summary_label, summary);
  if (*key_path != '\0' && g_file_test (key_path, G_FILE_TEST_IS_REGULAR))
    {
      g_autoptr(GFile) key_file = g_file_new_for_path (key_path);

      use_key_file (self, key_file);
    }
  /* The platform the window is signed in to sets the rules */
  if (SD_IS_WINDOW (parent) && sd_window_get_client (SD_WINDOW (parent)) != NULL)
    self->client = g_object_ref (sd_window_get_client (SD_WINDOW (parent)));
  adw_view_stack_set_visible_child_name (self->source_stack, source);
  g_signal_connect_object (self->source_stack, "notify::visible-child-name",
                           G_CALLBACK (on_source_changed), self, G_CONNECT_SWAPPED);
  update_sign_button (self);
  return self;
}
