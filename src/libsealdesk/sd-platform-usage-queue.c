/* sd-platform-usage-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The file is the queue: every change reads it, changes it and replaces it
 * whole, under a short lock (flock on "<queue>.lock") so that another
 * process adding a record (the CLI, a second window) loses nothing.  A
 * flush holds a second lock ("<queue>.flush") for its whole run, so that
 * two processes never send the same record.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-atomic-file.h"
#include "sd-error.h"
#include "sd-platform-error.h"
#include "sd-platform-json.h"
#include "sd-platform-private.h"
#include "sd-platform-usage-queue.h"

/* A queue larger than this is not ours to read. */
#define MAX_QUEUE_SIZE (64 * 1024 * 1024)

struct _SdPlatformUsageQueue
{
  GObject    parent_instance;

  char      *path;
  char      *rejected_path;
  char      *lock_path;
  char      *flush_lock_path;

  GTask     *flush;     /* the flush under way */
  GPtrArray *waiters;   /* flush tasks that get its outcome */
};

G_DEFINE_FINAL_TYPE (SdPlatformUsageQueue, sd_platform_usage_queue, G_TYPE_OBJECT)

typedef struct
{
  char     *id;
  gint64    seal_id;
  JsonNode *usage;
  char     *line;      /* as in the file, without the newline */
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->id);
  g_clear_pointer (&entry->usage, json_node_unref);
  g_free (entry->line);
  g_free (entry);
}

static void
sd_platform_usage_queue_finalize (GObject *object)
{
  SdPlatformUsageQueue *self = SD_PLATFORM_USAGE_QUEUE (object);

  g_free (self->path);
  g_free (self->rejected_path);
  g_free (self->lock_path);
  g_free (self->flush_lock_path);
  g_ptr_array_unref (self->waiters);

  G_OBJECT_CLASS (sd_platform_usage_queue_parent_class)->finalize (object);
}

static void
sd_platform_usage_queue_class_init (SdPlatformUsageQueueClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_platform_usage_queue_finalize;
}

static void
sd_platform_usage_queue_init (SdPlatformUsageQueue *self)
{
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
}

char *
sd_platform_usage_queue_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "sealdesk", "usage-queue.jsonl", NULL);
}

SdPlatformUsageQueue *
sd_platform_usage_queue_new (const char *path)
{
  SdPlatformUsageQueue *self = g_object_new (SD_TYPE_PLATFORM_USAGE_QUEUE, NULL);

  self->path = path != NULL ? g_strdup (path) : sd_platform_usage_queue_get_default_path ();
  self->rejected_path = g_strconcat (self->path, ".rejected", NULL);
  self->lock_path = g_strconcat (self->path, ".lock", NULL);
  self->flush_lock_path = g_strconcat (self->path, ".flush", NULL);
  return self;
}

const char *
sd_platform_usage_queue_get_path (SdPlatformUsageQueue *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_QUEUE (self), NULL);
  return self->path;
}

const char *
sd_platform_usage_queue_get_rejected_path (SdPlatformUsageQueue *self)
{
  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_QUEUE (self), NULL);
  return self->rejected_path;
}

static gboolean
io_error (GError     **error,
          const char  *path,
          const char  *reason)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, SD_ERROR, SD_ERROR_IO,
               _("The usage record queue “%s” cannot be used: %s"), name, reason);
  return FALSE;
}

/* An exclusive flock on @path: the fd, -1 on failure, or with @wait FALSE
 * -2 when another holds it. */
static int
lock_file (const char  *path,
           gboolean     wait,
           GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      io_error (error, dir, g_strerror (errno));
      return -1;
    }
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      io_error (error, path, g_strerror (errno));
      return -1;
    }
  while (flock (fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EINTR)
        continue;
      close (fd);
      if (saved_errno == EWOULDBLOCK && !wait)
        return -2;
      io_error (error, path, g_strerror (saved_errno));
      return -1;
    }
  return fd;
}

static Entry *
parse_line (const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  Entry *entry;
  SdPlatformJsonReader reader;
  JsonNode *usage;

  if (!json_parser_load_from_data (parser, line, -1, NULL))
    return NULL;
  entry = g_new0 (Entry, 1);
  sd_platform_json_reader_init (&reader, json_parser_get_root (parser));
  entry->id = sd_platform_json_dup_string (&reader, "id");
  entry->seal_id = sd_platform_json_get_id (&reader, "seal_id");
  usage = sd_platform_json_require_object (&reader, "usage");
  if (usage != NULL)
    entry->usage = json_node_copy (usage);
  if (!sd_platform_json_reader_finish (&reader, NULL) || entry->id == NULL)
    {
      entry_free (entry);
      return NULL;
    }
  entry->line = g_strdup (line);
  return entry;
}

/* The records in the file; lines that cannot be read go to @bad_lines. */
static GPtrArray *
read_entries (SdPlatformUsageQueue  *self,
              GPtrArray             *bad_lines,
              GError               **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length = 0;

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&entries);
      io_error (error, self->path, local_error->message);
      return NULL;
    }
  if (length > MAX_QUEUE_SIZE)
    {
      io_error (error, self->path, g_strerror (EFBIG));
      return NULL;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      Entry *entry;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      entry = parse_line (lines[i]);
      if (entry != NULL)
        g_ptr_array_add (entries, entry);
      else if (bad_lines != NULL)
        g_ptr_array_add (bad_lines, g_strdup (lines[i]));
    }
  return g_steal_pointer (&entries);
}

static gboolean
write_lines (const char  *path,
             GString     *text,
             GError     **error)
{
  g_autoptr(SdAtomicFile) file = NULL;

  /* Document names are the user's business: 0600. */
  file = sd_atomic_file_new (path, TRUE, 0600, error);
  return file != NULL
         && sd_atomic_file_write (file, (const guint8 *) text->str, text->len, error)
         && sd_atomic_file_commit (file, error);
}

static char *
rejected_line (const char   *line,
               const GError *reason)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = sd_platform_json_format_time (now);

  json_builder_begin_object (builder);
  sd_platform_json_add_string (builder, "rejected_at", time);
  if (reason != NULL)
    {
      sd_platform_json_add_string (builder, "code", sd_platform_error_get_code_name (reason));
      sd_platform_json_add_string (builder, "message", reason->message);
    }
  else
    sd_platform_json_add_string (builder, "message", "unreadable line");
  sd_platform_json_add_string (builder, "record", line);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Appends @lines to the rejected file. */
static gboolean
reject_lines (SdPlatformUsageQueue  *self,
              GPtrArray             *lines,
              GError               **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *old = NULL;

  if (lines->len == 0)
    return TRUE;
  if (g_file_get_contents (self->rejected_path, &old, NULL, &local_error))
    g_string_append (text, old);
  else if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    return io_error (error, self->rejected_path, local_error->message);
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (text, g_ptr_array_index (lines, i));
      g_string_append_c (text, '\n');
    }
  return write_lines (self->rejected_path, text, error);
}

typedef enum
{
  CHANGE_ADD,
  CHANGE_REMOVE,
  CHANGE_REJECT,
} ChangeKind;

/* One read-change-write of the queue under the lock: adds @line, or
 * removes the record @id (to the rejected file with @reason). */
static gboolean
change_queue (SdPlatformUsageQueue  *self,
              ChangeKind             kind,
              const char            *id_or_line,
              const GError          *reason,
              GError               **error)
{
  g_autoptr(GPtrArray) bad_lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rejected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean ok;
  int fd;

  fd = lock_file (self->lock_path, TRUE, error);
  if (fd < 0)
    return FALSE;
  entries = read_entries (self, bad_lines, error);
  ok = entries != NULL;
  for (guint i = 0; ok && i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);

      if (kind != CHANGE_ADD && g_str_equal (entry->id, id_or_line))
        {
          if (kind == CHANGE_REJECT)
            g_ptr_array_add (rejected, rejected_line (entry->line, reason));
          continue;
        }
      g_string_append (text, entry->line);
      g_string_append_c (text, '\n');
    }
  if (ok && kind == CHANGE_ADD)
    {
      g_string_append (text, id_or_line);
      g_string_append_c (text, '\n');
    }
  for (guint i = 0; ok && i < bad_lines->len; i++)
    g_ptr_array_add (rejected, rejected_line (g_ptr_array_index (bad_lines, i), NULL));
  /* Rejected first: a record is in one of the files at any time, maybe
   * briefly in both, never in neither. */
  ok = ok && reject_lines (self, rejected, error) && write_lines (self->path, text, error);
  close (fd);
  return ok;
}

guint
sd_platform_usage_queue_get_length (SdPlatformUsageQueue  *self,
                                    GError               **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_QUEUE (self), 0);

  entries = read_entries (self, NULL, error);
  return entries != NULL ? entries->len : 0;
}

gboolean
sd_platform_usage_queue_add (SdPlatformUsageQueue         *self,
                             gint64                        seal_id,
                             const SdPlatformUsageCreate  *usage,
                             GError                      **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *line = NULL;
  SdPlatformUsageCreate with_time;

  g_return_val_if_fail (SD_IS_PLATFORM_USAGE_QUEUE (self), FALSE);
  g_return_val_if_fail (seal_id > 0, FALSE);
  g_return_val_if_fail (usage != NULL && usage->document_name != NULL
                        && usage->document_hash != NULL, FALSE);

  /* Sent later, the record must still say when the document was signed. */
  with_time = *usage;
  if (with_time.signed_at == NULL)
    with_time.signed_at = now;

  json_builder_begin_object (builder);
  sd_platform_json_add_string (builder, "id", id);
  json_builder_set_member_name (builder, "seal_id");
  json_builder_add_int_value (builder, seal_id);
  json_builder_set_member_name (builder, "usage");
  json_builder_add_value (builder, sd_platform_usage_create_to_json (&with_time));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);

  return change_queue (self, CHANGE_ADD, line, NULL, error);
}

/* Flushing */

typedef struct
{
  SdPlatformClient *client;
  int               lock_fd;
  char             *current_id;
  guint             n_sent;
  guint             n_rejected;
} Flush;

static void
flush_free (Flush *flush)
{
  g_clear_object (&flush->client);
  if (flush->lock_fd >= 0)
    close (flush->lock_fd);
  g_free (flush->current_id);
  g_free (flush);
}

typedef struct
{
  guint n_sent;
  guint n_rejected;
} FlushCounts;

static void
return_counts (GTask       *task,
               Flush       *flush,
               const GError *error)
{
  FlushCounts *counts = g_new0 (FlushCounts, 1);

  counts->n_sent = flush->n_sent;
  counts->n_rejected = flush->n_rejected;
  g_object_set_data_full (G_OBJECT (task), "sd-flush-counts", counts, g_free);
  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
end_flush (SdPlatformUsageQueue *self,
           GTask                *task,
           GError               *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);
  Flush *flush = g_task_get_task_data (task);

  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->flush = NULL;
  for (guint i = 0; i < waiters->len; i++)
    return_counts (g_ptr_array_index (waiters, i), flush, error);
  return_counts (task, flush, error);
  g_clear_error (&error);
}

/* What the server will refuse however often it is sent. */
static gboolean
is_refused_for_good (const GError *error)
{
  guint status = sd_platform_error_get_status (error);

  if (error->domain != SD_PLATFORM_ERROR)
    return FALSE;
  return error->code == SD_PLATFORM_ERROR_SEAL_NOT_GRANTED || status == 400 || status == 404
         || status == 409 || status == 413 || status == 422;
}

static void flush_next (GTask *task);

static void
on_posted (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SdPlatformUsageQueue *self = g_task_get_source_object (task);
  Flush *flush = g_task_get_task_data (task);
  g_autoptr(SdPlatformUsageRecord) record = NULL;
  g_autoptr(GError) post_error = NULL;
  GError *error = NULL;

  record = sd_platform_client_post_usage_finish (SD_PLATFORM_CLIENT (source), result,
                                                 &post_error);
  if (record != NULL)
    {
      if (change_queue (self, CHANGE_REMOVE, flush->current_id, NULL, &error))
        flush->n_sent++;
    }
  else if (is_refused_for_good (post_error))
    {
      if (change_queue (self, CHANGE_REJECT, flush->current_id, post_error, &error))
        flush->n_rejected++;
    }
  else
    error = g_steal_pointer (&post_error);

  if (error != NULL)
    end_flush (self, task, error);
  else
    flush_next (g_steal_pointer (&task));
}

static void
flush_next (GTask *task)
{
  SdPlatformUsageQueue *self = g_task_get_source_object (task);
  Flush *flush = g_task_get_task_data (task);
  g_autoptr(GPtrArray) entries = NULL;
  GError *error = NULL;
  Entry *entry;

  if (!g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    entries = read_entries (self, NULL, &error);
  if (entries == NULL || entries->len == 0)
    {
      end_flush (self, task, error);
      g_object_unref (task);
      return;
    }
  entry = g_ptr_array_index (entries, 0);
  g_free (flush->current_id);
  flush->current_id = g_strdup (entry->id);
  sd_platform_client_post_usage_async (flush->client, entry->seal_id, entry->usage,
                                       g_task_get_cancellable (task), on_posted, task);
}

void
sd_platform_usage_queue_flush_async (SdPlatformUsageQueue *self,
                                     SdPlatformClient     *client,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  GTask *task;
  Flush *flush;
  GError *error = NULL;

  g_return_if_fail (SD_IS_PLATFORM_USAGE_QUEUE (self));
  g_return_if_fail (SD_IS_PLATFORM_CLIENT (client));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sd_platform_usage_queue_flush_async);
  flush = g_new0 (Flush, 1);
  flush->client = g_object_ref (client);
  flush->lock_fd = -1;
  g_task_set_task_data (task, flush, (GDestroyNotify) flush_free);

  if (self->flush != NULL)
    {
      g_ptr_array_add (self->waiters, task);
      return;
    }
  flush->lock_fd = lock_file (self->flush_lock_path, FALSE, &error);
  if (flush->lock_fd == -2)
    {
      /* Another process is sending them. */
      return_counts (task, flush, NULL);
      g_object_unref (task);
      return;
    }
  if (flush->lock_fd < 0)
    {
      return_counts (task, flush, error);
      g_clear_error (&error);
      g_object_unref (task);
      return;
    }
  self->flush = task;
  flush_next (task);
}

gboolean
sd_platform_usage_queue_flush_finish (SdPlatformUsageQueue  *self,
                                      GAsyncResult          *result,
                                      guint                 *n_sent,
                                      guint                 *n_rejected,
                                      GError               **error)
{
  FlushCounts *counts;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  counts = g_object_get_data (G_OBJECT (result), "sd-flush-counts");
  if (n_sent != NULL)
    *n_sent = counts != NULL ? counts->n_sent : 0;
  if (n_rejected != NULL)
    *n_rejected = counts != NULL ? counts->n_rejected : 0;
  return g_task_propagate_boolean (G_TASK (result), error);
}
