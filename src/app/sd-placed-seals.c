/* sd-placed-seals.c: the seal placed by hand on a document, at one place
 * (单页签章) or at several (连续签章)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 连续签章 is one signature with a widget at each place, so all places
 * show the one seal image; a place is selected (the last placed, or the
 * one clicked) for the arrow keys and Delete.  "changed" after each
 * change; the document view keeps the places inside their pages.
 */
#include "config.h"

#include "sd-placed-seals.h"

struct _SdPlacedSeals
{
  GObject   parent_instance;

  GFile    *seal;
  GArray   *places;     /* SdSealPlacement */
  int       selected;
  gboolean  multiple;
};

G_DEFINE_FINAL_TYPE (SdPlacedSeals, sd_placed_seals, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
changed (SdPlacedSeals *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

void
sd_placed_seals_set_multiple (SdPlacedSeals *self,
                              gboolean       multiple)
{
  g_return_if_fail (SD_IS_PLACED_SEALS (self));

  multiple = !!multiple;
  if (self->multiple == multiple)
    return;
  self->multiple = multiple;
  if (!multiple && self->places->len > 1)
    {
      SdSealPlacement kept = g_array_index (self->places, SdSealPlacement, MAX (self->selected, 0));

      g_array_set_size (self->places, 0);
      g_array_append_val (self->places, kept);
      self->selected = 0;
    }
  changed (self);
}

gboolean
sd_placed_seals_get_multiple (SdPlacedSeals *self)
{
  g_return_val_if_fail (SD_IS_PLACED_SEALS (self), FALSE);

  return self->multiple;
}

void
sd_placed_seals_add (SdPlacedSeals         *self,
                     GFile                 *seal,
                     const SdSealPlacement *placement)
{
  g_return_if_fail (SD_IS_PLACED_SEALS (self));
  g_return_if_fail (G_IS_FILE (seal));
  g_return_if_fail (placement != NULL);

  if (!self->multiple)
    g_array_set_size (self->places, 0);
  g_set_object (&self->seal, seal);
  g_array_append_val (self->places, *placement);
  self->selected = self->places->len - 1;
  changed (self);
}

guint
sd_placed_seals_get_n_places (SdPlacedSeals *self)
{
  g_return_val_if_fail (SD_IS_PLACED_SEALS (self), 0);

  return self->places->len;
}

const SdSealPlacement *
sd_placed_seals_get_place (SdPlacedSeals *self,
                           guint          index)
{
  g_return_val_if_fail (SD_IS_PLACED_SEALS (self), NULL);
  g_return_val_if_fail (index < self->places->len, NULL);

  return &g_array_index (self->places, SdSealPlacement, index);
}

GFile *
sd_placed_seals_get_seal (SdPlacedSeals *self)
{
  g_return_val_if_fail (SD_IS_PLACED_SEALS (self), NULL);

  return self->places->len > 0 ? self->seal : NULL;
}

int
sd_placed_seals_get_selected (SdPlacedSeals *self)
{
  g_return_val_if_fail (SD_IS_PLACED_SEALS (self), -1);

  return self->selected;
}

void
sd_placed_seals_select (SdPlacedSeals *self,
                        int            index)
{
  g_return_if_fail (SD_IS_PLACED_SEALS (self));
  g_return_if_fail (index >= -1 && index < (int) self->places->len);

  if (self->selected == index)
    return;
  self->selected = index;
  changed (self);
}

void
sd_placed_seals_move (SdPlacedSeals *self,
                      guint          index,
                      double         x_mm,
                      double         y_mm)
{
  SdSealPlacement *place;

  g_return_if_fail (SD_IS_PLACED_SEALS (self));
  g_return_if_fail (index < self->places->len);

  place = &g_array_index (self->places, SdSealPlacement, index);
  place->x_mm = x_mm;
  place->y_mm = y_mm;
  changed (self);
}

void
sd_placed_seals_remove (SdPlacedSeals *self,
                        guint          index)
{
  g_return_if_fail (SD_IS_PLACED_SEALS (self));
  g_return_if_fail (index < self->places->len);

  g_array_remove_index (self->places, index);
  if (self->places->len == 0)
    {
      self->selected = -1;
      g_clear_object (&self->seal);
    }
  else
    self->selected = index > 0 ? (int) index - 1 : 0;
  changed (self);
}

void
sd_placed_seals_clear (SdPlacedSeals *self)
{
  g_return_if_fail (SD_IS_PLACED_SEALS (self));

  g_array_set_size (self->places, 0);
  self->selected = -1;
  g_clear_object (&self->seal);
  changed (self);
}

GArray *
sd_placed_seals_dup_places (SdPlacedSeals *self)
{
  g_return_val_if_fail (SD_IS_PLACED_SEALS (self), NULL);

  return g_array_copy (self->places);
}

static void
sd_placed_seals_finalize (GObject *object)
{
  SdPlacedSeals *self = SD_PLACED_SEALS (object);

  g_clear_object (&self->seal);
  g_array_unref (self->places);
  G_OBJECT_CLASS (sd_placed_seals_parent_class)->finalize (object);
}

static void
sd_placed_seals_class_init (SdPlacedSealsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sd_placed_seals_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sd_placed_seals_init (SdPlacedSeals *self)
{
  self->places = g_array_new (FALSE, TRUE, sizeof (SdSealPlacement));
  self->selected = -1;
}

SdPlacedSeals *
sd_placed_seals_new (void)
{
  return g_object_new (SD_TYPE_PLACED_SEALS, NULL);
}
