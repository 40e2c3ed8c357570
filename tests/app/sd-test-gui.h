/* sd-test-gui.h: what the GUI tests share: running the main loop until a
 * condition holds, template children, toplevels, clicks, screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef gboolean (*SdTestCondition) (gpointer data);

/* gtk_test_init, the locale and text domain as main.c sets them, libadwaita
 * and the app's style sheet */
void        sd_test_gui_init          (int              *argc,
                                       char           ***argv);

/* Runs the main loop until @condition holds, then a few frames; fails after
 * 30 s naming @what */
void        sd_test_wait_until        (SdTestCondition   condition,
                                       gpointer          data,
                                       const char       *what);
/* A condition: @widget is mapped and has a size (a window drawn) */
gboolean    sd_test_drawn             (gpointer          widget);
/* A condition: the GtkLabel @label is visible and says something */
gboolean    sd_test_label_shown       (gpointer          label);
gpointer    sd_test_template_child    (gpointer          widget,
                                       GType             type,
                                       const char       *name);
guint       sd_test_n_children        (gpointer          widget);
/* The check button under @widget for @permission (as the role and binding
 * dialogs tag them), or NULL */
GtkCheckButton *sd_test_permission_check (gpointer       widget,
                                          const char    *permission);
/* The visible toplevel of @type shown last (a dialog), or NULL */
gpointer    sd_test_find_toplevel     (GType             type);
gpointer    sd_test_wait_for_toplevel (GType             type,
                                       const char       *what);
void        sd_test_wait_toplevel_gone (GType            type,
                                       const char       *what);
/* A button's "clicked", after checking it is sensitive */
void        sd_test_click             (gpointer          button);
/* As a click on one of its buttons: the response, then the dialog closes */
void        sd_test_respond           (AdwMessageDialog *dialog,
                                       const char       *response);
/* @toplevel as drawn, saved as SEALDESK_SCREENSHOT_DIR/NAME.png */
GdkTexture *sd_test_screenshot        (gpointer          toplevel,
                                       const char       *name);
/* (r, g, b) of a pixel of @texture */
void        sd_test_pixel             (GdkTexture       *texture,
                                       int               x,
                                       int               y,
                                       guint8            rgb[3]);
/* Runs @command (no shell); fails with its stderr unless it succeeds */
void        sd_test_run               (const char       *command);
/* Removes @dir and the files in it */
void        sd_test_rm_rf             (const char       *dir);

G_END_DECLS
