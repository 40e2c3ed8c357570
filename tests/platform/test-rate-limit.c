/* test-rate-limit.c: sd-platform-rate-limit, the per-address token bucket
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "sd-platform-rate-limit.h"

#define SECOND ((gint64) G_USEC_PER_SEC)

static void
test_burst_and_refill (void)
{
  g_autoptr(SdPlatformRateLimit) limit = sd_platform_rate_limit_new (3, 16);
  gint64 retry_after = 0;

  for (guint i = 0; i < 3; i++)
    g_assert_true (sd_platform_rate_limit_take (limit, "192.0.2.1", 0, &retry_after));
  g_assert_false (sd_platform_rate_limit_take (limit, "192.0.2.1", 0, &retry_after));
  /* one request comes back every 20 s */
  g_assert_cmpint (retry_after, >=, 20);
  g_assert_cmpint (retry_after, <=, 21);
  g_assert_true (sd_platform_rate_limit_take (limit, "192.0.2.2", 0, NULL));
  g_assert_false (sd_platform_rate_limit_take (limit, "192.0.2.1", 19 * SECOND, NULL));
  /* 40 s: two came back */
  g_assert_true (sd_platform_rate_limit_take (limit, "192.0.2.1", 40 * SECOND, NULL));
  g_assert_true (sd_platform_rate_limit_take (limit, "192.0.2.1", 40 * SECOND, NULL));
  g_assert_false (sd_platform_rate_limit_take (limit, "192.0.2.1", 40 * SECOND, NULL));
  /* never more than a burst saved up */
  for (guint i = 0; i < 3; i++)
    g_assert_true (sd_platform_rate_limit_take (limit, "192.0.2.1", 3600 * SECOND, NULL));
  g_assert_false (sd_platform_rate_limit_take (limit, "192.0.2.1", 3600 * SECOND, NULL));
}

static void
test_unlimited (void)
{
  g_autoptr(SdPlatformRateLimit) limit = sd_platform_rate_limit_new (0, 16);

  for (guint i = 0; i < 1000; i++)
    g_assert_true (sd_platform_rate_limit_take (limit, "192.0.2.1", 0, NULL));
}

static void
test_ipv6_prefix (void)
{
  g_autoptr(SdPlatformRateLimit) limit = sd_platform_rate_limit_new (2, 16);

  g_assert_true (sd_platform_rate_limit_take (limit, "2001:db8:1:2::1", 0, NULL));
  g_assert_true (sd_platform_rate_limit_take (limit, "2001:db8:1:2:ffff::9", 0, NULL));
  /* the same /64 */
  g_assert_false (sd_platform_rate_limit_take (limit, "2001:db8:1:2:abcd::1", 0, NULL));
  g_assert_true (sd_platform_rate_limit_take (limit, "2001:db8:1:3::1", 0, NULL));
  g_assert_cmpuint (sd_platform_rate_limit_get_size (limit), ==, 2);
}

static void
test_bounded (void)
{
  g_autoptr(SdPlatformRateLimit) limit = sd_platform_rate_limit_new (1, 4);

  g_assert_true (sd_platform_rate_limit_take (limit, "10.0.0.1", 0, NULL));
  for (guint i = 2; i <= 4; i++)
    {
      g_autofree char *address = g_strdup_printf ("10.0.0.%u", i);

      g_assert_true (sd_platform_rate_limit_take (limit, address, 0, NULL));
    }
  /* 10.0.0.1 was heard from again: 10.0.0.2 is now the least recent */
  g_assert_false (sd_platform_rate_limit_take (limit, "10.0.0.1", 0, NULL));
  for (guint i = 5; i <= 1000; i++)
    {
      g_autofree char *address = g_strdup_printf ("10.0.%u.%u", i / 256, i % 256);

      g_assert_true (sd_platform_rate_limit_take (limit, address, 0, NULL));
      g_assert_cmpuint (sd_platform_rate_limit_get_size (limit), <=, 4);
    }
  /* forgotten addresses start afresh */
  g_assert_true (sd_platform_rate_limit_take (limit, "10.0.0.1", 0, NULL));
}

typedef struct
{
  SdPlatformRateLimit *limit;
  gint                 allowed;
} Shared;

static gpointer
taker (gpointer data)
{
  Shared *shared = data;

  for (guint i = 0; i < 1000; i++)
    if (sd_platform_rate_limit_take (shared->limit, "192.0.2.7", 0, NULL))
      g_atomic_int_inc (&shared->allowed);
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(SdPlatformRateLimit) limit = sd_platform_rate_limit_new (100, 16);
  Shared shared = { limit, 0 };
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("taker", taker, &shared);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpint (shared.allowed, ==, 100);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rate-limit/burst-and-refill", test_burst_and_refill);
  g_test_add_func ("/rate-limit/unlimited", test_unlimited);
  g_test_add_func ("/rate-limit/ipv6-prefix", test_ipv6_prefix);
  g_test_add_func ("/rate-limit/bounded", test_bounded);
  g_test_add_func ("/rate-limit/threads", test_threads);
  return g_test_run ();
}
