/* fuzz-pdf-verify.c: libFuzzer target for the verifier
 *
 * A PDF input goes through the whole verification (byte ranges, /Contents,
 * revisions and change analysis, CMS); anything else is taken as a CMS
 * blob and as a timestamp token, as /Contents would hand them over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "sd-cms-verify.h"
#include "sd-pdf-verify.h"
#include "sd-timestamp.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
log_nothing (const char     *domain,
             GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  /* No roots, not even the system's: nothing is read from disk. */
  g_autoptr(SdTrustStore) trust = sd_trust_store_new (FALSE);

  g_log_set_default_handler (log_nothing, NULL);
  if (size >= 5 && memcmp (data, "%PDF-", 5) == 0)
    {
      g_autoptr(SdPdfDocument) doc = sd_pdf_document_new_from_bytes (bytes, "fuzz.pdf", NULL);
      /* Offline: fuzzed certificates must not make it fetch anything. */
      g_autoptr(SdVerifyReport) report = doc ? sd_pdf_verify_document_with_flags (
                                                 doc, trust, SD_VERIFY_OFFLINE, NULL, NULL)
                                             : NULL;

      return 0;
    }
  {
    g_autoptr(SdCmsCheck) cms = sd_cms_check_new (data, size, NULL);
    g_autoptr(SdTimestampCheck) ts = sd_timestamp_check_new (bytes, NULL);
    g_autoptr(GBytes) digest = g_bytes_new_static (data, MIN (size, 32));

    if (cms != NULL)
      sd_cms_check_verify (cms, digest);
    if (ts != NULL)
      sd_timestamp_check_verify (ts, digest, trust);
  }
  return 0;
}
