/* sd-pkcs11-module.h: a loaded and initialised PKCS#11 module
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Modules come from p11-kit's registry (the .module files that drivers
 * install) or from a path the user gives.  One module object exists per
 * library in the process, so a module is initialised once however many
 * parts of the program use it, and finalised when the last user lets go.
 */
#pragma once

/* The lower-case PKCS#11 names: the compatibility names of p11-kit's header
 * are macros (value, count, params…) that would rename our identifiers. */
#ifndef CRYPTOKI_GNU
#define CRYPTOKI_GNU 1
#endif
#include <p11-kit/p11-kit.h>
#include <p11-kit/uri.h>

#include <gio/gio.h>

G_BEGIN_DECLS

#define SD_TYPE_PKCS11_MODULE (sd_pkcs11_module_get_type ())
G_DECLARE_FINAL_TYPE (SdPkcs11Module, sd_pkcs11_module, SD, PKCS11_MODULE, GObject)

/* Every module registered with p11-kit, except trust stores (they hold no
 * keys).  A module that fails to load is skipped and reported in @failures
 * (if not NULL, an array of strings) as one translated line each. */
GPtrArray             *sd_pkcs11_module_load_registered  (GPtrArray         *failures,
                                                          GError           **error);
/* The module at @path (a library file name, or a name the dynamic linker
 * finds), loaded and initialised, or the one already loaded from there. */
SdPkcs11Module        *sd_pkcs11_module_load             (const char        *path,
                                                          GError           **error);

const char            *sd_pkcs11_module_get_path         (SdPkcs11Module    *self);
/* p11-kit's name for a registered module, else the file's base name */
const char            *sd_pkcs11_module_get_name         (SdPkcs11Module    *self);
const char            *sd_pkcs11_module_get_description  (SdPkcs11Module    *self);
const char            *sd_pkcs11_module_get_manufacturer (SdPkcs11Module    *self);
gboolean               sd_pkcs11_module_is_registered    (SdPkcs11Module    *self);
struct ck_function_list *sd_pkcs11_module_get_functions  (SdPkcs11Module    *self);

/* Slots, with a token present only if @token_present. */
GArray                *sd_pkcs11_module_get_slots        (SdPkcs11Module    *self,
                                                          gboolean           token_present,
                                                          GError           **error);

/* Sets @error from a PKCS#11 return value: the formatted context, then what
 * the value means for the user.  Removal and session loss are
 * SD_ERROR_TOKEN_REMOVED, PIN problems SD_ERROR_BAD_PASSWORD or
 * SD_ERROR_PIN_LOCKED, the rest SD_ERROR_TOKEN. */
void                   sd_pkcs11_set_error               (GError           **error,
                                                          ck_rv_t            rv,
                                                          const char        *format,
                                                          ...) G_GNUC_PRINTF (3, 4);
/* The CKR_ name of @rv, for logs and messages */
const char            *sd_pkcs11_rv_to_string            (ck_rv_t            rv);
/* TRUE for the return values that mean the token or its session is gone */
gboolean               sd_pkcs11_rv_is_removal           (ck_rv_t            rv);

/* A fixed-width, blank-padded PKCS#11 text field as a UTF-8 string */
char                  *sd_pkcs11_field_to_string         (const unsigned char *field,
                                                          gsize                length);

G_END_DECLS
