/* sd-batch.h: batch signing (批量签署): many PDFs, one key, one placement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-pdf-signing.h"

G_BEGIN_DECLS

typedef enum
{
  SD_BATCH_FILE_WAITING,
  SD_BATCH_FILE_SIGNING,
  SD_BATCH_FILE_SIGNED,
  SD_BATCH_FILE_FAILED,    /* the reason is the error, in the user's language */
  SD_BATCH_FILE_REJECTED,  /* 拒签: left unsigned by the user, with the user's reason */
  SD_BATCH_FILE_SKIPPED,   /* not signed because the batch was cancelled or stopped */
} SdBatchFileState;

typedef enum
{
  SD_BATCH_REPORT_TEXT,
  SD_BATCH_REPORT_JSON,
} SdBatchReportFormat;

/* Where a keyword is, as sd_pdf_find_text() (libsealdesk-text) says: the
 * batch itself stays free of poppler. */
typedef GArray *(*SdBatchFindText) (const char  *path,
                                    const char  *text,
                                    GArray      *pages,
                                    GError     **error);

#define SD_TYPE_BATCH (sd_batch_get_type ())
G_DECLARE_FINAL_TYPE (SdBatch, sd_batch, SD, BATCH, GObject)

/* Signs the files added, in order, with @signer and @options into
 * @output_dir (created when missing), each as sd_signed_file_path() names
 * it.  The key signs one file at a time on the batch's worker thread while
 * other threads prepare the next files and finish the previous ones, so
 * that a fast key is not kept waiting; @signer's key is only used from
 * that one thread.  A file that fails does not stop the batch; a failure
 * of the key itself (wrong or locked PIN, key removed) does, so that a
 * wrong PIN is never tried again file after file.  A cancel is obeyed
 * until a file's signed copy is renamed into place: the files renamed
 * before it stay signed, all the others are left unsigned with nothing
 * written, even one the key has already signed. */
SdBatch          *sd_batch_new               (SdSigner            *signer,
                                              const SdSignOptions *options,
                                              const char          *output_dir);
/* Returns the file's index. */
guint             sd_batch_add_file          (SdBatch             *self,
                                              const char          *path);
/* 拒签: the file is not signed; @reason goes into the report. */
void              sd_batch_reject_file       (SdBatch             *self,
                                              guint                index,
                                              const char          *reason);
/* For SD_SEAL_MODE_KEYWORD: each file is searched for @keyword (on the
 * pages of the options' page set) and sealed on the matches @select keeps. */
void              sd_batch_set_keyword       (SdBatch             *self,
                                              const char          *keyword,
                                              SdTextMatchSelect    select,
                                              guint                nth,
                                              SdBatchFindText      find_text);

guint             sd_batch_get_n_files       (SdBatch             *self);
/* These copy: the worker thread may be changing them. */
char             *sd_batch_dup_input         (SdBatch             *self,
                                              guint                index);
/* The signed copy, once signed */
char             *sd_batch_dup_output        (SdBatch             *self,
                                              guint                index);
/* Why it failed, was rejected or skipped */
char             *sd_batch_dup_reason        (SdBatch             *self,
                                              guint                index);
SdBatchFileState  sd_batch_get_file_state    (SdBatch             *self,
                                              guint                index);
guint             sd_batch_count             (SdBatch             *self,
                                              SdBatchFileState     state);
/* Files done (in any final state) over files, 0 to 1 */
double            sd_batch_get_fraction      (SdBatch             *self);

/* "file-changed" (index) is emitted on the thread-default main context of
 * the caller as each file starts and ends; the ends come in the files'
 * order, but a file may start before the one before it ends.  Fails only
 * when the batch stopped: cancelled, or the key failed (the error says
 * why); the files' states say the rest. */
void              sd_batch_run_async         (SdBatch             *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean          sd_batch_run_finish        (SdBatch             *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* One line a state: "18 files signed", "1 file failed" … */
char             *sd_batch_get_summary       (SdBatch             *self);
/* The file's line in the report: "Signed: a.pdf → a-已签章.pdf", "Failed:
 * b.pdf: <why>" … */
char             *sd_batch_describe_file     (SdBatch             *self,
                                              guint                index);
/* The report, in the user's language (text) or for programs (JSON) */
char             *sd_batch_get_report        (SdBatch             *self,
                                              SdBatchReportFormat  format);
/* Writes the report atomically, replacing @path. */
void              sd_batch_save_report_async (SdBatch             *self,
                                              const char          *path,
                                              SdBatchReportFormat  format,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean          sd_batch_save_report_finish (SdBatch            *self,
                                              GAsyncResult        *result,
                                              GError             **error);
gboolean          sd_batch_save_report       (SdBatch             *self,
                                              const char          *path,
                                              SdBatchReportFormat  format,
                                              GError             **error);

/* The PDFs directly in @dir (not in subfolders), sorted as a file manager
 * sorts names; signed copies (sd_signed_file_path() names) are left out. */
GPtrArray        *sd_batch_list_folder       (const char          *dir,
                                              GError             **error);

/* Where the signed copy of @input goes: "<name>-已签章.pdf" in @output_dir
 * (NULL: next to @input), with " (2)", " (3)" … when that name is taken. */
char             *sd_signed_file_path        (const char          *input,
                                              const char          *output_dir);

G_END_DECLS
