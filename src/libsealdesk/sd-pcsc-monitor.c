/* sd-pcsc-monitor.c: smart card readers and cards coming and going
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <winscard.h>

#include "sd-pcsc-monitor.h"

#define PNP_READER "\\\\?PnP?\\Notification"
/* Pauses between attempts to reach pcscd */
#define FIRST_PAUSE_US (250 * G_TIME_SPAN_MILLISECOND)
#define LONGEST_PAUSE_US (2 * G_TIME_SPAN_SECOND)
/* Without PnP notifications the reader list is read again this often */
#define RELIST_WITHOUT_PNP_MS 1000

G_DEFINE_ENUM_TYPE (SdPcscState, sd_pcsc_state,
                    G_DEFINE_ENUM_VALUE (SD_PCSC_STATE_STOPPED, "stopped"),
                    G_DEFINE_ENUM_VALUE (SD_PCSC_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (SD_PCSC_STATE_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (SD_PCSC_STATE_NO_SERVICE, "no-service"))

struct _SdPcscMonitor
{
  GObject        parent_instance;

  /* Shared with the worker, under lock */
  GMutex         lock;
  GCond          cond;
  gboolean       stopping;
  gboolean       exited;
  gboolean       has_context;
  SCARDCONTEXT   pcsc;

  /* The main context's side */
  GMainContext  *context;
  GThread       *thread;
  guint          generation;  /* events of an earlier run are dropped */
  SdPcscState    state;
  GHashTable    *readers;     /* name → ATR (GBytes) of the card in it, or a 0-byte GBytes */
};

G_DEFINE_FINAL_TYPE (SdPcscMonitor, sd_pcsc_monitor, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  N_PROPS
};

enum
{
  READER_ADDED,
  READER_REMOVED,
  CARD_INSERTED,
  CARD_REMOVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Events, from the worker to the main context */

typedef enum
{
  EVENT_STATE,
  EVENT_READER_ADDED,
  EVENT_READER_REMOVED,
  EVENT_CARD_INSERTED,
  EVENT_CARD_REMOVED,
} EventKind;

typedef struct
{
  SdPcscMonitor *monitor;
  guint          generation;
  EventKind      kind;
  SdPcscState    state;
  char          *reader;
  GBytes        *atr;
} Event;

static void
event_free (gpointer data)
{
  Event *event = data;

  g_object_unref (event->monitor);
  g_free (event->reader);
  g_clear_pointer (&event->atr, g_bytes_unref);
  g_free (event);
}

static gboolean
deliver (gpointer data)
{
  Event *event = data;
  SdPcscMonitor *self = event->monitor;

  if (event->generation != self->generation)
    return G_SOURCE_REMOVE;

  switch (event->kind)
    {
    case EVENT_STATE:
      if (self->state != event->state)
        {
          self->state = event->state;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
        }
      break;
    case EVENT_READER_ADDED:
      g_hash_table_replace (self->readers, g_strdup (event->reader), g_bytes_new (NULL, 0));
      g_signal_emit (self, signals[READER_ADDED], 0, event->reader);
      break;
    case EVENT_READER_REMOVED:
      g_hash_table_remove (self->readers, event->reader);
      g_signal_emit (self, signals[READER_REMOVED], 0, event->reader);
      break;
    case EVENT_CARD_INSERTED:
      g_hash_table_replace (self->readers, g_strdup (event->reader), g_bytes_ref (event->atr));
      g_signal_emit (self, signals[CARD_INSERTED], 0, event->reader, event->atr);
      break;
    case EVENT_CARD_REMOVED:
      if (g_hash_table_contains (self->readers, event->reader))
        g_hash_table_replace (self->readers, g_strdup (event->reader), g_bytes_new (NULL, 0));
      g_signal_emit (self, signals[CARD_REMOVED], 0, event->reader);
      break;
    default:
      break;
    }
  return G_SOURCE_REMOVE;
}

/* Called from the worker; @generation is the run the worker belongs to. */
static void
post (SdPcscMonitor *self,
      guint          generation,
      EventKind      kind,
      SdPcscState    state,
      const char    *reader,
      GBytes        *atr)
{
  Event *event = g_new0 (Event, 1);

  event->monitor = g_object_ref (self);
  event->generation = generation;
  event->kind = kind;
  event->state = state;
  event->reader = g_strdup (reader);
  event->atr = atr != NULL ? g_bytes_ref (atr) : NULL;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, deliver, event, event_free);
}

/* The worker */

typedef struct
{
  SdPcscMonitor *self;
  guint          generation;
  GHashTable    *known;  /* name → ReaderState */
} Worker;

typedef struct
{
  DWORD    state;  /* what pcscd last said, event counter included */
  gboolean card;
} ReaderState;

static gboolean
is_stopping (SdPcscMonitor *self)
{
  gboolean stopping;

  g_mutex_lock (&self->lock);
  stopping = self->stopping;
  g_mutex_unlock (&self->lock);
  return stopping;
}

/* Sleeps @pause µs unless asked to stop; TRUE when stopping. */
static gboolean
pause_or_stop (SdPcscMonitor *self,
               gint64         pause)
{
  gint64 end = g_get_monotonic_time () + pause;
  gboolean stopping;

  g_mutex_lock (&self->lock);
  while (!self->stopping && g_cond_wait_until (&self->cond, &self->lock, end))
    ;
  stopping = self->stopping;
  g_mutex_unlock (&self->lock);
  return stopping;
}

static void
forget_reader (Worker     *w,
               const char *name)
{
  ReaderState *reader = g_hash_table_lookup (w->known, name);

  if (reader != NULL && reader->card)
    post (w->self, w->generation, EVENT_CARD_REMOVED, 0, name, NULL);
  post (w->self, w->generation, EVENT_READER_REMOVED, 0, name, NULL);
  g_hash_table_remove (w->known, name);
}

static void
forget_all (Worker *w)
{
  g_autofree char **names = (char **) g_hash_table_get_keys_as_array (w->known, NULL);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *name = g_strdup (names[i]);

      forget_reader (w, name);
    }
}

/* Brings the known readers in line with pcscd's list. */
static LONG
relist (Worker       *w,
        SCARDCONTEXT  pcsc)
{
  g_autofree char *list = NULL;
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char **known = NULL;
  DWORD size = 0;
  LONG rv;

  rv = SCardListReaders (pcsc, NULL, NULL, &size);
  if (rv == SCARD_S_SUCCESS && size > 0)
    {
      list = g_malloc0 (size + 1);
      rv = SCardListReaders (pcsc, NULL, list, &size);
    }
  if (rv == SCARD_E_NO_READERS_AVAILABLE)
    rv = SCARD_S_SUCCESS;
  if (rv != SCARD_S_SUCCESS)
    return rv;

  for (const char *name = list; name != NULL && *name != '\0'; name += strlen (name) + 1)
    {
      g_hash_table_add (present, (gpointer) name);
      if (!g_hash_table_contains (w->known, name))
        {
          ReaderState *reader = g_new0 (ReaderState, 1);

          reader->state = SCARD_STATE_UNAWARE;
          g_hash_table_insert (w->known, g_strdup (name), reader);
          post (w->self, w->generation, EVENT_READER_ADDED, 0, name, NULL);
        }
    }
  known = (char **) g_hash_table_get_keys_as_array (w->known, NULL);
  for (guint i = 0; known[i] != NULL; i++)
    if (!g_hash_table_contains (present, known[i]))
      {
        g_autofree char *name = g_strdup (known[i]);

        forget_reader (w, name);
      }
  return SCARD_S_SUCCESS;
}

/* Reports what changed in one reader; FALSE if the reader is gone. */
static gboolean
reader_changed (Worker                  *w,
                const char              *name,
                const SCARD_READERSTATE *state)
{
  ReaderState *reader = g_hash_table_lookup (w->known, name);
  DWORD event = state->dwEventState;
  gboolean card;

  if (event & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE))
    return FALSE;
  card = (event & SCARD_STATE_PRESENT) != 0;

  /* The upper half counts card events: a card pulled out and put back
   * while we were not waiting shows as a new count. */
  if (reader->card && card && (event >> 16) != (reader->state >> 16)
      && reader->state != SCARD_STATE_UNAWARE)
    {
      post (w->self, w->generation, EVENT_CARD_REMOVED, 0, name, NULL);
      reader->card = FALSE;
    }
  if (card && !reader->card)
    {
      g_autoptr(GBytes) atr = g_bytes_new (state->rgbAtr, MIN (state->cbAtr, MAX_ATR_SIZE));

      post (w->self, w->generation, EVENT_CARD_INSERTED, 0, name, atr);
    }
  else if (!card && reader->card)
    post (w->self, w->generation, EVENT_CARD_REMOVED, 0, name, NULL);
  reader->card = card;
  reader->state = event & ~SCARD_STATE_CHANGED;
  return TRUE;
}

/* Waits for changes until pcscd goes away (its error) or we are stopped
 * (SCARD_E_CANCELLED). */
static LONG
watch (Worker       *w,
       SCARDCONTEXT  pcsc)
{
  gboolean need_list = TRUE;
  gboolean pnp = TRUE;
  DWORD pnp_state = SCARD_STATE_UNAWARE;

  for (;;)
    {
      g_autofree SCARD_READERSTATE *states = NULL;
      g_autofree char **names = NULL;
      guint n_readers, n;
      DWORD timeout;
      LONG rv;

      if (need_list)
        {
          rv = relist (w, pcsc);
          if (rv != SCARD_S_SUCCESS)
            return rv;
          need_list = FALSE;
        }

      names = (char **) g_hash_table_get_keys_as_array (w->known, &n_readers);
      n = n_readers + (pnp ? 1 : 0);
      states = g_new0 (SCARD_READERSTATE, MAX (n, 1));
      for (guint i = 0; i < n_readers; i++)
        {
          ReaderState *reader = g_hash_table_lookup (w->known, names[i]);

          states[i].szReader = names[i];
          states[i].dwCurrentState = reader->state;
        }
      if (pnp)
        {
          states[n_readers].szReader = PNP_READER;
          states[n_readers].dwCurrentState = pnp_state;
        }
      timeout = pnp ? INFINITE : RELIST_WITHOUT_PNP_MS;

      if (is_stopping (w->self))
        return SCARD_E_CANCELLED;
      rv = SCardGetStatusChange (pcsc, timeout, states, n);
      if (rv == SCARD_E_TIMEOUT)
        {
          need_list = !pnp;
          continue;
        }
      if (rv == SCARD_E_UNKNOWN_READER || rv == SCARD_E_READER_UNAVAILABLE)
        {
          /* A reader went between listing and waiting */
          need_list = TRUE;
          continue;
        }
      if (rv != SCARD_S_SUCCESS)
        return rv;

      for (guint i = 0; i < n_readers; i++)
        if ((states[i].dwEventState & SCARD_STATE_CHANGED)
            && !reader_changed (w, names[i], &states[i]))
          need_list = TRUE;

      if (pnp)
        {
          DWORD event = states[n_readers].dwEventState;

          if (event & SCARD_STATE_UNKNOWN)
            {
              g_debug ("pcscd gives no reader notifications; reading the list every %d ms",
                       RELIST_WITHOUT_PNP_MS);
              pnp = FALSE;
            }
          else if (event & SCARD_STATE_CHANGED)
            {
              need_list = TRUE;
              pnp_state = event & ~SCARD_STATE_CHANGED;
            }
        }
    }
}

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  SdPcscMonitor *self = w->self;
  gint64 pause = 0;
  SdPcscState reported = SD_PCSC_STATE_CONNECTING;

  for (;;)
    {
      SCARDCONTEXT pcsc = 0;
      LONG rv;

      if (pause_or_stop (self, pause))
        break;

      rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &pcsc);
      if (rv == SCARD_S_SUCCESS)
        {
          g_mutex_lock (&self->lock);
          if (!self->stopping)
            {
              self->pcsc = pcsc;
              self->has_context = TRUE;
            }
          g_mutex_unlock (&self->lock);
          if (!self->has_context)
            {
              SCardReleaseContext (pcsc);
              break;
            }

          if (reported != SD_PCSC_STATE_RUNNING)
            post (self, w->generation, EVENT_STATE, SD_PCSC_STATE_RUNNING, NULL, NULL);
          reported = SD_PCSC_STATE_RUNNING;
          pause = 0;
          rv = watch (w, pcsc);

          g_mutex_lock (&self->lock);
          self->has_context = FALSE;
          g_mutex_unlock (&self->lock);
          SCardReleaseContext (pcsc);
          if (rv == SCARD_E_CANCELLED && is_stopping (self))
            break;
          g_debug ("pcscd stopped answering: %s", pcsc_stringify_error (rv));
        }
      else
        {
          g_debug ("pcscd does not answer: %s", pcsc_stringify_error (rv));
        }

      /* pcscd is gone (or never came): nothing it said holds any more */
      forget_all (w);
      if (reported != SD_PCSC_STATE_NO_SERVICE)
        post (self, w->generation, EVENT_STATE, SD_PCSC_STATE_NO_SERVICE, NULL, NULL);
      reported = SD_PCSC_STATE_NO_SERVICE;
      pause = pause == 0 ? FIRST_PAUSE_US : MIN (pause * 2, LONGEST_PAUSE_US);
    }

  g_mutex_lock (&self->lock);
  self->exited = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  g_hash_table_unref (w->known);
  g_free (w);
  return NULL;
}

/* The object */

static void
sd_pcsc_monitor_dispose (GObject *object)
{
  sd_pcsc_monitor_stop (SD_PCSC_MONITOR (object));
  G_OBJECT_CLASS (sd_pcsc_monitor_parent_class)->dispose (object);
}

static void
sd_pcsc_monitor_finalize (GObject *object)
{
  SdPcscMonitor *self = SD_PCSC_MONITOR (object);

  g_hash_table_unref (self->readers);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (sd_pcsc_monitor_parent_class)->finalize (object);
}

static void
sd_pcsc_monitor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SdPcscMonitor *self = SD_PCSC_MONITOR (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sd_pcsc_monitor_class_init (SdPcscMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sd_pcsc_monitor_dispose;
  object_class->finalize = sd_pcsc_monitor_finalize;
  object_class->get_property = sd_pcsc_monitor_get_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, SD_TYPE_PCSC_STATE,
                                              SD_PCSC_STATE_STOPPED,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS
                                              | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[READER_ADDED] = g_signal_new ("reader-added", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_STRING);
  signals[READER_REMOVED] = g_signal_new ("reader-removed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          G_TYPE_STRING);
  signals[CARD_INSERTED] = g_signal_new ("card-inserted", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                         G_TYPE_STRING, G_TYPE_BYTES);
  signals[CARD_REMOVED] = g_signal_new ("card-removed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                        G_TYPE_STRING);
}

static void
sd_pcsc_monitor_init (SdPcscMonitor *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->readers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_bytes_unref);
}

SdPcscMonitor *
sd_pcsc_monitor_new (void)
{
  return g_object_new (SD_TYPE_PCSC_MONITOR, NULL);
}

void
sd_pcsc_monitor_start (SdPcscMonitor *self)
{
  Worker *w;

  g_return_if_fail (SD_IS_PCSC_MONITOR (self));

  if (self->thread != NULL)
    return;

  self->context = g_main_context_ref_thread_default ();
  self->stopping = FALSE;
  self->exited = FALSE;
  self->state = SD_PCSC_STATE_CONNECTING;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);

  w = g_new0 (Worker, 1);
  w->self = self;
  w->generation = self->generation;
  w->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->thread = g_thread_new ("sd-pcsc-monitor", worker_main, w);
}

void
sd_pcsc_monitor_stop (SdPcscMonitor *self)
{
  g_return_if_fail (SD_IS_PCSC_MONITOR (self));

  if (self->thread == NULL)
    return;

  /* SCardCancel() wakes a SCardGetStatusChange() in progress; one sent
   * just before the worker starts waiting would be lost, so keep at it
   * until the worker is out. */
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_broadcast (&self->cond);
  while (!self->exited)
    {
      if (self->has_context)
        SCardCancel (self->pcsc);
      g_cond_wait_until (&self->cond, &self->lock,
                         g_get_monotonic_time () + 100 * G_TIME_SPAN_MILLISECOND);
    }
  g_mutex_unlock (&self->lock);

  g_thread_join (self->thread);
  self->thread = NULL;
  self->generation++;
  g_hash_table_remove_all (self->readers);
  g_clear_pointer (&self->context, g_main_context_unref);
  if (self->state != SD_PCSC_STATE_STOPPED)
    {
      self->state = SD_PCSC_STATE_STOPPED;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

SdPcscState
sd_pcsc_monitor_get_state (SdPcscMonitor *self)
{
  g_return_val_if_fail (SD_IS_PCSC_MONITOR (self), SD_PCSC_STATE_STOPPED);
  return self->state;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(char * const *) a, *(char * const *) b);
}

GStrv
sd_pcsc_monitor_get_readers (SdPcscMonitor *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer name;

  g_return_val_if_fail (SD_IS_PCSC_MONITOR (self), NULL);

  g_hash_table_iter_init (&iter, self->readers);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

gboolean
sd_pcsc_monitor_has_card (SdPcscMonitor *self,
                          const char    *reader)
{
  GBytes *atr;

  g_return_val_if_fail (SD_IS_PCSC_MONITOR (self), FALSE);

  atr = g_hash_table_lookup (self->readers, reader);
  return atr != NULL && g_bytes_get_size (atr) > 0;
}

char *
sd_pcsc_monitor_describe_state (SdPcscMonitor *self)
{
  guint n;

  g_return_val_if_fail (SD_IS_PCSC_MONITOR (self), NULL);

  switch (self->state)
    {
    case SD_PCSC_STATE_STOPPED:
      return g_strdup (_("Not watching card readers."));
    case SD_PCSC_STATE_CONNECTING:
      return g_strdup (_("Asking the smart card service (pcscd) for the card readers…"));
    case SD_PCSC_STATE_NO_SERVICE:
      return g_strdup (_("The smart card service (pcscd) is not running, so USB keys and card "
                         "readers cannot be seen: start it with “sudo systemctl start "
                         "pcscd.socket” (or run “sudo pcscd”); SealDesk keeps trying."));
    case SD_PCSC_STATE_RUNNING:
      n = g_hash_table_size (self->readers);
      if (n == 0)
        return g_strdup (_("No card reader or USB key is plugged in."));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u card reader or USB key is "
                                           "plugged in.", "%u card readers or USB keys are "
                                           "plugged in.", n), n);
    default:
      return g_strdup ("");
    }
}

gboolean
sd_pcsc_snapshot (GStrv    *readers,
                  GArray  **cards,
                  char    **problem)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GArray) present = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autofree char *list = NULL;
  SCARDCONTEXT context;
  DWORD size = 0;
  LONG rv;

  rv = SCardEstablishContext (SCARD_SCOPE_SYSTEM, NULL, NULL, &context);
  if (rv != SCARD_S_SUCCESS)
    {
      *problem = g_strdup (pcsc_stringify_error (rv));
      *readers = g_strv_builder_end (names);
      *cards = g_steal_pointer (&present);
      return FALSE;
    }
  rv = SCardListReaders (context, NULL, NULL, &size);
  if (rv == SCARD_S_SUCCESS && size > 0)
    {
      list = g_malloc0 (size + 1);
      rv = SCardListReaders (context, NULL, list, &size);
    }
  for (const char *name = rv == SCARD_S_SUCCESS ? list : NULL; name != NULL && *name != '\0';
       name += strlen (name) + 1)
    {
      SCARD_READERSTATE state = { .szReader = name, .dwCurrentState = SCARD_STATE_UNAWARE };
      gboolean card = SCardGetStatusChange (context, 0, &state, 1) == SCARD_S_SUCCESS
                      && (state.dwEventState & SCARD_STATE_PRESENT);

      g_strv_builder_add (names, name);
      g_array_append_val (present, card);
    }
  SCardReleaseContext (context);
  *problem = NULL;
  *readers = g_strv_builder_end (names);
  *cards = g_steal_pointer (&present);
  return TRUE;
}
