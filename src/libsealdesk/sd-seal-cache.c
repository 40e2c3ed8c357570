/* sd-seal-cache.c
 *
 * Decoding a seal's PNG and compressing its planes was half of signing a
 * small document in a new process; the same seal is used again and again.
 * An entry is trusted only when its checksum, which also covers the PNG's
 * digest and the encoding, matches: a damaged or misplaced entry is a miss,
 * never a wrong picture in a signed PDF.
 *
 * An entry: header, digest, colour plane, alpha plane, checksum.
 *   "SDSEAL\r\n", then little-endian u32s: encoding, width, height and the
 *   lengths of the three parts; checksum = SHA-256 (SHA-256 (png) ‖ all
 *   before it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <openssl/evp.h>

#include "sd-atomic-file.h"
#include "sd-seal-cache.h"

#define MAGIC "SDSEAL\r\n"
#define HEADER_SIZE (8 + 6 * 4)
#define CHECKSUM_SIZE 32
/* Larger pictures are not kept: reading them back would cost memory. */
#define MAX_ENTRY_SIZE (16 * 1024 * 1024)

char *
sd_seal_cache_get_default_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "sealdesk", "seal-images", NULL);
}

static void
sha256 (const guint8 *a,
        gsize         a_len,
        const guint8 *b,
        gsize         b_len,
        guint8        out[32])
{
  EVP_MD_CTX *md = EVP_MD_CTX_new ();

  EVP_DigestInit_ex (md, EVP_sha256 (), NULL);
  EVP_DigestUpdate (md, a, a_len);
  EVP_DigestUpdate (md, b, b_len);
  EVP_DigestFinal_ex (md, out, NULL);
  EVP_MD_CTX_free (md);
}

/* The entry's path; @png_digest gets SHA-256 of @png. */
static char *
entry_path (const char *dir,
            GBytes     *png,
            guint8      png_digest[32])
{
  char hex[65];
  gsize len;
  const guint8 *data = g_bytes_get_data (png, &len);

  sha256 (data, len, NULL, 0, png_digest);
  for (guint i = 0; i < 32; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", png_digest[i]);
  return g_strdup_printf ("%s/%s-%u", dir, hex, SD_SEAL_IMAGE_ENCODING);
}

static guint32
get_u32 (const guint8 *p)
{
  return p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

  g_byte_array_append (out, b, 4);
}

/* A digest as SdSealImage has it: "WxH-" and 64 hex digits. */
static gboolean
digest_is_valid (const guint8 *digest,
                 gsize         len,
                 guint         width,
                 guint         height)
{
  g_autofree char *prefix = g_strdup_printf ("%ux%u-", width, height);
  gsize n = strlen (prefix);

  if (len != n + 64 || memcmp (digest, prefix, n) != 0)
    return FALSE;
  for (gsize i = n; i < len; i++)
    if (!g_ascii_isxdigit (digest[i]) || g_ascii_isupper (digest[i]))
      return FALSE;
  return TRUE;
}

SdSealImage *
sd_seal_cache_load (const char *dir,
                    GBytes     *png)
{
  guint8 png_digest[32], checksum[32];
  g_autofree char *path = entry_path (dir, png, png_digest);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) entry = NULL;
  const guint8 *p;
  gsize len = 0, digest_len, rgb_len, alpha_len;
  guint width, height;
  GStatBuf st;
  SdSealImage *image;

  if (g_stat (path, &st) != 0 || st.st_size < HEADER_SIZE + CHECKSUM_SIZE
      || st.st_size > MAX_ENTRY_SIZE || !g_file_get_contents (path, &contents, &len, NULL)
      || len < HEADER_SIZE + CHECKSUM_SIZE)
    return NULL;
  p = (const guint8 *) contents;
  if (memcmp (p, MAGIC, 8) != 0 || get_u32 (p + 8) != SD_SEAL_IMAGE_ENCODING)
    return NULL;
  width = get_u32 (p + 12);
  height = get_u32 (p + 16);
  digest_len = get_u32 (p + 20);
  rgb_len = get_u32 (p + 24);
  alpha_len = get_u32 (p + 28);
  /* Each length is below MAX_ENTRY_SIZE, so the sum cannot overflow. */
  if (digest_len > len || rgb_len > len || alpha_len > len
      || HEADER_SIZE + digest_len + rgb_len + alpha_len + CHECKSUM_SIZE != len)
    return NULL;
  sha256 (png_digest, sizeof png_digest, p, len - CHECKSUM_SIZE, checksum);
  if (memcmp (checksum, p + len - CHECKSUM_SIZE, CHECKSUM_SIZE) != 0)
    return NULL;
  if (width == 0 || height == 0 || width > SD_SEAL_IMAGE_MAX_SIDE
      || height > SD_SEAL_IMAGE_MAX_SIDE || rgb_len == 0
      || !digest_is_valid (p + HEADER_SIZE, digest_len, width, height))
    return NULL;

  entry = g_bytes_new_take (g_steal_pointer (&contents), len);
  image = g_new0 (SdSealImage, 1);
  image->width = width;
  image->height = height;
  image->digest = g_strndup ((const char *) p + HEADER_SIZE, digest_len);
  image->rgb = g_bytes_new_from_bytes (entry, HEADER_SIZE + digest_len, rgb_len);
  if (alpha_len > 0)
    image->alpha = g_bytes_new_from_bytes (entry, HEADER_SIZE + digest_len + rgb_len, alpha_len);
  return image;
}

typedef struct
{
  char   *path;
  gint64  mtime;
} Entry;

static int
compare_mtime (gconstpointer a,
               gconstpointer b)
{
  const Entry *x = a, *y = b;

  return (x->mtime > y->mtime) - (x->mtime < y->mtime);
}

/* Keeps the newest SD_SEAL_CACHE_MAX_ENTRIES (temporary files, named with
 * a leading dot, are not entries). */
static void
prune (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      Entry e = { g_build_filename (dir, name, NULL), 0 };
      GStatBuf st;

      if (name[0] == '.' || g_stat (e.path, &st) != 0 || !S_ISREG (st.st_mode))
        {
          g_free (e.path);
          continue;
        }
      e.mtime = st.st_mtime;
      g_array_append_val (entries, e);
    }
  g_array_sort (entries, compare_mtime);
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = &g_array_index (entries, Entry, i);

      if (i + SD_SEAL_CACHE_MAX_ENTRIES < entries->len)
        g_unlink (e->path);
      g_free (e->path);
    }
}

void
sd_seal_cache_store (const char        *dir,
                     GBytes            *png,
                     const SdSealImage *image)
{
  guint8 png_digest[32], checksum[32];
  g_autofree char *path = entry_path (dir, png, png_digest);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GBytes) entry = NULL;
  gsize digest_len = strlen (image->digest);
  gsize rgb_len = g_bytes_get_size (image->rgb);
  gsize alpha_len = image->alpha != NULL ? g_bytes_get_size (image->alpha) : 0;

  if (HEADER_SIZE + digest_len + rgb_len + alpha_len + CHECKSUM_SIZE > MAX_ENTRY_SIZE
      || g_mkdir_with_parents (dir, 0700) != 0)
    return;
  g_byte_array_append (out, (const guint8 *) MAGIC, 8);
  put_u32 (out, SD_SEAL_IMAGE_ENCODING);
  put_u32 (out, image->width);
  put_u32 (out, image->height);
  put_u32 (out, digest_len);
  put_u32 (out, rgb_len);
  put_u32 (out, alpha_len);
  g_byte_array_append (out, (const guint8 *) image->digest, digest_len);
  g_byte_array_append (out, g_bytes_get_data (image->rgb, NULL), rgb_len);
  if (alpha_len > 0)
    g_byte_array_append (out, g_bytes_get_data (image->alpha, NULL), alpha_len);
  sha256 (png_digest, sizeof png_digest, out->data, out->len, checksum);
  g_byte_array_append (out, checksum, sizeof checksum);

  entry = g_byte_array_free_to_bytes (g_steal_pointer (&out));
  if (sd_atomic_file_set_contents (path, entry, TRUE, NULL))
    prune (dir);
}
