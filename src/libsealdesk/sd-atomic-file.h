/* sd-atomic-file.h: a new file that appears whole or not at all
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sys/types.h>

G_BEGIN_DECLS

typedef struct _SdAtomicFile SdAtomicFile;

/* Creates a temporary file beside @path.  Unless @overwrite, fails with
 * SD_ERROR_EXISTS when @path exists (and again at commit if it appeared).
 * @mode: the new file's permissions, or 0 for those of any new file
 * (0666 minus the umask). */
SdAtomicFile *sd_atomic_file_new     (const char    *path,
                                      gboolean       overwrite,
                                      mode_t         mode,
                                      GError       **error);
int           sd_atomic_file_get_fd  (SdAtomicFile  *self);
gboolean      sd_atomic_file_write   (SdAtomicFile  *self,
                                      const guint8  *data,
                                      gsize          len,
                                      GError       **error);
/* Appends the first @len bytes of @in_fd (read with pread: the file
 * position of @in_fd is not used), by copy_file_range() when the kernel
 * can (a reflink on file systems that share extents), and starts writing
 * them back to disk so that the final fsync has little left to wait for.
 * Safe to call from another thread than the one using @in_fd. */
gboolean      sd_atomic_file_copy_from (SdAtomicFile *self,
                                      int            in_fd,
                                      gsize          len,
                                      GError       **error);
/* fsync and close: the contents are on disk, the file is not in place
 * yet.  Writing is over; several files can be synced at once from
 * several threads. */
gboolean      sd_atomic_file_sync    (SdAtomicFile  *self,
                                      GError       **error);
/* fsync (unless synced), rename into place, fsync the directory. */
gboolean      sd_atomic_file_commit  (SdAtomicFile  *self,
                                      GError       **error);
/* The same, but a cancel of @cancellable seen after the fsync, just
 * before the rename, leaves nothing (G_IO_ERROR_CANCELLED): the rename is
 * the one moment after which a cancel comes too late. */
gboolean      sd_atomic_file_commit_cancellable (SdAtomicFile *self,
                                                 GCancellable *cancellable,
                                                 GError      **error);
/* The whole of @contents as @path, atomically. */
gboolean      sd_atomic_file_set_contents (const char *path,
                                          GBytes        *contents,
                                          gboolean       overwrite,
                                          GError       **error);
/* Removes the temporary file unless committed. */
void          sd_atomic_file_free    (SdAtomicFile  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdAtomicFile, sd_atomic_file_free)

G_END_DECLS
