/* sd-page-set.h: page sets as people write them: "1-3,7", "all", "odd",
 * "even", "last", "2-last"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The pages @spec names in a document of @n_pages, as indexes from 0,
 * sorted, each once (a guint array).  Pages past the end are an error that
 * says how many pages there are. */
GArray *sd_page_set_parse (const char  *spec,
                           guint        n_pages,
                           GError     **error);

G_END_DECLS
