/* sd-atomic-file.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sd-atomic-file.h"
#include "sd-error.h"

struct _SdAtomicFile
{
  char    *path;
  char    *tmp_path;
  int      fd;
  gboolean overwrite;
  gboolean committed;
};

static gboolean
io_error (GError    **error,
          const char *path,
          int         saved_errno)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, SD_ERROR, SD_ERROR_IO, _("Cannot write “%s”: %s"),
               name, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
exists_error (GError    **error,
              const char *path)
{
  g_autofree char *name = g_filename_display_name (path);

  g_set_error (error, SD_ERROR, SD_ERROR_EXISTS,
               _("“%s” already exists: choose another output file or allow overwriting it."),
               name);
  return FALSE;
}

SdAtomicFile *
sd_atomic_file_new (const char *path,
                    gboolean    overwrite,
                    mode_t      mode,
                    GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  SdAtomicFile *self;
  int fd;

  if (!overwrite && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      exists_error (error, path);
      return NULL;
    }

  self = g_new0 (SdAtomicFile, 1);
  self->path = g_strdup (path);
  self->overwrite = overwrite;
  self->fd = -1;
  /* Same directory, so the final rename cannot cross file systems. */
  self->tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  /* open() applies the umask to 0666, as for any file the user creates. */
  fd = g_mkstemp_full (self->tmp_path, O_RDWR | O_CLOEXEC, mode ? 0600 : 0666);
  if (fd < 0)
    {
      int saved = errno;

      io_error (error, path, saved);
      g_clear_pointer (&self->tmp_path, g_free);
      sd_atomic_file_free (self);
      return NULL;
    }
  self->fd = fd;
  if (mode != 0 && fchmod (fd, mode & 0777) != 0)
    {
      int saved = errno;

      io_error (error, path, saved);
      sd_atomic_file_free (self);
      return NULL;
    }
  return self;
}

int
sd_atomic_file_get_fd (SdAtomicFile *self)
{
  return self->fd;
}

gboolean
sd_atomic_file_write (SdAtomicFile *self,
                      const guint8 *data,
                      gsize         len,
                      GError      **error)
{
  while (len > 0)
    {
      gssize n = write (self->fd, data, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return io_error (error, self->path, errno);
        }
      data += n;
      len -= n;
    }
  return TRUE;
}

static gboolean
copy_by_reading (SdAtomicFile *self,
                 int           in_fd,
                 goffset       from,
                 gsize         len,
                 GError      **error)
{
  g_autofree guint8 *buffer = g_malloc (256 * 1024);

  while (len > 0)
    {
      gssize n = pread (in_fd, buffer, MIN (len, 256 * 1024), from);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return io_error (error, self->path, n < 0 ? errno : EIO);
      if (!sd_atomic_file_write (self, buffer, n, error))
        return FALSE;
      from += n;
      len -= n;
    }
  return TRUE;
}

gboolean
sd_atomic_file_copy_from (SdAtomicFile *self,
                          int           in_fd,
                          gsize         len,
                          GError      **error)
{
  off_t start = lseek (self->fd, 0, SEEK_CUR);
  loff_t in_off = 0;
  gsize left = len;

  while (left > 0)
    {
      /* A NULL output offset writes at, and advances, the file position. */
      gssize n = copy_file_range (in_fd, &in_off, self->fd, NULL, left, 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP))
        {
          if (!copy_by_reading (self, in_fd, in_off, left, error))
            return FALSE;
          break;
        }
      if (n < 0)
        return io_error (error, self->path, errno);
      if (n == 0)
        return io_error (error, self->path, EIO);  /* the input shrank */
      left -= n;
    }
  sync_file_range (self->fd, start, len, SYNC_FILE_RANGE_WRITE);
  return TRUE;
}

static gboolean
rename_into_place (SdAtomicFile *self,
                   GError      **error)
{
  if (self->overwrite)
    {
      if (rename (self->tmp_path, self->path) != 0)
        return io_error (error, self->path, errno);
      return TRUE;
    }

  /* Never replace a file that appeared since we checked. */
  if (renameat2 (AT_FDCWD, self->tmp_path, AT_FDCWD, self->path, RENAME_NOREPLACE) == 0)
    return TRUE;
  if (errno == EEXIST)
    return exists_error (error, self->path);
  if (errno != EINVAL && errno != ENOSYS)
    return io_error (error, self->path, errno);

  /* File systems without RENAME_NOREPLACE: link() refuses existing names too. */
  if (link (self->tmp_path, self->path) != 0)
    {
      if (errno == EEXIST)
        return exists_error (error, self->path);
      return io_error (error, self->path, errno);
    }
  g_unlink (self->tmp_path);
  return TRUE;
}

gboolean
sd_atomic_file_commit (SdAtomicFile *self,
                       GError      **error)
{
  return sd_atomic_file_commit_cancellable (self, NULL, error);
}

gboolean
sd_atomic_file_sync (SdAtomicFile  *self,
                     GError       **error)
{
  g_return_val_if_fail (self->fd >= 0, FALSE);

  if (fsync (self->fd) != 0)
    return io_error (error, self->path, errno);
  if (close (self->fd) != 0)
    {
      self->fd = -1;
      return io_error (error, self->path, errno);
    }
  self->fd = -1;
  return TRUE;
}

gboolean
sd_atomic_file_commit_cancellable (SdAtomicFile  *self,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  int dir_fd;

  g_return_val_if_fail (!self->committed, FALSE);

  if (self->fd >= 0 && !sd_atomic_file_sync (self, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (!rename_into_place (self, error))
    return FALSE;
  self->committed = TRUE;

  /* The rename itself is durable only once the directory is synced. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;
}

gboolean
sd_atomic_file_set_contents (const char *path,
                             GBytes     *contents,
                             gboolean    overwrite,
                             GError    **error)
{
  g_autoptr(SdAtomicFile) file = sd_atomic_file_new (path, overwrite, 0, error);
  gsize len;
  const guint8 *data;

  if (file == NULL)
    return FALSE;
  data = g_bytes_get_data (contents, &len);
  return sd_atomic_file_write (file, data, len, error) && sd_atomic_file_commit (file, error);
}

void
sd_atomic_file_free (SdAtomicFile *self)
{
  if (self == NULL)
    return;
  if (self->fd >= 0)
    close (self->fd);
  if (!self->committed && self->tmp_path != NULL)
    g_unlink (self->tmp_path);
  g_free (self->tmp_path);
  g_free (self->path);
  g_free (self);
}
