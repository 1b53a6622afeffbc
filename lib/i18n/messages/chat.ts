/** Chat, streaming and model-server errors as users read them. */
export default {
  en: {
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
    "errors.upstream_unreachable": "The model server cannot be reached.",
    "errors.upstream_timeout": "The model server did not answer in time.",
    "errors.upstream_error": "The model server answered with an error.",
    "errors.upstream_auth_failed": "The model server refused Hearth's API key.",
  },
  de: {
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
    "errors.upstream_unreachable": "Der Modellserver ist nicht erreichbar.",
    "errors.upstream_timeout": "Der Modellserver hat nicht rechtzeitig geantwortet.",
    "errors.upstream_error": "Der Modellserver hat mit einem Fehler geantwortet.",
    "errors.upstream_auth_failed": "Der Modellserver hat den API-Schlüssel von Hearth abgelehnt.",
  },
} as const;
