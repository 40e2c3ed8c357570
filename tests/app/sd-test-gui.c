/* sd-test-gui.c: what the GUI tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sd-test-gui.h"

void
sd_test_gui_init (int    *argc,
                  char ***argv)
{
  const char *localedir = g_getenv ("SEALDESK_LOCALEDIR");
  g_autoptr(GtkCssProvider) css = NULL;

  gtk_test_init (argc, argv, NULL);
  /* gtk_test_init resets the locale to C */
  setlocale (LC_ALL, "");
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* As main.c: _() and the templates look in our domain */
  textdomain (GETTEXT_PACKAGE);
  adw_init ();
  /* The app's style, as SdApplication (AdwApplication) loads it */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/sealdesk/SealDesk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

void
sd_test_wait_until (SdTestCondition condition,
                    gpointer        data,
                    const char     *what)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  /* and a few frames, so that what follows draws what is there */
  for (guint i = 0; i < 20; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

gboolean
sd_test_drawn (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget)) && gtk_widget_get_width (GTK_WIDGET (widget)) > 0;
}

gboolean
sd_test_label_shown (gpointer label)
{
  return gtk_widget_get_visible (GTK_WIDGET (label)) && *gtk_label_get_text (label) != '\0';
}

gpointer
sd_test_template_child (gpointer    widget,
                        GType       type,
                        const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  if (child == NULL)
    g_error ("%s has no template child %s", g_type_name (type), name);
  return child;
}

guint
sd_test_n_children (gpointer widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

GtkCheckButton *
sd_test_permission_check (gpointer    widget,
                          const char *permission)
{
  if (GTK_IS_CHECK_BUTTON (widget)
      && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "permission"), permission) == 0)
    return GTK_CHECK_BUTTON (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkCheckButton *check = sd_test_permission_check (child, permission);

      if (check != NULL)
        return check;
    }
  return NULL;
}

gpointer
sd_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  gpointer found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        found = toplevel;
    }
  return found;
}

static gboolean
toplevel_shown (gpointer type)
{
  gpointer toplevel = sd_test_find_toplevel ((GType) GPOINTER_TO_SIZE (type));

  return toplevel != NULL && sd_test_drawn (toplevel);
}

gpointer
sd_test_wait_for_toplevel (GType       type,
                           const char *what)
{
  sd_test_wait_until (toplevel_shown, GSIZE_TO_POINTER (type), what);
  return sd_test_find_toplevel (type);
}

static gboolean
toplevel_gone (gpointer type)
{
  return sd_test_find_toplevel ((GType) GPOINTER_TO_SIZE (type)) == NULL;
}

void
sd_test_wait_toplevel_gone (GType       type,
                            const char *what)
{
  sd_test_wait_until (toplevel_gone, GSIZE_TO_POINTER (type), what);
}

void
sd_test_click (gpointer button)
{
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  g_signal_emit_by_name (button, "clicked");
}

void
sd_test_respond (AdwMessageDialog *dialog,
                 const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
}

GdkTexture *
sd_test_screenshot (gpointer    toplevel,
                    const char *name)
{
  GtkWidget *widget = GTK_WIDGET (toplevel);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  GdkTexture *texture;
  const char *dir = g_getenv ("SEALDESK_SCREENSHOT_DIR");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir != NULL ? dir : ".", file, NULL);

  g_assert_cmpint (width, >, 0);
  /* The paintable is empty until the window's first frame */
  for (guint i = 0; i < 400 && node == NULL; i++)
    {
      g_autoptr(GtkSnapshot) attempt = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (attempt), width, height);
      node = gtk_snapshot_to_node (attempt);
      if (node == NULL)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (10000);
        }
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return texture;
}

void
sd_test_pixel (GdkTexture *texture,
               int         x,
               int         y,
               guint8      rgb[3])
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guint8 *data = NULL;
  guint8 *p;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, width);
  g_assert_cmpint (y, <, height);
  data = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, data, (gsize) width * 4);
  p = data + ((gsize) y * width + x) * 4;  /* B G R A */
  rgb[0] = p[2];
  rgb[1] = p[1];
  rgb[2] = p[0];
}

void
sd_test_run (const char *command)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_command_line_sync (command, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", command, err);
}

void
sd_test_rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        sd_test_rm_rf (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}
