/* sd-seal-paintable.c: a seal image shown at a size in points, drawn from
 * all of its pixels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkPicture of a texture loaded at the size shown has one pixel a
 * point: blurred at scale 2 (HiDPI).  This paintable is that size but
 * snapshots the whole texture, which the renderer scales to the device's
 * pixels.
 */
#include "config.h"

#include "sd-seal-paintable.h"

struct _SdSealPaintable
{
  GObject     parent_instance;

  GdkTexture *texture;
  int         width;
  int         height;
};

static void sd_seal_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdSealPaintable, sd_seal_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      sd_seal_paintable_iface_init))

static void
sd_seal_paintable_snapshot (GdkPaintable *paintable,
                            GdkSnapshot  *snapshot,
                            double        width,
                            double        height)
{
  SdSealPaintable *self = SD_SEAL_PAINTABLE (paintable);

  gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static int
sd_seal_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return SD_SEAL_PAINTABLE (paintable)->width;
}

static int
sd_seal_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return SD_SEAL_PAINTABLE (paintable)->height;
}

static GdkPaintableFlags
sd_seal_paintable_get_flags (GdkPaintable *paintable)
{
  return GDK_PAINTABLE_STATIC_SIZE | GDK_PAINTABLE_STATIC_CONTENTS;
}

static void
sd_seal_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = sd_seal_paintable_snapshot;
  iface->get_intrinsic_width = sd_seal_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = sd_seal_paintable_get_intrinsic_height;
  iface->get_flags = sd_seal_paintable_get_flags;
}

static void
sd_seal_paintable_finalize (GObject *object)
{
  g_clear_object (&SD_SEAL_PAINTABLE (object)->texture);
  G_OBJECT_CLASS (sd_seal_paintable_parent_class)->finalize (object);
}

static void
sd_seal_paintable_class_init (SdSealPaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_seal_paintable_finalize;
}

static void
sd_seal_paintable_init (SdSealPaintable *self)
{
}

GdkPaintable *
sd_seal_paintable_new (GdkTexture *texture,
                       int         width,
                       int         height)
{
  SdSealPaintable *self;

  g_return_val_if_fail (GDK_IS_TEXTURE (texture), NULL);

  self = g_object_new (SD_TYPE_SEAL_PAINTABLE, NULL);
  self->texture = g_object_ref (texture);
  self->width = width;
  self->height = height;
  return GDK_PAINTABLE (self);
}
