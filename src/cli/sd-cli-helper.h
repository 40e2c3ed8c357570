/* sd-cli-helper.h: the programs behind the commands that load cairo,
 * pango or poppler
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The helper program @name (e.g. "sealdesk-cli-make-seal") beside this one
 * (a build tree, or an installation that keeps them together), else the
 * installed one in LIBEXECDIR. */
char *sd_cli_helper_path (const char *name);

G_END_DECLS
