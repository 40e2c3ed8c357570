/* sd-skf-library.h: a vendor's SKF (GM/T 0016) library, loaded by path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Most Chinese USB keys come with such a library (libes_3000gm.so,
 * libgm3000.so…) rather than a PKCS#11 module.  A library stays loaded for
 * the life of the process once loaded (vendors' libraries keep global
 * state and many do not survive being unloaded), and calls into it are
 * serialised: few are thread-safe.
 */
#pragma once

#include <gio/gio.h>

#include "sd-skf-api.h"

G_BEGIN_DECLS

typedef struct
{
#define SD_SKF_DECLARE_MEMBER(name, args) name##_fn name;
  SD_SKF_FUNCTIONS (SD_SKF_DECLARE_MEMBER)
#undef SD_SKF_DECLARE_MEMBER
} SdSkfFunctions;

#define SD_TYPE_SKF_LIBRARY (sd_skf_library_get_type ())
G_DECLARE_FINAL_TYPE (SdSkfLibrary, sd_skf_library, SD, SKF_LIBRARY, GObject)

/* The library at @path, loaded once; an error names the SKF functions it
 * lacks when it is not an SKF library. */
SdSkfLibrary         *sd_skf_library_load          (const char    *path,
                                                    GError       **error);
const char           *sd_skf_library_get_path      (SdSkfLibrary  *self);
/* Resolved functions; the optional ones (all but device, application and
 * container enumeration, opening, PIN verification and certificate
 * export) may be NULL. */
const SdSkfFunctions *sd_skf_library_get_functions (SdSkfLibrary  *self);

/* Hold while calling into the library (recursive). */
void                  sd_skf_library_lock          (SdSkfLibrary  *self);
void                  sd_skf_library_unlock        (SdSkfLibrary  *self);

/* SKF name lists: "a\0b\0\0" */
GStrv                 sd_skf_split_name_list       (const char    *list,
                                                    gsize          size);
/* The names SKF_EnumDev (devices present), SKF_EnumApplication and
 * SKF_EnumContainer give. */
GStrv                 sd_skf_library_enum_devices  (SdSkfLibrary  *self,
                                                    GError       **error);
GStrv                 sd_skf_library_enum_applications (SdSkfLibrary *self,
                                                    DEVHANDLE      device,
                                                    GError       **error);
GStrv                 sd_skf_library_enum_containers (SdSkfLibrary *self,
                                                    HAPPLICATION   application,
                                                    GError       **error);

/* Sets @error from an SKF return value like sd_pkcs11_set_error() does */
void                  sd_skf_set_error             (GError       **error,
                                                    ULONG          rv,
                                                    const char    *format,
                                                    ...) G_GNUC_PRINTF (3, 4);
const char           *sd_skf_rv_to_string          (ULONG          rv);
gboolean              sd_skf_rv_is_removal         (ULONG          rv);

G_END_DECLS
