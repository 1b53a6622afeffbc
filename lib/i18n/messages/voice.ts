/** Voice: push-to-talk and read-aloud in the chat, the speech API's errors, its settings. */
export default {
  en: {
    "chat.voice.record": "Speak a message",
    "chat.voice.stop": "Stop recording",
    "chat.voice.sending": "Writing down what you said…",
    "chat.voice.nothing": "Nothing was heard. Try again a little closer to the microphone.",
    "chat.voice.failed": "The recording could not be turned into text.",
    "chat.voice.denied":
      "The microphone is blocked for this page. Allow it in the browser's site settings.",
    "chat.voice.noMic": "This device has no microphone Hearth can use.",
    "chat.voice.insecure":
      "The browser allows the microphone only on a secure (https) connection. Open Hearth over https to speak to it.",
    "chat.voice.off": "No speech server is set up. The admin can add one in Settings.",
    "chat.voice.read": "Read aloud",
    "chat.voice.stopReading": "Stop reading",
    "chat.voice.readFailed": "The reply could not be read aloud.",
    "errors.speech_not_configured":
      "No speech server is set up. The admin can add one in Settings.",
    "errors.speech_unreachable": "The speech server cannot be reached.",
    "errors.speech_timeout": "The speech server did not answer in time.",
    "errors.speech_auth_failed": "The speech server refused Hearth's API key.",
    "errors.speech_error": "The speech server answered with an error.",
    "errors.audio_empty": "The recording is empty: nothing was recorded.",
    "errors.not_audio": "The body is not {type} audio.",
    "errors.speech_text_empty": "There is no text to read aloud.",
    "errors.speech_text_too_long":
      "The text has {length} characters; at most {max} can be read aloud at once.",
    "settings.group.speech": "Speech server (voice)",
    "settings.speech.baseUrl": "Address",
    "settings.speech.baseUrl.hint":
      "An OpenAI-compatible speech server on your network (Speaches, LocalAI, …) for speaking to Hearth and hearing replies. Empty: voice is off.",
    "settings.speech.stt": "Transcription model",
    "settings.speech.tts": "Speech model",
    "settings.speech.voice": "Voice",
  },
  de: {
    "chat.voice.record": "Nachricht sprechen",
    "chat.voice.stop": "Aufnahme beenden",
    "chat.voice.sending": "Das Gesagte wird aufgeschrieben …",
    "chat.voice.nothing": "Es war nichts zu hören. Versuche es etwas näher am Mikrofon.",
    "chat.voice.failed": "Die Aufnahme ließ sich nicht in Text umwandeln.",
    "chat.voice.denied":
      "Das Mikrofon ist für diese Seite gesperrt. Erlaube es in den Website-Einstellungen des Browsers.",
    "chat.voice.noMic": "Dieses Gerät hat kein Mikrofon, das Hearth nutzen kann.",
    "chat.voice.insecure":
      "Der Browser erlaubt das Mikrofon nur über eine sichere Verbindung (https). Öffne Hearth über https, um mit ihm zu sprechen.",
    "chat.voice.off":
      "Es ist kein Sprachserver eingerichtet. Der Admin kann einen in den Einstellungen hinzufügen.",
    "chat.voice.read": "Vorlesen",
    "chat.voice.stopReading": "Vorlesen beenden",
    "chat.voice.readFailed": "Die Antwort ließ sich nicht vorlesen.",
    "errors.speech_not_configured":
      "Es ist kein Sprachserver eingerichtet. Der Admin kann einen in den Einstellungen hinzufügen.",
    "errors.speech_unreachable": "Der Sprachserver ist nicht erreichbar.",
    "errors.speech_timeout": "Der Sprachserver hat nicht rechtzeitig geantwortet.",
    "errors.speech_auth_failed": "Der Sprachserver hat Hearths API-Schlüssel abgelehnt.",
    "errors.speech_error": "Der Sprachserver hat mit einem Fehler geantwortet.",
    "errors.audio_empty": "Die Aufnahme ist leer: Es wurde nichts aufgenommen.",
    "errors.not_audio": "Der Inhalt ist kein Audio vom Typ {type}.",
    "errors.speech_text_empty": "Es gibt keinen Text zum Vorlesen.",
    "errors.speech_text_too_long":
      "Der Text hat {length} Zeichen; höchstens {max} lassen sich auf einmal vorlesen.",
    "settings.group.speech": "Sprachserver (Sprache)",
    "settings.speech.baseUrl": "Adresse",
    "settings.speech.baseUrl.hint":
      "Ein OpenAI-kompatibler Sprachserver in deinem Netz (Speaches, LocalAI, …), um mit Hearth zu sprechen und Antworten zu hören. Leer: Sprache ist aus.",
    "settings.speech.stt": "Modell für die Transkription",
    "settings.speech.tts": "Modell für die Sprachausgabe",
    "settings.speech.voice": "Stimme",
  },
};
