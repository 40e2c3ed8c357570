/* sd-platform-store.h: the storage interface of sealdesk-platform
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SQL dialect for both backends: $1, $2 … placeholders, INTEGER and
 * TEXT columns, booleans as 0/1, times as seconds since the epoch, RETURNING.
 * The backends (SQLite, PostgreSQL) only open connections, run statements
 * and report errors in SD_PLATFORM_STORE_ERROR; everything the server does
 * happens inside sd_platform_store_write() or sd_platform_store_read(), so a
 * change and its audit entry commit together or not at all.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SD_PLATFORM_STORE_ERROR (sd_platform_store_error_quark ())

typedef enum
{
  SD_PLATFORM_STORE_ERROR_FAILED,
  SD_PLATFORM_STORE_ERROR_UNIQUE,       /* a unique constraint refused the change */
  SD_PLATFORM_STORE_ERROR_CONSTRAINT,   /* another constraint (foreign key, check, trigger) */
  SD_PLATFORM_STORE_ERROR_RETRY,        /* serialization failure, deadlock, busy: run again */
  SD_PLATFORM_STORE_ERROR_UNAVAILABLE,  /* the database cannot be reached */
} SdPlatformStoreError;

GQuark sd_platform_store_error_quark (void);

typedef enum
{
  SD_PLATFORM_VALUE_NULL,
  SD_PLATFORM_VALUE_INT,
  SD_PLATFORM_VALUE_TEXT,
  SD_PLATFORM_VALUE_BLOB,
} SdPlatformValueType;

/* A statement parameter; strings and bytes are borrowed. */
typedef struct
{
  SdPlatformValueType type;
  gint64              i;
  const char         *text;
  const guint8       *data;
  gsize               length;
} SdPlatformValue;

#define SD_INT(v)  ((SdPlatformValue) { .type = SD_PLATFORM_VALUE_INT, .i = (gint64) (v) })
#define SD_BOOL(v) SD_INT ((v) ? 1 : 0)
#define SD_NULL    ((SdPlatformValue) { .type = SD_PLATFORM_VALUE_NULL })
/* NULL text is SQL NULL */
#define SD_TEXT(s) ((SdPlatformValue) { .type = (s) != NULL ? SD_PLATFORM_VALUE_TEXT         \
                                                            : SD_PLATFORM_VALUE_NULL,        \
                                        .text = (s) })
#define SD_BLOB(d, n) ((SdPlatformValue) { .type = SD_PLATFORM_VALUE_BLOB, .data = (d),        \
                                           .length = (n) })
/* An id that may be 0 (= none): SQL NULL for 0 */
#define SD_ID_OR_NULL(v) ((v) > 0 ? SD_INT (v) : SD_NULL)

/* The parameter array and its length for sd_platform_query() and friends */
#define SD_ARGS(...) (const SdPlatformValue[]) { __VA_ARGS__ },                             \
                     (sizeof ((const SdPlatformValue[]) { __VA_ARGS__ }) / sizeof (SdPlatformValue))
#define SD_NO_ARGS NULL, 0

/* The result of a query, materialized: servers read pages of at most 100. */
typedef struct _SdPlatformRows SdPlatformRows;

guint        sd_platform_rows_get_n_rows (SdPlatformRows *rows);
gboolean     sd_platform_rows_is_null    (SdPlatformRows *rows,
                                          guint           row,
                                          guint           column);
/* 0 for NULL or text that is not a number */
gint64       sd_platform_rows_get_int    (SdPlatformRows *rows,
                                          guint           row,
                                          guint           column);
gboolean     sd_platform_rows_get_bool   (SdPlatformRows *rows,
                                          guint           row,
                                          guint           column);
/* NULL for SQL NULL; valid until the rows are freed */
const char  *sd_platform_rows_get_text   (SdPlatformRows *rows,
                                          guint           row,
                                          guint           column);
GBytes      *sd_platform_rows_get_blob   (SdPlatformRows *rows,
                                          guint           row,
                                          guint           column);
void         sd_platform_rows_free       (SdPlatformRows *rows);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPlatformRows, sd_platform_rows_free)

typedef struct _SdPlatformStore SdPlatformStore;
typedef struct _SdPlatformConn SdPlatformConn;

/* Runs @sql and returns every row. */
SdPlatformRows *sd_platform_query        (SdPlatformConn         *conn,
                                          const char             *sql,
                                          const SdPlatformValue  *params,
                                          gsize                   n_params,
                                          GError                **error);
/* Runs @sql; returns the number of rows changed, or -1 on error. */
gint64          sd_platform_exec         (SdPlatformConn         *conn,
                                          const char             *sql,
                                          const SdPlatformValue  *params,
                                          gsize                   n_params,
                                          GError                **error);
/* The first column of the first row as an integer (an INSERT … RETURNING id,
 * a count); 0 when there is no row, -1 on error. */
gint64          sd_platform_query_int    (SdPlatformConn         *conn,
                                          const char             *sql,
                                          const SdPlatformValue  *params,
                                          gsize                   n_params,
                                          GError                **error);

/* Whether @error is a unique violation of a constraint whose name or
 * columns contain @what (e.g. "certificate_key"). */
gboolean        sd_platform_store_error_is_unique (const GError *error,
                                                   const char   *what);

/* The work of one transaction.  It may run more than once (a serialization
 * failure makes the store run it again), so it must not keep state from an
 * earlier run. */
typedef gboolean (*SdPlatformStoreFunc) (SdPlatformConn  *conn,
                                         gpointer         user_data,
                                         GError         **error);

/* Runs @func in a read-write transaction and commits; a serialization
 * failure is retried a few times.  When @func fails, nothing is changed. */
gboolean        sd_platform_store_write  (SdPlatformStore        *store,
                                          SdPlatformStoreFunc     func,
                                          gpointer                user_data,
                                          GError                **error);
/* Runs @func in a read-only transaction (one consistent snapshot). */
gboolean        sd_platform_store_read   (SdPlatformStore        *store,
                                          SdPlatformStoreFunc     func,
                                          gpointer                user_data,
                                          GError                **error);

/* Runs @func outside an explicit transaction: only for work that is one
 * statement, which the database makes atomic by itself (it saves the BEGIN
 * and COMMIT round trips of every authenticated request). */
gboolean        sd_platform_store_run_single (SdPlatformStore     *store,
                                              SdPlatformStoreFunc  func,
                                              gpointer             user_data,
                                              GError             **error);

/* "sqlite" or "postgresql" */
const char     *sd_platform_store_get_backend_name (SdPlatformStore *store);

/* Opens (creating it if needed) the SQLite database DIR/platform.db with
 * @n_connections connections, and applies the migrations. */
SdPlatformStore *sd_platform_store_open_sqlite (const char  *dir,
                                                guint        n_connections,
                                                GError     **error);
/* Connects to PostgreSQL (a libpq connection string) and applies the
 * migrations; several servers may share the database. */
SdPlatformStore *sd_platform_store_open_pg     (const char  *conninfo,
                                                guint        n_connections,
                                                GError     **error);
void             sd_platform_store_free        (SdPlatformStore *store);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdPlatformStore, sd_platform_store_free)

G_END_DECLS
