/* sd-poppler-private.h: g_autoptr for poppler-glib types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * poppler-glib 22.12 (Debian 12) declares none; include this instead of
 * defining them elsewhere, or two definitions will clash.
 */
#pragma once

#include <poppler.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
