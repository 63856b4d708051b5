/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "teller-camera-service-private.h"
#include "teller-card-reader.h"

G_BEGIN_DECLS

/*
 * Shared by the parts of TellerCardReader: teller-card-reader.c (chapter 4 calls,
 * the probe, the object), teller-card-reader-parse.c (chapter 4 replies),
 * teller-card-reader-face.c (chapter 7), teller-card-reader-finger.c (chapter 8).
 * The parsers and builders are pure functions, run in worker threads, and
 * unit-tested against the document's shapes (tests/identity).
 */

/* ---- Replies (teller-card-reader-parse.c) ------------------------------ */

/* card=idcard, card=sociaseceritycard, card=iccard, card=magcard: a new identity
 * of @kind (not NONE).  Decodes and checks the photos. */
TellerIdentity *_teller_card_parse            (TellerCardKind   kind,
                                               JsonObject      *reply,
                                               GError         **error);
/* card=getsamid: "samID", required. */
char           *_teller_card_parse_sam_id     (JsonObject      *reply,
                                               GError         **error);
/* "confidence": a string "0".."100" (or a JSON number), required. */
gboolean        _teller_card_parse_confidence (JsonObject      *object,
                                               int             *confidence,
                                               GError         **error);
/* A TellerCameraParseFunc for replies whose result is "confidence" alone
 * (face=verifybase64, fp=verify); finish with _teller_card_reader_finish_confidence(). */
gpointer        _teller_card_confidence_parse (JsonObject      *reply,
                                               gpointer         data,
                                               GError         **error);
/* An optional base64 member as zeroing GBytes; *@out NULL when absent or "". */
gboolean        _teller_card_parse_base64     (JsonObject      *object,
                                               const char      *member,
                                               GBytes         **out,
                                               GError         **error);
/* An optional string member; *@out borrowed, NULL when absent, null or "". */
gboolean        _teller_card_get_text         (JsonObject      *object,
                                               const char      *member,
                                               const char     **out,
                                               GError         **error);
/* Worker thread: TRUE when @bytes decode as an image gdk-pixbuf knows. */
gboolean        _teller_card_bytes_are_image  (GBytes          *bytes);

const char     *_teller_card_kind_path        (TellerCardKind   kind);

/* ---- Chapter 7 (teller-card-reader-face.c) ----------------------------- */

/* face=verifyidcard's reply. */
TellerFaceMatch *_teller_face_match_parse     (JsonObject      *reply,
                                               GError         **error);
/* face=startlivedetection's body (polling when !@blocking). */
JsonNode        *_teller_liveness_build_start (guint            camidx,
                                               guint            time_s,
                                               gboolean         blocking,
                                               gboolean         cut_face);
/* The final reply of a liveness check (islive "0", or the blocking start):
 * "image" and "cost". */
TellerLiveness  *_teller_liveness_parse       (JsonObject      *reply,
                                               GError         **error);

/* ---- Chapter 8 (teller-card-reader-finger.c) --------------------------- */

TellerFingerprint *_teller_fingerprint_parse  (JsonObject            *reply,
                                               TellerFingerprintType  type,
                                               GError               **error);
/* fp=verify's body: [{"<type>": "<base64>"}, ...]; @second nullable. */
JsonNode          *_teller_fingerprint_build_verify (TellerFingerprintType  type,
                                                     GBytes                *first,
                                                     GBytes                *second);

/* ---- The object (teller-card-reader.c) --------------------------------- */

gboolean _teller_card_reader_finish_confidence (TellerCardReader  *self,
                                                GAsyncResult      *result,
                                                gpointer           source_tag,
                                                int               *confidence,
                                                GError           **error);
void _teller_card_reader_set_liveness_status (TellerCardReader *self,
                                              const char       *status);

G_END_DECLS
