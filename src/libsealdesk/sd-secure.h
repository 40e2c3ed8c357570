/* sd-secure.h: handling secrets (passwords, PINs) in memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A NUL-terminated secret string; for g_autoptr (SdSecret). */
typedef char SdSecret;

/* Overwrites @length bytes at @data with zeros in a way the compiler keeps. */
void      sd_secure_wipe          (gpointer     data,
                                   gsize        length);
/* Wipes and frees a string (NULL is allowed). */
void      sd_secure_free          (char        *secret);

/* Reads a password from the first line of @path; one trailing "\n" or "\r\n"
 * is not part of it.  An empty password or an unreadable file is an error. */
SdSecret *sd_read_secret_file     (const char  *path,
                                   GError     **error);
/* A copy of the environment variable @name; unset or empty is an error. */
SdSecret *sd_secret_from_env      (const char  *name,
                                   GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSecret, sd_secure_free)

G_END_DECLS
