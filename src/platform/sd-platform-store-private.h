/* sd-platform-store-private.h: what a storage backend provides
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-platform-store.h"

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  /* GResource folder with NNNN-name.sql files, applied in order */
  const char *migrations;
  const char *begin_write;
  const char *begin_read;
  /* Run first in the migration transaction so that concurrent servers wait
   * for each other (NULL when begin_write already excludes them) */
  const char *migration_lock;

  SdPlatformConn *(*connect)     (SdPlatformStore        *store,
                                  GError                **error);
  void            (*close)       (SdPlatformConn         *conn);
  /* Runs one statement; fills @rows (when not NULL) and @changes. */
  gboolean        (*run)         (SdPlatformConn         *conn,
                                  const char             *sql,
                                  const SdPlatformValue  *params,
                                  gsize                   n_params,
                                  SdPlatformRows        **rows,
                                  gint64                 *changes,
                                  GError                **error);
  /* Runs several statements without parameters (a migration). */
  gboolean        (*run_script)  (SdPlatformConn         *conn,
                                  const char             *sql,
                                  GError                **error);
} SdPlatformStoreBackend;

struct _SdPlatformConn
{
  SdPlatformStore *store;
};

struct _SdPlatformStore
{
  const SdPlatformStoreBackend *backend;
  char                         *location;
  GAsyncQueue                  *pool;
  guint                         n_connections;
};

SdPlatformStore *sd_platform_store_new  (const SdPlatformStoreBackend *backend,
                                         const char                   *location,
                                         guint                         n_connections,
                                         GError                      **error);

/* Building results in a backend */
SdPlatformRows  *sd_platform_rows_new      (guint           n_columns);
void             sd_platform_rows_add_row  (SdPlatformRows *rows);
/* These set column @column of the last row. */
void             sd_platform_rows_set_int  (SdPlatformRows *rows,
                                            guint           column,
                                            gint64          value);
void             sd_platform_rows_set_text (SdPlatformRows *rows,
                                            guint           column,
                                            const char     *text,
                                            gsize           length);
void             sd_platform_rows_set_blob (SdPlatformRows *rows,
                                            guint           column,
                                            GBytes         *blob);

G_END_DECLS
