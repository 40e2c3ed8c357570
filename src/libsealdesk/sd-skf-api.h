/* sd-skf-api.h: the GM/T 0016-2012 (SKF) smart key interface, the part
 * SealDesk uses and the software SKF token implements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Types as the standard defines them: ULONG is 32 bits and the structures
 * are packed, as in the vendors' skfapi.h.  (A few vendors' Linux builds
 * use a 64-bit unsigned long instead; such a library would need its own
 * build of this header and is reported as failing, not guessed at.)
 */
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int8_t    INT8;
typedef int16_t   INT16;
typedef int32_t   INT32;
typedef uint8_t   BYTE;
typedef char      CHAR;
typedef uint32_t  ULONG;
typedef int32_t   BOOL;
typedef char     *LPSTR;
typedef void     *HANDLE;
typedef HANDLE    DEVHANDLE;
typedef HANDLE    HAPPLICATION;
typedef HANDLE    HCONTAINER;

#define SKF_TRUE  1
#define SKF_FALSE 0

/* Return values */
#define SAR_OK                        0x00000000
#define SAR_FAIL                      0x0A000001
#define SAR_UNKNOWNERR                0x0A000002
#define SAR_NOTSUPPORTYETERR          0x0A000003
#define SAR_FILEERR                   0x0A000004
#define SAR_INVALIDHANDLEERR          0x0A000005
#define SAR_INVALIDPARAMERR           0x0A000006
#define SAR_READFILEERR               0x0A000007
#define SAR_WRITEFILEERR              0x0A000008
#define SAR_NAMELENERR                0x0A000009
#define SAR_KEYUSAGEERR               0x0A00000A
#define SAR_MODULUSLENERR             0x0A00000B
#define SAR_NOTINITIALIZEERR          0x0A00000C
#define SAR_OBJERR                    0x0A00000D
#define SAR_MEMORYERR                 0x0A00000E
#define SAR_TIMEOUTERR                0x0A00000F
#define SAR_INDATALENERR              0x0A000010
#define SAR_INDATAERR                 0x0A000011
#define SAR_GENRANDERR                0x0A000012
#define SAR_HASHOBJERR                0x0A000013
#define SAR_HASHERR                   0x0A000014
#define SAR_GENRSAKEYERR              0x0A000015
#define SAR_RSAMODULUSLENERR          0x0A000016
#define SAR_CSPIMPRTPUBKEYERR         0x0A000017
#define SAR_RSAENCERR                 0x0A000018
#define SAR_RSADECERR                 0x0A000019
#define SAR_HASHNOTEQUALERR           0x0A00001A
#define SAR_KEYNOTFOUNTERR            0x0A00001B
#define SAR_CERTNOTFOUNTERR           0x0A00001C
#define SAR_NOTEXPORTERR              0x0A00001D
#define SAR_DECRYPTPADERR             0x0A00001E
#define SAR_MACLENERR                 0x0A00001F
#define SAR_BUFFER_TOO_SMALL          0x0A000020
#define SAR_KEYINFOTYPEERR            0x0A000021
#define SAR_NOT_EVENTERR              0x0A000022
#define SAR_DEVICE_REMOVED            0x0A000023
#define SAR_PIN_INCORRECT             0x0A000024
#define SAR_PIN_LOCKED                0x0A000025
#define SAR_PIN_INVALID               0x0A000026
#define SAR_PIN_LEN_RANGE             0x0A000027
#define SAR_USER_ALREADY_LOGGED_IN    0x0A000028
#define SAR_USER_PIN_NOT_INITIALIZED  0x0A000029
#define SAR_USER_TYPE_INVALID         0x0A00002A
#define SAR_APPLICATION_NAME_INVALID  0x0A00002B
#define SAR_APPLICATION_EXISTS        0x0A00002C
#define SAR_USER_NOT_LOGGED_IN        0x0A00002D
#define SAR_APPLICATION_NOT_EXISTS    0x0A00002E
#define SAR_FILE_ALREADY_EXIST        0x0A00002F
#define SAR_NO_ROOM                   0x0A000030
#define SAR_FILE_NOT_EXIST            0x0A000031

/* PIN types */
#define ADMIN_TYPE 0
#define USER_TYPE  1

/* Device states (SKF_GetDevState) */
#define DEV_ABSENT_STATE   0x00000000
#define DEV_PRESENT_STATE  0x00000001
#define DEV_UNKNOW_STATE   0x00000002

/* Container types (SKF_GetContainerType) */
#define SKF_CONTAINER_EMPTY 0
#define SKF_CONTAINER_RSA   1
#define SKF_CONTAINER_ECC   2

/* Algorithm identifiers (GM/T 0006) */
#define SGD_SM3    0x00000001
#define SGD_SHA1   0x00000002
#define SGD_SHA256 0x00000004
#define SGD_RSA    0x00010000
#define SGD_SM2_1  0x00020100  /* SM2 signature */
#define SGD_SM2_2  0x00020200  /* SM2 key exchange */
#define SGD_SM2_3  0x00020400  /* SM2 encryption */

#define MAX_RSA_MODULUS_LEN           256
#define MAX_RSA_EXPONENT_LEN          4
#define ECC_MAX_XCOORDINATE_BITS_LEN  512
#define ECC_MAX_YCOORDINATE_BITS_LEN  512
#define ECC_MAX_MODULUS_BITS_LEN      512

#pragma pack(push, 1)

typedef struct Struct_Version
{
  BYTE major;
  BYTE minor;
} VERSION;

typedef struct Struct_DEVINFO
{
  VERSION Version;
  CHAR    Manufacturer[64];
  CHAR    Issuer[64];
  CHAR    Label[32];
  CHAR    SerialNumber[32];
  VERSION HWVersion;
  VERSION FirmwareVersion;
  ULONG   AlgSymCap;
  ULONG   AlgAsymCap;
  ULONG   AlgHashCap;
  ULONG   DevAuthAlgId;
  ULONG   TotalSpace;
  ULONG   FreeSpace;
  ULONG   MaxECCBufferSize;
  ULONG   MaxBufferSize;
  BYTE    Reserved[64];
} DEVINFO, *PDEVINFO;

typedef struct Struct_RSAPUBLICKEYBLOB
{
  ULONG AlgID;
  ULONG BitLen;
  BYTE  Modulus[MAX_RSA_MODULUS_LEN];
  BYTE  PublicExponent[MAX_RSA_EXPONENT_LEN];
} RSAPUBLICKEYBLOB, *PRSAPUBLICKEYBLOB;

/* Coordinates and signature values are big-endian, right-aligned in their
 * 64-byte fields: a 256-bit value fills the last 32 bytes. */
typedef struct Struct_ECCPUBLICKEYBLOB
{
  ULONG BitLen;
  BYTE  XCoordinate[ECC_MAX_XCOORDINATE_BITS_LEN / 8];
  BYTE  YCoordinate[ECC_MAX_YCOORDINATE_BITS_LEN / 8];
} ECCPUBLICKEYBLOB, *PECCPUBLICKEYBLOB;

typedef struct Struct_ECCSIGNATUREBLOB
{
  BYTE r[ECC_MAX_XCOORDINATE_BITS_LEN / 8];
  BYTE s[ECC_MAX_XCOORDINATE_BITS_LEN / 8];
} ECCSIGNATUREBLOB, *PECCSIGNATUREBLOB;

#pragma pack(pop)

/* The functions, as pointer types for dlsym() and prototypes for
 * implementations (SD_SKF_FUNCTIONS lists them once). */
#define SD_SKF_FUNCTIONS(X)                                                                    \
  X (SKF_WaitForDevEvent, (LPSTR szDevName, ULONG *pulDevNameLen, ULONG *pulEvent))           \
  X (SKF_CancelWaitForDevEvent, (void))                                                        \
  X (SKF_EnumDev, (BOOL bPresent, LPSTR szNameList, ULONG *pulSize))                           \
  X (SKF_ConnectDev, (LPSTR szName, DEVHANDLE *phDev))                                         \
  X (SKF_DisConnectDev, (DEVHANDLE hDev))                                                      \
  X (SKF_GetDevState, (LPSTR szDevName, ULONG *pulDevState))                                   \
  X (SKF_GetDevInfo, (DEVHANDLE hDev, DEVINFO *pDevInfo))                                      \
  X (SKF_LockDev, (DEVHANDLE hDev, ULONG ulTimeOut))                                           \
  X (SKF_UnlockDev, (DEVHANDLE hDev))                                                          \
  X (SKF_ChangePIN, (HAPPLICATION hApplication, ULONG ulPINType, LPSTR szOldPin,              \
                     LPSTR szNewPin, ULONG *pulRetryCount))                                    \
  X (SKF_GetPINInfo, (HAPPLICATION hApplication, ULONG ulPINType, ULONG *pulMaxRetryCount,    \
                      ULONG *pulRemainRetryCount, BOOL *pbDefaultPin))                         \
  X (SKF_VerifyPIN, (HAPPLICATION hApplication, ULONG ulPINType, LPSTR szPIN,                 \
                     ULONG *pulRetryCount))                                                    \
  X (SKF_UnblockPIN, (HAPPLICATION hApplication, LPSTR szAdminPIN, LPSTR szNewUserPIN,        \
                      ULONG *pulRetryCount))                                                   \
  X (SKF_ClearSecureState, (HAPPLICATION hApplication))                                        \
  X (SKF_EnumApplication, (DEVHANDLE hDev, LPSTR szAppName, ULONG *pulSize))                   \
  X (SKF_OpenApplication, (DEVHANDLE hDev, LPSTR szAppName, HAPPLICATION *phApplication))      \
  X (SKF_CloseApplication, (HAPPLICATION hApplication))                                        \
  X (SKF_EnumContainer, (HAPPLICATION hApplication, LPSTR szContainerName, ULONG *pulSize))    \
  X (SKF_OpenContainer, (HAPPLICATION hApplication, LPSTR szContainerName,                    \
                         HCONTAINER *phContainer))                                             \
  X (SKF_CloseContainer, (HCONTAINER hContainer))                                              \
  X (SKF_GetContainerType, (HCONTAINER hContainer, ULONG *pulContainerType))                   \
  X (SKF_ExportCertificate, (HCONTAINER hContainer, BOOL bSignFlag, BYTE *pbCert,             \
                             ULONG *pulCertLen))                                               \
  X (SKF_ExportPublicKey, (HCONTAINER hContainer, BOOL bSignFlag, BYTE *pbBlob,               \
                           ULONG *pulBlobLen))                                                 \
  X (SKF_GenRandom, (DEVHANDLE hDev, BYTE *pbRandom, ULONG ulRandomLen))                       \
  X (SKF_RSASignData, (HCONTAINER hContainer, BYTE *pbData, ULONG ulDataLen,                  \
                       BYTE *pbSignature, ULONG *pulSignLen))                                  \
  X (SKF_ECCSignData, (HCONTAINER hContainer, BYTE *pbDigest, ULONG ulDigestLen,              \
                       PECCSIGNATUREBLOB pSignature))

#define SD_SKF_DECLARE_TYPE(name, args) typedef ULONG (*name##_fn) args;
SD_SKF_FUNCTIONS (SD_SKF_DECLARE_TYPE)
#undef SD_SKF_DECLARE_TYPE

#ifdef __cplusplus
}
#endif
