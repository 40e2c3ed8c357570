/* sd-platform-store-sqlite.c: the embedded SQLite backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * DIR/platform.db in WAL mode with foreign keys on and synchronous=FULL: a
 * commit is on disk before the client hears of it.  Writers take the write
 * lock at BEGIN (BEGIN IMMEDIATE), so read-then-write transactions never
 * deadlock and the checks inside them see the latest data.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "sd-platform-store-private.h"

#define BUSY_TIMEOUT_MS 15000

typedef struct
{
  SdPlatformConn  parent;
  sqlite3        *db;
  GHashTable     *statements;   /* SQL text → sqlite3_stmt */
} SqliteConn;

static void
set_sqlite_error (GError    **error,
                  sqlite3    *db,
                  int         rc,
                  const char *sql)
{
  int extended = sqlite3_extended_errcode (db);
  SdPlatformStoreError code;

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = SD_PLATFORM_STORE_ERROR_RETRY;
      break;
    case SQLITE_CONSTRAINT:
      code = (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY)
             ? SD_PLATFORM_STORE_ERROR_UNIQUE
             : SD_PLATFORM_STORE_ERROR_CONSTRAINT;
      break;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
      code = SD_PLATFORM_STORE_ERROR_UNAVAILABLE;
      break;
    default:
      code = SD_PLATFORM_STORE_ERROR_FAILED;
      break;
    }
  g_set_error (error, SD_PLATFORM_STORE_ERROR, code, "SQLite: %s (%s)", sqlite3_errmsg (db),
               sql != NULL ? sql : "");
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
sqlite_close (SdPlatformConn *conn)
{
  SqliteConn *self = (SqliteConn *) conn;

  g_hash_table_unref (self->statements);
  sqlite3_close (self->db);
  g_free (self);
}

static gboolean
sqlite_run_script (SdPlatformConn  *conn,
                   const char      *sql,
                   GError         **error)
{
  SqliteConn *self = (SqliteConn *) conn;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, NULL);
      return FALSE;
    }
  return TRUE;
}

static SdPlatformConn *
sqlite_connect (SdPlatformStore  *store,
                GError          **error)
{
  g_autofree char *path = g_build_filename (store->location, "platform.db", NULL);
  SqliteConn *self;
  int rc;

  if (g_mkdir_with_parents (store->location, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SD_PLATFORM_STORE_ERROR, SD_PLATFORM_STORE_ERROR_UNAVAILABLE,
                   _("Cannot create the data directory “%s”: %s"), store->location,
                   g_strerror (saved_errno));
      return NULL;
    }

  self = g_new0 (SqliteConn, 1);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SD_PLATFORM_STORE_ERROR, SD_PLATFORM_STORE_ERROR_UNAVAILABLE,
                   _("Cannot open the database “%s”: %s"), path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      sqlite_close (&self->parent);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (self->db, 1);
  /* A LIKE whose pattern is a parameter otherwise marks its statement to
   * be prepared again whenever the parameter is bound (for the prefix
   * optimization, which our %…% patterns never allow): a fifth of the
   * account list's time went to parsing SQL. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_ENABLE_QPSG, 1, NULL);
  if (!sqlite_run_script (&self->parent,
                          "PRAGMA journal_mode = WAL;"
                          "PRAGMA synchronous = FULL;"
                          "PRAGMA foreign_keys = ON;"
                          "PRAGMA secure_delete = ON;",
                          error))
    {
      g_prefix_error (error, _("Cannot set up the database “%s”: "), path);
      sqlite_close (&self->parent);
      return NULL;
    }
  return &self->parent;
}

static sqlite3_stmt *
get_statement (SqliteConn  *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    return stmt;
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, sql);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

static gboolean
bind_params (SqliteConn            *self,
             sqlite3_stmt          *stmt,
             const SdPlatformValue *params,
             gsize                  n_params,
             GError               **error)
{
  for (gsize i = 0; i < n_params; i++)
    {
      char name[24];
      int index;
      int rc;

      /* "$1" is a named parameter to SQLite: find where it sits. */
      g_snprintf (name, sizeof name, "$%lu", (gulong) (i + 1));
      index = sqlite3_bind_parameter_index (stmt, name);
      if (index == 0)
        continue;
      switch (params[i].type)
        {
        case SD_PLATFORM_VALUE_INT:
          rc = sqlite3_bind_int64 (stmt, index, params[i].i);
          break;
        case SD_PLATFORM_VALUE_TEXT:
          rc = sqlite3_bind_text (stmt, index, params[i].text, -1, SQLITE_STATIC);
          break;
        case SD_PLATFORM_VALUE_BLOB:
          rc = sqlite3_bind_blob64 (stmt, index, params[i].data, params[i].length, SQLITE_STATIC);
          break;
        case SD_PLATFORM_VALUE_NULL:
        default:
          rc = sqlite3_bind_null (stmt, index);
          break;
        }
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (error, self->db, rc, sqlite3_sql (stmt));
          return FALSE;
        }
    }
  return TRUE;
}

static void
add_row (SdPlatformRows *rows,
         sqlite3_stmt   *stmt,
         int             n_columns)
{
  sd_platform_rows_add_row (rows);
  for (int c = 0; c < n_columns; c++)
    {
      switch (sqlite3_column_type (stmt, c))
        {
        case SQLITE_INTEGER:
        case SQLITE_FLOAT:
          sd_platform_rows_set_int (rows, (guint) c, sqlite3_column_int64 (stmt, c));
          break;
        case SQLITE_TEXT:
          sd_platform_rows_set_text (rows, (guint) c, (const char *) sqlite3_column_text (stmt, c),
                                     (gsize) sqlite3_column_bytes (stmt, c));
          break;
        case SQLITE_BLOB:
          {
            g_autoptr(GBytes) blob = g_bytes_new (sqlite3_column_blob (stmt, c),
                                                  (gsize) sqlite3_column_bytes (stmt, c));

            sd_platform_rows_set_blob (rows, (guint) c, blob);
          }
          break;
        case SQLITE_NULL:
        default:
          break;
        }
    }
}

static gboolean
sqlite_run (SdPlatformConn         *conn,
            const char             *sql,
            const SdPlatformValue  *params,
            gsize                   n_params,
            SdPlatformRows        **rows_out,
            gint64                 *changes,
            GError                **error)
{
  SqliteConn *self = (SqliteConn *) conn;
  g_autoptr(SdPlatformRows) rows = NULL;
  sqlite3_stmt *stmt = get_statement (self, sql, error);
  gboolean ok = TRUE;
  int n_columns;
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (!bind_params (self, stmt, params, n_params, error))
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return FALSE;
    }

  n_columns = sqlite3_column_count (stmt);
  rows = sd_platform_rows_new ((guint) n_columns);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_row (rows, stmt, n_columns);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, sql);
      ok = FALSE;
    }
  else if (changes != NULL)
    {
      *changes = sqlite3_changes64 (self->db);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (ok && rows_out != NULL)
    *rows_out = g_steal_pointer (&rows);
  return ok;
}

static const SdPlatformStoreBackend sqlite_backend = {
  .name = "sqlite",
  .migrations = "/org/sealdesk/platform/migrations/sqlite/",
  .begin_write = "BEGIN IMMEDIATE",
  .begin_read = "BEGIN",
  .migration_lock = NULL,
  .connect = sqlite_connect,
  .close = sqlite_close,
  .run = sqlite_run,
  .run_script = sqlite_run_script,
};

SdPlatformStore *
sd_platform_store_open_sqlite (const char  *dir,
                               guint        n_connections,
                               GError     **error)
{
  return sd_platform_store_new (&sqlite_backend, dir, n_connections, error);
}
