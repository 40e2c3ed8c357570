/* sd-seal-palette.c: the seals at hand, to drag onto a page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signed in, the seals the platform granted to the account come first,
 * each with its grant's period (有效期); a grant not valid now shows why
 * and cannot be dragged.  Their PNGs are kept in the user's cache, in a
 * folder named by the seal's id and the image's SHA-256 (a new image is a
 * new file), under the seal's name, so that a seal is one GFile like the
 * local ones.  Local seals for offline work: PNG files the user adds,
 * remembered in GSettings.
 * Each row shows the seal at its true size (at 100 %), can be dragged (its
 * GFile) onto a page, or activated ("seal-activated") to place it in the
 * middle of the first page.
 *
 * After signing with a platform seal its usage record (使用记录) goes to
 * the on-disk queue first (sd-platform-usage-queue, one per account and
 * platform, so that a record is never posted in another account's name),
 * then to the platform; while the platform cannot be reached the queue is
 * tried again every few seconds, and at the next sign-in.
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sd-digest.h"
#include "sd-page-set.h"
#include "sd-pdf-verify.h"
#include "sd-platform.h"

#include "sd-account-bindings.h"
#include "sd-application.h"
#include "sd-document-view.h"
#include "sd-seal-paintable.h"
#include "sd-seal-palette.h"

#define MM_PER_POINT (25.4 / 72.0)
/* how often a waiting usage record is offered to the platform again, and
 * grants are checked against the clock */
#define RETRY_SECONDS 10

/* A seal granted to the account */
typedef struct
{
  SdPlatformSeal  *seal;
  SdPlatformGrant *grant;   /* the account's grant that matters most */
  GFile           *image;   /* the PNG in the cache */
} PlatformSeal;

struct _SdSealPalette
{
  GtkWidget             parent_instance;

  GSettings            *settings;
  GListStore           *seals;           /* GFile: local */
  GListStore           *usable;          /* GFile: platform seals usable now */
  GtkFlattenListModel  *all;             /* usable, then local */

  SdPlatformClient     *client;
  GCancellable         *loading;
  guint                 n_loading;       /* seals whose grants or image are on the way */
  GPtrArray            *platform_seals;  /* PlatformSeal */
  GPtrArray            *bindings;        /* SdPlatformBinding of the account */
  SdPlatformUsageQueue *queue;
  gboolean              flushing;
  guint                 n_pending;
  guint                 tick_id;

  /* Template children */
  GtkLabel             *platform_heading;
  GtkLabel             *platform_status;
  GtkListBox           *platform_list;
  GtkListBox           *list;
  GtkLabel             *pending_label;
  GtkButton            *add_button;
};

G_DEFINE_FINAL_TYPE (SdSealPalette, sd_seal_palette, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_LOADING,
  PROP_N_PENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SEAL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
save (SdSealPalette *self)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->seals)); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (G_LIST_MODEL (self->seals), i);

      g_ptr_array_add (paths, g_file_get_path (file));
    }
  g_ptr_array_add (paths, NULL);
  g_settings_set_strv (self->settings, "seal-files", (const char * const *) paths->pdata);
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GFile         *file)
{
  return gdk_content_provider_new_typed (G_TYPE_FILE, file);
}

static void
on_remove_clicked (GtkButton     *button,
                   SdSealPalette *self)
{
  GFile *file = g_object_get_data (G_OBJECT (button), "sd-seal");

  sd_seal_palette_remove_seal (self, file);
}

/* The seal at its true size on a page shown at 100 % (a point a pixel),
 * drawn from all of the image's pixels (sharp at scale 2) */
static GtkWidget *
seal_picture (GFile *file)
{
  int width = (int) round (SD_DEFAULT_SEAL_WIDTH_MM / MM_PER_POINT);
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_file (file, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkWidget *picture;

  if (texture == NULL)
    {
      /* gone, or not an image: a frame of the size it would have */
      picture = gtk_picture_new ();
      gtk_widget_set_size_request (picture, width, width);
      gtk_widget_add_css_class (picture, "card");
    }
  else
    {
      int height = (int) round ((double) width * gdk_texture_get_height (texture)
                                / MAX (1, gdk_texture_get_width (texture)));

      paintable = sd_seal_paintable_new (texture, width, height);
      picture = gtk_picture_new_for_paintable (paintable);
      gtk_picture_set_can_shrink (GTK_PICTURE (picture), FALSE);
    }
  gtk_widget_set_halign (picture, GTK_ALIGN_CENTER);
  return picture;
}

static void
make_draggable (GtkWidget *row,
                GFile     *file)
{
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect_data (source, "prepare", G_CALLBACK (on_drag_prepare), g_object_ref (file),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
  gtk_widget_set_tooltip_text (row, _("Drag onto a page, or activate to place it in the middle of the first page"));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  SdSealPalette *self = user_data;
  GFile *file = item;
  g_autofree char *name = g_file_get_basename (file);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  g_autofree char *remove_label = g_strdup_printf (_("Remove the seal “%s”"), name);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data_full (G_OBJECT (remove), "sd-seal", g_object_ref (file), g_object_unref);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked), self, 0);
  gtk_box_append (GTK_BOX (box), seal_picture (file));
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (line), remove);
  gtk_box_append (GTK_BOX (box), line);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  make_draggable (row, file);
  g_object_set_data_full (G_OBJECT (row), "sd-seal", g_object_ref (file), g_object_unref);
  return row;
}

static void
platform_seal_free (PlatformSeal *entry)
{
  g_clear_object (&entry->seal);
  g_clear_object (&entry->grant);
  g_clear_object (&entry->image);
  g_free (entry);
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* NULL when @entry can be used at @now, else why not */
static char *
why_unusable (PlatformSeal *entry,
              GDateTime    *now)
{
  GDateTime *from = sd_platform_grant_get_valid_from (entry->grant);
  GDateTime *until = sd_platform_grant_get_valid_until (entry->grant);
  g_autofree char *when = NULL;

  if (sd_platform_seal_get_status (entry->seal) == SD_PLATFORM_SEAL_DISABLED)
    return g_strdup (_("The seal is disabled on the platform."));
  if (sd_platform_grant_get_status (entry->grant) == SD_PLATFORM_GRANT_REVOKED)
    {
      GDateTime *revoked = sd_platform_grant_get_revoked_at (entry->grant);

      if (revoked == NULL)
        return g_strdup (_("The grant of this seal was revoked."));
      when = format_time (revoked);
      /* TRANSLATORS: %s is a date and time */
      return g_strdup_printf (_("The grant of this seal was revoked on %s."), when);
    }
  if (from != NULL && g_date_time_compare (now, from) < 0)
    {
      when = format_time (from);
      /* TRANSLATORS: %s is a date and time */
      return g_strdup_printf (_("The grant of this seal starts on %s."), when);
    }
  if (until != NULL && g_date_time_compare (now, until) >= 0)
    {
      when = format_time (until);
      /* TRANSLATORS: %s is a date and time */
      return g_strdup_printf (_("The grant of this seal expired on %s."), when);
    }
  return NULL;
}

static char *
seal_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "sealdesk", "seals", NULL);
}

/* <cache>/<seal id>-<SHA-256>/<seal name>.png: the name is what the mode
 * dialogs show; the folder tells seals with the same image apart */
static GFile *
cached_image (SdPlatformSeal *seal)
{
  g_autofree char *folder = g_strdup_printf ("%" G_GINT64_FORMAT "-%s", sd_platform_seal_get_id (seal),
                                             sd_platform_seal_get_image_sha256 (seal));
  g_autofree char *name = g_strconcat (sd_platform_seal_get_name (seal), ".png", NULL);
  g_autofree char *cache = seal_cache_dir ();
  g_autofree char *path = NULL;

  g_strdelimit (name, G_DIR_SEPARATOR_S, '_');
  path = g_build_filename (cache, folder, name, NULL);
  return g_file_new_for_path (path);
}

static PlatformSeal *
find_platform_seal (SdSealPalette *self,
                    GFile         *image)
{
  for (guint i = 0; self->platform_seals != NULL && i < self->platform_seals->len; i++)
    {
      PlatformSeal *entry = g_ptr_array_index (self->platform_seals, i);

      if (g_file_equal (entry->image, image))
        return entry;
    }
  return NULL;
}

static GtkWidget *
create_platform_row (PlatformSeal *entry,
                     GDateTime    *now)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *picture = seal_picture (entry->image);
  GtkWidget *name = gtk_label_new (sd_platform_seal_get_name (entry->seal));
  GtkWidget *validity;
  g_autofree char *from = format_time (sd_platform_grant_get_valid_from (entry->grant));
  g_autofree char *until = format_time (sd_platform_grant_get_valid_until (entry->grant));
  /* TRANSLATORS: the grant's period (有效期): two dates and times */
  g_autofree char *period = g_strdup_printf (_("Valid from %s to %s"), from, until);
  g_autofree char *reason = why_unusable (entry, now);

  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  validity = gtk_label_new (period);
  gtk_label_set_wrap (GTK_LABEL (validity), TRUE);
  gtk_label_set_xalign (GTK_LABEL (validity), 0);
  gtk_widget_add_css_class (validity, "caption");
  gtk_widget_add_css_class (validity, "dim-label");
  gtk_widget_set_name (validity, "validity");
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), validity);
  if (reason != NULL)
    {
      GtkWidget *why = gtk_label_new (reason);

      gtk_label_set_wrap (GTK_LABEL (why), TRUE);
      gtk_label_set_xalign (GTK_LABEL (why), 0);
      gtk_widget_add_css_class (why, "caption");
      gtk_widget_add_css_class (why, "error");
      gtk_widget_set_name (why, "reason");
      gtk_box_append (GTK_BOX (box), why);
      /* shown, but neither dragged nor placed */
      gtk_widget_set_opacity (picture, 0.4);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_tooltip_text (row, reason);
    }
  else
    {
      make_draggable (row, entry->image);
      g_object_set_data_full (G_OBJECT (row), "sd-seal", g_object_ref (entry->image),
                              g_object_unref);
    }
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), "sd-platform-seal", entry);
  return row;
}

/* Usable first, then in the platform's order (they arrive in any) */
static int
compare_platform_seals (gconstpointer a,
                        gconstpointer b,
                        gpointer      now)
{
  PlatformSeal *left = *(PlatformSeal **) a;
  PlatformSeal *right = *(PlatformSeal **) b;
  g_autofree char *left_reason = why_unusable (left, now);
  g_autofree char *right_reason = why_unusable (right, now);
  gint64 left_id = sd_platform_seal_get_id (left->seal);
  gint64 right_id = sd_platform_seal_get_id (right->seal);

  if ((left_reason == NULL) != (right_reason == NULL))
    return left_reason == NULL ? -1 : 1;
  return left_id < right_id ? -1 : left_id > right_id;
}

/* The platform's rows again, and which seals are usable now */
static void
show_platform_seals (SdSealPalette *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GPtrArray) usable = g_ptr_array_new ();
  GtkWidget *child;

  g_ptr_array_sort_with_data (self->platform_seals, compare_platform_seals, now);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->platform_list))) != NULL)
    gtk_list_box_remove (self->platform_list, child);
  for (guint i = 0; self->platform_seals != NULL && i < self->platform_seals->len; i++)
    {
      PlatformSeal *entry = g_ptr_array_index (self->platform_seals, i);
      g_autofree char *reason = why_unusable (entry, now);

      gtk_list_box_append (self->platform_list, create_platform_row (entry, now));
      if (reason == NULL)
        g_ptr_array_add (usable, entry->image);
    }
  g_list_store_splice (self->usable, 0, g_list_model_get_n_items (G_LIST_MODEL (self->usable)),
                       usable->pdata, usable->len);
  gtk_widget_set_visible (GTK_WIDGET (self->platform_heading), self->client != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->platform_list),
                          self->platform_seals != NULL && self->platform_seals->len > 0);
  if (self->client != NULL && self->n_loading == 0 && self->platform_seals->len == 0
      && !gtk_widget_get_visible (GTK_WIDGET (self->platform_status)))
    {
      gtk_label_set_text (self->platform_status, _("No seal is granted to this account."));
      gtk_widget_set_visible (GTK_WIDGET (self->platform_status), TRUE);
    }
}

static void
show_status (SdSealPalette *self,
             const char    *message)
{
  gtk_label_set_text (self->platform_status, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->platform_status), message != NULL);
}

static void
loading_done (SdSealPalette *self)
{
  if (self->n_loading > 0 && --self->n_loading > 0)
    return;
  show_platform_seals (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The account's grant that matters most: the one valid now, else the next
 * to start, else the newest (the list is newest first). */
static SdPlatformGrant *
pick_grant (GListModel *grants,
            GDateTime  *now)
{
  SdPlatformGrant *next = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (grants); i++)
    {
      g_autoptr(SdPlatformGrant) grant = g_list_model_get_item (grants, i);
      GDateTime *from = sd_platform_grant_get_valid_from (grant);
      GDateTime *until = sd_platform_grant_get_valid_until (grant);

      if (sd_platform_grant_get_status (grant) == SD_PLATFORM_GRANT_REVOKED)
        continue;
      if (g_date_time_compare (from, now) <= 0 && g_date_time_compare (now, until) < 0)
        return g_object_ref (grant);
      if (g_date_time_compare (from, now) > 0
          && (next == NULL || g_date_time_compare (from, sd_platform_grant_get_valid_from (next)) < 0))
        next = grant;
    }
  if (next != NULL)
    return g_object_ref (next);
  return g_list_model_get_n_items (grants) > 0 ? g_list_model_get_item (grants, 0) : NULL;
}

typedef struct
{
  SdSealPalette *palette;
  GCancellable  *cancellable;  /* the palette's loading when it began */
  PlatformSeal  *entry;
} SealLoad;

static void
seal_load_free (SealLoad *load)
{
  g_clear_object (&load->palette);
  g_clear_object (&load->cancellable);
  if (load->entry != NULL)
    platform_seal_free (load->entry);
  g_free (load);
}

static void
seal_loaded (SealLoad *load)
{
  /* signed out, or in again, meanwhile */
  if (g_cancellable_is_cancelled (load->cancellable))
    {
      seal_load_free (load);
      return;
    }
  g_ptr_array_add (load->palette->platform_seals, g_steal_pointer (&load->entry));
  loading_done (load->palette);
  seal_load_free (load);
}

static void
seal_failed (SealLoad     *load,
             const GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      show_status (load->palette, error->message);
      loading_done (load->palette);
    }
  seal_load_free (load);
}

static void
on_image_saved (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SealLoad *load = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    seal_failed (load, error);
  else
    seal_loaded (load);
}

static void
on_image_fetched (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SealLoad *load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GFile) folder = NULL;

  png = sd_platform_client_get_seal_image_finish (SD_PLATFORM_CLIENT (source), result, &error);
  if (png == NULL)
    {
      seal_failed (load, error);
      return;
    }
  folder = g_file_get_parent (load->entry->image);
  if (!g_file_make_directory_with_parents (folder, NULL, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      seal_failed (load, error);
      return;
    }
  g_file_replace_contents_bytes_async (load->entry->image, png, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       load->cancellable, on_image_saved, load);
}

static void
on_grants_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SealLoad *load = user_data;
  g_autoptr(SdPlatformListModel) grants = SD_PLATFORM_LIST_MODEL (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (!sd_platform_list_model_load_finish (grants, result, &error))
    {
      seal_failed (load, error);
      return;
    }
  load->entry->grant = pick_grant (G_LIST_MODEL (grants), now);
  if (load->entry->grant == NULL || g_cancellable_is_cancelled (load->cancellable))
    {
      /* the enterprise's seal, not granted to this account */
      if (!g_cancellable_is_cancelled (load->cancellable))
        loading_done (load->palette);
      seal_load_free (load);
      return;
    }
  load->entry->image = cached_image (load->entry->seal);
  if (g_file_query_exists (load->entry->image, NULL))
    seal_loaded (load);
  else
    sd_platform_client_get_seal_image_async (load->palette->client,
                                             sd_platform_seal_get_id (load->entry->seal),
                                             load->cancellable, on_image_fetched, load);
}

static void
on_seals_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SdSealPalette) self = user_data;
  g_autoptr(SdPlatformListModel) seals = SD_PLATFORM_LIST_MODEL (source);
  g_autoptr(GError) error = NULL;
  SdPlatformAccount *account;
  g_autofree char *account_id = NULL;
  guint n;

  if (!sd_platform_list_model_load_finish (seals, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          show_status (self, error->message);
          loading_done (self);
        }
      return;
    }
  account = sd_platform_session_get_account (sd_platform_client_get_session (self->client));
  account_id = g_strdup_printf ("%" G_GINT64_FORMAT, sd_platform_account_get_id (account));
  n = g_list_model_get_n_items (G_LIST_MODEL (seals));
  self->n_loading += n;
  for (guint i = 0; i < n; i++)
    {
      SealLoad *load = g_new0 (SealLoad, 1);
      SdPlatformListModel *grants;

      load->palette = g_object_ref (self);
      load->cancellable = g_object_ref (self->loading);
      load->entry = g_new0 (PlatformSeal, 1);
      load->entry->seal = g_list_model_get_item (G_LIST_MODEL (seals), i);
      grants = sd_platform_list_model_new (self->client, SD_PLATFORM_LIST_GRANTS,
                                           sd_platform_seal_get_id (load->entry->seal));
      sd_platform_list_model_set_filter (grants, "account_id", account_id);
      sd_platform_list_model_set_per_page (grants, 100);
      sd_platform_list_model_load_async (grants, self->loading, on_grants_loaded, load);
    }
  /* the list itself */
  loading_done (self);
}

static void
on_bindings_loaded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SdSealPalette) self = user_data;
  g_autoptr(GPtrArray) bindings = NULL;

  /* without them the records name no certificate, which the API allows */
  bindings = sd_account_bindings_load_finish (SD_ACCOUNT_BINDINGS (source), result, NULL, NULL);
  if (bindings == NULL)
    return;
  g_ptr_array_set_size (self->bindings, 0);
  for (guint i = 0; i < bindings->len; i++)
    g_ptr_array_add (self->bindings, g_object_ref (g_ptr_array_index (bindings, i)));
}

/* Usage records */

static void
update_pending (SdSealPalette *self)
{
  g_autoptr(GError) error = NULL;
  guint n = self->queue != NULL ? sd_platform_usage_queue_get_length (self->queue, &error) : 0;

  if (error != NULL)
    {
      gtk_label_set_text (self->pending_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->pending_label), TRUE);
      return;
    }
  if (n > 0)
    {
      /* TRANSLATORS: usage records (使用记录) signed offline, not yet on the platform */
      g_autofree char *text = g_strdup_printf (ngettext ("%u usage record waiting for the platform",
                                                         "%u usage records waiting for the platform",
                                                         n), n);

      gtk_label_set_text (self->pending_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->pending_label), n > 0);
  if (n != self->n_pending)
    {
      self->n_pending = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PENDING]);
    }
}

static void
on_flushed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SdSealPalette) self = user_data;
  g_autoptr(GError) error = NULL;
  guint n_rejected = 0;

  self->flushing = FALSE;
  /* not sent: it waits for the next try */
  sd_platform_usage_queue_flush_finish (SD_PLATFORM_USAGE_QUEUE (source), result, NULL,
                                        &n_rejected, &error);
  update_pending (self);
  if (n_rejected > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("The platform refused %u usage record; it is kept in “%s”.",
                                                         "The platform refused %u usage records; they are kept in “%s”.",
                                                         n_rejected),
                                               n_rejected,
                                               sd_platform_usage_queue_get_rejected_path (SD_PLATFORM_USAGE_QUEUE (source)));

      show_status (self, text);
    }
}

void
sd_seal_palette_send_usage (SdSealPalette *self)
{
  g_return_if_fail (SD_IS_SEAL_PALETTE (self));

  if (self->client == NULL || self->queue == NULL || !sd_platform_client_is_logged_in (self->client)
      || self->flushing)
    return;
  self->flushing = TRUE;
  sd_platform_usage_queue_flush_async (self->queue, self->client, NULL, on_flushed,
                                       g_object_ref (self));
}

/* Every few seconds: records still waiting are offered again (the platform
 * may be back), and grants that ended or began show so. */
static gboolean
on_tick (gpointer data)
{
  SdSealPalette *self = data;

  if (self->n_pending > 0)
    sd_seal_palette_send_usage (self);
  if (self->platform_seals != NULL && self->platform_seals->len > 0 && self->n_loading == 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      guint n_usable = 0;

      for (guint i = 0; i < self->platform_seals->len; i++)
        {
          g_autofree char *reason = why_unusable (g_ptr_array_index (self->platform_seals, i), now);

          n_usable += reason == NULL;
        }
      if (n_usable != g_list_model_get_n_items (G_LIST_MODEL (self->usable)))
        show_platform_seals (self);
    }
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  SdPlatformUsageQueue *queue;
  gint64                seal_id;
  char                 *path;
  char                 *name;
  GArray               *pages;      /* guint, from 1 */
  GPtrArray            *bindings;   /* SdPlatformBinding */
  GDateTime            *signed_at;
} UseJob;

static void
use_job_free (UseJob *job)
{
  g_object_unref (job->queue);
  g_free (job->path);
  g_free (job->name);
  g_array_unref (job->pages);
  g_ptr_array_unref (job->bindings);
  g_date_time_unref (job->signed_at);
  g_free (job);
}

static gboolean
same_serial (const char *a,
             const char *b)
{
  if (a == NULL || b == NULL)
    return FALSE;
  while (*a == '0')
    a++;
  while (*b == '0')
    b++;
  return g_ascii_strcasecmp (a, b) == 0;
}

/* The signed document's digest, and the binding of the certificate that
 * signed last; then the record goes to the queue on disk. */
static void
record_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  UseJob *job = data;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) digest = NULL;
  g_autoptr(SdVerifyReport) report = NULL;
  g_autofree char *hex = NULL;
  GError *error = NULL;
  SdPlatformUsageCreate usage = { 0 };
  const guint8 *bytes;
  gsize length;

  mapped = g_mapped_file_new (job->path, FALSE, &error);
  if (mapped == NULL
      || (digest = sd_digest_compute (SD_DIGEST_SHA256,
                                      (const guint8 *) g_mapped_file_get_contents (mapped),
                                      g_mapped_file_get_length (mapped), &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  bytes = g_bytes_get_data (digest, &length);
  hex = g_malloc (2 * length + 1);
  for (gsize i = 0; i < length; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", bytes[i]);

  /* the certificate that signed, which the signing dialog chose */
  report = sd_pdf_verify_file_with_flags (job->path, NULL, SD_VERIFY_OFFLINE, cancellable, NULL);
  if (report != NULL && report->signatures->len > 0)
    {
      SdSignatureReport *last = g_ptr_array_index (report->signatures,
                                                   report->signatures->len - 1);

      for (guint i = 0; i < job->bindings->len; i++)
        if (same_serial (last->serial, sd_platform_binding_get_serial (g_ptr_array_index (job->bindings, i))))
          usage.binding_id = sd_platform_binding_get_id (g_ptr_array_index (job->bindings, i));
    }
  usage.document_name = job->name;
  usage.document_hash = hex;
  usage.hash_algorithm = SD_DIGEST_SHA256;
  usage.pages = (const guint *) job->pages->data;
  usage.n_pages = job->pages->len;
  usage.signed_at = job->signed_at;
  if (!sd_platform_usage_queue_add (job->queue, job->seal_id, &usage, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_recorded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SdSealPalette *self = SD_SEAL_PALETTE (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_status (self, error->message);
      return;
    }
  update_pending (self);
  sd_seal_palette_send_usage (self);
}

static int
compare_pages (gconstpointer a,
               gconstpointer b)
{
  guint pa = *(const guint *) a, pb = *(const guint *) b;

  return pa < pb ? -1 : pa > pb;
}

/* The pages the seal went on, from 1 */
static GArray *
sealed_pages (const SdSignOptions *options,
              guint                n_pages)
{
  GArray *pages = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) set = NULL;
  guint page;

  switch (options->mode)
    {
    case SD_SEAL_MODE_SINGLE:
      if (options->placements == NULL)
        {
          page = options->page == SD_SIGN_PAGE_LAST ? n_pages : options->page + 1;
          g_array_append_val (pages, page);
          break;
        }
      /* 连续签章: each page with a place, once, in order */
      for (guint i = 0; i < options->placements->len; i++)
        {
          page = g_array_index (options->placements, SdSealPlacement, i).page + 1;
          g_array_append_val (pages, page);
        }
      g_array_sort (pages, compare_pages);
      for (guint i = 1; i < pages->len;)
        if (g_array_index (pages, guint, i) == g_array_index (pages, guint, i - 1))
          g_array_remove_index (pages, i);
        else
          i++;
      break;
    case SD_SEAL_MODE_PAGES:
    case SD_SEAL_MODE_CROSS_PAGE:
      set = sd_page_set_parse (options->pages != NULL ? options->pages : "all", n_pages, NULL);
      for (guint i = 0; set != NULL && i < set->len; i++)
        {
          page = g_array_index (set, guint, i) + 1;
          g_array_append_val (pages, page);
        }
      break;
    case SD_SEAL_MODE_KEYWORD:
      for (guint i = 0; options->matches != NULL && i < options->matches->len; i++)
        {
          page = g_array_index (options->matches, SdTextMatch, i).page + 1;
          if (pages->len == 0 || g_array_index (pages, guint, pages->len - 1) != page)
            g_array_append_val (pages, page);
        }
      break;
    default:
      break;
    }
  return pages;
}

void
sd_seal_palette_record_use (SdSealPalette       *self,
                            const SdSignOptions *options,
                            GFile               *document,
                            guint                n_pages)
{
  g_autoptr(GFile) seal = NULL;
  g_autoptr(GTask) task = NULL;
  PlatformSeal *entry;
  UseJob *job;

  g_return_if_fail (SD_IS_SEAL_PALETTE (self));
  g_return_if_fail (options != NULL && options->seal_path != NULL);
  g_return_if_fail (G_IS_FILE (document));

  seal = g_file_new_for_path (options->seal_path);
  entry = find_platform_seal (self, seal);
  if (entry == NULL)
    return;  /* a local seal: nobody to tell */
  job = g_new0 (UseJob, 1);
  job->queue = g_object_ref (self->queue);
  job->seal_id = sd_platform_seal_get_id (entry->seal);
  job->path = g_file_get_path (document);
  job->name = g_file_get_basename (document);
  job->pages = sealed_pages (options, n_pages);
  job->bindings = g_ptr_array_copy (self->bindings, (GCopyFunc) (void (*) (void)) g_object_ref,
                                    NULL);
  g_ptr_array_set_free_func (job->bindings, g_object_unref);
  job->signed_at = g_date_time_new_now_utc ();
  task = g_task_new (self, NULL, on_recorded, NULL);
  g_task_set_source_tag (task, sd_seal_palette_record_use);
  g_task_set_task_data (task, job, (GDestroyNotify) use_job_free);
  g_task_run_in_thread (task, record_thread);
}

gboolean
sd_seal_palette_check_seal (SdSealPalette  *self,
                            GFile          *seal,
                            GError        **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *reason = NULL;
  PlatformSeal *entry;

  g_return_val_if_fail (SD_IS_SEAL_PALETTE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (seal), FALSE);

  entry = find_platform_seal (self, seal);
  if (entry == NULL)
    {
      g_autofree char *cache = seal_cache_dir ();
      g_autoptr(GFile) folder = g_file_new_for_path (cache);

      /* placed while signed in: no record of it could be made now */
      if (!g_file_has_prefix (seal, folder))
        return TRUE;
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("This seal is the platform’s: sign in to use it."));
      return FALSE;
    }
  reason = why_unusable (entry, now);
  if (reason == NULL)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, reason);
  return FALSE;
}

/* $XDG_DATA_HOME/sealdesk/usage/<account>@<platform>.jsonl: the records
 * of one account, posted only with its session */
static SdPlatformUsageQueue *
account_queue (SdPlatformClient *client,
               gint64            account_id)
{
  g_autofree char *platform = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                             sd_platform_client_get_base_url (client),
                                                             -1);
  g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT "@%.16s.jsonl", account_id, platform);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "sealdesk", "usage", name, NULL);

  return sd_platform_usage_queue_new (path);
}

void
sd_seal_palette_set_client (SdSealPalette    *self,
                            SdPlatformClient *client)
{
  SdPlatformListModel *seals;
  SdPlatformSession *session;
  gint64 account_id;

  g_return_if_fail (SD_IS_SEAL_PALETTE (self));
  g_return_if_fail (client == NULL || SD_IS_PLATFORM_CLIENT (client));

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_set_object (&self->client, client);
  g_ptr_array_set_size (self->platform_seals, 0);
  g_ptr_array_set_size (self->bindings, 0);
  self->n_loading = 0;
  show_status (self, NULL);
  /* offline, the queue of the last account stays, with its count */
  if (client == NULL || (session = sd_platform_client_get_session (client)) == NULL)
    {
      show_platform_seals (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      return;
    }
  account_id = sd_platform_account_get_id (sd_platform_session_get_account (session));
  g_clear_object (&self->queue);
  self->queue = account_queue (client, account_id);

  self->loading = g_cancellable_new ();
  self->n_loading = 1;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  /* seals.use alone lists only what is granted to the account */
  seals = sd_platform_list_model_new (client, SD_PLATFORM_LIST_SEALS, 0);
  sd_platform_list_model_set_per_page (seals, 100);
  sd_platform_list_model_load_async (seals, self->loading, on_seals_loaded, g_object_ref (self));
  /* also what signing falls back on while the platform cannot be reached */
  sd_account_bindings_load_async (sd_account_bindings_get_for_client (client), self->loading,
                                  on_bindings_loaded, g_object_ref (self));
  show_platform_seals (self);
  /* what was signed offline, or before the last sign-out */
  update_pending (self);
  sd_seal_palette_send_usage (self);
}

gboolean
sd_seal_palette_get_loading (SdSealPalette *self)
{
  g_return_val_if_fail (SD_IS_SEAL_PALETTE (self), FALSE);

  return self->n_loading > 0;
}

guint
sd_seal_palette_get_n_pending (SdSealPalette *self)
{
  g_return_val_if_fail (SD_IS_SEAL_PALETTE (self), 0);

  return self->n_pending;
}

static void
on_row_activated (SdSealPalette *self,
                  GtkListBoxRow *row)
{
  g_signal_emit (self, signals[SEAL_ACTIVATED], 0, g_object_get_data (G_OBJECT (row), "sd-seal"));
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     SdSealPalette   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        sd_seal_palette_add_seal (self, file);
    }
  g_object_unref (chooser);
}

static void
on_add_clicked (SdSealPalette *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Add a Seal"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Seal images (PNG)"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
find_seal (SdSealPalette *self,
           GFile         *png,
           guint         *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->seals)); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (G_LIST_MODEL (self->seals), i);

      if (g_file_equal (file, png))
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

void
sd_seal_palette_add_seal (SdSealPalette *self,
                          GFile         *png)
{
  guint position;

  g_return_if_fail (SD_IS_SEAL_PALETTE (self));
  g_return_if_fail (G_IS_FILE (png));

  if (find_seal (self, png, &position))
    return;
  g_list_store_append (self->seals, png);
  save (self);
}

void
sd_seal_palette_remove_seal (SdSealPalette *self,
                             GFile         *png)
{
  guint position;

  g_return_if_fail (SD_IS_SEAL_PALETTE (self));

  if (!find_seal (self, png, &position))
    return;
  g_list_store_remove (self->seals, position);
  save (self);
}

GListModel *
sd_seal_palette_get_seals (SdSealPalette *self)
{
  g_return_val_if_fail (SD_IS_SEAL_PALETTE (self), NULL);

  return G_LIST_MODEL (self->all);
}

static void
sd_seal_palette_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SdSealPalette *self = SD_SEAL_PALETTE (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, sd_seal_palette_get_loading (self));
      break;
    case PROP_N_PENDING:
      g_value_set_uint (value, self->n_pending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_seal_palette_dispose (GObject *object)
{
  SdSealPalette *self = SD_SEAL_PALETTE (object);
  GtkWidget *child;

  if (self->loading != NULL)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), SD_TYPE_SEAL_PALETTE);
  /* the template's root, which is not bound */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sd_seal_palette_parent_class)->dispose (object);
}

static void
sd_seal_palette_finalize (GObject *object)
{
  SdSealPalette *self = SD_SEAL_PALETTE (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->all);
  g_clear_object (&self->seals);
  g_clear_object (&self->usable);
  g_clear_object (&self->client);
  g_clear_object (&self->queue);
  g_clear_pointer (&self->platform_seals, g_ptr_array_unref);
  g_clear_pointer (&self->bindings, g_ptr_array_unref);
  G_OBJECT_CLASS (sd_seal_palette_parent_class)->finalize (object);
}

static void
sd_seal_palette_class_init (SdSealPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sd_seal_palette_get_property;
  object_class->dispose = sd_seal_palette_dispose;
  object_class->finalize = sd_seal_palette_finalize;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] = g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY
                                                  | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SEAL_ACTIVATED] = g_signal_new ("seal-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sealdesk/SealDesk/sd-seal-palette.ui");
  gtk_widget_class_bind_template_child (widget_class, SdSealPalette, platform_heading);
  gtk_widget_class_bind_template_child (widget_class, SdSealPalette, platform_status);
  gtk_widget_class_bind_template_child (widget_class, SdSealPalette, platform_list);
  gtk_widget_class_bind_template_child (widget_class, SdSealPalette, list);
  gtk_widget_class_bind_template_child (widget_class, SdSealPalette, pending_label);
  gtk_widget_class_bind_template_child (widget_class, SdSealPalette, add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sd_seal_palette_init (SdSealPalette *self)
{
  g_auto(GStrv) paths = NULL;
  GListStore *parts;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->seals = g_list_store_new (G_TYPE_FILE);
  self->usable = g_list_store_new (G_TYPE_FILE);
  parts = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (parts, self->usable);
  g_list_store_append (parts, self->seals);
  self->all = gtk_flatten_list_model_new (G_LIST_MODEL (parts));
  self->platform_seals = g_ptr_array_new_with_free_func ((GDestroyNotify) platform_seal_free);
  self->bindings = g_ptr_array_new_with_free_func (g_object_unref);
  self->settings = g_settings_new (SD_APPLICATION_ID);
  paths = g_settings_get_strv (self->settings, "seal-files");
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);

      g_list_store_append (self->seals, file);
    }
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->seals), create_row, self, NULL);
  update_pending (self);
  self->tick_id = g_timeout_add_seconds (RETRY_SECONDS, on_tick, self);
}
