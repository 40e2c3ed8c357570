/* sd-error.h: the error domain of libsealdesk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SD_ERROR (sd_error_quark ())

/**
 * SdError:
 * Failures that cross the library boundary.  Messages are translated and
 * say what is wrong and what the user can do about it.
 */
typedef enum
{
  SD_ERROR_FAILED,
  SD_ERROR_INVALID_ARGUMENT,   /* the caller asked for something impossible */
  SD_ERROR_IO,                 /* reading or writing a file failed */
  SD_ERROR_EXISTS,             /* the output exists and overwriting was not asked for */
  SD_ERROR_PDF_DAMAGED,        /* the PDF cannot be read, even by reconstruction */
  SD_ERROR_PDF_UNSUPPORTED,    /* valid PDF using something we do not handle */
  SD_ERROR_PDF_ENCRYPTED,      /* encrypted documents are refused */
  SD_ERROR_PDF_LOCKED,         /* a certification signature forbids changes */
  SD_ERROR_BAD_PASSWORD,       /* key file password or PIN is wrong */
  SD_ERROR_KEY,                /* key or certificate unusable for the request */
  SD_ERROR_IMAGE,              /* the seal image cannot be used */
  SD_ERROR_BAD_SIGNATURE,      /* a signature does not verify with its key */
  SD_ERROR_PIN_LOCKED,         /* the token's PIN is blocked: no further attempts */
  SD_ERROR_TOKEN_REMOVED,      /* the key or card was removed (or reset) during the operation */
  SD_ERROR_TOKEN,              /* the token or its driver failed */
  SD_ERROR_NOT_FOUND,          /* no token, key or certificate matches the request */
} SdError;

GQuark sd_error_quark (void);

G_END_DECLS
