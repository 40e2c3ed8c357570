/* test-look.c: the app's quality bar against the real platform server:
 * dark and light style (the accounts page, a dialog, the workstation with
 * a rendered PDF page), HiDPI (run again with GDK_SCALE=2: the page's
 * pixels follow the scale), and the keyboard (Tab and mnemonics reach the
 * filters and 查询, Ctrl+F, Ctrl+N, Escape, the seal modes, the shortcuts
 * window and its workstation shortcuts being the real bindings)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys are delivered as GTK does to shortcuts: along the focus widget and
 * its ancestors, to the first shortcut controller whose trigger matches.
 * Screenshots: look-*-dark.png and look-*-light.png (-2x at scale 2).
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include <adwaita.h>

#include "sd-account-dialog.h"
#include "sd-accounts-page.h"
#include "sd-application.h"
#include "sd-document-page.h"
#include "sd-document-view.h"
#include "sd-page-set-dialog.h"
#include "sd-seal-palette.h"
#include "sd-window-private.h"
#include "sd-workstation.h"
#include "sd-test-fixtures.h"
#include "sd-test-gui.h"
#include "sd-test-window.h"
#include "test-platform-server.h"

static SdApplication *app;
static SdWindow *window;
static char *pdf_path;

static const char *
style_name (gboolean dark)
{
  return dark ? "dark" : "light";
}

static void
set_dark (gboolean dark)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (manager, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                    : ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_true (adw_style_manager_get_dark (manager) == dark);
}

static GdkTexture *
screenshot (gpointer    toplevel,
            const char *what,
            gboolean    dark)
{
  g_autofree char *name = g_strdup_printf ("look-%s-%s%s", what, style_name (dark),
                                           gtk_widget_get_scale_factor (toplevel) == 2 ? "-2x" : "");

  return sd_test_screenshot (toplevel, name);
}

static guint
luma (GdkTexture *shot,
      int         x,
      int         y)
{
  guint8 rgb[3];

  sd_test_pixel (shot, x, y, rgb);
  return (299u * rgb[0] + 587u * rgb[1] + 114u * rgb[2]) / 1000u;
}

/* A surface of the window (background, view, bar): dark in dark style */
static void
assert_background (GdkTexture *shot,
                   int         x,
                   int         y,
                   gboolean    dark)
{
  guint l = luma (shot, x, y);

  if (dark)
    g_assert_cmpuint (l, <, 90);
  else
    g_assert_cmpuint (l, >, 200);
}

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     modifiers)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            keyval, modifiers)
           || trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)),
                               keyval, modifiers);
  return GTK_IS_KEYVAL_TRIGGER (trigger)
         && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
         && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers;
}

/* The shortcut a key press on @focus would trigger, and where it is */
static GtkShortcut *
find_shortcut (GtkWidget       *focus,
               guint            keyval,
               GdkModifierType  modifiers,
               GtkWidget      **owner)
{
  for (GtkWidget *widget = focus; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

              if (trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, modifiers))
                {
                  *owner = widget;
                  return shortcut;
                }
            }
        }
    }
  return NULL;
}

static void
press (GtkWidget       *focus,
       guint            keyval,
       GdkModifierType  modifiers)
{
  GtkWidget *owner = NULL;
  GtkShortcut *shortcut = find_shortcut (focus, keyval, modifiers, &owner);
  g_autofree char *name = gtk_accelerator_name (keyval, modifiers);

  if (shortcut == NULL)
    g_error ("no shortcut %s from %s", name, G_OBJECT_TYPE_NAME (focus));
  if (!gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, owner,
                                     gtk_shortcut_get_arguments (shortcut)))
    g_error ("%s did nothing", name);
}

static GtkWidget *
focus_widget (void)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkWidget *focus = focus_widget ();

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Connect, then 账号登录 as the demo's zirol (as test-app does) */
static void
test_sign_in (void)
{
  REQUIRE_SERVER ();

  sd_test_sign_in (window, shared_server.url, "zirol", shared_server.password);
  sd_test_wait_for_accounts (window, "the accounts");
}

/* 账号管理 in dark, then light: the window's surfaces follow the style */
static void
test_accounts_style (void)
{
  REQUIRE_SERVER ();

  for (int dark = 1; dark >= 0; dark--)
    {
      g_autoptr(GdkTexture) shot = NULL;
      int height;

      set_dark (dark);
      sd_test_wait_for_accounts (window, "the accounts");
      shot = screenshot (window, "accounts", dark);
      height = gdk_texture_get_height (shot);
      /* the sidebar's foot and the content's, clear of text */
      assert_background (shot, 12, height - 12, dark);
      assert_background (shot, gdk_texture_get_width (shot) - 12, height - 12, dark);
    }
}

/* Ctrl+F, the mnemonics' widgets and Tab: from the filters to 查询 */
static void
test_filter_keyboard (void)
{
  SdAccountsPage *page = window->accounts_page;
  GtkWidget *login_entry = sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE, "login_entry");
  GtkWidget *name_entry = sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE, "name_entry");
  GtkWidget *dropdown = sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE, "enabled_dropdown");
  GtkWidget *search_button = sd_test_template_child (page, SD_TYPE_ACCOUNTS_PAGE, "search_button");
  GtkWidget *name_label = gtk_widget_get_prev_sibling (name_entry);
  gboolean passed_dropdown = FALSE;
  guint steps;

  REQUIRE_SERVER ();

  /* from the sidebar, as after signing in */
  gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (window->sidebar, 0)));
  g_assert_false (has_focus_within (login_entry));
  press (focus_widget (), GDK_KEY_f, GDK_CONTROL_MASK);
  g_assert_true (has_focus_within (login_entry));

  /* 姓名: its label's mnemonic goes to its entry */
  g_assert_true (GTK_IS_LABEL (name_label));
  g_assert_true (gtk_label_get_mnemonic_widget (GTK_LABEL (name_label)) == name_entry);
  g_assert_true (gtk_widget_mnemonic_activate (name_label, FALSE));
  g_assert_true (has_focus_within (name_entry));

  /* Tab: 启用状态, 重置, then 查询 */
  for (steps = 0; steps < 8 && !has_focus_within (search_button); steps++)
    {
      g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
      passed_dropdown |= has_focus_within (dropdown);
    }
  g_assert_true (has_focus_within (search_button));
  g_assert_true (passed_dropdown);
  g_assert_cmpuint (steps, <=, 3);
  /* its mnemonic activates it: a search, the accounts again */
  g_assert_true (gtk_widget_mnemonic_activate (search_button, FALSE));
  sd_test_wait_for_accounts (window, "the accounts searched again");
}

/* Ctrl+N: 新增 as a dialog, in dark and light; Enter's default is 保存;
 * Escape closes it */
static void
test_dialog (void)
{
  SdAccountDialog *dialog;
  GtkWidget *login_entry;

  REQUIRE_SERVER ();

  gtk_widget_grab_focus (sd_test_template_child (window->accounts_page, SD_TYPE_ACCOUNTS_PAGE,
                                                 "login_entry"));
  press (focus_widget (), GDK_KEY_n, GDK_CONTROL_MASK);
  dialog = sd_test_wait_for_toplevel (SD_TYPE_ACCOUNT_DIALOG, "the new account dialog");
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog))
                 == sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "save_button"));
  login_entry = sd_test_template_child (dialog, SD_TYPE_ACCOUNT_DIALOG, "login_entry");
  g_assert_true (gtk_entry_get_activates_default (GTK_ENTRY (login_entry)));

  for (int dark = 1; dark >= 0; dark--)
    {
      g_autoptr(GdkTexture) shot = NULL;

      set_dark (dark);
      sd_test_wait_until ((SdTestCondition) gtk_widget_get_mapped, dialog, "the dialog drawn");
      shot = screenshot (dialog, "dialog", dark);
      assert_background (shot, 12, gdk_texture_get_height (shot) - 12, dark);
    }

  gtk_widget_grab_focus (login_entry);
  press (gtk_root_get_focus (GTK_ROOT (dialog)), GDK_KEY_Escape, 0);
  sd_test_wait_toplevel_gone (SD_TYPE_ACCOUNT_DIALOG, "the dialog closed by Escape");
}

static SdWorkstation *
workstation (void)
{
  return window->workstation;
}

static GdkTexture *
find_texture (GskRenderNode *node)
{
  GskRenderNode *child = NULL;

  switch ((int) gsk_render_node_get_node_type (node))
    {
    case GSK_TEXTURE_NODE:
      return gsk_texture_node_get_texture (node);
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        {
          GdkTexture *texture = find_texture (gsk_container_node_get_child (node, i));

          if (texture != NULL)
            return texture;
        }
      return NULL;
    case GSK_TRANSFORM_NODE:
      child = gsk_transform_node_get_child (node);
      break;
    case GSK_CLIP_NODE:
      child = gsk_clip_node_get_child (node);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      child = gsk_rounded_clip_node_get_child (node);
      break;
    case GSK_OPACITY_NODE:
      child = gsk_opacity_node_get_child (node);
      break;
    case GSK_DEBUG_NODE:
      child = gsk_debug_node_get_child (node);
      break;
    default:
      return NULL;
    }
  return find_texture (child);
}

/* The workstation with a PDF, in dark and light: white paper on the
 * style's surfaces, the page's pixels at the device's resolution */
static void
test_workstation (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (pdf_path);
  SdDocumentView *view;
  SdDocumentPage *page;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GdkTexture *texture;
  int scale, width, height;

  REQUIRE_SERVER ();

  sd_window_open_file (window, file);
  sd_test_wait_for_document (window, NULL, "the first page");
  view = sd_workstation_get_current (workstation ());
  page = sd_document_view_get_page (view, 0);

  for (int dark = 1; dark >= 0; dark--)
    {
      g_autoptr(GdkTexture) shot = NULL;
      graphene_rect_t bounds;
      double zoom = sd_document_view_get_zoom (view);

      set_dark (dark);
      sd_test_wait_for_document (window, NULL, "the first page in this style");
      shot = screenshot (window, "workstation", dark);
      height = gdk_texture_get_height (shot);
      /* the action bar's foot */
      assert_background (shot, gdk_texture_get_width (shot) / 2, height - 4, dark);
      /* paper is white in either style, the black block black */
      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (page), GTK_WIDGET (window), &bounds));
      g_assert_cmpuint (luma (shot, bounds.origin.x + 450 * zoom, bounds.origin.y + 500 * zoom), >, 240);
      g_assert_cmpuint (luma (shot, bounds.origin.x + 200 * zoom, bounds.origin.y + 150 * zoom), <, 40);
    }

  /* HiDPI: as many texture pixels as device pixels */
  scale = gtk_widget_get_scale_factor (GTK_WIDGET (page));
  if (g_strcmp0 (g_getenv ("GDK_SCALE"), "2") == 0)
    g_assert_cmpint (scale, ==, 2);
  width = gtk_widget_get_width (GTK_WIDGET (page));
  height = gtk_widget_get_height (GTK_WIDGET (page));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (page));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = find_texture (node);
  g_assert_nonnull (texture);
  g_test_message ("page: %d×%d, scale %d, texture %d×%d", width, height, scale,
                  gdk_texture_get_width (texture), gdk_texture_get_height (texture));
  g_assert_cmpint (abs (gdk_texture_get_width (texture) - width * scale), <=, scale);
  g_assert_cmpint (abs (gdk_texture_get_height (texture) - height * scale), <=, scale);
}

/* The palette's seal: at its true size at 100 % (40 mm, a point a pixel),
 * drawn from as many of the image's pixels as the device has (sharp at
 * scale 2, not a texture of its size in points scaled up) */
static void
test_palette_seal (void)
{
  g_autofree char *path = g_build_filename (work_dir, "公章.png", NULL);
  g_autoptr(GFile) seal = g_file_new_for_path (path);
  SdSealPalette *palette = sd_workstation_get_palette (workstation ());
  GtkListBox *list = sd_test_template_child (palette, SD_TYPE_SEAL_PALETTE, "list");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GtkWidget *picture;
  GdkTexture *texture;
  int scale, width, height;

  REQUIRE_SERVER ();

  /* 400 × 400 pixels */
  sd_test_make_seal (path);
  sd_seal_palette_add_seal (palette, seal);
  picture = gtk_widget_get_first_child (gtk_list_box_row_get_child (gtk_list_box_get_row_at_index (list, 0)));
  g_assert_true (GTK_IS_PICTURE (picture));
  sd_test_wait_until (sd_test_drawn, picture, "the seal in the palette");
  width = gtk_widget_get_width (picture);
  height = gtk_widget_get_height (picture);
  g_assert_cmpint (width, ==, (int) round (40 / SD_TEST_MM_PER_POINT));
  g_assert_cmpint (height, ==, width);

  scale = gtk_widget_get_scale_factor (picture);
  if (g_strcmp0 (g_getenv ("GDK_SCALE"), "2") == 0)
    g_assert_cmpint (scale, ==, 2);
  paintable = gtk_widget_paintable_new (picture);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = find_texture (node);
  g_assert_nonnull (texture);
  g_test_message ("seal: %d×%d, scale %d, texture %d×%d", width, height, scale,
                  gdk_texture_get_width (texture), gdk_texture_get_height (texture));
  g_assert_cmpint (gdk_texture_get_width (texture), >=, width * scale);
  g_assert_cmpint (gdk_texture_get_height (texture), >=, height * scale);
  sd_seal_palette_remove_seal (palette, seal);
}

static gboolean
mode_is_single (gpointer data)
{
  g_autofree char *mode = NULL;

  g_object_get (workstation (), "mode", &mode, NULL);
  return g_strcmp0 (mode, "single") == 0;
}

/* Ctrl+2: 多页签章 and its dialog, whose Enter signs and Escape closes;
 * Ctrl+1: back to 单页签章 */
static void
test_mode_keys (void)
{
  SdDocumentView *view = sd_workstation_get_current (workstation ());
  GtkWindow *dialog;
  g_autofree char *mode = NULL;

  REQUIRE_SERVER ();

  gtk_widget_grab_focus (GTK_WIDGET (view));
  g_assert_true (has_focus_within (GTK_WIDGET (view)));
  press (focus_widget (), GDK_KEY_2, GDK_CONTROL_MASK);
  g_object_get (workstation (), "mode", &mode, NULL);
  g_assert_cmpstr (mode, ==, "pages");
  dialog = sd_test_wait_for_toplevel (SD_TYPE_PAGE_SET_DIALOG, "多页签章");
  g_assert_true (gtk_window_get_default_widget (dialog)
                 == sd_test_template_child (dialog, SD_TYPE_PAGE_SET_DIALOG, "sign_button"));
  press (gtk_root_get_focus (GTK_ROOT (dialog)) != NULL ? gtk_root_get_focus (GTK_ROOT (dialog))
                                                         : GTK_WIDGET (dialog),
         GDK_KEY_Escape, 0);
  sd_test_wait_toplevel_gone (SD_TYPE_PAGE_SET_DIALOG, "多页签章 closed by Escape");

  gtk_widget_grab_focus (GTK_WIDGET (view));
  press (focus_widget (), GDK_KEY_1, GDK_CONTROL_MASK);
  g_assert_true (mode_is_single (NULL));
}

static void
collect_shortcuts (GtkWidget  *widget,
                   const char *group,
                   GPtrArray  *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SHORTCUTS_SHORTCUT (child)
          && g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), group) == 0)
        g_ptr_array_add (found, child);
      collect_shortcuts (child, group, found);
    }
}

/* Ctrl+?: the shortcuts window, whose workstation and document shortcuts
 * are bindings a key press in the document reaches */
static void
test_shortcuts_window (void)
{
  static const char * const groups[] = { "workstation_group", "document_group" };
  SdDocumentView *view = sd_workstation_get_current (workstation ());
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                "win.show-help-overlay");
  GtkShortcutsWindow *overlay;
  gboolean listed_sign = FALSE;

  REQUIRE_SERVER ();

  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  overlay = sd_test_wait_for_toplevel (GTK_TYPE_SHORTCUTS_WINDOW, "the shortcuts window");
  {
    g_autoptr(GdkTexture) shot = screenshot (overlay, "shortcuts", FALSE);
  }

  gtk_widget_grab_focus (GTK_WIDGET (view));
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();

      collect_shortcuts (GTK_WIDGET (overlay), groups[g], shortcuts);
      g_assert_cmpuint (shortcuts->len, >=, 8);
      for (guint i = 0; i < shortcuts->len; i++)
        {
          g_autofree char *accelerator = NULL;
          g_autofree char *title = NULL;
          guint keyval;
          GdkModifierType modifiers;
          GtkWidget *owner;

          g_object_get (shortcuts->pdata[i], "accelerator", &accelerator, "title", &title, NULL);
          g_assert_true (gtk_accelerator_parse (accelerator, &keyval, &modifiers));
          if (find_shortcut (focus_widget (), keyval, modifiers, &owner) == NULL)
            g_error ("the shortcuts window lists %s (%s), which nothing binds", accelerator, title);
          listed_sign |= keyval == GDK_KEY_s
                         && g_strcmp0 (title, g_dpgettext2 (GETTEXT_PACKAGE, "shortcut window",
                                                            "Sign the document")) == 0;
        }
    }
  g_assert_true (listed_sign);

  press (gtk_root_get_focus (GTK_ROOT (overlay)) != NULL ? gtk_root_get_focus (GTK_ROOT (overlay))
                                                          : GTK_WIDGET (overlay),
         GDK_KEY_Escape, 0);
  sd_test_wait_toplevel_gone (GTK_TYPE_SHORTCUTS_WINDOW, "the shortcuts window closed by Escape");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  sd_test_gui_init (&argc, &argv);

  work_dir = g_dir_make_tmp ("sealdesk-look-test-XXXXXX", &error);
  g_assert_no_error (error);
  pdf_path = g_build_filename (work_dir, "合同.pdf", NULL);
  sd_test_make_pdf (pdf_path, 1, 100);
  if (!server_start (&shared_server, NULL, NULL, &server_failure))
    g_printerr ("# no platform server: %s\n", server_failure);

  /* the application, for its shortcuts window (gtk/help-overlay.ui) */
  app = sd_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = g_object_ref_sink (sd_window_new (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gtk_window_present (GTK_WINDOW (window));

  /* In order: each test goes on from where the previous one left */
  g_test_add_func ("/look/sign-in", test_sign_in);
  g_test_add_func ("/look/accounts-style", test_accounts_style);
  g_test_add_func ("/look/accounts-keyboard", test_filter_keyboard);
  g_test_add_func ("/look/dialog", test_dialog);
  g_test_add_func ("/look/workstation", test_workstation);
  g_test_add_func ("/look/palette-seal", test_palette_seal);
  g_test_add_func ("/look/mode-keys", test_mode_keys);
  g_test_add_func ("/look/shortcuts-window", test_shortcuts_window);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&window);
  g_clear_object (&app);
  server_stop (&shared_server);
  sd_test_rm_rf (work_dir);
  g_clear_pointer (&work_dir, g_free);
  g_clear_pointer (&pdf_path, g_free);
  g_clear_pointer (&server_failure, g_free);
  return status;
}
