/* sd-id-codes.h: Chinese identity codes (USCC, organization code, resident
 * ID number) and where certificates carry them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain functions.  Codes are ASCII; the checks follow GB 32100-2015 (USCC),
 * GB 11714-1997 (organization code) and GB 11643-1999 (ID number).
 */
#pragma once

#include <glib.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

#define SD_USCC_LENGTH              18
#define SD_ORGANIZATION_CODE_LENGTH 9
#define SD_ID_NUMBER_LENGTH         18

/* TRUE for an 18-character unified social credit code whose check
 * character is right.  Upper case only. */
gboolean  sd_uscc_is_valid                  (const char  *code);
/* The organization code inside a valid USCC (characters 9–17), or NULL. */
char     *sd_uscc_get_organization_code     (const char  *uscc);

/* TRUE for a 9-character organization code ("XXXXXXXX-C" is accepted). */
gboolean  sd_organization_code_is_valid     (const char  *code);
/* The 9 characters without the dash, upper case, or NULL when invalid. */
char     *sd_organization_code_normalize    (const char  *code);

/* TRUE for an 18-character resident ID number with a real birth date and a
 * right check character (a lower-case x is accepted). */
gboolean  sd_id_number_is_valid             (const char  *id_number);
/* Upper-case copy of a valid ID number, or NULL. */
char     *sd_id_number_normalize            (const char  *id_number);
/* "110105********002X": the region and the last four characters only. */
char     *sd_id_number_mask                 (const char  *id_number);

/* TRUE when @code (a USCC, or an organization code with or without the dash)
 * names the enterprise whose USCC is @uscc: seed 004's 企业代码一致 accepts
 * either form. */
gboolean  sd_enterprise_code_matches        (const char  *uscc,
                                             const char  *code);

/**
 * SdCertificateIdentity:
 * @enterprise_code: (nullable): the USCC or, failing that, the organization
 *   code the certificate names, normalized
 * @id_number: (nullable): the resident ID number it names, upper case
 * @unique_id: (nullable): the CA's unique-ID extension (BJCA, NETCA), the
 *   number a CA prints as the certificate's service number
 *
 * What a certificate says about whom it was issued to.  CAs put these in
 * different places (subject serialNumber, O, OU, CFCA-style CN, GM/T 0015
 * and vendor extensions); every place is tried and the first value that
 * passes its check wins.
 */
typedef struct
{
  char *enterprise_code;
  char *id_number;
  char *unique_id;
} SdCertificateIdentity;

SdCertificateIdentity *sd_certificate_identity_new  (X509                  *cert);
void                   sd_certificate_identity_free (SdCertificateIdentity *identity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCertificateIdentity, sd_certificate_identity_free)

G_END_DECLS
