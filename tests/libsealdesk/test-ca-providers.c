/* test-ca-providers.c: the CA provider table: reading, a user's table
 * over the installed one, finding the libraries that exist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sd-ca-providers.h"
#include "sd-error.h"

static char *dir;

static char *
write_file (const char *name,
            const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
test_load_and_find (void)
{
  g_autofree char *lib_a = write_file ("libskf-a.so.1", "");
  g_autofree char *lib_b = write_file ("libskf-b.so", "");
  g_autofree char *module = write_file ("libp11.so", "");
  g_autofree char *installed = NULL;
  g_autofree char *user = NULL;
  g_autofree char *missing = g_build_filename (dir, "missing.ini", NULL);
  g_autoptr(SdCaProviders) table = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) found = NULL;
  g_auto(GStrv) all = NULL;
  const SdCaProvider *ca;
  const char *files[4];

  installed = write_file ("installed.ini", "");
  {
    g_autofree char *text = g_strdup_printf (
      "# comment\n"
      "[key:maker]\nname=Maker\nskf=%s/libskf-a.so*; /nonexistent/libskf.so\npkcs11=%s\n"
      "[ca:test]\nname=测试CA\nname[en]=Test CA\nkeys=maker; nosuch\ndriver=www.example.cn\n"
      "[other]\nignored=yes\n", dir, module);

    g_assert_true (g_file_set_contents (installed, text, -1, NULL));
  }
  /* The user's table replaces the key group and adds one */
  {
    g_autofree char *text = g_strdup_printf ("[key:maker]\nskf=%s\n[key:mine]\nskf=%s\n",
                                             lib_b, lib_a);

    user = write_file ("user.ini", text);
  }

  files[0] = installed;
  files[1] = missing;
  files[2] = user;
  files[3] = NULL;
  table = sd_ca_providers_load (files, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (table->providers->len, ==, 3);
  g_assert_cmpuint (table->files->len, ==, 2);

  ca = sd_ca_providers_lookup (table, "ca:test");
  g_assert_nonnull (ca);
  g_assert_cmpstr (ca->driver, ==, "www.example.cn");
  g_assert_cmpuint (g_strv_length (ca->keys), ==, 2);

  /* The CA's libraries are those of its keys, as the user's table says */
  found = sd_ca_providers_find (table, ca, TRUE);
  g_assert_cmpuint (g_strv_length (found), ==, 1);
  g_assert_cmpstr (found[0], ==, lib_b);
  g_clear_pointer (&found, g_strfreev);
  /* the replaced group has no pkcs11= any more */
  found = sd_ca_providers_find (table, ca, FALSE);
  g_assert_cmpuint (g_strv_length (found), ==, 0);

  all = sd_ca_providers_find_all (table, TRUE);
  g_assert_cmpuint (g_strv_length (all), ==, 2);
  g_assert_cmpstr (all[0], ==, lib_a);
  g_assert_cmpstr (all[1], ==, lib_b);
}

static void
test_broken_table (void)
{
  g_autofree char *broken = write_file ("broken.ini", "[key:x\nskf=/a\n");
  const char *files[] = { broken, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_null (sd_ca_providers_load (files, &error));
  g_assert_error (error, SD_ERROR, SD_ERROR_INVALID_ARGUMENT);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("sealdesk-ca-providers-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/ca-providers/load-and-find", test_load_and_find);
  g_test_add_func ("/ca-providers/broken-table", test_broken_table);
  status = g_test_run ();

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (dir);
  g_free (dir);
  return status;
}
