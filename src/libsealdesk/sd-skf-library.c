/* sd-skf-library.c: a vendor's SKF (GM/T 0016) library, loaded by path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-error.h"
#include "sd-skf-library.h"

struct _SdSkfLibrary
{
  GObject         parent_instance;

  char           *path;
  void           *handle;
  SdSkfFunctions  functions;
  GRecMutex       lock;
};

G_DEFINE_FINAL_TYPE (SdSkfLibrary, sd_skf_library, G_TYPE_OBJECT)

static GMutex libraries_lock;
static GHashTable *libraries;  /* real path → SdSkfLibrary, for the process */

static void
sd_skf_library_class_init (SdSkfLibraryClass *klass)
{
}

static void
sd_skf_library_init (SdSkfLibrary *self)
{
  g_rec_mutex_init (&self->lock);
}

/* What a library must have to be of any use */
static const char *const required[] = {
  "SKF_EnumDev", "SKF_ConnectDev", "SKF_DisConnectDev", "SKF_GetDevInfo",
  "SKF_EnumApplication", "SKF_OpenApplication", "SKF_CloseApplication", "SKF_VerifyPIN",
  "SKF_EnumContainer", "SKF_OpenContainer", "SKF_CloseContainer", "SKF_ExportCertificate",
};

static gboolean
resolve (SdSkfLibrary  *self,
         GError       **error)
{
  g_autoptr(GString) missing = g_string_new (NULL);

#define SD_SKF_RESOLVE(name, args) self->functions.name = (name##_fn) dlsym (self->handle, #name);
  SD_SKF_FUNCTIONS (SD_SKF_RESOLVE)
#undef SD_SKF_RESOLVE

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (dlsym (self->handle, required[i]) == NULL)
      g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", required[i]);
  if (missing->len > 0)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      g_set_error (error, SD_ERROR, SD_ERROR_TOKEN,
                   _("“%s” is not an SKF (GM/T 0016) library: it lacks %s. Check the path the "
                     "key’s driver installed."), display, missing->str);
      return FALSE;
    }
  return TRUE;
}

SdSkfLibrary *
sd_skf_library_load (const char  *path,
                     GError     **error)
{
  g_autofree char *real = NULL;
  g_autofree char *display = NULL;
  g_autoptr(SdSkfLibrary) self = NULL;
  SdSkfLibrary *known;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  real = realpath (path, NULL);
  if (real == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                   _("The SKF library “%s” does not exist: check the path, or install the key’s "
                     "driver (see “sealdesk-cli tokens”)."), display);
      return NULL;
    }

  g_mutex_lock (&libraries_lock);
  if (libraries == NULL)
    libraries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  known = g_hash_table_lookup (libraries, real);
  if (known != NULL)
    {
      g_mutex_unlock (&libraries_lock);
      return g_object_ref (known);
    }

  self = g_object_new (SD_TYPE_SKF_LIBRARY, NULL);
  self->path = g_strdup (real);
  self->handle = dlopen (real, RTLD_NOW | RTLD_LOCAL);
  if (self->handle == NULL)
    {
      const char *reason = dlerror ();

      g_mutex_unlock (&libraries_lock);
      g_set_error (error, SD_ERROR, SD_ERROR_TOKEN,
                   _("The SKF library “%s” cannot be loaded: %s. It may be built for another "
                     "system (32-bit, or another architecture), or need libraries that are "
                     "missing."), display, reason != NULL ? reason : "");
      return NULL;
    }
  if (!resolve (self, error))
    {
      /* Not ours to keep: close it again. */
      dlclose (self->handle);
      self->handle = NULL;
      g_mutex_unlock (&libraries_lock);
      return NULL;
    }
  g_hash_table_insert (libraries, g_strdup (real), g_object_ref (self));
  g_mutex_unlock (&libraries_lock);
  return g_steal_pointer (&self);
}

const char *
sd_skf_library_get_path (SdSkfLibrary *self)
{
  g_return_val_if_fail (SD_IS_SKF_LIBRARY (self), NULL);
  return self->path;
}

const SdSkfFunctions *
sd_skf_library_get_functions (SdSkfLibrary *self)
{
  g_return_val_if_fail (SD_IS_SKF_LIBRARY (self), NULL);
  return &self->functions;
}

void
sd_skf_library_lock (SdSkfLibrary *self)
{
  g_rec_mutex_lock (&self->lock);
}

void
sd_skf_library_unlock (SdSkfLibrary *self)
{
  g_rec_mutex_unlock (&self->lock);
}

GStrv
sd_skf_split_name_list (const char *list,
                        gsize       size)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gsize at = 0;

  while (list != NULL && at < size && list[at] != '\0')
    {
      gsize length = strnlen (list + at, size - at);

      g_ptr_array_add (names, g_strndup (list + at, length));
      at += length + 1;
    }
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

typedef ULONG (*EnumFunction) (HANDLE handle, LPSTR list, ULONG *size);

static ULONG
enum_devices (HANDLE  handle,
              LPSTR   list,
              ULONG  *size)
{
  SdSkfFunctions *functions = handle;

  return functions->SKF_EnumDev (SKF_TRUE, list, size);
}

/* The names, or NULL with the SKF return value in @rv */
static GStrv
enumerate (SdSkfLibrary  *self,
           EnumFunction   function,
           HANDLE         handle,
           ULONG         *rv)
{
  g_autofree char *list = NULL;
  ULONG size = 0;

  sd_skf_library_lock (self);
  /* The list can grow between the calls (a key plugged in): ask again then. */
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      *rv = function (handle, NULL, &size);
      if (*rv != SAR_OK || size == 0)
        break;
      /* Room for the final NUL that some libraries leave out of the size */
      g_free (list);
      list = g_malloc0 ((gsize) size + 2);
      *rv = function (handle, list, &size);
      if (*rv != SAR_BUFFER_TOO_SMALL)
        break;
    }
  sd_skf_library_unlock (self);

  if (*rv != SAR_OK)
    return NULL;
  return sd_skf_split_name_list (list, list != NULL ? size : 0);
}

GStrv
sd_skf_library_enum_devices (SdSkfLibrary  *self,
                             GError       **error)
{
  ULONG rv;
  GStrv names;

  g_return_val_if_fail (SD_IS_SKF_LIBRARY (self), NULL);
  names = enumerate (self, enum_devices, &self->functions, &rv);
  if (names == NULL)
    sd_skf_set_error (error, rv, _("The SKF library “%s” cannot list its keys"), self->path);
  return names;
}

GStrv
sd_skf_library_enum_applications (SdSkfLibrary  *self,
                                  DEVHANDLE      device,
                                  GError       **error)
{
  ULONG rv;
  GStrv names;

  g_return_val_if_fail (SD_IS_SKF_LIBRARY (self), NULL);
  names = enumerate (self, (EnumFunction) self->functions.SKF_EnumApplication, device, &rv);
  if (names == NULL)
    sd_skf_set_error (error, rv, _("The applications on the key cannot be listed"));
  return names;
}

GStrv
sd_skf_library_enum_containers (SdSkfLibrary  *self,
                                HAPPLICATION   application,
                                GError       **error)
{
  ULONG rv;
  GStrv names;

  g_return_val_if_fail (SD_IS_SKF_LIBRARY (self), NULL);
  names = enumerate (self, (EnumFunction) self->functions.SKF_EnumContainer, application, &rv);
  if (names == NULL)
    sd_skf_set_error (error, rv, _("The containers on the key cannot be listed"));
  return names;
}

/* Errors */

const char *
sd_skf_rv_to_string (ULONG rv)
{
  static const struct
  {
    ULONG       rv;
    const char *name;
  } names[] = {
#define RV(name) { name, #name }
    RV (SAR_OK), RV (SAR_FAIL), RV (SAR_UNKNOWNERR), RV (SAR_NOTSUPPORTYETERR), RV (SAR_FILEERR),
    RV (SAR_INVALIDHANDLEERR), RV (SAR_INVALIDPARAMERR), RV (SAR_READFILEERR),
    RV (SAR_WRITEFILEERR), RV (SAR_NAMELENERR), RV (SAR_KEYUSAGEERR), RV (SAR_MODULUSLENERR),
    RV (SAR_NOTINITIALIZEERR), RV (SAR_OBJERR), RV (SAR_MEMORYERR), RV (SAR_TIMEOUTERR),
    RV (SAR_INDATALENERR), RV (SAR_INDATAERR), RV (SAR_GENRANDERR), RV (SAR_HASHERR),
    RV (SAR_RSAENCERR), RV (SAR_KEYNOTFOUNTERR), RV (SAR_CERTNOTFOUNTERR),
    RV (SAR_BUFFER_TOO_SMALL), RV (SAR_KEYINFOTYPEERR), RV (SAR_DEVICE_REMOVED),
    RV (SAR_PIN_INCORRECT), RV (SAR_PIN_LOCKED), RV (SAR_PIN_INVALID), RV (SAR_PIN_LEN_RANGE),
    RV (SAR_USER_ALREADY_LOGGED_IN), RV (SAR_USER_PIN_NOT_INITIALIZED),
    RV (SAR_USER_TYPE_INVALID), RV (SAR_APPLICATION_NAME_INVALID), RV (SAR_APPLICATION_EXISTS),
    RV (SAR_USER_NOT_LOGGED_IN), RV (SAR_APPLICATION_NOT_EXISTS), RV (SAR_FILE_ALREADY_EXIST),
    RV (SAR_NO_ROOM), RV (SAR_FILE_NOT_EXIST),
#undef RV
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i].rv == rv)
      return names[i].name;
  return "SAR_?";
}

gboolean
sd_skf_rv_is_removal (ULONG rv)
{
  return rv == SAR_DEVICE_REMOVED;
}

void
sd_skf_set_error (GError     **error,
                  ULONG        rv,
                  const char  *format,
                  ...)
{
  g_autofree char *context = NULL;
  const char *meaning;
  SdError code = SD_ERROR_TOKEN;
  va_list ap;

  if (error == NULL)
    return;

  va_start (ap, format);
  context = g_strdup_vprintf (format, ap);
  va_end (ap);

  switch (rv)
    {
    case SAR_DEVICE_REMOVED:
      code = SD_ERROR_TOKEN_REMOVED;
      meaning = _("the key was removed; insert it again and retry");
      break;
    case SAR_PIN_INCORRECT:
    case SAR_PIN_INVALID:
    case SAR_PIN_LEN_RANGE:
      code = SD_ERROR_BAD_PASSWORD;
      meaning = _("the PIN is wrong");
      break;
    case SAR_PIN_LOCKED:
      code = SD_ERROR_PIN_LOCKED;
      meaning = _("the PIN is locked after too many wrong attempts; ask the key’s issuer (your "
                  "CA) to unlock it");
      break;
    case SAR_CERTNOTFOUNTERR:
    case SAR_KEYNOTFOUNTERR:
    case SAR_APPLICATION_NOT_EXISTS:
    case SAR_FILE_NOT_EXIST:
      code = SD_ERROR_NOT_FOUND;
      meaning = _("the key does not hold it");
      break;
    case SAR_NOTSUPPORTYETERR:
    case SAR_KEYUSAGEERR:
    case SAR_INDATALENERR:
      code = SD_ERROR_KEY;
      meaning = _("the key does not support this kind of signature");
      break;
    default:
      meaning = _("the key’s driver reported an error");
      break;
    }
  g_set_error (error, SD_ERROR, code, "%s: %s (%s, 0x%08lx)", context, meaning,
               sd_skf_rv_to_string (rv), (gulong) rv);
}
