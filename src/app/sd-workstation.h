/* sd-workstation.h: the signing workstation: documents in tabs, the seal
 * palette, placing and signing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-document-view.h"
#include "sd-seal-palette.h"

G_BEGIN_DECLS

#define SD_TYPE_WORKSTATION (sd_workstation_get_type ())
G_DECLARE_FINAL_TYPE (SdWorkstation, sd_workstation, SD, WORKSTATION, GtkWidget)

/* Opens @file in a new tab, or shows its tab when it is open already. */
SdDocumentView *sd_workstation_open_file      (SdWorkstation *self,
                                               GFile         *file);
/* The file chooser (PDFs, several at once) */
void            sd_workstation_choose_files   (SdWorkstation *self);
/* The document shown, or NULL */
SdDocumentView *sd_workstation_get_current    (SdWorkstation *self);
guint           sd_workstation_get_n_documents (SdWorkstation *self);
/* The seals at hand: the platform's (sd_seal_palette_set_client) and local */
SdSealPalette  *sd_workstation_get_palette    (SdWorkstation *self);
/* Where the signed copy of @input goes: "<name>-已签章.pdf" next to it,
 * with " (2)", " (3)" … when that name is taken (sd_signed_file_path(),
 * the batch's rule). */
GFile          *sd_workstation_signed_file    (GFile         *input);
/* Where the copy of @input without its newest seal (撤章) goes:
 * "<name>-已撤章.pdf" next to it, with " (2)" … when taken. */
GFile          *sd_workstation_unsealed_file  (GFile         *input);

G_END_DECLS
