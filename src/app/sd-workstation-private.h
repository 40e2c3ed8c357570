/* sd-workstation-private.h: what sd-workstation.c and
 * sd-workstation-actions.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-pdf-signing.h"

#include "sd-seal-palette.h"
#include "sd-workstation.h"

G_BEGIN_DECLS

struct _SdWorkstation
{
  GtkWidget       parent_instance;

  char           *mode;         /* "single", "continuous", "pages", "cross-page", "keyword" */
  GtkWindow      *mode_dialog;  /* the open dialog of a mode (weak), or NULL */
  GCancellable   *cancellable;  /* 撤章's reading and writing */

  /* Template children */
  AdwWindowTitle *title;
  SdSealPalette  *palette;
  AdwTabView     *tab_view;
  GtkLabel       *position_label;
  GtkButton      *sign_button;
  GtkToggleButton *single_button;
  GtkToggleButton *continuous_button;
  GtkToggleButton *pages_button;
  GtkToggleButton *cross_page_button;
  GtkToggleButton *keyword_button;
  GtkButton      *unseal_button;
};

void _sd_workstation_toast               (SdWorkstation       *self,
                                          const char          *message);
/* Shows @file in @view's tab (the signed or unsealed copy, in place) */
void _sd_workstation_load_into           (SdWorkstation       *self,
                                          SdDocumentView      *view,
                                          GFile               *file);
/* The signing dialog for @view's document, into "<name>-已签章.pdf" */
void _sd_workstation_sign_with           (SdWorkstation       *self,
                                          SdDocumentView      *view,
                                          const SdSignOptions *options);

/* 单页签章 and 连续签章: the seal placed by hand is signed, no dialog */
gboolean _sd_workstation_places_by_hand  (SdWorkstation       *self);

void _sd_workstation_class_actions_init  (SdWorkstationClass  *klass);
void _sd_workstation_actions_dispose     (SdWorkstation       *self);
/* The dialog of the mode chosen (多页签章, 骑缝签章, 关键字签章) */
void _sd_workstation_show_mode_dialog    (SdWorkstation       *self);
/* Enables the actions that need a document */
void _sd_workstation_actions_update      (SdWorkstation       *self,
                                          SdDocumentView      *view);

G_END_DECLS
