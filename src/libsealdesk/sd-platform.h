/* sd-platform.h: the platform client in one include
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sd-platform-account.h"
#include "sd-platform-audit-entry.h"
#include "sd-platform-binding.h"
#include "sd-platform-client.h"
#include "sd-platform-client-accounts.h"
#include "sd-platform-client-certificates.h"
#include "sd-platform-client-roles.h"
#include "sd-platform-client-seals.h"
#include "sd-platform-enterprise.h"
#include "sd-platform-enums.h"
#include "sd-platform-error.h"
#include "sd-platform-grant.h"
#include "sd-platform-list-model.h"
#include "sd-platform-permission.h"
#include "sd-platform-role.h"
#include "sd-platform-seal.h"
#include "sd-platform-session.h"
#include "sd-platform-usage-queue.h"
#include "sd-platform-usage-record.h"
