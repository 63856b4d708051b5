/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "teller-identity.h"
#include "teller-service.h"

G_BEGIN_DECLS

/*
 * TellerCardReader: chapters 4 (card=), 7 (face=) and 8 (fp=) of the CameraService
 * document (001_5b286aac9e459b89.txt).  Same program and port as
 * TellerCameraService, run on the same call machinery
 * (teller-camera-service-private.h), but its own service to the operator: the
 * status bar shows the card reader's state apart from the camera's.  The probe is
 * card=getsamid, which answers only when the ID card module is there.
 *
 * Every result that carries personal data is a TellerIdentity or a struct whose
 * free function zeroes it; nothing here logs a value of a reply.
 */

#define TELLER_TYPE_CARD_READER (teller_card_reader_get_type ())
G_DECLARE_FINAL_TYPE (TellerCardReader, teller_card_reader, TELLER, CARD_READER, TellerService)

TellerCardReader *teller_card_reader_new (TellerJsonClient *client,
                                          const char       *base_url);

/* ---- Chapter 4: cards -------------------------------------------------- */

/*
 * Reads a card of @kind into a new TellerIdentity: TELLER_CARD_KIND_ID_CARD
 * (4.1), _SOCIAL_SECURITY (4.3), _IC (4.4), _MAGNETIC (4.7).
 * TELLER_CARD_KIND_NONE reads "whichever card is on the reader": the ID card, then
 * the social-security card, then the IC card; the first that reads wins, and when
 * none does the ID card's error is reported.
 *
 * Replies are parsed in a worker thread (photos).  A reply without its info
 * object, or whose fields are not strings, is %TELLER_ERROR_BAD_RESPONSE; unknown
 * members are ignored.  An ID card needs at least "name" and "cardID".  A photo
 * that does not decode as an image is left out and reported by
 * teller_identity_get_warning(); the rest of the card is kept.
 */
void             teller_card_reader_read_async     (TellerCardReader     *self,
                                                    TellerCardKind        kind,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
TellerIdentity  *teller_card_reader_read_finish    (TellerCardReader     *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* 4.2 card=getsamid: the ID card module's unique number (not personal data). */
void             teller_card_reader_sam_id_async   (TellerCardReader     *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
char            *teller_card_reader_sam_id_finish  (TellerCardReader     *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* 4.5 card=init and 4.6 card=release (the service also does this by itself). */
void             teller_card_reader_open_async     (TellerCardReader     *self,
                                                    gboolean              open,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean         teller_card_reader_open_finish    (TellerCardReader     *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* ---- Chapter 7: faces -------------------------------------------------- */

typedef struct
{
  int     confidence;    /* 0-100 */
  GBytes *camera_image;  /* image_camera: the face camera's picture (nullable) */
  GBytes *card_image;    /* image_idcard: the card's photo (nullable) */
  char   *card_number;   /* cardID of the card the service read (nullable) */
} TellerFaceMatch;

/* Zeroes and frees. */
void             teller_face_match_free            (TellerFaceMatch      *match);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerFaceMatch, teller_face_match_free)

/* 7.1 face=verifyidcard: the face camera @camidx ("1" or "2" in the document: 1
 * or 2 here) against the photo of the ID card on the reader. */
void             teller_card_reader_verify_id_async  (TellerCardReader   *self,
                                                      guint               camidx,
                                                      gboolean            multi_face,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
TellerFaceMatch *teller_card_reader_verify_id_finish (TellerCardReader   *self,
                                                      GAsyncResult       *result,
                                                      GError            **error);

/* 7.2 face=verifybase64: two face images (any format the service takes). */
void             teller_card_reader_compare_faces_async  (TellerCardReader   *self,
                                                          GBytes             *face0,
                                                          GBytes             *face1,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
gboolean         teller_card_reader_compare_faces_finish (TellerCardReader   *self,
                                                          GAsyncResult       *result,
                                                          int                *confidence,
                                                          GError            **error);

typedef enum
{
  TELLER_LIVENESS_POLLING,   /* startlivedetection, then islive until its code is not "1" */
  TELLER_LIVENESS_BLOCKING,  /* startlivedetection with blocking_mode "true" */
} TellerLivenessMode;

typedef struct
{
  GBytes *image;    /* the face (cut out when asked), nullable */
  guint   cost_ms;  /* "cost" */
} TellerLiveness;

void             teller_liveness_free              (TellerLiveness       *liveness);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerLiveness, teller_liveness_free)

/*
 * 7.3 and 7.4: a liveness check of up to @time_s seconds (the document's "time";
 * 0 for its default of 5) on camera pair @camidx (1 or 2).  Polling asks islive
 * every 300 ms; while it answers "1" its message goes to the "liveness-status"
 * property.  The call gives up with %TELLER_ERROR_TIMEOUT when no final answer came
 * @time_s + 10 seconds after the start (a check that never finishes).  Failure
 * codes (not live, no face) are %TELLER_ERROR_DEVICE with the vendor's message.
 */
void             teller_card_reader_liveness_async (TellerCardReader     *self,
                                                    TellerLivenessMode    mode,
                                                    guint                 camidx,
                                                    guint                 time_s,
                                                    gboolean              cut_face,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
TellerLiveness  *teller_card_reader_liveness_finish (TellerCardReader    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* The service's last "check running" message, %NULL when no check runs. */
const char      *teller_card_reader_get_liveness_status (TellerCardReader *self);

/* ---- Chapter 8: fingerprints ------------------------------------------- */

typedef enum
{
  TELLER_FINGERPRINT_BMP,
  TELLER_FINGERPRINT_RAW,
  TELLER_FINGERPRINT_PNG,
  TELLER_FINGERPRINT_FEATURE,
} TellerFingerprintType;

#define TELLER_TYPE_FINGERPRINT_TYPE (teller_fingerprint_type_get_type ())
GType teller_fingerprint_type_get_type (void);

/* "bmp", "raw", "png", "feature" */
const char      *teller_fingerprint_type_to_string   (TellerFingerprintType  type);
gboolean         teller_fingerprint_type_from_string (const char            *text,
                                                      TellerFingerprintType *type);

typedef struct
{
  TellerFingerprintType type;
  GBytes               *image;    /* bmp, raw (24-bit RGB, no header) or png; NULL for feature */
  GBytes               *feature;  /* the template, nullable when the device gave none */
} TellerFingerprint;

void             teller_fingerprint_free           (TellerFingerprint    *fingerprint);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TellerFingerprint, teller_fingerprint_free)

/* 8.1 fp=read */
void             teller_card_reader_read_finger_async  (TellerCardReader      *self,
                                                        TellerFingerprintType  type,
                                                        GCancellable          *cancellable,
                                                        GAsyncReadyCallback    callback,
                                                        gpointer               user_data);
TellerFingerprint *teller_card_reader_read_finger_finish (TellerCardReader    *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/*
 * 8.2 fp=verify: @first against @second, both of @type (bmp, raw or feature; png
 * cannot be compared, the document says), or @first against a finger the reader
 * takes now when @second is %NULL.  Sent in the document's example form,
 * [{"feature": "<base64>"}, ...].
 */
void             teller_card_reader_verify_finger_async  (TellerCardReader      *self,
                                                          TellerFingerprintType  type,
                                                          GBytes                *first,
                                                          GBytes                *second,
                                                          GCancellable          *cancellable,
                                                          GAsyncReadyCallback    callback,
                                                          gpointer               user_data);
gboolean         teller_card_reader_verify_finger_finish (TellerCardReader      *self,
                                                          GAsyncResult          *result,
                                                          int                   *confidence,
                                                          GError               **error);

G_END_DECLS
