/* sd-platform-rate-limit.c: a token bucket per source address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "sd-platform-rate-limit.h"

#define MINUTE_US (60 * G_USEC_PER_SEC)

typedef struct
{
  char   *key;
  double  tokens;
  gint64  updated_us;
  GList   link;        /* in SdPlatformRateLimit.recent; data = this */
} Bucket;

struct _SdPlatformRateLimit
{
  GMutex      lock;
  guint       per_minute;
  guint       max_addresses;
  GHashTable *buckets;   /* key → Bucket */
  GQueue      recent;    /* least recently used first */
};

static void
bucket_free (gpointer data)
{
  Bucket *bucket = data;

  g_free (bucket->key);
  g_free (bucket);
}

SdPlatformRateLimit *
sd_platform_rate_limit_new (guint per_minute,
                            guint max_addresses)
{
  SdPlatformRateLimit *limit = g_new0 (SdPlatformRateLimit, 1);

  g_mutex_init (&limit->lock);
  limit->per_minute = per_minute;
  limit->max_addresses = MAX (max_addresses, 1);
  limit->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, bucket_free);
  g_queue_init (&limit->recent);
  return limit;
}

void
sd_platform_rate_limit_free (SdPlatformRateLimit *limit)
{
  if (limit == NULL)
    return;
  g_hash_table_unref (limit->buckets);
  g_mutex_clear (&limit->lock);
  g_free (limit);
}

/* IPv6 addresses count by their /64; anything else as it is. */
static char *
address_key (const char *address)
{
  g_autoptr(GInetAddress) inet = NULL;
  guint8 bytes[16];

  if (address == NULL)
    return g_strdup ("");
  inet = g_inet_address_new_from_string (address);
  if (inet == NULL || g_inet_address_get_family (inet) != G_SOCKET_FAMILY_IPV6
      || g_inet_address_get_native_size (inet) != sizeof bytes)
    return g_strdup (address);
  memcpy (bytes, g_inet_address_to_bytes (inet), sizeof bytes);
  /* ::ffff:a.b.c.d is one IPv4 client */
  if (g_inet_address_get_is_loopback (inet)
      || (memcmp (bytes, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0))
    return g_strdup (address);
  return g_strdup_printf ("%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64", bytes[0], bytes[1],
                          bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7]);
}

gboolean
sd_platform_rate_limit_take (SdPlatformRateLimit *limit,
                             const char          *address,
                             gint64               now_us,
                             gint64              *retry_after)
{
  g_autofree char *key = NULL;
  Bucket *bucket;
  gboolean allowed;

  if (limit == NULL || limit->per_minute == 0)
    return TRUE;
  key = address_key (address);

  g_mutex_lock (&limit->lock);
  bucket = g_hash_table_lookup (limit->buckets, key);
  if (bucket == NULL)
    {
      if (g_hash_table_size (limit->buckets) >= limit->max_addresses)
        {
          Bucket *oldest = g_queue_peek_head (&limit->recent);

          g_queue_unlink (&limit->recent, &oldest->link);
          g_hash_table_remove (limit->buckets, oldest->key);
        }
      bucket = g_new0 (Bucket, 1);
      bucket->key = g_steal_pointer (&key);
      bucket->tokens = limit->per_minute;
      bucket->updated_us = now_us;
      bucket->link.data = bucket;
      g_hash_table_insert (limit->buckets, bucket->key, bucket);
    }
  else
    {
      g_queue_unlink (&limit->recent, &bucket->link);
      if (now_us > bucket->updated_us)
        {
          bucket->tokens += (double) (now_us - bucket->updated_us) * limit->per_minute / MINUTE_US;
          bucket->tokens = MIN (bucket->tokens, (double) limit->per_minute);
          bucket->updated_us = now_us;
        }
    }
  g_queue_push_tail_link (&limit->recent, &bucket->link);

  allowed = bucket->tokens >= 1.0;
  if (allowed)
    bucket->tokens -= 1.0;
  else if (retry_after != NULL)
    /* until one token has come back, rounded up to whole seconds */
    *retry_after = 1 + (gint64) ((1.0 - bucket->tokens) * 60.0 / limit->per_minute);
  g_mutex_unlock (&limit->lock);
  return allowed;
}

guint
sd_platform_rate_limit_get_size (SdPlatformRateLimit *limit)
{
  guint size;

  g_mutex_lock (&limit->lock);
  size = g_hash_table_size (limit->buckets);
  g_mutex_unlock (&limit->lock);
  return size;
}
