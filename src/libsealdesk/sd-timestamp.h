/* sd-timestamp.h: RFC 3161 timestamp tokens: checking one, and the request
 * and response a timestamp authority (TSA) speaks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-cms-verify.h"
#include "sd-trust-store.h"

G_BEGIN_DECLS

typedef struct
{
  SdCmsCheck        *cms;            /* the token's own signature */
  GDateTime         *time;           /* genTime */
  char              *authority;      /* the TSA certificate's name */
  gboolean           imprint_known;
  SdDigestAlgorithm  imprint_digest; /* how the stamped data was hashed */
  GBytes            *imprint;        /* the hash the TSA stamped */

  /* What sd_timestamp_check_verify() found */
  gboolean           valid;          /* the token is intact and stamps the data */
  SdTrustStatus      trust;          /* the TSA's certificate at the stamped time */
  char              *trust_detail;
  GPtrArray         *problems;       /* translated sentences */
} SdTimestampCheck;

/* Parses a TimeStampToken (a CMS SignedData over a TSTInfo). */
SdTimestampCheck *sd_timestamp_check_new    (GBytes            *token,
                                             GError           **error);
/* Checks that the token stamps @data_hash (the stamped data hashed with
 * check->imprint_digest), that its signature verifies and that the TSA's
 * certificate chains to @trust (NULL: not checked). */
void              sd_timestamp_check_verify (SdTimestampCheck  *check,
                                             GBytes            *data_hash,
                                             SdTrustStore      *trust);
void              sd_timestamp_check_free   (SdTimestampCheck  *check);

/* A DER TimeStampReq for @data_hash with a random nonce (returned in
 * @nonce), asking for the TSA's certificate. */
GBytes           *sd_timestamp_request_new  (SdDigestAlgorithm  digest,
                                             GBytes            *data_hash,
                                             guint64           *nonce,
                                             GError           **error);
/* The token of a DER TimeStampResp, after checking that it was granted
 * and stamps @data_hash with @nonce. */
GBytes           *sd_timestamp_response_get_token (GBytes      *response,
                                             GBytes            *data_hash,
                                             guint64            nonce,
                                             GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTimestampCheck, sd_timestamp_check_free)

G_END_DECLS
