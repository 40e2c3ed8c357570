/* sd-token-certificate.h: a certificate found on a USB key, and whether it
 * can sign
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Chinese keys carry a signing and an encryption certificate; only the
 * signing one may sign documents, bind accounts or log in (seed 003:
 * "请选择 数字签名 的证书类型").  The other is listed with the reason.
 */
#pragma once

#include <glib.h>

#include "sd-signer.h"

G_BEGIN_DECLS

typedef enum
{
  SD_CERT_USAGE_SIGNING,     /* keyUsage digitalSignature / nonRepudiation, or none */
  SD_CERT_USAGE_ENCRYPTION,  /* keyUsage for encryption or key agreement only */
  SD_CERT_USAGE_CA,          /* an issuer's certificate kept on the key */
} SdCertUsage;

/* Whom the certificate names (seed 003: 机构证书 / 个人 / 机构员工证书) */
typedef enum
{
  SD_CERT_HOLDER_UNKNOWN,
  SD_CERT_HOLDER_ORGANIZATION,  /* an enterprise code, no person */
  SD_CERT_HOLDER_PERSON,        /* an ID number, no organisation */
  SD_CERT_HOLDER_EMPLOYEE,      /* a person of an organisation */
} SdCertHolder;

typedef enum
{
  SD_PRIVATE_KEY_PRESENT,
  SD_PRIVATE_KEY_ABSENT,
  SD_PRIVATE_KEY_UNKNOWN,    /* private objects are hidden until the PIN is entered */
} SdPrivateKeyPresence;

typedef struct
{
  GBytes               *der;
  char                 *key_id;       /* what selects the key: hex CKA_ID, SKF container */
  char                 *label;        /* the token's label for it, may be empty */
  char                 *subject;      /* one-line text */
  char                 *issuer;
  char                 *ca_provider;  /* CA服务商: the issuer's O, else its CN, as the platform says */
  char                 *common_name;  /* may be NULL */
  char                 *organization; /* O, may be NULL */
  char                 *enterprise_code;  /* USCC or organization code, checked; may be NULL */
  char                 *id_number_masked; /* "110105********002X", may be NULL */
  char                 *person_name;  /* 姓名 of a personal or employee certificate, may be NULL */
  SdCertHolder          holder;
  char                 *serial_hex;
  GDateTime            *not_before;
  GDateTime            *not_after;
  SdKeyType             key_type;
  guint                 key_bits;
  SdCertUsage           usage;
  SdPrivateKeyPresence  private_key;
  gboolean              can_sign;
  char                 *reason;       /* why it cannot sign (translated); NULL if it can */
  char                 *uri;          /* selects it: pkcs11: (RFC 7512) or skf: URI */
} SdTokenCertificate;

/* Reads @der and decides whether it can sign.  @encryption_slot is TRUE for
 * a certificate the key keeps as its encryption certificate (SKF), which
 * never signs whatever its keyUsage says. */
SdTokenCertificate *sd_token_certificate_new   (GBytes               *der,
                                                const char           *key_id,
                                                const char           *label,
                                                SdPrivateKeyPresence  private_key,
                                                gboolean              encryption_slot,
                                                GError              **error);
void                sd_token_certificate_free  (SdTokenCertificate   *cert);

/* The translated name of a usage, for listings */
const char         *sd_cert_usage_to_string    (SdCertUsage           usage);
/* The translated name of a holder kind (机构证书…) */
const char         *sd_cert_holder_to_string   (SdCertHolder          holder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTokenCertificate, sd_token_certificate_free)

G_END_DECLS
