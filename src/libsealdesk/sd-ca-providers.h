/* sd-ca-providers.h: the table of CA providers and the USB key libraries
 * their drivers install (data/ca-providers.ini, editable by the user)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char  *id;         /* the group: "key:longmai-gm3000", "ca:bjca" */
  char  *name;
  GStrv  skf;        /* path patterns of SKF libraries */
  GStrv  pkcs11;     /* path patterns of PKCS#11 modules */
  GStrv  keys;       /* for a CA: the key groups it ships (IDs without "key:") */
  char  *driver;     /* for a CA: where its driver is downloaded */
  char  *note;
} SdCaProvider;

typedef struct
{
  GPtrArray *providers;  /* SdCaProvider *, in file order */
  GPtrArray *files;      /* the files read (char *) */
} SdCaProviders;

/* Reads the tables in @files in order (missing files are skipped); a group
 * in a later file replaces the group of the same name. */
SdCaProviders      *sd_ca_providers_load        (const char * const  *files,
                                                 GError             **error);
void                sd_ca_providers_free        (SdCaProviders       *self);
const SdCaProvider *sd_ca_providers_lookup      (SdCaProviders       *self,
                                                 const char          *id);
/* The existing files matching the patterns of @provider (skf or pkcs11),
 * and for a CA those of its keys; sorted, without duplicates. */
GStrv               sd_ca_providers_find        (SdCaProviders       *self,
                                                 const SdCaProvider  *provider,
                                                 gboolean             skf);
/* Every existing library (skf or pkcs11) that any group of the table
 * names; sorted, without duplicates. */
GStrv               sd_ca_providers_find_all    (SdCaProviders       *self,
                                                 gboolean             skf);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCaProviders, sd_ca_providers_free)

G_END_DECLS
