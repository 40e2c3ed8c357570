/* sd-test-token.h: a private SoftHSM2 token, or a software SKF one, for
 * the GUI tests, holding certificates that the demo platform binds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The token lives in a directory of the test's work_dir: SOFTHSM2_CONF
 * points at a configuration there (set by sd_test_token_new, before any
 * PKCS#11 module is loaded), and the app finds SoftHSM's module through the
 * pkcs11-modules GSettings key (sd_test_token_register).  The token is
 * prepared in a staging directory and "inserted" in one rename, so a key
 * chooser that is already looking sees it appear whole.
 *
 * Keys and certificates are made with the openssl tool in work_dir
 * (make_leaf_of of test-platform-server.h) by a test CA of their own, and
 * written with softhsm2-util and pkcs11-tool.  SoftHSM never locks a PIN:
 * after a wrong one it only says that tries are running low.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SD_TEST_TOKEN_PIN "123456"

/* The demo enterprise's 统一社会信用代码 (sealdesk-platform --demo) and
 * another valid one */
#define SD_TEST_DEMO_USCC  "91350100M000100Y43"
#define SD_TEST_OTHER_USCC "91440101MA5C44W11J"

typedef struct _SdTestToken SdTestToken;

/* SoftHSM's module, or NULL when SoftHSM2 or the tools are not installed
 * (the test then says so and fails) */
const char  *sd_test_token_module        (void);

/* An empty token labelled @label, not inserted yet.  Sets SOFTHSM2_CONF. */
SdTestToken *sd_test_token_new           (const char  *label);
const char  *sd_test_token_get_label     (SdTestToken *self);

/* Makes work_dir/NAME.key and NAME.crt: a certificate of the fixture's CA
 * for @common_name, naming the enterprise @uscc (in serialNumber and O)
 * and the person @id_number (GM/T 0015 extension); either may be NULL.
 * With @encryption its key usage is for encryption only. */
void         sd_test_token_make_certificate (const char  *name,
                                             const char  *common_name,
                                             const char  *uscc,
                                             const char  *id_number,
                                             gboolean     encryption);
/* Writes work_dir/NAME.key and NAME.crt to the token as a key pair and
 * certificate with CKA_ID @id (hex) and @label.  Before inserting. */
void         sd_test_token_add           (SdTestToken *self,
                                          const char  *id,
                                          const char  *name,
                                          const char  *label);
/* The token appears in SoftHSM's slots. */
void         sd_test_token_insert        (SdTestToken *self);

/* Lists SoftHSM's module in the app's pkcs11-modules key. */
void         sd_test_token_register      (void);

/* The software SKF token (src/skf-soft): its library in the build tree,
 * or NULL when it or sdskf-soft-admin is not built */
const char  *sd_test_token_skf_library   (void);
/* A software SKF key @label (device @device), made with sdskf-soft-admin:
 * application SealDesk whose PIN SD_TEST_TOKEN_PIN allows @tries wrong
 * tries, container 签名容器 with an SM2 signing and an SM2 encryption
 * certificate of the fixture's CA for @common_name, naming @uscc and
 * @id_number as sd_test_token_make_certificate does.  Keys of one test
 * share a store (SDSKF_SOFT_DIR, set here for the app's library);
 * sd_test_token_insert puts this one in it, sd_test_token_free takes it
 * out. */
SdTestToken *sd_test_token_new_skf       (const char  *device,
                                          const char  *label,
                                          const char  *common_name,
                                          const char  *uscc,
                                          const char  *id_number,
                                          guint        tries);
/* Lists the software SKF library in the app's skf-libraries key. */
void         sd_test_token_register_skf  (void);

/* Removes the token's files and frees @self. */
void         sd_test_token_free          (SdTestToken *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTestToken, sd_test_token_free)

G_END_DECLS
