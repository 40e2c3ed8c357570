/* sd-platform-demo.h: the demo enterprise of --demo (seed 000's shape)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-platform-request.h"
#include "sd-secure.h"

G_BEGIN_DECLS

#define SD_PLATFORM_DEMO_LOGIN "zirol"

/* Creates, once, the enterprise 某某科技有限公司 with its main account zirol
 * (超级管理员 + 质量负责人, an organization and an employee certificate
 * bound), the sub-accounts you (有) and mu (木), and three seals granted to
 * zirol; the demo CA, certificates and keys go to DATA_DIR/demo/.  Returns
 * zirol's password: new on every start, since only its hash is kept. */
SdSecret *sd_platform_demo_create (const SdPlatformConfig  *config,
                                   const char              *data_dir,
                                   GError                 **error);

G_END_DECLS
