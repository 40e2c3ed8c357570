/* sd-platform-store.c: connection pool, transactions, migrations, results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "sd-platform-store-private.h"

/* Serialization failures under contention (100 clients binding one
 * certificate) settle within a few rounds; give up after this many. */
#define MAX_ATTEMPTS 40

G_DEFINE_QUARK (sd-platform-store-error-quark, sd_platform_store_error)

typedef struct
{
  SdPlatformValueType type;
  gint64              i;
  char               *text;
  GBytes             *blob;
} Cell;

struct _SdPlatformRows
{
  guint   n_columns;
  guint   n_rows;
  GArray *cells;
};

static void
clear_cell (gpointer data)
{
  Cell *cell = data;

  g_free (cell->text);
  g_clear_pointer (&cell->blob, g_bytes_unref);
}

SdPlatformRows *
sd_platform_rows_new (guint n_columns)
{
  SdPlatformRows *rows = g_new0 (SdPlatformRows, 1);

  rows->n_columns = n_columns;
  rows->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  g_array_set_clear_func (rows->cells, clear_cell);
  return rows;
}

void
sd_platform_rows_free (SdPlatformRows *rows)
{
  if (rows == NULL)
    return;
  g_array_unref (rows->cells);
  g_free (rows);
}

void
sd_platform_rows_add_row (SdPlatformRows *rows)
{
  g_array_set_size (rows->cells, rows->cells->len + rows->n_columns);
  rows->n_rows++;
}

/* Backends call this after sd_platform_rows_add_row() with a column below
 * the count they gave. */
static Cell *
last_row_cell (SdPlatformRows *rows,
               guint           column)
{
  return &g_array_index (rows->cells, Cell, (rows->n_rows - 1) * rows->n_columns + column);
}

void
sd_platform_rows_set_int (SdPlatformRows *rows,
                          guint           column,
                          gint64          value)
{
  Cell *cell = last_row_cell (rows, column);

  cell->type = SD_PLATFORM_VALUE_INT;
  cell->i = value;
}

void
sd_platform_rows_set_text (SdPlatformRows *rows,
                           guint           column,
                           const char     *text,
                           gsize           length)
{
  Cell *cell = last_row_cell (rows, column);

  cell->type = SD_PLATFORM_VALUE_TEXT;
  cell->text = g_strndup (text, length);
}

void
sd_platform_rows_set_blob (SdPlatformRows *rows,
                           guint           column,
                           GBytes         *blob)
{
  Cell *cell = last_row_cell (rows, column);

  cell->type = SD_PLATFORM_VALUE_BLOB;
  cell->blob = g_bytes_ref (blob);
}

guint
sd_platform_rows_get_n_rows (SdPlatformRows *rows)
{
  return rows != NULL ? rows->n_rows : 0;
}

static const Cell *
get_cell (SdPlatformRows *rows,
          guint           row,
          guint           column)
{
  g_return_val_if_fail (rows != NULL && row < rows->n_rows && column < rows->n_columns, NULL);
  return &g_array_index (rows->cells, Cell, row * rows->n_columns + column);
}

gboolean
sd_platform_rows_is_null (SdPlatformRows *rows,
                          guint           row,
                          guint           column)
{
  const Cell *cell = get_cell (rows, row, column);

  return cell == NULL || cell->type == SD_PLATFORM_VALUE_NULL;
}

gint64
sd_platform_rows_get_int (SdPlatformRows *rows,
                          guint           row,
                          guint           column)
{
  const Cell *cell = get_cell (rows, row, column);

  if (cell == NULL)
    return 0;
  switch (cell->type)
    {
    case SD_PLATFORM_VALUE_INT:
      return cell->i;
    case SD_PLATFORM_VALUE_TEXT:
      return g_ascii_strtoll (cell->text, NULL, 10);
    case SD_PLATFORM_VALUE_NULL:
    case SD_PLATFORM_VALUE_BLOB:
    default:
      return 0;
    }
}

gboolean
sd_platform_rows_get_bool (SdPlatformRows *rows,
                           guint           row,
                           guint           column)
{
  return sd_platform_rows_get_int (rows, row, column) != 0;
}

const char *
sd_platform_rows_get_text (SdPlatformRows *rows,
                           guint           row,
                           guint           column)
{
  const Cell *cell = get_cell (rows, row, column);

  return cell != NULL && cell->type == SD_PLATFORM_VALUE_TEXT ? cell->text : NULL;
}

GBytes *
sd_platform_rows_get_blob (SdPlatformRows *rows,
                           guint           row,
                           guint           column)
{
  const Cell *cell = get_cell (rows, row, column);

  if (cell == NULL)
    return NULL;
  if (cell->type == SD_PLATFORM_VALUE_BLOB)
    return g_bytes_ref (cell->blob);
  if (cell->type == SD_PLATFORM_VALUE_TEXT)
    return g_bytes_new (cell->text, strlen (cell->text));
  return NULL;
}

/* --- statements ---------------------------------------------------------- */

SdPlatformRows *
sd_platform_query (SdPlatformConn         *conn,
                   const char             *sql,
                   const SdPlatformValue  *params,
                   gsize                   n_params,
                   GError                **error)
{
  SdPlatformRows *rows = NULL;

  if (!conn->store->backend->run (conn, sql, params, n_params, &rows, NULL, error))
    return NULL;
  return rows;
}

gint64
sd_platform_exec (SdPlatformConn         *conn,
                  const char             *sql,
                  const SdPlatformValue  *params,
                  gsize                   n_params,
                  GError                **error)
{
  gint64 changes = 0;

  if (!conn->store->backend->run (conn, sql, params, n_params, NULL, &changes, error))
    return -1;
  return changes;
}

gint64
sd_platform_query_int (SdPlatformConn         *conn,
                       const char             *sql,
                       const SdPlatformValue  *params,
                       gsize                   n_params,
                       GError                **error)
{
  g_autoptr(SdPlatformRows) rows = sd_platform_query (conn, sql, params, n_params, error);

  if (rows == NULL)
    return -1;
  if (rows->n_rows == 0)
    return 0;
  return sd_platform_rows_get_int (rows, 0, 0);
}

gboolean
sd_platform_store_error_is_unique (const GError *error,
                                   const char   *what)
{
  return g_error_matches (error, SD_PLATFORM_STORE_ERROR, SD_PLATFORM_STORE_ERROR_UNIQUE)
         && strstr (error->message, what) != NULL;
}

/* --- transactions -------------------------------------------------------- */

static SdPlatformConn *
acquire (SdPlatformStore *store)
{
  return g_async_queue_pop (store->pool);
}

static void
release (SdPlatformStore *store,
         SdPlatformConn  *conn)
{
  g_async_queue_push (store->pool, conn);
}

static gboolean
run_transaction (SdPlatformStore     *store,
                 const char          *begin,
                 SdPlatformStoreFunc  func,
                 gpointer             user_data,
                 GError             **error)
{
  SdPlatformConn *conn = acquire (store);
  gboolean ok = FALSE;

  for (guint attempt = 1; attempt <= MAX_ATTEMPTS; attempt++)
    {
      g_autoptr(GError) local_error = NULL;

      ok = sd_platform_exec (conn, begin, SD_NO_ARGS, &local_error) >= 0
           && func (conn, user_data, &local_error)
           && sd_platform_exec (conn, "COMMIT", SD_NO_ARGS, &local_error) >= 0;
      if (ok)
        break;

      /* A failed statement may have ended the transaction already; the
       * rollback then fails harmlessly. */
      sd_platform_exec (conn, "ROLLBACK", SD_NO_ARGS, NULL);

      if (attempt < MAX_ATTEMPTS
          && g_error_matches (local_error, SD_PLATFORM_STORE_ERROR, SD_PLATFORM_STORE_ERROR_RETRY))
        {
          /* Random back-off so that the contenders do not collide again */
          g_usleep (g_random_int_range (200, 1000 * MIN (attempt, 20)));
          continue;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      break;
    }
  release (store, conn);
  return ok;
}

gboolean
sd_platform_store_write (SdPlatformStore     *store,
                         SdPlatformStoreFunc  func,
                         gpointer             user_data,
                         GError             **error)
{
  return run_transaction (store, store->backend->begin_write, func, user_data, error);
}

gboolean
sd_platform_store_read (SdPlatformStore     *store,
                        SdPlatformStoreFunc  func,
                        gpointer             user_data,
                        GError             **error)
{
  return run_transaction (store, store->backend->begin_read, func, user_data, error);
}

gboolean
sd_platform_store_run_single (SdPlatformStore     *store,
                              SdPlatformStoreFunc  func,
                              gpointer             user_data,
                              GError             **error)
{
  SdPlatformConn *conn = acquire (store);
  gboolean ok = func (conn, user_data, error);

  release (store, conn);
  return ok;
}

const char *
sd_platform_store_get_backend_name (SdPlatformStore *store)
{
  return store->backend->name;
}

/* --- migrations ---------------------------------------------------------- */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

typedef struct
{
  const SdPlatformStoreBackend *backend;
} Migrate;

static gboolean
migrate (SdPlatformConn  *conn,
         gpointer         user_data,
         GError         **error)
{
  const SdPlatformStoreBackend *backend = ((Migrate *) user_data)->backend;
  g_auto(GStrv) names = NULL;
  gint64 current;

  if (backend->migration_lock != NULL
      && sd_platform_exec (conn, backend->migration_lock, SD_NO_ARGS, error) < 0)
    return FALSE;
  if (!backend->run_script (conn,
                            "CREATE TABLE IF NOT EXISTS schema_migrations ("
                            " version BIGINT PRIMARY KEY,"
                            " name TEXT NOT NULL,"
                            " applied_at BIGINT NOT NULL)",
                            error))
    return FALSE;
  current = sd_platform_query_int (conn, "SELECT coalesce(max(version), 0) FROM schema_migrations",
                                   SD_NO_ARGS, error);
  if (current < 0)
    return FALSE;

  names = g_resources_enumerate_children (backend->migrations, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (names == NULL)
    return FALSE;
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (backend->migrations, names[i], NULL);
      g_autoptr(GBytes) script = NULL;
      gint64 version = g_ascii_strtoll (names[i], NULL, 10);
      g_autofree char *sql = NULL;
      gsize length = 0;
      const char *data;

      if (version <= current)
        continue;
      script = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (script == NULL)
        return FALSE;
      data = g_bytes_get_data (script, &length);
      sql = g_strndup (data, length);
      if (!backend->run_script (conn, sql, error))
        {
          g_prefix_error (error, _("Migration %s failed: "), names[i]);
          return FALSE;
        }
      if (sd_platform_exec (conn,
                            "INSERT INTO schema_migrations (version, name, applied_at)"
                            " VALUES ($1, $2, $3)",
                            SD_ARGS (SD_INT (version), SD_TEXT (names[i]),
                                     SD_INT (g_get_real_time () / G_USEC_PER_SEC)),
                            error) < 0)
        return FALSE;
    }
  return TRUE;
}

SdPlatformStore *
sd_platform_store_new (const SdPlatformStoreBackend *backend,
                       const char                   *location,
                       guint                         n_connections,
                       GError                      **error)
{
  g_autoptr(SdPlatformStore) store = g_new0 (SdPlatformStore, 1);
  Migrate data = { backend };

  store->backend = backend;
  store->location = g_strdup (location);
  store->pool = g_async_queue_new ();

  for (guint i = 0; i < MAX (n_connections, 1); i++)
    {
      SdPlatformConn *conn = backend->connect (store, error);

      if (conn == NULL)
        return NULL;
      conn->store = store;
      g_async_queue_push (store->pool, conn);
      store->n_connections++;
    }

  if (!sd_platform_store_write (store, migrate, &data, error))
    return NULL;
  return g_steal_pointer (&store);
}

void
sd_platform_store_free (SdPlatformStore *store)
{
  if (store == NULL)
    return;
  /* Every connection is back in the pool once the workers have stopped. */
  for (guint i = 0; i < store->n_connections; i++)
    store->backend->close (g_async_queue_pop (store->pool));
  g_async_queue_unref (store->pool);
  g_free (store->location);
  g_free (store);
}
