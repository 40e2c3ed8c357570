/* sd-pcsc-monitor.h: smart card readers and cards coming and going, from
 * pcscd
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A worker thread waits in SCardGetStatusChange() (no polling of the card)
 * on every reader and on the \\?PnP?\Notification pseudo-reader, and the
 * changes are delivered as signals on the main context that was the
 * thread-default one when the monitor was started.  When pcscd is not
 * running, stops or restarts, the readers are reported gone, the state
 * becomes SD_PCSC_STATE_NO_SERVICE and the monitor tries again with a
 * growing pause (up to 2 s) until pcscd answers.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SD_PCSC_STATE_STOPPED,     /* not started, or stopped */
  SD_PCSC_STATE_CONNECTING,  /* started, pcscd not asked yet */
  SD_PCSC_STATE_RUNNING,     /* pcscd answers; readers and cards are known */
  SD_PCSC_STATE_NO_SERVICE,  /* pcscd is not running or stopped answering */
} SdPcscState;

#define SD_TYPE_PCSC_STATE (sd_pcsc_state_get_type ())
GType sd_pcsc_state_get_type (void);

#define SD_TYPE_PCSC_MONITOR (sd_pcsc_monitor_get_type ())
G_DECLARE_FINAL_TYPE (SdPcscMonitor, sd_pcsc_monitor, SD, PCSC_MONITOR, GObject)

/* Signals (on the main context):
 *   reader-added   (const char *reader)
 *   reader-removed (const char *reader)
 *   card-inserted  (const char *reader, GBytes *atr)
 *   card-removed   (const char *reader)
 * and notify::state. */

SdPcscMonitor *sd_pcsc_monitor_new             (void);
void           sd_pcsc_monitor_start           (SdPcscMonitor *self);
/* Stops the worker thread and waits for it; no signal is emitted after. */
void           sd_pcsc_monitor_stop            (SdPcscMonitor *self);

SdPcscState    sd_pcsc_monitor_get_state       (SdPcscMonitor *self);
/* The readers known on the main context, sorted */
GStrv          sd_pcsc_monitor_get_readers     (SdPcscMonitor *self);
gboolean       sd_pcsc_monitor_has_card        (SdPcscMonitor *self,
                                                const char    *reader);
/* What the state means for the user, with the next step (translated) */
char          *sd_pcsc_monitor_describe_state  (SdPcscMonitor *self);

/* One look at pcscd without a monitor: FALSE (with the reason in
 * @problem, untranslated, from pcsc-lite) when it does not answer; else
 * the readers, and in @cards whether each holds a card. */
gboolean       sd_pcsc_snapshot                (GStrv         *readers,
                                                GArray       **cards,
                                                char         **problem);

G_END_DECLS
