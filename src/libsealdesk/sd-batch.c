/* sd-batch.c: batch signing (批量签署)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The files go through a pipeline, each stage taking them in order: one
 * thread prepares a document (reads it, lays out the seal, builds and
 * hashes the update), the batch's worker thread has the key sign it, and
 * finishers write and sync it, then rename it into place one after
 * another in the files' order.  So the key signs document i while i + 1 is
 * prepared and i − 1 finished, and it is only ever used from the worker
 * thread.  Several finishers, because the fsync() waits of a few files
 * then overlap (the file system joins them) instead of holding up the key.
 * Short queues between the stages keep a few documents in flight, not the
 * whole batch.  Every file's end is decided at its rename, in order, so
 * states and reasons are those of signing one file after another.
 *
 * The files' states live under a mutex so that the main thread can read
 * them while the stages change them; "file-changed" is then emitted on the
 * caller's context.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-atomic-file.h"
#include "sd-batch.h"
#include "sd-error.h"
#include "sd-page-set.h"
#include "sd-pdf-document.h"

typedef struct
{
  char             *input;
  char             *output;
  char             *reason;
  SdBatchFileState  state;
} BatchFile;

struct _SdBatch
{
  GObject            parent_instance;

  SdSigner          *signer;
  SdSignOptions     *options;
  char              *output_dir;
  char              *keyword;
  SdTextMatchSelect  select;
  guint              nth;
  SdBatchFindText    find_text;

  GMutex             lock;
  GArray            *files;     /* BatchFile */
  gboolean           started;
  GMainContext      *context;   /* where "file-changed" is emitted */
  GDateTime         *started_at;
};

G_DEFINE_FINAL_TYPE (SdBatch, sd_batch, G_TYPE_OBJECT)

enum
{
  FILE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
batch_file_clear (gpointer data)
{
  BatchFile *file = data;

  g_free (file->input);
  g_free (file->output);
  g_free (file->reason);
}

static void
sd_batch_finalize (GObject *object)
{
  SdBatch *self = SD_BATCH (object);

  g_clear_object (&self->signer);
  g_clear_pointer (&self->options, sd_sign_options_free);
  g_free (self->output_dir);
  g_free (self->keyword);
  g_array_unref (self->files);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (sd_batch_parent_class)->finalize (object);
}

static void
sd_batch_class_init (SdBatchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_batch_finalize;

  signals[FILE_CHANGED] = g_signal_new ("file-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
sd_batch_init (SdBatch *self)
{
  g_mutex_init (&self->lock);
  self->files = g_array_new (FALSE, TRUE, sizeof (BatchFile));
  g_array_set_clear_func (self->files, batch_file_clear);
}

SdBatch *
sd_batch_new (SdSigner            *signer,
              const SdSignOptions *options,
              const char          *output_dir)
{
  SdBatch *self;

  g_return_val_if_fail (SD_IS_SIGNER (signer), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (output_dir != NULL, NULL);

  self = g_object_new (SD_TYPE_BATCH, NULL);
  self->signer = g_object_ref (signer);
  self->options = sd_sign_options_copy (options);
  /* each output gets a free name: nothing is ever replaced */
  self->options->overwrite = FALSE;
  self->output_dir = g_strdup (output_dir);
  return self;
}

guint
sd_batch_add_file (SdBatch    *self,
                   const char *path)
{
  BatchFile file = { g_strdup (path), NULL, NULL, SD_BATCH_FILE_WAITING };
  guint index;

  g_return_val_if_fail (SD_IS_BATCH (self), 0);
  g_return_val_if_fail (path != NULL, 0);
  g_return_val_if_fail (!self->started, 0);

  g_mutex_lock (&self->lock);
  g_array_append_val (self->files, file);
  index = self->files->len - 1;
  g_mutex_unlock (&self->lock);
  return index;
}

void
sd_batch_reject_file (SdBatch    *self,
                      guint       index,
                      const char *reason)
{
  BatchFile *file;

  g_return_if_fail (SD_IS_BATCH (self));
  g_return_if_fail (index < self->files->len);
  g_return_if_fail (!self->started);

  g_mutex_lock (&self->lock);
  file = &g_array_index (self->files, BatchFile, index);
  file->state = SD_BATCH_FILE_REJECTED;
  g_free (file->reason);
  file->reason = g_strdup (reason != NULL && *reason != '\0' ? reason : _("No reason given"));
  g_mutex_unlock (&self->lock);
}

void
sd_batch_set_keyword (SdBatch           *self,
                      const char        *keyword,
                      SdTextMatchSelect  select,
                      guint              nth,
                      SdBatchFindText    find_text)
{
  g_return_if_fail (SD_IS_BATCH (self));
  g_return_if_fail (keyword != NULL && find_text != NULL);
  g_return_if_fail (!self->started);

  g_free (self->keyword);
  self->keyword = g_strdup (keyword);
  self->select = select;
  self->nth = nth;
  self->find_text = find_text;
}

guint
sd_batch_get_n_files (SdBatch *self)
{
  g_return_val_if_fail (SD_IS_BATCH (self), 0);

  return self->files->len;
}

static char *
dup_field (SdBatch *self,
           guint    index,
           gsize    offset)
{
  char *copy;

  g_return_val_if_fail (SD_IS_BATCH (self), NULL);
  g_return_val_if_fail (index < self->files->len, NULL);

  g_mutex_lock (&self->lock);
  copy = g_strdup (G_STRUCT_MEMBER (char *, &g_array_index (self->files, BatchFile, index), offset));
  g_mutex_unlock (&self->lock);
  return copy;
}

char *
sd_batch_dup_input (SdBatch *self,
                    guint    index)
{
  return dup_field (self, index, G_STRUCT_OFFSET (BatchFile, input));
}

char *
sd_batch_dup_output (SdBatch *self,
                     guint    index)
{
  return dup_field (self, index, G_STRUCT_OFFSET (BatchFile, output));
}

char *
sd_batch_dup_reason (SdBatch *self,
                     guint    index)
{
  return dup_field (self, index, G_STRUCT_OFFSET (BatchFile, reason));
}

SdBatchFileState
sd_batch_get_file_state (SdBatch *self,
                         guint    index)
{
  SdBatchFileState state;

  g_return_val_if_fail (SD_IS_BATCH (self), SD_BATCH_FILE_WAITING);
  g_return_val_if_fail (index < self->files->len, SD_BATCH_FILE_WAITING);

  g_mutex_lock (&self->lock);
  state = g_array_index (self->files, BatchFile, index).state;
  g_mutex_unlock (&self->lock);
  return state;
}

guint
sd_batch_count (SdBatch          *self,
                SdBatchFileState  state)
{
  guint n = 0;

  g_return_val_if_fail (SD_IS_BATCH (self), 0);

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->files->len; i++)
    n += g_array_index (self->files, BatchFile, i).state == state;
  g_mutex_unlock (&self->lock);
  return n;
}

double
sd_batch_get_fraction (SdBatch *self)
{
  guint to_sign, done;

  g_return_val_if_fail (SD_IS_BATCH (self), 0);

  /* rejected files are not work to be done */
  to_sign = self->files->len - sd_batch_count (self, SD_BATCH_FILE_REJECTED);
  done = sd_batch_count (self, SD_BATCH_FILE_SIGNED) + sd_batch_count (self, SD_BATCH_FILE_FAILED)
         + sd_batch_count (self, SD_BATCH_FILE_SKIPPED);
  return to_sign == 0 ? 1.0 : (double) done / to_sign;
}

typedef struct
{
  SdBatch *self;
  guint    index;
} FileChanged;

static gboolean
emit_file_changed (gpointer data)
{
  FileChanged *changed = data;

  g_signal_emit (changed->self, signals[FILE_CHANGED], 0, changed->index);
  return G_SOURCE_REMOVE;
}

static void
file_changed_free (gpointer data)
{
  FileChanged *changed = data;

  g_object_unref (changed->self);
  g_free (changed);
}

/* From the worker: the new state under the lock, the signal on the
 * caller's context. */
static void
set_file_state (SdBatch          *self,
                guint             index,
                SdBatchFileState  state,
                const char       *output,
                const char       *reason)
{
  BatchFile *file;
  FileChanged *changed = g_new (FileChanged, 1);

  g_mutex_lock (&self->lock);
  file = &g_array_index (self->files, BatchFile, index);
  file->state = state;
  g_free (file->output);
  file->output = g_strdup (output);
  g_free (file->reason);
  file->reason = g_strdup (reason);
  g_mutex_unlock (&self->lock);

  changed->self = g_object_ref (self);
  changed->index = index;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_file_changed, changed,
                              file_changed_free);
}

/* Failures of the key (or of what every file shares, the seal image) would
 * only repeat on the next file: a wrong PIN tried file after file locks it. */
static gboolean
stops_batch (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return TRUE;
  if (error->domain != SD_ERROR)
    return FALSE;
  switch (error->code)
    {
    case SD_ERROR_BAD_PASSWORD:
    case SD_ERROR_PIN_LOCKED:
    case SD_ERROR_TOKEN_REMOVED:
    case SD_ERROR_TOKEN:
    case SD_ERROR_KEY:
    case SD_ERROR_IMAGE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The keyword's matches in @input, as the options of that one file */
static SdSignOptions *
keyword_options (SdBatch     *self,
                 const char  *input,
                 GError     **error)
{
  g_autoptr(SdSignOptions) options = sd_sign_options_copy (self->options);
  g_autoptr(GArray) pages = NULL;

  if (options->pages != NULL)
    {
      g_autoptr(SdPdfDocument) doc = sd_pdf_document_new_from_file (input, error);

      if (doc == NULL)
        return NULL;
      pages = sd_page_set_parse (options->pages, sd_pdf_document_get_n_pages (doc), error);
      if (pages == NULL)
        return NULL;
    }
  g_clear_pointer (&options->matches, g_array_unref);
  options->matches = self->find_text (input, self->keyword, pages, error);
  if (options->matches == NULL)
    return NULL;
  if (options->matches->len == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                   _("“%s” is not in this document, so there is nowhere to put the seal."),
                   self->keyword);
      return NULL;
    }
  if (!sd_text_matches_select (options->matches, self->select, self->nth))
    {
      guint n = options->matches->len;

      /* TRANSLATORS: %s is the keyword, the first %u how many times it is
       * in the document, the second the occurrence asked for */
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                   ngettext ("“%s” occurs %u time in this document, so there is no occurrence %u.",
                             "“%s” occurs %u times in this document, so there is no occurrence %u.",
                             n),
                   self->keyword, n, self->nth);
      return NULL;
    }
  return g_steal_pointer (&options);
}

/* At most this many documents wait between two stages: with the ones the
 * stages work on, nine documents are in flight at most. */
#define QUEUE_LENGTH 2
#define N_FINISHERS 3

/* A bounded queue from one stage to the next */
typedef struct
{
  GMutex   lock;
  GCond    cond;
  GQueue   items;
  gboolean closed;
} Channel;

static void
channel_init (Channel *channel)
{
  g_mutex_init (&channel->lock);
  g_cond_init (&channel->cond);
  g_queue_init (&channel->items);
  channel->closed = FALSE;
}

static void
channel_clear (Channel *channel)
{
  g_mutex_clear (&channel->lock);
  g_cond_clear (&channel->cond);
}

static void
channel_push (Channel  *channel,
              gpointer  item)
{
  g_mutex_lock (&channel->lock);
  while (channel->items.length >= QUEUE_LENGTH)
    g_cond_wait (&channel->cond, &channel->lock);
  g_queue_push_tail (&channel->items, item);
  g_cond_broadcast (&channel->cond);
  g_mutex_unlock (&channel->lock);
}

/* NULL once the channel is closed and empty */
static gpointer
channel_pop (Channel *channel)
{
  gpointer item;

  g_mutex_lock (&channel->lock);
  while (channel->items.length == 0 && !channel->closed)
    g_cond_wait (&channel->cond, &channel->lock);
  item = g_queue_pop_head (&channel->items);
  g_cond_broadcast (&channel->cond);
  g_mutex_unlock (&channel->lock);
  return item;
}

static void
channel_close (Channel *channel)
{
  g_mutex_lock (&channel->lock);
  channel->closed = TRUE;
  g_cond_broadcast (&channel->cond);
  g_mutex_unlock (&channel->lock);
}

/* One document on its way through the pipeline */
typedef struct
{
  guint         index;
  guint         seq;      /* its place among the documents started */
  SdPdfSigning *signing;  /* NULL when preparing it failed */
  gboolean      signed_;  /* by the key */
  GError       *error;    /* why preparing, signing or writing it failed */
} Job;

static void
job_free (Job *job)
{
  sd_pdf_signing_free (job->signing);
  g_clear_error (&job->error);
  g_free (job);
}

typedef struct
{
  SdBatch      *self;
  GCancellable *cancellable;
  Channel       prepared;  /* preparer → key */
  Channel       signed_;   /* key → finisher */
  GMutex        lock;
  guint         stop_at;   /* under @lock: the first file whose failure stops the batch */
  GCond         turn_cond;
  guint         turn;      /* under @lock: the seq of the next document to end */
  GHashTable   *taken;     /* the preparer's: output names given in this batch */
  GError       *stop;      /* the finishers', in their turns: why the batch stopped */
  char         *stop_reason;
} Pipeline;

/* A stage saw a failure that stops the batch at file @index: the files
 * after it are not prepared or signed any more.  The files before it go
 * on as if nothing happened. */
static void
pipeline_stop_at (Pipeline *p,
                  guint     index)
{
  g_mutex_lock (&p->lock);
  p->stop_at = MIN (p->stop_at, index);
  g_mutex_unlock (&p->lock);
}

static gboolean
pipeline_stopped_before (Pipeline *p,
                         guint     index)
{
  gboolean stopped;

  g_mutex_lock (&p->lock);
  stopped = p->stop_at < index;
  g_mutex_unlock (&p->lock);
  return stopped;
}

/* The finishers end the documents one at a time, in order */
static void
pipeline_wait_turn (Pipeline *p,
                    guint     seq)
{
  g_mutex_lock (&p->lock);
  while (p->turn != seq)
    g_cond_wait (&p->turn_cond, &p->lock);
  g_mutex_unlock (&p->lock);
}

static void
pipeline_end_turn (Pipeline *p)
{
  g_mutex_lock (&p->lock);
  p->turn++;
  g_cond_broadcast (&p->turn_cond);
  g_mutex_unlock (&p->lock);
}

static char *signed_file_path (const char *input,
                               const char *output_dir,
                               GHashTable *taken);

static SdPdfSigning *
prepare_one (Pipeline    *p,
             const char  *input,
             GError     **error)
{
  SdBatch *self = p->self;
  g_autoptr(SdSignOptions) keyword = NULL;
  const SdSignOptions *options = self->options;
  g_autofree char *path = NULL;
  SdPdfSigning *signing;

  if (self->options->mode == SD_SEAL_MODE_KEYWORD && self->find_text != NULL)
    {
      if ((keyword = keyword_options (self, input, error)) == NULL)
        return NULL;
      options = keyword;
    }
  /* The documents before this one may not be renamed into place yet:
   * their names are taken all the same. */
  path = signed_file_path (input, self->output_dir, p->taken);
  signing = sd_pdf_signing_prepare (input, path, self->signer, options, p->cancellable, error);
  if (signing != NULL)
    g_hash_table_add (p->taken, g_steal_pointer (&path));
  return signing;
}

static gpointer
prepare_thread (gpointer data)
{
  Pipeline *p = data;
  SdBatch *self = p->self;
  guint seq = 0;

  for (guint i = 0; i < self->files->len; i++)
    {
      g_autofree char *input = NULL;
      Job *job;

      if (sd_batch_get_file_state (self, i) == SD_BATCH_FILE_REJECTED)
        continue;
      if (pipeline_stopped_before (p, G_MAXUINT) || g_cancellable_is_cancelled (p->cancellable))
        break;
      input = sd_batch_dup_input (self, i);
      set_file_state (self, i, SD_BATCH_FILE_SIGNING, NULL, NULL);
      job = g_new0 (Job, 1);
      job->index = i;
      job->seq = seq++;
      job->signing = prepare_one (p, input, &job->error);
      if (job->error != NULL && stops_batch (job->error))
        pipeline_stop_at (p, i);
      channel_push (&p->prepared, job);
    }
  channel_close (&p->prepared);
  return NULL;
}

/* The key's stage, on the batch's worker thread: the only one that uses
 * the signer's key, one document after another. */
static void
sign_stage (Pipeline *p)
{
  Job *job;

  while ((job = channel_pop (&p->prepared)) != NULL)
    {
      if (job->signing != NULL && !pipeline_stopped_before (p, job->index)
          && !g_cancellable_set_error_if_cancelled (p->cancellable, &job->error))
        job->signed_ = sd_pdf_signing_sign (job->signing, p->cancellable, &job->error);
      if (job->error != NULL && stops_batch (job->error))
        pipeline_stop_at (p, job->index);
      channel_push (&p->signed_, job);
    }
  channel_close (&p->signed_);
}

/* Where every file's end is decided, in its turn: in the files' order */
static void
finish_job (Pipeline *p,
            Job      *job)
{
  SdBatch *self = p->self;

  if (p->stop != NULL)
    {
      /* It was shown as being signed: a cancel says what became of it */
      if (g_error_matches (p->stop, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_file_state (self, job->index, SD_BATCH_FILE_SKIPPED, NULL,
                        _("Cancelled while it was being signed; nothing was written"));
      else
        set_file_state (self, job->index, SD_BATCH_FILE_SKIPPED, NULL, p->stop_reason);
      return;
    }
  /* Nothing stopped the batch before this file, so the key has signed it
   * and it was written unless it failed. */
  if (job->error == NULL && sd_pdf_signing_commit (job->signing, p->cancellable, &job->error))
    {
      set_file_state (self, job->index, SD_BATCH_FILE_SIGNED,
                      sd_pdf_signing_get_output (job->signing), NULL);
      return;
    }
  if (g_error_matches (job->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* the signature's temporary file is gone with it */
      set_file_state (self, job->index, SD_BATCH_FILE_SKIPPED, NULL,
                      _("Cancelled while it was being signed; nothing was written"));
      p->stop_reason = g_strdup (_("Cancelled before it was signed"));
    }
  else
    {
      set_file_state (self, job->index, SD_BATCH_FILE_FAILED, NULL, job->error->message);
      if (stops_batch (job->error))
        /* TRANSLATORS: %s says what went wrong with the key */
        p->stop_reason = g_strdup_printf (_("Not signed: the batch stopped at an earlier file (%s)"),
                                          job->error->message);
    }
  if (stops_batch (job->error))
    {
      p->stop = g_steal_pointer (&job->error);
      pipeline_stop_at (p, job->index);
    }
}

static gpointer
finish_thread (gpointer data)
{
  Pipeline *p = data;
  Job *job;

  while ((job = channel_pop (&p->signed_)) != NULL)
    {
      /* Beside the other finishers: whether this file ends signed is only
       * known in its turn, so a file written here may still be dropped. */
      if (job->signed_)
        sd_pdf_signing_write (job->signing, p->cancellable, &job->error);
      pipeline_wait_turn (p, job->seq);
      finish_job (p, job);
      pipeline_end_turn (p);
      job_free (job);
    }
  return NULL;
}

static void
run_pipeline (Pipeline *p)
{
  GThread *preparer, *finishers[N_FINISHERS];

  channel_init (&p->prepared);
  channel_init (&p->signed_);
  g_mutex_init (&p->lock);
  g_cond_init (&p->turn_cond);
  p->stop_at = G_MAXUINT;
  p->taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  preparer = g_thread_new ("sealdesk-prepare", prepare_thread, p);
  for (guint i = 0; i < N_FINISHERS; i++)
    finishers[i] = g_thread_new ("sealdesk-finish", finish_thread, p);
  sign_stage (p);
  g_thread_join (preparer);
  for (guint i = 0; i < N_FINISHERS; i++)
    g_thread_join (finishers[i]);

  g_hash_table_unref (p->taken);
  g_cond_clear (&p->turn_cond);
  g_mutex_clear (&p->lock);
  channel_clear (&p->signed_);
  channel_clear (&p->prepared);
}

static void
run_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  SdBatch *self = source;
  Pipeline p = { .self = self, .cancellable = cancellable };

  if (g_mkdir_with_parents (self->output_dir, 0777) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (self->output_dir);

      g_set_error (&p.stop, SD_ERROR, SD_ERROR_IO, _("Cannot create the output folder “%s”: %s"),
                   name, g_strerror (saved));
      p.stop_reason = g_strdup (p.stop->message);
    }
  else
    run_pipeline (&p);

  /* The files the pipeline did not start: it stopped, or was cancelled
   * between two files. */
  for (guint i = 0; i < self->files->len; i++)
    {
      if (sd_batch_get_file_state (self, i) != SD_BATCH_FILE_WAITING)
        continue;
      if (p.stop == NULL && g_cancellable_set_error_if_cancelled (cancellable, &p.stop))
        p.stop_reason = g_strdup (_("Cancelled before it was signed"));
      set_file_state (self, i, SD_BATCH_FILE_SKIPPED, NULL, p.stop_reason);
    }

  g_free (p.stop_reason);
  if (p.stop != NULL)
    g_task_return_error (task, p.stop);
  else
    g_task_return_boolean (task, TRUE);
}

void
sd_batch_run_async (SdBatch             *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SD_IS_BATCH (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->context = g_main_context_ref_thread_default ();
  self->started_at = g_date_time_new_now_local ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_batch_run_async);
  g_task_run_in_thread (task, run_thread);
}

gboolean
sd_batch_run_finish (SdBatch       *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static const char *
state_id (SdBatchFileState state)
{
  switch (state)
    {
    case SD_BATCH_FILE_WAITING:
      return "waiting";
    case SD_BATCH_FILE_SIGNING:
      return "signing";
    case SD_BATCH_FILE_SIGNED:
      return "signed";
    case SD_BATCH_FILE_FAILED:
      return "failed";
    case SD_BATCH_FILE_REJECTED:
      return "rejected";
    case SD_BATCH_FILE_SKIPPED:
    default:
      return "skipped";
    }
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_json_path (GString    *out,
                  const char *path)
{
  g_autofree char *display = path != NULL ? g_filename_display_name (path) : NULL;

  append_json_string (out, display);
}

static char *
report_json (SdBatch *self)
{
  GString *out = g_string_new ("{\n");
  g_autofree char *started = self->started_at ? g_date_time_format_iso8601 (self->started_at) : NULL;
  const SdBatchFileState counted[] = {
    SD_BATCH_FILE_SIGNED, SD_BATCH_FILE_FAILED, SD_BATCH_FILE_REJECTED, SD_BATCH_FILE_SKIPPED,
  };

  g_string_append (out, "  \"started\": ");
  append_json_string (out, started);
  g_string_append (out, ",\n  \"output_dir\": ");
  append_json_path (out, self->output_dir);
  for (guint i = 0; i < G_N_ELEMENTS (counted); i++)
    g_string_append_printf (out, ",\n  \"%s\": %u", state_id (counted[i]),
                            sd_batch_count (self, counted[i]));
  g_string_append (out, ",\n  \"files\": [");
  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->files->len; i++)
    {
      BatchFile *file = &g_array_index (self->files, BatchFile, i);

      g_string_append (out, i == 0 ? "\n    {\"input\": " : ",\n    {\"input\": ");
      append_json_path (out, file->input);
      g_string_append_printf (out, ", \"state\": \"%s\", \"output\": ", state_id (file->state));
      append_json_path (out, file->output);
      g_string_append (out, ", \"reason\": ");
      append_json_string (out, file->reason);
      g_string_append_c (out, '}');
    }
  g_mutex_unlock (&self->lock);
  g_string_append (out, "\n  ]\n}\n");
  return g_string_free (out, FALSE);
}

static void
append_line (GString    *out,
             const char *line)
{
  g_string_append (out, line);
  g_string_append_c (out, '\n');
}

char *
sd_batch_get_summary (SdBatch *self)
{
  GString *out = g_string_new (NULL);
  guint n_signed = sd_batch_count (self, SD_BATCH_FILE_SIGNED);
  guint n_failed = sd_batch_count (self, SD_BATCH_FILE_FAILED);
  guint n_rejected = sd_batch_count (self, SD_BATCH_FILE_REJECTED);
  guint n_skipped = sd_batch_count (self, SD_BATCH_FILE_SKIPPED);
  g_autofree char *line = NULL;

  line = g_strdup_printf (ngettext ("%u file signed", "%u files signed", n_signed), n_signed);
  append_line (out, line);
  g_free (line);
  line = g_strdup_printf (ngettext ("%u file failed", "%u files failed", n_failed), n_failed);
  append_line (out, line);
  g_free (line);
  /* TRANSLATORS: 拒签: files the user chose not to sign */
  line = g_strdup_printf (ngettext ("%u file rejected", "%u files rejected", n_rejected), n_rejected);
  append_line (out, line);
  g_clear_pointer (&line, g_free);
  if (n_skipped > 0)
    {
      line = g_strdup_printf (ngettext ("%u file not signed (the batch stopped)",
                                        "%u files not signed (the batch stopped)", n_skipped),
                              n_skipped);
      append_line (out, line);
    }
  g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

char *
sd_batch_describe_file (SdBatch *self,
                        guint    index)
{
  BatchFile *file;
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;
  char *line;

  g_return_val_if_fail (SD_IS_BATCH (self), NULL);
  g_return_val_if_fail (index < self->files->len, NULL);

  g_mutex_lock (&self->lock);
  file = &g_array_index (self->files, BatchFile, index);
  input = g_filename_display_name (file->input);
  output = file->output ? g_filename_display_basename (file->output) : NULL;
  switch (file->state)
    {
    case SD_BATCH_FILE_SIGNED:
      /* TRANSLATORS: the input file, then its signed copy's name */
      line = g_strdup_printf (_("Signed: %s → %s"), input, output);
      break;
    case SD_BATCH_FILE_FAILED:
      /* TRANSLATORS: the file, then what went wrong */
      line = g_strdup_printf (_("Failed: %s: %s"), input, file->reason);
      break;
    case SD_BATCH_FILE_REJECTED:
      /* TRANSLATORS: 拒签: the file, then the user's reason */
      line = g_strdup_printf (_("Rejected: %s: %s"), input, file->reason);
      break;
    case SD_BATCH_FILE_SKIPPED:
      /* TRANSLATORS: the file, then why it was not signed */
      line = g_strdup_printf (_("Not signed: %s: %s"), input, file->reason);
      break;
    case SD_BATCH_FILE_SIGNING:
      line = g_strdup_printf (_("Signing: %s"), input);
      break;
    case SD_BATCH_FILE_WAITING:
    default:
      line = g_strdup_printf (_("Not signed yet: %s"), input);
      break;
    }
  g_mutex_unlock (&self->lock);
  return line;
}

static char *
report_text (SdBatch *self)
{
  GString *out = g_string_new (NULL);
  g_autofree char *dir = g_filename_display_name (self->output_dir);
  g_autofree char *summary = sd_batch_get_summary (self);

  append_line (out, _("Batch signing report"));
  if (self->started_at != NULL)
    {
      g_autofree char *when = g_date_time_format (self->started_at, "%Y-%m-%d %H:%M:%S");

      /* TRANSLATORS: %s is a date and time */
      g_string_append_printf (out, _("Started: %s"), when);
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, _("Output folder: %s"), dir);
  g_string_append (out, "\n\n");
  append_line (out, summary);
  g_string_append_c (out, '\n');
  for (guint i = 0; i < self->files->len; i++)
    {
      g_autofree char *line = sd_batch_describe_file (self, i);

      append_line (out, line);
    }
  return g_string_free (out, FALSE);
}

char *
sd_batch_get_report (SdBatch             *self,
                     SdBatchReportFormat  format)
{
  g_return_val_if_fail (SD_IS_BATCH (self), NULL);

  return format == SD_BATCH_REPORT_JSON ? report_json (self) : report_text (self);
}

gboolean
sd_batch_save_report (SdBatch              *self,
                      const char           *path,
                      SdBatchReportFormat   format,
                      GError              **error)
{
  char *report = sd_batch_get_report (self, format);
  g_autoptr(GBytes) bytes = g_bytes_new_take (report, strlen (report));

  return sd_atomic_file_set_contents (path, bytes, TRUE, error);
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  const char *path = g_object_get_data (G_OBJECT (task), "path");
  GError *error = NULL;

  if (sd_atomic_file_set_contents (path, data, TRUE, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sd_batch_save_report_async (SdBatch             *self,
                            const char          *path,
                            SdBatchReportFormat  format,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  char *report;

  g_return_if_fail (SD_IS_BATCH (self));
  g_return_if_fail (path != NULL);

  report = sd_batch_get_report (self, format);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_batch_save_report_async);
  g_task_set_task_data (task, g_bytes_new_take (report, strlen (report)),
                        (GDestroyNotify) g_bytes_unref);
  g_object_set_data_full (G_OBJECT (task), "path", g_strdup (path), g_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
sd_batch_save_report_finish (SdBatch       *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static const char *
signed_suffix (void)
{
  /* TRANSLATORS: the signed copy's file name: the original's name, then
   * this; "已签章" in Chinese */
  return C_("file name", "signed");
}

/* "<stem>-signed.pdf" or "<stem>-signed (N).pdf" */
static gboolean
is_signed_copy (const char *name)
{
  g_autofree char *stem = g_strndup (name, strlen (name) - 4);
  g_autofree char *suffix = g_strconcat ("-", signed_suffix (), NULL);
  char *open = strrchr (stem, '(');

  if (open != NULL && open > stem && open[-1] == ' ' && g_str_has_suffix (open, ")"))
    {
      gboolean digits = open[1] != ')';

      for (char *p = open + 1; *p != ')'; p++)
        digits = digits && g_ascii_isdigit (*p);
      if (digits)
        open[-1] = '\0';
    }
  return g_str_has_suffix (stem, suffix);
}

typedef struct
{
  char *key;
  char *path;
} SortedPath;

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (((const SortedPath *) a)->key, ((const SortedPath *) b)->key);
}

static void
sorted_path_clear (gpointer data)
{
  g_free (((SortedPath *) data)->key);
}

GPtrArray *
sd_batch_list_folder (const char  *dir,
                      GError     **error)
{
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (SortedPath));
  GPtrArray *paths;
  const char *name;

  g_array_set_clear_func (found, sorted_path_clear);
  listing = g_dir_open (dir, 0, error);
  if (listing == NULL)
    return NULL;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *display = NULL;
      SortedPath entry;
      gsize len = strlen (name);

      if (len <= 4 || g_ascii_strcasecmp (name + len - 4, ".pdf") != 0 || is_signed_copy (name))
        continue;
      path = g_build_filename (dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      display = g_filename_display_name (name);
      entry.key = g_utf8_collate_key_for_filename (display, -1);
      entry.path = g_steal_pointer (&path);
      g_array_append_val (found, entry);
    }
  g_array_sort (found, compare_keys);
  paths = g_ptr_array_new_full (found->len, g_free);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (paths, g_array_index (found, SortedPath, i).path);
  return paths;
}

/* @taken: names to leave out as well, or NULL */
static char *
signed_file_path (const char *input,
                  const char *output_dir,
                  GHashTable *taken)
{
  g_autofree char *dir = output_dir != NULL ? g_strdup (output_dir) : g_path_get_dirname (input);
  g_autofree char *name = g_path_get_basename (input);
  g_autofree char *stem = NULL;
  char *dot;

  dot = strrchr (name, '.');
  stem = dot != NULL && dot != name ? g_strndup (name, dot - name) : g_strdup (name);
  for (guint n = 1;; n++)
    {
      g_autofree char *candidate = NULL;
      g_autofree char *path = NULL;

      if (n == 1)
        candidate = g_strdup_printf ("%s-%s.pdf", stem, signed_suffix ());
      else
        candidate = g_strdup_printf ("%s-%s (%u).pdf", stem, signed_suffix (), n);
      path = g_build_filename (dir, candidate, NULL);
      /* a dangling link is taken too: the atomic commit would refuse it */
      if (!g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)
          && (taken == NULL || !g_hash_table_contains (taken, path)))
        return g_steal_pointer (&path);
    }
}

char *
sd_signed_file_path (const char *input,
                     const char *output_dir)
{
  g_return_val_if_fail (input != NULL, NULL);

  return signed_file_path (input, output_dir, NULL);
}
