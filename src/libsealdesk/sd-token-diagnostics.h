/* sd-token-diagnostics.h: what the USB key stack of this machine looks
 * like, and what to do when a part is missing (the Linux side of
 * "CA客户端驱动未安装，请下载")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One run asks pcscd for its readers, loads the PKCS#11 modules registered
 * with p11-kit and those given by path or found through the CA provider
 * table, loads the SKF libraries given or found, and lists the tokens
 * each sees.  It blocks (drivers talk to keys): run it in a worker thread
 * in a GUI.
 */
#pragma once

#include <gio/gio.h>

#include "sd-ca-providers.h"
#include "sd-token.h"

G_BEGIN_DECLS

typedef enum
{
  SD_DIAG_OK,       /* works */
  SD_DIAG_INFO,     /* worth knowing */
  SD_DIAG_WARNING,  /* may stop a key from being seen */
  SD_DIAG_PROBLEM,  /* stops keys from being seen or used */
} SdDiagLevel;

typedef struct
{
  SdDiagLevel  level;
  char        *component;  /* "pcscd", "pkcs11", "skf", "ca" */
  char        *subject;    /* the service, module, library or CA it is about */
  char        *message;    /* what was seen (translated) */
  char        *next_step;  /* what to do (translated), or NULL */
} SdDiagItem;

typedef struct
{
  gboolean        registered_modules;  /* the modules registered with p11-kit */
  GStrv           modules;             /* PKCS#11 modules by path */
  GStrv           skf_libraries;       /* SKF libraries by path */
  SdCaProviders  *providers;           /* the table, or NULL */
} SdTokenSources;

typedef struct
{
  GPtrArray *items;    /* SdDiagItem *, in the order checked */
  GPtrArray *tokens;   /* SdToken *, every token seen */
  gboolean   pcscd_running;
  GStrv      readers;  /* pcscd's readers, "name" or "name (card)" */
} SdTokenDiagnostics;

SdTokenDiagnostics *sd_token_diagnostics_run   (const SdTokenSources *sources,
                                                GCancellable         *cancellable);
void                sd_token_diagnostics_free  (SdTokenDiagnostics   *diagnostics);
const char         *sd_diag_level_to_string    (SdDiagLevel           level);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdTokenDiagnostics, sd_token_diagnostics_free)

G_END_DECLS
