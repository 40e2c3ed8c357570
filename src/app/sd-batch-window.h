/* sd-batch-window.h: batch signing (批量签署): many PDFs, one placement,
 * one key, a progress bar and a report
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sd-batch.h"

G_BEGIN_DECLS

#define SD_TYPE_BATCH_WINDOW (sd_batch_window_get_type ())
G_DECLARE_FINAL_TYPE (SdBatchWindow, sd_batch_window, SD, BATCH_WINDOW, AdwWindow)

SdBatchWindow *sd_batch_window_new               (GtkWindow     *parent);
/* A PDF, or a folder whose PDFs are added (listed on a worker thread) */
void           sd_batch_window_add_file          (SdBatchWindow *self,
                                                  GFile         *file);
guint          sd_batch_window_get_n_files       (SdBatchWindow *self);
void           sd_batch_window_set_key_file      (SdBatchWindow *self,
                                                  GFile         *key_file);
void           sd_batch_window_set_seal_file     (SdBatchWindow *self,
                                                  GFile         *seal);
void           sd_batch_window_set_output_folder (SdBatchWindow *self,
                                                  GFile         *folder);
/* The batch running or last run, or NULL before the start */
SdBatch       *sd_batch_window_get_batch         (SdBatchWindow *self);
/* What 保存报告 does with the file chosen: JSON for a .json name, else text */
void           sd_batch_window_save_report       (SdBatchWindow *self,
                                                  GFile         *file);

G_END_DECLS
