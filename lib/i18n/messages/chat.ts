/** Chat, streaming and model-server errors as users read them. */
export default {
  en: {
    "errors.search_no_words": "Type at least one letter or digit to search.",
    "errors.conversation_not_found": "No such conversation.",
    "errors.message_not_found": "No such message.",
    "errors.no_model": "No chat model is chosen yet: pick one in the model menu.",
    "errors.not_a_reply": "Only an assistant reply can be regenerated.",
    "errors.not_your_message": "Only your own messages can be edited and sent again.",
    "errors.busy": "The box is busy streaming other replies; try again in a moment.",
    "errors.shutting_down": "Hearth is shutting down; try again in a moment.",
    "errors.too_many_streams":
      "This profile already has {limit} streams open; close some tabs and try again.",
    "errors.streams_full": "The box has too many streams open; try again in a moment.",
    "errors.context_overflow": "The conversation is too long for this model's context window.",
    "errors.preempted": "A reply needed the model first; this will be asked again.",
    "errors.upstream_unreachable": "The model server cannot be reached.",
    "errors.upstream_timeout": "The model server did not answer in time.",
    "errors.upstream_error": "The model server answered with an error.",
    "errors.upstream_auth_failed": "The model server refused Hearth's API key.",
    "errors.attachment_not_found": "No such photo.",
    "errors.attachment_used": "This photo was already sent with a message.",
    "errors.not_an_image": "This file is not a JPEG, PNG or WebP picture.",
    "errors.image_type_mismatch": "The file is a {actual} picture, not {declared}.",
    "errors.image_too_large":
      "The picture is {width} × {height} pixels; at most {max} per side are accepted.",
    "errors.too_many_attachments":
      "You have {limit} photos waiting to be sent; send or remove some first.",
    "errors.model_cannot_see":
      "{model} cannot see images; choose a model that can, such as {other}.",
    "errors.no_model_can_see":
      "{model} cannot see images, and no installed model can; an admin can add one (for example gemma3 or llava).",
  },
  de: {
    "errors.search_no_words": "Gib mindestens einen Buchstaben oder eine Ziffer ein, um zu suchen.",
    "errors.conversation_not_found": "Dieses Gespräch gibt es nicht.",
    "errors.message_not_found": "Diese Nachricht gibt es nicht.",
    "errors.no_model": "Noch kein Chat-Modell gewählt: Wähle eines im Modellmenü.",
    "errors.not_a_reply": "Nur eine Antwort des Assistenten kann neu erzeugt werden.",
    "errors.not_your_message":
      "Nur deine eigenen Nachrichten können bearbeitet und erneut gesendet werden.",
    "errors.busy": "Die Box streamt gerade andere Antworten; versuche es gleich noch einmal.",
    "errors.shutting_down": "Hearth fährt herunter; versuche es gleich noch einmal.",
    "errors.too_many_streams":
      "Dieses Profil hat schon {limit} Streams offen; schließe ein paar Tabs und versuche es noch einmal.",
    "errors.streams_full": "Die Box hat zu viele Streams offen; versuche es gleich noch einmal.",
    "errors.context_overflow": "Das Gespräch ist zu lang für das Kontextfenster dieses Modells.",
    "errors.preempted":
      "Eine Antwort brauchte das Modell zuerst; das wird später noch einmal gefragt.",
    "errors.upstream_unreachable": "Der Modellserver ist nicht erreichbar.",
    "errors.upstream_timeout": "Der Modellserver hat nicht rechtzeitig geantwortet.",
    "errors.upstream_error": "Der Modellserver hat mit einem Fehler geantwortet.",
    "errors.upstream_auth_failed": "Der Modellserver hat den API-Schlüssel von Hearth abgelehnt.",
    "errors.attachment_not_found": "Dieses Foto gibt es nicht.",
    "errors.attachment_used": "Dieses Foto wurde schon mit einer Nachricht gesendet.",
    "errors.not_an_image": "Diese Datei ist kein JPEG-, PNG- oder WebP-Bild.",
    "errors.image_type_mismatch": "Die Datei ist ein Bild vom Typ {actual}, nicht {declared}.",
    "errors.image_too_large":
      "Das Bild hat {width} × {height} Pixel; höchstens {max} pro Seite sind erlaubt.",
    "errors.too_many_attachments":
      "Du hast {limit} Fotos, die noch nicht gesendet sind; sende oder entferne erst einige.",
    "errors.model_cannot_see":
      "{model} kann keine Bilder sehen; wähle ein Modell, das es kann, zum Beispiel {other}.",
    "errors.no_model_can_see":
      "{model} kann keine Bilder sehen, und kein installiertes Modell kann es; ein Admin kann eines hinzufügen (zum Beispiel gemma3 oder llava).",
  },
} as const;
