/* sd-pkcs11-module.c: a loaded and initialised PKCS#11 module
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sd-error.h"
#include "sd-pkcs11-module.h"

struct _SdPkcs11Module
{
  GObject                  parent_instance;

  struct ck_function_list *functions;   /* one p11-kit reference */
  char                    *path;
  char                    *name;
  char                    *description;
  char                    *manufacturer;
  gboolean                 registered;
};

G_DEFINE_FINAL_TYPE (SdPkcs11Module, sd_pkcs11_module, G_TYPE_OBJECT)

/* One entry per library (keyed by its function list, which is the same
 * whatever name the library was opened by).  The entry, not the object,
 * owns the C_Initialize: a module object created while the previous one
 * for the same library is being finalised takes the entry over, and the
 * library is finalised only when no object uses it. */
typedef struct
{
  GWeakRef object;
  gboolean initialized_by_us;
} ModuleEntry;

static GMutex modules_lock;
static GHashTable *modules;  /* struct ck_function_list * → ModuleEntry */

static void
module_entry_free (gpointer data)
{
  ModuleEntry *entry = data;

  g_weak_ref_clear (&entry->object);
  g_free (entry);
}

static void
sd_pkcs11_module_finalize (GObject *object)
{
  SdPkcs11Module *self = SD_PKCS11_MODULE (object);
  ModuleEntry *entry;

  g_mutex_lock (&modules_lock);
  entry = modules != NULL ? g_hash_table_lookup (modules, self->functions) : NULL;
  if (entry != NULL)
    {
      g_autoptr(GObject) successor = g_weak_ref_get (&entry->object);

      if (successor == NULL)
        {
          if (entry->initialized_by_us)
            self->functions->C_Finalize (NULL);
          g_hash_table_remove (modules, self->functions);
        }
    }
  p11_kit_module_release (self->functions);
  g_mutex_unlock (&modules_lock);

  g_free (self->path);
  g_free (self->name);
  g_free (self->description);
  g_free (self->manufacturer);

  G_OBJECT_CLASS (sd_pkcs11_module_parent_class)->finalize (object);
}

static void
sd_pkcs11_module_class_init (SdPkcs11ModuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sd_pkcs11_module_finalize;
}

static void
sd_pkcs11_module_init (SdPkcs11Module *self)
{
}

char *
sd_pkcs11_field_to_string (const unsigned char *field,
                           gsize                length)
{
  gsize end = length;

  while (end > 0 && (field[end - 1] == ' ' || field[end - 1] == '\0'))
    end--;
  /* Fields are UTF-8 by the standard; some drivers write GBK or junk. */
  if (g_utf8_validate ((const char *) field, (gssize) end, NULL))
    return g_strndup ((const char *) field, end);
  return g_utf8_make_valid ((const char *) field, (gssize) end);
}

static gboolean
initialize (struct ck_function_list  *functions,
            gboolean                 *initialized_by_us,
            const char               *path,
            GError                  **error)
{
  struct ck_c_initialize_args args = { 0 };
  ck_rv_t rv;

  /* The module uses the operating system's locks: we call it from worker
   * threads (signatures, token listing) while the UI thread may too. */
  args.flags = CKF_OS_LOCKING_OK;
  rv = functions->C_Initialize (&args);
  if (rv == CKR_OK)
    {
      *initialized_by_us = TRUE;
      return TRUE;
    }
  if (rv == CKR_CRYPTOKI_ALREADY_INITIALIZED)
    {
      /* Someone else in the process (another library) initialised it and
       * will finalise it. */
      *initialized_by_us = FALSE;
      return TRUE;
    }
  sd_pkcs11_set_error (error, rv, _("The PKCS#11 module “%s” cannot be initialised"), path);
  return FALSE;
}

/* Takes the p11-kit reference of @functions.  Called with modules_lock held. */
static SdPkcs11Module *
module_get_locked (struct ck_function_list  *functions,
                   const char               *path,
                   const char               *name,
                   gboolean                  registered,
                   GError                  **error)
{
  SdPkcs11Module *self;
  ModuleEntry *entry;
  struct ck_info info = { 0 };

  if (modules == NULL)
    modules = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, module_entry_free);

  entry = g_hash_table_lookup (modules, functions);
  if (entry != NULL)
    {
      self = g_weak_ref_get (&entry->object);
      if (self != NULL)
        {
          p11_kit_module_release (functions);
          /* A module first opened by path may turn out to be registered. */
          if (registered && !self->registered)
            {
              self->registered = TRUE;
              g_free (self->name);
              self->name = g_strdup (name);
            }
          return self;
        }
    }
  else
    {
      entry = g_new0 (ModuleEntry, 1);
      g_weak_ref_init (&entry->object, NULL);
      if (!initialize (functions, &entry->initialized_by_us, path, error))
        {
          module_entry_free (entry);
          p11_kit_module_release (functions);
          return NULL;
        }
      g_hash_table_insert (modules, functions, entry);
    }

  self = g_object_new (SD_TYPE_PKCS11_MODULE, NULL);
  self->functions = functions;
  self->path = g_strdup (path);
  self->name = name != NULL ? g_strdup (name) : g_path_get_basename (path);
  self->registered = registered;
  if (functions->C_GetInfo (&info) == CKR_OK)
    {
      self->description = sd_pkcs11_field_to_string (info.library_description,
                                                     sizeof info.library_description);
      self->manufacturer = sd_pkcs11_field_to_string (info.manufacturer_id,
                                                      sizeof info.manufacturer_id);
    }
  else
    {
      self->description = g_strdup ("");
      self->manufacturer = g_strdup ("");
    }
  g_weak_ref_set (&entry->object, self);
  return self;
}

SdPkcs11Module *
sd_pkcs11_module_load (const char  *path,
                       GError     **error)
{
  struct ck_function_list *functions;
  SdPkcs11Module *self;

  g_return_val_if_fail (path != NULL, NULL);

  functions = p11_kit_module_load (path, P11_KIT_MODULE_UNMANAGED);
  if (functions == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND,
                   _("The PKCS#11 module “%s” cannot be loaded: %s. Check the path, and that "
                     "the key’s driver is installed for this system (64-bit Linux)."),
                   display, p11_kit_message () != NULL ? p11_kit_message () : "");
      return NULL;
    }

  g_mutex_lock (&modules_lock);
  self = module_get_locked (functions, path, NULL, FALSE, error);
  g_mutex_unlock (&modules_lock);
  return self;
}

GPtrArray *
sd_pkcs11_module_load_registered (GPtrArray  *failures,
                                  GError    **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);
  struct ck_function_list **list;

  list = p11_kit_modules_load (NULL, P11_KIT_MODULE_UNMANAGED);
  if (list == NULL)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_TOKEN,
                   _("The list of PKCS#11 modules registered with p11-kit cannot be read: %s"),
                   p11_kit_message () != NULL ? p11_kit_message () : "");
      return NULL;
    }

  g_mutex_lock (&modules_lock);
  for (guint i = 0; list[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *trust = p11_kit_config_option (list[i], "trust-policy");
      char *filename = p11_kit_module_get_filename (list[i]);
      char *name = p11_kit_module_get_name (list[i]);
      SdPkcs11Module *module;

      if (trust != NULL && g_ascii_strcasecmp (trust, "yes") == 0)
        {
          p11_kit_module_release (list[i]);
        }
      else
        {
          module = module_get_locked (list[i], filename != NULL ? filename : name, name, TRUE,
                                      &local_error);
          if (module != NULL)
            g_ptr_array_add (result, module);
          else if (failures != NULL)
            g_ptr_array_add (failures, g_strdup (local_error->message));
        }
      free (filename);
      free (name);
    }
  g_mutex_unlock (&modules_lock);
  free (list);

  return g_steal_pointer (&result);
}

const char *
sd_pkcs11_module_get_path (SdPkcs11Module *self)
{
  g_return_val_if_fail (SD_IS_PKCS11_MODULE (self), NULL);
  return self->path;
}

const char *
sd_pkcs11_module_get_name (SdPkcs11Module *self)
{
  g_return_val_if_fail (SD_IS_PKCS11_MODULE (self), NULL);
  return self->name;
}

const char *
sd_pkcs11_module_get_description (SdPkcs11Module *self)
{
  g_return_val_if_fail (SD_IS_PKCS11_MODULE (self), NULL);
  return self->description;
}

const char *
sd_pkcs11_module_get_manufacturer (SdPkcs11Module *self)
{
  g_return_val_if_fail (SD_IS_PKCS11_MODULE (self), NULL);
  return self->manufacturer;
}

gboolean
sd_pkcs11_module_is_registered (SdPkcs11Module *self)
{
  g_return_val_if_fail (SD_IS_PKCS11_MODULE (self), FALSE);
  return self->registered;
}

struct ck_function_list *
sd_pkcs11_module_get_functions (SdPkcs11Module *self)
{
  g_return_val_if_fail (SD_IS_PKCS11_MODULE (self), NULL);
  return self->functions;
}

GArray *
sd_pkcs11_module_get_slots (SdPkcs11Module  *self,
                            gboolean         token_present,
                            GError         **error)
{
  g_autoptr(GArray) slots = g_array_new (FALSE, TRUE, sizeof (ck_slot_id_t));
  unsigned long count = 0;
  ck_rv_t rv;

  g_return_val_if_fail (SD_IS_PKCS11_MODULE (self), NULL);

  /* The number of slots can grow between the two calls (a reader plugged
   * in): ask again then. */
  for (guint attempt = 0; attempt < 4; attempt++)
    {
      rv = self->functions->C_GetSlotList (token_present, NULL, &count);
      if (rv != CKR_OK)
        break;
      g_array_set_size (slots, count);
      if (count == 0)
        return g_steal_pointer (&slots);
      rv = self->functions->C_GetSlotList (token_present, (ck_slot_id_t *) slots->data, &count);
      if (rv != CKR_BUFFER_TOO_SMALL)
        break;
    }
  if (rv != CKR_OK)
    {
      sd_pkcs11_set_error (error, rv, _("The slots of the PKCS#11 module “%s” cannot be listed"),
                           self->name);
      return NULL;
    }
  g_array_set_size (slots, count);
  return g_steal_pointer (&slots);
}

/* Errors */

const char *
sd_pkcs11_rv_to_string (ck_rv_t rv)
{
  static const struct
  {
    ck_rv_t     rv;
    const char *name;
  } names[] = {
#define RV(name) { name, #name }
    RV (CKR_OK), RV (CKR_CANCEL), RV (CKR_HOST_MEMORY), RV (CKR_SLOT_ID_INVALID),
    RV (CKR_GENERAL_ERROR), RV (CKR_FUNCTION_FAILED), RV (CKR_ARGUMENTS_BAD),
    RV (CKR_ATTRIBUTE_TYPE_INVALID), RV (CKR_ATTRIBUTE_VALUE_INVALID), RV (CKR_DATA_INVALID),
    RV (CKR_DATA_LEN_RANGE), RV (CKR_DEVICE_ERROR), RV (CKR_DEVICE_MEMORY),
    RV (CKR_DEVICE_REMOVED), RV (CKR_FUNCTION_CANCELED), RV (CKR_FUNCTION_NOT_SUPPORTED),
    RV (CKR_KEY_HANDLE_INVALID), RV (CKR_KEY_SIZE_RANGE), RV (CKR_KEY_TYPE_INCONSISTENT),
    RV (CKR_KEY_FUNCTION_NOT_PERMITTED), RV (CKR_MECHANISM_INVALID),
    RV (CKR_MECHANISM_PARAM_INVALID), RV (CKR_OBJECT_HANDLE_INVALID),
    RV (CKR_OPERATION_ACTIVE), RV (CKR_OPERATION_NOT_INITIALIZED), RV (CKR_PIN_INCORRECT),
    RV (CKR_PIN_INVALID), RV (CKR_PIN_LEN_RANGE), RV (CKR_PIN_EXPIRED), RV (CKR_PIN_LOCKED),
    RV (CKR_SESSION_CLOSED), RV (CKR_SESSION_COUNT), RV (CKR_SESSION_HANDLE_INVALID),
    RV (CKR_SESSION_PARALLEL_NOT_SUPPORTED), RV (CKR_SESSION_READ_ONLY),
    RV (CKR_TOKEN_NOT_PRESENT), RV (CKR_TOKEN_NOT_RECOGNIZED), RV (CKR_USER_ALREADY_LOGGED_IN),
    RV (CKR_USER_NOT_LOGGED_IN), RV (CKR_USER_PIN_NOT_INITIALIZED), RV (CKR_USER_TYPE_INVALID),
    RV (CKR_USER_ANOTHER_ALREADY_LOGGED_IN), RV (CKR_BUFFER_TOO_SMALL),
    RV (CKR_CRYPTOKI_NOT_INITIALIZED), RV (CKR_CRYPTOKI_ALREADY_INITIALIZED),
#undef RV
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i].rv == rv)
      return names[i].name;
  return "CKR_?";
}

gboolean
sd_pkcs11_rv_is_removal (ck_rv_t rv)
{
  return rv == CKR_DEVICE_REMOVED || rv == CKR_TOKEN_NOT_PRESENT
         || rv == CKR_SESSION_HANDLE_INVALID || rv == CKR_SESSION_CLOSED
         || rv == CKR_TOKEN_NOT_RECOGNIZED || rv == CKR_SLOT_ID_INVALID;
}

void
sd_pkcs11_set_error (GError     **error,
                     ck_rv_t      rv,
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

  if (sd_pkcs11_rv_is_removal (rv))
    {
      code = SD_ERROR_TOKEN_REMOVED;
      meaning = _("the key was removed or reset; insert it again and retry");
    }
  else if (rv == CKR_PIN_INCORRECT || rv == CKR_PIN_INVALID || rv == CKR_PIN_LEN_RANGE)
    {
      code = SD_ERROR_BAD_PASSWORD;
      meaning = _("the PIN is wrong");
    }
  else if (rv == CKR_PIN_LOCKED)
    {
      code = SD_ERROR_PIN_LOCKED;
      meaning = _("the PIN is locked after too many wrong attempts; ask the key’s issuer (your CA) "
                  "to unlock it");
    }
  else if (rv == CKR_PIN_EXPIRED)
    {
      code = SD_ERROR_BAD_PASSWORD;
      meaning = _("the PIN has expired; change it with the key’s own tool");
    }
  else if (rv == CKR_DEVICE_ERROR || rv == CKR_DEVICE_MEMORY)
    meaning = _("the key reported a hardware error; remove it, insert it again and retry");
  else if (rv == CKR_FUNCTION_CANCELED)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: %s", context,
                   _("cancelled on the key"));
      return;
    }
  else if (rv == CKR_MECHANISM_INVALID || rv == CKR_MECHANISM_PARAM_INVALID
           || rv == CKR_KEY_TYPE_INCONSISTENT || rv == CKR_KEY_FUNCTION_NOT_PERMITTED
           || rv == CKR_FUNCTION_NOT_SUPPORTED)
    {
      code = SD_ERROR_KEY;
      meaning = _("the key does not support this kind of signature");
    }
  else
    meaning = _("the key’s driver reported an error");

  g_set_error (error, SD_ERROR, code, "%s: %s (%s)", context, meaning,
               sd_pkcs11_rv_to_string (rv));
}
