/* sd-platform-store-pg.c: the PostgreSQL backend (libpq)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes run SERIALIZABLE: the checks a transaction makes (how many
 * certificates an account holds, whether a version is current) stay true
 * until it commits, whichever server process of the cluster runs it; PostgreSQL
 * reports a conflict as a serialization failure and the store runs the
 * transaction again.  Statements are prepared once per connection.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>

#include "sd-platform-store-private.h"

/* pg_type OIDs (catalog/pg_type_d.h is a server header) */
#define BOOLOID  16
#define BYTEAOID 17
#define INT8OID  20
#define INT2OID  21
#define INT4OID  23
#define TEXTOID  25

typedef struct
{
  SdPlatformConn  parent;
  PGconn         *pg;
  GHashTable     *statements;   /* SQL text + parameter types → prepared name */
  guint           next_statement;
} PgConn;

static void
ignore_notice (void       *arg,
               const char *message)
{
}

static void
pg_close (SdPlatformConn *conn)
{
  PgConn *self = (PgConn *) conn;

  g_hash_table_unref (self->statements);
  PQfinish (self->pg);
  g_free (self);
}

static gboolean
ensure_connected (PgConn  *self,
                  GError **error)
{
  if (PQstatus (self->pg) == CONNECTION_OK)
    return TRUE;
  /* The server restarted or the connection broke: start afresh; prepared
   * statements died with the old session. */
  PQreset (self->pg);
  g_hash_table_remove_all (self->statements);
  if (PQstatus (self->pg) != CONNECTION_OK)
    {
      g_set_error (error, SD_PLATFORM_STORE_ERROR, SD_PLATFORM_STORE_ERROR_UNAVAILABLE,
                   _("Cannot connect to PostgreSQL: %s"), PQerrorMessage (self->pg));
      return FALSE;
    }
  return TRUE;
}

static SdPlatformConn *
pg_connect (SdPlatformStore  *store,
            GError          **error)
{
  PgConn *self = g_new0 (PgConn, 1);

  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->pg = PQconnectdb (store->location);
  if (PQstatus (self->pg) != CONNECTION_OK)
    {
      g_set_error (error, SD_PLATFORM_STORE_ERROR, SD_PLATFORM_STORE_ERROR_UNAVAILABLE,
                   _("Cannot connect to PostgreSQL: %s"), PQerrorMessage (self->pg));
      pg_close (&self->parent);
      return NULL;
    }
  PQsetNoticeProcessor (self->pg, ignore_notice, NULL);
  if (PQsetClientEncoding (self->pg, "UTF8") != 0)
    {
      g_set_error (error, SD_PLATFORM_STORE_ERROR, SD_PLATFORM_STORE_ERROR_FAILED,
                   _("PostgreSQL does not accept UTF-8: %s"), PQerrorMessage (self->pg));
      pg_close (&self->parent);
      return NULL;
    }
  return &self->parent;
}

/* Maps a failed result to the store's error codes. */
static void
set_pg_error (GError        **error,
              PgConn         *self,
              const PGresult *result)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *constraint = result != NULL ? PQresultErrorField (result, PG_DIAG_CONSTRAINT_NAME)
                                          : NULL;
  const char *message = result != NULL ? PQresultErrorMessage (result) : PQerrorMessage (self->pg);
  SdPlatformStoreError code = SD_PLATFORM_STORE_ERROR_FAILED;
  g_autofree char *text = g_strdup (message != NULL ? message : "");

  if (PQstatus (self->pg) != CONNECTION_OK)
    code = SD_PLATFORM_STORE_ERROR_UNAVAILABLE;
  else if (state == NULL)
    code = SD_PLATFORM_STORE_ERROR_FAILED;
  else if (strcmp (state, "23505") == 0)
    code = SD_PLATFORM_STORE_ERROR_UNIQUE;
  else if (g_str_has_prefix (state, "23") || strcmp (state, "P0001") == 0)
    code = SD_PLATFORM_STORE_ERROR_CONSTRAINT;
  else if (strcmp (state, "40001") == 0 || strcmp (state, "40P01") == 0
           || strcmp (state, "55P03") == 0)
    code = SD_PLATFORM_STORE_ERROR_RETRY;
  else if (g_str_has_prefix (state, "08") || g_str_has_prefix (state, "57P"))
    code = SD_PLATFORM_STORE_ERROR_UNAVAILABLE;

  g_set_error (error, SD_PLATFORM_STORE_ERROR, code, "PostgreSQL %s: %s [%s]",
               state != NULL ? state : "", g_strchomp (text),
               constraint != NULL ? constraint : "");
}

static Oid
param_type (const SdPlatformValue *value)
{
  switch (value->type)
    {
    case SD_PLATFORM_VALUE_INT:
      return INT8OID;
    case SD_PLATFORM_VALUE_TEXT:
      return TEXTOID;
    case SD_PLATFORM_VALUE_BLOB:
      return BYTEAOID;
    case SD_PLATFORM_VALUE_NULL:
    default:
      return 0;
    }
}

static const char *
prepare (PgConn                 *self,
         const char             *sql,
         const SdPlatformValue  *params,
         gsize                   n_params,
         GError                **error)
{
  g_autoptr(GString) key = g_string_new (sql);
  g_autofree Oid *types = g_new0 (Oid, n_params + 1);
  g_autofree char *name = NULL;
  const char *found;
  PGresult *result;

  g_string_append_c (key, '\x1f');
  for (gsize i = 0; i < n_params; i++)
    {
      types[i] = param_type (&params[i]);
      g_string_append_printf (key, "%u,", (guint) types[i]);
    }
  found = g_hash_table_lookup (self->statements, key->str);
  if (found != NULL)
    return found;

  name = g_strdup_printf ("s%u", self->next_statement++);
  result = PQprepare (self->pg, name, sql, (int) n_params, types);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      set_pg_error (error, self, result);
      PQclear (result);
      return NULL;
    }
  PQclear (result);
  found = name;
  g_hash_table_insert (self->statements, g_string_free (g_steal_pointer (&key), FALSE),
                       g_steal_pointer (&name));
  return found;
}

static void
add_row (SdPlatformRows *rows,
         PGresult       *result,
         int             row)
{
  int n_columns = PQnfields (result);

  sd_platform_rows_add_row (rows);
  for (int c = 0; c < n_columns; c++)
    {
      const char *value;

      if (PQgetisnull (result, row, c))
        continue;
      value = PQgetvalue (result, row, c);
      switch (PQftype (result, c))
        {
        case INT8OID:
        case INT4OID:
        case INT2OID:
          sd_platform_rows_set_int (rows, (guint) c, g_ascii_strtoll (value, NULL, 10));
          break;
        case BOOLOID:
          sd_platform_rows_set_int (rows, (guint) c, value[0] == 't');
          break;
        case BYTEAOID:
          {
            size_t length = 0;
            unsigned char *data = PQunescapeBytea ((const unsigned char *) value, &length);
            g_autoptr(GBytes) blob = g_bytes_new (data, length);

            PQfreemem (data);
            sd_platform_rows_set_blob (rows, (guint) c, blob);
          }
          break;
        default:
          sd_platform_rows_set_text (rows, (guint) c, value,
                                     (gsize) PQgetlength (result, row, c));
          break;
        }
    }
}

static gboolean
pg_run (SdPlatformConn         *conn,
        const char             *sql,
        const SdPlatformValue  *params,
        gsize                   n_params,
        SdPlatformRows        **rows_out,
        gint64                 *changes,
        GError                **error)
{
  PgConn *self = (PgConn *) conn;
  g_autofree const char **values = g_new0 (const char *, n_params + 1);
  g_autofree int *lengths = g_new0 (int, n_params + 1);
  g_autofree int *formats = g_new0 (int, n_params + 1);
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  PGresult *result;
  ExecStatusType status;

  if (!ensure_connected (self, error))
    return FALSE;
  name = prepare (self, sql, params, n_params, error);
  if (name == NULL)
    return FALSE;

  for (gsize i = 0; i < n_params; i++)
    {
      switch (params[i].type)
        {
        case SD_PLATFORM_VALUE_INT:
          {
            char *number = g_strdup_printf ("%" G_GINT64_FORMAT, params[i].i);

            g_ptr_array_add (numbers, number);
            values[i] = number;
          }
          break;
        case SD_PLATFORM_VALUE_TEXT:
          values[i] = params[i].text;
          break;
        case SD_PLATFORM_VALUE_BLOB:
          values[i] = (const char *) params[i].data;
          lengths[i] = (int) params[i].length;
          formats[i] = 1;
          break;
        case SD_PLATFORM_VALUE_NULL:
        default:
          values[i] = NULL;
          break;
        }
    }

  result = PQexecPrepared (self->pg, name, (int) n_params, values, lengths, formats, 0);
  status = PQresultStatus (result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
    {
      set_pg_error (error, self, result);
      PQclear (result);
      return FALSE;
    }
  if (changes != NULL)
    *changes = g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
  if (rows_out != NULL)
    {
      SdPlatformRows *rows = sd_platform_rows_new ((guint) PQnfields (result));
      int n_rows = PQntuples (result);

      for (int r = 0; r < n_rows; r++)
        add_row (rows, result, r);
      *rows_out = rows;
    }
  PQclear (result);
  return TRUE;
}

static gboolean
pg_run_script (SdPlatformConn  *conn,
               const char      *sql,
               GError         **error)
{
  PgConn *self = (PgConn *) conn;
  PGresult *result;

  if (!ensure_connected (self, error))
    return FALSE;
  result = PQexec (self->pg, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      set_pg_error (error, self, result);
      PQclear (result);
      return FALSE;
    }
  PQclear (result);
  return TRUE;
}

static const SdPlatformStoreBackend pg_backend = {
  .name = "postgresql",
  .migrations = "/org/sealdesk/platform/migrations/pg/",
  .begin_write = "BEGIN ISOLATION LEVEL SERIALIZABLE",
  .begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
  /* 0x5345414C, "SEAL": one lock for the migrations of every server */
  .migration_lock = "SELECT pg_advisory_xact_lock(1397048652)",
  .connect = pg_connect,
  .close = pg_close,
  .run = pg_run,
  .run_script = pg_run_script,
};

SdPlatformStore *
sd_platform_store_open_pg (const char  *conninfo,
                           guint        n_connections,
                           GError     **error)
{
  return sd_platform_store_new (&pg_backend, conninfo, n_connections, error);
}
